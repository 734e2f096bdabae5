"""Mastery methods: one table row per documented rule, figures checked by hand. Pure, no DB."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest import TestCase

from masterymap.mastery.methods import (
    METHODS,
    NO_EVIDENCE,
    DecayingAverage,
    Highest,
    MasteryResult,
    Mean,
    MethodError,
    Mode,
    MOfN,
    MostRecent,
    NTimes,
    Observation,
    PowerLaw,
    WeightedAverage,
    build_method,
    method_keys,
    ordered,
)
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


def observe(score: float, day: int = 0, minute: int = 0, **kwargs: object) -> Observation:
    """A score assessed `day` days after the first day, typed in `minute` minutes after 15:00."""
    return Observation(
        score=score,
        assessed_on=FIRST_DAY + timedelta(days=day),
        recorded_at=TYPED_AT + timedelta(days=day, minutes=minute),
        **kwargs,  # type: ignore[arg-type]
    )


def in_order(*scores: float) -> list[Observation]:
    """One score per day, oldest first."""
    return [observe(score, day) for day, score in enumerate(scores)]


def level_of(method: object, *scores: float, scale: Scale = DEFAULT_SCALE) -> float | None:
    result = method.calculate(in_order(*scores), scale)  # type: ignore[attr-defined]
    return None if result.level is None else round(result.level, 2)


def sentence_for(method: object, *scores: float, scale: Scale = DEFAULT_SCALE) -> str:
    result = method.calculate(in_order(*scores), scale)  # type: ignore[attr-defined]
    return method.explain(result, scale)  # type: ignore[attr-defined]


class PublishedFiguresTests(TestCase):
    """The figures in the issue and in docs/mastery-methods.md."""

    def test_decaying_average_of_1_2_3_4_is_3_48(self) -> None:
        result = DecayingAverage().calculate(in_order(1, 2, 3, 4), DEFAULT_SCALE)
        self.assertAlmostEqual(result.level, 3.484625)
        self.assertEqual(round(result.level, 2), 3.48)

    def test_weighted_average_of_1_2_3_4_is_3_3(self) -> None:
        self.assertEqual(level_of(WeightedAverage(), 1, 2, 3, 4), 3.3)

    def test_power_law_reproduces_the_published_trends(self) -> None:
        table = [((1, 3, 2, 4), 3.66), ((2, 4, 1, 3), 2.16), ((4, 3, 2, 1), 1.28)]
        for scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(level_of(PowerLaw(), *scores), expected)

    def test_every_method_on_1_2_3_4(self) -> None:
        table = [
            (MostRecent(), 4),
            (Highest(), 4),
            (Mean(), 2.5),
            (Mode(), 4),  # nothing repeats: the tie goes to the highest
            (DecayingAverage(), 3.48),
            (WeightedAverage(), 3.3),
            (NTimes(), 2),  # the 3rd highest score
            (PowerLaw(), 4),  # exactly y = x
            (MOfN(), 2),  # 3 of the last 4 are at 2 or above
        ]
        for method, expected in table:
            with self.subTest(method.key):
                self.assertEqual(level_of(method, 1, 2, 3, 4), expected)


class EdgeCasesEveryMethodSharesTests(TestCase):
    def test_no_evidence_means_not_assessed_never_zero(self) -> None:
        for method_class in METHODS:
            method = method_class()
            with self.subTest(method.key):
                result = method.calculate([], DEFAULT_SCALE)
                self.assertEqual(
                    result,
                    MasteryResult(method=method.key, level=None, count=0, reason=NO_EVIDENCE),
                )
                self.assertEqual(
                    method.explain(result, DEFAULT_SCALE), "Not assessed yet: no evidence recorded."
                )

    def test_one_score_is_that_score(self) -> None:
        methods = [cls() for cls in METHODS if cls not in (NTimes, MOfN)]
        methods += [NTimes(n=1), MOfN(m=1, n=4)]
        for method in methods:
            with self.subTest(method.key):
                self.assertEqual(level_of(method, 3), 3)
                self.assertEqual(sentence_for(method, 3), "Mastered: the only score so far is 3.")

    def test_all_scores_equal_give_that_score(self) -> None:
        for method_class in METHODS:
            method = method_class()
            for score in (1, 2, 3, 4):
                with self.subTest(method.key, score=score):
                    self.assertEqual(level_of(method, score, score, score, score), score)

    def test_evidence_entered_out_of_order_counts_in_assessed_order(self) -> None:
        scores = (1, 3, 2, 4, 2)
        shuffled = [observe(score, day, minute=-day) for day, score in enumerate(scores)]
        # Typed in newest first: recorded_at runs backwards, assessed_on still decides.
        shuffled = list(reversed(shuffled))
        for method_class in METHODS:
            method = method_class()
            with self.subTest(method.key):
                self.assertEqual(
                    method.calculate(shuffled, DEFAULT_SCALE),
                    method.calculate(in_order(*scores), DEFAULT_SCALE),
                )

    def test_every_level_is_clamped_to_the_scale(self) -> None:
        # Out-of-scale scores (a bad import) never produce an out-of-scale level.
        for method_class in METHODS:
            method = method_class()
            with self.subTest(method.key, side="above"):
                self.assertEqual(level_of(method, 6, 6, 6, 6), 4)
            with self.subTest(method.key, side="below"):
                self.assertEqual(level_of(method, 0, 0, 0, 0), 1)

    def test_levels_in_sentences_have_at_most_two_decimals(self) -> None:
        for method_class in METHODS:
            method = method_class()
            with self.subTest(method.key):
                sentence = sentence_for(method, 1, 2.333333, 3.777777, 2.5, 3.1)
                self.assertNotRegex(sentence, r"\d\.\d{3}")
                self.assertTrue(sentence.endswith("."))
                self.assertEqual(sentence.count(". "), 0, "one sentence")

    def test_sentences_start_with_the_levels_label(self) -> None:
        for method_class in METHODS:
            method = method_class()
            for scores in [(1, 2, 3, 4), (4, 3, 2, 1), (2, 3, 3, 4, 4)]:
                with self.subTest(method.key, scores=scores):
                    result = method.calculate(in_order(*scores), DEFAULT_SCALE)
                    label = DEFAULT_SCALE.label_for(result.level)
                    self.assertTrue(method.explain(result, DEFAULT_SCALE).startswith(f"{label}: "))

    def test_ordered_sorts_by_assessed_date_then_recording_time(self) -> None:
        late_entry = observe(2, day=0, minute=90)
        early_entry = observe(3, day=0, minute=5)
        next_day = observe(1, day=1, minute=-600)
        self.assertEqual(
            ordered([next_day, late_entry, early_entry]), [early_entry, late_entry, next_day]
        )

    def test_an_assessed_datetime_is_refused(self) -> None:
        with self.assertRaisesRegex(ValueError, "date, not a datetime"):
            Observation(score=3, assessed_on=TYPED_AT, recorded_at=TYPED_AT)

    def test_a_score_that_is_not_a_number_is_refused(self) -> None:
        with self.assertRaisesRegex(ValueError, "finite"):
            Observation(score=float("nan"), assessed_on=FIRST_DAY, recorded_at=TYPED_AT)


class MostRecentTests(TestCase):
    def test_the_latest_assessed_score_counts(self) -> None:
        table = [((1, 2, 3), 3), ((4, 4, 1), 1), ((2, 4), 4)]
        for scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(level_of(MostRecent(), *scores), expected)

    def test_on_the_same_date_the_later_recorded_wins(self) -> None:
        first_sitting = observe(2, day=3, minute=0)
        retake_same_day = observe(3, day=3, minute=45)
        for given in ([first_sitting, retake_same_day], [retake_same_day, first_sitting]):
            with self.subTest(given=[o.score for o in given]):
                self.assertEqual(MostRecent().calculate(given, DEFAULT_SCALE).level, 3)

    def test_late_entry_for_an_earlier_date_does_not_replace_newer_work(self) -> None:
        newer = observe(4, day=5, minute=0)
        older_typed_later = observe(1, day=2, minute=60 * 24 * 10)
        self.assertEqual(MostRecent().calculate([newer, older_typed_later], DEFAULT_SCALE).level, 4)

    def test_an_exact_tie_goes_to_the_higher_score_whatever_the_input_order(self) -> None:
        low, high = observe(2, day=1), observe(3, day=1)
        for given in ([low, high], [high, low]):
            with self.subTest(given=[o.score for o in given]):
                self.assertEqual(MostRecent().calculate(given, DEFAULT_SCALE).level, 3)

    def test_it_explains_itself(self) -> None:
        self.assertEqual(
            sentence_for(MostRecent(), 1, 2, 3, 4),
            "Exceeds: the most recently assessed of the 4 scores is 4.",
        )


class HighestTests(TestCase):
    def test_the_best_score_counts(self) -> None:
        self.assertEqual(level_of(Highest(), 2, 4, 1, 3), 4)
        self.assertEqual(
            sentence_for(Highest(), 2, 4, 1, 3), "Exceeds: the highest of the 4 scores is 4."
        )


class MeanTests(TestCase):
    def test_the_plain_average(self) -> None:
        table = [((1, 2, 3, 4), 2.5), ((3, 4), 3.5), ((1, 1, 4), 2), ((2, 3, 3), 2.67)]
        for scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(level_of(Mean(), *scores), expected)
        self.assertEqual(
            sentence_for(Mean(), 1, 2, 3, 4), "Approaching: the 4 scores averaged 2.5."
        )

    def test_weights_count_some_evidence_more(self) -> None:
        evidence = [observe(2, 0), observe(4, 1, kind="battle_the_boss", weight=3)]
        result = Mean().calculate(evidence, DEFAULT_SCALE)
        self.assertEqual(result.level, 3.5)  # (2·1 + 4·3) / 4
        self.assertEqual(
            Mean().explain(result, DEFAULT_SCALE),
            "Mastered: the 2 scores averaged 3.5, "
            "with some kinds of evidence counting more than others.",
        )

    def test_equal_weights_give_the_plain_average(self) -> None:
        evidence = [observe(s, d, weight=2) for d, s in enumerate((1, 2, 3, 4))]
        result = Mean().calculate(evidence, DEFAULT_SCALE)
        self.assertEqual(result.level, 2.5)
        self.assertEqual(
            Mean().explain(result, DEFAULT_SCALE), "Approaching: the 4 scores averaged 2.5."
        )

    def test_weights_of_zero_or_less_leave_a_score_out(self) -> None:
        table = [(0, 3.5), (-1, 3.5), (1, 3)]
        for weight, expected in table:
            with self.subTest(weight=weight):
                evidence = [observe(3, 0), observe(4, 1), observe(2, 2, kind="x", weight=weight)]
                self.assertEqual(Mean().calculate(evidence, DEFAULT_SCALE).level, expected)
        evidence = [observe(3, 0), observe(4, 1), observe(2, 2, kind="x", weight=0)]
        self.assertEqual(
            Mean().explain(Mean().calculate(evidence, DEFAULT_SCALE), DEFAULT_SCALE),
            "Mastered: the 2 scores that count averaged 3.5, "
            "leaving out 1 score with a weight of 0.",
        )

    def test_a_single_counted_score_among_left_out_ones_is_not_the_only_score(self) -> None:
        evidence = [observe(3, 0), observe(1, 1, kind="x", weight=0)]
        result = Mean().calculate(evidence, DEFAULT_SCALE)
        self.assertEqual(
            Mean().explain(result, DEFAULT_SCALE),
            "Mastered: the only score that counts is 3, leaving out 1 score with a weight of 0.",
        )

    def test_no_level_when_every_weight_is_zero(self) -> None:
        evidence = [observe(3, 0, weight=0), observe(4, 1, weight=0)]
        result = Mean().calculate(evidence, DEFAULT_SCALE)
        self.assertIsNone(result.level)
        self.assertEqual(result.reason, "no_weighted_evidence")
        self.assertEqual(
            Mean().explain(result, DEFAULT_SCALE),
            "No level yet: none of the 2 scores counts, "
            "because their kinds of evidence have a weight of 0.",
        )


class ModeTests(TestCase):
    def test_the_most_frequent_score_counts_and_ties_go_higher(self) -> None:
        table = [
            ((1, 3, 3, 2), 3),
            ((4, 2, 2, 2, 4), 2),
            ((2, 2, 3, 3, 1), 3),  # tie between 2 and 3
            ((1, 2, 3, 4), 4),  # no repeats: all tied
            ((2.5, 2.5, 3), 2.5),
        ]
        for scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(level_of(Mode(), *scores), expected)

    def test_it_explains_ties_and_repeats(self) -> None:
        table = [
            ((1, 3, 3, 2), "Mastered: 3 is the most common of the 4 scores (2 times)."),
            (
                (2, 2, 3, 3, 1),
                "Mastered: 3 and 2 are equally common among the 5 scores (2 times each), "
                "so the higher counts.",
            ),
            ((1, 2), "Approaching: none of the 2 scores repeats, so the highest, 2, counts."),
        ]
        for scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(sentence_for(Mode(), *scores), expected)


class DecayingAverageTests(TestCase):
    def test_each_new_score_pulls_by_the_rate(self) -> None:
        table = [
            (0.65, (1, 2, 3, 4), 3.48),
            (0.5, (1, 2, 3, 4), 3.12),  # 1 → 1.5 → 2.25 → 3.125
            (0.99, (1, 2, 3, 4), 3.99),
            (0.65, (4, 1), 2.05),
            (0.65, (4, 3, 2, 1), 1.52),
        ]
        for rate, scores, expected in table:
            with self.subTest(rate=rate, scores=scores):
                self.assertEqual(level_of(DecayingAverage(rate=rate), *scores), expected)

    def test_on_the_same_date_the_later_recorded_counts_as_later(self) -> None:
        earlier = observe(1, day=0, minute=0)
        later = observe(4, day=0, minute=1)
        result = DecayingAverage().calculate([later, earlier], DEFAULT_SCALE)
        self.assertAlmostEqual(result.level, 0.35 * 1 + 0.65 * 4)

    def test_it_explains_itself(self) -> None:
        self.assertEqual(
            sentence_for(DecayingAverage(), 1, 2, 3, 4),
            "Mastered: the 4 scores averaged 3.48, "
            "weighting recent work most (each new score counts 65%).",
        )


class WeightedAverageTests(TestCase):
    def test_the_latest_score_against_the_average_of_the_earlier_ones(self) -> None:
        table = [
            (0.65, (1, 2, 3, 4), 3.3),
            (0.5, (1, 2, 3, 4), 3),
            (0.65, (2, 4, 1, 3), 2.77),
            (0.65, (4, 1), 2.05),  # 0.65·1 + 0.35·4
        ]
        for rate, scores, expected in table:
            with self.subTest(rate=rate, scores=scores):
                self.assertEqual(level_of(WeightedAverage(rate=rate), *scores), expected)

    def test_it_explains_itself(self) -> None:
        self.assertEqual(
            sentence_for(WeightedAverage(), 1, 2, 3, 4),
            "Mastered: the latest score (4) counts 65% and the average of the 3 earlier "
            "scores (2) counts 35%, giving 3.3.",
        )
        self.assertEqual(
            sentence_for(WeightedAverage(), 4, 1),
            "Approaching: the latest score (1) counts 65% and the average of the earlier "
            "score (4) counts 35%, giving 2.05.",
        )


class NTimesTests(TestCase):
    def test_the_level_is_the_nth_highest_score_once_n_scores_exist(self) -> None:
        table = [
            (3, (3, 3), None),
            (3, (3, 2, 4, 3), 3),
            (3, (1, 2, 3, 4), 2),
            (3, (4, 4, 4, 1, 1), 4),
            (3, (1, 1, 3, 1, 3), 1),
            (1, (1, 4, 2), 4),  # n = 1 is the highest
            (2, (3.5, 2.5, 3.25), 3.25),
        ]
        for n, scores, expected in table:
            with self.subTest(n=n, scores=scores):
                self.assertEqual(level_of(NTimes(n=n), *scores), expected)

    def test_mastered_exactly_when_n_scores_are_at_or_above_mastery(self) -> None:
        table = [((3, 3, 1, 1, 1), False), ((3, 3, 1, 4, 1), True), ((1, 1, 3, 3, 3), True)]
        for scores, mastered in table:
            with self.subTest(scores=scores):
                self.assertIs(DEFAULT_SCALE.is_mastered(level_of(NTimes(n=3), *scores)), mastered)

    def test_it_says_how_many_scores_are_still_needed(self) -> None:
        result = NTimes().calculate(in_order(3, 4), DEFAULT_SCALE)
        self.assertEqual(result.reason, "needs_3")
        self.assertEqual(
            NTimes().explain(result, DEFAULT_SCALE),
            "No level yet: 2 of the 3 scores needed so far.",
        )

    def test_it_explains_itself(self) -> None:
        table = [
            ((3, 2, 4, 3), "Mastered: 3 of the 4 scores are at Mastered or above (3 needed)."),
            (
                (1, 2, 3, 4),
                "Approaching: 3 of the 4 scores are at Approaching or above (3 needed), "
                "but only 2 at Mastered or above.",
            ),
            (
                (1, 1, 2),
                "Beginning: 3 of the 3 scores are at Beginning or above (3 needed), "
                "but none at Mastered or above.",
            ),
            (
                (2.5, 2.5, 2.5, 1),
                "Approaching: 3 of the 4 scores are at 2.5 or above (3 needed), "
                "but none at Mastered or above.",
            ),
        ]
        for scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(sentence_for(NTimes(), *scores), expected)


class PowerLawTests(TestCase):
    def test_scores_below_the_floor_count_as_half_a_level(self) -> None:
        # 0, 1, 2 fits as 0.5, 1, 2, which is exactly 0.5·2^(x−1): a = 0.25, b ≈ 1.32 → 1.86.
        result = PowerLaw().calculate(in_order(0, 1, 2), ZERO_BASED)
        self.assertEqual(round(result.level, 2), 1.86)
        self.assertEqual(result.detail["floored"], 1)
        self.assertEqual(
            PowerLaw().explain(result, ZERO_BASED),
            "Beginning: the 3 scores follow a rising trend that points to 1.86 now, "
            "counting scores below 0.5 as 0.5.",
        )

    def test_zeros_and_tiny_scores_floor_to_the_same_value(self) -> None:
        self.assertEqual(
            level_of(PowerLaw(), 0, 3, 4, scale=ZERO_BASED),
            level_of(PowerLaw(), 0.25, 3, 4, scale=ZERO_BASED),
        )

    def test_all_zeros_stay_zero_on_a_zero_based_scale(self) -> None:
        self.assertEqual(level_of(PowerLaw(), 0, 0, 0, scale=ZERO_BASED), 0)

    def test_a_trend_beyond_the_scale_is_capped(self) -> None:
        result = PowerLaw().calculate(in_order(1, 2, 4, 4), DEFAULT_SCALE)
        self.assertEqual(result.level, 4)
        self.assertEqual(round(result.detail["prediction"], 2), 4.51)
        self.assertIn("capped at the top of the scale", PowerLaw().explain(result, DEFAULT_SCALE))

    def test_it_explains_itself(self) -> None:
        table = [
            ((1, 3, 2, 4), "Mastered: the 4 scores follow a rising trend that points to 3.66 now."),
            (
                (4, 3, 2, 1),
                "Beginning: the 4 scores follow a falling trend that points to 1.28 now.",
            ),
            ((3, 3), "Mastered: both scores are 3."),
            ((2, 2, 2), "Approaching: all 3 scores are 2."),
        ]
        for scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(sentence_for(PowerLaw(), *scores), expected)


class MOfNTests(TestCase):
    def test_only_the_last_n_scores_count(self) -> None:
        table = [
            (3, 4, (3, 3), None),
            (3, 4, (3, 3, 3), 3),
            (3, 4, (4, 4, 1, 3, 3, 3), 3),
            (3, 4, (4, 4, 4, 1, 1, 1), 1),  # early 4s have dropped out of the window
            (3, 4, (1, 2, 3, 4), 2),
            (2, 3, (1, 3, 1, 4), 3),  # last three: 3, 1, 4 → the 2nd highest is 3
            (1, 1, (4, 4, 2), 2),  # m = n = 1 is the most recent
        ]
        for m, n, scores, expected in table:
            with self.subTest(m=m, n=n, scores=scores):
                self.assertEqual(level_of(MOfN(m=m, n=n), *scores), expected)

    def test_it_says_how_many_scores_are_still_needed(self) -> None:
        result = MOfN().calculate(in_order(4, 4), DEFAULT_SCALE)
        self.assertEqual(result.reason, "needs_3")
        self.assertEqual(
            MOfN().explain(result, DEFAULT_SCALE), "No level yet: 2 of the 3 scores needed so far."
        )

    def test_it_explains_itself(self) -> None:
        table = [
            (
                MOfN(),
                (4, 4, 1, 3, 3, 3),
                "Mastered: 3 of the last 4 scores are at Mastered or above (3 needed).",
            ),
            (
                MOfN(m=2, n=4),
                (4, 4, 3),
                "Exceeds: 2 of the 3 scores are at Exceeds or above (2 needed).",
            ),
            (
                MOfN(),
                (4, 4, 4, 1, 1, 1),
                "Beginning: 4 of the last 4 scores are at Beginning or above (3 needed), "
                "but only 1 at Mastered or above.",
            ),
        ]
        for method, scores, expected in table:
            with self.subTest(scores=scores):
                self.assertEqual(sentence_for(method, *scores), expected)


class RegistryTests(TestCase):
    def test_the_registry_lists_every_method_once(self) -> None:
        self.assertEqual(
            method_keys(),
            (
                "most_recent",
                "highest",
                "mean",
                "mode",
                "decaying_average",
                "weighted_average",
                "n_times",
                "power_law",
                "m_of_n",
            ),
        )
        self.assertEqual(len(set(method_keys())), len(METHODS))

    def test_build_method_fills_in_defaults(self) -> None:
        table = [
            ("decaying_average", {}, DecayingAverage(rate=0.65)),
            ("weighted_average", {"rate": 0.8}, WeightedAverage(rate=0.8)),
            ("n_times", {"n": 5}, NTimes(n=5)),
            ("m_of_n", {"m": 2}, MOfN(m=2, n=4)),
            ("m_of_n", {"n": 3.0}, MOfN(m=3, n=3)),  # a JSON 3.0 is a whole number
            ("most_recent", None, MostRecent()),
        ]
        for key, params, expected in table:
            with self.subTest(key, params=params):
                method = build_method(key, params)
                self.assertEqual(method, expected)
                self.assertEqual(method.key, key)

    def test_params_round_trip_through_build_method(self) -> None:
        for method_class in METHODS:
            method = method_class()
            with self.subTest(method.key):
                self.assertEqual(build_method(method.key, method.params()), method)

    def test_bad_keys_and_params_are_refused_with_a_human_message(self) -> None:
        table = [
            ("median", {}, "There is no mastery method called 'median'"),
            ("mean", {"rate": 0.5}, "Mean has no setting called 'rate'."),
            ("decaying_average", {"rate": 0.3}, "The decay rate must be between 0.50 and 0.99."),
            ("decaying_average", {"rate": 1}, "The decay rate must be between 0.50 and 0.99."),
            ("decaying_average", {"rate": float("nan")}, "between 0.50 and 0.99"),
            ("decaying_average", {"rate": "0.7"}, "The decay rate must be a number."),
            ("decaying_average", {"rate": True}, "The decay rate must be a number."),
            (
                "weighted_average",
                {"rate": 0.4},
                "The weight of the latest score must be between 0.50 and 0.99.",
            ),
            (
                "n_times",
                {"n": 11},
                "The number of scores needed at mastery must be between 1 and 10.",
            ),
            ("n_times", {"n": 2.5}, "must be a whole number"),
            ("m_of_n", {"m": 0}, "The number of scores needed must be between 1 and 10."),
            ("m_of_n", {"m": 4, "n": 3}, "can't be more than the number of recent scores"),
        ]
        for key, params, message in table:
            with self.subTest(key, params=params), self.assertRaises(MethodError) as caught:
                build_method(key, params)
            self.assertIn(message, str(caught.exception))

    def test_method_errors_are_value_errors(self) -> None:
        self.assertTrue(issubclass(MethodError, ValueError))

    def test_parameters_describe_a_settings_form(self) -> None:
        for method_class in METHODS:
            for parameter in method_class.parameters():
                with self.subTest(method_class.key, parameter=parameter.name):
                    name, label, kind, low, high, default = parameter
                    self.assertIn(kind, ("int", "float"))
                    self.assertTrue(label)
                    self.assertLessEqual(low, default)
                    self.assertLessEqual(default, high)
                    self.assertEqual(getattr(method_class(), name), default)
        self.assertEqual(
            [tuple(p) for p in DecayingAverage.parameters()],
            [("rate", "Decay rate", "float", 0.5, 0.99, 0.65)],
        )
        self.assertEqual([p.name for p in MOfN.parameters()], ["m", "n"])
        self.assertEqual(Mean.parameters(), [])

    def test_summary_names_the_method_and_its_settings(self) -> None:
        self.assertEqual(DecayingAverage().summary(), "Decaying average (decay rate 0.65)")
        self.assertEqual(Highest().summary(), "Highest")
