"""Item and form scoring: one table row per rule in the `scoring` module docstring."""

from __future__ import annotations

from unittest import TestCase

from masterymap.assessments.scoring import (
    FormScore,
    ItemKey,
    ItemKind,
    ItemScore,
    Marked,
    normalise_text,
    parse_number,
    score_form,
    score_item,
)


def single(*correct: str, points: int = 1) -> ItemKey:
    return ItemKey(kind=ItemKind.SINGLE, points=points, correct_choices=frozenset(correct))


def multiple(*correct: str, points: int = 1) -> ItemKey:
    return ItemKey(kind=ItemKind.MULTIPLE, points=points, correct_choices=frozenset(correct))


def numeric(value: float | None, tolerance: float = 0.0, points: int = 1) -> ItemKey:
    return ItemKey(kind=ItemKind.NUMERIC, points=points, numeric_answer=value, tolerance=tolerance)


def text(*accepted: str, points: int = 1) -> ItemKey:
    return ItemKey(kind=ItemKind.TEXT, points=points, accepted_answers=accepted)


class ScoringTestCase(TestCase):
    def assert_rows(self, rows: list[tuple[str, ItemKey, list[str], bool]]) -> None:
        """Each row is (description, key, answer, expected correct); answered is always True."""
        for description, key, answer, correct in rows:
            with self.subTest(description, answer=answer):
                self.assertEqual(
                    score_item(key, answer),
                    ItemScore(
                        answered=True,
                        correct=correct,
                        points=key.points if correct else 0,
                        max_points=key.points,
                    ),
                )


class BlankAnswerTests(TestCase):
    def test_a_blank_answer_scores_zero_and_is_not_an_error(self) -> None:
        keys = [
            ("single", single("a")),
            ("multiple", multiple("a", "b")),
            ("numeric", numeric(5)),
            ("numeric with wide tolerance around 0", numeric(0, tolerance=100)),
            ("text", text("three quarters")),
        ]
        blanks = [[], [""], ["   "], ["", " \t", "\n"]]
        for kind, key in keys:
            for answer in blanks:
                with self.subTest(kind, answer=answer):
                    self.assertEqual(
                        score_item(key, answer),
                        ItemScore(answered=False, correct=False, points=0, max_points=key.points),
                    )

    def test_a_blank_answer_still_counts_the_points_available(self) -> None:
        self.assertEqual(score_item(single("a", points=3), []).max_points, 3)


class SingleChoiceTests(ScoringTestCase):
    def test_it_is_right_only_when_exactly_the_keyed_choice_is_selected(self) -> None:
        self.assert_rows(
            [
                ("the keyed choice", single("b"), ["b"], True),
                ("the keyed choice with stray spaces", single("b"), [" b "], True),
                ("another choice", single("b"), ["a"], False),
                ("two selected, one of them keyed", single("b"), ["a", "b"], False),
                ("the keyed choice plus a blank entry", single("b"), ["b", ""], True),
                ("the keyed choice sent twice", single("b"), ["b", "b"], True),
                ("choice ids are case-sensitive", single("b"), ["B"], False),
                ("a key with no keyed choice", single(), ["a"], False),
            ]
        )


class MultipleChoiceTests(ScoringTestCase):
    def test_it_is_right_only_when_the_selected_set_equals_the_keyed_set(self) -> None:
        self.assert_rows(
            [
                ("the exact set", multiple("a", "c"), ["a", "c"], True),
                ("the exact set in another order", multiple("a", "c"), ["c", "a"], True),
                ("the exact set with stray spaces", multiple("a", "c"), [" c", "a "], True),
                ("a subset", multiple("a", "c"), ["a"], False),
                ("a superset", multiple("a", "c"), ["a", "b", "c"], False),
                ("all of them", multiple("a", "c"), ["a", "b", "c", "d"], False),
                ("a disjoint set", multiple("a", "c"), ["b", "d"], False),
                ("a single keyed choice", multiple("d"), ["d"], True),
                ("a key with no keyed choices", multiple(), ["a"], False),
            ]
        )


