"""Our CSV template (pure): header names, each kind of bad row, the order of rows, and cells
a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from masterymap.exchange import standards_csv
from masterymap.exchange.standards_csv import Issue, Row

HEADERS = ["unit", "code", "statement", "i_can", "order"]


def _rows(*rows: tuple[str, ...], headers: list[str] = HEADERS) -> list[tuple[int, dict[str, str]]]:
    return [(n + 2, dict(zip(headers, row, strict=False))) for n, row in enumerate(rows)]


def _parse(*rows: tuple[str, ...], headers: list[str] = HEADERS) -> standards_csv.Parsed:
    return standards_csv.parse_rows(headers, _rows(*rows, headers=headers))


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("unit", "unit"),
        (" Code ", "code"),
        ("STATEMENT", "statement"),
        ("I can", "i_can"),
        ("I can…", "i_can"),
        ("“I can…” statement", "i_can"),
        ("i-can", "i_can"),
        ("Order", "order"),
        ("grade", "grade"),
    ],
)
def test_header_names_are_read_in_any_case(header: str, name: str) -> None:
    assert standards_csv.column_name(header) == name


def test_a_good_file_gives_its_rows_in_map_order() -> None:
    parsed = _parse(
        ("Ratios", "7.RP.A.2", "Proportions", "I can spot proportions", "2"),
        ("", "7.RP.A.1", "Unit rates", "", "1"),
        ("Numbers", "7.NS.A.1", "Add rationals", "", ""),
        ("Ratios", "7.RP.A.3", "Percent problems", "", ""),
    )
    assert parsed.issues == []
    assert [(r.unit, r.code, r.order) for r in parsed.rows] == [
        ("Ratios", "7.RP.A.1", 1),
        ("Ratios", "7.RP.A.2", 2),
        ("Ratios", "7.RP.A.3", None),
        ("Numbers", "7.NS.A.1", None),
    ]
    assert parsed.rows[1] == Row(
        2, "Ratios", "7.RP.A.2", "Proportions", "I can spot proportions", 2
    )


@pytest.mark.parametrize(
    ("row", "issue"),
    [
        (("", "A.1", "S", "", ""), Issue("missing_unit", 2)),
        (("U" * 201, "A.1", "S", "", ""), Issue("unit_too_long", 2, {"max": 200})),
        (("U", "", "S", "", ""), Issue("missing_code", 2)),
        (("U", "X" * 41, "S", "", ""), Issue("code_too_long", 2, {"code": "X" * 41, "max": 40})),
        (("U", "A.1", "", "", ""), Issue("missing_statement", 2, {"code": "A.1"})),
        (("U", "A.1", "S", "I" * 301, ""), Issue("i_can_too_long", 2, {"max": 300})),
        (("U", "A.1", "S", "", "first"), Issue("bad_order", 2, {"value": "first"})),
        (("U", "A.1", "S", "", "-1"), Issue("bad_order", 2, {"value": "-1"})),
    ],
)
def test_each_bad_row_is_skipped_with_its_line_and_reason(
    row: tuple[str, ...], issue: Issue
) -> None:
    parsed = _parse(row, ("U", "B.1", "Fine", "", ""))
    assert parsed.issues == [issue]
    assert [r.code for r in parsed.rows] == ["B.1"]


def test_a_repeated_code_names_both_lines() -> None:
    parsed = _parse(
        ("U", "A.1", "One", "", ""), ("U", "B.1", "Two", "", ""), ("U", "A.1", "Three", "", "")
    )
    assert parsed.issues == [Issue("duplicate_code", 4, {"code": "A.1", "other": 2})]
    assert [r.statement for r in parsed.rows] == ["One", "Two"]


@pytest.mark.parametrize(
    ("headers", "codes", "fatal"),
    [
        (["unit", "code"], ["missing_columns"], True),
        (["Unit", "Code", "Statement", "Code"], ["duplicate_column"], True),
        (["unit", "code", "statement", "grade"], ["unknown_column"], False),
        (["unit", "code", "statement", ""], [], False),
    ],
)
def test_the_header_must_name_the_columns(
    headers: list[str], codes: list[str], fatal: bool
) -> None:
    parsed = standards_csv.parse_rows(headers, _rows(("U", "A.1", "S", "x"), headers=headers))
    assert [i.code for i in parsed.issues] == codes
    assert any(i.fatal for i in parsed.issues) is fatal


def test_a_header_without_rows_is_refused() -> None:
    parsed = standards_csv.parse_rows(HEADERS, [])
    assert [(i.code, i.fatal) for i in parsed.issues] == [("no_rows", True)]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-3 is less than 2", "'-3 is less than 2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Plain", "Plain"),
        ("'quoted", "'quoted"),
    ],
)
def test_formula_cells_are_neutralised_and_read_back_unchanged(value: str, safe: str) -> None:
    assert standards_csv.safe_cell(value) == safe
    assert standards_csv.unsafe_cell(safe) == value


def test_formula_cells_in_a_file_are_only_text() -> None:
    parsed = _parse(("U", "F.1", "=1+1", "@cmd", ""))
    assert parsed.rows[0].statement == "=1+1" and parsed.rows[0].i_can == "@cmd"


def test_the_template_reads_back_with_no_problem() -> None:
    table = list(csv.reader(io.StringIO(standards_csv.template_text())))
    assert table[0] == list(standards_csv.COLUMNS)
    parsed = standards_csv.parse_rows(
        table[0],
        [(n + 2, dict(zip(table[0], row, strict=True))) for n, row in enumerate(table[1:])],
    )
    assert parsed.issues == []
    assert [r.code for r in parsed.rows] == ["7.RP.A.1", "7.RP.A.2"]
    assert {r.unit for r in parsed.rows} == {"Ratios and proportional relationships"}
