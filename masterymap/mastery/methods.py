"""Mastery calculation methods: evidence in, one level and one plain sentence out. Pure.

Each method is a small frozen dataclass with a `key`, a `label`, its parameters as fields,
`calculate(observations, scale) -> MasteryResult` and `explain(result, scale) -> str`, the one
sentence a teacher or parent reads ("Mastered: the 4 scores averaged 3.48, weighting recent
work most (each new score counts 65%)."). `phrase(result, scale)` is the same sentence as a
`phrases.Phrase`, what it is made of, so it can be shown in the reader's language; `explain`
is that phrase written in English. `steps(observations, scale)` is the arithmetic behind the
level, one phrase a step ("0.65 × 3 + 0.35 × 2 = 2.65"), for "Show the math"; it runs only
when a page asks, never when levels are recomputed. `docs/mastery-methods.md` documents
every key; a test keeps it honest.

Rules shared by every method:

- No evidence means *not assessed* (level None), never 0.
- Order is the date the work was assessed (`assessed_on`), not the date it was typed in, so
  evidence entered out of order counts in its real place. Same date: the later-recorded
  counts as later. Same date and same recording time: the higher score counts as later, so
  the result never depends on the order of the input list.
- Every level is clamped to the scale. Levels are shown with at most 2 decimals.

No Django, no database, no clock reads: `queries.py` builds the observations, `policy.py`
picks the kinds, weights and method, `actions.py` stores the result.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import ClassVar, NamedTuple

from masterymap.mastery.phrases import (
    Param,
    Phrase,
    gettext_lazy,
    gettext_noop,
    listing,
    ngettext_lazy,
    render,
)
from masterymap.mastery.scale import NO_LEVEL_LABEL, Scale, label_phrase

NO_EVIDENCE = "no_evidence"
NO_WEIGHTED_EVIDENCE = "no_weighted_evidence"

NO_EVIDENCE_PHRASE = gettext_lazy("Not assessed yet: no evidence recorded.")
NO_EVIDENCE_SENTENCE = render(NO_EVIDENCE_PHRASE)
NO_LEVEL_YET = NO_LEVEL_LABEL


class MethodError(ValueError):
    """An unknown method key or a bad parameter; the message is for the teacher. `phrase` is
    the message as a phrase, to show in the teacher's language."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(render(phrase))
        self.phrase = phrase


@dataclass(frozen=True)
class Observation:
    """One scored piece of evidence on one standard for one student.

    `score` is a level on the scale (e.g. 1–4; 0 or fractional if the school's scale allows).
    `assessed_on` orders evidence; `recorded_at` breaks ties on the same date. `weight` is set
    by the policy from its per-kind weights and is used by the mean only.
    """

    score: float
    assessed_on: date
    recorded_at: datetime
    kind: str = "assessment"
    weight: float = 1.0

    def __post_init__(self) -> None:
        if isinstance(self.assessed_on, datetime):
            raise ValueError("assessed_on must be a date, not a datetime.")
        if not math.isfinite(self.score):
            raise ValueError("A score must be a finite number.")
        if not math.isfinite(self.weight):
            raise ValueError("A weight must be a finite number.")


@dataclass(frozen=True)
class MasteryResult:
    """What a method concluded.

    `level` is None when there is no level: `reason` says why ("no_evidence" = not assessed,
    "needs_3" = fewer than the 3 scores needed, "no_weighted_evidence" = every weight is 0);
    `reason` is "" for an ordinary level. `count` is how many observations the method was
    given. `detail` holds what `explain` needs (plain JSON-friendly values).
    """

    method: str
    level: float | None
    count: int
    reason: str = ""
    detail: Mapping[str, object] = field(default_factory=dict, hash=False)


# attrgetter rather than a lambda: recomputing a class orders tens of thousands of lists.
_ORDER = attrgetter("assessed_on", "recorded_at", "score", "kind", "weight")


def ordered(observations: Iterable[Observation]) -> list[Observation]:
    """Oldest first, by (assessed_on, recorded_at); exact ties fall back to the other fields."""
    return sorted(observations, key=_ORDER)


class Parameter(NamedTuple):
    """One setting of a method, enough to generate a settings form field."""

    name: str
    label: str
    kind: str  # "int" or "float"
    min: float
    max: float
    default: float

    @property
    def noun(self) -> str:
        """The label as it reads inside a sentence: "decay rate"."""
        return PARAMETER_NOUNS[self.label]


# Each parameter's label inside a sentence ("The decay rate must be…"), its own message so a
# language can write it its own way.
PARAMETER_NOUNS = {
    gettext_noop("Decay rate"): gettext_noop("decay rate"),
    gettext_noop("Weight of the latest score"): gettext_noop("weight of the latest score"),
    gettext_noop("Number of scores needed at mastery"): gettext_noop(
        "number of scores needed at mastery"
    ),
    gettext_noop("Number of scores needed"): gettext_noop("number of scores needed"),
    gettext_noop("Number of recent scores looked at"): gettext_noop(
        "number of recent scores looked at"
    ),
}


