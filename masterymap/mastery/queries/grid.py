"""The class mastery grid: students × standards with counts per status. Four queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.safestring import SafeString

from masterymap.accounts.models import Classroom, User
from masterymap.accounts.queries import classroom_roster
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
    units = list(Unit.objects.filter(mastery_map_id=classroom.mastery_map_id))
    unit = next((u for u in units if u.pk == unit_id), None)
    standards = map_standards(classroom, unit.pk if unit else None)
    students = classroom_roster(classroom)
    if detail:
        found = stored_cells(classroom, standards, sentences=False)
    else:
        found = _shown_cells(classroom, standards)
    columns = [Column(standard=s, symbol=symbol_html(s)) for s in standards]
    # Per column: its standard's id, its counts, and the one cell every student without a
    # record shares (nothing changes a cell once built): a grid is students × standards.
    plan = [(c.standard.pk, c.counts, Cell(c.standard, Status.NOT_STARTED)) for c in columns]
    mastered_status = Status.MASTERED
    rows = []
    for student in students:
        student_id = student.pk
        cells = []
        mastered = 0
        for standard_id, counts, empty in plan:
            cell = found.get((student_id, standard_id), empty)
            counts[cell.status] += 1
            mastered += cell.status is mastered_status
            cells.append(cell)
        rows.append(
            GridRow(student=student, cells=cells, mastered=mastered, name=student.display_name)
        )
    return MasteryGrid(
        classroom_id=classroom.pk, units=units, unit=unit, columns=columns, rows=rows
    )


_STATUS = {s.value: s for s in Status}  # a dict lookup: Status(value) costs ten times as much


def _shown_cells(classroom: Classroom, standards: list[Standard]) -> dict[tuple[int, int], Cell]:
    """What the grid page shows of each stored record: status, level and override. Reading
    only these halves the 600-student grid's read of 24,000 records."""
    by_id = {s.pk: s for s in standards}
    rows = MasteryRecord.objects.filter(classroom=classroom, standard_id__in=list(by_id))
    cells = {}
    for student_id, standard_id, status, level, override, stale in rows.values_list(
        "student_id", "standard_id", "status", "level", "override_level", "override_stale"
    ):
        cells[(student_id, standard_id)] = Cell(
            standard=by_id[standard_id],
            status=_STATUS[status],
            level=override if override is not None else level,
            overridden=override is not None,
            override_stale=stale,
        )
    return cells
