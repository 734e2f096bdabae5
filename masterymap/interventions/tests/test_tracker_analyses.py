"""The tracker's looks back at each try, written in Python
(interventions/templatetags/tracker_analyses.py), read as the template loop wrote them, in
English and Spanish; and what the school and the student typed is escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from masterymap.interventions.reflections import TrackerAnalysis
from masterymap.standards.models import Standard

# The lines as tracker_analyses.html wrote them before they moved to Python (commit
# ea56bec): the reference the Python must match.
REFERENCE = """{% load i18n symbols %}
  {% translate "Finished" context "a look back" as finished_word %}{% translate "Draft" context "a look back" as draft_word %}{% translate "Read" context "a look back" as read_word %}{% translate "Not read yet" context "a look back" as unread_word %}{% translate "What I will do differently next time:" as summary_word %}
  {% for a in analyses %}
    <li class="tracker-analysis" id="analysis-{{ a.attempt_id }}">
      <a href="{% url 'workflows:attempt' a.attempt_id %}#error-analysis">{% standard_title a.standard %} · {% blocktranslate trimmed with label=a.form_label %}form {{ label }}{% endblocktranslate %}</a>{% if a.submitted_at %} · <span class="muted">{{ a.submitted_at|date:"D j M" }}</span>{% endif %}
      {% if a.finished_at %}<span class="badge status-mastered">✓ {{ finished_word }}</span>{% else %}<span class="badge status-in-progress">✎ {{ draft_word }}</span>{% endif %}
      {% if a.read_at %}<span class="badge status-mastered">✓ {{ read_word }}</span> <span class="muted">{% blocktranslate trimmed with name=a.read_by when=a.read_at|date:"D j M" %}by <span data-content>{{ name }}</span> on {{ when }}{% endblocktranslate %}</span>{% else %}<span class="badge status-not-started">○ {{ unread_word }}</span>{% endif %}
      {% if a.summary %}<p class="tracker-analysis-summary">{{ summary_word }} <span class="typed" data-content>{{ a.summary }}</span></p>{% endif %}
    </li>
  {% endfor %}
"""  # noqa: E501

LINES = """{% load tracker_analyses %}
  {% tracker_analysis_items analyses %}
"""

HOSTILE = "<script>alert(1)</script> & \"quoted\" 'too'"


def normalised(html: str) -> str:
    """Whitespace is insignificant here: each run of it reads as one space."""
    return re.sub(r"\s+", " ", html).strip()


def at(day: int, hour: int = 15) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def analyses() -> list[TrackerAnalysis]:
    s1 = Standard(pk=1, code="7.RP.A.1", icon="star", colour="red")
    s2 = Standard(pk=2, code="7.<i>X</i>&1", icon="circle", colour="blue")
    return [
        # Finished and read by the teacher, with a reflection.
        TrackerAnalysis(11, s1, "B", at(9), "Read each question twice.", at(9), at(10), "Tomás T"),
        # Read at night (the evening before, in the school's time zone); the reflection
        # and the reader's name are typed text.
        TrackerAnalysis(12, s2, "<i>", at(8), HOSTILE, at(8), at(9, 3), HOSTILE),
        # Finished, not read yet.
        TrackerAnalysis(14, s1, "C", at(10), "Slow down.", at(10), None, ""),
        # A draft with no reflection yet, on a try with no submission time.
        TrackerAnalysis(13, s1, "A", None, "", None, None, ""),
    ]


class TrackerAnalysesTests(SimpleTestCase):
    def test_the_lines_are_the_html_the_template_wrote(self) -> None:
        for language in ("en", "es"):
            with self.subTest(language=language), translation.override(language):
                expected = Template(REFERENCE).render(Context({"analyses": analyses()}))
                written = Template(LINES).render(Context({"analyses": analyses()}))
                self.assertEqual(normalised(written), normalised(expected))

    def test_every_state_is_drawn(self) -> None:
        html = Template(LINES).render(Context({"analyses": analyses()}))
        for part in [
            '<li class="tracker-analysis" id="analysis-11">',
            '<a href="/attempts/11/#error-analysis">',
            'form B</a> · <span class="muted">Mon 9 Nov</span>',
            "✓ Finished",
            '✓ Read</span> <span class="muted">by <span data-content>Tomás T</span> on Tue 10 Nov',
            # Read at 03:00 UTC on the 9th: the 8th in the school's time zone.
            "by <span data-content>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; "
            "&#x27;too&#x27;</span> on Sun 8 Nov",
            "✎ Draft",
            "○ Not read yet",
            "What I will do differently next time:",
        ]:
            with self.subTest(part=part):
                self.assertIn(part, html)

    def test_what_was_typed_is_escaped(self) -> None:
        html = Template(LINES).render(Context({"analyses": analyses()}))
        self.assertNotIn("<script>", html)
        self.assertNotIn("<i>", html)
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;too&#x27;"
        self.assertIn(f'<span class="typed" data-content>{escaped}</span>', html)
        self.assertIn(f"by <span data-content>{escaped}</span>", html)
        self.assertIn(
            "data-content>7.&lt;i&gt;X&lt;/i&gt;&amp;1</strong></span> · form &lt;i&gt;", html
        )

    def test_no_looks_back_write_nothing(self) -> None:
        self.assertEqual(Template(LINES).render(Context({"analyses": []})).strip(), "")
