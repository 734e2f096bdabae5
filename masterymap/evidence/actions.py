"""Writes to the evidence ledger: new evidence, attachments, corrections. Append-only.

These write evidence rows and nothing else. A level on a record must follow every new piece
of evidence in the same transaction, which needs the mastery app above this one: callers go
through `workflows.actions`, which validates the level on the class's scale, calls these and
then updates the levels.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt
from masterymap.evidence.models import Attachment, Evidence
from masterymap.lib.errors import ActionError
from masterymap.lib.uploads import MAX_FILES, UploadError, check_upload
from masterymap.standards.models import Standard

TEACHER_KINDS = [k for k in Evidence.Kind.values if k != Evidence.Kind.ASSESSMENT]


def _attach(evidence: Evidence, files: Sequence[UploadedFile[bytes]]) -> None:
    if len(files) > MAX_FILES:
        raise ActionError(_("Attach at most %(count)d files at a time.") % {"count": MAX_FILES})
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES))
        except UploadError as e:
            raise ActionError(e.message) from None
    for item in checked:
        attachment = Attachment(
            evidence=evidence,
            content_type=item.content_type,
            size=item.size,
            original_name=item.name,
        )
        # Stored under a random name with the extension of what the content is, never the
        # uploader's: "homework.pdf" holding a PNG is stored as .png. The name they gave is
        # kept (sanitized) for display only.
        attachment.file.save(f"{uuid4().hex}.{item.extension}", item.file, save=False)
        attachment.save()


def _number(value: float) -> str:
    """1, 2.5: as few digits as needed, with the reader's decimal mark ("2,5" in Spanish)."""
    return number_format(Decimal(f"{value:g}"))


def _check_level(level: float, level_range: tuple[float, float]) -> None:
    low, high = level_range
    if not low <= level <= high:
        raise ActionError(
            _("The level must be from %(low)s to %(high)s.")
            % {"low": _number(low), "high": _number(high)}
        )


@transaction.atomic
def add_evidence(
    *,
    recorded_by: User,
    classroom: Classroom,
    student: User,
    standard: Standard,
    kind: str,
    level: float,
    level_range: tuple[float, float],
    assessed_on: date,
    raw_score: float | None = None,
    note: str = "",
    files: Sequence[UploadedFile[bytes]] = (),
    at: datetime,
) -> Evidence:
    """A teacher's observation (a check, a product, an EL conference…) and its files.
    `level_range`: the lowest and highest level of the class's scale."""
    if kind not in TEACHER_KINDS:
        raise ActionError(_("Pick what kind of evidence this is."))
    if not classroom.enrollments.filter(student=student).exists():
        raise ActionError(_("That student is not in this class."))
    if standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That standard is not on this class's map."))
    _check_level(level, level_range)
    if assessed_on > timezone.localdate(at):
        raise ActionError(_("The date assessed cannot be in the future."))
    if raw_score is not None and not 0 <= raw_score <= 100:
        raise ActionError(_("A score is a percentage from 0 to 100."))
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
    return evidence


@transaction.atomic
def add_correction(
    *,
    evidence: Evidence,
    recorded_by: User,
    level: float,
    level_range: tuple[float, float],
    assessed_on: date,
    note: str,
    at: datetime,
) -> Evidence:
    """A correction is a new record that supersedes the old one; nothing is rewritten."""
    old = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if hasattr(old, "superseded_by"):
        raise ActionError(_("This record was already corrected; correct the newest version."))
    _check_level(level, level_range)
    if not note.strip():
        raise ActionError(_("Say what the correction is for."))
    if assessed_on > timezone.localdate(at):
        raise ActionError(_("The date assessed cannot be in the future."))
    return Evidence.objects.create(
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


def add_attempt_evidence(*, attempt: Attempt, level: float, at: datetime) -> Evidence:
    """A submitted attempt becomes evidence, at the level its caller derived from the scale.
    Called inside the submit transaction."""
    return Evidence.objects.create(
        student_id=attempt.student_id,
        standard=attempt.form.standard,
        kind=Evidence.Kind.ASSESSMENT,
        level=level,
        raw_score=attempt.percent,
        assessed_on=timezone.localdate(at),
        recorded_at=at,
        recorded_by=attempt.student,
        # Written in the language of the student who submitted, as a teacher's note is.
        note=_("Form %(label)s: %(points)s/%(max_points)s")
        % {"label": attempt.form.label, "points": attempt.points, "max_points": attempt.max_points},
        attempt=attempt,
    )


def add_benchmark_evidence(
    *,
    student_id: int,
    standard_id: int,
    level: float,
    percent: float,
    note: str,
    recorded_by: User | None,
    at: datetime,
) -> Evidence:
    """One benchmark sub-score becomes evidence of kind *benchmark*, at the level its caller
    derived from the scale. Called inside the benchmark's submit transaction."""
    return Evidence.objects.create(
        student_id=student_id,
        standard_id=standard_id,
        kind=Evidence.Kind.BENCHMARK,
        level=level,
        raw_score=percent,
        assessed_on=timezone.localdate(at),
        recorded_at=at,
        recorded_by=recorded_by,
        note=note,
    )
