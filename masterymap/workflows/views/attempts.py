"""A student takes an assessment: "I'm ready", the answer sheet with autosave, submit, and
the result, which reports the verdict of the student's mastery record."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments import access as assessments_access
from masterymap.assessments.actions import attach_photo, save_answers
from masterymap.assessments.forms import answers_from_post
from masterymap.assessments.keys import Timing, keys_shown
from masterymap.assessments.models import Attempt, Item
from masterymap.assessments.queries import (
    answer_sheet,
    attempt_review,
    forms_left,
    is_latest_submission,
)
from masterymap.interventions import reflections, routes
from masterymap.lib.errors import ActionError
from masterymap.lib.uploads import UploadError, check_upload
from masterymap.mastery.engine import classrooms_holding
from masterymap.mastery.queries.cell import record_verdict
from masterymap.standards import access as standards_access
from masterymap.workflows import actions


@require_POST
@login_required
def attempt_start(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """ "I'm ready": open the next form the student has not taken."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    try:
        attempt = actions.start_attempt(
            student=request.user, standard=standard, classroom=classroom
        )
    except ActionError as e:
        messages.warning(request, e.message)
        return redirect("workflows:student-map", classroom_id=classroom.pk)
    return _attempt_response(request, attempt.pk)


@require_GET
@login_required
def attempt_page(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """The answer sheet while in progress (student only); the scored review once submitted."""
    return _attempt_response(request, attempt_id)


def _attempt_response(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """The attempt's page. "I'm ready" and submit answer with it too, rather than with a
    redirect to it: one request and one round trip fewer for the student at the two moments
    they wait for (decision 0017). The page names its address (`canonical`), which the
    browser then shows (static/js/canonical.js), so a reload asks for the page."""
    attempt = assessments_access.get_attempt_for_user(request.user, attempt_id)
    context: dict[str, Any] = {
        "attempt": attempt,
        "standard": attempt.form.standard,
        "canonical": reverse("workflows:attempt", args=[attempt.pk]),
    }
    if attempt.is_awaiting:
        context["review"] = attempt_review(attempt, show_keys=False)
        context["waiting"] = [q for q in context["review"] if q.awaiting]
        return render(request, "workflows/attempt_waiting.html", context)
    if attempt.is_submitted:
        # The verdict is the record's, as the map and tracker show it, not the form's alone.
        context["verdict"] = record_verdict(student=attempt.student, standard=attempt.form.standard)
        context["keys_shown"] = _keys_shown(request, attempt, bool(context["verdict"].mastered))
        context["review"] = attempt_review(attempt, show_keys=context["keys_shown"])
        context["latest"] = is_latest_submission(attempt)
        # After the score: the error analysis and the ways back to mastery (interventions).
        context.update(reflections.result_context(attempt, request.user, review=context["review"]))
        context.update(
            routes.result_context(
                attempt,
                request.user,
                mastered=bool(context["verdict"].mastered),
                latest=context["latest"],
            )
        )
        return render(request, "workflows/attempt_result.html", context)
    if attempt.student_id != request.user.pk:
        return render(request, "workflows/attempt_in_progress.html", context)
    context["sheet"] = answer_sheet(attempt)
    # Each open response's photo of the working goes up through a form of its own.
    context["photo_items"] = [q.item_id for q in context["sheet"] if q.kind == Item.Kind.OPEN]
    return render(request, "workflows/attempt_page.html", context)


def _keys_shown(request: AuthedRequest, attempt: Attempt, mastered: bool) -> bool:
    """Whether this result shows the correct answers: the class of the student's first
    class on the map decides when (assessments.keys); teachers always see them."""
    if not request.user.is_student:
        return True
    classrooms = classrooms_holding(attempt.student, attempt.form.standard)
    timing = classrooms[0].show_answers if classrooms else Timing.AFTER_ATTEMPT
    if timing == Timing.AFTER_ATTEMPT:
        return True
    return keys_shown(
        timing,
        teacher=False,
        mastered=mastered,
        forms_left=forms_left(attempt.student, attempt.form.standard),
    )


@require_POST
@login_required
def attempt_autosave(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt = assessments_access.get_attempt_for_student(request.user, attempt_id)
    try:
        save_answers(attempt=attempt, answers=answers_from_post(request.POST))
    except ActionError as e:
        # Submitted in another tab: the page then forgets its copy on the device (attempt.js).
        context = {"error": e.message, "submitted": attempt.is_handed_in, "attempt": attempt}
        return render(request, "workflows/attempt_page.html#save-status", context, status=422)
    context = {"saved_at": timezone.localtime()}
    return render(request, "workflows/attempt_page.html#save-status", context)


@require_POST
@login_required
def attempt_submit(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt = assessments_access.get_attempt_for_student(request.user, attempt_id)
    try:
        actions.submit_attempt(attempt=attempt, answers=answers_from_post(request.POST))
    except ActionError as e:
        messages.error(request, e.message)
    return _attempt_response(request, attempt.pk)


@require_POST
@login_required
def attempt_photo(request: AuthedRequest, attempt_id: int, item_id: int) -> HttpResponse:
    """A photo of the paper working for an open-response question, checked by its content."""
    attempt = assessments_access.get_attempt_for_student(request.user, attempt_id)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo first."))
        return redirect("workflows:attempt", attempt_id=attempt.pk)
    try:
        checked = check_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES, pictures_only=True)
        attach_photo(attempt=attempt, item_id=item_id, upload=checked)
    except UploadError as e:
        messages.error(request, e.message)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Photo attached. Your written answers are saved too."))
    return redirect(f"{reverse('workflows:attempt', args=[attempt.pk])}#q-{item_id}")
