"""Forms drawn from the bank and uneven forms, in tables."""

from __future__ import annotations

import random
from unittest import TestCase

from masterymap.assessments.generate import Candidate, FormStats, pick, swap_for, uneven

C = Candidate


class PickTests(TestCase):
    def test_the_new_form_copies_the_first_forms_kinds_and_difficulty(self) -> None:
        free = [C(10, "single", 0.9), C(11, "single", 0.4), C(12, "numeric", None), C(13, "text")]
        rows = [
            # (what, template, expected)
            ("nearest difficulty", [C(1, "single", 0.45), C(2, "numeric")], [11, 12]),
            ("the other single", [C(1, "single", 0.85)], [10]),
            ("kinds in the template's order", [C(2, "text"), C(1, "single", 0.9)], [13, 10]),
            ("a kind the bank lacks takes another", [C(1, "multiple")], None),
        ]
        for what, template, expected in rows:
            with self.subTest(what):
                got = pick(free, template, size=0, rng=random.Random(1))
                self.assertEqual(len(got), len(template))
                self.assertEqual(len(set(got)), len(got), "no question twice")
                if expected is not None:
                    self.assertEqual(got, expected)

    def test_with_no_form_n_at_random_and_fewer_when_the_bank_runs_out(self) -> None:
        free = [C(n, "single") for n in range(5)]
        self.assertEqual(len(pick(free, [], size=3, rng=random.Random(2))), 3)
        self.assertEqual(len(pick(free, [], size=9, rng=random.Random(2))), 5)

    def test_a_swap_keeps_the_kind(self) -> None:
        free = [C(20, "numeric", 0.5), C(21, "single", 0.5), C(22, "numeric", 0.1)]
        self.assertEqual(swap_for(free, C(1, "numeric", 0.2), random.Random(3)), 22)
        self.assertIsNone(swap_for(free, C(1, "text"), random.Random(3)))


class UnevenTests(TestCase):
    def test_forms_far_apart_with_enough_sittings_are_flagged(self) -> None:
        rows = [
            ([FormStats("A", 20, 82.0), FormStats("B", 20, 61.0)], [("A", "B", 21.0)]),
            ([FormStats("A", 20, 82.0), FormStats("B", 20, 75.0)], []),
            ([FormStats("A", 20, 82.0), FormStats("B", 3, 40.0)], []),
            ([FormStats("A", 9, 50.0), FormStats("B", 9, 70.5)], [("B", "A", 20.5)]),
        ]
        for stats, expected in rows:
            with self.subTest(stats=stats):
                self.assertEqual(uneven(stats), expected)
