"""Forms drawn from the bank, and whether parallel forms are equally hard. Pure: no Django.

Rules a teacher can check:

- A new form copies the shape of the standard's first form: for each of its questions, one
  bank question of the same kind, not on any form yet. Once questions have been answered
  (at least `MIN_ANSWERS` times), the one whose share of right answers is nearest to that
  question's is taken, so the new form is about as hard; otherwise one at random.
- With no form yet, N questions of any kind are drawn at random.
- Swapping a question takes another free question of the same kind, nearest in difficulty.
- Two forms of a standard are **uneven** when, each with at least `MIN_ATTEMPTS` sittings,
  their mean scores differ by more than the margin (10 points by default).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

MIN_ANSWERS = 5
MIN_ATTEMPTS = 5
DEFAULT_MARGIN = 10.0


@dataclass(frozen=True)
class Candidate:
    item_id: int
    kind: str
    difficulty: float | None = None  # share of right answers, 0 to 1; None: too few answers


def _nearest(options: list[Candidate], want: float | None, rng: random.Random) -> Candidate:
    known = [c for c in options if c.difficulty is not None]
    if want is not None and known:
        return min(known, key=lambda c: (abs((c.difficulty or 0) - want), c.item_id))
    return rng.choice(options)


def pick(
    free: Sequence[Candidate],
    template: Sequence[Candidate],
    *,
    size: int,
    rng: random.Random,
) -> list[int]:
    """Item ids for a new form: one per template question (same kind, nearest difficulty),
    or `size` at random with no template. Fewer when the bank runs out."""
    left = list(free)
    chosen: list[int] = []
    slots = list(template) if template else [None] * size
    for slot in slots:
        if not left:
            break
        same = [c for c in left if slot is None or c.kind == slot.kind] or left
        taken = _nearest(same, slot.difficulty if slot else None, rng)
        chosen.append(taken.item_id)
        left.remove(taken)
    return chosen


def swap_for(free: Sequence[Candidate], out: Candidate, rng: random.Random) -> int | None:
    """A free question to put in place of `out`: same kind, nearest difficulty."""
    same = [c for c in free if c.kind == out.kind]
    return _nearest(same, out.difficulty, rng).item_id if same else None


@dataclass(frozen=True)
class FormStats:
    label: str
    sittings: int
    mean_percent: float | None  # None: no sitting yet


def uneven(
    stats: Sequence[FormStats], margin: float = DEFAULT_MARGIN
) -> list[tuple[str, str, float]]:
    """Pairs of forms whose mean scores differ by more than `margin` points, each form with
    enough sittings: (easier, harder, difference)."""
    ready = [s for s in stats if s.sittings >= MIN_ATTEMPTS and s.mean_percent is not None]
    pairs = []
    for a, b in combinations(ready, 2):
        gap = (a.mean_percent or 0) - (b.mean_percent or 0)
        if abs(gap) > margin:
            easier, harder = (a, b) if gap > 0 else (b, a)
            pairs.append((easier.label, harder.label, round(abs(gap), 1)))
    return pairs
