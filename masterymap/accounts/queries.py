"""Reads about people and classes, shared by the pages of several apps."""

from __future__ import annotations

from masterymap.accounts.models import Classroom, User


def classroom_roster(classroom: Classroom) -> list[User]:
    """The students enrolled in a class, by last name. One query."""
    return list(
        User.objects.filter(enrollments__classroom=classroom).order_by(
            "last_name", "first_name", "username"
        )
    )
