"""Error analysis and reflection after an attempt (issue 9, item 5): actions and reads."""

from __future__ import annotations

from typing import Any

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt


def result_context(attempt: Attempt, user: User) -> dict[str, Any]:
    """What the result page needs to show the error analysis of `attempt` to `user`."""
    return {}


def tracker_context(classroom: Classroom, student: User) -> dict[str, Any]:
    """What the tracker shows of `student`'s error analyses in `classroom`."""
    return {}
