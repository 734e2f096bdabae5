"""`{% tracker_rows rows classroom=classroom student=tracker.student reader=user %}`: one
unit's rows of the private tracker (`rows`: the view's (TrackerRow, CardExtras, looks back)
triples), written here rather than by a template loop.

A tracker has a row per standard of the map (40 at district scale). Through the template
each row cost some 25 variable lookups, 17 translations and two `{% url %}`: half of the
page's CPU (PostgreSQL district bench). So the words every row shares are translated once
per page, the links are reversed once per page and completed with each standard's id, and
each row is one join of escaped parts. The HTML is the template's, whitespace aside
(workflows/tests/test_tracker_rows.py renders both and compares them).

The interface's words are written as `{% translate %}` wrote them (unescaped: they are our
catalogue's); everything read from the database is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, ngettext

from masterymap.accounts.models import Classroom, User
from masterymap.interventions.queries import CardExtras
from masterymap.lib.urls import around_last_id
from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.tracker import AttemptWords, TrackerRow
from masterymap.mastery.sentences import phrase_html
from masterymap.mastery.status import Status
from masterymap.standards.templatetags.symbols import standard_title

register = template.Library()

Row = tuple[TrackerRow, CardExtras, int]  # a standard's row, its after-score facts, looks back


@dataclass(frozen=True)
class _Page:
    """What every row of one tracker shares: its links and the interface's words, in the
    language of the page; and what it has written once and meets again (a kind of level,
    "3 · [Mastered]"; a sentence; a count of looks back), which a tracker has few of."""

    key: tuple[int, int, bool, str | None]
    for_student: bool
    cell_url: tuple[str, str]
    review_url: tuple[str, str]
    set_by_teacher: str
    set_by_teacher_stale: str
    overridden: str
    overridden_stale: str
    benchmark_disagrees: str
    say_what_happened: str
    see_what_disagrees: str
    show_the_math: str
    next_form_locked: str
    attempts: str
    no_attempts: str
    attempt_words: AttemptWords
    levels: dict[tuple[Status, float | None, str, bool, bool], str] = field(default_factory=dict)
    explanations: dict[tuple[bool, str, str, str], str] = field(default_factory=dict)
    looks: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, key: tuple[int, int, bool, str | None]) -> _Page:
        classroom_id, student_id, for_student, _language = key
        return cls(
            key=key,
            for_student=for_student,
            cell_url=around_last_id("mastery:cell", classroom_id, student_id),
            review_url=around_last_id("benchmarks:review", classroom_id, student_id),
            set_by_teacher=gettext("Set by a teacher"),
            set_by_teacher_stale=gettext("Set by a teacher; newer evidence arrived since"),
            overridden=gettext("✎ Overridden"),
            overridden_stale=gettext("✎ Overridden · out of date"),
            benchmark_disagrees=gettext(
                "A benchmark disagrees: mastered on its own, then below the line on a benchmark."
            ),
            say_what_happened=gettext(
                "Say what you think happened on your benchmark result; your teacher will review it."
            ),
            see_what_disagrees=gettext("See what disagrees and decide"),
            show_the_math=gettext("Show the math"),
            next_form_locked=gettext("🔒 Next form locked:"),
            attempts=gettext("Attempts"),
            no_attempts=gettext("No attempts yet"),
            attempt_words=AttemptWords.active(),
        )

    def looks_back(self, n: int) -> str:
        """The link to a standard's `n` looks back at a try, in the list below the rows."""
        found = self.looks.get(n)
        if found is None:
            words = ngettext("%(n)s look back at a try", "%(n)s looks back at tries", n) % {"n": n}
            found = self.looks[n] = f'<p class="tracker-looks"><a href="#analyses">{words}</a></p>'
        return found


def _short_day(moment: datetime | None) -> str:
    """As `{{ moment|date:"D j M" }}` writes it: "Tue 3 Nov", in the page's time zone."""
    return "" if moment is None else date_format(localtime(moment), "D j M")


def _level(cell: Cell, page: _Page) -> str:
    """The level and status: "3.48 · Approaching [Not yet]", or "3 · [Mastered]" when the
    level's name is the status's (the badge then says it for both); then whether a teacher
    overrode it."""
    key = (cell.status, cell.level, cell.level_label, cell.overridden, cell.override_stale)
    found = page.levels.get(key)
    if found is not None:
        return found
    label = cell.label
    html = f'<span class="badge {escape(cell.css)}">{escape(label)}</span>'
    # The level's name, translated (a label the school typed included, as the template
    # did), compared with the status's word.
    if cell.level is not None and gettext(cell.level_label) == label:
        html = f'<strong class="level-summary">{escape(cell.level_text)} ·</strong> {html}'
    elif cell.level is not None:
        html = f'<strong class="level-summary">{cell.level_summary}</strong> {html}'
    if cell.overridden and cell.override_stale:
        html += (
            f'\n<span class="badge overridden stale" title="{page.set_by_teacher_stale}">'
            f"{page.overridden_stale}</span>"
        )
    elif cell.overridden:
        html += (
            f'\n<span class="badge overridden" title="{page.set_by_teacher}">'
            f"{page.overridden}</span>"
        )
    page.levels[key] = html
    return html


