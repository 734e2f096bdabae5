"""The CASE parser (pure): text cleaning, ordering, malformed packages, and both fixture
packages read into the units and standards a teacher would expect."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from masterymap.exchange import case
from masterymap.exchange.tests.fixtures import fixture_path

DOC = "d0c00000-0000-4000-8000-000000000000"


def _item(ident: str, statement: str = "", **extra: Any) -> dict[str, Any]:
    return {"identifier": ident, "fullStatement": statement or f"Statement {ident}", **extra}


def _child(child: str, parent: str, seq: int | None = None, ident: str = "") -> dict[str, Any]:
    association: dict[str, Any] = {
        "identifier": ident or f"a-{child}",
        "associationType": "isChildOf",
        "originNodeURI": {"identifier": child},
        "destinationNodeURI": {"identifier": parent},
    }
    if seq is not None:
        association["sequenceNumber"] = seq
    return association


def _package(items: list[dict[str, Any]], associations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "CFDocument": {"identifier": DOC, "title": "Test framework"},
        "CFItems": items,
        "CFAssociations": associations,
    }


def _load(name: str) -> Any:
    return json.loads(fixture_path("case", name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ccss() -> case.Package:
    return case.parse_package(_load("ccss-math-casenetwork.json"))


@pytest.fixture(scope="module")
def act() -> case.Package:
    return case.parse_package(_load("act-holistic-math-excerpt-opensalt-test.json"))


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("Interpret 5 × 7. <em>For example, 5 × 7.</em>", "Interpret 5 × 7. For example, 5 × 7."),
        ("the fraction <sup>1/2</sup>/<sub>1/4</sub> miles", "the fraction (1/2)/(1/4) miles"),
        ("x<sup>4</sup> – y<sup>4</sup>", "x⁴ – y⁴"),
        ("3<sup>-5</sup> = 3<sup>-3</sup>", "3⁻⁵ = 3⁻³"),
        ("(5<sup>1/3</sup>)³", "(5^(1/3))³"),
        ("v<sub>x</sub>", "vₓ"),
        ("<script>alert('x')</script>Safe <b onclick='x()'>text</b>", "Safe text"),
        ("Line one<br>line two<p>para</p>", "Line one\nline two\npara"),
        ("x<y and y>z", "x<y and y>z"),
        ("Polynomials & Rational &amp; &lt;tag&gt;", "Polynomials & Rational & <tag>"),
        ("two?- and three-dimensional", "two?- and three-dimensional"),
        ("student’s   work\u00a0here", "student’s work here"),
    ],
)
def test_plain_text_strips_inline_html_and_keeps_the_characters(html: str, text: str) -> None:
    assert case.plain_text(html) == text


@pytest.mark.parametrize(
    ("statement", "abbreviated", "expected"),
    [
        ("Compute unit rates.", "", "Compute unit rates."),
        ("Compute unit rates.", "Unit rates", "Unit rates"),
        ("word " * 100, "", ("word " * 59).strip() + "…"),
        ("Multi\nline", "", "Multi line"),
    ],
)
def test_i_can_is_made_from_the_abbreviated_statement_or_the_statement_cut_at_300(
    statement: str, abbreviated: str, expected: str
) -> None:
    made = case.derive_i_can(statement, abbreviated)
    assert made == expected and len(made) <= 300


@pytest.mark.parametrize(
    ("codes", "ordered"),
    [
        (["L1.10", "L1.2", "L1.1"], ["L1.1", "L1.2", "L1.10"]),
        (["b.", "a.", "c."], ["a.", "b.", "c."]),
        (["12", "1", "13"], ["1", "12", "13"]),
        (["7.RP.A.2.b", "7.RP.A.2.a", "7.RP.A.10"], ["7.RP.A.2.a", "7.RP.A.2.b", "7.RP.A.10"]),
    ],
)
def test_natural_order_reads_numbers_as_numbers(codes: list[str], ordered: list[str]) -> None:
    assert sorted(codes, key=case.natural_key) == ordered


# --- malformed packages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ([{"CFDocument": {}}], "not_object"),
        ("a string", "not_object"),
        ({}, "no_document"),
        ({"CFDocument": "x", "CFItems": []}, "no_document"),
        ({"CFDocument": {"title": "No id"}, "CFItems": [_item("a")]}, "document_no_identifier"),
        ({"CFDocument": {"identifier": DOC}}, "no_items"),
        ({"CFDocument": {"identifier": DOC}, "CFItems": []}, "no_items"),
        ({"CFDocument": {"identifier": DOC}, "CFItems": {"a": 1}}, "no_items"),
        ({"CFDocument": {"identifier": DOC}, "CFItems": [1, "x", {}]}, "no_items"),
    ],
)
def test_a_file_that_is_not_a_usable_package_is_fatal(data: Any, code: str) -> None:
    package = case.parse_package(data)
    assert package.fatal
    assert code in [i.code for i in package.issues if i.fatal]
    assert package.items == {}


def test_an_association_to_a_missing_item_is_reported_by_its_identifier() -> None:
    package = case.parse_package(
        _package(
            [_item("a"), _item("b")],
            [_child("a", DOC), _child("b", "a"), _child("ghost", "a", ident="assoc-ghost")],
        )
    )
    assert not package.fatal
    (issue,) = package.issues
    assert (issue.code, issue.where, issue.params) == (
        "association_missing_item",
        "assoc-ghost",
        {"item": "ghost"},
    )
    assert package.children[DOC] == ["a"] and package.children["a"] == ["b"]


def test_an_item_whose_parent_is_missing_goes_to_the_top_once_reported() -> None:
    package = case.parse_package(
        _package([_item("a"), _item("b")], [_child("a", DOC), _child("b", "nowhere")])
    )
    assert [i.code for i in package.issues] == ["association_missing_parent"]
    assert package.children[DOC] == ["a", "b"]


def test_loops_unplaced_items_and_repeated_identifiers_are_reported_and_skipped() -> None:
    package = case.parse_package(
        _package(
            [_item("a"), _item("x"), _item("y"), _item("floating"), _item("a", "Again")],
            [_child("a", DOC), _child("x", "y"), _child("y", "x")],
        )
    )
    codes = sorted((i.code, i.where) for i in package.issues)
    assert codes == [
        ("cycle", "x"),
        ("cycle", "y"),
        ("duplicate_identifier", "a"),
        ("no_parent", "floating"),
    ]
    assert set(package.items) == {"a", "floating"}
    assert package.items["a"].statement == "Statement a"


def test_a_package_without_associations_is_a_flat_list_without_complaint() -> None:
    package = case.parse_package(_package([_item("b", humanCodingScheme="2")], []))
    assert package.issues == [] and package.children[DOC] == ["b"]


def test_items_with_wrong_types_of_values_do_not_break_the_parser() -> None:
    package = case.parse_package(
        _package(
            [
                {"identifier": "a", "fullStatement": ["not", "text"], "humanCodingScheme": 7},
                {"identifier": 5, "fullStatement": None},
                {"identifier": "x" * 65},
            ],
            [_child("a", DOC, seq="oops")],  # type: ignore[arg-type]
        )
    )
    assert package.items["a"].code == "7" and package.items["a"].statement == ""
    assert {i.code for i in package.issues} == {"identifier_too_long", "no_parent"}
    assert "5" in package.items


@pytest.mark.parametrize(
    ("associations", "items", "order"),
    [
        # sequenceNumber first
        (
            [_child("a", DOC, 2), _child("b", DOC, 1), _child("c", DOC, 3)],
            [_item("a"), _item("b"), _item("c")],
            ["b", "a", "c"],
        ),
        # equal sequence numbers (the Common Core's 0): listEnumeration decides
        (
            [_child("a", DOC, 0), _child("b", DOC, 0), _child("c", DOC, 0)],
            [
                _item("a", listEnumeration="10."),
                _item("b", listEnumeration="2."),
                _item("c", listEnumeration="1."),
            ],
            ["c", "b", "a"],
        ),
        # none of either (the ACT excerpt): the code in natural order
        (
            [_child("a", DOC), _child("b", DOC), _child("c", DOC)],
            [
                _item("a", humanCodingScheme="L1.10"),
                _item("b", humanCodingScheme="L1.9"),
                _item("c", humanCodingScheme="L1.1"),
            ],
            ["c", "b", "a"],
        ),
        # nothing at all: the file's order
        ([_child("b", DOC), _child("a", DOC)], [_item("b"), _item("a")], ["b", "a"]),
    ],
)
def test_siblings_are_ordered_by_sequence_then_enumeration_then_code(
    associations: list[dict[str, Any]], items: list[dict[str, Any]], order: list[str]
) -> None:
    assert case.parse_package(_package(items, associations)).children[DOC] == order


@pytest.mark.parametrize(
    ("wrap", "version"),
    [
        (lambda p: p, "1.0"),
        (lambda p: {"CFPackage": p}, "1.0"),
        (lambda p: {**p, "CFDocument": {**p["CFDocument"], "caseVersion": "1.1"}}, "1.1"),
    ],
)
def test_case_1_0_and_1_1_shapes_are_both_read(wrap: Any, version: str) -> None:
    package = case.parse_package(wrap(_package([_item("a")], [_child("a", DOC)])))
    assert not package.fatal and package.version == version and list(package.items) == ["a"]


# --- choosing units and standards ----------------------------------------------------------


def _tree() -> case.Package:
    """Grade 7 > Ratios (domain) > cluster 7.RP.A > standards 7.RP.A.1, 7.RP.A.2 (with a, b)."""
    items = [
        _item("g7", "Grade 7", CFItemType="Grade Level"),
        _item("rp", "Ratios", CFItemType="Domain"),
        _item("rpa", "Analyze ratios", CFItemType="Cluster", humanCodingScheme="7.RP.A"),
        _item("s1", "Unit rates", CFItemType="Standard", humanCodingScheme="7.RP.A.1"),
        _item("s2", "Proportions", CFItemType="Standard", humanCodingScheme="7.RP.A.2"),
        _item("s2a", "Decide", CFItemType="Component", listEnumeration="a."),
        _item("s2b", "Identify", CFItemType="Component", listEnumeration="b."),
        _item("s3", "No code here", CFItemType="Standard"),
    ]
    associations = [
        _child("g7", DOC),
        _child("rp", "g7"),
        _child("rpa", "rp"),
        _child("s1", "rpa", 1),
        _child("s2", "rpa", 2),
        _child("s2a", "s2", 1),
        _child("s2b", "s2", 2),
        _child("s3", "rpa", 3),
    ]
    return case.parse_package(_package(items, associations))


def test_by_default_standards_are_of_type_standard_and_components_fold_into_them() -> None:
    outline = case.outline(_tree(), case.Selection())
    assert outline.standards_rule == "type:Standard"
    assert [s.code for s in outline.standards] == ["7.RP.A.1", "7.RP.A.2", "7.RP.A.3"]
    s2 = outline.standards[1]
    assert s2.statement == "Proportions\n\na. Decide\nb. Identify"
    assert s2.i_can == "Proportions"
    assert [(f.label, f.into) for f in outline.folded] == [
        ("Decide", "7.RP.A.2"),
        ("Identify", "7.RP.A.2"),
    ]
    # The third had no code: its parent's and its place.
    assert outline.standards[2].code_made
    # Three standards are too few for any level to group four: the nearest, the cluster.
    assert [u.title for u in outline.units] == ["7.RP.A Analyze ratios"]
    assert outline.left_out == {"Grade Level": 1, "Domain": 1}


@pytest.mark.parametrize(
    ("units", "titles"),
    [
        ("type:Domain", ["Ratios"]),
        ("type:Cluster", ["7.RP.A Analyze ratios"]),
        ("parent", ["7.RP.A Analyze ratios"]),
        ("one", ["Test framework"]),
        ("depth:1", ["Grade 7"]),
    ],
)
def test_the_unit_level_can_be_chosen(units: str, titles: list[str]) -> None:
    outline = case.outline(_tree(), case.Selection(units=units))
    assert [u.title for u in outline.units] == titles
    assert len(outline.standards) == 3


def test_standards_can_be_the_leaves_or_a_level_and_the_import_limited_to_a_subtree() -> None:
    leaves = case.outline(_tree(), case.Selection(standards="leaves", units="parent"))
    assert [s.code for s in leaves.standards] == [
        "7.RP.A.1",
        "7.RP.A.3",
        "7.RP.A.2.1",
        "7.RP.A.2.2",
    ]
    only = case.outline(_tree(), case.Selection(subtree="rpa", units="one"))
    assert [u.title for u in only.units] == ["7.RP.A Analyze ratios"]
    missing = case.outline(_tree(), case.Selection(subtree="nope"))
    assert [i.code for i in missing.issues] == ["subtree_missing"] and missing.issues[0].fatal


def test_codes_that_are_too_long_repeat_or_cannot_be_made_are_skipped_with_a_reason() -> None:
    package = case.parse_package(
        _package(
            [
                _item("a", humanCodingScheme="X" * 41),
                _item("b", humanCodingScheme="DUP"),
                _item("c", humanCodingScheme="DUP"),
                _item("d"),
                _item("e", humanCodingScheme="OK", fullStatement=""),
            ],
            [_child(i, DOC, n) for n, i in enumerate("abcde")],
        )
    )
    outline = case.outline(package, case.Selection(standards="leaves"))
    assert [s.code for s in outline.standards] == ["DUP"]
    assert [(i.code, i.where) for i in outline.issues] == [
        ("code_too_long", "a"),
        ("duplicate_code", "c"),
        ("no_code", "d"),
        ("no_statement", "e"),
    ]
    assert outline.issues[1].params == {"code": "DUP", "other": "b"}


# --- the fixture packages ------------------------------------------------------------------


def test_the_common_core_package_is_read_whole(ccss: case.Package) -> None:
    assert (ccss.version, ccss.title) == ("1.0", "Common Core State Standards for Math")
    assert len(ccss.items) == 746 and ccss.issues == []
    facts = case.describe(ccss)
    counts = {t["name"]: t["count"] for t in facts["types"]}
    assert counts == {
        "Standard": 393,
        "Cluster": 147,
        "Component": 124,
        "Domain": 65,
        "Grade Level": 9,
        "Conceptual Category": 5,
    }
    assert max(d["depth"] for d in facts["depths"]) == 6
    assert "Grade 7" in [s["label"] for s in facts["subtrees"]]
    statements = [i.statement for i in ccss.items.values()]
    assert not any("<em>" in s or "<sup>" in s for s in statements)
    assert any("×" in s for s in statements) and any("—" in s for s in statements)


def test_the_common_core_becomes_domains_of_standards_with_components_folded(
    ccss: case.Package,
) -> None:
    outline = case.outline(ccss, case.Selection())
    assert (outline.standards_rule, outline.units_rule) == ("type:Standard", "type:Domain")
    assert len(outline.standards) == 393 and len(outline.folded) == 124
    assert len(outline.units) == 66  # 65 domains and the Standards for Mathematical Practice
    codes = [s.code for s in outline.standards]
    assert {"7.RP.A.1", "7.RP.A.2", "HSA-APR.A.1", "MP1"} <= set(codes)
    rp2 = next(s for s in outline.standards if s.code == "7.RP.A.2")
    assert "\na. Decide whether two quantities" in rp2.statement
    assert "Grade 7: Ratios & Proportional Relationships" in [u.title for u in outline.units]


def test_the_common_core_limited_to_grade_7(ccss: case.Package) -> None:
    grade7 = next(s["id"] for s in case.describe(ccss)["subtrees"] if s["label"] == "Grade 7")
    outline = case.outline(ccss, case.Selection(subtree=grade7))
    assert [u.title for u in outline.units] == [
        "Ratios & Proportional Relationships",
        "The Number System",
        "Expressions & Equations",
        "Geometry",
        "Statistics & Probability",
    ]
    assert [s.code for s in outline.standards[:3]] == ["7.RP.A.1", "7.RP.A.2", "7.RP.A.3"]


def test_the_act_excerpt_falls_back_to_natural_code_order_and_keeps_its_mojibake(
    act: case.Package,
) -> None:
    assert len(act.items) == 28 and act.issues == []
    top = act.items[act.children[act.document_id][0]]
    assert top.code == "H.A.MATH.GM"
    assert "two?- and three-dimensional" in top.statement
    outline = case.outline(act, case.Selection())
    assert (outline.standards_rule, outline.units_rule) == ("leaves", "parent")
    codes = [s.code for s in outline.standards]
    assert codes == [f"H.A.MATH.GM.PF.2DFP.L1.{n}" for n in range(1, 25)]
    assert [u.title for u in outline.units] == ["H.A.MATH.GM.PF.2DFP.L1 Level 1"]
    # Abbreviated statements become the units' titles; leaves have none: i_can = statement.
    assert outline.standards[0].i_can == act.items[outline.standards[0].identifier].statement


def test_the_act_excerpt_by_depth(act: case.Package) -> None:
    outline = case.outline(act, case.Selection(standards="depth:4", units="depth:3"))
    assert [s.code for s in outline.standards] == ["H.A.MATH.GM.PF.2DFP.L1"]
    assert outline.standards[0].statement.count("\n") == 25  # its 24 leaves folded in
    assert outline.units[0].title.startswith("H.A.MATH.GM.PF.2DFP ")


def test_a_very_wide_package_is_read_in_linear_time() -> None:
    """Thousands of items without codes under one coded parent get made codes quickly."""
    n = 5000
    items = [_item("root", "Root", humanCodingScheme="R")] + [_item(f"i{k}") for k in range(n)]
    associations = [_child("root", DOC)] + [_child(f"i{k}", "root", k) for k in range(n)]
    started = time.perf_counter()
    outline = case.outline(case.parse_package(_package(items, associations)), case.Selection())
    assert time.perf_counter() - started < 2
    assert len(outline.standards) == n and outline.standards[-1].code == f"R.{n}"
    assert [u.title for u in outline.units] == ["R Root"]


def test_a_very_deep_package_does_not_overflow_the_stack() -> None:
    depth = 5000
    items = [_item(f"d{k}", humanCodingScheme=f"C{k}") for k in range(depth)]
    associations = [_child("d0", DOC)] + [_child(f"d{k}", f"d{k - 1}") for k in range(1, depth)]
    package = case.parse_package(_package(items, associations))
    assert package.depth[f"d{depth - 1}"] == depth
    outline = case.outline(package, case.Selection())
    assert [s.code for s in outline.standards] == [f"C{depth - 1}"]
    assert len(case.describe(package)["depths"]) == case.CHOICES_MAX  # a form stays usable
