"""The order a student meets a form's questions and an item's choices in. Pure: no Django,
no clock, no database.

Rules a teacher can check:

- Every sitting has its own order, drawn from a seed that names the sitting ("attempt-42"),
  so it is the same each time it is shown: the answer sheet, a reload, the result and the
  teacher's review all show the student's order.
- An item's choices are shuffled, unless the item keeps its order (for choices such as
  "all of the above" or "1, 2, 3, 4").
- A form's questions keep the teacher's order, unless the form shuffles them.
- Scoring never depends on order: answers name choices by id.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def shuffled(values: Sequence[T], seed: str) -> list[T]:
    """`values` in the order the seed draws: the same seed, the same order, in every process
    (string seeds are hashed with SHA-512, never with Python's per-process hash)."""
    out = list(values)
    random.Random(seed).shuffle(out)
    return out


def choice_order(choices: Sequence[T], *, seed: str, item_id: int, keep: bool) -> list[T]:
    """An item's choices as a sitting shows them."""
    return list(choices) if keep else shuffled(choices, f"{seed}:item-{item_id}")


def question_order(questions: Sequence[T], *, seed: str, shuffle: bool) -> list[T]:
    """A form's questions as a sitting shows them."""
    return shuffled(questions, f"{seed}:questions") if shuffle else list(questions)


def attempt_seed(attempt_id: int) -> str:
    return f"attempt-{attempt_id}"


def sitting_seed(sitting_id: int) -> str:
    return f"sitting-{sitting_id}"
