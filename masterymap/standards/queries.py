"""Reads of maps and standards, shared by the pages of several apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from masterymap.accounts.models import Classroom
from masterymap.standards.models import MasteryMap, Standard, Unit


def map_standards(classroom: Classroom, unit_id: int | None = None) -> list[Standard]:
    """The standards of a class's map in map order (optionally one unit's). One query."""
    qs = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id).select_related("unit")
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return list(qs)


@dataclass(frozen=True)
class OutlineStandard:
    """A standard on the map editor with its bank size and how many usable forms it has."""

    standard: Standard
    items: int
    forms: int

    @property
    def needs_forms(self) -> bool:
        # Two parallel forms let a student who missed mastery retake a different one.
        return self.forms < 2


@dataclass(frozen=True)
class OutlineUnit:
    unit: Unit
    standards: list[OutlineStandard]


def map_outline(mastery_map: MasteryMap) -> list[OutlineUnit]:
    """Units with their standards, each with its bank size and count of usable forms.

    Counts through the reverse relations the assessments app declares (`items`, `forms`):
    the ORM names them, so this app imports nothing of it.
    """
    units = list(mastery_map.units.all())
    standards = (
        Standard.objects.filter(mastery_map=mastery_map)
        .annotate(
            items_count=Count("items", distinct=True),
            # A form with no items cannot be taken, so it does not count.
            forms_count=Count("forms", filter=Q(forms__form_items__isnull=False), distinct=True),
        )
        .order_by("unit__position", "unit_id", "position", "id")
    )
    by_unit: dict[int, list[OutlineStandard]] = {u.pk: [] for u in units}
    for s in standards:
        by_unit.setdefault(s.unit_id, []).append(
            OutlineStandard(standard=s, items=s.items_count, forms=s.forms_count)
        )
    return [OutlineUnit(unit=u, standards=by_unit[u.pk]) for u in units]
