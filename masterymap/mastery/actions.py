"""Keeps every student × standard record (level, status, explanation) in step with the
evidence behind it, and the writes that change how it is calculated: policies, overrides."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_set_school_scale
from masterymap.accounts.models import Classroom, School, User
from masterymap.assessments.keys import Timing
from masterymap.lib.errors import ActionError
from masterymap.mastery.engine import (
    CellFacts,
    ClassPolicies,
    PolicyImpact,
    cell_facts,
    cell_outcome,
    classrooms_holding,
    policies_for_classroom,
    policy_impact,
    record_decision,
    scale_for_classroom,
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


# Above this many records, a recompute holds the garbage collector off: its tens of thousands
# of short-lived objects (phrases, JSON, rows) made the collector scan again and again, a
# fifth of a 24,000-record policy change (bench/), and they form no cycles to collect.
_GC_PAUSE_FROM = 2_000


@contextmanager
def _without_gc_pauses(records: int) -> Iterator[None]:
    if records < _GC_PAUSE_FROM or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
    at = at or timezone.now()
    scale = scale or scale_for_classroom(classroom)
    policies = policies or policies_for_classroom(classroom)
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
    with _without_gc_pauses(len(students) * len(standards)):
        if facts is None:
            facts = cell_facts(students, standards)
        existing = {
            (r.student_id, r.standard_id): r
            for r in MasteryRecord.objects.filter(
                classroom=classroom, student_id__in=students, standard_id__in=standards
            )
        }
        to_create, to_update, changes = [], [], []
        for cell in set(facts) | set(existing):
            record = existing.get(cell)
            cell_fact = facts.get(cell) or CellFacts(observations=[])
            override = record.override_level if record else None
            outcome = cell_outcome(
                cell_fact, policies.for_standard(cell[1]), scale, override, record_decision(record)
            )
            if record is None:
                record = MasteryRecord(
                    classroom=classroom, student_id=cell[0], standard_id=cell[1], updated_at=at
                )
                old_level, old_status = None, MasteryRecord.State.NOT_STARTED.value
                to_create.append(record)
            else:
                # `before` carries what the teacher saw when an override was just written.
                old_level, old_status = (before or {}).get(
                    cell, (record.effective_level, record.status)
                )
            new_values = {
                "status": outcome.status,
                "attempts_count": cell_fact.assessments,
                "latest_percent": cell_fact.latest_percent,
                "level": outcome.level,
                "level_label": outcome.level_label,
                "explanation_phrase": outcome.phrase.to_json(),
                "evidence_count": len(cell_fact.observations),
                "override_stale": record.override_stale
                or (new_evidence and record.override_level is not None),
            }
            dirty = any(getattr(record, k) != v for k, v in new_values.items())
            for key, value in new_values.items():
                setattr(record, key, value)
            # The English sentence follows from the phrase: written only when the phrase (or
            # anything else) changed, which spares writing it for every record.
            if dirty or record.pk is None:
                record.explanation = outcome.explanation
            if dirty and record.pk is not None:
                record.updated_at = at
                to_update.append(record)
            # Judged as shown (2 decimals): a recalculation from 3 to 3.0000001 is no change.
            if not same_level(record.effective_level, old_level) or record.status != old_status:
                changes.append((record, old_level, old_status))
        MasteryRecord.objects.bulk_create(to_create, batch_size=500)
        _update_records(to_update)
        LevelChange.objects.bulk_create(
            [
                LevelChange(
                    record=record,
                    from_level=old_level,
                    to_level=record.effective_level,
                    from_status=old_status,
                    to_status=record.status,
                    at=at,
                    why=why[:300],
                    by=by,
                )
                for record, old_level, old_status in changes
            ],
            batch_size=500,
        )
        return len(changes)


def _update_records(records: list[MasteryRecord]) -> None:
    """UPDATE … WHERE id = ? with executemany.

    Django's bulk_update builds one CASE expression per row and field; for a 24,000-record
    policy change that took 94 s where this takes well under a second (bench/, issue 3).
    """
    if not records:
        return
    meta = MasteryRecord._meta
    fields = [cast(Field[Any, Any], meta.get_field(name)) for name in _RECORD_FIELDS]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(meta.db_table),
        ", ".join(f"{qn(str(f.column))} = %s" for f in fields),
        qn(str(meta.pk.column)),
    )
    rows = [
        [f.get_db_prep_save(getattr(r, f.attname), connection) for f in fields] + [r.pk]
        for r in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def refresh_student_standard(
    *,
    student: User,
    standard: Standard,
    why: str,
    by: User | None = None,
    new_evidence: bool = False,
    at: datetime | None = None,
    classrooms: list[Classroom] | None = None,
) -> None:
    """Recompute one student × standard in every class of theirs that holds the standard
    (`classrooms`, when the caller already has them from `classrooms_holding`)."""
    if classrooms is None:
        classrooms = classrooms_holding(student, standard)
    # The evidence is the student's, not the class's: load it once for all their classes.
    facts = cell_facts([student.pk], [standard.pk]) if classrooms else {}
    for classroom in classrooms:
        recompute_records(
            classroom=classroom,
            student_ids=[student.pk],
            standard_ids=[standard.pk],
            why=why,
            by=by,
            new_evidence=new_evidence,
            at=at,
            facts=facts,
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
