"""A class's mastery policy applied to a student's evidence on one standard. Pure.

`evaluate` is the one place evidence becomes a level: it keeps the kinds the policy counts,
gives each observation its kind's weight, enforces the minimum amount of evidence, runs the
method and asks it for its sentence (a `phrases.Phrase`, written in English as `sentence`;
see docs/decisions/0004-translated-explanations.md). `what_if` runs the same code with one
more score, so "what do I need next time?" can never disagree with the real calculation.
`steps` is the arithmetic behind an evaluation, one phrase a step, for "Show the math".

No Django, no database, no clock reads: dates are passed in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType

from masterymap.mastery.methods import (
    NO_EVIDENCE,
    NO_LEVEL_YET,
    MasteryResult,
    Method,
    Observation,
    build_method,
    ordered,
)
from masterymap.mastery.phrases import Phrase, gettext_lazy, ngettext_lazy, render
from masterymap.mastery.scale import NOT_ASSESSED_LABEL, Scale

MIN_EVIDENCE = "min_evidence"
KIND_NOT_COUNTED = "kind_not_counted"

# The largest weight a kind of evidence may have. Weights are relative (2 counts twice as
# much as 1), so 100 leaves room for any sensible emphasis, and the mean's sums stay exact:
# a weight of 1e308, once saved, overflowed them on every later calculation.
MAX_WEIGHT = 100.0


class PolicyError(ValueError):
    """A policy that cannot be applied; the message is for the teacher. `phrase` is the
    message as a phrase, to show in the teacher's language."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(render(phrase))
        self.phrase = phrase


@dataclass(frozen=True)
class Policy:
    """How a class turns evidence into a level.

    `kinds` None (or empty) means every kind of evidence counts. `weights` maps a kind to its
    weight (default 1.0, from 0 to `MAX_WEIGHT`), used by the mean; a weight of 0 leaves that
    kind out of the mean.
    `min_evidence` is how many pieces of counted evidence are needed before any level shows
    (0 and 1 mean the same: with no evidence there is never a level).
    The method key and params are checked on creation (`MethodError`), the rest too
    (`PolicyError`), so an invalid policy cannot exist.
    """

    method: str = "decaying_average"
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    min_evidence: int = 1
    kinds: frozenset[str] | None = None
    weights: Mapping[str, float] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))
        # Stored policies say "every kind" with an empty list, as the model's help text does.
        object.__setattr__(self, "kinds", frozenset(self.kinds) if self.kinds else None)
        if isinstance(self.min_evidence, bool) or not isinstance(self.min_evidence, int):
            raise PolicyError(gettext_lazy("The minimum evidence must be a whole number."))
        if self.min_evidence < 0:
            raise PolicyError(gettext_lazy("The minimum evidence can't be negative."))
        for kind, weight in self.weights.items():
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not math.isfinite(weight)
            ):
                raise PolicyError(
                    gettext_lazy("The weight of %(kind)s must be a number.", kind=repr(kind))
                )
            if not 0 <= weight <= MAX_WEIGHT:
                raise PolicyError(
                    gettext_lazy("A weight is a number from 0 to %(max)s.", max=MAX_WEIGHT)
                )
        # Built once, which also checks the key and params: methods are frozen, and a class
        # recompute evaluates the same policy for every record.
        object.__setattr__(self, "_method", build_method(self.method, self.params))

    def build(self) -> Method:
        """The configured method (raises `MethodError` for a bad key or params)."""
        method: Method = self.__dict__["_method"]
        return method

    @property
    def reads_dates(self) -> bool:
        """Whether the method reads the evidence's dates, not only their order."""
        return self.build().reads_dates

    def counts(self, kind: str) -> bool:
        """Whether evidence of this kind counts under this policy."""
        return self.kinds is None or kind in self.kinds

    def weight(self, kind: str) -> float:
        return float(self.weights.get(kind, 1.0))


def stored_weights(raw: object) -> dict[str, float]:
    """Weights as stored with a policy, made safe to calculate with: a weight saved before
    weights had a range (1e308, -1) is brought to the nearest end of it, and one that is no
    number at all is dropped (the kind weighs 1 again). So no stored row can make a
    calculation, and with it every later submit on the standard, fail."""
    if not isinstance(raw, Mapping):
        return {}
    weights = {}
    for kind, weight in raw.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            continue
        if math.isnan(weight):
            continue
        weights[str(kind)] = min(max(float(weight), 0.0), MAX_WEIGHT)
    return weights


