"""Pace and projection toward a finish line ("master 50 standards by December 31"). Pure.

From the days a student (or a class, on average) mastered standards:
- the current pace: standards mastered in the last four weeks, per week (over the days since
  the goal was set when that is shorter, but never fewer than seven, so one standard on the
  first day does not read as seven a week);
- the projection: the day the target is reached at that pace (none at a pace of zero);
- the pace the deadline needs: what is left over the weeks left, today included;
- the state: **reached** (exactly the target), **passed** (beyond it), **on track** (the
  projection is on or before the deadline), **off track** (after it, no pace at all, or the
  deadline gone by).

`sentence` says it in one sentence ("At 1.5 standards a week you reach 50 on 12 January; the
deadline needs 2 a week"); the caller passes how to write a day in the reader's language.
No Django, no database, no clock reads: today is passed in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from masterymap.mastery.phrases import Param, Phrase, gettext_lazy, ngettext_lazy

WINDOW_DAYS = 28  # the pace looks back four weeks
MIN_WINDOW_DAYS = 7


class PaceState(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    REACHED = "reached"
    PASSED = "passed"


@dataclass(frozen=True)
class FinishLine:
    target: int  # standards to master
    deadline: date
    set_on: date  # the day the goal was set


@dataclass(frozen=True)
class Pace:
    state: PaceState
    done: int
    target: int
    per_week: Decimal  # the current pace, to one decimal
    needed_per_week: Decimal | None  # None: nothing left, or the deadline has gone by
    projected: date | None  # None: reached already, or no pace to project from
    deadline: date


def _one_decimal(value: float) -> Decimal:
    """To one decimal, as a sentence writes it: 1.5, and 2 rather than 2.0."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Decimal(int(rounded)) if rounded == rounded.to_integral_value() else rounded


def pace(goal: FinishLine, mastered_on: Iterable[date], *, today: date) -> Pace:
    """Where `goal` stands today, from the days each standard was mastered."""
    days = sorted(d for d in mastered_on if d <= today)
    done = len(days)
    window = max(MIN_WINDOW_DAYS, min(WINDOW_DAYS, (today - goal.set_on).days + 1))
    since = today - timedelta(days=window)  # once: a class goal reads thousands of days
    recent = sum(1 for d in days if d > since)
    per_week = recent * 7 / window
    left = goal.target - done
    days_left = (goal.deadline - today).days + 1  # today counts
    needed = _one_decimal(left * 7 / days_left) if left > 0 and days_left > 0 else None
    projected = (
        today + timedelta(days=math.ceil(left / per_week * 7)) if left > 0 and per_week else None
    )
    if left == 0:
        state = PaceState.REACHED
    elif left < 0:
        state = PaceState.PASSED
    elif projected is not None and projected <= goal.deadline:
        state = PaceState.ON_TRACK
    else:
        state = PaceState.OFF_TRACK
    return Pace(
        state=state,
        done=done,
        target=goal.target,
        per_week=_one_decimal(per_week),
        needed_per_week=needed,
        projected=projected,
        deadline=goal.deadline,
    )


def sentence(
    p: Pace, day: Callable[[date], str], *, whole_class: bool = False, counted: bool = False
) -> Phrase:
    """The state in one sentence, for the student (the teacher reads the same words); a class
    goal speaks of the class, a counted goal ("read 10 books") of no standards."""
    if p.state is PaceState.REACHED:
        if whole_class:
            return gettext_lazy("The class reached its goal of %(target)s.", target=p.target)
        return gettext_lazy("You reached your goal of %(target)s.", target=p.target)
    if p.state is PaceState.PASSED:
        if whole_class:
            return gettext_lazy(
                "The class passed its goal: %(done)s of %(target)s.", done=p.done, target=p.target
            )
        return gettext_lazy(
            "You passed your goal: %(done)s of %(target)s.", done=p.done, target=p.target
        )
    if p.needed_per_week is None:
        return gettext_lazy(
            "The deadline, %(deadline)s, has gone by: %(done)s of %(target)s.",
            deadline=day(p.deadline),
            done=p.done,
            target=p.target,
        )
    needs = gettext_lazy("the deadline needs %(needed)s a week", needed=p.needed_per_week)
    if p.projected is None:
        if counted:
            return gettext_lazy("Nothing counted in the last weeks yet; %(needs)s.", needs=needs)
        return gettext_lazy("No standard mastered in the last weeks yet; %(needs)s.", needs=needs)
    params: dict[str, Param] = {
        "pace": p.per_week,
        "target": p.target,
        "day": day(p.projected),
        "needs": needs,
    }
    if counted:
        return gettext_lazy(
            "At %(pace)s a week you reach %(target)s on %(day)s; %(needs)s.", **params
        )
    many = 1 if p.per_week == 1 else 2
    if whole_class:
        return ngettext_lazy(
            "At %(pace)s standard a week the class reaches %(target)s on %(day)s; %(needs)s.",
            "At %(pace)s standards a week the class reaches %(target)s on %(day)s; %(needs)s.",
            many,
            **params,
        )
    return ngettext_lazy(
        "At %(pace)s standard a week you reach %(target)s on %(day)s; %(needs)s.",
        "At %(pace)s standards a week you reach %(target)s on %(day)s; %(needs)s.",
        many,
        **params,
    )
