"""Workflows that span apps: each writes to several of assessments, evidence and mastery in
one transaction, so a level never disagrees with the evidence behind it.

This layer sits above every app it touches (docs/concepts.md, "Layers"). The apps below
expose the single steps (score an attempt, add evidence, recompute a record); only here are
they put together, and every view, command and test that submits, records or corrects
calls these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from masterymap.accounts.models import Classroom, User
from masterymap.assessments import actions as assessments
from masterymap.assessments.models import Attempt, Form, Response
from masterymap.assessments.scoring import check_percent
from masterymap.evidence import actions as ledger
from masterymap.evidence.models import Evidence
from masterymap.interventions.retakes import sat_forms, student_retake
from masterymap.lib.errors import ActionError
from masterymap.lib.statements import Compiled
from masterymap.mastery.actions import refresh_student_standard
from masterymap.mastery.engine import (
    classrooms_holding,
    scale_for_classroom,
    scale_for_student,
    scales_for_classrooms,
)
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.scale import DEFAULT_SCALE, Scale, attempt_level, open_response_points
from masterymap.mastery.sentences import phrase_text
from masterymap.mastery.status import Readiness, Status, readiness
from masterymap.standards.models import Standard
from masterymap.workflows.formats import number_text


def _range(scale: Scale) -> tuple[float, float]:
    return (scale.min_value, scale.max_value)


# --- Taking an assessment ------------------------------------------------------------------


def _usable_forms(standard: int) -> QuerySet[Form, Form]:
    # An archived form is offered to no one (a sitting open on it resumes in start_attempt).
    return (
        Form.objects.filter(
            standard_id=standard, form_items__isnull=False, archived_at__isnull=True
        )
        .distinct()
        .order_by("label")
    )


def _record_status(classroom: int, student: int, standard: int) -> QuerySet[MasteryRecord, Any]:
    return MasteryRecord.objects.filter(
        classroom_id=classroom, student_id=student, standard_id=standard
    ).values_list("status")


# Compiled once (`lib.statements`): "I'm ready" is pressed by a whole class at once.
_USABLE_FORMS = Compiled(_usable_forms)
_RECORD_STATUS = Compiled(_record_status)


@transaction.atomic
def start_attempt(
    *,
    student: User,
    standard: Standard,
    classroom: Classroom | None = None,
    at: datetime | None = None,
) -> Attempt:
    """ "I'm ready": resume the open sitting, or start the next form not yet taken.

    `classroom` is the class the student is working in (its record decides whether the
    standard is already mastered); by default their first class holding the standard
    (decision 0002). The rule itself is `mastery.status.readiness`, shared with the map.
    """
    at = at or timezone.now()
    if not student.is_student:
        raise ActionError(_("Only students take assessments."))
    classrooms = classrooms_holding(student, standard)
    if classroom is None and classrooms:
        classroom = classrooms[0]
    # One query for the student's attempts on the standard, one for its forms: together
    # they say whether a sitting is open, which form comes next and what the rules count.
    sat = sat_forms(student_ids=[student.pk], standard_ids=[standard.pk]).get(
        (student.pk, standard.pk), []
    )
    open_id = next((s.attempt_id for s in sat if s.submitted_at is None), None)
    if open_id is not None:
        return Attempt.objects.select_related("form__standard").get(pk=open_id)
    waiting = next((s.form_label for s in sat if s.awaiting), None)
    if waiting is not None:
        raise ActionError(
            _(
                "Your teacher has not scored form %(label)s yet. Once they have, you will "
                "see your level, and the next form opens if you need it."
            )
            % {"label": waiting}
        )
    forms: list[Form] = _USABLE_FORMS.objects(standard=standard.pk)
    taken = {s.form_label for s in sat}
    form = next((f for f in forms if f.label not in taken), None)
    status = Status.NOT_STARTED
    if classroom is not None:
        found = _RECORD_STATUS.rows(
            classroom=classroom.pk, student=student.pk, standard=standard.pk
        )
        status = Status(found[0][0]) if found else Status.NOT_STARTED
    verdict = readiness(status=status, open_sitting=False, forms_left=1 if form else 0)
    if verdict is Readiness.MASTERED:
        # A spare form stays spare: retakes after mastery are the teacher's call.
        raise ActionError(_("You have already mastered %(code)s.") % {"code": standard.code})
    if verdict is Readiness.NO_FORM_LEFT or form is None:
        raise ActionError(
            _("You have taken every form for %(code)s. See your teacher about what to do next.")
            % {"code": standard.code}
        )
    if classroom is not None:
        facts = student_retake(
            classroom=classroom,
            student_id=student.pk,
            standard_id=standard.pk,
            sat=sat,
            usable={f.label for f in forms},
            now=at,
        )
        if facts is not None and not facts.verdict.open:
            raise ActionError(" ".join(phrase_text(r) for r in facts.verdict.reasons))
    attempt = assessments.open_sitting(student=student, form=form, at=at)
    refresh_student_standard(
        classrooms=classrooms,
        student=student,
        standard=standard,
        why=_("form %(label)s started") % {"label": form.label},
        at=at,
    )
    return attempt


@transaction.atomic
def submit_attempt(
    *, attempt: Attempt, answers: Mapping[int, Sequence[str]], at: datetime | None = None
) -> Attempt:
    """Score the form, record the attempt as evidence and update the student's levels, in
    one transaction. An attempt with open-response answers waits for the teacher instead:
    no evidence until the last one is scored (`score_open_response`).

    Idempotent: submitting an already-submitted attempt (double click, second tab) changes
    nothing and returns it as it is.
    """
    at = at or timezone.now()
    attempt, submitted_now = assessments.score_attempt(attempt=attempt, answers=answers, at=at)
    if not submitted_now:
        return attempt
    if attempt.is_submitted:
        _record_scored_attempt(attempt, at=at)
    return attempt


def _record_scored_attempt(attempt: Attempt, *, at: datetime) -> None:
    """A scored attempt becomes evidence, and the student's levels follow."""
    standard = attempt.form.standard
    classrooms = classrooms_holding(attempt.student, standard)
    # Every class's scale at once: the first one's scores the attempt (as scale_for_student
    # picks it), and the levels of every class follow below.
    scales = scales_for_classrooms(classrooms)
    scale = scales[classrooms[0].pk] if classrooms else DEFAULT_SCALE
    level = attempt_level(scale, attempt.percent or 0.0, met_threshold=bool(attempt.mastered))
    # Dated when the student sat it, even when the teacher scored it later.
    ledger.add_attempt_evidence(attempt=attempt, level=level, at=attempt.submitted_at or at)
    refresh_student_standard(
        classrooms=classrooms,
        student=attempt.student,
        standard=standard,
        why=_("form %(label)s submitted: %(percent)s %%")
        % {"label": attempt.form.label, "percent": number_text(attempt.percent or 0)},
        by=attempt.student,
        new_evidence=True,
        at=at,
        scales=scales,
    )


