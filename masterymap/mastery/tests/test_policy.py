"""A mastery policy applied to evidence: kinds, weights, minimum evidence, what-if. Pure, no DB."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest import TestCase

from masterymap.mastery.methods import MethodError, Observation
from masterymap.mastery.policy import (
    KIND_NOT_COUNTED,
    MAX_WEIGHT,
    MIN_EVIDENCE,
    Evaluation,
    Policy,
    PolicyError,
    evaluate,
    stored_weights,
    what_if,
)
from masterymap.mastery.scale import DEFAULT_SCALE

FIRST_DAY = date(2025, 9, 1)
TYPED_AT = datetime(2025, 9, 1, 15, 0, tzinfo=UTC)


def observe(score: float, day: int, kind: str = "assessment", minute: int = 0) -> Observation:
    return Observation(
        score=score,
        assessed_on=FIRST_DAY + timedelta(days=day),
        recorded_at=TYPED_AT + timedelta(days=day, minutes=minute),
        kind=kind,
    )


def run(evidence: list[Observation], **policy: object) -> Evaluation:
    return evaluate(evidence, Policy(**policy), DEFAULT_SCALE)  # type: ignore[arg-type]


class DefaultPolicyTests(TestCase):
    def test_the_default_policy_is_a_decaying_average_of_every_kind(self) -> None:
        policy = Policy()
        self.assertEqual(policy.method, "decaying_average")
        self.assertEqual(dict(policy.params), {})
        self.assertEqual(policy.min_evidence, 1)
        self.assertIsNone(policy.kinds)
        self.assertEqual(dict(policy.weights), {})

    def test_it_turns_evidence_into_a_level_a_label_and_a_sentence(self) -> None:
        evidence = [observe(s, d) for d, s in enumerate((1, 2, 3, 4))]
        evaluation = run(evidence)
        self.assertAlmostEqual(evaluation.level, 3.484625)
        self.assertEqual(evaluation.level, evaluation.result.level)
        self.assertTrue(evaluation.mastered)
        self.assertEqual(evaluation.label, "Mastered")
        self.assertEqual(
            evaluation.sentence,
            "Mastered: the 4 scores averaged 3.48, "
            "weighting recent work most (each new score counts 65%).",
        )
        self.assertEqual(evaluation.considered, tuple(evidence))

    def test_no_evidence_is_not_assessed(self) -> None:
        evaluation = run([])
        self.assertIsNone(evaluation.level)
        self.assertFalse(evaluation.mastered)
        self.assertEqual(evaluation.label, "Not assessed")
        self.assertEqual(evaluation.sentence, "Not assessed yet: no evidence recorded.")
        self.assertEqual(evaluation.considered, ())

    def test_considered_evidence_is_in_assessed_order(self) -> None:
        late, early = observe(2, day=4), observe(3, day=1, minute=60 * 24 * 5)
        self.assertEqual(run([late, early]).considered, (early, late))

    def test_a_level_below_mastery_is_not_mastered(self) -> None:
        evaluation = run([observe(4, 0), observe(1, 1)], method="most_recent")
        self.assertEqual((evaluation.level, evaluation.mastered), (1, False))
        self.assertEqual(evaluation.label, "Beginning")


class KindsTests(TestCase):
    def test_only_the_kinds_the_class_counts_are_considered(self) -> None:
        evidence = [observe(4, 0, "battle_the_boss"), observe(2, 1, "assessment")]
        table = [
            (None, 2, 2),
            (frozenset({"battle_the_boss"}), 4, 1),
            (frozenset({"assessment"}), 2, 1),
            (frozenset({"assessment", "battle_the_boss"}), 2, 2),
        ]
        for kinds, level, count in table:
            with self.subTest(kinds=kinds):
                evaluation = run(evidence, method="most_recent", kinds=kinds)
                self.assertEqual(evaluation.level, level)
                self.assertEqual(len(evaluation.considered), count)
                self.assertEqual(evaluation.result.count, count)

    def test_an_empty_set_of_kinds_means_every_kind(self) -> None:
        # The stored policy says "every kind" with an empty list.
        policy = Policy(kinds=frozenset())
        self.assertIsNone(policy.kinds)
        self.assertEqual(len(run([observe(3, 0, "conference")], kinds=[]).considered), 1)

    def test_evidence_only_of_uncounted_kinds_is_not_assessed(self) -> None:
        table = [
            ([observe(3, 0, "conference")], "the only piece of evidence is not"),
            (
                [observe(3, 0, "conference"), observe(4, 1, "product")],
                "none of the 2 pieces of evidence is",
            ),
        ]
        for evidence, words in table:
            with self.subTest(count=len(evidence)):
                evaluation = run(evidence, kinds=frozenset({"assessment"}))
                self.assertIsNone(evaluation.level)
                self.assertEqual(evaluation.label, "Not assessed")
                self.assertEqual(evaluation.result.reason, KIND_NOT_COUNTED)
                self.assertEqual(
                    evaluation.sentence, f"Not assessed yet: {words} of a kind this class counts."
                )


class WeightsTests(TestCase):
    def test_the_policy_gives_each_observation_its_kinds_weight(self) -> None:
        evidence = [observe(2, 0, "assessment"), observe(4, 1, "battle_the_boss")]
        evaluation = run(evidence, method="mean", weights={"battle_the_boss": 3})
        self.assertEqual([o.weight for o in evaluation.considered], [1.0, 3.0])
        self.assertEqual(evaluation.level, 3.5)
        self.assertIn("some kinds of evidence counting more", evaluation.sentence)

    def test_a_weight_set_on_the_observation_is_replaced_by_the_policys(self) -> None:
        evidence = [
            Observation(score=4, assessed_on=FIRST_DAY, recorded_at=TYPED_AT, weight=9),
            observe(2, 1),
        ]
        self.assertEqual(run(evidence, method="mean").level, 3)

    def test_a_kind_weighted_zero_is_left_out_of_the_mean(self) -> None:
        evidence = [observe(2, 0, "assessment"), observe(4, 1, "product")]
        self.assertEqual(run(evidence, method="mean", weights={"product": 0}).level, 2)

    def test_every_kind_weighted_zero_gives_no_level(self) -> None:
        evaluation = run([observe(3, 0)], method="mean", weights={"assessment": 0})
        self.assertIsNone(evaluation.level)
        self.assertEqual(evaluation.label, "No level yet")
        self.assertTrue(evaluation.sentence.startswith("No level yet: "))

    def test_weights_do_not_change_other_methods(self) -> None:
        evidence = [observe(2, 0, "assessment"), observe(4, 1, "product")]
        weighted = run(evidence, weights={"product": 0})
        self.assertEqual(weighted.level, run(evidence).level)


class MinEvidenceTests(TestCase):
    def test_no_level_until_enough_evidence_is_counted(self) -> None:
        table = [
            (2, [3], None, "No level yet: 1 of the 2 pieces of evidence needed."),
            (3, [4, 4], None, "No level yet: 2 of the 3 pieces of evidence needed."),
            (2, [3, 3], 3, "Mastered: the 2 scores averaged 3, "),
            (0, [3], 3, "Mastered: the only score so far is 3."),
        ]
        for needed, scores, level, sentence in table:
            with self.subTest(needed=needed, scores=scores):
                evidence = [observe(s, d) for d, s in enumerate(scores)]
                evaluation = run(evidence, min_evidence=needed)
                self.assertEqual(evaluation.level, level)
                self.assertTrue(evaluation.sentence.startswith(sentence), evaluation.sentence)

    def test_not_enough_evidence_is_reported_as_min_evidence(self) -> None:
        evaluation = run([observe(4, 0)], min_evidence=2)
        self.assertEqual(evaluation.result.reason, MIN_EVIDENCE)
        self.assertEqual(evaluation.result.count, 1)
        self.assertEqual(evaluation.label, "No level yet")
        self.assertFalse(evaluation.mastered)

    def test_only_counted_kinds_count_toward_the_minimum(self) -> None:
        evidence = [observe(3, 0, "conference"), observe(3, 1, "assessment")]
        evaluation = run(evidence, min_evidence=2, kinds=frozenset({"assessment"}))
        self.assertEqual(evaluation.result.reason, MIN_EVIDENCE)

    def test_no_evidence_at_all_is_not_assessed_whatever_the_minimum(self) -> None:
        self.assertEqual(
            run([], min_evidence=3).sentence, "Not assessed yet: no evidence recorded."
        )


class ValidationTests(TestCase):
    def test_an_invalid_policy_cannot_be_created(self) -> None:
        table = [
            ({"method": "median"}, MethodError, "no mastery method called"),
            ({"params": {"rate": 2}}, MethodError, "between 0.50 and 0.99"),
            ({"method": "highest", "params": {"rate": 0.7}}, MethodError, "no setting"),
            ({"min_evidence": -1}, PolicyError, "can't be negative"),
            ({"min_evidence": 1.5}, PolicyError, "whole number"),
            ({"weights": {"product": "heavy"}}, PolicyError, "weight of 'product'"),
            ({"weights": {"product": float("inf")}}, PolicyError, "must be a number"),
            ({"weights": {"product": 1e308}}, PolicyError, "from 0 to 100"),
            ({"weights": {"product": 100.01}}, PolicyError, "from 0 to 100"),
            ({"weights": {"product": -1}}, PolicyError, "from 0 to 100"),
        ]
        for kwargs, error, message in table:
            with self.subTest(kwargs=kwargs), self.assertRaisesRegex(error, message):
                Policy(**kwargs)  # type: ignore[arg-type]

    def test_weights_from_0_to_the_maximum_are_allowed(self) -> None:
        policy = Policy(weights={"product": 0, "conference": MAX_WEIGHT, "cloze": 2.5})
        self.assertEqual(policy.weight("conference"), 100.0)

    def test_stored_weights_are_brought_into_range_so_no_row_breaks_a_calculation(
        self,
    ) -> None:
        table = [
            ("in range: kept", {"product": 2}, {"product": 2.0}),
            ("1e308, saved before the limit", {"product": 1e308}, {"product": 100.0}),
            ("infinity (JSON Infinity)", {"product": float("inf")}, {"product": 100.0}),
            ("negative", {"product": -1}, {"product": 0.0}),
            ("minus infinity", {"product": float("-inf")}, {"product": 0.0}),
            ("not a number: the kind weighs 1 again", {"product": float("nan")}, {}),
            ("text", {"product": "heavy"}, {}),
            ("a boolean", {"product": True}, {}),
            ("null", {"product": None}, {}),
            ("not a mapping", ["product", 2], {}),
            ("nothing stored", None, {}),
        ]
        for name, raw, expected in table:
            with self.subTest(name):
                weights = stored_weights(raw)
                self.assertEqual(weights, expected)
                Policy(method="mean", weights=weights)  # always a valid policy

    def test_a_mean_with_the_largest_weights_stays_exact(self) -> None:
        evidence = [observe(4, 0, "product"), observe(2, 1, "assessment")]
        weights = stored_weights({"product": 1e308, "assessment": 1e308})
        evaluation = run(evidence, method="mean", weights=weights)
        self.assertEqual(evaluation.level, 3.0)

    def test_a_policy_does_not_share_its_mappings_with_the_caller(self) -> None:
        params = {"rate": 0.7}
        policy = Policy(params=params)
        params["rate"] = 5
        self.assertEqual(policy.build().params(), {"rate": 0.7})
        with self.assertRaises(TypeError):
            policy.params["rate"] = 0.8  # type: ignore[index]

    def test_equal_policies_are_equal_and_hashable(self) -> None:
        first = Policy(method="mean", weights={"product": 2}, kinds=frozenset({"product"}))
        second = Policy(method="mean", weights={"product": 2}, kinds=frozenset({"product"}))
        self.assertEqual(first, second)
        self.assertEqual(hash(first), hash(second))


class WhatIfTests(TestCase):
    def test_it_is_evaluate_with_one_more_observation(self) -> None:
        evidence = [observe(2, 0), observe(3, 1)]
        policy = Policy(method="n_times", params={"n": 3})
        tomorrow = FIRST_DAY + timedelta(days=2)
        at = TYPED_AT + timedelta(days=2)
        projected = what_if(
            evidence, policy, DEFAULT_SCALE, next_score=3, assessed_on=tomorrow, recorded_at=at
        )
        self.assertEqual(
            projected,
            evaluate(
                [*evidence, Observation(score=3, assessed_on=tomorrow, recorded_at=at)],
                policy,
                DEFAULT_SCALE,
            ),
        )
        self.assertEqual(projected.level, 2)
        self.assertEqual(len(evidence), 2, "the caller's list is untouched")

    def test_it_answers_what_the_next_score_needs_to_be(self) -> None:
        evidence = [observe(3, 0), observe(3, 1)]
        policy = Policy(method="n_times")
        table = [(4, True), (3, True), (2, False)]
        for score, mastered in table:
            with self.subTest(next_score=score):
                projected = what_if(
                    evidence,
                    policy,
                    DEFAULT_SCALE,
                    next_score=score,
                    assessed_on=FIRST_DAY + timedelta(days=2),
                    recorded_at=TYPED_AT + timedelta(days=2),
                )
                self.assertIs(projected.mastered, mastered)

    def test_a_kind_the_class_does_not_count_changes_nothing(self) -> None:
        evidence = [observe(2, 0)]
        policy = Policy(method="most_recent", kinds=frozenset({"assessment"}))
        projected = what_if(
            evidence,
            policy,
            DEFAULT_SCALE,
            next_score=4,
            assessed_on=FIRST_DAY + timedelta(days=1),
            recorded_at=TYPED_AT + timedelta(days=1),
            kind="conference",
        )
        self.assertEqual(projected, evaluate(evidence, policy, DEFAULT_SCALE))

    def test_a_score_for_an_earlier_date_counts_in_its_place(self) -> None:
        evidence = [observe(2, 5)]
        projected = what_if(
            evidence,
            Policy(method="most_recent"),
            DEFAULT_SCALE,
            next_score=4,
            assessed_on=FIRST_DAY,
            recorded_at=TYPED_AT + timedelta(days=10),
        )
        self.assertEqual(projected.level, 2)