def _at(level: float, scale: Scale) -> Param:
    """A level as words when it is exactly one of the scale's levels, else as a number."""
    for candidate in scale.levels:
        if round(level, 2) == candidate.value:
            return label_phrase(candidate.label)
    return level


def _number(result: MasteryResult, name: str) -> float:
    value = result.detail[name]
    assert isinstance(value, int | float), name
    return value


def _whole(result: MasteryResult, name: str) -> int:
    value = result.detail[name]
    assert isinstance(value, int), name
    return value


def _between(value: float, scores: Sequence[float]) -> float:
    # Averages are convex combinations of the scores; this only removes float rounding noise.
    return min(max(value, min(scores)), max(scores))


@dataclass(frozen=True)
class Method:
    """Shared shape of every method: validation, the no-evidence rule, clamping, the label."""

    key: ClassVar[str] = ""
    label: ClassVar[str] = ""
    # What the method does in one line, for a teacher choosing one: the docstring's first
    # line without code names (a test keeps the two equal), marked for translation.
    description: ClassVar[str] = ""
    PARAMETERS: ClassVar[tuple[Parameter, ...]] = ()
    # Whether the level or sentence depends on the evidence's dates, not only on their order
    # (no method here does; a test keeps it so). Recomputing shares one outcome between cells
    # whose scores and kinds come in the same order (engine.Outcomes) unless this is set.
    reads_dates: ClassVar[bool] = False

    def __post_init__(self) -> None:
        for parameter in self.PARAMETERS:
            value = getattr(self, parameter.name)
            name = Phrase(parameter.noun)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise MethodError(gettext_lazy("The %(name)s must be a number.", name=name))
            if parameter.kind == "int":
                if not float(value).is_integer():
                    raise MethodError(
                        gettext_lazy("The %(name)s must be a whole number.", name=name)
                    )
                object.__setattr__(self, parameter.name, int(value))
                low, high = Decimal(f"{parameter.min:.0f}"), Decimal(f"{parameter.max:.0f}")
            else:
                object.__setattr__(self, parameter.name, float(value))
                low, high = Decimal(f"{parameter.min:.2f}"), Decimal(f"{parameter.max:.2f}")
            if not (parameter.min <= value <= parameter.max):  # also rejects NaN
                raise MethodError(
                    gettext_lazy(
                        "The %(name)s must be between %(low)s and %(high)s.",
                        name=name,
                        low=low,
                        high=high,
                    )
                )
        self._check_together()

    def _check_together(self) -> None:
        """Rules that involve more than one parameter."""

    @classmethod
    def parameters(cls) -> list[Parameter]:
        """(name, label, kind, min, max, default) for each setting, in form order."""
        return list(cls.PARAMETERS)

    def params(self) -> dict[str, object]:
        """This method's settings, ready to store and to pass back to `build_method`."""
        return {parameter.name: getattr(self, parameter.name) for parameter in self.PARAMETERS}

    def summary(self) -> str:
        """The method and its settings in a few words: "Decaying average (decay rate 0.65)"."""
        return render(self.summary_phrase())

    def summary_phrase(self) -> Phrase:
        """`summary` as a phrase."""
        if not self.PARAMETERS:
            return Phrase(self.label)
        settings = tuple(
            gettext_lazy(
                "%(setting)s %(value)s", setting=Phrase(p.noun), value=getattr(self, p.name)
            )
            for p in self.PARAMETERS
        )
        return gettext_lazy(
            "%(method)s (%(settings)s)", method=Phrase(self.label), settings=settings
        )

    def calculate(self, observations: Iterable[Observation], scale: Scale) -> MasteryResult:
        """The level these observations earn, clamped to the scale; None when there is none."""
        evidence = ordered(observations)
        if not evidence:
            return MasteryResult(method=self.key, level=None, count=0, reason=NO_EVIDENCE)
        level, reason, detail = self._level(evidence, scale)
        return MasteryResult(
            method=self.key,
            level=None if level is None else scale.clamp(level),
            count=len(evidence),
            reason=reason,
            detail=detail,
        )

    def explain(self, result: MasteryResult, scale: Scale) -> str:
        """One plain sentence, starting with the level's label (or "Not assessed yet")."""
        return render(self.phrase(result, scale))

    def phrase(self, result: MasteryResult, scale: Scale) -> Phrase:
        """`explain`'s sentence as a phrase, to write in the reader's language."""
        if result.reason == NO_EVIDENCE or result.count == 0:
            return NO_EVIDENCE_PHRASE
        if result.level is not None and result.count == 1:
            return gettext_lazy(
                "%(label)s: the only score so far is %(level)s.",
                label=label_phrase(scale.label_for(result.level)),
                level=result.level,
            )
        return _sentence(result, scale, self._because(result, scale))

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        raise NotImplementedError

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        raise NotImplementedError

    def steps(self, observations: Iterable[Observation], scale: Scale) -> tuple[Phrase, ...]:
        """The arithmetic behind `calculate`, one phrase a step, for "Show the math".

        Only the page that shows the math calls it (recomputing never does), so it may
        repeat the calculation. Empty with no evidence; the last step gives the level (or
        says why there is none).
        """
        evidence = ordered(observations)
        if not evidence:
            return ()
        result = self.calculate(evidence, scale)
        if result.level is not None and len(evidence) == 1:
            return (
                gettext_lazy(
                    "The level is the only score so far: %(level)s",
                    level=result.level,
                ),
            )
        return tuple(self._steps(evidence, result, scale))

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        raise NotImplementedError


