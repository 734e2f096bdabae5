"""Keeps every student × standard record (level, status, explanation) in step with the
evidence behind it, and the writes that change how it is calculated: policies, overrides."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_set_school_scale
from masterymap.accounts.models import Classroom, School, User
from masterymap.assessments.keys import Timing
from masterymap.lib.errors import ActionError
from masterymap.lib.gc_pause import without_gc_pauses
from masterymap.lib.rows import aware_datetime, insert_rows
from masterymap.lib.statements import Compiled
from masterymap.mastery.engine import (
    CellEvidence,
    CellFacts,
    CellOutcome,
    ClassPolicies,
    Outcomes,
    PolicyImpact,
    cell_evidence,
    classrooms_holding,
    policies_for_classroom,
    policies_for_classrooms,
    policy_impact,
    scale_for_classroom,
    scales_for_classrooms,
    stored_decision,
)
from masterymap.mastery.methods import MethodError, build_method
from masterymap.mastery.models import (
    LevelChange,
    MasteryPolicy,
    MasteryRecord,
    ProficiencyScale,
    ReviewDecision,
    ScaleLevel,
)
from masterymap.mastery.policy import Policy, PolicyError
from masterymap.mastery.retake import RetakeRules
from masterymap.mastery.scale import Level, Scale, ScaleError, same_level
from masterymap.mastery.sentences import phrase_text
from masterymap.standards.models import Standard

# What a recompute writes on a record it updates, in this order (`_update_records`).
_RECORD_FIELDS = [
    "status",
    "attempts_count",
    "latest_percent",
    "level",
    "level_label",
    "explanation",
    "explanation_phrase",
    "evidence_count",
    "override_stale",
    "updated_at",
]
# What it reads of each record: the id and cell, the values it compares with the new
# outcome (in the order `_recompute` builds them), then what the calculation takes from the
# record.
_READ_FIELDS = [
    "id",
    "student_id",
    "standard_id",
    "status",
    "attempts_count",
    "latest_percent",
    "level",
    "level_label",
    "explanation_phrase",
    "evidence_count",
    "override_stale",
    "override_level",
    "review_resolution",
    "reviewed_at",
]
# As read: the phrase as text (`_recompute` decodes it).
_READ_COLUMNS = [
    Cast(name, TextField()) if name == "explanation_phrase" else name for name in _READ_FIELDS
]
# A new record: its cell, what a recompute writes (as `_RECORD_FIELDS`), the rest blank.
_INSERT_FIELDS = ["classroom", "student", "standard", *_RECORD_FIELDS]
# Mastered, as the goals count it: a standard that needs review still counts until the
# teacher reopens it (goals.queries).
_COUNTS_MASTERED = frozenset({MasteryRecord.State.MASTERED, MasteryRecord.State.NEEDS_REVIEW})
_LEVEL_CHANGE_FIELDS = [
    "record",
    "from_level",
    "to_level",
    "from_status",
    "to_status",
    "at",
    "why",
    "by",
]
_NOT_STARTED = MasteryRecord.State.NOT_STARTED.value


def _stored_records(
    classrooms: list[int], students: list[int], standards: list[int]
) -> QuerySet[MasteryRecord, Any]:
    return MasteryRecord.objects.filter(
        classroom_id__in=classrooms, student_id__in=students, standard_id__in=standards
    ).values_list(*_READ_COLUMNS, "classroom_id")


# The records `_recompute` compares with, compiled once (`lib.statements`) and read
# straight from the cursor: only `reviewed_at` needs converting, and only where a teacher
# decided.
_STORED = Compiled(_stored_records)


@dataclass(frozen=True)
class _Share:
    """One class's part of a recompute: what its records are calculated with."""

    classroom: Classroom
    scale: Scale
    policies: ClassPolicies