class NumericTests(ScoringTestCase):
    def test_the_tolerance_boundary_counts_as_right(self) -> None:
        self.assert_rows(
            [
                ("the key itself", numeric(10, 0.5), ["10"], True),
                ("exactly key + tolerance", numeric(10, 0.5), ["10.5"], True),
                ("exactly key - tolerance", numeric(10, 0.5), ["9.5"], True),
                ("just above key + tolerance", numeric(10, 0.5), ["10.51"], False),
                ("just below key - tolerance", numeric(10, 0.5), ["9.49"], False),
                ("tolerance 0, exact", numeric(7), ["7"], True),
                ("tolerance 0, exact written as a decimal", numeric(7), ["7.0"], True),
                ("tolerance 0, off by a hundredth", numeric(7), ["7.01"], False),
                ("tolerance 0, off by a hundredth below", numeric(7), ["6.99"], False),
                ("a negative tolerance is read as its size", numeric(10, -0.5), ["10.5"], True),
                ("no numeric key never matches", numeric(None, 1), ["0"], False),
            ]
        )

    def test_float_fuzz_does_not_move_the_boundary(self) -> None:
        self.assert_rows(
            [
                ("0.3 against 0.1 ± 0.2", numeric(0.1, 0.2), ["0.3"], True),
                ("1.0 against 1.1 ± 0.1", numeric(1.1, 0.1), ["1.0"], True),
                ("1.2 against 1.1 ± 0.1", numeric(1.1, 0.1), ["1.2"], True),
                ("0.3 against 0.1 + 0.2 exact", numeric(0.1 + 0.2), ["0.3"], True),
                ("1.21 against 1.1 ± 0.1", numeric(1.1, 0.1), ["1.21"], False),
            ]
        )

    def test_an_answer_in_any_documented_format_is_compared_by_value(self) -> None:
        self.assert_rows(
            [
                ("fraction", numeric(0.75), ["3/4"], True),
                ("mixed number", numeric(-1.5), ["-1 1/2"], True),
                ("thousands comma", numeric(1250), ["1,250"], True),
                ("leading plus", numeric(5), ["+5"], True),
                ("unicode minus", numeric(-5), ["\u22125"], True),
                ("trailing percent", numeric(12), ["12%"], True),
                ("percent is not divided by 100", numeric(0.12), ["12%"], False),
                ("fraction rounded by the tolerance", numeric(0.33, 0.01), ["1/3"], True),
            ]
        )

    def test_an_answer_that_is_not_a_number_is_answered_but_wrong(self) -> None:
        self.assert_rows(
            [
                ("words", numeric(5), ["five"], False),
                ("division by zero", numeric(0, 1000), ["1/0"], False),
                ("misplaced comma", numeric(1.25, 1), ["1,25"], False),
                ("scientific notation", numeric(100000), ["1e5"], False),
                ("infinity", numeric(0, 1e308), ["inf"], False),
            ]
        )


