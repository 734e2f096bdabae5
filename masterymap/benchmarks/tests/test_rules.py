"""The benchmark rules in tables: sub-scores per standard, deadlines, draws, next steps."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest import TestCase

from masterymap.assessments.scoring import ItemKey, ItemKind
from masterymap.benchmarks.rules import (
    GRACE,
    Explanation,
    NextStep,
    deadline,
    draw,
    mixed_set,
    next_step,
    sub_scores,
    too_late,
)

YES = ItemKey(kind=ItemKind.SINGLE, correct_choices=frozenset({"y"}))
TWO = ItemKey(kind=ItemKind.NUMERIC, points=2, numeric_answer=2.0)


class SubScoreTests(TestCase):
    def test_each_standard_is_scored_on_its_own_items_against_its_line(self) -> None:
        items = [(1, YES), (2, YES), (1, YES), (2, TWO), (1, YES), (1, YES), (1, YES)]
        rows = [
            # (what, answers, lines, {standard: (points, max, percent, meets)})
            (
                "4 of 5 on an 80 % line is exactly on it",
                [["y"], ["n"], ["y"], ["2"], ["y"], ["y"], []],
                {1: 80, 2: 80},
                {1: (4, 5, 80.0, True), 2: (2, 3, 66.7, False)},
            ),
            (
                "each standard has its own line",
                [["y"], ["n"], ["y"], ["2"], ["y"], ["y"], []],
                {1: 90, 2: 60},
                {1: (4, 5, 80.0, False), 2: (2, 3, 66.7, True)},
            ),
            (
                "blanks are wrong, never errors",
                [[], [], [], [], [], [], []],
                {},
                {1: (0, 5, 0.0, False), 2: (0, 3, 0.0, False)},
            ),
        ]
        for what, answers, lines, expected in rows:
            with self.subTest(what):
                scores, standards = sub_scores(items, answers, lines)
                self.assertEqual(len(scores), len(items))
                self.assertEqual(
                    {
                        s.standard_id: (s.points, s.max_points, s.percent, s.meets_line)
                        for s in standards
                    },
                    expected,
                )
                self.assertEqual([s.standard_id for s in standards], [1, 2], "first-seen order")

    def test_one_answer_per_item_is_required(self) -> None:
        with self.assertRaises(ValueError):
            sub_scores([(1, YES)], [], {})


class DeadlineTests(TestCase):
    def test_the_time_limit_or_the_close_time_whichever_comes_first(self) -> None:
        start = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
        rows = [
            ("no limit", None, None, None),
            ("a time limit", 40, None, start + timedelta(minutes=40)),
            ("a close time", None, start + timedelta(hours=2), start + timedelta(hours=2)),
            ("close time first", 40, start + timedelta(minutes=30), start + timedelta(minutes=30)),
            ("time limit first", 40, start + timedelta(hours=2), start + timedelta(minutes=40)),
        ]
        for what, limit, closes, expected in rows:
            with self.subTest(what):
                self.assertEqual(
                    deadline(started_at=start, time_limit_minutes=limit, closes_at=closes),
                    expected,
                )

    def test_answers_are_taken_until_the_grace_runs_out(self) -> None:
        end = datetime(2026, 12, 4, 9, 40, tzinfo=UTC)
        self.assertFalse(too_late(None, end + timedelta(days=3)))
        self.assertFalse(too_late(end, end + GRACE))
        self.assertTrue(too_late(end, end + GRACE + timedelta(seconds=1)))


class DrawTests(TestCase):
    def test_n_per_standard_at_most_what_the_bank_has(self) -> None:
        drawn = draw({1: [10, 11, 12, 13], 2: [20]}, 3, random.Random(4))
        self.assertEqual(len(drawn[1]), 3)
        self.assertTrue(set(drawn[1]) <= {10, 11, 12, 13})
        self.assertEqual(drawn[2], [20])

    def test_every_item_can_be_drawn(self) -> None:
        rng = random.Random(7)
        seen = Counter(i for _ in range(200) for i in draw({1: [1, 2, 3, 4, 5]}, 2, rng)[1])
        self.assertEqual(set(seen), {1, 2, 3, 4, 5})

    def test_a_mixed_set_spreads_over_standards_and_mixes_them(self) -> None:
        pool = {1: list(range(100, 120)), 2: [200, 201], 3: [300]}
        chosen = mixed_set(pool, 8, random.Random(3))
        self.assertEqual(len(chosen), 8)
        by_standard = Counter(i // 100 for i in chosen)
        self.assertEqual((by_standard[2], by_standard[3]), (2, 1), "small standards all in")
        self.assertEqual(len(set(chosen)), 8)
        self.assertEqual(mixed_set({1: [1]}, 8, random.Random(1)), [1])


class NextStepTests(TestCase):
    def test_each_explanation_has_its_step(self) -> None:
        rows = [
            (Explanation.MORE_PRACTICE, NextStep.FRESH_FORM),
            (Explanation.MIXED_DECISIONS, NextStep.MIXED_SET),
            (Explanation.MIXED_PRACTICE, NextStep.MIXED_SET),
        ]
        for explanation, step in rows:
            with self.subTest(explanation):
                self.assertIs(next_step(explanation), step)
                self.assertTrue(explanation.label.startswith("I "))
