"""Writes to the evidence ledger. Every one recomputes the affected records in the same
transaction, so a grid never shows a level its evidence does not support."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt
from masterymap.evidence.levels import attempt_level, check_percent
from masterymap.evidence.models import Attachment, Evidence
from masterymap.evidence.uploads import MAX_FILES, UploadError, check_upload
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import refresh_student_standard
from masterymap.mastery.engine import scale_for_classroom, scale_for_student
from masterymap.standards.models import Standard

TEACHER_KINDS = [k for k in Evidence.Kind.values if k != Evidence.Kind.ASSESSMENT]


def _attach(evidence: Evidence, files: Sequence[UploadedFile]) -> None:
    if len(files) > MAX_FILES:
        raise ActionError(f"Attach at most {MAX_FILES} files at a time.")
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES))
        except UploadError as e:
            raise ActionError(str(e)) from None
    for item in checked:
        attachment = Attachment(
            evidence=evidence,
            content_type=item.content_type,
            size=item.size,
            original_name=item.name,
        )
        attachment.file.save(item.name, item.file, save=False)
        attachment.save()


@transaction.atomic
def record_evidence(
    *,
    recorded_by: User,
    classroom: Classroom,
    student: User,
    standard: Standard,
    kind: str,
    level: float,
    assessed_on: date,
    raw_score: float | None = None,
    note: str = "",
    files: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> Evidence:
    """A teacher records an observation (a check, a product, an EL conference…)."""
    at = at or timezone.now()
    if kind not in TEACHER_KINDS:
        raise ActionError("Pick what kind of evidence this is.")
    if not classroom.enrollments.filter(student=student).exists():
        raise ActionError("That student is not in this class.")
    if standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError("That standard is not on this class's map.")
    scale = scale_for_classroom(classroom)
    if not scale.min_value <= level <= scale.max_value:
        raise ActionError(f"The level must be from {scale.min_value} to {scale.max_value}.")
    if assessed_on > timezone.localdate(at):
        raise ActionError("The date assessed cannot be in the future.")
    if raw_score is not None and not 0 <= raw_score <= 100:
        raise ActionError("A score is a percentage from 0 to 100.")
    evidence = Evidence.objects.create(
        student=student,
        standard=standard,
        kind=kind,
        level=level,
        raw_score=raw_score,
        assessed_on=assessed_on,
        recorded_at=at,
        recorded_by=recorded_by,
        note=note.strip(),
    )
    _attach(evidence, files)
    refresh_student_standard(
        student=student,
        standard=standard,
        why=f"{evidence.get_kind_display()} recorded",
        by=recorded_by,
        new_evidence=True,
        at=at,
    )
    return evidence


@transaction.atomic
def record_check(
    *,
    recorded_by: User,
    classroom: Classroom,
    student: User,
    standard: Standard,
    marks: Sequence[bool],
    assessed_on: date,
    note: str = "",
    files: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> Evidence:
    """A one-on-one check at the station: questions marked right or wrong, scored on the
    scale's cut scores."""
    try:
        percent = check_percent(marks)
    except ValueError:
        raise ActionError("Mark at least one question right or wrong.") from None
    scale = scale_for_classroom(classroom)
    right = sum(1 for m in marks if m)
    return record_evidence(
        recorded_by=recorded_by,
        classroom=classroom,
        student=student,
        standard=standard,
        kind=Evidence.Kind.ONE_ON_ONE,
        level=scale.level_for_percent(percent),
        raw_score=percent,
        assessed_on=assessed_on,
        note=(f"{right} of {len(marks)} right. " + note).strip(),
        files=files,
        at=at,
    )


@transaction.atomic
def correct_evidence(
    *,
    evidence: Evidence,
    recorded_by: User,
    level: float,
    assessed_on: date,
    note: str,
    at: datetime | None = None,
) -> Evidence:
    """A correction is a new record that supersedes the old one; nothing is rewritten."""
    at = at or timezone.now()
    old = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if hasattr(old, "superseded_by"):
        raise ActionError("This record was already corrected; correct the newest version.")
    scale = scale_for_student(old.student, old.standard)
    if not scale.min_value <= level <= scale.max_value:
        raise ActionError(f"The level must be from {scale.min_value} to {scale.max_value}.")
    if not note.strip():
        raise ActionError("Say what the correction is for.")
    if assessed_on > timezone.localdate(at):
        raise ActionError("The date assessed cannot be in the future.")
    new = Evidence.objects.create(
        student_id=old.student_id,
        standard_id=old.standard_id,
        kind=old.kind,
        level=level,
        raw_score=old.raw_score,
        assessed_on=assessed_on,
        recorded_at=at,
        recorded_by=recorded_by,
        note=note.strip(),
        supersedes=old,
    )
    refresh_student_standard(
        student=old.student,
        standard=old.standard,
        why="evidence corrected",
        by=recorded_by,
        new_evidence=True,
        at=at,
    )
    return new


def record_attempt_evidence(
    *, attempt: Attempt, at: datetime, classrooms: list[Classroom] | None = None
) -> Evidence:
    """Called by submit_attempt inside its transaction: the attempt becomes evidence.
    `classrooms`: the student's classes holding the standard, if the caller has them."""
    standard = attempt.form.standard
    scale = scale_for_student(attempt.student, standard, classrooms)
    return Evidence.objects.create(
        student_id=attempt.student_id,
        standard=standard,
        kind=Evidence.Kind.ASSESSMENT,
        level=attempt_level(scale, attempt.percent or 0.0, met_threshold=bool(attempt.mastered)),
        raw_score=attempt.percent,
        assessed_on=timezone.localdate(at),
        recorded_at=at,
        recorded_by=attempt.student,
        note=f"Form {attempt.form.label}: {attempt.points}/{attempt.max_points}",
        attempt=attempt,
    )