def _sentence(result: MasteryResult, scale: Scale, because: Phrase) -> Phrase:
    """ "<the level's label, or No level yet>: <because>." """
    heading = NO_LEVEL_YET if result.level is None else scale.label_for(result.level)
    return gettext_lazy("%(label)s: %(because)s.", label=label_phrase(heading), because=because)


# --- Steps: the arithmetic, one phrase a step ------------------------------------------------


def _in_order(evidence: Sequence[Observation]) -> Phrase:
    """ "Scores in the order they were assessed: 2, 3, 4"."""
    return ngettext_lazy(
        "The score: %(scores)s",
        "Scores in the order they were assessed: %(scores)s",
        len(evidence),
        scores=tuple(o.score for o in evidence),
    )


def _from_highest(scores: Sequence[float]) -> Phrase:
    return gettext_lazy(
        "From highest to lowest: %(scores)s", scores=tuple(sorted(scores, reverse=True))
    )


def _plus(terms: Sequence[Param]) -> Param:
    """ "2 + 3 + 4" (one term: itself), each term written in the reader's number format."""
    total = terms[0]
    for term in terms[1:]:
        total = gettext_lazy("%(left)s + %(right)s", left=total, right=term)
    return total


def _average(scores: Sequence[float], value: float) -> Phrase:
    """ "(2 + 3 + 4) ÷ 3 = 3"."""
    return gettext_lazy(
        "(%(sum)s) ÷ %(count)s = %(result)s",
        sum=_plus(list(scores)),
        count=len(scores),
        result=value,
    )


def _rate(value: float) -> Decimal:
    """A rate as it is set, with 2 decimals: 0.65, and 1 − 0.65 as 0.35 (no float noise)."""
    return Decimal(f"{value:.2f}")


def _rank_steps(
    scores: Sequence[float], result: MasteryResult, scale: Scale, needed: int
) -> list[Phrase]:
    assert result.level is not None
    steps = [
        _from_highest(scores),
        ngettext_lazy(
            "Score number %(needed)s from the top is %(level)s: %(count)s score is at "
            "%(level)s or above (%(needed)s needed)",
            "Score number %(needed)s from the top is %(level)s: %(count)s scores are at "
            "%(level)s or above (%(needed)s needed)",
            _whole(result, "at_or_above"),
            needed=needed,
            level=result.level,
        ),
    ]
    mastery = label_phrase(scale.mastery_label)
    if scale.is_mastered(result.level):
        steps.append(
            gettext_lazy(
                "%(level)s is at %(mastery)s or above, so the level is %(level)s",
                level=result.level,
                mastery=mastery,
            )
        )
    else:
        steps.append(
            gettext_lazy(
                "%(level)s is below %(mastery)s (%(value)s), so the level is %(level)s",
                level=result.level,
                mastery=mastery,
                value=scale.mastery_value,
            )
        )
    return steps


def _needed_steps(evidence: Sequence[Observation], needed: int) -> list[Phrase]:
    return [
        _in_order(evidence),
        ngettext_lazy(
            "%(have)s of the %(count)s score needed so far, so no level yet",
            "%(have)s of the %(count)s scores needed so far, so no level yet",
            needed,
            have=len(evidence),
        ),
    ]


@dataclass(frozen=True)
class MostRecent(Method):
    """The latest score counts.

    Latest is by `assessed_on`; on the same date the later-recorded wins (a retake typed in
    after the first sitting replaces it). Evidence entered late for an earlier date does not
    replace newer work. No evidence: not assessed.
    """

    key: ClassVar[str] = "most_recent"
    description: ClassVar[str] = gettext_noop("The latest score counts.")
    label: ClassVar[str] = gettext_noop("Most recent")

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        latest = evidence[-1]
        return latest.score, "", {"assessed_on": latest.assessed_on.isoformat()}

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        return [
            _in_order(evidence),
            gettext_lazy("The level is the latest score: %(level)s", level=evidence[-1].score),
        ]

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        assert result.level is not None
        return gettext_lazy(
            "the most recently assessed of the %(count)s scores is %(level)s",
            count=result.count,
            level=result.level,
        )