class ParseNumberTests(TestCase):
    def test_it_reads_numbers_the_way_students_write_them(self) -> None:
        rows = [
            ("integer", "42", 42.0),
            ("negative integer", "-42", -42.0),
            ("decimal", "3.14", 3.14),
            ("surrounding spaces", "  7 ", 7.0),
            ("fraction", "3/4", 0.75),
            ("fraction with spaces", "3 / 4", 0.75),
            ("negative fraction", "-3/4", -0.75),
            ("negative denominator", "3/-4", -0.75),
            ("decimal fraction", "1.5/3", 0.5),
            ("zero numerator", "0/5", 0.0),
            ("mixed number", "1 1/2", 1.5),
            ("negative mixed number", "-1 1/2", -1.5),
            ("positive mixed number", "+2 3/4", 2.75),
            ("mixed number with unicode minus", "\u22121 1/2", -1.5),
            ("thousands comma", "1,250", 1250.0),
            ("two thousands commas", "1,250,000", 1250000.0),
            ("thousands comma and decimals", "1,250.5", 1250.5),
            ("negative thousands", "-1,250", -1250.0),
            ("leading plus", "+5", 5.0),
            ("unicode minus", "\u22125", -5.0),
            ("en dash as minus", "\u20135", -5.0),
            ("trailing percent", "12%", 12.0),
            ("space before percent", "12 %", 12.0),
            ("fraction with percent", "1/2%", 0.5),
            ("leading point", ".5", 0.5),
            ("trailing point", "5.", 5.0),
            ("negative leading point", "-.5", -0.5),
        ]
        for description, written, expected in rows:
            with self.subTest(description, written=written):
                self.assertAlmostEqual(parse_number(written), expected)

    def test_it_returns_none_for_anything_else(self) -> None:
        rows = [
            ("empty", ""),
            ("spaces", "   "),
            ("percent alone", "%"),
            ("words", "abc"),
            ("division by zero", "1/0"),
            ("mixed number over zero", "1 1/0"),
            ("comma not grouping thousands", "1,25"),
            ("comma as decimal point", "3,5"),
            ("comma grouping of four", "1,2500"),
            ("infinity", "inf"),
            ("negative infinity", "-inf"),
            ("not a number", "nan"),
            ("scientific notation", "1e5"),
            ("hexadecimal", "0x10"),
            ("underscore separator", "1_000"),
            ("two numbers", "1 2"),
            ("sign separated from digits", "- 5"),
            ("two signs", "+-5"),
            ("a lone point", "."),
            ("two points", "1.2.3"),
            ("unit after the number", "5 cm"),
            ("percent in front", "%5"),
        ]
        for description, written in rows:
            with self.subTest(description, written=written):
                self.assertIsNone(parse_number(written))


class ShortTextTests(ScoringTestCase):
    def test_it_ignores_case_and_all_spaces(self) -> None:
        self.assert_rows(
            [
                ("exact", text("3/4"), ["3/4"], True),
                ("spaces inside", text("3/4"), ["3 / 4"], True),
                ("spaces in the accepted answer", text("3 / 4"), ["3/4"], True),
                ("case and outer spaces", text("three quarters"), ["  Three Quarters "], True),
                ("tabs and newlines", text("three quarters"), ["three\tquarters\n"], True),
                ("casefold, not just lower", text("STRASSE"), ["straße"], True),
                ("a different word", text("three quarters"), ["three fourths"], False),
                ("punctuation still counts", text("3/4"), ["3-4"], False),
                ("accents still count", text("cafe"), ["café"], False),
            ]
        )

    def test_any_accepted_variant_matches(self) -> None:
        key = text("3/4", "three quarters", "three fourths", "0.75")
        self.assert_rows(
            [
                ("first variant", key, ["3/4"], True),
                ("middle variant", key, ["Three Fourths"], True),
                ("last variant", key, ["0.75"], True),
                ("a value no variant spells", key, [".75"], False),
            ]
        )

    def test_an_empty_accepted_list_never_matches(self) -> None:
        self.assert_rows(
            [
                ("no accepted answers", text(), ["anything"], False),
                ("only blank accepted answers", text("", "   "), ["anything"], False),
            ]
        )

    def test_normalise_text_folds_case_and_spacing_but_keeps_spaces_between_words(self) -> None:
        rows = [
            ("  Three\tQuarters\n", "three quarters"),
            ("3 / 4", "3/4"),
            ("x  +  5", "x+5"),
            ("( 2 , 3 )", "(2,3)"),
            ("8 7/8", "8 7/8"),
        ]
        for raw, expected in rows:
            with self.subTest(raw=raw):
                self.assertEqual(normalise_text(raw), expected)

    def test_a_mixed_number_is_not_read_as_a_bigger_fraction(self) -> None:
        key = text("8 7/8")
        self.assert_rows(
            [
                ("same mixed number", key, ["8  7/8"], True),
                ("spaced slash", key, ["8 7 / 8"], True),
                ("digits run together", key, ["87/8"], False),
            ]
        )

    def test_huge_or_overflowing_numbers_are_wrong_not_errors(self) -> None:
        key = numeric(1)
        for raw in ["9" * 400 + " 1/2", "1" * 5000 + " 1/2", "9" * 400 + "/1", "9" * 40 + "/0"]:
            with self.subTest(raw=raw[:20]):
                self.assertIsNone(parse_number(raw))
                self.assertFalse(score_item(key, [raw]).correct)


