"""Loads what the pure engine needs (scale, policies, evidence) for one class.

Reads only; mastery.actions writes what the engine concludes. Kept apart from the page
queries (mastery.queries) because actions and the workflows above import it.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Any, cast

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt
from masterymap.evidence.models import Evidence
from masterymap.lib.gc_pause import without_gc_pauses
from masterymap.lib.rows import aware_datetime
from masterymap.lib.statements import Compiled
from masterymap.mastery.methods import Observation, ordered
from masterymap.mastery.models import (
    MasteryPolicy,
    MasteryRecord,
    ProficiencyScale,
)
from masterymap.mastery.phrases import Phrase, render
from masterymap.mastery.policy import Policy, evaluate, stored_weights
from masterymap.mastery.retake import DEFAULT_RULES, RetakeRules
from masterymap.mastery.scale import DEFAULT_SCALE, Level, Scale, same_level
from masterymap.mastery.status import (
    NO_BENCHMARK,
    BenchmarkFacts,
    Resolution,
    Status,
    status_for,
)
from masterymap.standards.models import Standard

# Issue 2's rule, kept as the default: the latest evidence decides.
DEFAULT_POLICY = Policy(method="most_recent")


def scale_from_row(row: ProficiencyScale) -> Scale:
    levels = tuple(
        Level(value=lv.value, label=lv.label, colour=lv.colour, min_percent=lv.min_percent)
        for lv in sorted(row.levels.all(), key=lambda lv: lv.value)
    )
    return Scale(levels=levels, mastery_value=row.mastery_value)


@dataclass(frozen=True)
class ClassScales:
    """The scales that may apply to a class: its own, and its school's."""

    own: Scale | None
    school: Scale | None

    @property
    def in_force(self) -> Scale:
        """The class's own scale, else its school's, else the default 1–4 scale."""
        return self.own or self.school_in_force

    @property
    def school_in_force(self) -> Scale:
        return self.school or DEFAULT_SCALE

    @property
    def source(self) -> str:
        """Where the scale in force comes from: "class", "school" or "default"."""
        return "class" if self.own else "school" if self.school else "default"


def class_scales(classroom: Classroom) -> ClassScales:
    """The class's own scale and its school's, in two queries."""
    rows = {
        row.classroom_id: row
        for row in ProficiencyScale.objects.filter(school_id=classroom.school_id)
        .filter(Q(classroom=classroom) | Q(classroom__isnull=True))
        .prefetch_related("levels")
    }
    own, school = rows.get(classroom.pk), rows.get(None)
    return ClassScales(
        own=scale_from_row(own) if own is not None else None,
        school=scale_from_row(school) if school is not None else None,
    )


def scale_for_classroom(classroom: Classroom) -> Scale:
    """The class's own scale, else its school's, else the default 1–4 scale."""
    return class_scales(classroom).in_force


def scales_for_classrooms(classrooms: Iterable[Classroom]) -> dict[int, Scale]:
    """`scale_for_classroom` of each class (by id), in one query (two with a stored scale)."""
    classrooms = list(classrooms)
    if not classrooms:
        return {}
    own: dict[int, ProficiencyScale] = {}
    school: dict[int, ProficiencyScale] = {}
    for row in ProficiencyScale.objects.filter(
        Q(classroom__in=classrooms)
        | Q(classroom__isnull=True, school_id__in={c.school_id for c in classrooms})
    ).prefetch_related("levels"):
        if row.classroom_id is None:
            school[row.school_id] = row
        else:
            own[row.classroom_id] = row
    scales = {}
    for c in classrooms:
        found = own.get(c.pk)
        if found is None or found.school_id != c.school_id:  # as class_scales reads it
            found = school.get(c.school_id)
        scales[c.pk] = scale_from_row(found) if found is not None else DEFAULT_SCALE
    return scales