@dataclass(frozen=True)
class Highest(Method):
    """The highest score ever earned counts; order does not matter. No evidence: not assessed."""

    key: ClassVar[str] = "highest"
    description: ClassVar[str] = gettext_noop(
        "The highest score ever earned counts; order does not matter. No evidence: not assessed."
    )
    label: ClassVar[str] = gettext_noop("Highest")

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        return max(o.score for o in evidence), "", {}

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        assert result.level is not None
        return [
            _in_order(evidence),
            gettext_lazy("The level is the highest score: %(level)s", level=result.level),
        ]

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        assert result.level is not None
        return gettext_lazy(
            "the highest of the %(count)s scores is %(level)s",
            count=result.count,
            level=result.level,
        )


@dataclass(frozen=True)
class Mean(Method):
    """The average of all scores, optionally weighted by kind (`Observation.weight`).

    Weights ≤ 0 leave a score out; if every weight is ≤ 0 there is no level
    ("no_weighted_evidence"). Equal weights give the plain average. No evidence: not assessed.
    """

    key: ClassVar[str] = "mean"
    description: ClassVar[str] = gettext_noop(
        "The average of all scores, optionally weighted by kind."
    )
    label: ClassVar[str] = gettext_noop("Mean")

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        counted = [o for o in evidence if o.weight > 0]
        left_out = len(evidence) - len(counted)
        if not counted:
            return None, NO_WEIGHTED_EVIDENCE, {"counted": 0, "left_out": left_out}
        total = math.fsum(o.weight for o in counted)
        mean = math.fsum(o.weight * o.score for o in counted) / total
        weighted = len({o.weight for o in counted}) > 1
        detail: dict[str, object] = {
            "counted": len(counted),
            "left_out": left_out,
            "weighted": weighted,
        }
        return _between(mean, [o.score for o in counted]), "", detail

    def phrase(self, result: MasteryResult, scale: Scale) -> Phrase:
        if result.reason == NO_WEIGHTED_EVIDENCE:
            return ngettext_lazy(
                "No level yet: none of the %(count)s score counts, "
                "because their kinds of evidence have a weight of 0.",
                "No level yet: none of the %(count)s scores counts, "
                "because their kinds of evidence have a weight of 0.",
                result.count,
            )
        if result.level is not None and result.detail.get("left_out"):
            # Not "the only score": others exist but were left out.
            return _sentence(result, scale, self._because(result, scale))
        return super().phrase(result, scale)

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        counted = [o for o in evidence if o.weight > 0]
        left_out = [o for o in evidence if o.weight <= 0]
        steps = [_in_order(evidence)]
        if left_out:
            steps.append(
                ngettext_lazy(
                    "Left out, because its kind of evidence has a weight of 0: %(scores)s",
                    "Left out, because their kinds of evidence have a weight of 0: %(scores)s",
                    len(left_out),
                    scores=tuple(o.score for o in left_out),
                )
            )
        if result.level is None:
            steps.append(gettext_lazy("No score is left to average, so no level yet"))
            return steps
        if not result.detail.get("weighted"):
            steps.append(_average([o.score for o in counted], result.level))
            return steps
        steps.append(
            gettext_lazy(
                "Each score times its kind's weight, added up, divided by the weights added "
                "up: (%(products)s) ÷ (%(weights)s) = %(result)s",
                products=_plus(
                    [
                        gettext_lazy("%(score)s × %(weight)s", score=o.score, weight=o.weight)
                        for o in counted
                    ]
                ),
                weights=_plus([o.weight for o in counted]),
                result=result.level,
            )
        )
        return steps

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        assert result.level is not None
        counted = _whole(result, "counted")
        left_out = _whole(result, "left_out")
        weighted = bool(result.detail["weighted"])
        level = result.level
        if not left_out:
            if weighted:
                return gettext_lazy(
                    "the %(counted)s scores averaged %(level)s, "
                    "with some kinds of evidence counting more than others",
                    counted=counted,
                    level=level,
                )
            return gettext_lazy(
                "the %(counted)s scores averaged %(level)s", counted=counted, level=level
            )
        if counted == 1:  # one score left: never weighted
            return ngettext_lazy(
                "the only score that counts is %(level)s, "
                "leaving out %(count)s score with a weight of 0",
                "the only score that counts is %(level)s, "
                "leaving out %(count)s scores with a weight of 0",
                left_out,
                level=level,
            )
        if weighted:
            return ngettext_lazy(
                "the %(counted)s scores that count averaged %(level)s, with some kinds of "
                "evidence counting more than others, leaving out %(count)s score with a "
                "weight of 0",
                "the %(counted)s scores that count averaged %(level)s, with some kinds of "
                "evidence counting more than others, leaving out %(count)s scores with a "
                "weight of 0",
                left_out,
                counted=counted,
                level=level,
            )
        return ngettext_lazy(
            "the %(counted)s scores that count averaged %(level)s, "
            "leaving out %(count)s score with a weight of 0",
            "the %(counted)s scores that count averaged %(level)s, "
            "leaving out %(count)s scores with a weight of 0",
            left_out,
            counted=counted,
            level=level,
        )


