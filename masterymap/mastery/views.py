from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masterymap.accounts import access
from masterymap.assessments.queries import attempt_review, student_attempts_on_standard
from masterymap.lib.http import AuthedRequest
from masterymap.mastery.queries import STATUS_ORDER, mastery_grid, student_tracker
from masterymap.mastery.status import STATUS_LABELS


def _legend() -> list[tuple[str, str]]:
    return [(s.value.replace("_", "-"), STATUS_LABELS[s]) for s in STATUS_ORDER]


@require_GET
@login_required
def classroom_grid(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    unit_id = request.GET.get("unit")
    grid = mastery_grid(
        classroom=classroom, unit_id=int(unit_id) if unit_id and unit_id.isdigit() else None
    )
    context = {"classroom": classroom, "grid": grid, "legend": _legend()}
    template = "mastery/classroom_grid.html"
    if request.htmx:
        template += "#mastery-grid"
    return render(request, template, context)


@require_GET
@login_required
def mastery_cell(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    """One student's attempts on one standard, item by item (the teacher's cell view)."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    student = access.get_student_for_teacher(request.user, classroom, student_id)
    standard = access.get_standard_in_classroom(classroom, standard_id)
    attempts = [
        (a, attempt_review(a) if a.is_submitted else None)
        for a in student_attempts_on_standard(student, standard)
    ]
    context = {
        "classroom": classroom,
        "student": student,
        "standard": standard,
        "attempts": attempts,
    }
    return render(request, "mastery/mastery_cell.html", context)


@require_GET
@login_required
def tracker_page(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """The private tracker: only the student and the teachers of their class."""
    classroom, student = access.get_tracker_owner_for_user(request.user, classroom_id, student_id)
    tracker = student_tracker(classroom=classroom, student=student)
    context = {"classroom": classroom, "tracker": tracker, "legend": _legend()}
    return render(request, "mastery/tracker_page.html", context)


@require_GET
@login_required
def student_map(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A student's home: every standard of their map with its symbol, status and "I'm ready"."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    tracker = student_tracker(classroom=classroom, student=request.user)
    context = {"classroom": classroom, "tracker": tracker, "legend": _legend()}
    return render(request, "mastery/student_map.html", context)
