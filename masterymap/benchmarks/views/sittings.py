"""A student takes a benchmark: start (or resume), the answer sheet with autosave, hand in,
and the result with its contradictions, the student's explanation and the next step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments.forms import answers_from_post
from masterymap.benchmarks import actions, queries
from masterymap.benchmarks.access import (
    get_benchmark_for_student,
    get_sitting_for_student,
    get_sitting_for_user,
)
from masterymap.benchmarks.forms import ReflectForm
from masterymap.benchmarks.models import Sitting
from masterymap.benchmarks.rules import too_late
from masterymap.lib.errors import ActionError

PAGE = "benchmarks/sitting_page.html"


@require_POST
@login_required
def sitting_start(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    """Start the benchmark, or go back to the sitting already started."""
    benchmark = get_benchmark_for_student(request.user, benchmark_id)
    try:
        sitting = actions.start_sitting(benchmark=benchmark, student=request.user)
    except ActionError as e:
        messages.warning(request, e.message)
        return redirect("workflows:student-map", classroom_id=benchmark.classroom_id)
    return redirect("benchmarks:sitting", sitting_id=sitting.pk)


def _reflect_form(data: Any = None, **kwargs: Any) -> ReflectForm:
    choices = [(value, gettext(label)) for value, label in queries.explanation_choices()]
    return ReflectForm(data, choices=choices, **kwargs)


def _result(
    request: AuthedRequest, sitting: Sitting, form: ReflectForm | None = None, status: int = 200
) -> HttpResponse:
    result = queries.sitting_result(sitting)
    context = {
        "sitting": sitting,
        "benchmark": sitting.benchmark,
        "classroom": sitting.benchmark.classroom,
        "result": result,
        "mine": sitting.student_id == request.user.pk,
        "reflect_form": form,
        "explanations": _reflect_form().fields["explanation"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "benchmarks/sitting_result.html", context, status=status)


@require_GET
@login_required
def sitting_page(request: AuthedRequest, sitting_id: int) -> HttpResponse:
    """The answer sheet while in progress (the student only); the result once handed in (the
    student and their teachers). A sitting whose time ran out is handed in with what was
    saved, as closing the benchmark would."""
    sitting = get_sitting_for_user(request.user, sitting_id)
    if not sitting.is_submitted and too_late(sitting.deadline, timezone.now()):
        sitting, _now = actions.submit_sitting(sitting=sitting, answers={})
    if sitting.is_submitted:
        return _result(request, sitting)
    context: dict[str, Any] = {"sitting": sitting, "benchmark": sitting.benchmark}
    if sitting.student_id != request.user.pk:
        return render(request, "benchmarks/sitting_in_progress.html", context)
    context["sheet"] = queries.answer_sheet(sitting)
    return render(request, PAGE, context)


@require_POST
@login_required
def sitting_autosave(request: AuthedRequest, sitting_id: int) -> HttpResponse:
    sitting = get_sitting_for_student(request.user, sitting_id)
    try:
        actions.save_sitting_answers(sitting=sitting, answers=answers_from_post(request.POST))
    except ActionError as e:
        sitting.refresh_from_db()
        context = {"error": e.message, "submitted": sitting.is_submitted, "sitting": sitting}
        return render(request, PAGE + "#save-status", context, status=422)
    return render(request, PAGE + "#save-status", {"saved_at": timezone.localtime()})


@require_POST
@login_required
def sitting_submit(request: AuthedRequest, sitting_id: int) -> HttpResponse:
    sitting = get_sitting_for_student(request.user, sitting_id)
    try:
        actions.submit_sitting(sitting=sitting, answers=answers_from_post(request.POST))
    except ActionError as e:
        messages.error(request, e.message)
    return redirect("benchmarks:sitting", sitting_id=sitting.pk)


@require_POST
@login_required
def sitting_reflect(request: AuthedRequest, sitting_id: int) -> HttpResponse:
    """The student picks the explanation that fits a contradiction; the next step follows."""
    sitting = get_sitting_for_student(request.user, sitting_id)
    form = _reflect_form(request.POST)
    if form.is_valid():
        try:
            actions.reflect(
                sitting=sitting,
                standard_id=form.cleaned_data["standard"],
                explanation=form.cleaned_data["explanation"],
                note=form.cleaned_data["note"],
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, gettext("Thank you. Your next step is below."))
            return redirect(
                f"{redirect('benchmarks:sitting', sitting_id=sitting.pk).url}"
                f"#standard-{form.cleaned_data['standard']}"
            )
    return _result(request, sitting, form=form, status=422)
