"""Stored mastery records as display cells, shared by the grid, the map and the tracker."""

from __future__ import annotations

from dataclasses import dataclass

from masterymap.accounts.models import Classroom
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.scale import format_level
from masterymap.mastery.status import STATUS_LABELS, Status
from masterymap.standards.models import Standard

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
        return "" if self.level is None else format_level(self.level)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def css(self) -> str:
        return self.status.css_class

    @property
    def level_summary(self) -> str:
        """ "3.48 · Mastered"; empty when there is no level."""
        return f"{self.level_text} · {self.level_label}" if self.level is not None else ""

    @property
    def override_note(self) -> str:
        """How an override shows in titles: " · overridden", " · override out of date"."""
        if not self.overridden:
            return ""
        return " · override out of date" if self.override_stale else " · overridden"

    @property
    def percent_rounded(self) -> int | None:
        return None if self.percent is None else round(self.percent)

    @property
    def percent_text(self) -> str:
        return "" if self.percent is None else f" ({round(self.percent)} %)"


def override_sentence(reason: str) -> str:
    """What a record overridden by a teacher says instead of the calculated sentence."""
    return f"A teacher set this level by hand: {reason.strip().rstrip('.')}."


def stored_cells(
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
        "override_reason",
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
        reason,
    ) in rows:
        cells[(student_id, standard_id)] = Cell(
            standard=by_id[standard_id],
            status=Status(status),
            percent=percent,
            attempts_count=count,
            level=override if override is not None else level,
            level_label=label,
            # An overridden level is explained by the teacher's reason, not the calculation.
            explanation=override_sentence(reason) if override is not None else sentence,
            overridden=override is not None,
            override_stale=stale,
            evidence_count=n_evidence,
        )
    return cells
