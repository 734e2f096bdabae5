from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from masterymap.assessments.queries import BankStandard
from masterymap.standards.models import MasteryMap, Standard, Unit


@dataclass(frozen=True)
class OutlineUnit:
    unit: Unit
    standards: list[BankStandard]


def map_outline(mastery_map: MasteryMap) -> list[OutlineUnit]:
    """Units with their standards, each with its bank size and count of usable forms."""
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
    by_unit: dict[int, list[BankStandard]] = {u.pk: [] for u in units}
    for s in standards:
        by_unit.setdefault(s.unit_id, []).append(
            BankStandard(standard=s, items=s.items_count, forms=s.forms_count)
        )
    return [OutlineUnit(unit=u, standards=by_unit[u.pk]) for u in units]