@dataclass(frozen=True)
class Mode(Method):
    """The most frequent score; a tie goes to the higher score.

    Scores are compared after rounding to 2 decimals. When no score repeats, every score is
    tied and the highest counts. No evidence: not assessed.
    """

    key: ClassVar[str] = "mode"
    description: ClassVar[str] = gettext_noop(
        "The most frequent score; a tie goes to the higher score."
    )
    label: ClassVar[str] = gettext_noop("Mode")

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        counts = Counter(round(o.score, 2) for o in evidence)
        times = max(counts.values())
        tied = sorted((score for score, n in counts.items() if n == times), reverse=True)
        return tied[0], "", {"times": times, "tied": tuple(tied)}

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        assert result.level is not None
        counts = Counter(round(o.score, 2) for o in evidence)
        steps: list[Phrase] = [_in_order(evidence)]
        if _whole(result, "times") > 1:  # when nothing repeats, counting says nothing
            steps.extend(
                ngettext_lazy(
                    "%(score)s appears %(count)s time",
                    "%(score)s appears %(count)s times",
                    times,
                    score=float(score),
                )
                for score, times in sorted(counts.items(), key=lambda pair: (-pair[1], -pair[0]))
            )
        tied = result.detail["tied"]
        assert isinstance(tied, tuple)
        if _whole(result, "times") == 1:
            steps.append(
                gettext_lazy(
                    "No score repeats, so the highest counts: %(level)s", level=result.level
                )
            )
        elif len(tied) > 1:
            steps.append(
                gettext_lazy(
                    "%(scores)s are equally common, so the higher counts: %(level)s",
                    scores=listing([float(score) for score in tied]),
                    level=result.level,
                )
            )
        else:
            steps.append(
                gettext_lazy("The level is the most common score: %(level)s", level=result.level)
            )
        return steps

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        assert result.level is not None
        times = _whole(result, "times")
        tied_scores = result.detail["tied"]
        assert isinstance(tied_scores, tuple)
        tied: list[Param] = [float(score) for score in tied_scores]
        if times == 1:
            return gettext_lazy(
                "none of the %(count)s scores repeats, so the highest, %(level)s, counts",
                count=result.count,
                level=result.level,
            )
        if len(tied) == 1:
            return gettext_lazy(
                "%(score)s is the most common of the %(count)s scores (%(times)s times)",
                score=tied[0],
                count=result.count,
                times=times,
            )
        return gettext_lazy(
            "%(scores)s are equally common among the %(count)s scores "
            "(%(times)s times each), so the higher counts",
            scores=listing(tied),
            count=result.count,
            times=times,
        )


@dataclass(frozen=True)
class DecayingAverage(Method):
    """Each new score pulls the level toward itself by the decay rate r (0.50–0.99, default 0.65).

    d₁ = s₁, dₖ = (1 − r)·dₖ₋₁ + r·sₖ in assessed order: recent work matters most, old work
    never quite disappears. Scores 1, 2, 3, 4 give 3.48. One score: that score. The result
    always lies between the lowest and highest score. No evidence: not assessed.
    """

    key: ClassVar[str] = "decaying_average"
    description: ClassVar[str] = gettext_noop(
        "Each new score pulls the level toward itself "
        "by the decay rate r (0.50–0.99, default 0.65)."
    )
    label: ClassVar[str] = gettext_noop("Decaying average")
    PARAMETERS: ClassVar[tuple[Parameter, ...]] = (
        Parameter("rate", "Decay rate", "float", 0.50, 0.99, 0.65),
    )

    rate: float = 0.65

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        scores = [o.score for o in evidence]
        level = scores[0]
        for score in scores[1:]:
            level = (1 - self.rate) * level + self.rate * score
        return _between(level, scores), "", {"rate": self.rate}

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        scores = [o.score for o in evidence]
        rate, rest = _rate(self.rate), _rate(1 - self.rate)
        steps = [
            _in_order(evidence),
            gettext_lazy("Start with the first score: %(level)s", level=scores[0]),
        ]
        level = scores[0]
        for score in scores[1:]:
            previous, level = level, (1 - self.rate) * level + self.rate * score
            steps.append(
                gettext_lazy(
                    "%(rate)s × %(score)s + %(rest)s × %(previous)s = %(result)s",
                    rate=rate,
                    score=score,
                    rest=rest,
                    previous=previous,
                    result=level,
                )
            )
        return steps

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        assert result.level is not None
        return gettext_lazy(
            "the %(count)s scores averaged %(level)s, weighting recent work most "
            "(each new score counts %(percent)s%%)",
            count=result.count,
            level=result.level,
            percent=_number(result, "rate") * 100,
        )


