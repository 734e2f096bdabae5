"""Pages of the interventions app: the look back at a try (error analysis and reflection),
which autosaves on the result page, and the teacher's error patterns per standard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments.models import Attempt
from masterymap.interventions import access as interventions_access
from masterymap.interventions import reflections
from masterymap.lib.errors import ActionError
from masterymap.standards import access as standards_access

STATUS = "interventions/result_analysis.html#analysis-status"
SECTION = "interventions/result_analysis.html#error-analysis"


def _posted(post: QueryDict) -> tuple[dict[int, str], dict[int, str], str | None]:
    """Reasons and fixes by item id, and the summary (None when not posted). A field name
    that is not `reason-<id>` or `fix-<id>` with a number is tampering: refused."""
    reasons: dict[int, str] = {}
    fixes: dict[int, str] = {}
    for name in post:
        kind, _sep, item_id = name.partition("-")
        if kind not in ("reason", "fix"):
            continue
        if not (item_id.isascii() and item_id.isdigit()):
            raise ActionError(_("That question was not missed on this try."))
        value = post.get(name) or ""
        (reasons if kind == "reason" else fixes)[int(item_id)] = value.replace("\r\n", "\n")
    summary = post.get("summary")
    return reasons, fixes, None if summary is None else summary.replace("\r\n", "\n")


def _save(request: AuthedRequest, attempt: Attempt) -> None:
    reasons, fixes, summary = _posted(request.POST)
    reflections.save_error_analysis(
        attempt=attempt, student=request.user, reasons=reasons, fixes=fixes, summary=summary
    )


def _result_url(attempt: Attempt) -> str:
    return reverse("workflows:attempt", kwargs={"attempt_id": attempt.pk}) + "#error-analysis"


@require_POST
@login_required
def analysis_autosave(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """Autosave the look back (htmx, on every change and after a pause in typing)."""
    attempt = interventions_access.get_attempt_for_analysis_writer(request.user, attempt_id)
    try:
        _save(request, attempt)
    except ActionError as e:
        return render(request, STATUS, {"error": e.message}, status=422)
    return render(request, STATUS, {"saved_at": timezone.localtime()})


def _refused(request: AuthedRequest, attempt: Attempt, context: dict[str, Any]) -> HttpResponse:
    # htmx: the status says why (swapped out of band: an autosave may have replaced the
    # status element meanwhile), and what the student typed stays on the page.
    if request.htmx:
        return render(request, STATUS, {**context, "oob": True}, status=422)
    messages.error(request, context.get("error") or context.get("problem", ""))
    return redirect(_result_url(attempt))


@require_POST
@login_required
def analysis_finish(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """Save what is on the page, then finish: the whole section comes back finished, or the
    status says what is missing (and the text stays on the page)."""
    attempt = interventions_access.get_attempt_for_analysis_writer(request.user, attempt_id)
    try:
        _save(request, attempt)
    except ActionError as e:
        return _refused(request, attempt, {"error": e.message})
    try:
        reflections.finish_error_analysis(attempt=attempt, student=request.user)
    except ActionError as e:
        return _refused(request, attempt, {"problem": e.message})
    if request.htmx:
        context: dict[str, Any] = {"attempt": attempt, "just_finished": True}
        context.update(reflections.result_context(attempt, request.user))
        response = render(request, SECTION, context)
        response["HX-Retarget"] = "#error-analysis"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, _("Finished. Your teacher can read it now."))
    return redirect(_result_url(attempt))


@require_POST
@login_required
def analysis_read(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """A teacher marks the student's finished look back as read (the student can no longer
    change it)."""
    attempt = interventions_access.get_attempt_for_analysis_reader(request.user, attempt_id)
    try:
        reflections.mark_error_analysis_read(attempt=attempt, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Marked as read."))
    return redirect(_result_url(attempt))


@require_POST
@login_required
def analysis_unread(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """Undo "Mark as read": the student may edit it again."""
    attempt = interventions_access.get_attempt_for_analysis_reader(request.user, attempt_id)
    try:
        reflections.unmark_error_analysis_read(attempt=attempt, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Marked as not read: the student can change it again."))
    return redirect(_result_url(attempt))


@require_GET
@login_required
def patterns_page(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """Error patterns on one standard in one class: the teacher's view of why items are
    missed (teachers of the class and school admins only)."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    context = {
        "classroom": classroom,
        "standard": standard,
        "patterns": reflections.error_patterns(classroom, standard),
    }
    return render(request, "interventions/patterns_page.html", context)


ANALYSIS = "attempts/<id:attempt_id>/error-analysis/"

urlpatterns: list[URLPattern] = [
    path(ANALYSIS, analysis_autosave, name="analysis-autosave"),
    path(ANALYSIS + "finish/", analysis_finish, name="analysis-finish"),
    path(ANALYSIS + "read/", analysis_read, name="analysis-read"),
    path(ANALYSIS + "unread/", analysis_unread, name="analysis-unread"),
    path(
        "classes/<id:classroom_id>/standards/<id:standard_id>/patterns/",
        patterns_page,
        name="patterns",
    ),
]
