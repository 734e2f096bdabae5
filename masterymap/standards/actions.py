"""Writes to mastery maps, units and standards.

Editing a map after the fact:
- **Order.** Units within a map and standards within a unit are numbered 0, 1, 2… by every
  reorder and move; a new one goes after the last.
- **Archive** is out of use, never out of history. An archived standard is off its map (the
  grid, the student's map, the public map, counts and goals leave it out) while the attempts,
  evidence and records that name it stay readable; restored, it goes back at the end of its
  unit. An archived map is off the map list and offered to no new class; a map that a class
  still follows cannot be archived.
- **Delete** only what nothing uses: a standard with no questions, forms, evidence, attempts,
  levels or any other row pointing at it; a unit with no standards (archived or not); a map
  with no class and no standard. Everything else is archived instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_author_maps
from masterymap.accounts.models import User
from masterymap.lib.errors import ActionError
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.standards.queries import (
    classes_following,
    map_delete_refusals,
    standard_delete_refusals,
    unit_delete_refusals,
)
from masterymap.standards.symbols import COLOURS, ICONS

UP, DOWN = "up", "down"


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


def _check_code_free(map_id: int, code: str, *, but: Standard | None = None) -> None:
    """Codes are unique in a map, archived standards included (one may be restored)."""
    clash = Standard.all_objects.filter(mastery_map_id=map_id, code=code)
    if but is not None:
        clash = clash.exclude(pk=but.pk)
    found = clash.first()
    if found is None:
        return
    if found.archived_at is not None:
        raise ActionError(
            _(
                "An archived standard of this map has the code %(code)s: restore it, "
                "or choose another code."
            )
            % {"code": code}
        )
    raise ActionError(_("This map already has a standard %(code)s.") % {"code": code})


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
    _check_code_free(unit.mastery_map_id, code)
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
    if not code:
        raise ActionError(_("Code needed."))
    _check_code_free(standard.mastery_map_id, code, but=standard)
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


# --- rename --------------------------------------------------------------------------------


@transaction.atomic
def rename_mastery_map(*, mastery_map: MasteryMap, title: str, description: str) -> MasteryMap:
    if not title.strip():
        raise ActionError(_("Give the map a title."))
    mastery_map.title = title.strip()
    mastery_map.description = description.strip()
    mastery_map.save(update_fields=["title", "description"])
    return mastery_map


@transaction.atomic
def rename_unit(*, unit: Unit, title: str) -> Unit:
    if not title.strip():
        raise ActionError(_("Give the unit a title."))
    unit.title = title.strip()
    unit.save(update_fields=["title"])
    return unit


# --- order ---------------------------------------------------------------------------------


def _renumber_units(units: list[Unit]) -> None:
    """Positions 0, 1, 2… in the order given; writes only the units that moved."""
    moved = [u for n, u in enumerate(units) if u.position != n]
    for n, unit in enumerate(units):
        unit.position = n
    Unit.objects.bulk_update(moved, ["position"])


def _renumber_standards(standards: list[Standard]) -> None:
    """Positions 0, 1, 2… in the order given; writes only the standards that moved."""
    moved = [s for n, s in enumerate(standards) if s.position != n]
    for n, standard in enumerate(standards):
        standard.position = n
    Standard.all_objects.bulk_update(moved, ["position"])


def _in_order(rows: list[Unit] | list[Standard], ordered_ids: Sequence[int]) -> list[int]:
    """`ordered_ids`, checked to name each of `rows` exactly once."""
    ids = list(ordered_ids)
    if len(ids) != len(set(ids)) or set(ids) != {row.pk for row in rows}:
        raise ActionError(
            _("That order does not list exactly the items shown: reload the page and try again.")
        )
    return ids


def _units(map_id: int) -> list[Unit]:
    """The map's units in order, locked (on PostgreSQL; on SQLite the transaction already
    serialises writers)."""
    return list(
        Unit.objects.select_for_update().filter(mastery_map_id=map_id).order_by("position", "id")
    )


def _standards(unit_id: int) -> list[Standard]:
    """The unit's standards on the map (not archived), in order, locked."""
    return list(
        Standard.objects.select_for_update().filter(unit_id=unit_id).order_by("position", "id")
    )


@transaction.atomic
def reorder_units(*, mastery_map: MasteryMap, ordered_ids: Sequence[int]) -> list[Unit]:
    """Put the map's units in the order of `ordered_ids`, which must name each exactly once."""
    units = _units(mastery_map.pk)
    by_id = {u.pk: u for u in units}
    ordered = [by_id[pk] for pk in _in_order(units, ordered_ids)]
    _renumber_units(ordered)
    return ordered


