"""A mastery map going out: as a CASE 1.1 package, as a Canvas outcomes CSV, and as our own
CSV template.

Identifiers. A unit or standard that came from a CASE package keeps its CASE identifier;
one made here gets a stable UUID (version 5) from the map's id and creation time and the
row's id, so exporting twice gives the same identifiers and a re-import of the package
finds the same rows (standards_import.py matches these too). The map's own identifier is
made the same way unless it came from a package.

Archived standards are left out of every export: they are off the map.
"""

from __future__ import annotations

import html
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom
from masterymap.exchange import case, standards_csv
from masterymap.mastery.engine import (
    DEFAULT_POLICY,
    class_scales,
    policies_for_classroom,
    scale_from_row,
)
from masterymap.mastery.models import ProficiencyScale
from masterymap.mastery.policy import Policy
from masterymap.mastery.scale import DEFAULT_SCALE, INTERFACE_LABELS, Scale
from masterymap.standards.models import MasteryMap, Standard, Unit

# The namespace of the identifiers made here (a fixed, random UUID: never change it, or
# every exported identifier changes with it).
NAMESPACE = uuid.UUID("5b0f8a52-7c1e-4e0a-9a51-3d2f6c3b9e47")
CASE_ITEM_TYPES = {"Unit": "unit", "Standard": "standard"}


def _seed(mastery_map: MasteryMap) -> str:
    created = mastery_map.created_at.isoformat() if mastery_map.created_at else ""
    return f"masterymap:{mastery_map.pk}:{created}"


def made_identifier(mastery_map: MasteryMap, kind: str, pk: int | str) -> str:
    """A stable UUID for a row of this map that has no CASE identifier of its own."""
    return str(uuid.uuid5(NAMESPACE, f"{_seed(mastery_map)}:{kind}:{pk}"))


def document_identifier(mastery_map: MasteryMap) -> str:
    return mastery_map.case_id or made_identifier(mastery_map, "map", mastery_map.pk)


def unit_identifier(mastery_map: MasteryMap, unit: Unit) -> str:
    return unit.case_id or made_identifier(mastery_map, "unit", unit.pk)


def standard_identifier(mastery_map: MasteryMap, standard: Standard) -> str:
    return standard.case_id or made_identifier(mastery_map, "standard", standard.pk)


@dataclass(frozen=True)
class MapRows:
    """A map's units in order, each with its standards on the map (not archived) in order."""

    mastery_map: MasteryMap
    units: list[tuple[Unit, list[Standard]]]


def map_rows(mastery_map: MasteryMap) -> MapRows:
    """In two queries."""
    units = list(Unit.objects.filter(mastery_map=mastery_map).order_by("position", "id"))
    by_unit: dict[int, list[Standard]] = {u.pk: [] for u in units}
    for standard in Standard.objects.filter(mastery_map=mastery_map).order_by("position", "id"):
        by_unit.setdefault(standard.unit_id, []).append(standard)
    return MapRows(mastery_map, [(u, by_unit[u.pk]) for u in units])


# --- CASE 1.1 ------------------------------------------------------------------------------


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def case_text(text: str) -> str:
    """A statement as CASE text. Importers read fullStatement as inline HTML: a statement
    that would read differently that way ("x <em>y</em>" typed as such) is escaped."""
    escaped = html.escape(text, quote=False)
    return escaped if case.plain_text(text) != case.plain_text(escaped) else text


def case_package(rows: MapRows, *, package_uri: str, now: datetime) -> dict[str, Any]:
    """The map as a CASE 1.1 CFPackage: the CFDocument, one CFItem per unit (type "Unit")
    and per standard (type "Standard", code in humanCodingScheme, the “I can…” statement in
    `extensions.iCan`), and the isChildOf associations in order. `package_uri` is where the
    package is downloaded; each object's uri is it plus "#" and the identifier."""
    mastery_map = rows.mastery_map
    changed = _timestamp(now)
    doc_id = document_identifier(mastery_map)

    def uri(identifier: str) -> str:
        return f"{package_uri}#{identifier}"

    def link(title: str, identifier: str) -> dict[str, str]:
        return {"title": title, "identifier": identifier, "uri": uri(identifier)}

    types = {
        name: {
            "identifier": str(uuid.uuid5(NAMESPACE, f"masterymap:item-type:{key}")),
            "title": name,
        }
        for name, key in CASE_ITEM_TYPES.items()
    }
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": package_uri,
        "creator": mastery_map.school.name,
        "title": mastery_map.title,
        "lastChangeDateTime": changed,
        "caseVersion": "1.1",
    }
    if mastery_map.description:
        document["description"] = mastery_map.description
    document_link = link(mastery_map.title, doc_id)
    document_link["uri"] = package_uri
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def child_of(child: dict[str, str], parent: dict[str, str], sequence: int) -> None:
        identifier = str(
            uuid.uuid5(NAMESPACE, f"isChildOf:{child['identifier']}:{parent['identifier']}")
        )
        associations.append(
            {
                "identifier": identifier,
                "uri": uri(identifier),
                "associationType": "isChildOf",
                "sequenceNumber": sequence,
                "originNodeURI": child,
                "destinationNodeURI": parent,
                "lastChangeDateTime": changed,
            }
        )

    def item_type(name: str) -> dict[str, str]:
        return link(name, types[name]["identifier"])

    for n, (unit, standards) in enumerate(rows.units, start=1):
        unit_id = unit_identifier(mastery_map, unit)
        items.append(
            {
                "identifier": unit_id,
                "uri": uri(unit_id),
                "fullStatement": unit.title,
                "CFItemType": "Unit",
                "CFItemTypeURI": item_type("Unit"),
                "lastChangeDateTime": changed,
            }
        )
        unit_link = link(unit.title, unit_id)
        child_of(unit_link, document_link, n)
        for m, standard in enumerate(standards, start=1):
            standard_id = standard_identifier(mastery_map, standard)
            item: dict[str, Any] = {
                "identifier": standard_id,
                "uri": uri(standard_id),
                "fullStatement": case_text(standard.statement),
                "humanCodingScheme": standard.code,
                "CFItemType": "Standard",
                "CFItemTypeURI": item_type("Standard"),
                "lastChangeDateTime": changed,
            }
            if standard.i_can:
                item["extensions"] = {"iCan": standard.i_can}
            items.append(item)
            child_of(link(standard.code, standard_id), unit_link, m)
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": [
                {
                    "identifier": t["identifier"],
                    "uri": uri(t["identifier"]),
                    "title": name,
                    "description": name,
                    "hierarchyCode": str(n),
                    "typeCode": name,
                    "lastChangeDateTime": changed,
                }
                for n, (name, t) in enumerate(types.items(), start=1)
            ]
        },
    }


