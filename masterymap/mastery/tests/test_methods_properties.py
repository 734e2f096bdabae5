"""Properties every method and policy keeps, for any evidence on the scale (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from unittest import TestCase

from hypothesis import given, settings
from hypothesis import strategies as st

from masterymap.mastery.methods import (
    METHODS,
    DecayingAverage,
    Highest,
    Mean,
    Method,
    Observation,
    WeightedAverage,
    build_method,
    ordered,
)
from masterymap.mastery.policy import Policy, evaluate
from masterymap.mastery.scale import DEFAULT_SCALE, Level, Scale

# No example database: the tests leave no files behind, and a slow shared machine
# (a benchmark may be running) must not turn into a flaky deadline.
PROPERTIES = settings(max_examples=100, deadline=None, database=None)

ZERO_BASED = Scale(
    levels=(
        Level(value=0, label="Not shown", colour="#999999", min_percent=0),
        Level(value=1, label="Beginning", colour="#c0392b", min_percent=25),
        Level(value=2, label="Approaching", colour="#d68910", min_percent=50),
        Level(value=3, label="Mastered", colour="#1e8449", min_percent=80),
    ),
    mastery_value=2,
)
SCALES = st.sampled_from([DEFAULT_SCALE, ZERO_BASED])
KINDS = ("assessment", "battle_the_boss", "conference", "product")
FIRST_DAY = date(2025, 9, 1)
TYPED_AT = datetime(2025, 9, 1, 15, 0, tzinfo=UTC)


def scores_on(scale: Scale) -> st.SearchStrategy[float]:
    whole = st.integers(scale.min_value, scale.max_value).map(float)
    fractional = st.floats(scale.min_value, scale.max_value, allow_nan=False)
    return st.one_of(whole, fractional)


@st.composite
def evidence(draw: st.DrawFn, scale: Scale, min_size: int = 1) -> list[Observation]:
    """Scores on the scale, on a handful of dates, with same-date and same-time collisions."""
    size = draw(st.integers(min_size, 12))
    return [
        Observation(
            score=draw(scores_on(scale)),
            assessed_on=FIRST_DAY + timedelta(days=draw(st.integers(0, 6))),
            recorded_at=TYPED_AT + timedelta(minutes=draw(st.integers(0, 3))),
            kind=draw(st.sampled_from(KINDS)),
            weight=draw(st.sampled_from([1.0, 2.0, 0.5])),
        )
        for _ in range(size)
    ]


@st.composite
def methods(draw: st.DrawFn) -> Method:
    """Any method, with any valid parameters."""
    method_class = draw(st.sampled_from(METHODS))
    params: dict[str, object] = {}
    for parameter in method_class.parameters():
        if parameter.kind == "int":
            low = int(parameter.min)
            if parameter.name == "m" and "n" in params:
                high = int(params["n"])  # type: ignore[call-overload]
            else:
                high = int(parameter.max)
            params[parameter.name] = draw(st.integers(low, high))
        else:
            params[parameter.name] = draw(st.floats(parameter.min, parameter.max, allow_nan=False))
    if method_class.key == "m_of_n":
        params["m"], params["n"] = sorted((params["m"], params["n"]))  # type: ignore[type-var]
    return build_method(method_class.key, params)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    method = draw(methods())
    kinds = draw(st.one_of(st.none(), st.frozensets(st.sampled_from(KINDS), min_size=1)))
    weights = draw(st.dictionaries(st.sampled_from(KINDS), st.sampled_from([0.0, 0.5, 1.0, 3.0])))
    return Policy(
        method=method.key,
        params=method.params(),
        min_evidence=draw(st.integers(0, 4)),
        kinds=kinds,
        weights=weights,
    )


class MethodPropertiesTests(TestCase):
    @PROPERTIES
    @given(data=st.data(), scale=SCALES)
    def test_the_mean_lies_between_the_lowest_and_highest_score(
        self, data: st.DataObject, scale: Scale
    ) -> None:
        observations = data.draw(evidence(scale))
        scores = [o.score for o in observations]
        mean = Mean().calculate(observations, scale).level
        highest = Highest().calculate(observations, scale).level
        assert mean is not None and highest is not None
        self.assertLessEqual(min(scores), mean)
        self.assertLessEqual(mean, highest)
        self.assertEqual(highest, max(scores))

    @PROPERTIES
    @given(data=st.data(), scale=SCALES, method=methods())
    def test_every_level_is_on_the_scale_or_none(
        self, data: st.DataObject, scale: Scale, method: Method
    ) -> None:
        observations = data.draw(evidence(scale, min_size=0))
        result = method.calculate(observations, scale)
        self.assertEqual(result.count, len(observations))
        if result.level is not None:
            self.assertGreaterEqual(result.level, scale.min_value)
            self.assertLessEqual(result.level, scale.max_value)
        if not observations:
            self.assertIsNone(result.level)
        sentence = method.explain(result, scale)
        heading = "No level yet" if result.level is None else scale.label_for(result.level)
        if not observations:
            heading = "Not assessed yet"
        self.assertTrue(sentence.startswith(f"{heading}: "), sentence)
        self.assertTrue(sentence.endswith("."), sentence)

    @PROPERTIES
    @given(
        data=st.data(),
        scale=SCALES,
        method_class=st.sampled_from([DecayingAverage, WeightedAverage]),
        rate=st.floats(0.5, 0.99),
    )
    def test_decaying_and_weighted_averages_stay_between_the_scores(
        self, data: st.DataObject, scale: Scale, method_class: type[Method], rate: float
    ) -> None:
        observations = data.draw(evidence(scale))
        scores = [o.score for o in observations]
        level = method_class(rate=rate).calculate(observations, scale).level  # type: ignore[call-arg]
        assert level is not None
        self.assertLessEqual(min(scores), level)
        self.assertLessEqual(level, max(scores))

    @PROPERTIES
    @given(data=st.data(), scale=SCALES, method=methods())
    def test_the_order_of_the_input_list_does_not_matter(
        self, data: st.DataObject, scale: Scale, method: Method
    ) -> None:
        observations = data.draw(evidence(scale, min_size=0))
        shuffled = data.draw(st.permutations(observations))
        self.assertEqual(method.calculate(shuffled, scale), method.calculate(observations, scale))


class PolicyPropertiesTests(TestCase):
    @PROPERTIES
    @given(data=st.data(), scale=SCALES, policy=policies())
    def test_evaluate_is_deterministic_and_ignores_input_order(
        self, data: st.DataObject, scale: Scale, policy: Policy
    ) -> None:
        observations = data.draw(evidence(scale, min_size=0))
        first = evaluate(observations, policy, scale)
        self.assertEqual(evaluate(observations, policy, scale), first)
        shuffled = data.draw(st.permutations(observations))
        self.assertEqual(evaluate(shuffled, policy, scale), first)

    @PROPERTIES
    @given(data=st.data(), scale=SCALES, policy=policies())
    def test_evaluating_the_considered_evidence_again_changes_nothing(
        self, data: st.DataObject, scale: Scale, policy: Policy
    ) -> None:
        first = evaluate(data.draw(evidence(scale)), policy, scale)
        if first.considered:  # with nothing counted the "kind not counted" reason is lost
            self.assertEqual(evaluate(first.considered, policy, scale), first)

    @PROPERTIES
    @given(data=st.data(), scale=SCALES, policy=policies())
    def test_mastered_agrees_with_the_scale_and_level(
        self, data: st.DataObject, scale: Scale, policy: Policy
    ) -> None:
        evaluation = evaluate(data.draw(evidence(scale, min_size=0)), policy, scale)
        self.assertEqual(evaluation.level, evaluation.result.level)
        self.assertIs(evaluation.mastered, scale.is_mastered(evaluation.level))
        if evaluation.level is not None:
            self.assertEqual(evaluation.label, scale.label_for(evaluation.level))
            self.assertTrue(evaluation.sentence.startswith(f"{evaluation.label}: "))
        self.assertEqual(len(evaluation.considered), evaluation.result.count)

    @PROPERTIES
    @given(data=st.data(), scale=SCALES, policy=policies())
    def test_a_method_that_does_not_read_dates_gives_the_same_for_the_same_order(
        self, data: st.DataObject, scale: Scale, policy: Policy
    ) -> None:
        # What lets a recompute share one outcome between cells (engine.Outcomes): other
        # dates, the evidence in the same order, the same level and sentence.
        self.assertFalse(policy.reads_dates)
        observations = ordered(data.draw(evidence(scale, min_size=0)))
        start = date(2024, 1, 1) + timedelta(days=data.draw(st.integers(0, 400)))
        redated = [
            replace(
                o,
                assessed_on=start + timedelta(days=3 * n),
                recorded_at=TYPED_AT + timedelta(hours=n),
            )
            for n, o in enumerate(observations)
        ]
        first, second = evaluate(observations, policy, scale), evaluate(redated, policy, scale)
        self.assertEqual((second.level, second.phrase), (first.level, first.phrase))
