"""The class mastery grid: students × standards with counts per status. Four queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from masterymap.accounts.models import Classroom, User
from masterymap.accounts.queries import classroom_roster
from masterymap.lib.statements import Compiled
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.queries.cells import STATUS_ORDER, Cell, stored_cells
from masterymap.mastery.status import Status
from masterymap.standards.models import Standard, Unit
from masterymap.standards.queries import map_standards
from masterymap.standards.templatetags.symbols import symbol_html

# What a cell shows besides its colour, so status never relies on colour alone.
STATUS_MARKS = {
    Status.NEEDS_REVIEW: "?",
    Status.NOT_YET: "✗",
    Status.IN_PROGRESS: "…",
    Status.NOT_STARTED: "·",
}


@dataclass
class Column:
    standard: Standard
    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    symbol: SafeString = field(default_factory=lambda: SafeString(""))

    def mark(self, cell: Cell) -> str:
        """The standard's symbol once mastered; a status glyph before."""
        return self.symbol if cell.status is Status.MASTERED else STATUS_MARKS[cell.status]


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


def mastery_grid(
    *, classroom: Classroom, unit_id: int | None = None, detail: bool = False
) -> MasteryGrid:
    """Students × standards of the class, optionally one unit's standards. Four queries.

    The page shows a cell's status and level; `detail` (the export) also reads its percent,
    attempts, level label and evidence count."""
    units = _UNITS.objects(mastery_map=classroom.mastery_map_id)
    unit = next((u for u in units if u.pk == unit_id), None)
    standards = map_standards(classroom, unit.pk if unit else None)
    students = classroom_roster(classroom)
    columns = [Column(standard=s, symbol=symbol_html(s)) for s in standards]
    # Every student without a record shares one not-started cell per column (nothing
    # changes a cell once built), and a student with none at all shares the whole row.
    empties = [Cell(c.standard, Status.NOT_STARTED) for c in columns]
    roster = {student.pk for student in students}
    if detail:
        cells = stored_cells(classroom, standards, sentences=False)
        by_student, mastered_of = _rows_of(cells, columns, empties, roster)
    else:
        by_student, mastered_of = _shown_rows(classroom, columns, empties, roster)
    for column in columns:
        column.counts[Status.NOT_STARTED] += len(students) - sum(column.counts.values())
    rows = [
        GridRow(
            student=student,
            cells=by_student.get(student.pk, empties),
            mastered=mastered_of.get(student.pk, 0),
            name=student.display_name,
        )
        for student in students
    ]
    return MasteryGrid(
        classroom_id=classroom.pk, units=units, unit=unit, columns=columns, rows=rows
    )


_STATUS = {s.value: s for s in Status}  # a dict lookup: Status(value) costs ten times as much

# What the grid reads of the records: each student's row of cells, and how many each has
# mastered (the columns' counts are added up on the way).
_Found = tuple[dict[int, list[Cell]], dict[int, int]]


def _shown_records(classroom: int, standards: list[int]) -> QuerySet[MasteryRecord, Any]:
    records = MasteryRecord.objects.filter(classroom_id=classroom, standard_id__in=standards)
    return records.values_list(
        "student_id", "standard_id", "status", "level", "override_level", "override_stale"
    )


def _units(mastery_map: int) -> QuerySet[Unit, Unit]:
    return Unit.objects.filter(mastery_map_id=mastery_map)


# Compiled once (`lib.statements`): a class's teacher and its station reload this often.
_SHOWN = Compiled(_shown_records)
_UNITS = Compiled(_units)


def _shown_rows(
    classroom: Classroom, columns: list[Column], empties: list[Cell], roster: set[int]
) -> _Found:
    """What the grid page shows of each stored record: status, level and override, for the
    students on the roster. Cells that look alike are one shared Cell, and the rows come
    straight from the database cursor: the 600-student grid reads 24,000 records, and
    building a model row, converted values and a Cell for each was most of its time."""
    col_of = {c.standard.pk: i for i, c in enumerate(columns)}
    if not col_of:  # a map with no standards (yet): nothing to read
        return {}, {}
    records = _SHOWN.rows(classroom=classroom.pk, standards=list(col_of))
    shared: dict[
        tuple[int, str, float | None, float | None, bool], tuple[Cell, int, dict[Status, int]]
    ] = {}
    by_student: dict[int, list[Cell]] = {}
    mastered_of: dict[int, int] = {}
    mastered = Status.MASTERED.value
    for student_id, standard_id, status, level, override, stale in records:
        if student_id not in roster:
            continue
        key = (standard_id, status, level, override, stale)
        found = shared.get(key)
        if found is None:
            column = col_of[standard_id]
            cell = Cell(
                standard=columns[column].standard,
                status=_STATUS[status],
                level=override if override is not None else level,
                overridden=override is not None,
                override_stale=bool(stale),
            )
            found = shared[key] = (cell, column, columns[column].counts)
        cell, column, counts = found
        row = by_student.get(student_id)
        if row is None:
            row = by_student[student_id] = empties.copy()
        row[column] = cell
        counts[cell.status] += 1
        if status == mastered:
            mastered_of[student_id] = mastered_of.get(student_id, 0) + 1
    return by_student, mastered_of


def _rows_of(
    found: dict[tuple[int, int], Cell], columns: list[Column], empties: list[Cell], roster: set[int]
) -> _Found:
    """`_shown_rows` for cells read in full (the export)."""
    col_of = {c.standard.pk: i for i, c in enumerate(columns)}
    by_student: dict[int, list[Cell]] = {}
    mastered_of: dict[int, int] = {}
    for (student_id, standard_id), cell in found.items():
        if student_id not in roster:
            continue
        column = col_of[standard_id]
        by_student.setdefault(student_id, empties.copy())[column] = cell
        columns[column].counts[cell.status] += 1
        if cell.status is Status.MASTERED:
            mastered_of[student_id] = mastered_of.get(student_id, 0) + 1
    return by_student, mastered_of