@dataclass(frozen=True)
class WeightedAverage(Method):
    """Canvas-style: the latest score counts r, the average of all earlier scores 1 − r.

    r is 0.50–0.99, default 0.65: r·sₙ + (1 − r)·mean(s₁…sₙ₋₁). Scores 1, 2, 3, 4 give 3.3.
    One score: that score. The result lies between the lowest and highest score. No evidence:
    not assessed.
    """

    key: ClassVar[str] = "weighted_average"
    description: ClassVar[str] = gettext_noop(
        "Canvas-style: the latest score counts r, the average of all earlier scores 1 − r."
    )
    label: ClassVar[str] = gettext_noop("Weighted average")
    PARAMETERS: ClassVar[tuple[Parameter, ...]] = (
        Parameter("rate", "Weight of the latest score", "float", 0.50, 0.99, 0.65),
    )

    rate: float = 0.65

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        scores = [o.score for o in evidence]
        if len(scores) == 1:
            return scores[0], "", {"rate": self.rate}
        latest, earlier = scores[-1], scores[:-1]
        earlier_mean = math.fsum(earlier) / len(earlier)
        level = self.rate * latest + (1 - self.rate) * earlier_mean
        detail: dict[str, object] = {
            "rate": self.rate,
            "latest": latest,
            "earlier_mean": earlier_mean,
            "earlier": len(earlier),
        }
        return _between(level, scores), "", detail

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        assert result.level is not None
        scores = [o.score for o in evidence]
        earlier_mean = _number(result, "earlier_mean")
        return [
            _in_order(evidence),
            gettext_lazy(
                "The average of the earlier scores: %(average)s",
                average=_average(scores[:-1], earlier_mean),
            ),
            gettext_lazy(
                "%(rate)s × %(latest)s + %(rest)s × %(earlier)s = %(result)s",
                rate=_rate(self.rate),
                latest=scores[-1],
                rest=_rate(1 - self.rate),
                earlier=earlier_mean,
                result=result.level,
            ),
        ]

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        assert result.level is not None
        rate = _number(result, "rate")
        return ngettext_lazy(
            "the latest score (%(latest)s) counts %(latest_percent)s%% and the average of the "
            "earlier score (%(earlier)s) counts %(earlier_percent)s%%, giving %(level)s",
            "the latest score (%(latest)s) counts %(latest_percent)s%% and the average of the "
            "%(count)s earlier scores (%(earlier)s) counts %(earlier_percent)s%%, "
            "giving %(level)s",
            _whole(result, "earlier"),
            latest=_number(result, "latest"),
            latest_percent=rate * 100,
            earlier=_number(result, "earlier_mean"),
            earlier_percent=(1 - rate) * 100,
            level=result.level,
        )


def _rank_level(scores: Sequence[float], needed: int) -> float:
    """The highest L among the scores such that at least `needed` scores are ≥ L.

    That is the `needed`-th highest score.
    """
    return sorted(scores, reverse=True)[needed - 1]


def _count_at_or_above(scores: Sequence[float], level: float, scale: Scale) -> dict[str, object]:
    return {
        "at_or_above": sum(1 for score in scores if score >= level),
        "at_mastery": sum(1 for score in scores if scale.is_mastered(score)),
    }


def _rank_sentence(result: MasteryResult, scale: Scale, *, of: Phrase, needed: int) -> Phrase:
    assert result.level is not None
    at_mastery = _whole(result, "at_mastery")
    sentence = ngettext_lazy(
        "%(count)s of %(scores)s is at %(level)s or above (%(needed)s needed)",
        "%(count)s of %(scores)s are at %(level)s or above (%(needed)s needed)",
        _whole(result, "at_or_above"),
        scores=of,
        level=_at(result.level, scale),
        needed=needed,
    )
    if scale.is_mastered(result.level):
        return sentence
    mastery = label_phrase(scale.mastery_label)
    if at_mastery == 0:
        return gettext_lazy(
            "%(sentence)s, but none at %(mastery)s or above", sentence=sentence, mastery=mastery
        )
    return gettext_lazy(
        "%(sentence)s, but only %(at_mastery)s at %(mastery)s or above",
        sentence=sentence,
        at_mastery=at_mastery,
        mastery=mastery,
    )


def _needed_so_far(result: MasteryResult, needed: int) -> Phrase:
    return gettext_lazy(
        "%(count)s of the %(needed)s scores needed so far", count=result.count, needed=needed
    )