@transaction.atomic
def reorder_standards(*, unit: Unit, ordered_ids: Sequence[int]) -> list[Standard]:
    """Put the unit's standards (those on the map: archived ones are not listed) in the order
    of `ordered_ids`, which must name each exactly once."""
    standards = _standards(unit.pk)
    by_id = {s.pk: s for s in standards}
    ordered = [by_id[pk] for pk in _in_order(standards, ordered_ids)]
    _renumber_standards(ordered)
    return ordered


def _moved(rows: list[Unit] | list[Standard], row_id: int, direction: str) -> list[int]:
    """The ids of `rows` with `row_id` one place up or down."""
    if direction not in (UP, DOWN):
        raise ActionError(_("Move it up or down."))
    ids = [row.pk for row in rows]
    at = ids.index(row_id)
    to = at - 1 if direction == UP else at + 1
    if not 0 <= to < len(ids):
        raise ActionError(
            _("It is first already.") if direction == UP else _("It is last already.")
        )
    ids[at], ids[to] = ids[to], ids[at]
    return ids


@transaction.atomic
def move_unit(*, unit: Unit, direction: str) -> Unit:
    """One place up or down among the map's units."""
    units = _units(unit.mastery_map_id)
    ids = _moved(units, unit.pk, direction)
    by_id = {u.pk: u for u in units}
    _renumber_units([by_id[pk] for pk in ids])
    return by_id[unit.pk]


@transaction.atomic
def move_standard(*, standard: Standard, direction: str) -> Standard:
    """One place up or down among its unit's standards (to another unit: update_standard)."""
    if standard.archived_at is not None:
        raise ActionError(_("This standard is archived: restore it first."))
    standards = _standards(standard.unit_id)
    ids = _moved(standards, standard.pk, direction)
    by_id = {s.pk: s for s in standards}
    _renumber_standards([by_id[pk] for pk in ids])
    return by_id[standard.pk]


# --- archive and restore -------------------------------------------------------------------


@transaction.atomic
def archive_standard(*, standard: Standard, at: datetime | None = None) -> Standard:
    """Take a standard off its map; its attempts, evidence and records stay as they are.
    Archiving an archived standard changes nothing."""
    standard = Standard.all_objects.select_for_update().get(pk=standard.pk)
    if standard.archived_at is None:
        standard.archived_at = at or timezone.now()
        standard.save(update_fields=["archived_at"])
    return standard


@transaction.atomic
def restore_standard(*, standard: Standard) -> Standard:
    """Put an archived standard back on its map, last in its unit."""
    standard = Standard.all_objects.select_for_update().get(pk=standard.pk)
    if standard.archived_at is not None:
        last = Standard.objects.filter(unit_id=standard.unit_id).aggregate(m=Max("position"))["m"]
        standard.archived_at = None
        standard.position = 0 if last is None else last + 1
        standard.save(update_fields=["archived_at", "position"])
    return standard


@transaction.atomic
def archive_mastery_map(*, mastery_map: MasteryMap, at: datetime | None = None) -> MasteryMap:
    """Take a map off the map list, so no new class chooses it. Refused while a class
    follows it: that class's grid and trackers read it every day."""
    mastery_map = MasteryMap.objects.select_for_update().get(pk=mastery_map.pk)
    classes = [c.name for c in classes_following(mastery_map)]
    if classes:
        raise ActionError(
            _("Classes follow this map: %(classes)s. Give them another map first.")
            % {"classes": ", ".join(classes)}
        )
    if mastery_map.archived_at is None:
        mastery_map.archived_at = at or timezone.now()
        mastery_map.save(update_fields=["archived_at"])
    return mastery_map


@transaction.atomic
def restore_mastery_map(*, mastery_map: MasteryMap) -> MasteryMap:
    mastery_map = MasteryMap.objects.select_for_update().get(pk=mastery_map.pk)
    if mastery_map.archived_at is not None:
        mastery_map.archived_at = None
        mastery_map.save(update_fields=["archived_at"])
    return mastery_map


# --- delete --------------------------------------------------------------------------------


@transaction.atomic
def delete_standard(*, standard: Standard) -> None:
    """Delete a standard nothing uses (see standard_delete_refusals); else ActionError."""
    standard = Standard.all_objects.select_for_update().get(pk=standard.pk)
    reasons = standard_delete_refusals(standard)
    if reasons:
        raise ActionError(" ".join(reasons))
    standard.delete()


@transaction.atomic
def delete_unit(*, unit: Unit) -> None:
    """Delete a unit with no standard (archived or not) and nothing else using it."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    reasons = unit_delete_refusals(unit)
    if reasons:
        raise ActionError(" ".join(reasons))
    unit.delete()


@transaction.atomic
def delete_mastery_map(*, mastery_map: MasteryMap) -> None:
    """Delete a map no class has followed and with no standard (its empty units go too)."""
    mastery_map = MasteryMap.objects.select_for_update().get(pk=mastery_map.pk)
    reasons = map_delete_refusals(mastery_map)
    if reasons:
        raise ActionError(" ".join(reasons))
    mastery_map.delete()
