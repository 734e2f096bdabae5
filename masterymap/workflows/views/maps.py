"""The student's map (their home) and the private tracker: the mastery records with what
happened after each score (interventions), so they live in the layer above both."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.benchmarks.queries import student_benchmarks
from masterymap.goals import progress
from masterymap.interventions import reflections, tutoring
from masterymap.interventions.queries import CardExtras, MapExtras, map_extras
from masterymap.mastery.queries.tracker import Tracker, TrackerRow, TrackerUnit, student_tracker
from masterymap.mastery.views.legend import status_legend

Card = tuple[TrackerRow, CardExtras]  # a row of a map or tracker with its after-score facts


def _paired(tracker: Tracker, extras: MapExtras) -> list[tuple[TrackerUnit, list[Card]]]:
    """Each unit's rows with their after-the-score facts, paired here rather than by a
    template tag per row."""
    return [(g, [(row, extras.for_row(row)) for row in g.rows]) for g in tracker.units]


@require_GET
@login_required
def tracker_page(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """The private tracker: only the student and the teachers of their class."""
    classroom, student = access.get_tracker_owner_for_user(request.user, classroom_id, student_id)
    # The tracker shows no "latest evidence" line (the map does): one query fewer.
    tracker = student_tracker(classroom=classroom, student=student, newest_evidence=False)
    extras = map_extras(classroom=classroom, student=student, tracker=tracker)
    looks_back = reflections.tracker_context(
        classroom,
        student,
        {row.cell.standard.pk: row.cell.standard for g in tracker.units for row in g.rows},
    )
    # Each standard's row names its own looks back (the list below has them all).
    looks_per_standard = Counter(a.standard.pk for a in looks_back["analyses"])
    context = {
        "classroom": classroom,
        "tracker": tracker,
        "extras": extras,
        "units": [
            (g, [(row, card, looks_per_standard[row.cell.standard.pk]) for row, card in cards])
            for g, cards in _paired(tracker, extras)
        ],
        "legend": status_legend(),
        **looks_back,
        **tutoring.tracker_context(classroom, student),
        "goals": progress.tracker_goals(classroom, student),
        "goals_owner": request.user.pk == student.pk,
        "goals_teacher": not request.user.is_student,
    }
    return render(request, "workflows/tracker_page.html", context)


@require_GET
@login_required
def student_map(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A student's home: every standard of their map with its symbol, status and "I'm ready"
    (or why the next form is locked, and their route meanwhile)."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    tracker = student_tracker(classroom=classroom, student=request.user)
    extras = map_extras(classroom=classroom, student=request.user, tracker=tracker)
    context = {
        "classroom": classroom,
        "tracker": tracker,
        "extras": extras,
        "units": _paired(tracker, extras),
        "legend": status_legend(),
        "benchmarks": student_benchmarks(classroom, request.user),
    }
    return render(request, "workflows/student_map.html", context)