@transaction.atomic
def recompute_records(
    *,
    classroom: Classroom,
    student_ids: Iterable[int] | None = None,
    standard_ids: Iterable[int] | None = None,
    why: str,
    by: User | None = None,
    new_evidence: bool = False,
    at: datetime | None = None,
    scale: Scale | None = None,
    policies: ClassPolicies | None = None,
    facts: dict[tuple[int, int], CellFacts] | None = None,
    before: Mapping[tuple[int, int], tuple[float | None, str]] | None = None,
) -> int:
    """Recalculate the records of a class (or some of its students × standards).

    Writes only rows whose outcome changed, and a LevelChange for each change of level or
    status. With `new_evidence`, an override on a touched record is flagged out of date.
    Returns how many records changed status or level. Callers that already loaded the
    evidence for exactly these students × standards (enrolled, on the map) pass `facts`.
    """
    enrolled = classroom.enrollments.values_list("student_id", flat=True)
    students = list(
        enrolled if student_ids is None else enrolled.filter(student_id__in=student_ids)
    )
    on_map = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id)
    standards = list(
        (on_map if standard_ids is None else on_map.filter(pk__in=standard_ids)).values_list(
            "pk", flat=True
        )
    )
    share = _Share(
        classroom=classroom,
        scale=scale or scale_for_classroom(classroom),
        policies=policies or policies_for_classroom(classroom),
    )
    with without_gc_pauses(len(students) * len(standards)):
        return _recompute(
            [share],
            students,
            standards,
            cell_evidence(students, standards) if facts is None else facts,
            why=why,
            by=by,
            new_evidence=new_evidence,
            at=at or timezone.now(),
            before=before or {},
        )


