"""Turning scores into levels on a proficiency scale. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from masterymap.mastery.scale import Scale


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


def check_percent(marks: Sequence[bool]) -> float:
    """Percent right of a one-on-one check; an empty check is an error, not 0 %."""
    if not marks:
        raise ValueError("mark at least one question")
    return round(100 * sum(1 for m in marks if m) / len(marks), 1)
