"""Proficiency scales: cut scores, labels, the mastery cut, validation. Pure, no DB."""

from __future__ import annotations

from unittest import TestCase

from masterymap.mastery.scale import DEFAULT_SCALE, Level, Scale, format_level


def level(value: int, label: str, min_percent: float) -> Level:
    return Level(value=value, label=label, colour="#000000", min_percent=min_percent)


class DefaultScaleTests(TestCase):
    def test_the_default_scale_is_beginning_approaching_mastered_exceeds(self) -> None:
        self.assertEqual(
            [(lv.value, lv.label, lv.min_percent) for lv in DEFAULT_SCALE.levels],
            [(1, "Beginning", 0), (2, "Approaching", 50), (3, "Mastered", 80), (4, "Exceeds", 95)],
        )
        self.assertEqual(DEFAULT_SCALE.mastery_value, 3)
        self.assertEqual(DEFAULT_SCALE.mastery_label, "Mastered")
        self.assertEqual((DEFAULT_SCALE.min_value, DEFAULT_SCALE.max_value), (1, 4))

    def test_every_default_level_has_a_hex_colour(self) -> None:
        for lv in DEFAULT_SCALE.levels:
            with self.subTest(lv.label):
                self.assertRegex(lv.colour, r"^#[0-9a-f]{6}$")

    def test_assessment_percents_earn_the_default_cut_scores(self) -> None:
        table = [
            (100, 4),
            (95, 4),
            (94.99, 3),
            (80, 3),
            (79.99, 2),
            (50, 2),
            (49.99, 1),
            (0, 1),
            (-5, 1),  # never expected; still the lowest level rather than an error
        ]
        for percent, expected in table:
            with self.subTest(percent=percent):
                self.assertEqual(DEFAULT_SCALE.level_for_percent(percent), expected)

    def test_a_percent_that_is_not_a_number_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            DEFAULT_SCALE.level_for_percent(float("nan"))


class LabelAndMasteryTests(TestCase):
    def test_labels_name_the_highest_level_at_or_below_the_rounded_level(self) -> None:
        table = [
            (None, "Not assessed"),
            (1, "Beginning"),
            (1.99, "Beginning"),
            (2, "Approaching"),
            (2.99, "Approaching"),
            (2.996, "Mastered"),  # shown as 3, so named Mastered
            (3.48, "Mastered"),
            (4, "Exceeds"),
            (0.5, "Beginning"),  # below the scale: the lowest label
            (7, "Exceeds"),
        ]
        for value, expected in table:
            with self.subTest(level=value):
                self.assertEqual(DEFAULT_SCALE.label_for(value), expected)

    def test_mastery_is_judged_after_rounding_to_two_decimals(self) -> None:
        table = [
            (None, False),
            (1, False),
            (2.99, False),
            (2.994, False),
            (2.996, True),
            (3, True),
            (3.48, True),
            (4, True),
        ]
        for value, expected in table:
            with self.subTest(level=value):
                self.assertIs(DEFAULT_SCALE.is_mastered(value), expected)

    def test_clamp_keeps_a_value_on_the_scale(self) -> None:
        for value, expected in [(0, 1.0), (1, 1.0), (2.5, 2.5), (4, 4.0), (9.2, 4.0)]:
            with self.subTest(value=value):
                clamped = DEFAULT_SCALE.clamp(value)
                self.assertEqual(clamped, expected)
                self.assertIsInstance(clamped, float)

    def test_only_the_scales_own_values_are_levels_to_record(self) -> None:
        for value, expected in [
            (1, True),
            (3.0, True),
            (4, True),
            (2.5, False),
            (3.0001, False),
            (0, False),
            (5, False),
            (1e308, False),
            (float("inf"), False),
            (float("nan"), False),
        ]:
            with self.subTest(value=value):
                self.assertIs(DEFAULT_SCALE.has_level(value), expected)

    def test_level_looks_up_a_level_by_value(self) -> None:
        self.assertEqual(DEFAULT_SCALE.level(3).label, "Mastered")
        with self.assertRaises(KeyError):
            DEFAULT_SCALE.level(5)

    def test_levels_show_with_at_most_two_decimals_and_no_trailing_zeros(self) -> None:
        table = [(3, "3"), (3.0, "3"), (3.3, "3.3"), (3.484625, "3.48"), (2.996, "3"), (0, "0")]
        for value, expected in table:
            with self.subTest(value=value):
                self.assertEqual(format_level(value), expected)


class ValidationTests(TestCase):
    def test_a_school_can_use_its_own_zero_based_scale(self) -> None:
        scale = Scale(
            levels=[level(0, "No evidence", 0), level(1, "Emerging", 40), level(2, "Secure", 70)],
            mastery_value=2,
        )
        self.assertIsInstance(scale.levels, tuple)
        self.assertEqual(scale.level_for_percent(39), 0)
        self.assertEqual(scale.level_for_percent(70), 2)

    def test_invalid_scales_are_refused_with_a_human_message(self) -> None:
        table = [
            ("one level", [level(1, "Only", 0)], 1, "at least two levels"),
            (
                "values out of order",
                [level(2, "B", 0), level(1, "A", 50)],
                1,
                "go up one after another",
            ),
            ("repeated values", [level(1, "A", 0), level(1, "B", 50)], 1, "without repeats"),
            ("mastery not a level", [level(1, "A", 0), level(2, "B", 50)], 3, "must be one of"),
            (
                "cut scores going down",
                [level(1, "A", 0), level(2, "B", 80), level(3, "C", 60)],
                2,
                "must not go down",
            ),
            ("lowest not at 0 %", [level(1, "A", 10), level(2, "B", 50)], 2, "start at 0 %"),
            ("cut score above 100 %", [level(1, "A", 0), level(2, "B", 120)], 2, "between 0 %"),
            ("a level without a name", [level(1, " ", 0), level(2, "B", 50)], 2, "needs a name"),
        ]
        for name, levels, mastery, message in table:
            with self.subTest(name), self.assertRaisesRegex(ValueError, message):
                Scale(levels=tuple(levels), mastery_value=mastery)

    def test_equal_cut_scores_are_allowed(self) -> None:
        scale = Scale(
            levels=(level(1, "A", 0), level(2, "B", 50), level(3, "C", 50)), mastery_value=2
        )
        self.assertEqual(scale.level_for_percent(50), 3)


class OpenResponsePointsTests(TestCase):
    def test_the_level_names_the_share_of_points(self) -> None:
        from masterymap.mastery.scale import open_response_points

        rows = [
            # (level, points, earned) on the default scale: cuts 0, 50, 80, 95
            (4, 5, 5),  # the top level earns every point
            (3, 5, 4),  # Mastered: 80 % of 5
            (2, 5, 2),  # Approaching: 50 % of 5 = 2.5, rounded half down
            (1, 5, 0),
            (3, 1, 1),  # 0.8 rounds to 1
            (2, 1, 0),  # 0.5 rounds down: below mastery never earns a one-point question
            (3, 10, 8),
        ]
        for level, points, earned in rows:
            with self.subTest(level=level, points=points):
                self.assertEqual(open_response_points(DEFAULT_SCALE, level, points), earned)
