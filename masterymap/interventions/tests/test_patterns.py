"""Error patterns per item, in tables."""

from __future__ import annotations

from unittest import TestCase

from masterymap.interventions.patterns import Answer, MissReason, item_patterns

# Item 10: "(-3) × (-4) = ?" with choices 101 (12, right), 102 (-12), 103 (7).
# Item 20: a numeric item (no choices).
RIGHT = {10: {101}, 20: set()}


class ItemPatternTests(TestCase):
    def test_wrong_choices_and_reasons_are_counted_per_student(self) -> None:
        answers = [
            Answer(10, 1, False, (102,), MissReason.MISCONCEPTION),
            Answer(10, 2, False, (102,), MissReason.MISCONCEPTION),
            Answer(10, 3, False, (102,), None),
            Answer(10, 4, False, (103,), MissReason.CARELESS),
            Answer(10, 5, True, (101,)),
            Answer(20, 1, True),
            Answer(20, 2, False, (), MissReason.MISREAD),
        ]
        by_item = {p.item_id: p for p in item_patterns(answers, RIGHT)}
        negatives = by_item[10]
        self.assertEqual((negatives.students, negatives.correct), (5, 1))
        self.assertEqual(negatives.percent_correct, 20.0)
        self.assertEqual(negatives.wrong_choices, ((102, 3), (103, 1)))
        self.assertEqual(
            negatives.reasons, ((MissReason.MISCONCEPTION, 2), (MissReason.CARELESS, 1))
        )
        self.assertEqual(negatives.no_reason, 1)
        self.assertEqual(by_item[20].percent_correct, 50.0)
        self.assertEqual(by_item[20].wrong_choices, ())

    def test_a_student_counts_once_per_item_with_their_latest_answer(self) -> None:
        answers = [
            Answer(10, 1, False, (102,), MissReason.DID_NOT_KNOW),  # form A
            Answer(10, 1, True, (101,)),  # the same item again on form B
            Answer(10, 2, False, (103,)),
            Answer(10, 2, False, (102,), MissReason.MISCONCEPTION),
        ]
        (pattern,) = item_patterns(answers, RIGHT)
        self.assertEqual((pattern.students, pattern.correct), (2, 1))
        self.assertEqual(pattern.wrong_choices, ((102, 1),))
        self.assertEqual(pattern.reasons, ((MissReason.MISCONCEPTION, 1),))

    def test_the_hardest_items_come_first_and_ties_keep_a_fixed_order(self) -> None:
        answers = [
            Answer(20, 1, True),
            Answer(10, 1, False, (102,)),
            Answer(30, 1, False, ()),
        ]
        self.assertEqual([p.item_id for p in item_patterns(answers, RIGHT)], [10, 30, 20])
        ties = item_patterns([Answer(10, n, False, (102 + n % 2,)) for n in range(4)], RIGHT)[
            0
        ].wrong_choices
        self.assertEqual(ties, ((102, 2), (103, 2)))

    def test_no_answers_no_patterns(self) -> None:
        self.assertEqual(item_patterns([], RIGHT), [])