class PointsTests(TestCase):
    def test_a_right_answer_earns_the_item_points_and_a_wrong_one_earns_zero(self) -> None:
        rows = [
            ("single right", single("a", points=3), ["a"], 3),
            ("single wrong", single("a", points=3), ["b"], 0),
            ("multiple right", multiple("a", "b", points=4), ["b", "a"], 4),
            ("multiple subset", multiple("a", "b", points=4), ["a"], 0),
            ("numeric right", numeric(2, points=2), ["2"], 2),
            ("numeric wrong", numeric(2, points=2), ["3"], 0),
            ("text right", text("x", points=5), ["X"], 5),
            ("text wrong", text("x", points=5), ["y"], 0),
            ("a zero-point item", single("a", points=0), ["a"], 0),
        ]
        for description, key, answer, points in rows:
            with self.subTest(description):
                score = score_item(key, answer)
                self.assertEqual(score.points, points)
                self.assertEqual(score.max_points, key.points)


class ScoreFormTests(TestCase):
    five_items = [single("a")] * 5

    @staticmethod
    def answers(right: int, total: int) -> list[list[str]]:
        return [["a"]] * right + [["b"]] * (total - right)

    def test_mastery_is_score_at_or_above_the_threshold(self) -> None:
        rows = [
            ("4/5 at an 80 % threshold", 4, 80, True),
            ("4/5 at a 79 % threshold", 4, 79, True),
            ("4/5 at an 81 % threshold", 4, 81, False),
            ("3/5 at an 80 % threshold", 3, 80, False),
            ("5/5 at a 100 % threshold", 5, 100, True),
            ("4/5 at a 100 % threshold", 4, 100, False),
            ("0/5 at a 0 % threshold", 0, 0, True),
            ("0/5 at a 1 % threshold", 0, 1, False),
        ]
        for description, right, threshold, mastered in rows:
            with self.subTest(description):
                score = score_form(
                    self.five_items, self.answers(right, 5), threshold_percent=threshold
                )
                self.assertEqual(score.points, right)
                self.assertEqual(score.max_points, 5)
                self.assertIs(score.mastered, mastered)

    def test_the_threshold_is_compared_exactly_not_after_rounding(self) -> None:
        # 2/3 is 66.666… %: it shows as 66.7 but does not meet a 67 % threshold.
        keys = [single("a")] * 3
        rows = [(66, True), (67, False)]
        for threshold, mastered in rows:
            with self.subTest(threshold=threshold):
                score = score_form(keys, self.answers(2, 3), threshold_percent=threshold)
                self.assertEqual(score.percent, 66.7)
                self.assertIs(score.mastered, mastered)

    def test_percent_is_rounded_to_one_decimal(self) -> None:
        rows = [
            ("1/3", 1, 3, 33.3),
            ("2/3", 2, 3, 66.7),
            ("1/8", 1, 8, 12.5),
            ("5/7", 5, 7, 71.4),
            ("0/4", 0, 4, 0.0),
            ("4/4", 4, 4, 100.0),
        ]
        for description, right, total, percent in rows:
            with self.subTest(description):
                score = score_form(
                    [single("a")] * total, self.answers(right, total), threshold_percent=80
                )
                self.assertEqual(score.percent, percent)

    def test_points_are_weighted_by_item(self) -> None:
        keys = [single("a", points=1), numeric(3, points=3), text("x", points=6)]
        score = score_form(keys, [["b"], ["3"], ["X"]], threshold_percent=90)
        self.assertEqual((score.points, score.max_points, score.percent), (9, 10, 90.0))
        self.assertTrue(score.mastered)

        score = score_form(keys, [["a"], ["3"], ["y"]], threshold_percent=40)
        self.assertEqual((score.points, score.max_points, score.percent), (4, 10, 40.0))
        self.assertTrue(score.mastered)

    def test_blank_answers_count_as_wrong_in_the_form_score(self) -> None:
        score = score_form(self.five_items, [["a"]] * 4 + [[]], threshold_percent=80)
        self.assertEqual(score.points, 4)
        self.assertTrue(score.mastered)
        self.assertFalse(score.items[4].answered)

    def test_it_keeps_one_item_score_per_item_in_order(self) -> None:
        keys = [single("a"), multiple("a", "b"), numeric(1), text("x")]
        score = score_form(keys, [["a"], ["a"], [], ["x"]], threshold_percent=50)
        self.assertEqual(
            score,
            FormScore(
                points=2,
                max_points=4,
                percent=50.0,
                mastered=True,
                items=(
                    ItemScore(answered=True, correct=True, points=1, max_points=1),
                    ItemScore(answered=True, correct=False, points=0, max_points=1),
                    ItemScore(answered=False, correct=False, points=0, max_points=1),
                    ItemScore(answered=True, correct=True, points=1, max_points=1),
                ),
            ),
        )

    def test_a_form_with_no_points_available_is_never_mastered(self) -> None:
        rows = [
            ("no items", [], [], 0),
            ("only zero-point items", [single("a", points=0)] * 2, [["a"], ["a"]], 0),
            ("zero-point items at a 0 % threshold", [single("a", points=0)], [["a"]], 0),
        ]
        for description, keys, answers, threshold in rows:
            with self.subTest(description):
                score = score_form(keys, answers, threshold_percent=threshold)
                self.assertEqual((score.points, score.max_points, score.percent), (0, 0, 0.0))
                self.assertFalse(score.mastered)

    def test_a_different_number_of_answers_and_items_is_an_error(self) -> None:
        rows = [
            ("too few answers", [single("a")] * 3, [["a"]] * 2),
            ("too many answers", [single("a")] * 2, [["a"]] * 3),
            ("answers for a form with no items", [], [["a"]]),
        ]
        for description, keys, answers in rows:
            with (
                self.subTest(description),
                self.assertRaisesRegex(ValueError, "one answer per item"),
            ):
                score_form(keys, answers, threshold_percent=80)


