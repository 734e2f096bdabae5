"""Reads for the class mastery grid, the student's map and the private tracker.

Each reads a bounded number of queries whatever the size of the class or map: the grid
reads stored MasteryRecord rows (one per cell), never the attempts behind them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.timezone import localtime

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Form
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.status import STATUS_LABELS, Status
from masterymap.standards.models import Standard, Unit
from masterymap.standards.templatetags.symbols import symbol_html

# Grid order of statuses, for counts and legends.
STATUS_ORDER = (Status.MASTERED, Status.NOT_YET, Status.IN_PROGRESS, Status.NOT_STARTED)


@dataclass(frozen=True)
class Cell:
    """One student × standard, ready to display: the template classifies nothing."""

    standard: Standard
    status: Status
    percent: float | None = None
    attempts_count: int = 0
    level: float | None = None
    level_label: str = ""
    explanation: str = ""
    overridden: bool = False
    override_stale: bool = False
    evidence_count: int = 0

    @property
    def level_text(self) -> str:
        """3.48 → "3.48", 3.0 → "3"; empty when there is no level."""
        return "" if self.level is None else f"{round(self.level, 2):g}"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def css(self) -> str:
        return f"status-{self.status.value.replace('_', '-')}"

    @property
    def percent_rounded(self) -> int | None:
        return None if self.percent is None else round(self.percent)

    @property
    def percent_text(self) -> str:
        return "" if self.percent is None else f" ({round(self.percent)} %)"


# What a cell shows besides its colour, so status never relies on colour alone.
_STATUS_MARKS = {Status.NOT_YET: "✗", Status.IN_PROGRESS: "…", Status.NOT_STARTED: "·"}


@dataclass
class Column:
    standard: Standard
    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    symbol: SafeString = field(default_factory=lambda: SafeString(""))

    def mark(self, cell: Cell) -> str:
        """The standard's symbol once mastered; a status glyph before."""
        return self.symbol if cell.status is Status.MASTERED else _STATUS_MARKS[cell.status]

    @property
    def count_list(self) -> list[tuple[str, str, int]]:
        return [(s.value.replace("_", "-"), STATUS_LABELS[s], self.counts[s]) for s in STATUS_ORDER]


@dataclass(frozen=True)
class GridRow:
    student: User
    cells: list[Cell]
    mastered: int
    name: str


@dataclass(frozen=True)
class MasteryGrid:
    classroom_id: int
    units: list[Unit]
    unit: Unit | None
    columns: list[Column]
    rows: list[GridRow]

    def cell_url(self, student_id: int, standard_id: int) -> str:
        # Same URL as reverse("mastery:cell", ...), without reversing once per cell.
        return f"{self._cell_url_prefix}{student_id}/standards/{standard_id}/"

    @cached_property
    def _cell_url_prefix(self) -> str:
        sample = reverse("mastery:cell", args=[self.classroom_id, 1, 2])
        return sample.removesuffix("1/standards/2/")


def map_standards(classroom: Classroom, unit_id: int | None = None) -> list[Standard]:
    qs = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id).select_related("unit")
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return list(qs)


def classroom_roster(classroom: Classroom) -> list[User]:
    return list(
        User.objects.filter(enrollments__classroom=classroom).order_by(
            "last_name", "first_name", "username"
        )
    )


def _cells(
    classroom: Classroom, standards: list[Standard], student_ids: list[int] | None = None
) -> dict[tuple[int, int], Cell]:
    """Stored records of the class as display cells, keyed (student_id, standard_id)."""
    by_id = {s.pk: s for s in standards}
    qs = MasteryRecord.objects.filter(classroom=classroom, standard_id__in=list(by_id))
    if student_ids is not None:
        qs = qs.filter(student_id__in=student_ids)
    rows = qs.values_list(
        "student_id",
        "standard_id",
        "status",
        "latest_percent",
        "attempts_count",
        "level",
        "override_level",
        "level_label",
        "explanation",
        "override_stale",
        "evidence_count",
    )
    cells = {}
    for (
        student_id,
        standard_id,
        status,
        percent,
        count,
        level,
        override,
        label,
        sentence,
        stale,
        n_evidence,
    ) in rows:
        cells[(student_id, standard_id)] = Cell(
            standard=by_id[standard_id],
            status=Status(status),
            percent=percent,
            attempts_count=count,
            level=override if override is not None else level,
            level_label=label,
            explanation=sentence,
            overridden=override is not None,
            override_stale=stale,
            evidence_count=n_evidence,
        )
    return cells