def _holding(student: int, mastery_map: int) -> QuerySet[Classroom]:
    return Classroom.objects.filter(
        enrollments__student=student, mastery_map_id=mastery_map
    ).order_by("pk")


_HOLDING = Compiled(_holding)  # compiled once (`lib.statements`): start, submit, result


def classrooms_holding(student: User, standard: Standard) -> list[Classroom]:
    """The student's classes whose map has this standard (usually one), oldest first."""
    return _HOLDING.objects(student=student.pk, mastery_map=standard.mastery_map_id)


def scale_for_student(
    student: User, standard: Standard, classrooms: list[Classroom] | None = None
) -> Scale:
    """The scale a student's evidence on a standard is scored on: that of their first class
    holding the standard (decision 0002), else the default."""
    if classrooms is None:
        classrooms = classrooms_holding(student, standard)
    return scale_for_classroom(classrooms[0]) if classrooms else DEFAULT_SCALE


def policy_from_row(row: MasteryPolicy) -> Policy:
    return policy_from_values(row.method, row.params, row.min_evidence, row.kinds, row.weights)


def policy_from_values(
    method: str, params: object, min_evidence: int, kinds: object, weights: object
) -> Policy:
    """A stored policy's columns (the JSON ones decoded) as the engine's `Policy`."""
    return Policy(
        method=method,
        params=dict(cast(dict[str, object], params) or {}),
        min_evidence=min_evidence,
        kinds=frozenset(cast(list[str], kinds)) if kinds else None,
        # Rows saved before weights had a range are brought into it (policy.stored_weights).
        weights=stored_weights(weights),
    )


@dataclass(frozen=True)
class ClassPolicies:
    default: Policy
    by_standard: dict[int, Policy]

    def for_standard(self, standard_id: int) -> Policy:
        return self.by_standard.get(standard_id, self.default)


def policies_for_classroom(classroom: Classroom) -> ClassPolicies:
    return policies_for_classrooms([classroom])[classroom.pk]


_POLICY_COLUMNS = ("classroom_id", "standard_id", "method", "params", "min_evidence", "kinds")


def _policy_rows(classrooms: list[int]) -> QuerySet[MasteryPolicy, Any]:
    return MasteryPolicy.objects.filter(classroom_id__in=classrooms).values_list(
        *_POLICY_COLUMNS, "weights"
    )


# Compiled once (`lib.statements`): read on every submit, for each class of the student.
_POLICIES = Compiled(_policy_rows)


def _json(value: object) -> object:
    """A JSON column as `raw_rows` gives it (the drivers give text, as Django has them),
    decoded as its JSONField decodes it."""
    return json.loads(value) if isinstance(value, str) else value


def policies_for_classrooms(classrooms: Iterable[Classroom]) -> dict[int, ClassPolicies]:
    """The policies of each class (by id), in one query."""
    ids = [c.pk for c in classrooms]
    rows: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in ids}
    for row in _POLICIES.rows(classrooms=ids):
        rows[row[0]].append(row)
    found = {}
    for pk, class_rows in rows.items():
        default = DEFAULT_POLICY
        by_standard: dict[int, Policy] = {}
        for _classroom, standard_id, method, *raw in class_rows:
            params, min_evidence, kinds, weights = raw
            policy = policy_from_values(
                method, _json(params), min_evidence, _json(kinds), _json(weights)
            )
            if standard_id is None:
                default = policy
            else:
                by_standard[standard_id] = policy
        found[pk] = ClassPolicies(default=default, by_standard=by_standard)
    return found


def retake_rules_for(classroom_id: int, standard_id: int) -> RetakeRules:
    """The retake rules for one standard in one class: the standard's own, else the
    class's, else the default. One query."""
    rows: dict[int | None, object] = dict(
        MasteryPolicy.objects.filter(classroom_id=classroom_id)
        .filter(Q(standard__isnull=True) | Q(standard_id=standard_id))
        .values_list("standard_id", "retake")
    )
    raw = rows.get(standard_id)
    if raw is None:
        raw = rows.get(None)
    return DEFAULT_RULES if raw is None else RetakeRules.from_json(raw)