class OpenResponseScoringTests(TestCase):
    """Open response: pending until the teacher marks it; a blank one is 0 at once."""

    def test_open_responses_in_a_table(self) -> None:
        open5 = ItemKey(kind=ItemKind.OPEN, points=5)
        rows = [
            # (answer, teacher's points or None, points, correct, pending)
            (["I divide"], None, 0, False, True),
            ([""], None, 0, False, False),
            ([], Marked(5), 0, False, False),  # a blank answer stays blank, whatever marked
            (["I divide"], Marked(4), 4, False, False),
            (["I divide"], Marked(5), 5, True, False),
            (["I divide"], Marked(0), 0, False, False),
            (["I divide"], Marked(9), 5, True, False),  # never more than the item's points
            (["I divide"], Marked(-2), 0, False, False),
        ]
        for answer, marked, points, correct, pending in rows:
            with self.subTest(answer=answer, marked=marked):
                score = score_item(open5, answer, marked)
                self.assertEqual(
                    (score.points, score.correct, score.pending), (points, correct, pending)
                )
                self.assertEqual(score.max_points, 5)

    def test_a_form_with_a_pending_answer_has_no_verdict(self) -> None:
        keys = [single("a"), ItemKey(kind=ItemKind.OPEN, points=4)]
        rows = [
            # (marks, points, percent, mastered, pending)
            (None, 1, 20.0, False, 1),
            ([None, None], 1, 20.0, False, 1),
            ([None, Marked(3)], 4, 80.0, True, 0),
            ([None, Marked(2)], 3, 60.0, False, 0),
        ]
        for marks, points, percent, mastered, pending in rows:
            with self.subTest(marks=marks):
                score = score_form(keys, [["a"], ["why"]], threshold_percent=80, marked=marks)
                self.assertEqual(
                    (score.points, score.max_points, score.percent, score.mastered, score.pending),
                    (points, 5, percent, mastered, pending),
                )

    def test_one_mark_per_item(self) -> None:
        with self.assertRaisesRegex(ValueError, "one mark"):
            score_form([single("a")], [["a"]], threshold_percent=80, marked=[None, None])
