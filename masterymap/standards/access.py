"""Access helpers for maps and standards (the rules: accounts.access)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from masterymap.accounts.models import Classroom, User
from masterymap.lib.statements import Compiled
from masterymap.standards.models import MasteryMap, Standard, Unit


def get_standard_in_classroom(classroom: Classroom, standard_id: int) -> Standard:
    """A standard on the class's mastery map (the caller already got the class for the user).
    An archived standard is off the map: 404, as for one that never was."""
    found = _ON_MAP.objects(pk=standard_id, mastery_map=classroom.mastery_map_id)
    if not found:
        raise Http404("No such standard on this class's map.")
    standard: Standard = found[0]
    return standard


def _on_map(pk: int, mastery_map: int) -> QuerySet[Standard, Standard]:
    return Standard.objects.select_related("unit").filter(pk=pk, mastery_map_id=mastery_map)


# Compiled once (`lib.statements`): "I'm ready" and a standard's pages ask it each time.
_ON_MAP = Compiled(_on_map)


def mastery_maps_for_teacher(user: User, *, archived: bool = False) -> QuerySet[MasteryMap]:
    """Maps a teacher may use for a class: every map of their school not archived. With
    `archived`, the school's archived maps instead (the map list shows them apart)."""
    if not (user.is_teacher or user.is_school_admin) or user.school_id is None:
        return MasteryMap.objects.none()
    return MasteryMap.objects.filter(school_id=user.school_id, archived_at__isnull=not archived)


def may_edit_mastery_map(user: User, mastery_map: MasteryMap) -> bool:
    """The rule of get_mastery_map_for_editor, for a page listing maps (no query)."""
    if user.school_id is None or mastery_map.school_id != user.school_id:
        return False
    return user.is_school_admin or (user.is_teacher and mastery_map.created_by_id == user.pk)


def get_mastery_map_for_editor(user: User, map_id: int) -> MasteryMap:
    """A map the user may edit: one they created, or any in their school for an admin.
    Archived maps too (their editor restores them)."""
    if user.school_id is None:
        raise Http404("No such map.")
    qs = MasteryMap.objects.filter(school_id=user.school_id)
    # School admins may edit every map of their school.
    if user.is_school_admin:
        pass
    # Teachers edit the maps they created.
    elif user.is_teacher:
        qs = qs.filter(created_by=user)
    else:
        raise Http404("No such map.")
    try:
        return qs.get(pk=map_id)
    except MasteryMap.DoesNotExist:
        raise Http404("No such map.") from None


def get_standard_for_editor(user: User, standard_id: int) -> Standard:
    """A standard on a map the user may edit, archived or not (its editor restores it, and
    its bank stays readable)."""
    try:
        standard = Standard.all_objects.select_related("unit", "mastery_map").get(pk=standard_id)
    except Standard.DoesNotExist:
        raise Http404("No such standard.") from None
    get_mastery_map_for_editor(user, standard.mastery_map_id)
    return standard


def get_unit_for_editor(user: User, unit_id: int) -> Unit:
    """A unit of a map the user may edit."""
    try:
        unit = Unit.objects.select_related("mastery_map").get(pk=unit_id)
    except Unit.DoesNotExist:
        raise Http404("No such unit.") from None
    get_mastery_map_for_editor(user, unit.mastery_map_id)
    return unit
