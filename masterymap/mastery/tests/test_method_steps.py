"""Show the math, step by step: every method's arithmetic as phrases, checked by hand.
Pure, no DB."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest import TestCase

from masterymap.mastery.methods import METHODS, Observation, build_method
from masterymap.mastery.phrases import render
from masterymap.mastery.policy import Policy, steps
from masterymap.mastery.scale import DEFAULT_SCALE, Level, Scale

FIRST_DAY = date(2025, 9, 1)
TYPED_AT = datetime(2025, 9, 1, 15, 0, tzinfo=UTC)
ZERO_BASED = Scale(
    levels=(
        Level(value=0, label="Not shown", colour="#999999", min_percent=0),
        Level(value=1, label="Beginning", colour="#c0392b", min_percent=25),
        Level(value=2, label="Approaching", colour="#d68910", min_percent=50),
        Level(value=3, label="Mastered", colour="#1e8449", min_percent=80),
        Level(value=4, label="Exceeds", colour="#2471a3", min_percent=95),
    ),
    mastery_value=3,
)


def scores(*values: float, kinds: tuple[str, ...] = ()) -> list[Observation]:
    """One observation a day, in this order."""
    return [
        Observation(
            score=value,
            assessed_on=FIRST_DAY + timedelta(days=day),
            recorded_at=TYPED_AT,
            kind=kinds[day] if kinds else "assessment",
        )
        for day, value in enumerate(values)
    ]


def written(key: str, observations: list[Observation], scale: Scale = DEFAULT_SCALE, **params):
    method = build_method(key, params)
    return [render(step) for step in method.steps(observations, scale)]


IN_ORDER = "Scores in the order they were assessed: "

# (method key, params, scores, the steps as a teacher would write them on paper)
TABLE: list[tuple[str, dict[str, object], tuple[float, ...], list[str]]] = [
    (
        "most_recent",
        {},
        (1, 3, 2),
        [IN_ORDER + "1, 3, 2", "The level is the latest score: 2"],
    ),
    (
        "highest",
        {},
        (1, 3, 2),
        [IN_ORDER + "1, 3, 2", "The level is the highest score: 3"],
    ),
    ("mean", {}, (2, 3, 3), [IN_ORDER + "2, 3, 3", "(2 + 3 + 3) ÷ 3 = 2.67"]),
    (
        "mode",
        {},
        (3, 2, 3, 4),
        [
            IN_ORDER + "3, 2, 3, 4",
            "3 appears 2 times",
            "4 appears 1 time",
            "2 appears 1 time",
            "The level is the most common score: 3",
        ],
    ),
    (
        "mode",
        {},
        (2, 4, 2, 4),
        [
            IN_ORDER + "2, 4, 2, 4",
            "4 appears 2 times",
            "2 appears 2 times",
            "4 and 2 are equally common, so the higher counts: 4",
        ],
    ),
    (
        "mode",
        {},
        (1, 3, 2),
        [IN_ORDER + "1, 3, 2", "No score repeats, so the highest counts: 3"],
    ),
    (
        "decaying_average",
        {"rate": 0.65},
        (2, 3, 4),
        [
            IN_ORDER + "2, 3, 4",
            "Start with the first score: 2",
            "0.65 × 3 + 0.35 × 2 = 2.65",
            "0.65 × 4 + 0.35 × 2.65 = 3.53",
        ],
    ),
    (
        "decaying_average",
        {"rate": 0.5},
        (4, 2),
        [IN_ORDER + "4, 2", "Start with the first score: 4", "0.50 × 2 + 0.50 × 4 = 3"],
    ),
    (
        "weighted_average",
        {"rate": 0.65},
        (1, 2, 3, 4),
        [
            IN_ORDER + "1, 2, 3, 4",
            "The average of the earlier scores: (1 + 2 + 3) ÷ 3 = 2",
            "0.65 × 4 + 0.35 × 2 = 3.3",
        ],
    ),
    (
        "n_times",
        {"n": 2},
        (4, 2, 3),
        [
            IN_ORDER + "4, 2, 3",
            "From highest to lowest: 4, 3, 2",
            "Score number 2 from the top is 3: 2 scores are at 3 or above (2 needed)",
            "3 is at Mastered or above, so the level is 3",
        ],
    ),
    (
        "n_times",
        {"n": 3},
        (4, 2, 3),
        [
            IN_ORDER + "4, 2, 3",
            "From highest to lowest: 4, 3, 2",
            "Score number 3 from the top is 2: 3 scores are at 2 or above (3 needed)",
            "2 is below Mastered (3), so the level is 2",
        ],
    ),
    (
        "n_times",
        {"n": 3},
        (4, 3),
        [IN_ORDER + "4, 3", "2 of the 3 scores needed so far, so no level yet"],
    ),
    (
        "power_law",
        {},
        (1, 3, 2, 4),
        [
            IN_ORDER + "1, 3, 2, 4",
            "The curve that fits the scores best (least squares on their logarithms): "
            "score = 1.13 × n^0.848, where n is the score's place in the order (1, 2, 3…)",
            "At the latest score, n = 4: 1.13 × 4^0.848 = 3.66",
        ],
    ),
    (
        "power_law",
        {},
        (3, 3),
        [IN_ORDER + "3, 3", "Every score is the same, so the level is 3"],
    ),
    (
        "m_of_n",
        {"m": 2, "n": 3},
        (4, 1, 3, 3),
        [
            IN_ORDER + "4, 1, 3, 3",
            "Only the last 3 count: 1, 3, 3",
            "From highest to lowest: 3, 3, 1",
            "Score number 2 from the top is 3: 2 scores are at 3 or above (2 needed)",
            "3 is at Mastered or above, so the level is 3",
        ],
    ),
    (
        "m_of_n",
        {"m": 3, "n": 4},
        (4,),
        ["The score: 4", "1 of the 3 scores needed so far, so no level yet"],
    ),
]


class StepsTests(TestCase):
    def test_every_method_shows_its_arithmetic(self) -> None:
        for key, params, values, expected in TABLE:
            with self.subTest(method=key, params=params, scores=values):
                self.assertEqual(written(key, scores(*values), **params), expected)

    def test_the_table_covers_every_method(self) -> None:
        self.assertEqual({key for key, *_ in TABLE}, {method.key for method in METHODS})

    def test_no_evidence_has_no_steps_and_one_score_is_the_level(self) -> None:
        for method in METHODS:
            with self.subTest(method=method.key):
                self.assertEqual(method().steps([], DEFAULT_SCALE), ())
        self.assertEqual(
            written("decaying_average", scores(3)),
            ["The level is the only score so far: 3"],
        )

    def test_the_last_step_ends_with_the_calculated_level(self) -> None:
        histories = [(1, 3, 2, 4), (4, 3, 2, 1), (2, 2, 3), (0, 4, 1), (3, 4, 4, 2, 1)]
        for method in METHODS:
            for values in histories:
                with self.subTest(method=method.key, scores=values):
                    observations = scores(*values)
                    level = method().calculate(observations, ZERO_BASED).level
                    last = written(method.key, observations, ZERO_BASED)[-1]
                    self.assertTrue(
                        last.endswith(render(float(level))), f"{last!r} should end with {level}"
                    )

    def test_the_mean_shows_weights_and_what_it_left_out(self) -> None:
        observations = scores(2, 4, 1, kinds=("assessment", "product", "conference"))
        policy = Policy(method="mean", weights={"product": 2, "conference": 0})
        self.assertEqual(
            [render(step) for step in steps(observations, policy, DEFAULT_SCALE)],
            [
                IN_ORDER + "2, 4, 1",
                "Left out, because its kind of evidence has a weight of 0: 1",
                "Each score times its kind's weight, added up, divided by the weights added "
                "up: (2 × 1 + 4 × 2) ÷ (1 + 2) = 3.33",
            ],
        )

    def test_a_power_law_below_the_floor_and_above_the_scale_says_so(self) -> None:
        written_steps = written("power_law", scores(0, 2, 4), ZERO_BASED)
        self.assertIn(
            "Scores below 0.5 count as 0.5 (the fit takes logarithms, which need numbers above 0)",
            written_steps,
        )
        self.assertEqual(written_steps[-1], "The scale goes from 0 to 4, so the level is 4")

    def test_the_policy_says_what_it_left_out_and_when_there_is_not_enough(self) -> None:
        observations = scores(3, 4, kinds=("assessment", "conference"))
        policy = Policy(method="most_recent", min_evidence=2, kinds=frozenset({"assessment"}))
        self.assertEqual(
            [render(step) for step in steps(observations, policy, DEFAULT_SCALE)],
            [
                "1 piece of evidence is left out: this class does not count its kind",
                "1 of the 2 pieces of evidence needed, so no level yet",
            ],
        )
        self.assertEqual(steps(scores(3, kinds=("conference",)), policy, DEFAULT_SCALE), ())
