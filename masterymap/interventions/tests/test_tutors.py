"""Peer-tutor suggestions, in tables."""

from __future__ import annotations

from collections import Counter
from unittest import TestCase

from masterymap.interventions.tutors import Candidate, suggest_tutors

TUTEE = 1


def tutor(student_id: int, **overrides: object) -> Candidate:
    values: dict[str, object] = {
        "student_id": student_id,
        "mastered": True,
        "offers": True,
        "allowed": True,
        "open_pairs": 0,
        "sessions_given": 0,
    }
    values.update(overrides)
    return Candidate(**values)  # type: ignore[arg-type]


def ids(found: list[Candidate]) -> list[int]:
    return [c.student_id for c in found]


class SuggestTutorsTests(TestCase):
    def test_who_may_be_suggested(self) -> None:
        cases = [
            ("has mastered, offers, allowed", tutor(2), True),
            ("not mastered", tutor(2, mastered=False), False),
            ("has not offered", tutor(2, offers=False), False),
            ("switched off by the teacher", tutor(2, allowed=False), False),
            ("already tutoring two", tutor(2, open_pairs=2), False),
            ("tutoring one", tutor(2, open_pairs=1), True),
            ("the tutee themself", tutor(TUTEE), False),
        ]
        for what, candidate, suggested in cases:
            with self.subTest(what):
                self.assertEqual(ids(suggest_tutors(TUTEE, [candidate])) == [2], suggested)

    def test_the_least_busy_come_first(self) -> None:
        found = suggest_tutors(
            TUTEE,
            [
                tutor(2, open_pairs=1, sessions_given=0),
                tutor(3, open_pairs=0, sessions_given=5),
                tutor(4, open_pairs=0, sessions_given=1),
                tutor(5, open_pairs=1, sessions_given=3),
            ],
            limit=4,
        )
        self.assertEqual(ids(found), [4, 3, 2, 5])

    def test_at_most_the_limit_and_none_when_nobody_matches(self) -> None:
        pool = [tutor(n) for n in range(2, 12)]
        self.assertEqual(len(suggest_tutors(TUTEE, pool)), 3)
        self.assertEqual(len(suggest_tutors(TUTEE, pool, limit=5)), 5)
        self.assertEqual(suggest_tutors(TUTEE, [tutor(2, mastered=False)]), [])
        self.assertEqual(suggest_tutors(TUTEE, pool, limit=0), [])

    def test_equally_free_tutors_are_asked_in_turn_by_different_tutees(self) -> None:
        # Ten willing, equally free tutors; twenty tutees each ask the first suggestion.
        pool = [tutor(n) for n in range(100, 110)]
        firsts = Counter(suggest_tutors(tutee, pool)[0].student_id for tutee in range(1, 21))
        self.assertGreaterEqual(len(firsts), 6)  # spread, not everyone on one tutor
        self.assertLessEqual(max(firsts.values()), 5)

    def test_the_same_tutee_gets_the_same_suggestions_every_time(self) -> None:
        pool = [tutor(n) for n in range(2, 9)]
        self.assertEqual(ids(suggest_tutors(7, pool)), ids(suggest_tutors(7, list(reversed(pool)))))
