"""Peer tutoring (issue 9, item 7): offers, requests, suggestions, pairs and sessions."""

from __future__ import annotations

from typing import Any

from masterymap.accounts.models import Classroom, User


def tracker_context(classroom: Classroom, student: User) -> dict[str, Any]:
    """What the tracker shows about `student`'s tutoring in `classroom` (sessions given)."""
    return {}