def retake_rules_by_standard(classroom_id: int) -> tuple[RetakeRules, dict[int, RetakeRules]]:
    """The class's retake rules and each standard's own where it has them (a standard not
    in the dict follows the class's). One query, for pages that show many standards."""
    class_rules = DEFAULT_RULES
    own: dict[int, RetakeRules] = {}
    for standard_id, raw in MasteryPolicy.objects.filter(classroom_id=classroom_id).values_list(
        "standard_id", "retake"
    ):
        if standard_id is None:
            class_rules = DEFAULT_RULES if raw is None else RetakeRules.from_json(raw)
        elif raw is not None:
            own[standard_id] = RetakeRules.from_json(raw)
    return class_rules, own


Cell = tuple[int, int]  # (student_id, standard_id)


@dataclass
class CellFacts:
    observations: list[Observation]
    assessments: int = 0
    latest_percent: float | None = None
    open_sitting: bool = False
    # The latest benchmark sub-score: its place in `observations`, and when the newest
    # evidence that is not a benchmark was recorded (the status rule's `BenchmarkFacts`).
    benchmark_index: int | None = None
    newest_other_at: datetime | None = None

    @property
    def evidence_count(self) -> int:
        return len(self.observations)


Decision = tuple[Resolution, datetime]  # a teacher's decision on a needs review, and when


def record_decision(record: MasteryRecord | None) -> Decision | None:
    """The teacher's latest decision on a *needs review*, as the record keeps it."""
    if record is None:
        return None
    return stored_decision(record.review_resolution, record.reviewed_at)


def stored_decision(resolution: str, reviewed_at: datetime | None) -> Decision | None:
    """`record_decision` from the record's two columns (read without the record)."""
    if reviewed_at is None or not resolution:
        return None
    return (Resolution(resolution), reviewed_at)


# A piece of evidence as read: (student id, standard id, level, assessed_on, recorded_at,
# kind, raw_score, id), the two dates as the driver gives them (`raw_rows`).
EvidenceRow = tuple[int, int, float, date | str, datetime | str, str, float | None, int]
# The order evidence is kept in (what came later counts later; `benchmark_index`, the latest
# percent), and the order the methods read it in (`methods.ordered`, every weight 1).
_KEPT_ORDER = itemgetter(3, 4, 7)
_METHOD_ORDER = itemgetter(3, 4, 2, 5)
_LEVEL_AND_KIND = itemgetter(2, 5)
_KIND = itemgetter(5)
# Plain strings: a class's recompute compares over a hundred thousand kinds.
_BENCHMARK = Evidence.Kind.BENCHMARK.value
_ASSESSMENT = Evidence.Kind.ASSESSMENT.value


