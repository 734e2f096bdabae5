"""Reads about people and classes, shared by the pages of several apps."""

from __future__ import annotations

from collections.abc import Iterable

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from masterymap.accounts.models import Classroom, User


def classroom_roster(classroom: Classroom) -> list[User]:
    """The students enrolled in a class, by last name. One query."""
    return list(
        User.objects.filter(enrollments__classroom=classroom).order_by(
            "last_name", "first_name", "username"
        )
    )


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these accounts are paused after too many wrong passwords (django-axes keeps
    the count; a lock ends AXES_COOLOFF_TIME after the last failure). One query."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )
