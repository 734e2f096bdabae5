"""Reads for a benchmark on paper: the printed questions (and their answer key, teachers
only), and the rows of the page where a teacher types each student's paper answers.

Choices are lettered A, B, C… in their stored order, the order `actions.paper_answers`
reads the typed letters back in: what is printed is what is typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from masterymap.accounts.models import User
from masterymap.accounts.queries import classroom_roster
from masterymap.assessments.actions import MAX_TEXT_ANSWER
from masterymap.assessments.models import Item
from masterymap.assessments.paper import PaperQuestion, printed_questions
from masterymap.assessments.queries import choice_letter
from masterymap.benchmarks.models import Benchmark, Sitting
from masterymap.benchmarks.pool import ordered_items

NUMERIC_MAX = 40  # a number as a student writes it, with room for a sign and decimals


def paper_questions(benchmark: Benchmark) -> list[PaperQuestion]:
    """The benchmark's questions as printed, numbered from 1, with their key. Two queries."""
    return printed_questions(ordered_items(benchmark.pk))


# --- Typing paper answers in ----------------------------------------------------------------


@dataclass(frozen=True)
class EntryColumn:
    """One question's column on the entry page, with what its inputs accept."""

    number: int
    code: str
    kind: str
    css: str
    maxlength: int
    pattern: str
    inputmode: str
    hint: str
    # Letters come in capitals on a phone's keyboard; a typed answer as written.
    autocapitalize: str = "characters"


def _letters(count: int) -> tuple[str, str]:
    """The first and last letter of `count` choices ("A", "D"); choices past Z are not
    lettered, so the range stops at Z."""
    last = min(count, 26) - 1
    return "A", choice_letter(max(last, 0))


def entry_column(number: int, item: Item) -> EntryColumn:
    """The column of question `number`: one letter, a few letters, or a typed answer."""
    code = item.standard.code
    if item.has_choices:
        first, last = _letters(len(item.choices.all()))
        letters = f"{first}-{last}{first.lower()}-{last.lower()}"
        if item.kind == Item.Kind.SINGLE:
            return EntryColumn(
                number=number,
                code=code,
                kind=item.kind,
                css="paper-in-single",
                maxlength=1,
                pattern=f"[{letters}]",
                inputmode="text",
                hint=_("One letter, %(first)s to %(last)s") % {"first": first, "last": last},
            )
        return EntryColumn(
            number=number,
            code=code,
            kind=item.kind,
            css="paper-in-multiple",
            maxlength=2 * len(item.choices.all()),
            pattern=f"[{letters}, ]*",
            inputmode="text",
            hint=_("Every letter ticked, %(first)s to %(last)s (e.g. AC)")
            % {"first": first, "last": last},
        )
    numeric = item.kind == Item.Kind.NUMERIC
    return EntryColumn(
        number=number,
        code=code,
        kind=item.kind,
        css="paper-in-typed",
        maxlength=NUMERIC_MAX if numeric else MAX_TEXT_ANSWER,
        pattern="",
        inputmode="decimal" if numeric else "text",
        hint=_("The number written") if numeric else _("The answer written"),
        autocapitalize="off",
    )


def entry_columns(benchmark: Benchmark) -> list[EntryColumn]:
    """One column per question, in order. Two queries."""
    return [
        entry_column(number, item)
        for number, item in enumerate(ordered_items(benchmark.pk), start=1)
    ]


@dataclass(frozen=True)
class EntryCell:
    column: EntryColumn
    value: str
    label: str


@dataclass(frozen=True)
class EntryRow:
    """A student's row: inputs while nothing is handed in, the score once it is.
    `error` is why the answers just typed were refused (they are kept in `cells`)."""

    student_id: int
    name: str
    cells: tuple[EntryCell, ...]
    score: str = ""
    source: str = ""
    started_online: bool = False
    saved: bool = False
    error: str = ""

    @property
    def handed_in(self) -> bool:
        return bool(self.score)


def score_text(sitting: Sitting) -> str:
    """ "4/6 · 67 %": points, and the percent rounded half up to a whole number."""
    percent = Decimal(str(sitting.percent or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{sitting.points or 0}/{sitting.max_points or 0} · {percent} %"


def entry_row(
    student: User,
    columns: Sequence[EntryColumn],
    *,
    sitting: Sitting | None = None,
    typed: Sequence[str] = (),
    saved: bool = False,
    error: str = "",
) -> EntryRow:
    """The row of one student: the score when `sitting` is handed in, else one input per
    column holding `typed` (what was just refused) or nothing."""
    name = student.display_name
    if sitting is not None and sitting.is_submitted:
        return EntryRow(
            student_id=student.pk,
            name=name,
            cells=(),
            score=score_text(sitting),
            source=str(sitting.get_source_display()),
            saved=saved,
        )
    values = list(typed) + [""] * (len(columns) - len(typed))
    cells = tuple(
        EntryCell(
            column=column,
            value=value,
            label=_("%(name)s, question %(number)d") % {"name": name, "number": column.number},
        )
        for column, value in zip(columns, values, strict=False)
    )
    return EntryRow(
        student_id=student.pk,
        name=name,
        cells=cells,
        started_online=sitting is not None,
        error=error,
    )


def entry_rows(
    benchmark: Benchmark, columns: Sequence[EntryColumn], *, replace: EntryRow | None = None
) -> list[EntryRow]:
    """A row per student enrolled in the benchmark's class, in roster order; `replace`
    stands in for its student's row (the one just refused, with what was typed). Two
    queries."""
    sittings = {s.student_id: s for s in Sitting.objects.filter(benchmark=benchmark)}
    rows = []
    for student in classroom_roster(benchmark.classroom):
        if replace is not None and replace.student_id == student.pk:
            rows.append(replace)
        else:
            rows.append(entry_row(student, columns, sitting=sittings.get(student.pk)))
    return rows