def _explanation(cell: Cell, page: _Page) -> str:
    """The sentence that explains the level. Many standards of a tracker have the same
    ("the most recent of the 2 scores is 4"), so each is written once per page, keyed on
    all that `Cell.explanation` reads (the phrase by its repr: it is JSON's dicts, lists,
    strings and numbers)."""
    key = (cell.overridden, cell.override_reason, cell.sentence, repr(cell.sentence_phrase))
    found = page.explanations.get(key)
    if found is not None:
        return found
    explanation = cell.explanation
    # An overridden level is explained by the teacher's reason: the school's words.
    marked = " data-content" if cell.overridden else ""
    html = (
        f'<p class="sentence"{marked}>{conditional_escape(explanation)}</p>' if explanation else ""
    )
    page.explanations[key] = html
    return html


def _needs_review(row: TrackerRow, page: _Page) -> str:
    if page.for_student:
        then = page.say_what_happened
    else:
        before, after = page.review_url
        then = f'<a href="{before}{row.cell.standard.pk}{after}">{page.see_what_disagrees}</a>'
    return f'<p class="needs-review-note">{page.benchmark_disagrees} {then}</p>'


def _after_score(card: CardExtras, page: _Page) -> list[str]:
    """The current step of the student's route and why the next form is locked."""
    parts = []
    step = card.current_step
    if step:
        now = gettext("Current step: %(route)s (since %(started)s)") % {
            "route": escape(step.get_route_display()),
            "started": escape(_short_day(step.started_at)),
        }
        parts.append(f'<p class="step-now">{now}</p>')
    if card.locked:
        assert card.retake is not None  # locked implies a verdict
        reasons = "".join(f"{phrase_html(r)} " for r in card.retake.verdict.reasons)
        parts.append(f'<p class="muted">{page.next_form_locked} {reasons}</p>')
    return parts


def _attempts(row: TrackerRow, looks: int, page: _Page) -> str:
    if row.attempts:
        html = f'<ul class="history">{row.attempts_html(page.attempt_words)}</ul>'
    else:
        html = f'<span class="muted">{page.no_attempts}</span>'
    html += "\n"
    if looks:
        html += page.looks_back(looks)
    return f'<td class="tracker-attempts" data-label="{page.attempts}">{html}</td>'


def _row(row: TrackerRow, card: CardExtras, looks: int, page: _Page) -> str:
    cell = row.cell
    standard = cell.standard
    before, after = page.cell_url
    level = [_level(cell, page), _explanation(cell, page)]
    if cell.status is Status.NEEDS_REVIEW:
        level.append(_needs_review(row, page))
    level.append(f'<a href="{before}{standard.pk}{after}">{page.show_the_math}</a>')
    level.extend(_after_score(card, page))
    level_html = "\n".join(part for part in level if part)
    return (
        f'<tr id="tracker-{standard.pk}">\n'
        f"<td>{standard_title(standard)}<br>"
        f'<span class="muted" data-content>{escape(standard.i_can)}</span></td>\n'
        f'<td class="tracker-level">\n{level_html}\n</td>\n'
        f"{_attempts(row, looks, page)}\n"
        "</tr>"
    )


def tracker_rows_html(
    rows: Sequence[Row], *, classroom: Classroom, student: User, reader: User, page: _Page | None
) -> tuple[SafeString, _Page]:
    """The rows' HTML, and the page's shared parts for the next unit's rows."""
    key = (classroom.pk, student.pk, reader.is_student, get_language())
    if page is None or page.key != key:
        page = _Page.of(key)
    html = "\n".join(_row(row, card, looks, page) for row, card, looks in rows)
    return mark_safe(html), page  # noqa: S308 - each value read from the database is escaped


@register.simple_tag(takes_context=True)
def tracker_rows(
    context: template.Context,
    rows: Sequence[Row],
    *,
    classroom: Classroom,
    student: User,
    reader: User,
) -> SafeString:
    # The shared parts are kept for the rest of this render (each unit calls the tag).
    html, context.render_context["tracker_rows"] = tracker_rows_html(
        rows,
        classroom=classroom,
        student=student,
        reader=reader,
        page=context.render_context.get("tracker_rows"),
    )
    return html
