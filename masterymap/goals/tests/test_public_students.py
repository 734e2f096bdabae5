"""The public map's named students, written in Python (goals/templatetags/public_students.py),
read as the template's loop wrote them, in English and Spanish; names and avatars escaped."""

from __future__ import annotations

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from masterymap.goals.board import BoardStudent

# The loop as goals/public_map_board.html ran it before it moved to Python (with the
# symbols named once for the row since): the reference.
REFERENCE = """{% load i18n %}{% for s in students %}
      <li class="public-student"><span class="public-name">{% if s.avatar %}<span class="public-avatar">{{ s.avatar }}</span> {% endif %}<span data-content>{{ s.name }}</span></span>
        <span class="public-count">{% blocktranslate trimmed count n=s.count %}{{ n }} mastered{% plural %}{{ n }} mastered{% endblocktranslate %}</span>
        {% if s.count %}<span class="public-symbols" role="img" aria-label="{{ s.symbol_names }}">{{ s.symbols }}</span>{% endif %}
      </li>
      {% endfor %}"""  # noqa: E501

STUDENTS = "{% load public_students %}{% public_students students %}"

HOSTILE = "<script>alert(1)</script> & \"quoted\" 'too'"


def students() -> list[BoardStudent]:
    star = format_html('<svg class="sym" aria-hidden="true"><use href="{}"></use></svg>', "#s")
    return [
        BoardStudent("Ana A.", "", 2, SafeString(star + star), "Red star, Blue star"),
        BoardStudent("Otter", "🦦", 1, star, HOSTILE),
        BoardStudent(HOSTILE, HOSTILE, 0, SafeString(""), ""),
        BoardStudent("Ben B.", "", 12, SafeString(star * 12), ", ".join(["Red star"] * 12)),
    ]


class PublicStudentsTests(SimpleTestCase):
    def render(self, source: str) -> str:
        return Template(source).render(Context({"students": students()}))

    def test_the_same_html_as_the_loop(self) -> None:
        for language in ("en", "es"):
            with self.subTest(language), translation.override(language):
                self.assertEqual(self.render(STUDENTS), self.render(REFERENCE))

    def test_counts_in_words_and_symbols_only_for_who_mastered_some(self) -> None:
        html = self.render(STUDENTS)
        self.assertIn('<span class="public-count">12 mastered</span>', html)
        self.assertEqual(html.count('class="public-symbols"'), 3)
        with translation.override("es"):
            self.assertIn("12 dominados", self.render(STUDENTS))

    def test_names_and_avatars_are_escaped(self) -> None:
        html = self.render(STUDENTS)
        self.assertNotIn("<script>", html)
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;too&#x27;"
        self.assertIn(f'<span class="public-avatar">{escaped}</span>', html)
        self.assertIn(f"<span data-content>{escaped}</span>", html)
        self.assertIn(f'role="img" aria-label="{escaped}"', html)

    def test_a_rows_symbols_are_one_picture_named_in_order(self) -> None:
        html = self.render(STUDENTS)
        self.assertIn(
            '<span class="public-symbols" role="img" aria-label="Red star, Blue star">', html
        )

    def test_no_students_no_html(self) -> None:
        self.assertEqual(Template(STUDENTS).render(Context({"students": []})), "")
