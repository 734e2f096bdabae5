"""Reads for the class mastery grid, the student's map, the private tracker, the cell's
"show the math" page and the mastery policy page.

Each reads a bounded number of queries whatever the size of the class or map: the grid
reads stored MasteryRecord rows (one per cell), never the attempts behind them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.timezone import localtime

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Form
from masterymap.evidence.models import Evidence
from masterymap.evidence.queries import EvidenceRow, evidence_for_cell
from masterymap.mastery.engine import (
    DEFAULT_POLICY,
    cell_facts,
    policies_for_classroom,
    policy_from_row,
    scale_for_classroom,
)
from masterymap.mastery.methods import build_method
from masterymap.mastery.models import MasteryPolicy, MasteryRecord
from masterymap.mastery.policy import Policy, what_if
from masterymap.mastery.scale import Scale, format_level
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
        return "" if self.level is None else format_level(self.level)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def css(self) -> str:
        return f"status-{self.status.value.replace('_', '-')}"

    @property
    def level_short(self) -> str:
        """The level to one decimal, for a grid cell: 3.48 → "3.5", 4.0 → "4"."""
        return "" if self.level is None else f"{round(self.level, 1):g}"

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


# --- Mastery policy -----------------------------------------------------------------------


def _kind_label(kind: str) -> str:
    try:
        return Evidence.Kind(kind).label
    except ValueError:
        return kind


@dataclass(frozen=True)
class PolicyLine:
    """A mastery policy in words, for teachers and students alike."""

    method: str  # "Decaying average (decay rate 0.65)"
    min_evidence: int
    kinds: str  # "every kind", or the kinds that count
    weights: str  # "" when every kind weighs 1
    standard: Standard | None = None
    updated_at: datetime | None = None
    updated_by: str = ""


def policy_line(
    policy: Policy, *, standard: Standard | None = None, row: MasteryPolicy | None = None
) -> PolicyLine:
    if policy.kinds is None:
        kinds = "every kind"
    else:
        known = [k for k in Evidence.Kind.values if k in policy.kinds]
        kinds = ", ".join(_kind_label(k) for k in known + sorted(policy.kinds - set(known)))
    weights = ", ".join(
        f"{_kind_label(kind)} ×{format_level(weight)}"
        for kind, weight in sorted(policy.weights.items())
        if weight != 1
    )
    by = row.updated_by.display_name if row is not None and row.updated_by else ""
    return PolicyLine(
        method=build_method(policy.method, policy.params).summary(),
        min_evidence=max(policy.min_evidence, 1),
        kinds=kinds,
        weights=weights,
        standard=standard,
        updated_at=row.updated_at if row is not None else None,
        updated_by=by,
    )


@dataclass(frozen=True)
class PolicyOverview:
    """The class policy (or the default, when the class never set one) and the standards
    that have a policy of their own."""

    class_policy: PolicyLine
    is_default: bool
    overrides: list[PolicyLine]


def policy_overview(classroom: Classroom) -> PolicyOverview:
    """One query."""
    rows = list(
        MasteryPolicy.objects.filter(classroom=classroom)
        .select_related("standard__unit", "updated_by")
        .order_by("standard__unit__position", "standard__position", "standard_id")
    )
    class_row = next((r for r in rows if r.standard_id is None), None)
    class_policy = (
        policy_line(policy_from_row(class_row), row=class_row)
        if class_row
        else policy_line(DEFAULT_POLICY)
    )
    overrides = [
        policy_line(policy_from_row(r), standard=r.standard, row=r)
        for r in rows
        if r.standard_id is not None
    ]
    return PolicyOverview(class_policy, class_row is None, overrides)


def policy_for_scope(classroom: Classroom, standard: Standard | None) -> Policy:
    """The policy that applies now: the standard's own, else the class's, else the default."""
    policies = policies_for_classroom(classroom)
    return policies.for_standard(standard.pk) if standard is not None else policies.default


# --- Show the math: one student × standard ------------------------------------------------

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FALLBACK_COLOUR = "#5b6675"


def _level_words(level: float | None) -> str:
    return "—" if level is None else format_level(level)


def level_colour(scale: Scale, level: float | None) -> str:
    """The colour of the highest scale level at or below `level` (as labels are chosen)."""
    if level is None:
        return _FALLBACK_COLOUR
    colour = scale.levels[0].colour
    for candidate in scale.levels:
        if candidate.value <= round(level, 2):
            colour = candidate.colour
    # Only a well-formed hex colour reaches an SVG attribute.
    return colour if _HEX_COLOUR.match(colour) else _FALLBACK_COLOUR


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    level_change: str  # "2 → 3.48"
    status_change: str  # "Not yet → Mastered", or "" when the status stayed
    why: str
    by: str


@dataclass(frozen=True)
class OverrideInfo:
    level: str
    label: str
    reason: str
    by: str
    at: datetime | None
    stale: bool
    calculated: str  # the level the policy gives, "2 · Approaching" or "no level"


@dataclass(frozen=True)
class CellMath:
    """Everything the "show the math" page displays for one student on one standard."""

    record: MasteryRecord | None
    status: Status
    level_text: str
    level_label: str
    colour: str
    explanation: str
    policy: PolicyLine
    own_policy: bool
    evidence: list[EvidenceRow]  # for the evidence-list partial (evidence.queries)
    not_counted: int  # current evidence of kinds this policy does not count
    history: list[HistoryLine]
    override: OverrideInfo | None
    scale: Scale

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_css(self) -> str:
        return f"status-{self.status.value.replace('_', '-')}"


def cell_math(*, classroom: Classroom, student: User, standard: Standard) -> CellMath:
    """The record, its evidence in assessed order, its policy and its history. Nine queries,
    whatever the amount of evidence or history."""
    scale = scale_for_classroom(classroom)
    policies = policies_for_classroom(classroom)
    policy = policies.for_standard(standard.pk)
    record = (
        MasteryRecord.objects.filter(classroom=classroom, student=student, standard=standard)
        .select_related("override_by")
        .first()
    )
    # Assessed order, the order every method uses; corrected records stay, flagged.
    evidence = evidence_for_cell(student=student, standard=standard, scale=scale)
    not_counted = sum(1 for e in evidence if not e.superseded and not policy.counts(e.kind))
    history = []
    override = None
    if record is not None:
        for change in record.changes.select_related("by"):
            statuses = (
                f"{STATUS_LABELS[Status(change.from_status)]} → "
                f"{STATUS_LABELS[Status(change.to_status)]}"
                if change.from_status != change.to_status
                else ""
            )
            history.append(
                HistoryLine(
                    at=change.at,
                    level_change=(
                        f"{_level_words(change.from_level)} → {_level_words(change.to_level)}"
                    ),
                    status_change=statuses,
                    why=change.why,
                    by=change.by.display_name if change.by else "",
                )
            )
        if record.override_level is not None:
            calculated = (
                f"{format_level(record.level)} · {scale.label_for(record.level)}"
                if record.level is not None
                else "no level"
            )
            override = OverrideInfo(
                level=format_level(record.override_level),
                label=scale.label_for(record.override_level),
                reason=record.override_reason,
                by=record.override_by.display_name if record.override_by else "",
                at=record.override_at,
                stale=record.override_stale,
                calculated=calculated,
            )
    level = record.effective_level if record is not None else None
    return CellMath(
        record=record,
        status=Status(record.status) if record is not None else Status.NOT_STARTED,
        level_text=_level_words(level),
        level_label=scale.label_for(level) if level is not None else "Not assessed",
        colour=level_colour(scale, level),
        explanation=(
            record.explanation
            if record is not None and record.explanation
            else "Not assessed yet: no evidence recorded."
        ),
        policy=policy_line(policy),
        own_policy=standard.pk in policies.by_standard,
        evidence=evidence,
        not_counted=not_counted,
        history=history,
        override=override,
        scale=scale,
    )


@dataclass(frozen=True)
class WhatIf:
    """The level the same calculation gives with one more score."""

    score: str
    level: str
    label: str
    sentence: str
    mastered: bool
    colour: str

    @property
    def result(self) -> str:
        """ "3.2 · Mastered", or just the label when there is no level ("No level yet")."""
        return self.label if self.level == "—" else f"{self.level} · {self.label}"


def what_if_next(
    *,
    classroom: Classroom,
    student: User,
    standard: Standard,
    score: float,
    today: date,
    now: datetime,
    scale: Scale | None = None,
) -> WhatIf:
    """`policy.what_if` on the student's evidence plus `score` assessed today. Five queries.

    The extra score is an assessment, unless the policy does not count assessments: then it
    is of the first kind the policy counts, so the answer is never "nothing changes".
    """
    scale = scale or scale_for_classroom(classroom)
    policy = policies_for_classroom(classroom).for_standard(standard.pk)
    facts = cell_facts([student.pk], [standard.pk]).get((student.pk, standard.pk))
    kind = Evidence.Kind.ASSESSMENT.value
    if not policy.counts(kind) and policy.kinds:
        kind = sorted(policy.kinds)[0]
    evaluation = what_if(
        facts.observations if facts else [],
        policy,
        scale,
        next_score=score,
        assessed_on=today,
        recorded_at=now,
        kind=kind,
    )
    return WhatIf(
        score=format_level(score),
        level=_level_words(evaluation.level),
        label=evaluation.label,
        sentence=evaluation.sentence,
        mastered=evaluation.mastered,
        colour=level_colour(scale, evaluation.level),
    )
