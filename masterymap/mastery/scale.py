"""Proficiency scales: the levels evidence is scored on, and the mastery cut. Pure.

A scale is a short ascending list of levels (1 Beginning · 2 Approaching · 3 Mastered ·
4 Exceeds by default). Each level carries a *cut score*: an assessment percent at or above
`min_percent` earns at least that level. Calculated levels may be fractional (a decaying
average of 3.48); they are named and judged after rounding to 2 decimals, the precision a
teacher or parent is ever shown, so "3.00" never reads as "not mastered".

The default scale's labels, and "Not assessed" and "No level yet", are the interface's own
words: they are marked for translation here and translated where they are shown
(`label_phrase`, `mastery.sentences`). A label a school typed is its own and shows as typed.

No Django, no database, no clock: `queries.py` builds a `Scale` from the stored
`ProficiencyScale`, and everything here can be checked on paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from masterymap.mastery.phrases import (
    Param,
    Phrase,
    format_number,
    gettext_lazy,
    gettext_noop,
    render,
)

NOT_ASSESSED_LABEL = gettext_noop("Not assessed")
NO_LEVEL_LABEL = gettext_noop("No level yet")


class ScaleError(ValueError):
    """A scale that breaks a rule; `phrase` is the message, to show in the reader's language."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(render(phrase))
        self.phrase = phrase


def format_level(level: float) -> str:
    """A level as people read it: at most 2 decimals, no trailing zeros.

    3.0 → "3", 3.3 → "3.3", 3.484625 → "3.48".
    """
    return format_number(level)


def same_level(a: float | None, b: float | None) -> bool:
    """Whether two levels read the same (as `format_level` shows them); None is no level."""
    if a is None or b is None:
        return a is b
    return round(a, 2) == round(b, 2)


@dataclass(frozen=True)
class Level:
    """One level of a scale. `min_percent` is its cut score (0–100)."""

    value: int
    label: str
    colour: str
    min_percent: float


@dataclass(frozen=True)
class Scale:
    """Levels in ascending order of `value`, and the value that counts as mastered.

    Every level at or above `mastery_value` is mastered. Invalid scales raise `ValueError`
    with a message a school admin can act on.
    """

    levels: tuple[Level, ...]
    mastery_value: int

    def __post_init__(self) -> None:
        levels = tuple(self.levels)
        object.__setattr__(self, "levels", levels)
        if len(levels) < 2:
            raise ScaleError(gettext_lazy("A proficiency scale needs at least two levels."))
        for level in levels:
            if not level.label.strip():
                raise ScaleError(gettext_lazy("Level %(value)s needs a name.", value=level.value))
            if not (0 <= level.min_percent <= 100):
                raise ScaleError(
                    gettext_lazy(
                        "The cut score of %(label)s must be between 0 %% and 100 %% "
                        "(got %(percent)s %%).",
                        label=label_phrase(level.label),
                        percent=level.min_percent,
                    )
                )
        values = [level.value for level in levels]
        if any(low >= high for low, high in zip(values, values[1:], strict=False)):
            raise ScaleError(
                gettext_lazy(
                    "Level values must go up one after another, without repeats (got %(values)s).",
                    values=tuple(values),
                )
            )
        if self.mastery_value not in values:
            raise ScaleError(
                gettext_lazy(
                    "The mastery level must be one of the scale's levels (%(values)s); "
                    "got %(value)s.",
                    values=tuple(values),
                    value=self.mastery_value,
                )
            )
        for lower, higher in zip(levels, levels[1:], strict=False):
            if higher.min_percent < lower.min_percent:
                raise ScaleError(
                    gettext_lazy(
                        "Cut scores must not go down as levels go up: %(lower)s starts at "
                        "%(lower_percent)s %% but %(higher)s at %(higher_percent)s %%.",
                        lower=label_phrase(lower.label),
                        lower_percent=lower.min_percent,
                        higher=label_phrase(higher.label),
                        higher_percent=higher.min_percent,
                    )
                )
        if levels[0].min_percent != 0:
            raise ScaleError(
                gettext_lazy(
                    "The lowest level (%(label)s) must start at 0 %%, so every score earns a "
                    "level.",
                    label=label_phrase(levels[0].label),
                )
            )

    @property
    def min_value(self) -> int:
        return self.levels[0].value

    @property
    def max_value(self) -> int:
        return self.levels[-1].value

    @property
    def mastery_label(self) -> str:
        return self.level(self.mastery_value).label

    def has_level(self, value: float) -> bool:
        """Whether `value` is one of the levels: a teacher records evidence on a level, so
        2.5 on a 1–4 scale, 0 or 1e308 is none (calculated levels may fall between)."""
        return any(level.value == value for level in self.levels)

    def level(self, value: int) -> Level:
        """The level with exactly this value; `KeyError` if the scale has none."""
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(value)

    def level_for_percent(self, percent: float) -> int:
        """The highest level whose cut score is ≤ `percent`.

        Below 0 % (never expected) earns the lowest level; NaN raises `ValueError`.
        """
        if math.isnan(percent):
            raise ValueError("A percent score must be a number.")
        earned = self.levels[0].value
        for level in self.levels:
            if level.min_percent <= percent:
                earned = level.value
        return earned

    def label_for(self, level: float | None) -> str:
        """The label of the highest level value ≤ round(level, 2).

        None → "Not assessed". A level below the lowest value (only possible for unclamped
        input) gets the lowest label.
        """
        if level is None:
            return NOT_ASSESSED_LABEL
        shown = round(level, 2)
        label = self.levels[0].label
        for candidate in self.levels:
            if candidate.value <= shown:
                label = candidate.label
        return label

    def is_mastered(self, level: float | None) -> bool:
        """round(level, 2) ≥ the mastery value; None (no level) is never mastered."""
        if level is None:
            return False
        return round(level, 2) >= self.mastery_value

    def clamp(self, x: float) -> float:
        """`x` limited to [min_value, max_value], as a float."""
        return float(min(self.max_value, max(self.min_value, x)))