@dataclass(frozen=True)
class NTimes(Method):
    """Mastered once n scores (1–10, default 3) are at or above the mastery level.

    No level until n observations exist ("needs_3"). Then the level is the highest L among
    the scores such that at least n scores are ≥ L — the n-th highest score — so the student
    is mastered exactly when at least n scores are at or above mastery, and otherwise still
    sees how high n scores reach. Order does not matter. No evidence: not assessed.
    """

    key: ClassVar[str] = "n_times"
    description: ClassVar[str] = gettext_noop(
        "Mastered once n scores (1–10, default 3) are at or above the mastery level."
    )
    label: ClassVar[str] = gettext_noop("N times at or above mastery")
    PARAMETERS: ClassVar[tuple[Parameter, ...]] = (
        Parameter("n", "Number of scores needed at mastery", "int", 1, 10, 3),
    )

    n: int = 3

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        scores = [o.score for o in evidence]
        if len(scores) < self.n:
            return None, f"needs_{self.n}", {"needed": self.n}
        level = _rank_level(scores, self.n)
        return level, "", {"needed": self.n, **_count_at_or_above(scores, level, scale)}

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        if result.level is None:
            return _needed_steps(evidence, self.n)
        return [
            _in_order(evidence),
            *_rank_steps([o.score for o in evidence], result, scale, self.n),
        ]

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        needed = _whole(result, "needed")
        if result.level is None:
            return _needed_so_far(result, needed)
        of = gettext_lazy("the %(count)s scores", count=result.count)
        return _rank_sentence(result, scale, of=of, needed=needed)


@dataclass(frozen=True)
class PowerLaw(Method):
    """The trend of all scores, as a power-law curve, predicted at the latest score.

    Fits ln(score) = ln(a) + b·ln(position) by least squares over positions 1…n in assessed
    order and returns a·nᵇ, clamped to the scale. Scores 1, 3, 2, 4 give 3.66; 2, 4, 1, 3
    give 2.16; 4, 3, 2, 1 give 1.28. Logs need positive numbers, so scores below 0.5 (0 on a
    0-based scale) count as 0.5 in the fit. One score, or all scores equal: that score.
    No evidence: not assessed.
    """

    key: ClassVar[str] = "power_law"
    description: ClassVar[str] = gettext_noop(
        "The trend of all scores, as a power-law curve, predicted at the latest score."
    )
    label: ClassVar[str] = gettext_noop("Power law")
    FLOOR: ClassVar[float] = 0.5

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        scores = [o.score for o in evidence]
        if len(set(scores)) == 1:
            return scores[-1], "", {"equal": True}
        fitted = [max(score, self.FLOOR) for score in scores]
        floored = sum(1 for score in scores if score < self.FLOOR)
        xs = [math.log(position) for position in range(1, len(scores) + 1)]
        ys = [math.log(score) for score in fitted]
        x_mean = math.fsum(xs) / len(xs)
        y_mean = math.fsum(ys) / len(ys)
        slope = math.fsum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
        slope /= math.fsum((x - x_mean) ** 2 for x in xs)
        prediction = math.exp(y_mean + slope * (xs[-1] - x_mean))
        detail: dict[str, object] = {
            "equal": False,
            "prediction": prediction,
            "slope": slope,
            "floored": floored,
        }
        return prediction, "", detail

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        assert result.level is not None
        steps = [_in_order(evidence)]
        if result.detail["equal"]:
            steps.append(
                gettext_lazy(
                    "Every score is the same, so the level is %(level)s", level=result.level
                )
            )
            return steps
        if result.detail["floored"]:
            steps.append(
                gettext_lazy(
                    "Scores below %(floor)s count as %(floor)s (the fit takes logarithms, "
                    "which need numbers above 0)",
                    floor=self.FLOOR,
                )
            )
        n = result.count
        slope = _number(result, "slope")
        prediction = _number(result, "prediction")
        # The curve score = a·nᵇ; a from the fitted line ln(score) = ln(a) + b·ln(n).
        a = prediction / n**slope
        b = Decimal(f"{slope:.3f}")
        steps.append(
            gettext_lazy(
                "The curve that fits the scores best (least squares on their logarithms): "
                "score = %(a)s × n^%(b)s, where n is the score's place in the order "
                "(1, 2, 3…)",
                a=a,
                b=b,
            )
        )
        steps.append(
            gettext_lazy(
                "At the latest score, n = %(n)s: %(a)s × %(n)s^%(b)s = %(prediction)s",
                n=n,
                a=a,
                b=b,
                prediction=prediction,
            )
        )
        if round(prediction, 2) != round(result.level, 2):
            steps.append(
                gettext_lazy(
                    "The scale goes from %(low)s to %(high)s, so the level is %(level)s",
                    low=scale.min_value,
                    high=scale.max_value,
                    level=result.level,
                )
            )
        return steps

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        assert result.level is not None
        if result.detail["equal"]:
            if result.count == 2:
                return gettext_lazy("both scores are %(level)s", level=result.level)
            return gettext_lazy(
                "all %(count)s scores are %(level)s", count=result.count, level=result.level
            )
        slope = _number(result, "slope")
        prediction = _number(result, "prediction")
        if slope > 0.01:
            trend = gettext_lazy("a rising trend")
        elif slope < -0.01:
            trend = gettext_lazy("a falling trend")
        else:
            trend = gettext_lazy("a steady trend")
        if round(prediction, 2) > scale.max_value:
            target = gettext_lazy("%(level)s, capped at the top of the scale", level=prediction)
        elif round(prediction, 2) < scale.min_value:
            target = gettext_lazy("%(level)s, raised to the bottom of the scale", level=prediction)
        else:
            target = gettext_lazy("%(level)s now", level=result.level)
        sentence = gettext_lazy(
            "the %(count)s scores follow %(trend)s that points to %(target)s",
            count=result.count,
            trend=trend,
            target=target,
        )
        if result.detail["floored"]:
            return gettext_lazy(
                "%(sentence)s, counting scores below %(floor)s as %(floor)s",
                sentence=sentence,
                floor=self.FLOOR,
            )
        return sentence