def mastery_grid(*, classroom: Classroom, unit_id: int | None = None) -> MasteryGrid:
    """Students × standards of the class, optionally one unit's standards. Four queries."""
    units = list(Unit.objects.filter(mastery_map_id=classroom.mastery_map_id))
    unit = next((u for u in units if u.pk == unit_id), None)
    standards = map_standards(classroom, unit.pk if unit else None)
    students = classroom_roster(classroom)
    found = _cells(classroom, standards)
    columns = [Column(standard=s, symbol=symbol_html(s)) for s in standards]
    rows = []
    for student in students:
        cells = []
        for column in columns:
            cell = found.get((student.pk, column.standard.pk)) or Cell(
                column.standard, Status.NOT_STARTED
            )
            column.counts[cell.status] += 1
            cells.append(cell)
        mastered = sum(1 for c in cells if c.status is Status.MASTERED)
        rows.append(
            GridRow(student=student, cells=cells, mastered=mastered, name=student.display_name)
        )
    return MasteryGrid(
        classroom_id=classroom.pk, units=units, unit=unit, columns=columns, rows=rows
    )


@dataclass(frozen=True)
class AttemptLine:
    id: int
    form_label: str
    started_at: datetime
    submitted_at: datetime | None
    percent: float | None
    mastered: bool | None

    url: str = ""

    @property
    def result_label(self) -> str:
        if self.submitted_at is None:
            return "In progress"
        return "Mastered" if self.mastered else "Not yet"

    @property
    def summary(self) -> str:
        """ "12 Nov 2026 · 80 % · Mastered", or "started 12 Nov 2026 · in progress"."""
        if self.submitted_at is None:
            return f"started {_day(self.started_at)} · in progress"
        return f"{_day(self.submitted_at)} · {round(self.percent or 0)} % · {self.result_label}"


def _day(moment: datetime) -> str:
    return date_format(localtime(moment), "j M Y")


@dataclass(frozen=True)
class TrackerRow:
    cell: Cell
    attempts: list[AttemptLine]
    forms_left: int = 0
    forms_total: int = 0

    @property
    def can_start(self) -> bool:
        """Whether "I'm ready" has a form to open (or a sitting to resume)."""
        if self.cell.status is Status.MASTERED:
            return False
        return self.cell.status is Status.IN_PROGRESS or self.forms_left > 0


@dataclass(frozen=True)
class TrackerUnit:
    unit: Unit
    rows: list[TrackerRow]


@dataclass(frozen=True)
class Tracker:
    student: User
    units: list[TrackerUnit]
    total: int
    counts: dict[Status, int]

    @property
    def mastered(self) -> int:
        return self.counts[Status.MASTERED]

    @property
    def mastered_percent(self) -> int:
        return round(100 * self.mastered / self.total) if self.total else 0


def student_tracker(*, classroom: Classroom, student: User) -> Tracker:
    """Every standard of the class's map with the student's status and attempts. Four queries."""
    standards = map_standards(classroom)
    found = {
        standard_id: cell
        for (_sid, standard_id), cell in _cells(classroom, standards, [student.pk]).items()
    }
    history: dict[int, list[AttemptLine]] = defaultdict(list)
    # reverse() once, not once per attempt line.
    prefix = reverse("assessments:attempt", args=[1]).removesuffix("1/")
    attempts = (
        Attempt.objects.filter(
            student=student, form__standard__mastery_map_id=classroom.mastery_map_id
        )
        .order_by("started_at", "id")
        .values_list(
            "id",
            "form__standard_id",
            "form__label",
            "started_at",
            "submitted_at",
            "percent",
            "mastered",
        )
    )
    for aid, standard_id, label, started, submitted, percent, mastered in attempts:
        history[standard_id].append(
            AttemptLine(aid, label, started, submitted, percent, mastered, f"{prefix}{aid}/")
        )
    usable: dict[int, set[str]] = defaultdict(set)
    for standard_id, label in (
        Form.objects.filter(
            standard__mastery_map_id=classroom.mastery_map_id, form_items__isnull=False
        )
        .values_list("standard_id", "label")
        .distinct()
    ):
        usable[standard_id].add(label)
    counts = dict.fromkeys(STATUS_ORDER, 0)
    by_unit: dict[int, TrackerUnit] = {}
    for standard in standards:
        cell = found.get(standard.pk) or Cell(standard, Status.NOT_STARTED)
        counts[cell.status] += 1
        group = by_unit.setdefault(standard.unit_id, TrackerUnit(unit=standard.unit, rows=[]))
        lines = history.get(standard.pk, [])
        left = len(usable[standard.pk] - {line.form_label for line in lines})
        group.rows.append(
            TrackerRow(
                cell=cell, attempts=lines, forms_left=left, forms_total=len(usable[standard.pk])
            )
        )
    return Tracker(
        student=student, units=list(by_unit.values()), total=len(standards), counts=counts
    )
