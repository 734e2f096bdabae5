"""Reads of maps and standards, shared by the pages of several apps."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from masterymap.accounts.models import Classroom
from masterymap.lib.relations import rows_pointing_at
from masterymap.lib.statements import Compiled
from masterymap.standards.models import MasteryMap, Standard, Unit


def _on_map(mastery_map: int) -> QuerySet[Standard]:
    return Standard.objects.filter(mastery_map_id=mastery_map).select_related("unit")


def _in_unit(mastery_map: int, unit: int) -> QuerySet[Standard]:
    return _on_map(mastery_map).filter(unit_id=unit)


# Compiled once (`lib.statements`): the grid, the maps and the tracker read these.
_ON_MAP = Compiled(_on_map)
_IN_UNIT = Compiled(_in_unit)


def map_standards(classroom: Classroom, unit_id: int | None = None) -> list[Standard]:
    """The standards of a class's map in map order (optionally one unit's). One query."""
    if unit_id is None:
        return _ON_MAP.objects(mastery_map=classroom.mastery_map_id)
    return _IN_UNIT.objects(mastery_map=classroom.mastery_map_id, unit=unit_id)


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
    # Its archived standards: off the map, listed apart with a Restore button.
    archived: list[Standard] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """No standard at all, archived or not: the unit may be deleted (if nothing else,
        such as a goal, names it)."""
        return not self.standards and not self.archived


def map_outline(mastery_map: MasteryMap) -> list[OutlineUnit]:
    """Units with their standards, each with its bank size and count of usable forms, and
    their archived standards. Three queries.

    Counts through the reverse relations the assessments app declares (`items`, `forms`):
    the ORM names them, so this app imports nothing of it.
    """
    units = list(mastery_map.units.all())
    archived: dict[int, list[Standard]] = {u.pk: [] for u in units}
    for a in (
        Standard.all_objects.filter(mastery_map=mastery_map, archived_at__isnull=False)
        .select_related("unit")
        .order_by("code", "id")
    ):
        archived.setdefault(a.unit_id, []).append(a)
    standards = (
        Standard.objects.filter(mastery_map=mastery_map)
        .annotate(
            items_count=Count("items", distinct=True),
            # A form with no items cannot be taken, so it does not count; nor does an
            # archived one, which no student is offered.
            forms_count=Count(
                "forms",
                filter=Q(forms__form_items__isnull=False, forms__archived_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("unit__position", "unit_id", "position", "id")
    )
    by_unit: dict[int, list[OutlineStandard]] = {u.pk: [] for u in units}
    for s in standards:
        by_unit.setdefault(s.unit_id, []).append(
            OutlineStandard(standard=s, items=s.items_count, forms=s.forms_count)
        )
    return [OutlineUnit(unit=u, standards=by_unit[u.pk], archived=archived[u.pk]) for u in units]


def classes_following(mastery_map: MasteryMap) -> list[Classroom]:
    """The classes that follow the map, by name. Once classes can be archived, an archived
    class no longer counts (its history reads the map through its records)."""
    classes = Classroom.objects.filter(mastery_map=mastery_map)
    if any(f.name == "archived_at" for f in Classroom._meta.get_fields()):
        # Spelled as a dict: the field is still to come (type checkers know it not yet).
        classes = classes.filter(**{"archived_at__isnull": True})
    return list(classes.order_by("name", "pk"))


# --- what a deletion would take with it ----------------------------------------------------


def _uses(row: models.Model, skip: set[str]) -> dict[str, int]:
    """How many rows of each other model point at `row` (`lib.relations`)."""
    return rows_pointing_at(row, skip)


def _other_uses(uses: dict[str, int]) -> list[str]:
    """One sentence naming what else uses a row: goals, benchmarks, routes…"""
    if not uses:
        return []
    words = {
        "goals": _("goals"),
        "benchmarks": _("benchmarks"),
        "interventions": _("routes, resources, tutoring or small groups"),
        "mastery": _("mastery policies or reviews"),
    }
    named: list[str] = []
    for label in sorted(uses):
        app = label.split(".")[0]
        word = str(words.get(app, app))
        if word not in named:
            named.append(word)
    return [_("Other records use it: %(what)s.") % {"what": ", ".join(named)}]


def standard_delete_refusals(standard: Standard) -> list[str]:
    """Why the standard cannot be deleted, one sentence per reason (students' work first);
    empty when nothing uses it. About twenty queries, for the delete page only."""
    uses = _uses(standard, skip=set())
    evidence = uses.pop("evidence.evidence", 0)
    records = uses.pop("mastery.masteryrecord", 0)
    items = uses.pop("assessments.item", 0)
    forms = uses.pop("assessments.form", 0)
    attempts = 0
    if forms:
        # Through the reverse names the assessments app declares (forms → attempts).
        attempts = Standard.all_objects.filter(pk=standard.pk).aggregate(
            n=Count("forms__attempts")
        )["n"]
    reasons = []
    if attempts:
        reasons.append(
            ngettext(
                "Students have sat its forms %(count)s time.",
                "Students have sat its forms %(count)s times.",
                attempts,
            )
            % {"count": attempts}
        )
    if evidence:
        reasons.append(
            ngettext(
                "Students have %(count)s piece of evidence on it.",
                "Students have %(count)s pieces of evidence on it.",
                evidence,
            )
            % {"count": evidence}
        )
    if records:
        reasons.append(
            ngettext(
                "%(count)s student has a level on it.",
                "%(count)s students have a level on it.",
                records,
            )
            % {"count": records}
        )
    if items:
        reasons.append(
            ngettext("Its bank has %(count)s question.", "Its bank has %(count)s questions.", items)
            % {"count": items}
        )
    if forms:
        reasons.append(
            ngettext("It has %(count)s form.", "It has %(count)s forms.", forms) % {"count": forms}
        )
    return reasons + _other_uses(uses)


def _standards_sentence(unit_or_map: Unit | MasteryMap) -> list[str]:
    standards = Standard.all_objects.filter(
        **({"unit": unit_or_map} if isinstance(unit_or_map, Unit) else {"mastery_map": unit_or_map})
    )
    on_map = standards.filter(archived_at__isnull=True).count()
    archived = standards.filter(archived_at__isnull=False).count()
    reasons = []
    if on_map:
        reasons.append(
            ngettext("It has %(count)s standard.", "It has %(count)s standards.", on_map)
            % {"count": on_map}
        )
    if archived:
        reasons.append(
            ngettext(
                "It has %(count)s archived standard.",
                "It has %(count)s archived standards.",
                archived,
            )
            % {"count": archived}
        )
    return reasons


def unit_delete_refusals(unit: Unit) -> list[str]:
    """Why the unit cannot be deleted: its standards (archived ones too), or a goal naming
    it; empty when it can be."""
    return _standards_sentence(unit) + _other_uses(_uses(unit, skip={"standards.standard"}))


def map_delete_refusals(mastery_map: MasteryMap) -> list[str]:
    """Why the map cannot be deleted: classes (archived ones too) follow it, it has standards,
    or something names it or one of its units; empty when it can be."""
    reasons = []
    classes = [c.name for c in Classroom.objects.filter(mastery_map=mastery_map).order_by("name")]
    if classes:
        reasons.append(
            ngettext(
                "A class follows it: %(classes)s.",
                "Classes follow it: %(classes)s.",
                len(classes),
            )
            % {"classes": ", ".join(classes)}
        )
    reasons += _standards_sentence(mastery_map)
    skip = {"standards.standard", "standards.unit", "accounts.classroom"}
    uses = _uses(mastery_map, skip=skip)
    for unit in mastery_map.units.all():
        for label, n in _uses(unit, skip={"standards.standard"}).items():
            uses[label] = uses.get(label, 0) + n
    return reasons + _other_uses(uses)
