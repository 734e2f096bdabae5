"""Keeps each student × standard status row in step with the attempts behind it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.status import AttemptFact, status_for
from masterymap.standards.models import Standard


@transaction.atomic
def refresh_mastery_record(*, student: User, standard: Standard, at: datetime) -> MasteryRecord:
    """Recompute one cell from the student's attempts on the standard and store it."""
    attempts = list(
        Attempt.objects.filter(student=student, form__standard=standard).values(
            "id", "started_at", "submitted_at", "mastered", "percent"
        )
    )
    facts = [
        AttemptFact(
            started_at=a["started_at"],
            submitted_at=a["submitted_at"],
            mastered=a["mastered"],
            attempt_id=a["id"],
        )
        for a in attempts
    ]
    submitted = [a for a in attempts if a["submitted_at"] is not None]
    latest = max(
        submitted, key=lambda a: (a["submitted_at"], a["started_at"], a["id"]), default=None
    )
    record, _ = MasteryRecord.objects.update_or_create(
        student=student,
        standard=standard,
        defaults={
            "status": status_for(facts).value,
            "attempts_count": len(submitted),
            "latest_percent": latest["percent"] if latest else None,
            "updated_at": at,
        },
    )
    return record