@transaction.atomic
def score_open_response(
    *,
    response: Response,
    level: int,
    comment: str,
    by: User,
    at: datetime | None = None,
) -> Attempt:
    """A teacher scores one open-response answer at a level of the student's scale (the
    points follow from it: `mastery.scale.open_response_points`). When it was the last the
    attempt waited for, the attempt is scored, becomes evidence and the levels follow, all
    in this transaction."""
    at = at or timezone.now()
    attempt = response.attempt
    standard = attempt.form.standard
    scale = scale_for_student(
        attempt.student, standard, classrooms_holding(attempt.student, standard)
    )
    if not scale.has_level(level):
        raise ActionError(_("Choose one of the scale's levels."))
    points = open_response_points(scale, level, response.item.points)
    attempt, finished = assessments.mark_open_response(
        response=response, points=points, level=level, comment=comment, by=by, at=at
    )
    if finished:
        _record_scored_attempt(attempt, at=at)
    return attempt


# --- Teacher-recorded evidence -------------------------------------------------------------


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
    files: Sequence[UploadedFile[bytes]] = (),
    at: datetime | None = None,
) -> Evidence:
    """A teacher records an observation (a check, a product, an EL conference…) on the
    class's scale; the student's levels follow in the same transaction."""
    at = at or timezone.now()
    evidence = ledger.add_evidence(
        recorded_by=recorded_by,
        classroom=classroom,
        student=student,
        standard=standard,
        kind=kind,
        level=level,
        level_range=_range(scale_for_classroom(classroom)),
        assessed_on=assessed_on,
        raw_score=raw_score,
        note=note,
        files=files,
        at=at,
    )
    refresh_student_standard(
        student=student,
        standard=standard,
        why=_("%(kind)s recorded") % {"kind": evidence.get_kind_display()},
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
    files: Sequence[UploadedFile[bytes]] = (),
    at: datetime | None = None,
) -> Evidence:
    """A one-on-one check at the station: questions marked right or wrong, scored on the
    scale's cut scores."""
    try:
        percent = check_percent(marks)
    except ValueError:
        raise ActionError(_("Mark at least one question right or wrong.")) from None
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
        note=(
            ngettext("%(right)s of %(total)s right.", "%(right)s of %(total)s right.", right)
            % {"right": right, "total": len(marks)}
            + " "
            + note
        ).strip(),
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
    """A correction is a new record that supersedes the old one; nothing is rewritten. The
    student's levels follow in the same transaction."""
    at = at or timezone.now()
    scale = scale_for_student(evidence.student, evidence.standard)
    new = ledger.add_correction(
        evidence=evidence,
        recorded_by=recorded_by,
        level=level,
        level_range=_range(scale),
        assessed_on=assessed_on,
        note=note,
        at=at,
    )
    refresh_student_standard(
        student=evidence.student,
        standard=evidence.standard,
        why=_("evidence corrected"),
        by=recorded_by,
        new_evidence=True,
        at=at,
    )
    return new