def _recompute(
    shares: Sequence[_Share],
    students: list[int],
    standards: list[int],
    facts: Mapping[tuple[int, int], CellFacts | CellEvidence],
    *,
    why: str,
    by: User | None,
    new_evidence: bool,
    at: datetime,
    before: Mapping[tuple[int, int], tuple[float | None, str]],
) -> int:
    """The records of these students × standards in each class of `shares` (every student
    enrolled in each, every standard on its map), from `facts`: compared with what is
    stored, and only what changed written, each kind of write in one statement for all
    the classes. Returns how many records changed status or level.

    Records are read as tuples and written with executemany: building a model instance for
    each of a class's 24,000 records (and another for its LevelChange) and having
    bulk_create prepare them field by field took most of a school's recompute (bench/).
    """
    if not students or not standards:
        return 0
    stored: dict[int, dict[tuple[int, int], tuple[Any, ...]]] = {s.classroom.pk: {} for s in shares}
    for read in _STORED.rows(classrooms=list(stored), students=students, standards=standards):
        stored[read[-1]][(read[1], read[2])] = read
    # The stored phrases as text, each distinct one decoded once: decoding every record's
    # JSON (the JSONField does) was most of reading a class's 24,000 records, and they share
    # a handful of sentences.
    decoded: dict[str | None, object] = {None: None}
    meta = MasteryRecord._meta
    stamp = _db_value(meta, "updated_at", at)
    by_id = by.pk if by is not None else None
    json_field = cast(Field[Any, Any], meta.get_field("explanation_phrase"))
    # Each distinct outcome's phrase as the database takes it: shared outcomes, shared JSON.
    json_of: dict[int, tuple[CellOutcome, object]] = {}
    no_facts: CellFacts | CellEvidence = CellFacts(observations=[])
    to_create: list[list[Any]] = []
    to_update: list[list[Any]] = []
    # (classroom id, cell, record id or None for a new one, old level, old status, new level,
    # new status)
    changes: list[tuple[int, tuple[int, int], int | None, float | None, str, float | None, str]]
    changes = []
    for share in shares:
        classroom_id = share.classroom.pk
        existing = stored[classroom_id]
        outcomes = Outcomes(share.scale)
        # In (student, standard) order, the order of the class's unique index: new records
        # then go into it in order rather than at random places (a school's recompute, 6 %).
        for cell in sorted(set(facts) | set(existing)):
            row = existing.get(cell)
            cell_fact = facts.get(cell) or no_facts
            policy = share.policies.for_standard(cell[1])
            if row is None:
                outcome = outcomes.outcome(cell_fact, policy, None)
                override, stale = None, False
            else:
                override = row[11]
                decided_at = None if row[13] is None else aware_datetime(row[13])
                outcome = outcomes.outcome(
                    cell_fact, policy, override, stored_decision(row[12], decided_at)
                )
                stale = bool(row[10]) or (new_evidence and override is not None)
            phrase_json = outcome.phrase_json
            values = (
                outcome.status,
                cell_fact.assessments,
                cell_fact.latest_percent,
                outcome.level,
                outcome.level_label,
                phrase_json,
                cell_fact.evidence_count,
                stale,
            )
            if row is None:
                dirty = True
            else:
                text = row[8]
                if text not in decoded:
                    decoded[text] = _stored_json(text)
                dirty = (
                    decoded[text] != phrase_json
                    or row[3:8] != values[:5]
                    or row[9:11] != values[6:]
                )
            if dirty:
                prepared = json_of.get(id(outcome))
                if prepared is None:
                    # The outcome is kept with its JSON, so its id is not reused meanwhile.
                    prepared = json_of[id(outcome)] = (
                        outcome,
                        json_field.get_db_prep_save(phrase_json, connection),
                    )
                # The English sentence follows from the phrase: written only when the phrase
                # (or anything else) changed, which spares writing it for every record.
                written = [
                    *values[:5],
                    outcome.explanation,
                    prepared[1],
                    values[6],
                    stale,
                    stamp,
                ]
                if row is None:
                    to_create.append([classroom_id, cell[0], cell[1], *written])
                else:
                    # Still mastered: the day it became so is kept (`_update_records`).
                    kept = outcome.status in _COUNTS_MASTERED and row[3] in _COUNTS_MASTERED
                    to_update.append([*written, kept, row[0]])
            if row is None:
                old_level, old_status = None, _NOT_STARTED
            else:
                # `before` carries what the teacher saw when an override was just written.
                old_level, old_status = before.get(
                    cell, (override if override is not None else row[6], row[3])
                )
            new_level = override if override is not None else outcome.level
            # Judged as shown (2 decimals): a recalculation from 3 to 3.0000001 is no change.
            if not same_level(new_level, old_level) or outcome.status != old_status:
                changes.append(
                    (
                        classroom_id,
                        cell,
                        None if row is None else row[0],
                        old_level,
                        old_status,
                        new_level,
                        outcome.status,
                    )
                )
    insert_rows(MasteryRecord, _INSERT_FIELDS, to_create)
    _update_records(to_update)
    created: dict[tuple[int, tuple[int, int]], int] = {}
    if to_create and any(change[2] is None for change in changes):
        # The new records' ids, for their history (executemany returns none).
        created = {
            (classroom_id, (student_id, standard_id)): pk
            for pk, classroom_id, student_id, standard_id in MasteryRecord.objects.filter(
                classroom_id__in=list(stored), student_id__in=students, standard_id__in=standards
            ).values_list("id", "classroom_id", "student_id", "standard_id")
        }
    insert_rows(
        LevelChange,
        _LEVEL_CHANGE_FIELDS,
        [
            [
                record_id if record_id is not None else created[(classroom_id, cell)],
                old_level,
                new_level,
                old_status,
                new_status,
                stamp,
                why[:300],
                by_id,
            ]
            for classroom_id, cell, record_id, old_level, old_status, new_level, new_status in (
                changes
            )
        ],
    )
    return len(changes)


