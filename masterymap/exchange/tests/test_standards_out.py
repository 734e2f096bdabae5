"""Standards out: a map as a CASE 1.1 package (which re-imports into a new map with the
same standards, and into the same map as no change), as Canvas outcomes CSV in the format
of Canvas's own sample, and as our CSV template; and who may download them."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from masterymap.accounts.models import Classroom
from masterymap.exchange.importers import Source
from masterymap.exchange.plan import Plan, Refused
from masterymap.exchange.standards_import import apply_case, apply_csv, plan_case, plan_csv
from masterymap.exchange.tests.fixtures import fixture_path
from masterymap.mastery.actions import set_class_scale, set_policy
from masterymap.mastery.scale import Level
from masterymap.standards.models import MasteryMap, Standard
from masterymap.test import SchoolData, build_school

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# CASE 1.1 (getCFPackage response): each object's required and allowed properties.
CASE_11 = {
    "CFDocument": (
        {"identifier", "uri", "creator", "title", "lastChangeDateTime"},
        {
            "identifier", "uri", "frameworkType", "caseVersion", "creator", "title",
            "lastChangeDateTime", "officialSourceURL", "publisher", "description", "subject",
            "subjectURI", "language", "version", "adoptionStatus", "statusStartDate",
            "statusEndDate", "licenseURI", "notes", "extensions",
        },
    ),
    "CFItems": (
        {"identifier", "fullStatement", "uri", "lastChangeDateTime"},
        {
            "identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri",
            "humanCodingScheme", "listEnumeration", "abbreviatedStatement", "conceptKeywords",
            "conceptKeywordsURI", "notes", "subject", "subjectURI", "language",
            "educationLevel", "CFItemTypeURI", "licenseURI", "statusStartDate",
            "statusEndDate", "lastChangeDateTime", "extensions",
        },
    ),
    "CFAssociations": (
        {"identifier", "associationType", "uri", "originNodeURI", "destinationNodeURI",
         "lastChangeDateTime"},
        {
            "identifier", "associationType", "sequenceNumber", "uri", "originNodeURI",
            "destinationNodeURI", "CFAssociationGroupingURI", "lastChangeDateTime", "notes",
            "extensions",
        },
    ),
}  # fmt: skip


@pytest.fixture
def data(db: Any) -> SchoolData:
    return build_school()


def _get(client: Any, user: Any, name: str, *args: Any, query: str = "") -> Any:
    client.force_login(user)
    return client.get(reverse(f"exchange:{name}", args=args) + query)


def _source(user: Any, content: bytes, filename: str, **options: Any) -> Source:
    return Source(user=user, data=content, filename=filename, options={"target": "new", **options})


def _apply(apply: Any, source: Source) -> Plan:
    with transaction.atomic():
        plan: Plan = apply(source)
        if plan.refused(all_or_nothing=False):
            raise Refused(plan)
    return plan


def _outline(mastery_map: MasteryMap) -> list[tuple[str, str, str, str]]:
    return [
        (s.unit.title, s.code, s.statement, s.i_can)
        for s in Standard.objects.filter(mastery_map=mastery_map).select_related("unit")
    ]


# --- CASE ----------------------------------------------------------------------------------


def test_a_map_exports_as_a_case_1_1_package(client: Any, data: SchoolData) -> None:
    response = _get(client, data.tomas, "standards-map-case", data.grade7.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert 'filename="grade-7-case.json"' in response["Content-Disposition"]
    package = json.loads(response.content)
    assert set(package) == {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions"}
    document = package["CFDocument"]
    assert (document["title"], document["creator"], document["caseVersion"]) == (
        "Grade 7",
        "Lakeside",
        "1.1",
    )
    for key, (required, allowed) in CASE_11.items():
        objects = [document] if key == "CFDocument" else package[key]
        for obj in objects:
            assert required <= set(obj) <= allowed, (key, set(obj) - allowed, required - set(obj))
            assert UUID.match(obj["identifier"]), obj["identifier"]
    item_types = package["CFDefinitions"]["CFItemTypes"]
    assert [t["title"] for t in item_types] == ["Unit", "Standard"]
    for item_type in item_types:
        required = {"identifier", "uri", "title", "description", "hierarchyCode"}
        assert required | {"lastChangeDateTime"} <= set(item_type)
        assert set(item_type) <= required | {"lastChangeDateTime", "typeCode", "extensions"}
    items = {i["identifier"]: i for i in package["CFItems"]}
    standards = [i for i in package["CFItems"] if i["CFItemType"] == "Standard"]
    assert [
        (s["humanCodingScheme"], s["fullStatement"], s["extensions"]["iCan"]) for s in standards
    ] == [
        ("7.RP.A.1", "Unit rates", "I can find unit rates"),
        ("7.RP.A.2", "Proportions", "I can spot proportions"),
    ]
    for association in package["CFAssociations"]:
        assert association["associationType"] == "isChildOf"
        assert association["originNodeURI"]["identifier"] in items
        parent = association["destinationNodeURI"]["identifier"]
        assert parent in items or parent == document["identifier"]
    # Exported again: the same identifiers.
    again = json.loads(_get(client, data.tomas, "standards-map-case", data.grade7.pk).content)
    assert [i["identifier"] for i in again["CFItems"]] == list(items)
    assert again["CFDocument"]["identifier"] == document["identifier"]


def test_the_case_export_is_valid_against_the_opensalt_schema_when_jsonschema_is_there(
    client: Any, data: SchoolData
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        fixture_path("case", "schema", "case-v1p0-cfpackage-schema.opensalt.json").read_text()
    )
    package = json.loads(_get(client, data.tomas, "standards-map-case", data.grade7.pk).content)
    jsonschema.validate(package, schema)


def test_a_case_export_reimports_into_a_new_map_and_as_no_change_into_its_own(
    client: Any, data: SchoolData
) -> None:
    Standard.objects.filter(pk=data.s2.pk).update(statement="Proportions: x <em>and</em> y ×2 – ok")
    exported = _get(client, data.tomas, "standards-map-case", data.grade7.pk).content
    plan = _apply(apply_case, _source(data.tomas, exported, "grade-7-case.json"))
    assert not plan.problems
    copy = MasteryMap.objects.get(pk=plan.facts["map_id"])
    assert copy.title == "Grade 7"
    assert _outline(copy) == _outline(data.grade7)

    same = plan_case(_source(data.tomas, exported, "g.json", target=str(data.grade7.pk)))
    assert not same.problems and not same.writes
    assert {c.detail for c in same.changes} == {"Unchanged."}


def test_the_common_core_round_trips_through_our_case_export(client: Any, data: SchoolData) -> None:
    package = fixture_path("case", "ccss-math-casenetwork.json").read_bytes()
    plan = _apply(apply_case, _source(data.ada, package, "ccss.json"))
    map_id = plan.facts["map_id"]
    exported = _get(client, data.ada, "standards-map-case", map_id).content
    payload = json.loads(exported)
    assert payload["CFDocument"]["identifier"] == "c6496676-d7cb-11e8-824f-0242ac160002"
    assert len([i for i in payload["CFItems"] if i["CFItemType"] == "Standard"]) == 393
    # Into its own map: nothing changes, and the original package still changes nothing.
    assert not plan_case(_source(data.ada, exported, "x.json", target=str(map_id))).writes
    assert not plan_case(_source(data.ada, package, "ccss.json", target=str(map_id))).writes
    # Into a new map: the same codes and statements.
    copy = _apply(apply_case, _source(data.ada, exported, "x.json"))
    original = MasteryMap.objects.get(pk=map_id)
    assert _outline(MasteryMap.objects.get(pk=copy.facts["map_id"])) == _outline(original)


# --- Canvas --------------------------------------------------------------------------------


def _canvas(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_map_exports_as_canvas_outcomes_in_canvas_s_own_format(
    client: Any, data: SchoolData
) -> None:
    Standard.objects.filter(pk=data.s2.pk).update(statement='=HYPERLINK("http://x")\nsecond line')
    response = _get(client, data.tomas, "standards-map-canvas", data.grade7.pk)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not response.content.startswith(b"\xef\xbb\xbf")  # Canvas reads the header plainly
    rows = _canvas(response)
    sample = list(
        csv.reader(
            io.StringIO(fixture_path("gradebook", "canvas-outcomes-import-sample.csv").read_text())
        )
    )
    ratings = sample[0].index("ratings")
    assert rows[0][: ratings + 1] == sample[0][: ratings + 1]
    assert all(cell == "" for cell in rows[0][ratings + 1 :])
    assert {len(r) for r in rows} == {len(rows[0])}
    kinds = [(r[1], r[2]) for r in rows[1:]]
    assert kinds == [
        ("group", "Grade 7"),
        ("group", "Ratios"),
        ("outcome", "7.RP.A.1"),
        ("outcome", "7.RP.A.2"),
    ]
    map_group, unit_group, s1, s2 = rows[1:]
    assert unit_group[8] == map_group[0] and s1[8] == unit_group[0] and map_group[8] == ""
    assert all(" " not in r[0] for r in rows[1:])  # vendor_guid has no spaces
    assert s1[3:9] == ["Unit rates", "I can find unit rates", "latest", "", "active", unit_group[0]]
    assert s1[ratings:] == ["4", "Exceeds", "3", "Mastered", "2", "Approaching", "1", "Beginning"]
    assert all(cell == "" for cell in unit_group[ratings:])
    # A formula is written as text, and HTML-escaped for Canvas's HTML description.
    assert s2[3] == "'=HYPERLINK(&quot;http://x&quot;)<br>second line"


def test_the_canvas_export_uses_a_class_s_scale_and_method(client: Any, data: SchoolData) -> None:
    set_class_scale(
        classroom=data.c7a,
        levels=[Level(0, "Not yet", "#c0392b", 0), Level(1, "Got it", "#1e8449", 70)],
        mastery_value=1,
        by=data.tomas,
    )
    set_policy(
        classroom=data.c7a, standard=None, method="weighted_average", params={"rate": 0.6},
        min_evidence=1, kinds=None, weights={}, by=data.tomas,
    )  # fmt: skip
    rows = _canvas(
        _get(
            client,
            data.tomas,
            "standards-map-canvas",
            data.grade7.pk,
            query=f"?class={data.c7a.pk}",
        )
    )
    assert rows[3][5:7] == ["decaying_average", "60"]
    assert rows[3][9:] == ["1", "Got it", "0", "Not yet"]


# --- our CSV -------------------------------------------------------------------------------


def test_a_map_exports_as_our_template_and_reimports_as_no_change(
    client: Any, data: SchoolData
) -> None:
    Standard.objects.filter(pk=data.s2.pk).update(statement='-3 is less than 2, "quoted"\nand more')
    response = _get(client, data.tomas, "standards-map-csv", data.grade7.pk)
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["unit", "code", "statement", "i_can", "order"],
        ["Ratios", "7.RP.A.1", "Unit rates", "I can find unit rates", "1"],
        [
            "Ratios",
            "7.RP.A.2",
            '\'-3 is less than 2, "quoted"\nand more',
            "I can spot proportions",
            "2",
        ],
    ]
    again = plan_csv(_source(data.tomas, response.content, "g.csv", target=str(data.grade7.pk)))
    assert not again.problems and not again.writes
    copy = _apply(apply_csv, _source(data.tomas, response.content, "g.csv"))
    assert _outline(MasteryMap.objects.get(pk=copy.facts["map_id"])) == _outline(data.grade7)


def test_the_template_downloads_for_map_authors_only(client: Any, data: SchoolData) -> None:
    response = _get(client, data.tomas, "standards-csv-template")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("unit,code,statement,i_can,order\r\n")
    assert _get(client, data.ana, "standards-csv-template").status_code == 404


# --- who may download ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["standards-map-case", "standards-map-canvas", "standards-map-csv"]
)
def test_a_map_downloads_for_its_school_s_teachers_only(
    client: Any, data: SchoolData, name: str
) -> None:
    assert _get(client, data.tomas, name, data.grade7.pk).status_code == 200  # its editor
    assert _get(client, data.ada, name, data.grade7.pk).status_code == 200  # the school's admin
    assert _get(client, data.uma, name, data.grade7.pk).status_code == 200  # a teacher there
    assert _get(client, data.zed, name, data.grade7.pk).status_code == 404  # another school
    assert _get(client, data.ana, name, data.grade7.pk).status_code == 404  # a student
    assert _get(client, data.tomas, name, 10**20).status_code == 404
    client.logout()
    response = client.get(reverse(f"exchange:{name}", args=[data.grade7.pk]))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize(
    ("user", "classroom", "status"),
    [
        ("tomas", "c7a", 200),  # his class, on this map
        ("uma", "c7a", 404),  # not her class, not her map
        ("ada", "c8c", 404),  # a class on another map
        ("tomas", "c8c", 404),
        ("tomas", "nope", 404),
    ],
)
def test_the_canvas_export_takes_only_a_class_of_this_map_the_user_may_see(
    client: Any, data: SchoolData, user: str, classroom: str, status: int
) -> None:
    room = getattr(data, classroom, None)
    query = f"?class={room.pk if room else classroom}"
    response = _get(
        client, getattr(data, user), "standards-map-canvas", data.grade7.pk, query=query
    )
    assert response.status_code == status


def test_the_map_editor_offers_the_downloads_and_imports(client: Any, data: SchoolData) -> None:
    client.force_login(data.tomas)
    page = client.get(reverse("standards:map-detail", args=[data.grade7.pk])).content.decode()
    for name in ("standards-map-csv", "standards-map-case", "standards-map-canvas"):
        assert reverse(f"exchange:{name}", args=[data.grade7.pk]) in page
    assert f"?class={data.c7a.pk}" in page
    assert reverse("exchange:import-upload", args=["case"]) in page
    assert reverse("exchange:standards-csv-template") in page


def test_the_map_s_editor_may_use_the_scale_of_a_class_someone_else_teaches(
    client: Any, data: SchoolData
) -> None:
    other = Classroom.objects.create(school=data.school, name="7C", mastery_map=data.grade7)
    other.teachers.add(data.uma)
    query = f"?class={other.pk}"
    assert (
        _get(client, data.tomas, "standards-map-canvas", data.grade7.pk, query=query).status_code
        == 200
    )
    # Uma teaches 7C but may only read the map: her class, so allowed too.
    assert (
        _get(client, data.uma, "standards-map-canvas", data.grade7.pk, query=query).status_code
        == 200
    )
    assert (
        _get(client, data.zed, "standards-map-canvas", data.grade7.pk, query=query).status_code
        == 404
    )
