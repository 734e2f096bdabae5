"""The scoring queue: a teacher scores open-response answers on the class's scale."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments import access as assessments_access
from masterymap.assessments.models import Item, Response
from masterymap.lib.errors import ActionError
from masterymap.lib.fields import LONG_TEXT_MAX
from masterymap.lib.ids import parse_id
from masterymap.mastery.engine import scale_for_classroom
from masterymap.workflows import actions
from masterymap.workflows.scoring import scoring_queue


@require_GET
@login_required
def queue_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    scale = scale_for_classroom(classroom)
    context = {"classroom": classroom, "entries": scoring_queue(classroom, scale)}
    return render(request, "workflows/scoring_queue.html", context)


@require_POST
@login_required
def score_response(request: AuthedRequest, classroom_id: int, response_id: int) -> HttpResponse:
    """Score one answer; back to the queue, which then shows the next."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    response = (
        Response.objects.select_related("item", "attempt__form__standard", "attempt__student")
        .filter(pk=response_id, item__kind=Item.Kind.OPEN)
        .first()
    )
    if response is None or request.user.is_student:
        raise Http404("No such answer.")
    # The teacher may read this student's attempt (a class of theirs on its map).
    assessments_access.get_attempt_for_user(request.user, response.attempt_id)
    level = parse_id(request.POST.get("level"))
    comment = request.POST.get("comment", "")[:LONG_TEXT_MAX].replace("\x00", "")
    if level is None:
        messages.error(request, _("Choose a level for the answer."))
        return redirect("workflows:scoring-queue", classroom_id=classroom.pk)
    try:
        attempt = actions.score_open_response(
            response=response, level=level, comment=comment, by=request.user
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        name = attempt.student.display_name
        if attempt.is_submitted:
            messages.success(
                request,
                _("Scored. %(name)s's form %(label)s is complete: their level is updated.")
                % {"name": name, "label": attempt.form.label},
            )
        else:
            messages.success(
                request,
                _("Scored. %(name)s's form waits for its other written answers.") % {"name": name},
            )
    return redirect("workflows:scoring-queue", classroom_id=classroom.pk)
