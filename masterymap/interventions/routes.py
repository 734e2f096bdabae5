"""Remediation routes, resources, steps and practice (issue 9, items 1 to 3)."""

from __future__ import annotations

from typing import Any

from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt


def result_context(attempt: Attempt, user: User, *, mastered: bool, latest: bool) -> dict[str, Any]:
    """What the result page needs to offer "What next?" after `attempt` to `user`."""
    return {}
