"""Benchmark rules. Pure: no Django, no clock, no database.

Rules a teacher can check on paper:

- Each standard a benchmark covers is scored on its own items only: its sub-score is the
  points earned on them over the points available, and it *meets the line* when that is at
  or above the standard's mastery line (a percent the teacher sets per standard).
  Items are scored as on a form (`assessments.scoring`): a blank is wrong, no partial credit.
- A sitting must be handed in by its deadline: the time limit after the student started,
  or the benchmark's close time, whichever comes first. Answers that arrive later than a
  short grace (a slow connection) are not taken; what was saved by then is scored.
- Drawing from the bank: N items per standard, chosen at random among the items a student
  of the class can no longer meet on a form (no item on a form someone may still take);
  fewer when the bank has fewer.
- After a contradiction, the student's explanation picks the next step: more practice on
  the standard → a fresh form on it; different decisions when standards are mixed, or a
  need for regular mixed practice → a mixed practice set from their mastered standards.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from masterymap.assessments.scoring import ItemKey, ItemScore, score_item

DEFAULT_LINE = 80
DEFAULT_PER_STANDARD = 5
MAX_PER_STANDARD = 20
MAX_ITEMS = 120
MAX_TIME_LIMIT = 600  # minutes
GRACE = timedelta(seconds=90)


def gettext_noop(message: str) -> str:
    """Marks `message` for makemessages; translates nothing (this module is pure)."""
    return message


@dataclass(frozen=True)
class StandardScore:
    """One standard's part of a benchmark sitting."""

    standard_id: int
    points: int
    max_points: int
    percent: float
    meets_line: bool
    items: int


def sub_scores(
    items: Sequence[tuple[int, ItemKey]],
    answers: Sequence[Sequence[str]],
    lines: Mapping[int, int],
) -> tuple[list[ItemScore], list[StandardScore]]:
    """Score every item and each standard. `items[i]` is (standard id, key) and is answered
    by `answers[i]`; `lines` maps a standard to its mastery line (percent). Standards come
    out in the order they first appear."""
    if len(items) != len(answers):
        raise ValueError("one answer per item is required (use an empty list for blank)")
    scores = [score_item(key, answer) for (_sid, key), answer in zip(items, answers, strict=True)]
    totals: dict[int, list[int]] = {}
    for (standard_id, _key), score in zip(items, scores, strict=True):
        total = totals.setdefault(standard_id, [0, 0, 0])
        total[0] += score.points
        total[1] += score.max_points
        total[2] += 1
    standards = []
    for standard_id, (points, max_points, count) in totals.items():
        line = lines.get(standard_id, DEFAULT_LINE)
        percent = round(100 * points / max_points, 1) if max_points else 0.0
        standards.append(
            StandardScore(
                standard_id=standard_id,
                points=points,
                max_points=max_points,
                percent=percent,
                # In integers, so 4 of 5 against an 80 % line is exactly on it.
                meets_line=max_points > 0 and points * 100 >= line * max_points,
                items=count,
            )
        )
    return scores, standards


def deadline(
    *, started_at: datetime, time_limit_minutes: int | None, closes_at: datetime | None
) -> datetime | None:
    """When a sitting must be handed in; None when there is no limit."""
    ends = [closes_at] if closes_at is not None else []
    if time_limit_minutes:
        ends.append(started_at + timedelta(minutes=time_limit_minutes))
    return min(ends) if ends else None


def too_late(deadline_at: datetime | None, now: datetime) -> bool:
    """Whether answers arriving `now` come after the deadline and its grace."""
    return deadline_at is not None and now > deadline_at + GRACE


def draw(
    pool: Mapping[int, Sequence[int]], per_standard: int, rng: random.Random
) -> dict[int, list[int]]:
    """Up to `per_standard` item ids per standard, at random from its pool, in id order (a
    teacher reorders by hand)."""
    if per_standard < 0:
        raise ValueError("per_standard must not be negative")
    return {
        standard_id: sorted(rng.sample(list(ids), min(per_standard, len(ids))))
        for standard_id, ids in pool.items()
    }


class Explanation(StrEnum):
    """Why a benchmark disagreed with mastery, in the student's words (the strategy's
    three options)."""

    MORE_PRACTICE = "more_practice"
    MIXED_DECISIONS = "mixed_decisions"
    MIXED_PRACTICE = "mixed_practice"

    @property
    def label(self) -> str:
        return EXPLANATION_LABELS[self]


EXPLANATION_LABELS = {
    Explanation.MORE_PRACTICE: gettext_noop("I need more practice on this standard"),
    Explanation.MIXED_DECISIONS: gettext_noop(
        "I make different decisions when standards are mixed"
    ),
    Explanation.MIXED_PRACTICE: gettext_noop("I need regular mixed practice"),
}


class NextStep(StrEnum):
    FRESH_FORM = "fresh_form"
    MIXED_SET = "mixed_set"


def next_step(explanation: Explanation) -> NextStep:
    """The step offered for an explanation (module rules)."""
    if explanation is Explanation.MORE_PRACTICE:
        return NextStep.FRESH_FORM
    return NextStep.MIXED_SET


MIXED_SET_SIZE = 8


def mixed_set(pool: Mapping[int, Sequence[int]], size: int, rng: random.Random) -> list[int]:
    """Item ids for a mixed practice set: spread over the standards in turn (so no standard
    takes the whole set), then shuffled so the standards are mixed."""
    queues = {sid: rng.sample(list(ids), len(ids)) for sid, ids in sorted(pool.items()) if ids}
    chosen: list[int] = []
    while queues and len(chosen) < size:
        for sid in list(queues):
            if len(chosen) >= size:
                break
            chosen.append(queues[sid].pop())
            if not queues[sid]:
                del queues[sid]
    rng.shuffle(chosen)
    return chosen
