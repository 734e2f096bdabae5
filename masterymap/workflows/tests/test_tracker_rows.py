"""The tracker's rows, written in Python (workflows/templatetags/tracker_rows.py), read as
the template loop wrote them, for a student and a teacher, in English and Spanish; and
everything the school typed is escaped.

Who reads them: the student (their own tracker) and the teachers of the class; only a
teacher gets the link to decide a benchmark's disagreement."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.template import Context, Template
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from masterymap.accounts.models import Classroom, User
from masterymap.interventions.models import Route, Step
from masterymap.interventions.queries import CardExtras
from masterymap.interventions.retakes import RetakeFacts
from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.tracker import AttemptLine, TrackerRow
from masterymap.mastery.retake import RetakeRules, RetakeState, retake
from masterymap.mastery.status import Status
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase

# The rows as tracker_page.html wrote them before they moved to Python (commit ea56bec):
# the reference the Python must match.
REFERENCE = """{% load i18n symbols levels after_score %}
  {% for row, card, looks in rows %}
    <tr id="tracker-{{ row.cell.standard.pk }}">
      <td>{% standard_title row.cell.standard %}<br><span class="muted" data-content>{{ row.cell.standard.i_can }}</span></td>
      <td class="tracker-level">
        {% if row.cell.level_summary %}{% translate row.cell.level_label as level_word %}{% if level_word == row.cell.label %}<strong class="level-summary">{{ row.cell.level_text }} ·</strong> {% else %}<strong class="level-summary">{{ row.cell.level_summary }}</strong> {% endif %}{% endif %}{% status_badge row.cell %}
        {% if row.cell.overridden %}<span class="badge overridden{% if row.cell.override_stale %} stale{% endif %}" title="{% if row.cell.override_stale %}{% translate 'Set by a teacher; newer evidence arrived since' %}{% else %}{% translate 'Set by a teacher' %}{% endif %}">{% if row.cell.override_stale %}{% translate "✎ Overridden · out of date" %}{% else %}{% translate "✎ Overridden" %}{% endif %}</span>{% endif %}
        {% with explanation=row.cell.explanation %}{% if explanation %}<p class="sentence"{% if row.cell.overridden %} data-content{% endif %}>{{ explanation }}</p>{% endif %}{% endwith %}
        {% if row.cell.status == "needs_review" %}<p class="needs-review-note">{% translate "A benchmark disagrees: mastered on its own, then below the line on a benchmark." %}{% if user.is_student %} {% translate "Say what you think happened on your benchmark result; your teacher will review it." %}{% else %} <a href="{% url 'benchmarks:review' classroom.pk tracker.student.pk row.cell.standard.pk %}">{% translate "See what disagrees and decide" %}</a>{% endif %}</p>{% endif %}
        <a href="{% url 'mastery:cell' classroom.pk tracker.student.pk row.cell.standard.pk %}">{% translate "Show the math" %}</a>
        {% if card.current_step %}<p class="step-now">{% blocktranslate trimmed with route=card.current_step.get_route_display started=card.current_step.started_at|date:"D j M" %}Current step: {{ route }} (since {{ started }}){% endblocktranslate %}</p>{% endif %}
        {% if card.locked %}<p class="muted">{% translate "🔒 Next form locked:" %} {% for reason in card.retake.verdict.reasons %}{{ reason|phrase }} {% endfor %}</p>{% endif %}
      </td>
      <td class="tracker-attempts" data-label="{% translate 'Attempts' %}">{% if row.attempts %}<ul class="history">{{ row.attempts_html }}</ul>
      {% else %}<span class="muted">{% translate "No attempts yet" %}</span>{% endif %}
      {% if looks %}<p class="tracker-looks"><a href="#analyses">{% blocktranslate trimmed count n=looks %}{{ n }} look back at a try{% plural %}{{ n }} looks back at tries{% endblocktranslate %}</a></p>{% endif %}</td>
    </tr>
  {% endfor %}
