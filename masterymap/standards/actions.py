"""Writes to mastery maps, units and standards."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_author_maps
from masterymap.accounts.models import User
from masterymap.lib.errors import ActionError
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.standards.symbols import COLOURS, ICONS


@transaction.atomic
def create_mastery_map(*, author: User, title: str, description: str = "") -> MasteryMap:
    if not may_author_maps(author):
        raise ActionError(_("Only teachers and school admins create mastery maps."))
    if not title.strip():
        raise ActionError(_("Give the map a title."))
    # may_author_maps refused a user without a school.
    school_id = author.school_id or 0
    return MasteryMap.objects.create(
        school_id=school_id, title=title.strip(), description=description, created_by=author
    )


@transaction.atomic
def create_unit(*, mastery_map: MasteryMap, title: str) -> Unit:
    if not title.strip():
        raise ActionError(_("Give the unit a title."))
    last = mastery_map.units.aggregate(m=Max("position"))["m"]
    return Unit.objects.create(
        mastery_map=mastery_map, title=title.strip(), position=(last or 0) + 1
    )


def _check_symbol(icon: str, colour: str) -> None:
    if icon not in ICONS:
        raise ActionError(_("Unknown icon %(icon)s.") % {"icon": repr(icon)})
    if colour not in COLOURS:
        raise ActionError(_("Unknown colour %(colour)s.") % {"colour": repr(colour)})


@transaction.atomic
def create_standard(
    *,
    unit: Unit,
    code: str,
    statement: str,
    i_can: str,
    icon: str,
    colour: str,
    position: int | None = None,
) -> Standard:
    code = code.strip()
    _check_symbol(icon, colour)
    if not code:
        raise ActionError(_("A standard needs a code, such as 7.RP.A.1."))
    if Standard.objects.filter(mastery_map_id=unit.mastery_map_id, code=code).exists():
        raise ActionError(_("This map already has a standard %(code)s.") % {"code": code})
    if position is None:
        last = unit.standards.aggregate(m=Max("position"))["m"]
        position = (last or 0) + 1
    return Standard.objects.create(
        mastery_map_id=unit.mastery_map_id,
        unit=unit,
        code=code,
        statement=statement.strip(),
        i_can=i_can.strip(),
        icon=icon,
        colour=colour,
        position=position,
    )


@transaction.atomic
def update_standard(
    *,
    standard: Standard,
    unit: Unit,
    code: str,
    statement: str,
    i_can: str,
    icon: str,
    colour: str,
    position: int,
) -> Standard:
    code = code.strip()
    _check_symbol(icon, colour)
    if unit.mastery_map_id != standard.mastery_map_id:
        raise ActionError(_("A standard can only move to a unit of the same map."))
    clash = Standard.objects.filter(mastery_map_id=standard.mastery_map_id, code=code).exclude(
        pk=standard.pk
    )
    if not code:
        raise ActionError(_("Code needed."))
    if clash.exists():
        raise ActionError(_("This map already has a standard %(code)s.") % {"code": code})
    standard.unit = unit
    standard.code = code
    standard.statement = statement.strip()
    standard.i_can = i_can.strip()
    standard.icon = icon
    standard.colour = colour
    standard.position = position
    standard.save(
        update_fields=["unit", "code", "statement", "i_can", "icon", "colour", "position"]
    )
    return standard