class CellEvidence:
    """One cell's evidence as read (rows, in kept order) and whether a sitting is open.

    What recomputing and previewing read for tens of thousands of cells: the figures a
    record stores come straight from the rows, and the `CellFacts` (an `Observation` per
    row) are built only for a cell whose case `Outcomes` has not met yet.
    """

    __slots__ = ("rows", "open_sitting", "_facts", "_case")

    def __init__(self, rows: list[EvidenceRow], open_sitting: bool = False) -> None:
        self.rows = rows
        self.open_sitting = open_sitting
        self._facts: CellFacts | None = None
        self._case: tuple[tuple[float, str], ...] | None = None

    @property
    def evidence_count(self) -> int:
        return len(self.rows)

    @property
    def assessments(self) -> int:
        return list(map(_KIND, self.rows)).count(_ASSESSMENT)

    @property
    def latest_percent(self) -> float | None:
        """The raw score of the latest assessment (None: none yet)."""
        for row in reversed(self.rows):
            if row[5] == _ASSESSMENT:
                return row[6]
        return None

    def case(self) -> tuple[tuple[float, str], ...] | None:
        """The levels and kinds in the order the methods read them; None with a benchmark,
        whose status also depends on when evidence was recorded."""
        if self._case is None:
            if _BENCHMARK in map(_KIND, self.rows):
                return None
            self._case = tuple(map(_LEVEL_AND_KIND, sorted(self.rows, key=_METHOD_ORDER)))
        return self._case

    def facts(self) -> CellFacts:
        if self._facts is None:
            facts = CellFacts(observations=[], open_sitting=self.open_sitting)
            for _student, _standard, level, on, at, kind, raw, _id in self.rows:
                assessed_on, recorded_at = _date(on), aware_datetime(at)
                if kind == _BENCHMARK:
                    facts.benchmark_index = len(facts.observations)
                elif facts.newest_other_at is None or recorded_at > facts.newest_other_at:
                    facts.newest_other_at = recorded_at
                facts.observations.append(Observation(level, assessed_on, recorded_at, kind))
                if kind == _ASSESSMENT:
                    facts.assessments += 1
                    facts.latest_percent = raw
            self._facts = facts
        return self._facts


