"""Retake rules: when a student who is *not yet* there may sit the next form. Pure.

Part of a class's mastery policy (with a per-standard override, like the rest of it):
- a cool-down in days: 0 (none), 1 (from tomorrow), N (from the Nth day after the last
  try), counted in the school's calendar days, not hours, so "tomorrow" means tomorrow
  morning whatever time the last try ended;
- steps before the next form opens: the reflection on the last attempt written, and/or a
  step of the student's route done (or the teacher's approval instead);
- how many forms a student may take before the teacher decides what comes next.

The teacher's unlock (one click from the grid) lifts every lock but one: when no form is
left, there is nothing to open, so the teacher has to add a form or choose another route.
A locked student is never left at a dead end: `needs_teacher` says the request belongs in
the teacher's inbox.

No Django, no database, no clock reads: times and the school's time zone are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from masterymap.mastery.phrases import Phrase, gettext_lazy, ngettext_lazy, render

MAX_COOL_DOWN_DAYS = 30
MAX_FORMS_LIMIT = 20


class RetakeRulesError(ValueError):
    """Rules that cannot be saved; `phrase` says why, for the teacher."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(render(phrase))
        self.phrase = phrase


@dataclass(frozen=True)
class RetakeRules:
    """`cool_down_days`: 0 none, 1 from tomorrow, N from the Nth day after the last try.
    `reflection_required`: the reflection on the last attempt is written first.
    `step_required`: a step of the route is done first, or the teacher approves.
    `max_forms`: forms a student may take on the standard before the teacher decides
    (None: as many as the standard has)."""

    cool_down_days: int = 1
    reflection_required: bool = True
    step_required: bool = False
    max_forms: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.cool_down_days <= MAX_COOL_DOWN_DAYS:
            raise RetakeRulesError(
                gettext_lazy(
                    "The wait between tries is from 0 to %(max)s days.", max=MAX_COOL_DOWN_DAYS
                )
            )
        if self.max_forms is not None and not 1 <= self.max_forms <= MAX_FORMS_LIMIT:
            raise RetakeRulesError(
                gettext_lazy(
                    "The number of forms a student may take is from 1 to %(max)s, or no limit.",
                    max=MAX_FORMS_LIMIT,
                )
            )

    def to_json(self) -> dict[str, object]:
        return {
            "cool_down_days": self.cool_down_days,
            "reflection_required": self.reflection_required,
            "step_required": self.step_required,
            "max_forms": self.max_forms,
        }

    @classmethod
    def from_json(cls, raw: object) -> RetakeRules:
        """Rules as stored; anything missing or out of range falls back to the default,
        so a damaged row can never stop a student from retaking for good."""
        if not isinstance(raw, Mapping):
            return DEFAULT_RULES
        default = DEFAULT_RULES
        days = raw.get("cool_down_days", default.cool_down_days)
        forms = raw.get("max_forms", default.max_forms)
        try:
            return cls(
                cool_down_days=days if type(days) is int else default.cool_down_days,
                reflection_required=bool(
                    raw.get("reflection_required", default.reflection_required)
                ),
                step_required=bool(raw.get("step_required", default.step_required)),
                max_forms=forms if forms is None or type(forms) is int else None,
            )
        except RetakeRulesError:
            return DEFAULT_RULES


# A day to think it over and a written reflection, no limit: what a class with nothing
# configured gets.
DEFAULT_RULES = RetakeRules()


@dataclass(frozen=True)
class RetakeState:
    """Where one student stands on one standard. `last_submitted` is their latest
    submitted attempt (None: never tried); the three flags are about what happened since."""

    forms_taken: int
    forms_left: int
    last_submitted: datetime | None
    reflected: bool = False
    step_done: bool = False
    unlocked_by_teacher: bool = False


class Lock(StrEnum):
    COOL_DOWN = "cool_down"
    REFLECTION = "reflection"
    STEP = "step"
    FORM_LIMIT = "form_limit"
    NO_FORM_LEFT = "no_form_left"


TEACHER_DECIDES = frozenset({Lock.FORM_LIMIT, Lock.NO_FORM_LEFT})


@dataclass(frozen=True)
class RetakeVerdict:
    locks: tuple[Lock, ...]
    unlocks_at: datetime | None  # when the cool-down ends, if it is one of the locks
    reasons: tuple[Phrase, ...]  # one sentence per lock, for the student

    @property
    def open(self) -> bool:
        return not self.locks

    @property
    def needs_teacher(self) -> bool:
        """Only the teacher can move this student on: the request goes to their inbox."""
        return any(lock in TEACHER_DECIDES for lock in self.locks)


def cool_down_ends(last_submitted: datetime, days: int, zone: tzinfo) -> datetime | None:
    """The start of the school day `days` days after the last try (None: no cool-down)."""
    if days <= 0:
        return None
    last_day: date = last_submitted.astimezone(zone).date()
    return datetime.combine(last_day + timedelta(days=days), time(0), tzinfo=zone)


def retake(rules: RetakeRules, state: RetakeState, *, now: datetime, zone: tzinfo) -> RetakeVerdict:
    """Whether the next form may open now, and if not, every reason why."""
    locks: list[Lock] = []
    reasons: list[Phrase] = []
    unlocks_at: datetime | None = None
    if state.forms_left <= 0:
        locks.append(Lock.NO_FORM_LEFT)
        reasons.append(
            gettext_lazy("You have taken every form: your teacher decides what comes next.")
        )
    first_try = state.last_submitted is None or state.forms_taken == 0
    if not first_try and not state.unlocked_by_teacher:
        assert state.last_submitted is not None
        ends = cool_down_ends(state.last_submitted, rules.cool_down_days, zone)
        if ends is not None and now < ends:
            locks.append(Lock.COOL_DOWN)
            unlocks_at = ends
            days = (ends.astimezone(zone).date() - now.astimezone(zone).date()).days
            reasons.append(
                gettext_lazy("The next form opens tomorrow.")
                if days <= 1
                else ngettext_lazy(
                    "The next form opens in %(count)s day.",
                    "The next form opens in %(count)s days.",
                    days,
                )
            )
        if rules.reflection_required and not state.reflected:
            locks.append(Lock.REFLECTION)
            reasons.append(gettext_lazy("First write your reflection on your last try."))
        if rules.step_required and not state.step_done:
            locks.append(Lock.STEP)
            reasons.append(
                gettext_lazy(
                    "First finish a step of your route, or ask your teacher to unlock the retake."
                )
            )
        if (
            rules.max_forms is not None
            and state.forms_taken >= rules.max_forms
            and Lock.NO_FORM_LEFT not in locks
        ):
            locks.append(Lock.FORM_LIMIT)
            reasons.append(
                ngettext_lazy(
                    "You have taken %(count)s form: your teacher decides what comes next.",
                    "You have taken %(count)s forms: your teacher decides what comes next.",
                    state.forms_taken,
                )
            )
    return RetakeVerdict(tuple(locks), unlocks_at, tuple(reasons))
