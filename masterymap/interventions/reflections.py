"""Error analysis and reflection after an attempt (issue 9, item 5): actions and reads."""

from __future__ import annotations

from typing import Any

from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt


def result_context(attempt: Attempt, user: User) -> dict[str, Any]:
    """What the result page needs to show the error analysis of `attempt` to `user`."""
    return {}