def _date(value: object) -> date:
    """A date as `raw_rows` returns it (a date, or ISO text from an expression)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _evidence_rows(students: list[int], standards: list[int]) -> QuerySet[Evidence, Any]:
    # Unordered (not even the model's ordering): sorting each cell's few rows here costs
    # less than the database sorting all of a class's rows. `current()` is NOT EXISTS: the
    # LEFT JOIN cost 40 ms for a class of 30 instead of 12 (bench/). The two dates as text
    # (ISO, which sorts as the dates do): parsed only for the few cells whose `facts` are
    # built. Read as columns, SQLite's driver parsed all 240,000 of
    # a school's recompute through Django's converters (a tenth of its time; bench/).
    return (
        Evidence.objects.filter(student_id__in=students, standard_id__in=standards)
        .current()
        .order_by()
        .values_list(
            "student_id",
            "standard_id",
            "level",
            Cast("assessed_on", TextField()),
            Cast("recorded_at", TextField()),
            "kind",
            "raw_score",
            "id",
        )
    )


def _open_sittings(students: list[int], standards: list[int]) -> QuerySet[Attempt, Any]:
    return Attempt.objects.filter(
        student_id__in=students,
        form__standard_id__in=standards,
        status=Attempt.Status.IN_PROGRESS,
    ).values_list("student_id", "form__standard_id")


# Compiled once (`lib.statements`): a submit reads one cell, and building these querysets
# was most of updating its levels. The rows come straight from the cursor: the timestamps
# stay as the driver gives them (SQLite: naive, in UTC, which sort as the aware ones do)
# and are made aware only for the few cells whose `facts` are built; Django's converters
# on 120,000 rows were a quarter of a class's recompute (bench/).
_EVIDENCE = Compiled(_evidence_rows)
_OPEN_SITTINGS = Compiled(_open_sittings)


def cell_evidence(
    student_ids: Iterable[int], standard_ids: Iterable[int]
) -> dict[Cell, CellEvidence]:
    """Active (not superseded) evidence and open sittings per cell, in two queries."""
    students, standards = list(student_ids), list(standard_ids)
    cells: dict[Cell, CellEvidence] = {}
    for row in _EVIDENCE.rows(students=students, standards=standards):
        key = (row[0], row[1])
        cell = cells.get(key)
        if cell is None:
            cells[key] = CellEvidence([row])
        else:
            cell.rows.append(row)
    for cell in cells.values():
        if len(cell.rows) > 1:
            cell.rows.sort(key=_KEPT_ORDER)
    open_rows = _OPEN_SITTINGS.rows(students=students, standards=standards)
    for cell_key in open_rows:
        cell = cells.get(cell_key)
        if cell is None:
            cell = cells[cell_key] = CellEvidence([])
        cell.open_sitting = True
    return cells


def cell_facts(student_ids: Iterable[int], standard_ids: Iterable[int]) -> dict[Cell, CellFacts]:
    """Active (not superseded) evidence and open sittings per cell, in two queries."""
    return {cell: found.facts() for cell, found in cell_evidence(student_ids, standard_ids).items()}


@dataclass(frozen=True)
class CellOutcome:
    level: float | None
    level_label: str
    status: str
    phrase: Phrase  # the sentence, to show in the reader's language

    @cached_property
    def explanation(self) -> str:
        """The sentence in English, as stored; written only when asked for."""
        return render(self.phrase)

    @cached_property
    def phrase_json(self) -> dict[str, object]:
        """The phrase as the record stores it (`Phrase.to_json`)."""
        return self.phrase.to_json()


def benchmark_facts(
    facts: CellFacts,
    policy: Policy,
    scale: Scale,
    override_level: float | None,
    decision: Decision | None,
) -> BenchmarkFacts:
    """What the status rule needs about benchmarks: whether the latest one is below the cut,
    whether the evidence before it made the standard mastered (the policy run on that
    evidence, or the teacher's override), and the teacher's latest decision."""
    if facts.benchmark_index is None and decision is None:
        return NO_BENCHMARK
    below_at, mastered_before = None, False
    if facts.benchmark_index is not None:
        latest = facts.observations[facts.benchmark_index]
        if not scale.is_mastered(latest.score):
            below_at = latest.recorded_at
            if override_level is not None:
                mastered_before = scale.is_mastered(override_level)
            else:
                earlier = facts.observations[: facts.benchmark_index]
                mastered_before = scale.is_mastered(evaluate(earlier, policy, scale).level)
    return BenchmarkFacts(
        below_at=below_at,
        mastered_before=mastered_before,
        resolution=decision[0] if decision else None,
        resolved_at=decision[1] if decision else None,
        newest_other_at=facts.newest_other_at,
    )


def cell_outcome(
    facts: CellFacts,
    policy: Policy,
    scale: Scale,
    override_level: float | None,
    decision: Decision | None = None,
) -> CellOutcome:
    """What a record holds for these facts: the calculated level, and the label and status
    of the level in force (the teacher's override, when there is one). The one rule that
    recomputing, previewing a policy and the what-if box all run. `decision`: the teacher's
    latest decision on a *needs review* in this class."""
    evaluation = evaluate(facts.observations, policy, scale)
    level = override_level if override_level is not None else evaluation.level
    status = status_for(
        level=level,
        mastered=scale.is_mastered(level),
        has_evidence=bool(facts.observations),
        open_sitting=facts.open_sitting,
        benchmark=benchmark_facts(facts, policy, scale, override_level, decision),
    )
    return CellOutcome(
        level=evaluation.level,
        level_label=scale.label_for(level) if level is not None else "",
        status=status.value,
        phrase=evaluation.phrase,
    )


_SCORE_AND_KIND = attrgetter("score", "kind")


class Outcomes:
    """`cell_outcome` for the many cells of a recompute or a preview under one scale, worked
    out once per distinct case and shared (the same `CellOutcome`, so its sentence and JSON
    are written once too).

    Two cells are the same case when their evidence has the same scores of the same kinds in
    the same order, under the same policy, override and open sitting, with no benchmark and
    no teacher decision (those depend on when evidence was recorded: such cells are worked
    out on their own). A method that reads the dates themselves (`Method.reads_dates`) is
    never shared. The bench's class of 600 × 40 holds 84 cases: a policy change evaluates
    those, not 24,000 cells. Observations are as `cell_facts` reads them (float
    scores, weight 1): an int 3 and a float 3.0 would share a case but not their JSON.
    """

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self._cases: dict[Hashable, CellOutcome] = {}

    def outcome(
        self,
        facts: CellFacts | CellEvidence,
        policy: Policy,
        override_level: float | None,
        decision: Decision | None = None,
    ) -> CellOutcome:
        case: tuple[tuple[float, str], ...] | None = None
        if decision is None and not policy.reads_dates:
            if isinstance(facts, CellEvidence):
                case = facts.case()
            elif facts.benchmark_index is None:
                case = tuple(map(_SCORE_AND_KIND, ordered(facts.observations)))
        if case is None:
            return cell_outcome(_facts(facts), policy, self.scale, override_level, decision)
        key = (policy, override_level, facts.open_sitting, case)
        found = self._cases.get(key)
        if found is None:
            found = self._cases[key] = cell_outcome(
                _facts(facts), policy, self.scale, override_level, decision
            )
        return found


def _facts(facts: CellFacts | CellEvidence) -> CellFacts:
    return facts.facts() if isinstance(facts, CellEvidence) else facts


@dataclass(frozen=True)
class StatusChange:
    """One student × standard whose status a policy change would change."""

    student_id: int
    standard_id: int
    before: CellOutcome
    after: CellOutcome


@dataclass(frozen=True)
class PolicyImpact:
    """What saving a policy would do, computed with the rule recomputing runs
    (`cell_outcome`), nothing written: the figures, and every record whose status changes."""

    records: int
    status_changes: int
    level_changes: int
    newly_mastered: int
    no_longer_mastered: int
    changes: tuple[StatusChange, ...]

    @property
    def students(self) -> int:
        """How many students have at least one record whose status changes."""
        return len({change.student_id for change in self.changes})


def policy_impact(
    *, classroom: Classroom, standard: Standard | None, policy: Policy
) -> PolicyImpact:
    """`policy` for the whole class (standards with their own policy left alone) or for one
    standard, against the policies in force. Eight queries, whatever the class's size."""
    scale = scale_for_classroom(classroom)
    current = policies_for_classroom(classroom)
    students = list(classroom.enrollments.values_list("student_id", flat=True))
    if standard is not None:
        affected = {standard.pk}
    else:
        # A class-wide change leaves standards with their own override alone.
        standards = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id)
        affected = {
            s for s in standards.values_list("pk", flat=True) if s not in current.by_standard
        }
    # Hundreds of thousands of short-lived rows and tuples: no collector scans meanwhile.
    with without_gc_pauses(len(students) * len(affected)):
        facts = cell_evidence(students, affected)
        overrides: dict[Cell, float | None] = {}
        decisions: dict[Cell, Decision] = {}
        for student_id, standard_id, level, resolution, reviewed_at in MasteryRecord.objects.filter(
            Q(override_level__isnull=False) | Q(reviewed_at__isnull=False), classroom=classroom
        ).values_list(
            "student_id", "standard_id", "override_level", "review_resolution", "reviewed_at"
        ):
            overrides[(student_id, standard_id)] = level
            if reviewed_at is not None:
                decisions[(student_id, standard_id)] = (Resolution(resolution), reviewed_at)
        changes: list[StatusChange] = []
        level_changes = gained = lost = 0
        outcomes = Outcomes(scale)
        for (student_id, standard_id), cell_fact in facts.items():
            override = overrides.get((student_id, standard_id))
            decision = decisions.get((student_id, standard_id))
            before = outcomes.outcome(
                cell_fact, current.for_standard(standard_id), override, decision
            )
            after = outcomes.outcome(cell_fact, policy, override, decision)
            level_changes += not same_level(before.level, after.level)
            if before.status != after.status:
                changes.append(StatusChange(student_id, standard_id, before, after))
                gained += after.status == Status.MASTERED
                lost += before.status == Status.MASTERED
    return PolicyImpact(
        records=len(facts),
        status_changes=len(changes),
        level_changes=level_changes,
        newly_mastered=gained,
        no_longer_mastered=lost,
        changes=tuple(changes),
    )
