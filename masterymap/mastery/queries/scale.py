"""The proficiency scale page: the scale in force for a class and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from masterymap.accounts.models import Classroom
from masterymap.mastery.engine import class_scales
from masterymap.mastery.scale import Scale
from masterymap.mastery.sentences import label_html, number_text


@dataclass(frozen=True)
class LevelLine:
    value: int
    label: str  # HTML: a default label translated, the school's marked as its words
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
            label=label_html(lv.label),
            colour=lv.colour,
            cut_text=f"{number_text(lv.min_percent)} %",
            mastered=in_force.is_mastered(lv.value),
        )
        for lv in in_force.levels
    ]
    return ScaleOverview(in_force, scales.school_in_force, scales.source, lines)
