"""Error patterns on a standard, for the teacher: per item, how many got it right, how often
each wrong choice was picked, and the reasons students gave for their misses. Pure.

"11 students think a negative times a negative is negative" is a wrong choice's count
next to its misconception note; the reasons say whether misses were slips or real gaps.
Each student counts once per item: their latest answer to it (retakes show the same item
on another form), so a student who missed it twice is one student, not two.

No Django, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


class MissReason(StrEnum):
    """Why a student says they missed an item (their error analysis)."""

    CARELESS = "careless"
    MISREAD = "misread"
    DID_NOT_KNOW = "did_not_know"
    MISCONCEPTION = "misconception"  # the one behind the choice they picked
    OTHER = "other"


@dataclass(frozen=True)
class Answer:
    """One student's answer to one item, in the order they were given (oldest first)."""

    item_id: int
    student_id: int
    correct: bool
    choice_ids: tuple[int, ...] = ()  # the choices picked (choice items)
    reason: MissReason | None = None  # their error analysis, if they wrote one


def stored_answer(
    *,
    item_id: int,
    student_id: int,
    is_correct: bool | None,
    answer: Iterable[object] | None,
    has_choices: bool,
    reason: MissReason | None,
) -> Answer:
    """An Answer from a stored response: its answer list as saved (choice ids as text for a
    choice item; anything else is no pick), the reason kept only for a miss."""
    picked = tuple(int(str(v)) for v in (answer or ()) if str(v).isascii() and str(v).isdigit())
    return Answer(
        item_id=item_id,
        student_id=student_id,
        correct=bool(is_correct),
        choice_ids=picked if has_choices else (),
        reason=None if is_correct else reason,
    )


@dataclass(frozen=True)
class ItemPattern:
    item_id: int
    students: int
    correct: int
    wrong_choices: tuple[tuple[int, int], ...]  # (choice id, students), most picked first
    reasons: tuple[tuple[MissReason, int], ...]  # (reason, students), most given first
    no_reason: int  # students who missed it and have not said why

    @property
    def percent_correct(self) -> float | None:
        return None if self.students == 0 else 100.0 * self.correct / self.students


def _ranked(counter: Counter[K]) -> tuple[tuple[K, int], ...]:
    # Most first; ties in a fixed order (by key), so the page never reshuffles.
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def item_patterns(
    answers: Iterable[Answer], correct_choices: dict[int, set[int]]
) -> list[ItemPattern]:
    """One pattern per item that has answers, hardest first (lowest percent correct).
    `correct_choices` maps an item to its right choices; other picked choices are wrong."""
    latest: dict[int, dict[int, Answer]] = {}  # item → student → their latest answer
    for answer in answers:
        latest.setdefault(answer.item_id, {})[answer.student_id] = answer
    patterns = []
    for item_id, by_student in latest.items():
        right = correct_choices.get(item_id, set())
        wrong_choices: Counter[int] = Counter()
        reasons: Counter[MissReason] = Counter()
        correct = no_reason = 0
        for answer in by_student.values():
            if answer.correct:
                correct += 1
                continue
            wrong_choices.update({c for c in answer.choice_ids if c not in right})
            if answer.reason is None:
                no_reason += 1
            else:
                reasons[answer.reason] += 1
        patterns.append(
            ItemPattern(
                item_id=item_id,
                students=len(by_student),
                correct=correct,
                wrong_choices=_ranked(wrong_choices),
                reasons=_ranked(reasons),
                no_reason=no_reason,
            )
        )
    patterns.sort(key=lambda p: (p.percent_correct or 0.0, p.item_id))
    return patterns
