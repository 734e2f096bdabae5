"""Which classmates to suggest as peer tutors for a student who is *not yet* there. Pure.

A tutor has mastered the standard, has offered to tutor it, and is not switched off by the
teacher (for the class or for them). Requests are spread so nobody is swamped: tutors at
`max_open` open pairings are left out, and among the rest the least busy come first (open
pairings, then sessions already given). Equally busy tutors are ordered differently for
different tutees (a fixed shuffle keyed on the pair), so the same willing student is not
always the one asked.

No Django, no database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_LIMIT = 3
DEFAULT_MAX_OPEN = 2


@dataclass(frozen=True)
class Candidate:
    """A classmate, as the suggestion sees them."""

    student_id: int
    mastered: bool  # the standard, in this class
    offers: bool  # offered to tutor this standard
    allowed: bool  # the teacher has not switched tutoring off for them or the class
    open_pairs: int = 0  # tutoring pairings open now, on any standard
    sessions_given: int = 0  # sessions both sides confirmed, on any standard


def _shuffle_key(tutee_id: int, tutor_id: int) -> int:
    """A fixed, well-mixed number for the pair: the same every time, different per tutee."""
    digest = hashlib.blake2b(f"{tutee_id}:{tutor_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def eligible(candidate: Candidate, *, tutee_id: int, max_open: int) -> bool:
    return (
        candidate.student_id != tutee_id
        and candidate.mastered
        and candidate.offers
        and candidate.allowed
        and candidate.open_pairs < max_open
    )


def suggest_tutors(
    tutee_id: int,
    candidates: Iterable[Candidate],
    *,
    limit: int = DEFAULT_LIMIT,
    max_open: int = DEFAULT_MAX_OPEN,
) -> list[Candidate]:
    """Up to `limit` tutors for `tutee_id`, the one to ask first first. Empty: no match
    (the request then goes to the teacher's inbox)."""
    pool = [c for c in candidates if eligible(c, tutee_id=tutee_id, max_open=max_open)]
    pool.sort(key=lambda c: (c.open_pairs, c.sessions_given, _shuffle_key(tutee_id, c.student_id)))
    return pool[: max(limit, 0)]
