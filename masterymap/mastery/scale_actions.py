"""Writes to proficiency scales: a class's own scale (an override of its school's), its
removal, and the school's scale. Each recomputes the affected records in the same
transaction, so no grid shows a label or status from the old scale.

Levels already recorded on evidence keep their value; the new cut scores apply to the
assessment evidence and checks recorded from now on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import transaction

from masterymap.accounts.models import Classroom, School, User
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import recompute_records
from masterymap.mastery.models import ProficiencyScale, ScaleLevel
from masterymap.mastery.scale import Level, Scale

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LABEL_MAX = ScaleLevel._meta.get_field("label").max_length or 60
VALUE_MAX = 100


def checked_scale(*, levels: Sequence[Level], mastery_value: int) -> Scale:
    """The scale these levels make, in order of value, or ActionError with the reason.

    The pure `Scale` checks the rules a teacher could check on paper (two levels at least,
    no repeated values, cut scores that never go down, the lowest at 0 %, a mastery level
    on the scale); this adds what the database needs (a colour as #rrggbb, a short label,
    a whole value from 0 to 100).
    """
    ordered = sorted(levels, key=lambda lv: lv.value)
    for level in ordered:
        if not 0 <= level.value <= VALUE_MAX:
            raise ActionError(f"Level values are whole numbers from 0 to {VALUE_MAX}.")
        if len(level.label.strip()) > LABEL_MAX:
            raise ActionError(f"A level's name has at most {LABEL_MAX} characters.")
        if not COLOUR.fullmatch(level.colour):
            raise ActionError(f"The colour of {level.label} must look like #1e8449.")
    try:
        return Scale(
            levels=tuple(
                Level(
                    value=lv.value,
                    label=lv.label.strip(),
                    colour=lv.colour.lower(),
                    min_percent=lv.min_percent,
                )
                for lv in ordered
            ),
            mastery_value=mastery_value,
        )
    except ValueError as e:
        raise ActionError(str(e)) from None


def _write_levels(row: ProficiencyScale, scale: Scale) -> None:
    row.levels.all().delete()
    ScaleLevel.objects.bulk_create(
        ScaleLevel(
            scale=row,
            value=lv.value,
            label=lv.label,
            colour=lv.colour,
            min_percent=lv.min_percent,
        )
        for lv in scale.levels
    )


@transaction.atomic
def set_class_scale(
    *, classroom: Classroom, levels: Sequence[Level], mastery_value: int, by: User
) -> int:
    """Give a class its own scale (replacing any it had) and recompute its records.

    Returns how many records changed level or status.
    """
    scale = checked_scale(levels=levels, mastery_value=mastery_value)
    row, _ = ProficiencyScale.objects.update_or_create(
        classroom=classroom,
        defaults={
            "school_id": classroom.school_id,
            "name": f"{classroom.name} scale"[:100],
            "mastery_value": scale.mastery_value,
        },
    )
    _write_levels(row, scale)
    return recompute_records(classroom=classroom, why="scale changed", by=by, scale=scale)


@transaction.atomic
def clear_class_scale(*, classroom: Classroom, by: User) -> int:
    """Remove a class's own scale, so its school's (or the default) applies again, and
    recompute its records. A class without its own scale is left alone (0 changes), so a
    second click changes nothing."""
    deleted, _ = ProficiencyScale.objects.filter(classroom=classroom).delete()
    if not deleted:
        return 0
    return recompute_records(
        classroom=classroom, why="scale changed: the school's scale applies again", by=by
    )


@transaction.atomic
def set_school_scale(
    *, school: School, levels: Sequence[Level], mastery_value: int, by: User
) -> int:
    """Set the school's scale and recompute every class that follows it (a class with its
    own scale is not affected). Only a school admin of this school may.

    Returns how many records changed level or status, over all the classes.
    """
    if not (by.is_school_admin and by.school_id == school.pk):
        raise ActionError("Only a school admin can change the school's scale.")
    scale = checked_scale(levels=levels, mastery_value=mastery_value)
    row, _ = ProficiencyScale.objects.update_or_create(
        school=school,
        classroom=None,
        defaults={"name": f"{school.name} scale"[:100], "mastery_value": scale.mastery_value},
    )
    _write_levels(row, scale)
    changed = 0
    following = Classroom.objects.filter(school=school, scale_override__isnull=True)
    for classroom in following.order_by("pk"):
        changed += recompute_records(
            classroom=classroom, why="school scale changed", by=by, scale=scale
        )
    return changed
