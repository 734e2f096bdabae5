"""Goals pages: setting a goal (the student's own, or a teacher's suggestion), accepting or
declining a suggestion, withdrawing, check-ins and their confirmation, the class's goals page
(class goals, every student's goals and pace, check-ins to confirm, the spread of levels), and
adding the practice run to a class's map."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, User
from masterymap.accounts.request_types import AuthedRequest
from masterymap.goals import access as goals_access
from masterymap.goals import actions, progress
from masterymap.goals import practice_run as practice
from masterymap.goals.forms import CheckInForm, GoalForm
from masterymap.goals.models import Goal
from masterymap.lib.errors import ActionError
from masterymap.lib.redirects import posted_next


def _tracker_goals(classroom_id: int, student_id: int) -> str:
    return reverse("workflows:tracker", args=[classroom_id, student_id]) + "#goals"


def _set_goal(
    request: AuthedRequest, form: GoalForm, classroom: Classroom, student: User | None
) -> Goal | None:
    """The goal the valid form asks for, or None with the action's reason on the form."""
    data = form.cleaned_data
    try:
        return actions.set_goal(
            classroom=classroom,
            student=student,
            kind=data["kind"],
            target=data.get("target") or 0,
            deadline=data["deadline"],
            title=data.get("title") or "",
            unit=data.get("unit"),
            standards=list(data.get("standards") or []),
            public=data.get("public", False),
            # A teacher's goal for a student is a suggestion the student accepts or not.
            suggest=student is not None and not request.user.is_student,
            by=request.user,
        )
    except ActionError as e:
        form.add_error(None, e.message)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def goal_new(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """A student sets a goal of their own; a teacher suggests one to a student."""
    classroom, student = access.get_tracker_owner_for_user(request.user, classroom_id, student_id)
    form = GoalForm(request.POST or None, classroom=classroom, for_class=False)
    if request.method == "POST" and form.is_valid():
        goal = _set_goal(request, form, classroom, student)
        if goal is not None:
            if goal.state == Goal.State.SUGGESTED:
                messages.success(
                    request, _("Goal suggested; it shows on the student's tracker to accept.")
                )
            else:
                messages.success(request, _("Goal set. Your pace and plot are below."))
            return redirect(_tracker_goals(classroom.pk, student.pk))
    context = {"classroom": classroom, "student": student, "form": form}
    return render(request, "goals/goal_new.html", context, status=400 if form.errors else 200)


def _goal_for_owner_or_teacher(user: User, goal_id: int) -> Goal:
    """The student's own goal, or a goal in a class the user teaches."""
    if user.is_student:
        return goals_access.get_goal_for_student(user, goal_id)
    return goals_access.get_goal_for_teacher(user, goal_id)


def _after(request: AuthedRequest, goal: Goal) -> HttpResponse:
    if goal.student_id is None:
        default = reverse("goals:class-goals", args=[goal.classroom_id])
    else:
        default = _tracker_goals(goal.classroom_id, goal.student_id)
    return redirect(posted_next(request, default))


def _move(request: AuthedRequest, goal: Goal, move: Callable[..., Goal], done: str) -> HttpResponse:
    """Apply one of the goal's moves, saying what happened (or why not), and go back."""
    try:
        move(goal=goal)
        messages.success(request, done)
    except ActionError as e:
        messages.error(request, e.message)
    return _after(request, goal)


@require_POST
@login_required
def goal_accept(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = goals_access.get_goal_for_student(request.user, goal_id)
    return _move(request, goal, actions.accept_goal, _("Goal accepted. It counts from today."))


@require_POST
@login_required
def goal_decline(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = goals_access.get_goal_for_student(request.user, goal_id)
    return _move(request, goal, actions.decline_goal, _("Suggestion declined."))


@require_POST
@login_required
def goal_withdraw(request: AuthedRequest, goal_id: int) -> HttpResponse:
    """The student puts their goal aside, or a teacher withdraws a class goal or suggestion."""
    goal = _goal_for_owner_or_teacher(request.user, goal_id)
    # A teacher does not withdraw a goal a student set themselves: that is the student's.
    mine = request.user.is_student or goal.student_id is None
    if not mine and goal.state != Goal.State.SUGGESTED:
        raise Http404("No such goal.")
    return _move(
        request, goal, actions.withdraw_goal, _("Goal withdrawn. It stays in the history.")
    )


@require_POST
@login_required
def check_in(request: AuthedRequest, goal_id: int) -> HttpResponse:
    """The student counts progress on their counted goal."""
    goal = goals_access.get_goal_for_student(request.user, goal_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return _after(request, goal)
    try:
        actions.record_check_in(
            goal=goal,
            on=form.cleaned_data["on"],
            amount=form.cleaned_data["amount"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Checked in. Your teacher can confirm it."))
    except ActionError as e:
        messages.error(request, e.message)
    return _after(request, goal)


@require_POST
@login_required
def check_in_confirm(request: AuthedRequest, check_in_id: int) -> HttpResponse:
    found = goals_access.get_check_in_for_teacher(request.user, check_in_id)
    actions.confirm_check_in(check_in=found, by=request.user)
    messages.success(request, _("Check-in confirmed."))
    return redirect(
        posted_next(request, reverse("goals:class-goals", args=[found.goal.classroom_id]))
    )


@require_http_methods(["GET", "POST"])
@login_required
def class_goals_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The teacher's goals page: the class's goals, every student's, and the spread of levels."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = GoalForm(request.POST or None, classroom=classroom, for_class=True)
    set_now = request.method == "POST" and form.is_valid()
    if set_now and _set_goal(request, form, classroom, None) is not None:
        messages.success(request, _("Class goal set."))
        return redirect(reverse("goals:class-goals", args=[classroom.pk]) + "#class-goals")
    context = {
        "classroom": classroom,
        "form": form,
        "page": progress.class_page(classroom, today=timezone.localdate()),
    }
    return render(request, "goals/class_goals.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def practice_run(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Add the ready-made "how this works" standard to the class's map."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    try:
        standard = practice.add_practice_run(classroom=classroom, by=request.user)
        messages.success(
            request,
            _(
                "The practice run is on the map as %(code)s, with a form of three questions. "
                "Run it once together in the first lesson."
            )
            % {"code": standard.code},
        )
    except ActionError as e:
        messages.error(request, e.message)
    return redirect(posted_next(request, reverse("goals:class-goals", args=[classroom.pk])))