@dataclass(frozen=True)
class MOfN(Method):
    """Kolibri-style: m of the last n scores (1 ≤ m ≤ n ≤ 10; default 3 of 4).

    Only the last n scores in assessed order count. No level until at least m scores exist
    ("needs_3"). Then the level is the highest L such that at least m of the last n scores
    are ≥ L — the m-th highest of them — so the student is mastered exactly when m of the
    last n are at or above mastery. No evidence: not assessed.
    """

    key: ClassVar[str] = "m_of_n"
    description: ClassVar[str] = gettext_noop(
        "Kolibri-style: m of the last n scores (1 ≤ m ≤ n ≤ 10; default 3 of 4)."
    )
    label: ClassVar[str] = gettext_noop("M of the last N")
    PARAMETERS: ClassVar[tuple[Parameter, ...]] = (
        Parameter("m", "Number of scores needed", "int", 1, 10, 3),
        Parameter("n", "Number of recent scores looked at", "int", 1, 10, 4),
    )

    m: int = 3
    n: int = 4

    def _check_together(self) -> None:
        if self.m > self.n:
            raise MethodError(
                gettext_lazy(
                    "The number of scores needed can't be more than "
                    "the number of recent scores looked at."
                )
            )

    def _level(
        self, evidence: list[Observation], scale: Scale
    ) -> tuple[float | None, str, dict[str, object]]:
        recent = [o.score for o in evidence[-self.n :]]
        if len(recent) < self.m:
            return None, f"needs_{self.m}", {"needed": self.m, "window": self.n}
        level = _rank_level(recent, self.m)
        detail: dict[str, object] = {
            "needed": self.m,
            "window": self.n,
            "looked_at": len(recent),
            **_count_at_or_above(recent, level, scale),
        }
        return level, "", detail

    def _steps(
        self, evidence: list[Observation], result: MasteryResult, scale: Scale
    ) -> list[Phrase]:
        if result.level is None:
            return _needed_steps(evidence, self.m)
        recent = evidence[-self.n :]
        steps = [_in_order(evidence)]
        if len(recent) < len(evidence):
            steps.append(
                gettext_lazy(
                    "Only the last %(count)s count: %(scores)s",
                    count=len(recent),
                    scores=tuple(o.score for o in recent),
                )
            )
        return [*steps, *_rank_steps([o.score for o in recent], result, scale, self.m)]

    def _because(self, result: MasteryResult, scale: Scale) -> Phrase:
        needed = _whole(result, "needed")
        if result.level is None:
            return _needed_so_far(result, needed)
        looked_at = _whole(result, "looked_at")
        of = (
            gettext_lazy("the last %(count)s scores", count=looked_at)
            if result.count > looked_at
            else gettext_lazy("the %(count)s scores", count=looked_at)
        )
        return _rank_sentence(result, scale, of=of, needed=needed)


METHODS: tuple[type[Method], ...] = (
    MostRecent,
    Highest,
    Mean,
    Mode,
    DecayingAverage,
    WeightedAverage,
    NTimes,
    PowerLaw,
    MOfN,
)

_BY_KEY: dict[str, type[Method]] = {method.key: method for method in METHODS}


def method_keys() -> tuple[str, ...]:
    """Every method key, in registry order."""
    return tuple(method.key for method in METHODS)


def build_method(key: str, params: Mapping[str, object] | None = None) -> Method:
    """The method for `key` with `params` (missing ones take their defaults).

    Raises `MethodError` for an unknown key, an unknown parameter name, a value of the
    wrong type or out of range, with a message a teacher can act on.
    """
    method = _BY_KEY.get(key) if isinstance(key, str) else None
    if method is None:
        raise MethodError(
            gettext_lazy(
                "There is no mastery method called %(key)s. Choose one of: %(keys)s.",
                key=repr(key),
                keys=method_keys(),
            )
        )
    given = dict(params or {})
    names = [parameter.name for parameter in method.PARAMETERS]
    unknown = sorted(name for name in given if name not in names)
    if unknown:
        raise MethodError(
            gettext_lazy(
                "%(method)s has no setting called %(name)s.",
                method=Phrase(method.label),
                name=repr(unknown[0]),
            )
        )
    return method(**given)
