"""A student's status on one standard. Pure: no Django, no clock.

Issue 3's rule: the class's mastery policy turns all the evidence into a level (see
policy.py and methods.py); the status follows from that level:

- no evidence and no open sitting → not started;
- no level yet (no evidence that counts, or fewer records than the policy's minimum) but
  some evidence or an open sitting → in progress;
- a level at or above the scale's mastery level → mastered (an open retake sitting does not
  take mastery away: an unfinished sitting proves nothing);
- a level below it → not yet, or in progress while a retake sitting is open.

Issue 11 adds benchmarks, and the fifth status (docs/decisions/0008):

- the student had mastered the standard before its latest benchmark (the policy's level on
  the evidence before it), and that benchmark's sub-score is below the mastery level, and no
  teacher has decided since → **needs review**, whatever the benchmark did to the level (the
  policy decides how much benchmarks count; the contradiction is shown either way);
- the teacher decides: **keep** (mastered) or **reopen** (not yet). A decision stands until
  newer evidence that is not a benchmark (a fresh form, a check) or a newer benchmark; from
  then on the rules above decide again.

A teacher's override level, when set, stands in for the calculated level.

The status labels are English here, marked for translation (`gettext_noop`); the pages
translate them where they are shown (`mastery.sentences.status_label`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Marks `message` for makemessages, which knows this name; translates nothing (this
    module is pure). Returns `message` unchanged."""
    return message


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    NOT_YET = "not_yet"
    MASTERED = "mastered"
    NEEDS_REVIEW = "needs_review"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def css_class(self) -> str:
        """The class that colours a status everywhere ("status-not-yet"); a label or mark
        always goes with it, so status is never shown by colour alone."""
        return "status-" + self.value.replace("_", "-")


STATUS_LABELS = {
    Status.NOT_STARTED: gettext_noop("Not started"),
    Status.IN_PROGRESS: gettext_noop("In progress"),
    Status.NOT_YET: gettext_noop("Not yet"),
    Status.MASTERED: gettext_noop("Mastered"),
    Status.NEEDS_REVIEW: gettext_noop("Needs review"),
}


class Resolution(StrEnum):
    """A teacher's answer to a *needs review*."""

    KEEP = "keep"  # the mastery stands
    REOPEN = "reopen"  # not yet, until newer evidence decides


@dataclass(frozen=True)
class BenchmarkFacts:
    """What the status rule needs to know about benchmarks on one student × standard.

    `below_at`: when the latest benchmark sub-score was recorded, if it is below the mastery
    level (None: no benchmark, or the latest one is at or above it). `mastered_before`:
    whether the evidence before that benchmark made the standard mastered. `resolution` and
    `resolved_at`: the teacher's latest decision. `newest_other_at`: when the newest evidence
    that is not a benchmark was recorded.
    """

    below_at: datetime | None = None
    mastered_before: bool = False
    resolution: Resolution | None = None
    resolved_at: datetime | None = None
    newest_other_at: datetime | None = None

    @property
    def contradiction(self) -> bool:
        """A mastered standard whose latest benchmark scored below the cut, and no teacher
        decision since that benchmark."""
        if self.below_at is None or not self.mastered_before:
            return False
        return self.resolved_at is None or self.resolved_at < self.below_at

    @property
    def decision_in_force(self) -> Resolution | None:
        """The teacher's decision, unless newer evidence (or a newer benchmark) came since."""
        at = self.resolved_at
        if self.resolution is None or at is None:
            return None
        if self.newest_other_at is not None and self.newest_other_at > at:
            return None
        if self.below_at is not None and self.below_at > at:
            return None
        return self.resolution


NO_BENCHMARK = BenchmarkFacts()


def _reviewed(status: Status, facts: BenchmarkFacts) -> Status:
    """The status once benchmarks and the teacher's decisions are taken into account."""
    decision = facts.decision_in_force
    if decision is Resolution.REOPEN:
        return Status.NOT_YET if status in (Status.MASTERED, Status.NEEDS_REVIEW) else status
    if decision is Resolution.KEEP:
        return Status.MASTERED if status is not Status.NOT_STARTED else status
    if facts.contradiction:
        return Status.NEEDS_REVIEW
    return status


def status_for(
    *,
    level: float | None,
    mastered: bool,
    has_evidence: bool,
    open_sitting: bool,
    benchmark: BenchmarkFacts = NO_BENCHMARK,
) -> Status:
    if level is None:
        status = Status.IN_PROGRESS if (has_evidence or open_sitting) else Status.NOT_STARTED
    elif mastered:
        status = Status.MASTERED
    else:
        status = Status.IN_PROGRESS if open_sitting else Status.NOT_YET
    return status if benchmark is NO_BENCHMARK else _reviewed(status, benchmark)


class Readiness(StrEnum):
    """What "I'm ready" does for one student on one standard in one class."""

    RESUME = "resume"  # a sitting is open: go back to it
    START = "start"  # open the next form not yet taken
    MASTERED = "mastered"  # refused: retakes after mastery are the teacher's call
    NO_FORM_LEFT = "no_form_left"  # refused: every form taken, see the teacher

    @property
    def may_start(self) -> bool:
        return self in (Readiness.RESUME, Readiness.START)


def readiness(*, status: Status, open_sitting: bool, forms_left: int) -> Readiness:
    """The one rule for "I'm ready", used by the student's map (to offer the button) and by
    starting an attempt (to open a form or refuse). `status` is the record's in the class
    the student is working in; `forms_left`: forms with items the student has not sat."""
    if open_sitting:
        return Readiness.RESUME
    if status is Status.MASTERED:
        return Readiness.MASTERED
    return Readiness.START if forms_left > 0 else Readiness.NO_FORM_LEFT
