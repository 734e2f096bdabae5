"""A student's status on one standard. Pure: no Django, no clock.

Issue 3's rule: the class's mastery policy turns all the evidence into a level (see
policy.py and methods.py); the status follows from that level:

- no evidence and no open sitting → not started;
- no level yet (no evidence that counts, or fewer records than the policy's minimum) but
  some evidence or an open sitting → in progress;
- a level at or above the scale's mastery level → mastered (an open retake sitting does not
  take mastery away: an unfinished sitting proves nothing);
- a level below it → not yet, or in progress while a retake sitting is open.

A teacher's override level, when set, stands in for the calculated level.

The status labels are English here, marked for translation (`gettext_noop`); the pages
translate them where they are shown (`mastery.sentences.status_label`).
"""

from __future__ import annotations

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
}


def status_for(
    *, level: float | None, mastered: bool, has_evidence: bool, open_sitting: bool
) -> Status:
    if level is None:
        return Status.IN_PROGRESS if (has_evidence or open_sitting) else Status.NOT_STARTED
    if mastered:
        return Status.MASTERED
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
