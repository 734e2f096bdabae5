"""A student's status on one standard, from their attempts. Pure: no Django, no clock.

The rule (issue 2; issue 3 replaces it with a policy over all kinds of evidence):

- no attempt at all → not started;
- otherwise the latest *submitted* attempt decides: it met its form's threshold → mastered,
  it did not → not yet;
- attempts exist but none is submitted → in progress;
- a retake in progress after "not yet" shows as in progress; a retake in progress after
  "mastered" leaves the student mastered (an unfinished sitting proves nothing).

"Latest" is by submission time; equal times fall back to the later-started attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    NOT_YET = "not_yet"
    MASTERED = "mastered"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.IN_PROGRESS: "In progress",
    Status.NOT_YET: "Not yet",
    Status.MASTERED: "Mastered",
}


@dataclass(frozen=True)
class AttemptFact:
    started_at: datetime
    submitted_at: datetime | None
    mastered: bool | None
    attempt_id: int = 0


def status_for(attempts: Iterable[AttemptFact]) -> Status:
    facts = list(attempts)
    if not facts:
        return Status.NOT_STARTED
    submitted = [f for f in facts if f.submitted_at is not None]
    if not submitted:
        return Status.IN_PROGRESS
    latest = max(submitted, key=lambda f: (f.submitted_at, f.started_at, f.attempt_id))
    if latest.mastered:
        return Status.MASTERED
    # Only a sitting opened after the latest result is a retake; an older abandoned one is not.
    retaking = any(
        f.submitted_at is None
        and (f.started_at, f.attempt_id) > (latest.started_at, latest.attempt_id)
        for f in facts
    )
    return Status.IN_PROGRESS if retaking else Status.NOT_YET
