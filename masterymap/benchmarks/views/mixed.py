"""Mixed practice: bank questions from the standards a student mastered, mixed together,
with feedback at once. A next step after a benchmark; never evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments.forms import answers_from_post
from masterymap.benchmarks import actions, queries
from masterymap.benchmarks.access import get_mixed_practice_for_student
from masterymap.lib.errors import ActionError

PAGE = "benchmarks/mixed_page.html"


@require_GET
@login_required
def mixed_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    page = queries.mixed_page(classroom, request.user)
    return render(request, PAGE, {"classroom": classroom, "page": page, "practice": page.practice})


@require_POST
@login_required
def mixed_start(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    try:
        actions.start_mixed_practice(classroom=classroom, student=request.user)
    except ActionError as e:
        messages.warning(request, e.message)
    return redirect("benchmarks:mixed", classroom.pk)


@require_POST
@login_required
def mixed_check(request: AuthedRequest, practice_id: int, item_id: int) -> HttpResponse:
    """Check one answer; htmx swaps the question for its marked version."""
    practice = get_mixed_practice_for_student(request.user, practice_id)
    answer = answers_from_post(request.POST).get(item_id, [])
    try:
        item, saved = actions.check_mixed_answer(practice=practice, item_id=item_id, answer=answer)
    except ActionError as e:
        if request.htmx:
            return render(request, PAGE + "#practice-error", {"error": e.message}, status=422)
        messages.error(request, e.message)
        return redirect("benchmarks:mixed", practice.classroom_id)
    if not request.htmx:
        return redirect("benchmarks:mixed", practice.classroom_id)
    number = (practice.item_ids or []).index(item_id) + 1
    question = queries.practice_question(number, item, saved)
    return render(request, PAGE + "#question", {"q": question, "practice": practice})
