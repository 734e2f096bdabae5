"""The needs-attention rows, written in Python (goals/templatetags/attention_rows.py), read as
the `{% include %}` per row wrote them, in English and Spanish, with and without a CSRF
token; and the names and keys are escaped."""

from __future__ import annotations

import re
from datetime import date

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.html import format_html

from masterymap.goals import alerts as rules
from masterymap.goals.attention import AlertRow

# The row as goals/attention_row.html wrote it before it moved to Python, in the loop the
# panel and the strip ran it in: the reference the Python must match.
REFERENCE = """{% load i18n %}{% for row in rows %}<li class="alert-row alert-{{ row.kind }}" id="alert-{{ forloop.counter }}-{{ row.kind }}">
  <span class="badge alert-badge alert-{{ row.kind }}"><span aria-hidden="true">{{ row.mark }}</span> {{ row.label }}</span>
  <a href="{{ row.url }}" data-content>{{ row.name }}</a>
  <span class="alert-reason">{{ row.reason }}</span>
  <form method="post" action="{{ dismiss_url }}" hx-post="{{ dismiss_url }}" hx-target="closest li" hx-swap="outerHTML" class="inline">{% csrf_token %}<input type="hidden" name="key" value="{{ row.alert.key }}"><button class="btn link" type="submit">{% translate "Dismiss" %}<span class="sr-only">: {{ row.label }}, <span data-content>{{ row.name }}</span></span></button></form>
</li>
{% endfor %}"""  # noqa: E501

ROWS = "{% load attention_rows %}{% attention_rows rows dismiss_url %}"

HOSTILE = "<script>alert(1)</script> & \"quoted\" 'too'"


def rows() -> list[AlertRow]:
    return [
        AlertRow(
            rules.Alert(rules.Kind.OFF_TRACK, "off:4", 7, goal_id=4),
            "Ana Avila",
            "/classes/1/students/7/tracker/",
            format_html("{} · {}", "Unit 1", "2 of 5"),
        ),
        AlertRow(
            rules.Alert(
                rules.Kind.STALLED,
                "stalled:8:2026-11-02",
                8,
                since=date(2026, 11, 2),
                school_days=6,
            ),
            HOSTILE,
            "/classes/1/students/8/tracker/?a=1&b=<2>",
            format_html("No new evidence for {} school days.", 6),
        ),
        AlertRow(
            rules.Alert(rules.Kind.NOT_YET_AGAIN, "notyet:9:7", 9, stuck=((3, 4), (5, 3))),
            "Ben Bell",
            "/classes/1/students/9/tracker/",
            format_html("<span data-content>{}</span> (4)", "7.<i>RP</i>"),
        ),
        AlertRow(
            rules.Alert(rules.Kind.REACHED, "reached:5", None, goal_id=5),
            "The class",
            "/classes/1/goals/",
            format_html("{}", "All of unit 2"),
        ),
        AlertRow(
            rules.Alert(rules.Kind.OFF_TRACK, "off:6", 10, goal_id=6),
            "Cy",
            "/classes/1/students/10/tracker/",
            format_html("{}", "late"),
        ),
    ]


class AttentionRowsTests(SimpleTestCase):
    def render(self, source: str, token: str | None) -> str:
        context = {"rows": rows(), "dismiss_url": "/classes/1/attention/dismiss/?x=1&y=2"}
        if token is not None:
            context["csrf_token"] = token
        return Template(source).render(Context(context))

    def test_the_rows_read_as_the_template_wrote_them(self) -> None:
        for language in ("en", "es"):
            for token in ("tok3n<&>", None):
                with self.subTest(language=language, token=token), translation.override(language):
                    self.assertEqual(self.render(ROWS, token), self.render(REFERENCE, token))

    def test_spanish_words(self) -> None:
        with translation.override("es"):
            html = self.render(ROWS, "t")
        self.assertIn("Descartar", html)
        self.assertNotIn(">Dismiss<", html)

    def test_names_links_and_keys_are_escaped(self) -> None:
        html = self.render(ROWS, "t")
        self.assertNotIn("<script>", html)
        self.assertIn(
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;too&#x27;", html
        )
        self.assertIn('href="/classes/1/students/8/tracker/?a=1&amp;b=&lt;2&gt;"', html)
        self.assertIn('action="/classes/1/attention/dismiss/?x=1&amp;y=2"', html)
        # The reason is the page's own HTML, with the school's words inside it escaped.
        self.assertIn("<span data-content>7.&lt;i&gt;RP&lt;/i&gt;</span> (4)", html)

    def test_each_row_numbered_within_its_list_and_one_form_each(self) -> None:
        html = self.render(ROWS, "t")
        ids = re.findall(r'id="(alert-[^"]+)"', html)
        self.assertEqual(
            ids,
            ["alert-1-off", "alert-2-stalled", "alert-3-notyet", "alert-4-reached", "alert-5-off"],
        )
        self.assertEqual(html.count('name="csrfmiddlewaretoken" value="t"'), 5)
        # Django's stand-in when no request made a token: no token field, as {% csrf_token %}.
        self.assertNotIn("csrfmiddlewaretoken", self.render(ROWS, "NOTPROVIDED"))

    def test_no_rows_no_html(self) -> None:
        self.assertEqual(Template(ROWS).render(Context({"rows": [], "dismiss_url": "/x/"})), "")
