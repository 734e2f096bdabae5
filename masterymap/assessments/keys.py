"""When a student may see the correct answers of a form they took. Pure: no Django.

The class chooses (`Timing`):

- **after each attempt** (the default): the key, the correct choices and the feedback show on
  the result at once;
- **once mastered, or when the forms run out**: until then the result shows which questions
  were right or wrong and, for a wrong choice, why it is tempting, but not which answer is
  right nor the feedback (it often says how to get it), so a retake's form keeps its worth;
- **never**: as above, always.

Teachers always see the key.
"""

from __future__ import annotations

from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Marks `message` for makemessages; translates nothing (this module is pure)."""
    return message


class Timing(StrEnum):
    AFTER_ATTEMPT = "after_attempt"
    AFTER_MASTERY = "after_mastery"
    NEVER = "never"

    @property
    def label(self) -> str:
        return TIMING_LABELS[self]


TIMING_LABELS = {
    Timing.AFTER_ATTEMPT: gettext_noop("Right after each attempt"),
    Timing.AFTER_MASTERY: gettext_noop("Once the standard is mastered, or every form is taken"),
    Timing.NEVER: gettext_noop("Never (right or wrong only)"),
}


def keys_shown(timing: str, *, teacher: bool, mastered: bool, forms_left: int) -> bool:
    """Whether a result shows the correct answers and the feedback to this reader."""
    if teacher:
        return True
    if timing == Timing.NEVER:
        return False
    if timing == Timing.AFTER_MASTERY:
        return mastered or forms_left <= 0
    return True