"""  # noqa: E501

ROWS = """{% load tracker_rows %}
  {% tracker_rows rows classroom=classroom student=tracker.student reader=user %}
"""

PHRASE = {
    "msgid": "%(label)s: %(because)s.",
    "params": {
        "label": {"msgid": "Mastered"},
        "because": {
            "msgid": "the most recently assessed of the %(count)s scores is %(level)s",
            "params": {"count": 2, "level": 3.0},
        },
    },
}
HOSTILE = "<script>alert(1)</script> & \"quoted\" 'too'"


def normalised(html: str) -> str:
    """Whitespace is insignificant here: each run of it reads as one space."""
    return re.sub(r"\s+", " ", html).strip()


def standard(pk: int, code: str = "", i_can: str = "I can find unit rates.") -> Standard:
    return Standard(pk=pk, code=code or f"7.RP.A.{pk}", i_can=i_can, icon="star", colour="red")


def line(pk: int, label: str, *, day: int, percent: float | None = 80.0) -> AttemptLine:
    started = datetime(2026, 11, day, 14, 0, tzinfo=UTC)
    submitted = None if percent is None else datetime(2026, 11, day, 14, 30, tzinfo=UTC)
    mastered = None if percent is None else percent >= 80
    return AttemptLine(pk, label, started, submitted, percent, mastered, f"/attempts/{pk}/")


def locked() -> CardExtras:
    """A retake locked by the reflection and the form limit (two reasons)."""
    rules = RetakeRules(cool_down_days=0, reflection_required=True, max_forms=1)
    state = RetakeState(
        forms_taken=1, forms_left=1, last_submitted=datetime(2026, 11, 2, tzinfo=UTC)
    )
    verdict = retake(rules, state, now=datetime(2026, 11, 3, tzinfo=UTC), zone=UTC)
    return CardExtras(retake=RetakeFacts(rules, state, verdict, 1))


def rows() -> list[tuple[TrackerRow, CardExtras, int]]:
    step = Step(route=Route.PEER, started_at=datetime(2026, 11, 4, 3, 0, tzinfo=UTC))
    cells = [
        # Not started: no level, no attempt.
        (Cell(standard(1), Status.NOT_STARTED), [], CardExtras(), 0),
        # The level's name is the status's: "3 · [Mastered]".
        (
            Cell(standard(2), Status.MASTERED, 80.0, 2, 3.0, "Mastered", "", PHRASE),
            [line(21, "A", day=2, percent=40.0), line(22, "B", day=5)],
            CardExtras(),
            1,
        ),
        # A level with its own name, the stored English only, a locked retake, a sitting open.
        (
            Cell(standard(3), Status.NOT_YET, 40.0, 1, 2.48, "Approaching", "Approaching."),
            [line(31, "A", day=3, percent=40.0), line(32, "B", day=6, percent=None)],
            locked(),
            2,
        ),
        # A benchmark disagrees: the teacher gets a link to decide, the student a sentence.
        (
            Cell(standard(4), Status.NEEDS_REVIEW, 60.0, 2, 1.0, "Beginning", "", PHRASE),
            [line(41, "A", day=7)],
            CardExtras(),
            0,
        ),
        # Overridden by a teacher (their reason is the school's words), on a step of the route.
        (
            Cell(standard(5), Status.NOT_YET, None, 0, 2.0, "Approaching", overridden=True,
                 override_reason=HOSTILE),
            [],
            CardExtras(current_step=step),
            0,
        ),
        # Overridden and out of date, with a level name the school typed.
        (
            Cell(standard(6, code="7.<i>X</i>&1", i_can=HOSTILE), Status.MASTERED, 90.0, 1, 4.0,
                 "<b>Gold</b> & co", overridden=True, override_stale=True, override_reason="Oral."),
            [line(61, "<i>", day=8, percent=90.0)],
            CardExtras(),
            3,
        ),
        # In progress, with no level yet.
        (Cell(standard(7), Status.IN_PROGRESS), [line(71, "A", day=9, percent=None)],
         CardExtras(), 0),
    ]  # fmt: skip
    return [
        (TrackerRow(cell=c, attempts=lines, key=str(c.standard.pk)), card, looks)
        for c, lines, card, looks in cells
    ]


class TrackerRowsTests(SimpleTestCase):
    def context(self, reader: User) -> Context:
        student = User(pk=70, role=User.Role.STUDENT, username="ana")
        return Context(
            {
                "rows": rows(),
                "classroom": Classroom(pk=7),
                "tracker": type("T", (), {"student": student})(),
                "user": reader,
            }
        )

    def test_the_rows_are_the_html_the_template_wrote(self) -> None:
        readers = {
            "student": User(pk=70, role=User.Role.STUDENT, username="ana"),
            "teacher": User(pk=2, role=User.Role.TEACHER, username="tomas"),
        }
        for language in ("en", "es"):
            for who, reader in readers.items():
                with self.subTest(language=language, reader=who), translation.override(language):
                    expected = Template(REFERENCE).render(self.context(reader))
                    written = Template(ROWS).render(self.context(reader))
                    self.assertEqual(normalised(written), normalised(expected))

    def test_every_branch_is_drawn(self) -> None:
        teacher = User(pk=2, role=User.Role.TEACHER, username="tomas")
        html = Template(ROWS).render(self.context(teacher))
        for part in [
            '<strong class="level-summary">3 ·</strong> <span class="badge status-mastered">',
            '<strong class="level-summary">2.48 · Approaching</strong>',
            'title="Set by a teacher; newer evidence arrived since">✎ Overridden · out of date',
            'title="Set by a teacher">✎ Overridden</span>',
            reverse("benchmarks:review", args=[7, 70, 4]),
            # In the school's time zone: 03:00 UTC on the 4th is the 3rd in New York.
            '<p class="step-now">Current step: Work with a peer tutor (since Tue 3 Nov)</p>',
            "🔒 Next form locked:",
            "started 6 Nov 2026 · in progress",
            '<a href="#analyses">2 looks back at tries</a>',
            '<span class="muted">No attempts yet</span>',
        ]:
            with self.subTest(part=part):
                self.assertIn(part, html)

    def test_what_the_school_typed_is_escaped(self) -> None:
        teacher = User(pk=2, role=User.Role.TEACHER, username="tomas")
        html = Template(ROWS).render(self.context(teacher))
        self.assertNotIn("<script>", html)
        self.assertNotIn("<i>", html)
        self.assertNotIn("<b>", html)
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;too&#x27;"
        # The "I can" statement and the teacher's reason for the override.
        self.assertIn(f'<span class="muted" data-content>{escaped}</span>', html)
        self.assertIn(f"A teacher set this level by hand: {escaped}.", html)
        # The code, a level name the school typed and a form's label.
        self.assertIn("data-content>7.&lt;i&gt;X&lt;/i&gt;&amp;1</strong>", html)
        self.assertIn("<span data-content>&lt;b&gt;Gold&lt;/b&gt; &amp; co</span>", html)
        self.assertIn('<a href="/attempts/61/">Form &lt;i&gt;</a>', html)


class TrackerPageRowsTests(BaseTestCase):
    def test_the_page_writes_a_row_per_standard_with_the_schools_words_escaped(self) -> None:
        Standard.objects.filter(pk=self.d.s2.pk).update(i_can=HOSTILE, code="<b>2</b>")
        for user in (self.d.ana, self.d.tomas):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(
                    reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
                )
                html = r.content.decode()
                self.assertIn(f'<tr id="tracker-{self.d.s1.pk}">', html)
                self.assertIn(f'<tr id="tracker-{self.d.s2.pk}">', html)
                self.assertNotIn("<script>alert", html)
                self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
                self.assertIn("data-content>&lt;b&gt;2&lt;/b&gt;</strong>", html)
