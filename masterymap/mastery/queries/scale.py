"""The proficiency scale page: the scale in force for a class and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from masterymap.accounts.models import Classroom
from masterymap.mastery.engine import class_scales
from masterymap.mastery.scale import Scale, format_level


@dataclass(frozen=True)
class LevelLine:
    value: int
    label: str
    colour: str
    cut_text: str
    mastered: bool


@dataclass(frozen=True)
class ScaleOverview:
    in_force: Scale
    school_scale: Scale
    source: str  # "class", "school" or "default"
    lines: list[LevelLine]

    @property
    def own(self) -> bool:
        return self.source == "class"


def scale_overview(classroom: Classroom) -> ScaleOverview:
    """The scale in force for the class and where it comes from, in two queries."""
    scales = class_scales(classroom)
    in_force = scales.in_force
    lines = [
        LevelLine(
            value=lv.value,
            label=lv.label,
            colour=lv.colour,
            cut_text=f"{format_level(lv.min_percent)} %",
            mastered=in_force.is_mastered(lv.value),
        )
        for lv in in_force.levels
    ]
    return ScaleOverview(in_force, scales.school_in_force, scales.source, lines)