def case_json(rows: MapRows, *, package_uri: str, now: datetime) -> bytes:
    package = case_package(rows, package_uri=package_uri, now=now)
    return json.dumps(package, ensure_ascii=False, indent=2).encode()


# --- our CSV template ----------------------------------------------------------------------


def template_csv(rows: MapRows) -> bytes:
    """The map in our CSV template (UTF-8 with the mark Excel looks for): re-imported into
    the same map, it changes nothing."""
    table: list[list[str]] = [list(standards_csv.COLUMNS)]
    for unit, standards in rows.units:
        for n, standard in enumerate(standards, start=1):
            table.append([unit.title, standard.code, standard.statement, standard.i_can, str(n)])
    return ("\ufeff" + standards_csv.write_table(table)).encode()


# --- Canvas outcomes -----------------------------------------------------------------------

CANVAS_COLUMNS = (
    "vendor_guid",
    "object_type",
    "title",
    "description",
    "display_name",
    "calculation_method",
    "calculation_int",
    "workflow_state",
    "parent_guids",
    "ratings",
)


def canvas_calculation(policy: Policy) -> tuple[str, str]:
    """Canvas's nearest calculation method for a policy, or blanks (Canvas's default)."""
    params = policy.params
    if policy.method == "most_recent":
        return "latest", ""
    if policy.method == "highest":
        return "highest", ""
    if policy.method == "weighted_average":
        # Canvas's "decaying average" is this one: the latest score weighs r, the rest 1 − r.
        rate = params.get("rate", 0.65)
        if isinstance(rate, int | float):
            return "decaying_average", str(min(99, max(1, round(rate * 100))))
    if policy.method == "n_times":
        needed = params.get("n", 3)
        if isinstance(needed, int) and 1 <= needed <= 5:
            return "n_mastery", str(needed)
    return "", ""


def school_scale(mastery_map: MasteryMap) -> Scale:
    row = (
        ProficiencyScale.objects.filter(school_id=mastery_map.school_id, classroom__isnull=True)
        .prefetch_related("levels")
        .first()
    )
    return scale_from_row(row) if row is not None else DEFAULT_SCALE


def canvas_csv(rows: MapRows, *, classroom: Classroom | None = None) -> bytes:
    """The map as a Canvas outcomes import (instructure_csv): a group for the map, a group
    per unit, an outcome per standard (title: its code; description: its statement;
    friendly name: its “I can…” statement), rated on the class's scale (else the school's)
    with its calculation method where Canvas has the same one. Formula-like cells are
    neutralised."""
    mastery_map = rows.mastery_map
    if classroom is not None:
        scale = class_scales(classroom).in_force
        policy = policies_for_classroom(classroom).default
    else:
        scale = school_scale(mastery_map)
        policy = DEFAULT_POLICY
    method, method_int = canvas_calculation(policy)
    ratings: list[str] = []
    for level in sorted(scale.levels, key=lambda lv: lv.value, reverse=True):
        label = _(level.label) if level.label in INTERFACE_LABELS else level.label
        ratings += [str(level.value), label]
    blank_ratings = [""] * len(ratings)
    map_guid = document_identifier(mastery_map)
    table: list[list[str]] = [
        [*CANVAS_COLUMNS, *[""] * (len(ratings) - 1)],
        [map_guid, "group", mastery_map.title, html.escape(mastery_map.description), "", "", ""]
        + ["active", "", *blank_ratings],
    ]
    for unit, standards in rows.units:
        unit_guid = unit_identifier(mastery_map, unit)
        table.append(
            [unit_guid, "group", unit.title, "", "", "", "", "active", map_guid, *blank_ratings]
        )
        for standard in standards:
            description = html.escape(standard.statement).replace("\n", "<br>")
            table.append(
                [
                    standard_identifier(mastery_map, standard),
                    "outcome",
                    standard.code,
                    description,
                    standard.i_can,
                    method,
                    method_int,
                    "active",
                    unit_guid,
                    *ratings,
                ]
            )
    return standards_csv.write_table(table).encode()
