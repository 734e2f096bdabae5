"""Standards in, from our CSV template and from CASE packages: the preview writes nothing,
applying writes what it listed, the same file twice changes nothing, a changed file
updates, a bad file or a map that is not yours changes nothing."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from masterymap.exchange import registry
from masterymap.exchange.importers import Source
from masterymap.exchange.models import Job
from masterymap.exchange.plan import Plan, Refused
from masterymap.exchange.standards_import import (
    CASE_IMPORTER,
    CSV_IMPORTER,
    CaseOptionsForm,
    StandardsOptionsForm,
    apply_case,
    apply_csv,
    plan_case,
    plan_csv,
)
from masterymap.exchange.tests.fixtures import fixture_path
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.test import SchoolData, build_school

CCSS = ("case", "ccss-math-casenetwork.json")
ACT = ("case", "act-holistic-math-excerpt-opensalt-test.json")


@pytest.fixture
def data(db: Any) -> SchoolData:
    return build_school()


def _bytes(*parts: str) -> bytes:
    return fixture_path(*parts).read_bytes()


def _source(
    user: Any, data: bytes, filename: str = "file", progress: Any = None, **options: Any
) -> Source:
    return Source(
        user=user,
        data=data,
        filename=filename,
        options={"target": "new", **options},
        progress=progress or (lambda done, total: None),
    )


def _apply(apply: Any, source: Source) -> Plan:
    """As the job runner does: one transaction, rolled back when the plan is refused."""
    with transaction.atomic():
        plan: Plan = apply(source)
        if plan.refused(all_or_nothing=bool(source.options.get("all_or_nothing"))):
            raise Refused(plan)
    return plan


def _counts(plan: Plan) -> dict[str, dict[str, int]]:
    return dict(plan.counts())


def _rows_of(mastery_map: MasteryMap) -> list[tuple[str, str, str, str]]:
    return [
        (s.unit.title, s.code, s.statement, s.i_can)
        for s in Standard.objects.filter(mastery_map=mastery_map).select_related("unit")
    ]


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def _map_snapshot() -> tuple[int, int, int]:
    return MasteryMap.objects.count(), Unit.objects.count(), Standard.all_objects.count()


# --- CASE: the Common Core package ---------------------------------------------------------


def test_the_common_core_package_imports_into_a_new_map_in_seconds(data: SchoolData) -> None:
    package = _bytes(*CCSS)
    seen: list[tuple[int, int]] = []
    started = time.perf_counter()
    preview = plan_case(_source(data.ada, package, "ccss.json", progress=lambda *p: seen.append(p)))
    print(f"\nCCSS package (746 items) previewed in {time.perf_counter() - started:.2f} s")
    assert seen[-1] == (393, 393) and len(seen) > 5  # the page's progress bar moves
    assert not preview.problems
    assert _counts(preview)["Standard"]["create"] == 393
    assert MasteryMap.objects.filter(title__startswith="Common Core").count() == 0

    started = time.perf_counter()
    plan = _apply(apply_case, _source(data.ada, package, "ccss.json"))
    elapsed = time.perf_counter() - started
    print(f"\nCCSS package (746 items) applied in {elapsed:.2f} s")
    assert elapsed < 5

    mastery_map = MasteryMap.objects.get(pk=plan.facts["map_id"])
    assert mastery_map.title == "Common Core State Standards for Math"
    assert mastery_map.case_id == "c6496676-d7cb-11e8-824f-0242ac160002"
    assert mastery_map.units.count() == 66
    assert mastery_map.standards.count() == 393
    rp1 = mastery_map.standards.get(code="7.RP.A.1")
    assert rp1.unit.title == "Grade 7: Ratios & Proportional Relationships"
    assert "<em>" not in rp1.statement and "(1/2)/(1/4)" in rp1.statement
    assert rp1.case_id and len(rp1.i_can) <= 300 and rp1.i_can.endswith("…")
    rp2 = mastery_map.standards.get(code="7.RP.A.2")
    assert "\nd. Explain what a point (x, y)" in rp2.statement
    assert not mastery_map.standards.filter(code="7.RP.A.2.a").exists()
    assert _counts(plan)["Part of a standard"]["skip"] == 124
    # Every standard of a unit has its own symbol.
    for unit in mastery_map.units.all():
        symbols = [(s.icon, s.colour) for s in unit.standards.all()]
        assert len(set(symbols)) == len(symbols)
    assert plan.facts["next"][0]["url"] == reverse("standards:map-detail", args=[mastery_map.pk])


def test_the_same_package_again_changes_nothing_and_a_changed_one_updates(
    data: SchoolData, django_assert_max_num_queries: Any
) -> None:
    raw = json.loads(_bytes(*CCSS))
    first = _apply(apply_case, _source(data.ada, json.dumps(raw).encode(), "ccss.json"))
    map_id = str(first.facts["map_id"])
    # The teacher rewrites an “I can…” statement: a re-import keeps it.
    Standard.objects.filter(mastery_map_id=map_id, code="7.RP.A.3").update(
        i_can="I can solve percent problems."
    )

    with django_assert_max_num_queries(8):
        again = plan_case(_source(data.ada, json.dumps(raw).encode(), "ccss.json", target=map_id))
    assert not again.writes and not again.problems
    standards = [c for c in again.changes if c.what == "Standard"]
    assert len(standards) == 393 and {c.detail for c in standards} == {"Unchanged."}
    assert {c.action for c in again.changes} == {"skip"}

    changed = copy.deepcopy(raw)
    items = {i.get("humanCodingScheme"): i for i in changed["CFItems"]}
    items["7.RP.A.1"]["fullStatement"] = "Compute unit rates, <em>including</em> fractions."
    removed = items["7.RP.A.3"]["identifier"]
    changed["CFItems"] = [i for i in changed["CFItems"] if i["identifier"] != removed]
    changed["CFItems"].append(
        {
            "identifier": "0f000000-0000-4000-8000-000000000001",
            "fullStatement": "New one.",
            "humanCodingScheme": "7.RP.A.4",
            "CFItemType": "Standard",
        }
    )
    cluster = items["7.RP.A"]["identifier"]
    changed["CFAssociations"].append(
        {
            "identifier": "0f000000-0000-4000-8000-000000000002",
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": "0f000000-0000-4000-8000-000000000001"},
            "destinationNodeURI": {"identifier": cluster},
            "sequenceNumber": 0,
        }
    )
    plan = _apply(
        apply_case, _source(data.ada, json.dumps(changed).encode(), "ccss.json", target=map_id)
    )
    by_code = {c.label: c for c in plan.changes if c.what == "Standard"}
    assert by_code["7.RP.A.1"].action == "update" and "statement" in by_code["7.RP.A.1"].detail
    assert by_code["7.RP.A.4"].action == "create"
    assert by_code["7.RP.A.3"].action == "skip" and "not in this file" in by_code["7.RP.A.3"].detail
    mine = Standard.objects.filter(mastery_map_id=map_id)
    assert mine.get(code="7.RP.A.1").statement == "Compute unit rates, including fractions."
    assert mine.get(code="7.RP.A.3").i_can == "I can solve percent problems."
    assert mine.get(code="7.RP.A.4").unit == mine.get(code="7.RP.A.1").unit
    # The association of the removed item now points at nothing: reported by identifier.
    assert any(removed in p.message for p in plan.problems)


def test_the_common_core_limited_to_grade_7_into_an_existing_map(data: SchoolData) -> None:
    package = _bytes(*CCSS)
    facts = plan_case(_source(data.tomas, package, "ccss.json")).facts
    grade7 = next(s["id"] for s in facts["subtrees"] if s["label"] == "Grade 7")
    source = _source(data.tomas, package, "ccss.json", target=str(data.grade7.pk), subtree=grade7)
    plan = _apply(apply_case, source)
    # Tomás's own 7.RP.A.1 and 7.RP.A.2 are taken as the package's, and linked to them.
    by_code = {c.label: c for c in plan.changes if c.what == "Standard"}
    assert by_code["7.RP.A.1"].action == "update" and "linked" in by_code["7.RP.A.1"].detail
    s1 = Standard.objects.get(pk=data.s1.pk)
    assert s1.case_id and s1.i_can == "I can find unit rates"  # the teacher's own, kept
    assert data.grade7.standards.count() == 2 + 22
    assert plan_case(source).writes is False


def test_the_options_form_offers_what_the_file_has_after_a_preview(data: SchoolData) -> None:
    facts = plan_case(_source(data.tomas, _bytes(*CCSS), "ccss.json")).facts
    blank = CaseOptionsForm(data.tomas)
    assert [v for v, _ in blank.fields["standards"].choices] == ["auto", "leaves"]
    form = CaseOptionsForm(data.tomas, facts=facts)
    standards = dict(form.fields["standards"].choices)
    assert "type:Standard" in standards and "393" in standards["type:Standard"]
    assert "Standard" in standards["auto"]  # says what automatic means here
    units = dict(form.fields["units"].choices)
    assert "type:Domain" in units and "Domain" in units["auto"]
    subtrees = [label for _, label in form.fields["subtree"].choices]
    assert "— Grade 7" in subtrees
    posted = CaseOptionsForm(
        data.tomas,
        {"target": "new", "standards": "type:Cluster", "units": "type:Grade Level", "subtree": ""},
        facts=facts,
    )
    assert posted.is_valid(), posted.errors
    assert posted.options() == {
        "target": "new",
        "title": "",
        "all_or_nothing": False,
        "subtree": "",
        "standards": "type:Cluster",
        "units": "type:Grade Level",
    }


def test_the_target_is_only_a_map_the_user_may_edit(data: SchoolData) -> None:
    uma_map = MasteryMap.objects.get(title="Grade 8")
    tomas = dict(StandardsOptionsForm(data.tomas).fields["target"].choices)
    assert str(data.grade7.pk) in tomas and str(uma_map.pk) not in tomas
    ada = dict(StandardsOptionsForm(data.ada).fields["target"].choices)
    assert {str(data.grade7.pk), str(uma_map.pk)} <= set(ada)
    assert set(StandardsOptionsForm(data.zed).fields["target"].choices) == {("new", "A new map")}
    # Options posted by hand (or kept from before access changed) are checked again.
    before = _map_snapshot()
    for user, target in [(data.tomas, uma_map.pk), (data.zed, data.grade7.pk), (data.tomas, "x")]:
        source = _source(
            user, _csv("unit,code,statement", "U,Z.1,Zed"), "z.csv", target=str(target)
        )
        plan = plan_csv(source)
        assert plan.fatal and "may not change this map" in plan.problems[0].message
        with pytest.raises(Refused):
            _apply(apply_csv, source)
    student = plan_csv(_source(data.ana, _csv("unit,code,statement", "U,Z.1,Zed"), "z.csv"))
    assert student.fatal and "Only teachers" in student.problems[0].message
    assert _map_snapshot() == before


# --- CASE: the ACT excerpt and broken packages ---------------------------------------------


def test_the_act_excerpt_imports_its_leaves_in_natural_code_order(data: SchoolData) -> None:
    plan = _apply(apply_case, _source(data.tomas, _bytes(*ACT), "act.json"))
    mastery_map = MasteryMap.objects.get(pk=plan.facts["map_id"])
    assert mastery_map.title == "ACT Holistic Framework, Math"
    codes = list(mastery_map.standards.values_list("code", flat=True))
    assert codes == [f"H.A.MATH.GM.PF.2DFP.L1.{n}" for n in range(1, 25)]
    assert [u.title for u in mastery_map.units.all()] == ["H.A.MATH.GM.PF.2DFP.L1 Level 1"]
    assert _counts(plan)["Left out"]["skip"] == 1


def test_the_act_excerpt_keeps_its_mojibake_as_it_is(data: SchoolData) -> None:
    plan = _apply(
        apply_case,
        _source(data.tomas, _bytes(*ACT), "act.json", standards="depth:1", units="one"),
    )
    top = Standard.objects.get(mastery_map_id=plan.facts["map_id"], code="H.A.MATH.GM")
    assert "two?- and three-dimensional" in top.statement
    assert top.i_can == "Geometry and Measurement"  # from its abbreviated statement


def test_a_package_can_be_pasted_on_the_upload_page(
    client: Any, data: SchoolData, monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        registry, "importers", lambda: {"case": CASE_IMPORTER, "standards-csv": CSV_IMPORTER}
    )
    client.force_login(data.tomas)
    page = client.get(reverse("exchange:import-upload", args=["case"])).content.decode()
    assert "What the file must contain" in page and "Or paste its text" in page
    text = _bytes(*ACT).decode()
    response = client.post(
        reverse("exchange:import-upload", args=["case"]),
        {"pasted": text, "target": "new", "standards": "auto", "units": "auto"},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == "ready"
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "H.A.MATH.GM.PF.2DFP.L1.10" in page and "Preview again" in page
    client.post(reverse("exchange:job-apply", args=[job.pk]))
    assert MasteryMap.objects.filter(title="ACT Holistic Framework, Math").exists()
    csv_page = client.get(
        reverse("exchange:import-upload", args=["standards-csv"])
    ).content.decode()
    assert reverse("exchange:standards-csv-template") in csv_page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
        (lambda raw: b"[" + raw + b"]", "not a CASE package"),
        (lambda raw: json.dumps({**json.loads(raw), "CFItems": None}).encode(), "no CFItems"),
        (lambda raw: json.dumps({"CFItems": []}).encode(), "no CFDocument"),
        (lambda raw: raw.decode().encode("utf-16-le"), "not"),
        (lambda raw: b"\xff\xfe\x00garbage", "not"),
    ],
)
def test_a_broken_package_is_refused_and_changes_nothing(
    data: SchoolData, content: Any, message: str
) -> None:
    before = _map_snapshot()
    broken = content(_bytes(*ACT))
    plan = plan_case(_source(data.tomas, broken, "act.json"))
    assert plan.fatal and message in plan.problems[0].message
    assert plan.problems[0].where == "act.json"
    with pytest.raises(Refused):
        _apply(apply_case, _source(data.tomas, broken, "act.json"))
    assert _map_snapshot() == before


def test_an_association_to_a_missing_item_is_a_problem_naming_it(data: SchoolData) -> None:
    raw = json.loads(_bytes(*ACT))
    raw["CFAssociations"].append(
        {
            "identifier": "bad-association",
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": "missing-item-id"},
            "destinationNodeURI": {"identifier": raw["CFDocument"]["identifier"]},
        }
    )
    source = _source(data.tomas, json.dumps(raw).encode(), "act.json")
    plan = plan_case(source)
    (problem,) = plan.problems
    assert problem.where == "CFAssociation bad-association" and "missing-item-id" in problem.message
    assert not problem.fatal
    # All or nothing: refused, nothing written.
    before = _map_snapshot()
    with pytest.raises(Refused):
        _apply(
            apply_case,
            _source(data.tomas, json.dumps(raw).encode(), "act.json", all_or_nothing=True),
        )
    assert _map_snapshot() == before
    # Otherwise the rest imports.
    applied = _apply(apply_case, source)
    assert Standard.objects.filter(mastery_map_id=applied.facts["map_id"]).count() == 24


def test_a_code_too_long_for_a_standard_is_skipped_with_a_problem(data: SchoolData) -> None:
    raw = json.loads(_bytes(*ACT))
    leaf = next(i for i in raw["CFItems"] if i["humanCodingScheme"] == "H.A.MATH.GM.PF.2DFP.L1.5")
    leaf["humanCodingScheme"] = "H.A.MATH.GM.PF.2DFP.L1.5.AND.A.VERY.LONG.TAIL"
    plan = _apply(apply_case, _source(data.tomas, json.dumps(raw).encode(), "act.json"))
    (problem,) = plan.problems
    assert (
        problem.where == f"CFItem {leaf['identifier']}" and "longer than the 40" in problem.message
    )
    assert Standard.objects.filter(mastery_map_id=plan.facts["map_id"]).count() == 23


def test_choices_that_select_no_standard_are_said_plainly(data: SchoolData) -> None:
    plan = plan_case(_source(data.tomas, _bytes(*ACT), "act.json", standards="type:Nothing"))
    assert plan.fatal and "No item of this file is a standard" in plan.problems[0].message


# --- CSV -----------------------------------------------------------------------------------


def test_a_csv_file_imports_into_a_new_map_named_after_it(data: SchoolData) -> None:
    content = _csv(
        "Unit,Code,Statement,I can,Order",
        "Ratios,7.RP.A.2,Proportions,I can spot proportions,2",
        ",7.RP.A.1,Unit rates,,1",
        "Numbers,7.NS.A.1,=SUM(A1:A9),@risky,",
    )
    preview = plan_csv(_source(data.tomas, content, "grade-7.csv"))
    assert _counts(preview) == {
        "Mastery map": {"create": 1, "update": 0, "skip": 0, "delete": 0},
        "Unit": {"create": 2, "update": 0, "skip": 0, "delete": 0},
        "Standard": {"create": 3, "update": 0, "skip": 0, "delete": 0},
    }
    plan = _apply(apply_csv, _source(data.tomas, content, "grade-7.csv"))
    mastery_map = MasteryMap.objects.get(pk=plan.facts["map_id"])
    assert mastery_map.title == "grade-7" and mastery_map.created_by == data.tomas
    assert _rows_of(mastery_map) == [
        ("Ratios", "7.RP.A.1", "Unit rates", "Unit rates"),
        ("Ratios", "7.RP.A.2", "Proportions", "I can spot proportions"),
        ("Numbers", "7.NS.A.1", "=SUM(A1:A9)", "@risky"),  # stored as text, never run
    ]
    # The same file again: nothing to do.
    again = plan_csv(_source(data.tomas, content, "grade-7.csv", target=str(mastery_map.pk)))
    assert not again.writes and {c.detail for c in again.changes} == {"Unchanged."}


def test_a_changed_csv_file_updates_statement_i_can_unit_and_order(data: SchoolData) -> None:
    target = str(data.grade7.pk)
    content = _csv(
        "unit,code,statement,i_can,order",
        "Ratios,7.RP.A.2,Proportions,I can spot proportions,1",
        "Ratios,7.RP.A.1,Unit rates (new words),I can find unit rates,2",
        "Percents,7.RP.A.3,Percent problems,,",
    )
    plan = _apply(apply_csv, _source(data.tomas, content, "g7.csv", target=target))
    by_code = {c.label: c for c in plan.changes if c.what == "Standard"}
    assert by_code["7.RP.A.1"].action == "update" and "statement" in by_code["7.RP.A.1"].detail
    assert by_code["7.RP.A.2"].detail == "Changes: order"
    assert by_code["7.RP.A.3"].action == "create"
    assert [s.code for s in Standard.objects.filter(unit=data.unit1)] == ["7.RP.A.2", "7.RP.A.1"]
    assert not plan_csv(_source(data.tomas, content, "g7.csv", target=target)).writes

    moved = _csv(
        "unit,code,statement,i_can",
        "Ratios,7.RP.A.2,Proportions,I can spot proportions",
        "Percents,7.RP.A.1,Unit rates (new words),I can find rates",
    )
    plan = _apply(apply_csv, _source(data.tomas, moved, "g7.csv", target=target))
    s1 = Standard.objects.get(pk=data.s1.pk)
    assert (s1.unit.title, s1.i_can) == ("Percents", "I can find rates")
    by_code = {c.label: c for c in plan.changes if c.what == "Standard"}
    assert by_code["7.RP.A.3"].action == "skip" and "not in this file" in by_code["7.RP.A.3"].detail
    assert Standard.objects.filter(code="7.RP.A.3").exists()  # never deleted


def test_bad_csv_rows_are_skipped_with_their_line_and_the_rest_applies(data: SchoolData) -> None:
    content = _csv(
        "unit,code,statement,colour",
        "U,A.1,Fine",
        "U,,No code",
        f"U,{'X' * 41},Long code",
        "U,A.1,Same code again",
        "U,B.1,",
    )
    source = _source(data.tomas, content, "bad.csv")
    plan = plan_csv(source)
    assert [(p.where, p.message) for p in plan.problems] == [
        (
            "bad.csv",
            "The column “colour” is not one of the template's (unit, code, statement, "
            "i_can, order): it is ignored.",
        ),
        ("bad.csv, line 3", "No code: every standard needs one, such as 7.RP.A.1."),
        (
            "bad.csv, line 4",
            f"The code {'X' * 41} is longer than the 40 characters a code may have.",
        ),
        ("bad.csv, line 5", "The code A.1 is also on line 2: each code may appear once."),
        ("bad.csv, line 6", "No statement for B.1."),
    ]
    before = _map_snapshot()
    with pytest.raises(Refused):
        _apply(apply_csv, _source(data.tomas, content, "bad.csv", all_or_nothing=True))
    assert _map_snapshot() == before
    applied = _apply(apply_csv, source)
    assert _rows_of(MasteryMap.objects.get(pk=applied.facts["map_id"])) == [
        ("U", "A.1", "Fine", "Fine")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("unit,code,statement\nAño,A.1,Fracción\n".encode("latin-1"), "not UTF-8 text"),
        (b"unit,code\nU,A.1\n", "must name the columns statement"),
        (b"unit,code,statement\n", "no standards under it"),
        (b"", "empty"),
        (b"unit,code,statement\nU,A.1,One,extra,cells\n", "cells but the header names 3"),
        (b"PK\x03\x04binary\x00data", "binary"),
    ],
)
def test_a_csv_file_that_cannot_be_read_changes_nothing(
    data: SchoolData, content: bytes, message: str
) -> None:
    before = _map_snapshot()
    plan = plan_csv(_source(data.tomas, content, "s.csv"))
    assert plan.fatal and any(message in p.message for p in plan.problems), plan.problems
    with pytest.raises(Refused):
        _apply(apply_csv, _source(data.tomas, content, "s.csv"))
    assert _map_snapshot() == before


def test_an_archived_standard_is_not_touched_by_an_import(data: SchoolData) -> None:
    Standard.objects.filter(pk=data.s2.pk).update(archived_at="2025-01-01T00:00:00Z")
    content = _csv("unit,code,statement", "Ratios,7.RP.A.2,New words")
    plan = _apply(apply_csv, _source(data.tomas, content, "g7.csv", target=str(data.grade7.pk)))
    (change,) = [c for c in plan.changes if c.label == "7.RP.A.2"]
    assert change.action == "skip" and "Archived" in change.detail
    assert Standard.all_objects.get(pk=data.s2.pk).statement == "Proportions"
