"""A student's status on one standard. Pure: no Django, no clock.

Issue 3's rule: the class's mastery policy turns all the evidence into a level (see
policy.py and methods.py); the status follows from that level:

- no evidence and no open sitting → not started;
- no level yet (no evidence that counts, or fewer records than the policy's minimum) but
  some evidence or an open sitting → in progress;
- a level at or above the scale's mastery level → mastered (an open retake sitting does not
  take mastery away: an unfinished sitting proves nothing);
- a level below it → not yet, or in progress while a retake sitting is open.

Issue 11 adds benchmarks, and the fifth status:

- mastered, but the latest benchmark sub-score on the standard is below the mastery level
  and no teacher has resolved it since → **needs review** (the contradiction a teacher is
  asked to look at);
- the teacher resolves it: **keep** (mastered stands until the next benchmark below the
  cut) or **reopen** (not yet, until newer evidence than the reopening decides again).

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
    level (None: no benchmark, or the latest one is at or above it). `resolution` and
    `resolved_at`: the teacher's latest decision on a *needs review*. `newest_other_at`: the
    newest evidence that is not a benchmark (a retake after a reopening, say).
    """

    below_at: datetime | None = None
    resolution: Resolution | None = None
    resolved_at: datetime | None = None
    newest_other_at: datetime | None = None


NO_BENCHMARK = BenchmarkFacts()


def _reviewed(status: Status, facts: BenchmarkFacts) -> Status:
    """The status once benchmarks and the teacher's resolutions are taken into account."""
    resolved_at = facts.resolved_at
    if facts.resolution is Resolution.REOPEN and resolved_at is not None:
        newer = facts.newest_other_at is not None and facts.newest_other_at > resolved_at
        if not newer and status is Status.MASTERED:
            return Status.NOT_YET
    if status is not Status.MASTERED or facts.below_at is None:
        return status
    # A decision taken after the benchmark settles it; a newer benchmark asks again.
    if resolved_at is not None and resolved_at >= facts.below_at:
        return status
    return Status.NEEDS_REVIEW


def status_for(
    *,
    level: float | None,
    mastered: bool,
    has_evidence: bool,
    open_sitting: bool,
    benchmark: BenchmarkFacts = NO_BENCHMARK,
) -> Status:
    if level is None:
        return Status.IN_PROGRESS if (has_evidence or open_sitting) else Status.NOT_STARTED
    if mastered:
        return _reviewed(Status.MASTERED, benchmark)
    return Status.IN_PROGRESS if open_sitting else Status.NOT_YET


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
