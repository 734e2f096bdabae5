"""Scoring of items and forms. Pure: no Django, no clock, no database.

Rules a teacher can check on paper:

- A blank answer is wrong and scores 0; it is never an error.
- Single choice: right when exactly the one keyed choice is selected.
- Multiple choice (select all that apply): right only when the selected set equals the keyed
  set; there is no partial credit, so guessing "all of them" never pays.
- Numeric: right when |answer − key| ≤ tolerance (the boundary counts as right). Answers may
  be written as integers, decimals, fractions ("3/4", "-1 1/2"), with thousands commas
  ("1,250"), a leading "+", a Unicode minus sign or a trailing "%"; anything else is wrong.
- Short text: right when, ignoring case and spacing, it equals one of the accepted answers.
  Spacing means leading/trailing spaces, runs of spaces, and spaces next to symbols
  ("3 / 4" = "3/4", "x + 5" = "x+5"); a space between two words or numbers still counts,
  so the mixed number "8 7/8" is not the fraction "87/8".
- Open response: a teacher scores it. Until then an answered one is *pending* (0 points for
  now); a blank one is wrong and scores 0 at once, as any blank answer. The teacher's points
  (`Marked`) count as given; the answer is right when it earns all its points.
- A form is mastered when score ≥ threshold % of the points available; while any answer is
  pending, the form has no verdict (not mastered, `pending` > 0).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# Floats cannot hold 0.1 exactly; without this slack 0.3 would miss a key of 0.1 ± 0.2.
_NUMERIC_SLACK = 1e-9


class ItemKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMERIC = "numeric"
    TEXT = "text"
    OPEN = "open"


@dataclass(frozen=True)
class ItemKey:
    """What a right answer to one item looks like."""

    kind: ItemKind
    points: int = 1
    correct_choices: frozenset[str] = frozenset()
    numeric_answer: float | None = None
    tolerance: float = 0.0
    accepted_answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Marked:
    """A teacher's score of one open-response answer."""

    points: int


@dataclass(frozen=True)
class ItemScore:
    answered: bool
    correct: bool
    points: int
    max_points: int
    pending: bool = False


@dataclass(frozen=True)
class FormScore:
    points: int
    max_points: int
    percent: float
    mastered: bool
    items: tuple[ItemScore, ...]
    pending: int = 0


_SPACE_BY_SYMBOL = re.compile(r"\s*([^\w\s])\s*")


def normalise_text(text: str) -> str:
    """Case- and space-insensitive form of a short-text answer (see the module rules)."""
    collapsed = " ".join(text.split()).casefold()
    return _SPACE_BY_SYMBOL.sub(r"\1", collapsed)


# Longer "numbers" are not answers; this also keeps int() away from huge digit strings.
_MAX_NUMBER_CHARS = 60
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_MIXED = re.compile(r"^([+-]?)(\d+)\s+(\d+)\s*/\s*(\d+)$")
_FRACTION = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*/\s*([+-]?\d+(?:\.\d+)?)$")


def parse_number(text: str) -> float | None:
    """Read a number the way a student writes it; None when it is not one."""
    value = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    if value.endswith("%"):
        value = value[:-1].strip()
    if not value:
        return None
    if _THOUSANDS.match(value):
        value = value.replace(",", "")
    if len(value) > _MAX_NUMBER_CHARS:
        return None
    try:
        number = _read_number(value)
    except (OverflowError, ValueError, ZeroDivisionError):
        return None
    return number if number is not None and math.isfinite(number) else None


def _read_number(value: str) -> float | None:
    mixed = _MIXED.match(value)
    if mixed:
        sign, whole, num, den = mixed.groups()
        magnitude = int(whole) + int(num) / int(den)
        return -magnitude if sign == "-" else magnitude
    fraction = _FRACTION.match(value)
    if fraction:
        return float(fraction.group(1)) / float(fraction.group(2))
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
        return None
    return float(value)


def _is_blank(answer: Sequence[str]) -> bool:
    return not any(part.strip() for part in answer)


def score_item(key: ItemKey, answer: Sequence[str], marked: Marked | None = None) -> ItemScore:
    """Score one answer. `answer` is the selected choice ids, or one typed string; `marked`,
    the teacher's score of an open response."""
    if _is_blank(answer):
        return ItemScore(answered=False, correct=False, points=0, max_points=key.points)
    if key.kind is ItemKind.OPEN:
        if marked is None:
            return ItemScore(
                answered=True, correct=False, points=0, max_points=key.points, pending=True
            )
        points = min(max(marked.points, 0), key.points)
        return ItemScore(
            answered=True, correct=points == key.points, points=points, max_points=key.points
        )
    selected = {part.strip() for part in answer if part.strip()}
    if key.kind is ItemKind.SINGLE:
        correct = len(selected) == 1 and selected <= key.correct_choices
    elif key.kind is ItemKind.MULTIPLE:
        correct = bool(key.correct_choices) and selected == set(key.correct_choices)
    elif key.kind is ItemKind.NUMERIC:
        number = parse_number(answer[0])
        correct = (
            number is not None
            and key.numeric_answer is not None
            and abs(number - key.numeric_answer) <= abs(key.tolerance) + _NUMERIC_SLACK
        )
    elif key.kind is ItemKind.TEXT:
        accepted = {normalise_text(a) for a in key.accepted_answers if a.strip()}
        correct = normalise_text(answer[0]) in accepted
    else:  # pragma: no cover - StrEnum is closed
        raise ValueError(f"unknown item kind {key.kind!r}")
    return ItemScore(
        answered=True, correct=correct, points=key.points if correct else 0, max_points=key.points
    )


def score_form(
    keys: Sequence[ItemKey],
    answers: Sequence[Sequence[str]],
    *,
    threshold_percent: int,
    marked: Sequence[Marked | None] | None = None,
) -> FormScore:
    """Score a whole form; `answers[i]` answers `keys[i]`, `marked[i]` is the teacher's
    score of it (open responses).

    A form with no points available scores 0 % and is never mastered.
    """
    if len(keys) != len(answers):
        raise ValueError("one answer per item is required (use an empty list for blank)")
    marks = list(marked) if marked is not None else [None] * len(keys)
    if len(marks) != len(keys):
        raise ValueError("one mark (or None) per item")
    items = tuple(
        score_item(key, answer, mark)
        for key, answer, mark in zip(keys, answers, marks, strict=True)
    )
    points = sum(item.points for item in items)
    max_points = sum(item.max_points for item in items)
    pending = sum(1 for item in items if item.pending)
    if max_points == 0:
        return FormScore(
            points=0, max_points=0, percent=0.0, mastered=False, items=items, pending=pending
        )
    # Compare in integers so 4/5 against an 80 % threshold is exactly mastered.
    mastered = not pending and points * 100 >= threshold_percent * max_points
    percent = round(100 * points / max_points, 1)
    return FormScore(
        points=points,
        max_points=max_points,
        percent=percent,
        mastered=mastered,
        items=items,
        pending=pending,
    )


def check_percent(marks: Sequence[bool]) -> float:
    """Percent right of a one-on-one check marked right/wrong question by question; an empty
    check is an error, not 0 %."""
    if not marks:
        raise ValueError("mark at least one question")
    return round(100 * sum(1 for m in marks if m) / len(marks), 1)