def attempt_level(scale: Scale, percent: float, *, met_threshold: bool) -> int:
    """The level an assessment attempt earns.

    The scale's cut scores decide, except that the form's own mastery threshold wins at the
    mastery line: an attempt that met its form's threshold earns at least the mastery level,
    and one that did not stays below it. So a form with a 70 % threshold still means what
    the teacher set, whatever the school's cut scores.
    """
    level = scale.level_for_percent(percent)
    below = [lv.value for lv in scale.levels if lv.value < scale.mastery_value]
    if met_threshold:
        return max(level, scale.mastery_value)
    if level >= scale.mastery_value:
        return max(below) if below else scale.min_value
    return level


DEFAULT_SCALE = Scale(
    levels=(
        Level(value=1, label=gettext_noop("Beginning"), colour="#c0392b", min_percent=0),
        Level(value=2, label=gettext_noop("Approaching"), colour="#d68910", min_percent=50),
        Level(value=3, label=gettext_noop("Mastered"), colour="#1e8449", min_percent=80),
        Level(value=4, label=gettext_noop("Exceeds"), colour="#2471a3", min_percent=95),
    ),
    mastery_value=3,
)

# The labels the interface itself writes: translated wherever they are shown. A school's
# scale that keeps a default label ("Mastered") shows it translated too.
INTERFACE_LABELS = frozenset(
    {NOT_ASSESSED_LABEL, NO_LEVEL_LABEL, *(level.label for level in DEFAULT_SCALE.levels)}
)


def label_phrase(label: str) -> Param:
    """A level's label as a phrase parameter: one of the interface's own labels is a phrase
    (translated when shown); a label the school typed is its own words, shown as typed."""
    return Phrase(label) if label in INTERFACE_LABELS else label


def open_response_points(scale: Scale, level: int, points: int) -> int:
    """The points an open-response answer earns when the teacher scores it at `level`: the
    share of its points that the level's cut score names (Mastered at 80 % earns 4 of 5),
    all of them at the top level, rounded half down (so a level below mastery never earns a
    one-point question). An answer scored at the mastery level meets a form threshold set
    at the scale's mastery cut."""
    if level >= scale.max_value:
        return points
    share = scale.level(level).min_percent / 100
    return min(points, math.ceil(points * share - 0.5))
