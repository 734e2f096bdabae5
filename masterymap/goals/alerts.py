"""Alerts for the teacher (issue 10): which students need attention, and each alert's key.
Pure.

- **off track**: an active goal whose pace will not reach its finish line in time;
- **stalled**: no new evidence for N school days (Monday to Friday: a weekend does not make a
  student stalled; holidays are not modelled, the teacher dismisses those);
- **not yet again**: standards tried three times or more and still not mastered (one alert
  per student, naming each such standard);
- **reached / passed**: a goal reached or passed, to celebrate.

A key names the alert's occasion, so a dismissed alert stays dismissed until a new occasion:
a new last evidence before a stall, one more *not yet*, a goal's new state. No Django, no
clock: today is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

NOT_YET_TIMES = 3
KEY = re.compile(r"^(?:(?:off|reached|passed):\d+|stalled:\d+:\d{4}-\d{2}-\d{2}|notyet:\d+:\d+)$")


class Kind(StrEnum):
    OFF_TRACK = "off"
    STALLED = "stalled"
    NOT_YET_AGAIN = "notyet"
    REACHED = "reached"
    PASSED = "passed"


# The order the panel lists them in: who needs help first, celebrations last.
ORDER = [Kind.OFF_TRACK, Kind.STALLED, Kind.NOT_YET_AGAIN, Kind.REACHED, Kind.PASSED]


@dataclass(frozen=True)
class Alert:
    kind: Kind
    key: str
    student_id: int | None  # None: the class (a class goal)
    goal_id: int | None = None
    stuck: tuple[tuple[int, int], ...] = ()  # not yet again: (standard, tries), most first
    since: date | None = None  # stalled: the last evidence (or the day they joined)
    school_days: int = 0  # stalled: school days since `since`


def school_days_between(start: date, end: date) -> int:
    """School days (Monday to Friday) after `start` up to and including `end`."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for n in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + n)).weekday() < 5:
            count += 1
    return count


def stalled(student_id: int, since: date, today: date, after: int) -> Alert | None:
    """Stalled when `after` school days or more have passed since `since` with nothing new."""
    n = school_days_between(since, today)
    if n < after:
        return None
    return Alert(
        Kind.STALLED,
        f"stalled:{student_id}:{since.isoformat()}",
        student_id,
        since=since,
        school_days=n,
    )


def not_yet_again(student_id: int, tries: dict[int, int]) -> Alert | None:
    """`tries`: the student's standards not mastered now, with how many times they tried.
    The key counts every try on them: one more try anywhere is a new occasion."""
    stuck = sorted(
        ((standard, n) for standard, n in tries.items() if n >= NOT_YET_TIMES),
        key=lambda pair: (-pair[1], pair[0]),
    )
    if not stuck:
        return None
    total = sum(n for _standard, n in stuck)
    return Alert(Kind.NOT_YET_AGAIN, f"notyet:{student_id}:{total}", student_id, stuck=tuple(stuck))


def goal_alert(goal_id: int, student_id: int | None, state: str) -> Alert | None:
    """From a goal's pace state ("on_track", "off_track", "reached", "passed")."""
    kind = {"off_track": Kind.OFF_TRACK, "reached": Kind.REACHED, "passed": Kind.PASSED}.get(state)
    if kind is None:
        return None
    return Alert(kind, f"{kind.value}:{goal_id}", student_id, goal_id=goal_id)


def undismissed(alerts: Iterable[Alert], dismissed: set[str]) -> list[Alert]:
    """The alerts not dismissed, in the panel's order (kind, then as given)."""
    rank = {k: n for n, k in enumerate(ORDER)}
    return sorted((a for a in alerts if a.key not in dismissed), key=lambda a: rank[a.kind])


def is_key(text: str) -> bool:
    return bool(KEY.match(text))
