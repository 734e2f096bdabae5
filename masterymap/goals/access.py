"""Access helpers for the goals app: each returns the object or raises 404 ("not there" and
"not yours" look the same). Built from the rules in accounts.access (docs/concepts.md, "Who
may see what")."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from masterymap.accounts.access import (
    classrooms_for_user,
    get_classroom_for_student,
    get_classroom_for_teacher,
)
from masterymap.accounts.models import Classroom, User
from masterymap.goals.models import CheckIn, Goal


def get_classroom_for_public_map(user: User, classroom_id: int) -> Classroom:
    """The class whose public map `user` may see: a class they teach (or administer), or one
    they are enrolled in. Public means public within the class only."""
    # Students: only a class they are enrolled in.
    if user.is_student:
        return get_classroom_for_student(user, classroom_id)
    # Teachers and admins: the classes they manage.
    return get_classroom_for_teacher(user, classroom_id)


def get_goal_for_student(user: User, goal_id: int) -> Goal:
    """A student's own goal (to accept, decline, withdraw, check in); 404 for anyone else,
    class goals included: those are the teacher's."""
    # Only students own goals; a teacher acts through get_goal_for_teacher.
    if not user.is_student:
        raise Http404("No such goal.")
    # Their own goal, in a class they are still enrolled in.
    try:
        return Goal.objects.select_related("classroom").get(
            pk=goal_id, student=user, classroom__enrollments__student=user
        )
    except Goal.DoesNotExist:
        raise Http404("No such goal.") from None


def get_goal_for_teacher(user: User, goal_id: int) -> Goal:
    """A goal (a class's or a student's) in a class the user teaches or administers."""
    # Students never act on goals as a teacher does.
    if user.is_student:
        raise Http404("No such goal.")
    # A goal in one of the classes they manage.
    try:
        return Goal.objects.select_related("classroom", "student").get(
            pk=goal_id, classroom__in=classrooms_for_user(user)
        )
    except Goal.DoesNotExist:
        raise Http404("No such goal.") from None


def get_check_in_for_teacher(user: User, check_in_id: int) -> CheckIn:
    """A check-in on a goal of a student in a class the user teaches or administers."""
    # Students never confirm check-ins, not even their own.
    if user.is_student:
        raise Http404("No such check-in.")
    # A check-in on a goal in one of the classes they manage.
    try:
        return CheckIn.objects.select_related("goal").get(
            Q(goal__classroom__in=classrooms_for_user(user)), pk=check_in_id
        )
    except CheckIn.DoesNotExist:
        raise Http404("No such check-in.") from None
