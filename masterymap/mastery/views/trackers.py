"""The student's map (their home) and the private tracker."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.mastery.queries.tracker import student_tracker
from masterymap.mastery.views.legend import status_legend


@require_GET
@login_required
def tracker_page(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """The private tracker: only the student and the teachers of their class."""
    classroom, student = access.get_tracker_owner_for_user(request.user, classroom_id, student_id)
    tracker = student_tracker(classroom=classroom, student=student)
    context = {"classroom": classroom, "tracker": tracker, "legend": status_legend()}
    return render(request, "mastery/tracker_page.html", context)


@require_GET
@login_required
def student_map(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A student's home: every standard of their map with its symbol, status and "I'm ready"."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    tracker = student_tracker(classroom=classroom, student=request.user)
    context = {"classroom": classroom, "tracker": tracker, "legend": status_legend()}
    return render(request, "mastery/student_map.html", context)