def _stored_json(text: str) -> object:
    """JSON as read back, as the JSONField reads it (text that is no JSON stays text)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _db_value(meta: Any, name: str, value: object) -> object:
    """`value` as the database takes it for the field `name` (a datetime, JSON)."""
    return cast(Field[Any, Any], meta.get_field(name)).get_db_prep_save(value, connection)


def _update_records(rows: list[list[Any]]) -> None:
    """UPDATE … WHERE id = ? with executemany: each row is the values of `_RECORD_FIELDS`
    as the database takes them, then whether the record stays mastered, then its id.

    `mastered_at` is left empty when it is `updated_at`: a record that becomes mastered is
    written with it empty, and one that stays mastered keeps the time it became so (its
    `updated_at` before this write, if it had none). So inserts, most of a recompute, write
    nothing more for it.

    Django's bulk_update builds one CASE expression per row and field; for a 24,000-record
    policy change that took 94 s where this takes well under a second (bench/, issue 3).
    """
    if not rows:
        return
    meta = MasteryRecord._meta
    fields = [cast(Field[Any, Any], meta.get_field(name)) for name in _RECORD_FIELDS]
    qn = connection.ops.quote_name
    # The right-hand sides read the row as it was before this UPDATE (SQL's rule, kept by
    # SQLite and PostgreSQL alike), so `updated_at` here is the old one.
    sql = "UPDATE {} SET {}, {} = CASE WHEN %s THEN COALESCE({}, {}) END WHERE {} = %s".format(
        qn(meta.db_table),
        ", ".join(f"{qn(str(f.column))} = %s" for f in fields),
        qn("mastered_at"),
        qn("mastered_at"),
        qn("updated_at"),
        qn(str(meta.pk.column)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# One savepoint fewer per submit: callers are inside their own transaction, and an error here
# fails it anyway.
@transaction.atomic(savepoint=False)
def refresh_student_standard(
    *,
    student: User,
    standard: Standard,
    why: str,
    by: User | None = None,
    new_evidence: bool = False,
    at: datetime | None = None,
    classrooms: list[Classroom] | None = None,
    scales: Mapping[int, Scale] | None = None,
) -> None:
    """Recompute one student × standard in every class of theirs that holds the standard
    (`classrooms`, when the caller already has them from `classrooms_holding`, and their
    `scales` from `scales_for_classrooms`).

    All the classes at once: the evidence, the scales, the policies and the records are
    each read in one query, and each kind of write is one statement, so a submit costs the
    same few statements whatever the number of classes.
    """
    if classrooms is None:
        classrooms = classrooms_holding(student, standard)
    classrooms = [c for c in classrooms if c.mastery_map_id == standard.mastery_map_id]
    if not classrooms:
        return
    # The evidence is the student's, not the class's: load it once for all their classes.
    facts = cell_evidence([student.pk], [standard.pk])
    if scales is None:
        scales = scales_for_classrooms(classrooms)
    policies = policies_for_classrooms(classrooms)
    _recompute(
        [_Share(c, scales[c.pk], policies[c.pk]) for c in classrooms],
        [student.pk],
        [standard.pk],
        facts,
        why=why,
        by=by,
        new_evidence=new_evidence,
        at=at or timezone.now(),
        before={},
    )


# --- Policies -----------------------------------------------------------------------------


def _checked_policy(
    *,
    method: str,
    params: Mapping[str, object],
    min_evidence: int,
    kinds: Sequence[str] | None,
    weights: Mapping[str, float],
) -> Policy:
    try:
        build_method(method, params)
    except MethodError as e:
        raise ActionError(phrase_text(e.phrase)) from None
    if not 1 <= min_evidence <= 20:
        raise ActionError(_("The minimum number of evidence records is from 1 to 20."))
    try:
        return Policy(
            method=method,
            params=dict(params),
            min_evidence=min_evidence,
            kinds=frozenset(kinds) if kinds else None,
            weights=dict(weights),
        )
    except PolicyError as e:  # a weight out of range (the policy's rule), or not a number
        raise ActionError(phrase_text(e.phrase)) from None


def preview_policy(
    *,
    classroom: Classroom,
    standard: Standard | None,
    method: str,
    params: Mapping[str, object],
    min_evidence: int,
    kinds: Sequence[str] | None,
    weights: Mapping[str, float],
) -> PolicyImpact:
    """What saving this policy would change, nothing written. It runs the checks saving
    runs (so a preview never shows a policy that cannot be saved) and raises `ActionError`
    the same way."""
    new_policy = _checked_policy(
        method=method, params=params, min_evidence=min_evidence, kinds=kinds, weights=weights
    )
    return policy_impact(classroom=classroom, standard=standard, policy=new_policy)


@transaction.atomic
def set_policy(
    *,
    classroom: Classroom,
    standard: Standard | None,
    method: str,
    params: Mapping[str, object],
    min_evidence: int,
    kinds: Sequence[str] | None,
    weights: Mapping[str, float],
    by: User,
) -> int:
    """Save a class policy (or a standard's override) and recompute every affected record.
    Returns how many records changed."""
    _checked_policy(
        method=method, params=params, min_evidence=min_evidence, kinds=kinds, weights=weights
    )
    if standard is not None and standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That standard is not on this class's map."))
    MasteryPolicy.objects.update_or_create(
        classroom=classroom,
        standard=standard,
        defaults={
            "method": method,
            "params": dict(params),
            "min_evidence": min_evidence,
            "kinds": list(kinds) if kinds else None,
            "weights": dict(weights),
            "updated_by": by,
        },
    )
    # The history is written in the language of whoever acts, as workflows writes it.
    why = (
        _("policy changed to %(method)s for %(code)s") % {"method": method, "code": standard.code}
        if standard
        else _("policy changed to %(method)s") % {"method": method}
    )
    return recompute_records(
        classroom=classroom,
        standard_ids=[standard.pk] if standard else None,
        why=why,
        by=by,
    )


@transaction.atomic
def set_retake_rules(
    *, classroom: Classroom, standard: Standard | None, rules: RetakeRules, by: User
) -> MasteryPolicy:
    """Save when students of a class (or on one standard) may retake. Levels do not
    change, so nothing is recomputed. A standard without its own policy gets one that
    copies the class's, so its levels stay as they are."""
    if standard is not None and standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That standard is not on this class's map."))
    row = MasteryPolicy.objects.filter(classroom=classroom, standard=standard).first()
    if row is None:
        base = MasteryPolicy.objects.filter(classroom=classroom, standard=None).first()
        row = MasteryPolicy(classroom=classroom, standard=standard)
        if base is not None:
            for name in ("method", "params", "min_evidence", "kinds", "weights"):
                setattr(row, name, getattr(base, name))
    row.retake = rules.to_json()
    row.updated_by = by
    row.save()
    return row


@transaction.atomic
def clear_standard_retake_rules(
    *, classroom: Classroom, standard: Standard, by: User
) -> MasteryPolicy | None:
    """A standard follows the class's retake rules again. Its row keeps its level policy,
    so no level changes and nothing is recomputed; only its own retake rules go."""
    row = MasteryPolicy.objects.filter(classroom=classroom, standard=standard).first()
    if row is None or row.retake is None:
        return row
    row.retake = None
    row.updated_by = by
    row.save(update_fields=["retake", "updated_by", "updated_at"])
    return row


@transaction.atomic
def clear_standard_policy(*, classroom: Classroom, standard: Standard, by: User) -> int:
    """Drop a standard's override so the class policy applies again."""
    MasteryPolicy.objects.filter(classroom=classroom, standard=standard).delete()
    return recompute_records(
        classroom=classroom,
        standard_ids=[standard.pk],
        why=_("%(code)s follows the class policy again") % {"code": standard.code},
        by=by,
    )


# --- Overrides ----------------------------------------------------------------------------


@transaction.atomic
def override_level(
    *, record: MasteryRecord, level: float, reason: str, by: User, at: datetime | None = None
) -> MasteryRecord:
    """A teacher sets the level by hand, with a reason; marked everywhere it shows."""
    at = at or timezone.now()
    scale = scale_for_classroom(record.classroom)
    if not scale.min_value <= level <= scale.max_value:
        raise ActionError(
            _("Pick a level from %(low)s to %(high)s.")
            % {"low": scale.min_value, "high": scale.max_value}
        )
    if not reason.strip():
        raise ActionError(_("Give a reason for the override; students and parents will see it."))
    return _write_override(
        record=record,
        level=level,
        reason=reason.strip(),
        by=by,
        at=at,
        why=_("override: %(reason)s") % {"reason": reason.strip()},
    )


@transaction.atomic
def clear_override(*, record: MasteryRecord, by: User, at: datetime | None = None) -> MasteryRecord:
    return _write_override(
        record=record,
        level=None,
        reason="",
        by=None,
        at=None,
        why=_("override removed"),
        changed_by=by,
        recompute_at=at,
    )


def _write_override(
    *,
    record: MasteryRecord,
    level: float | None,
    reason: str,
    by: User | None,
    at: datetime | None,
    why: str,
    changed_by: User | None = None,
    recompute_at: datetime | None = None,
) -> MasteryRecord:
    """Set (or, with level None, clear) the override fields, then recompute the cell.

    The level the teacher saw before is handed to recompute_records, so the history keeps
    it even when the status does not change.
    """
    record = MasteryRecord.objects.select_for_update().get(pk=record.pk)
    before = {(record.student_id, record.standard_id): (record.effective_level, record.status)}
    record.override_level = level
    record.override_reason = reason
    record.override_by = by
    record.override_at = at
    record.override_stale = False
    record.save(
        update_fields=[
            "override_level",
            "override_reason",
            "override_by",
            "override_at",
            "override_stale",
        ]
    )
    recompute_records(
        classroom=record.classroom,
        student_ids=[record.student_id],
        standard_ids=[record.standard_id],
        why=why,
        by=changed_by or by,
        at=recompute_at or at,
        before=before,
    )
    record.refresh_from_db()
    return record


# --- When students see the answers ------------------------------------------------------


@transaction.atomic
def set_answer_timing(*, classroom: Classroom, timing: str, by: User) -> Classroom:
    """When the class's students see the correct answers of a form they took
    (assessments.keys). Nothing is recomputed: levels do not depend on it."""
    if timing not in {t.value for t in Timing}:
        raise ActionError(_("Choose when students see the correct answers."))
    classroom.show_answers = timing
    classroom.save(update_fields=["show_answers"])
    return classroom


# --- Needs review ------------------------------------------------------------------------

REASON_MAX = 1000


@transaction.atomic
def decide_review(
    *,
    record: MasteryRecord,
    resolution: str,
    reason: str,
    by: User,
    at: datetime | None = None,
) -> MasteryRecord:
    """A teacher settles a *needs review*: keep the mastery, or reopen the standard (not yet,
    until newer evidence decides). Logged with who, when and why (ReviewDecision); the record
    is recomputed in the same transaction."""
    at = at or timezone.now()
    record = MasteryRecord.objects.select_for_update().get(pk=record.pk)
    if resolution not in ReviewDecision.Resolution.values:
        raise ActionError(_("Choose keep mastered or reopen."))
    if record.status != MasteryRecord.State.NEEDS_REVIEW:
        raise ActionError(
            _("This standard no longer needs review: it is %(status)s.")
            % {"status": record.get_status_display()}
        )
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Give a reason for your decision; the student will read it."))
    if len(reason) > REASON_MAX:
        raise ActionError(_("A reason is at most %(count)d characters.") % {"count": REASON_MAX})
    ReviewDecision.objects.create(
        classroom_id=record.classroom_id,
        student_id=record.student_id,
        standard_id=record.standard_id,
        resolution=resolution,
        reason=reason,
        decided_by=by,
        decided_at=at,
    )
    record.review_resolution, record.reviewed_at = resolution, at
    record.save(update_fields=["review_resolution", "reviewed_at"])
    label = ReviewDecision.Resolution(resolution).label
    recompute_records(
        classroom=record.classroom,
        student_ids=[record.student_id],
        standard_ids=[record.standard_id],
        why=_("needs review settled: %(decision)s (%(reason)s)")
        % {"decision": str(label).lower(), "reason": reason},
        by=by,
        at=at,
    )
    record.refresh_from_db()
    return record


# --- Proficiency scales -------------------------------------------------------------------
# A class's own scale (an override of its school's), its removal, and the school's scale.
# Each recomputes the affected records in the same transaction, so no grid shows a label or
# status from the old scale. Levels already recorded on evidence keep their value; the new
# cut scores apply to the assessment evidence and checks recorded from now on.

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LABEL_MAX = ScaleLevel._meta.get_field("label").max_length or 60
VALUE_MAX = 100


def checked_scale(*, levels: Sequence[Level], mastery_value: int) -> Scale:
    """The scale these levels make, in order of value, or ActionError with the reason.

    The pure `Scale` checks the rules a teacher could check on paper (two levels at least,
    no repeated values, cut scores that never go down, the lowest at 0 %, a mastery level
    on the scale); this adds what the database needs (a colour as #rrggbb, a short label,
    a whole value from 0 to 100).
    """
    ordered = sorted(levels, key=lambda lv: lv.value)
    for level in ordered:
        if not 0 <= level.value <= VALUE_MAX:
            raise ActionError(
                _("Level values are whole numbers from 0 to %(max)s.") % {"max": VALUE_MAX}
            )
        if len(level.label.strip()) > LABEL_MAX:
            raise ActionError(
                _("A level's name has at most %(max)s characters.") % {"max": LABEL_MAX}
            )
        if not COLOUR.fullmatch(level.colour):
            raise ActionError(
                _("The colour of %(label)s must look like #1e8449.") % {"label": level.label}
            )
    try:
        return Scale(
            levels=tuple(
                Level(
                    value=lv.value,
                    label=lv.label.strip(),
                    colour=lv.colour.lower(),
                    min_percent=lv.min_percent,
                )
                for lv in ordered
            ),
            mastery_value=mastery_value,
        )
    except ValueError as e:
        message = phrase_text(e.phrase) if isinstance(e, ScaleError) else str(e)
        raise ActionError(message) from None


def _write_levels(row: ProficiencyScale, scale: Scale) -> None:
    row.levels.all().delete()
    ScaleLevel.objects.bulk_create(
        ScaleLevel(
            scale=row,
            value=lv.value,
            label=lv.label,
            colour=lv.colour,
            min_percent=lv.min_percent,
        )
        for lv in scale.levels
    )


@transaction.atomic
def set_class_scale(
    *, classroom: Classroom, levels: Sequence[Level], mastery_value: int, by: User
) -> int:
    """Give a class its own scale (replacing any it had) and recompute its records.

    Returns how many records changed level or status.
    """
    scale = checked_scale(levels=levels, mastery_value=mastery_value)
    row, _created = ProficiencyScale.objects.update_or_create(
        classroom=classroom,
        defaults={
            "school_id": classroom.school_id,
            "name": f"{classroom.name} scale"[:100],
            "mastery_value": scale.mastery_value,
        },
    )
    _write_levels(row, scale)
    return recompute_records(classroom=classroom, why=_("scale changed"), by=by, scale=scale)


@transaction.atomic
def clear_class_scale(*, classroom: Classroom, by: User) -> int:
    """Remove a class's own scale, so its school's (or the default) applies again, and
    recompute its records. A class without its own scale is left alone (0 changes), so a
    second click changes nothing."""
    deleted, _by_model = ProficiencyScale.objects.filter(classroom=classroom).delete()
    if not deleted:
        return 0
    return recompute_records(
        classroom=classroom, why=_("scale changed: the school's scale applies again"), by=by
    )


@transaction.atomic
def set_school_scale(
    *, school: School, levels: Sequence[Level], mastery_value: int, by: User
) -> int:
    """Set the school's scale and recompute every class that follows it (a class with its
    own scale is not affected). Only a school admin of this school may.

    Returns how many records changed level or status, over all the classes.
    """
    if not may_set_school_scale(by, school.pk):
        raise ActionError(_("Only a school admin can change the school's scale."))
    scale = checked_scale(levels=levels, mastery_value=mastery_value)
    row, _created = ProficiencyScale.objects.update_or_create(
        school=school,
        classroom=None,
        defaults={"name": f"{school.name} scale"[:100], "mastery_value": scale.mastery_value},
    )
    _write_levels(row, scale)
    changed = 0
    following = Classroom.objects.filter(school=school, scale_override__isnull=True)
    for classroom in following.order_by("pk"):
        changed += recompute_records(
            classroom=classroom, why=_("school scale changed"), by=by, scale=scale
        )
    return changed