@dataclass(frozen=True)
class Evaluation:
    """The outcome of a policy on one student's evidence for one standard.

    `level` is None when there is no level (see `result.reason`); `label` is the level's
    label, "Not assessed" (no counted evidence) or "No level yet" (evidence, but not enough).
    `considered` is the counted evidence, oldest first, with the policy's weights applied.
    `phrase` is the method's sentence, to write in the reader's language; `sentence` is it
    in English.
    """

    result: MasteryResult
    level: float | None
    mastered: bool
    phrase: Phrase
    considered: tuple[Observation, ...]
    label: str = ""

    @property
    def sentence(self) -> str:
        """The phrase in English, written when asked for: recomputing a class only writes
        it for the records whose phrase changed."""
        return render(self.phrase)


def _weighted(observation: Observation, weight: float) -> Observation:
    # Most weights are the default 1.0 the evidence already has: no copy needed.
    return observation if observation.weight == weight else replace(observation, weight=weight)


def _considered(evidence: Iterable[Observation], policy: Policy) -> tuple[Observation, ...]:
    """The evidence of kinds the policy counts, oldest first, with the policy's weights."""
    return tuple(
        ordered(_weighted(o, policy.weight(o.kind)) for o in evidence if policy.counts(o.kind))
    )


def evaluate(observations: Iterable[Observation], policy: Policy, scale: Scale) -> Evaluation:
    """Apply `policy` to the evidence. The order of `observations` does not matter.

    - No evidence, or none of a counted kind: not assessed (level None), never 0.
    - Fewer than `min_evidence` counted pieces: no level yet ("min_evidence").
    - Otherwise the method decides, and explains itself in one sentence.
    """
    evidence = list(observations)
    method = policy.build()
    considered = _considered(evidence, policy)
    if not considered:
        result = method.calculate((), scale)
        if evidence:
            result = replace(result, reason=KIND_NOT_COUNTED)
            phrase = ngettext_lazy(
                "Not assessed yet: the only piece of evidence is not of a kind this class counts.",
                "Not assessed yet: none of the %(count)s pieces of evidence is of a kind this "
                "class counts.",
                len(evidence),
            )
        else:
            phrase = method.phrase(result, scale)
        return Evaluation(result, None, False, phrase, considered, NOT_ASSESSED_LABEL)
    if len(considered) < policy.min_evidence:
        result = MasteryResult(
            method=method.key,
            level=None,
            count=len(considered),
            reason=MIN_EVIDENCE,
            detail={"needed": policy.min_evidence},
        )
        phrase = ngettext_lazy(
            "No level yet: %(have)s of the %(count)s piece of evidence needed.",
            "No level yet: %(have)s of the %(count)s pieces of evidence needed.",
            policy.min_evidence,
            have=len(considered),
        )
        return Evaluation(result, None, False, phrase, considered, NO_LEVEL_YET)
    result = method.calculate(considered, scale)
    if result.level is None:
        label = NOT_ASSESSED_LABEL if result.reason == NO_EVIDENCE else NO_LEVEL_YET
    else:
        label = scale.label_for(result.level)
    return Evaluation(
        result=result,
        level=result.level,
        mastered=scale.is_mastered(result.level),
        phrase=method.phrase(result, scale),
        considered=considered,
        label=label,
    )


def what_if(
    observations: Iterable[Observation],
    policy: Policy,
    scale: Scale,
    *,
    next_score: float,
    assessed_on: date,
    recorded_at: datetime,
    kind: str = "assessment",
) -> Evaluation:
    """`evaluate` with one more observation. A kind the policy does not count changes nothing."""
    extra = Observation(
        score=next_score, assessed_on=assessed_on, recorded_at=recorded_at, kind=kind
    )
    return evaluate([*observations, extra], policy, scale)


def steps(observations: Iterable[Observation], policy: Policy, scale: Scale) -> tuple[Phrase, ...]:
    """How `evaluate` reached its level, one phrase a step ("Show the math"): which evidence
    was left out, whether there is enough, then the method's own arithmetic. Empty when no
    evidence counts (the sentence says so). Not used when recomputing: only pages call it."""
    evidence = list(observations)
    considered = _considered(evidence, policy)
    if not considered:
        return ()
    found: list[Phrase] = []
    left_out = len(evidence) - len(considered)
    if left_out:
        found.append(
            ngettext_lazy(
                "%(count)s piece of evidence is left out: this class does not count its kind",
                "%(count)s pieces of evidence are left out: this class does not count their kind",
                left_out,
            )
        )
    if len(considered) < policy.min_evidence:
        found.append(
            ngettext_lazy(
                "%(have)s of the %(count)s piece of evidence needed, so no level yet",
                "%(have)s of the %(count)s pieces of evidence needed, so no level yet",
                policy.min_evidence,
                have=len(considered),
            )
        )
        return tuple(found)
    return (*found, *policy.build().steps(considered, scale))
