"""The shared writer (pure, no database): a formula never runs, text keeps its accents and
emoji, dates and numbers stay real in both formats, an empty value is an empty cell, and an
XLSX opens with its header frozen and filtered."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pytest

from masterymap.exchange.tabular import (
    PROGRESS_EVERY,
    Column,
    Kind,
    Table,
    csv_cell,
    neutralise,
    sheet_name,
    write_csv,
    write_xlsx,
)


def _csv_rows(table: Table) -> tuple[bytes, list[list[str]]]:
    out = io.BytesIO()
    write_csv(table, out)
    data = out.getvalue()
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx(table: Table) -> openpyxl.worksheet.worksheet.Worksheet:
    out = io.BytesIO()
    write_xlsx(table, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue())).active


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ana", "Ana"),
        ("a=b", "a=b"),
        ("", ""),
        ("'quoted", "'quoted"),
    ],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str, shown: str) -> None:
    assert neutralise(text) == shown
    assert csv_cell(text, "text") == shown


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (None, "text", ""),
        (None, "int", ""),
        (None, "date", ""),
        (3, "int", "3"),
        (-3, "int", "-3"),  # a number is never neutralised
        (2.5, "float", "2.5"),
        (3.0, "float", "3"),
        (66.7, "percent", "66.7"),
        (1234567, "int", "1234567"),  # no thousands separator
        (True, "bool", "TRUE"),
        (False, "bool", "FALSE"),
        (date(2026, 12, 5), "date", "2026-12-05"),
        (datetime(2026, 12, 5, 10, 42, 7, 123456), "datetime", "2026-12-05 10:42:07"),
        ("ñ × 😀", "text", "ñ × 😀"),
        (float("nan"), "float", ""),
    ],
)
def test_each_kind_of_value_is_written_as_a_spreadsheet_reads_it(
    value: object, kind: Kind, text: str
) -> None:
    assert csv_cell(value, kind) == text


def test_csv_is_utf8_with_a_bom_and_crlf_lines_and_one_row_per_row() -> None:
    table = Table(
        "t",
        [Column("Name"), Column("When", "date"), Column("Score", "percent")],
        [["Año ñandú × 😀", date(2026, 12, 5), 80], ["=1+1", None, None]],
    )
    data, rows = _csv_rows(table)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    assert rows == [
        ["Name", "When", "Score"],
        ["Año ñandú × 😀", "2026-12-05", "80"],
        ["'=1+1", "", ""],
    ]


def test_a_line_break_inside_a_cell_stays_in_its_cell() -> None:
    _data, rows = _csv_rows(Table("t", [Column("Note")], [["line one\nline two, with a comma"]]))
    assert rows == [["Note"], ["line one\nline two, with a comma"]]


def test_writing_returns_the_rows_written_and_reports_progress() -> None:
    seen: list[int] = []
    count = PROGRESS_EVERY * 2 + 7
    rows = ([i] for i in range(count))  # a generator: written as it comes
    out = io.BytesIO()
    assert write_csv(Table("t", [Column("n", "int")], rows, size=count), out, seen.append) == count
    assert seen == [PROGRESS_EVERY, PROGRESS_EVERY * 2, count]
    seen.clear()
    rows = ([i] for i in range(count))
    assert write_xlsx(Table("t", [Column("n", "int")], rows), io.BytesIO(), seen.append) == count
    assert seen == [PROGRESS_EVERY, PROGRESS_EVERY * 2, count]


def test_the_csv_writer_leaves_the_output_open() -> None:
    out = io.BytesIO()
    write_csv(Table("t", [Column("a")], [["x"]]), out)
    assert not out.closed
    out.write(b"more")


def test_xlsx_keeps_types_freezes_and_filters_the_bold_header() -> None:
    table = Table(
        "7A grid",
        [
            Column("Student"),
            Column("Level", "float"),
            Column("Evidence", "int"),
            Column("Score", "percent"),
            Column("Last evidence", "date"),
            Column("Handed in", "datetime"),
            Column("Mastered", "bool"),
        ],
        [
            [
                "Ana ñ × 😀",
                3.48,
                2,
                80,
                date(2026, 12, 5),
                datetime(2026, 12, 5, 10, 42, 7, 9),
                True,
            ],
            ["=cmd|' /C calc'!A0", None, None, None, None, None, False],
        ],
    )
    sheet = _xlsx(table)
    assert sheet.title == "7A grid"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G3"
    header = [c.value for c in sheet[1]]
    assert header == [c.title for c in table.columns]
    assert all(c.font.b for c in sheet[1])
    name, level, evidence, score, last, handed_in, mastered = sheet[2]
    assert name.value == "Ana ñ × 😀" and name.data_type == "s"
    assert (level.value, evidence.value) == (3.48, 2)
    assert score.value == pytest.approx(0.8) and "%" in score.number_format
    assert last.is_date and last.value.date() == date(2026, 12, 5)
    assert last.number_format == "yyyy-mm-dd"
    assert handed_in.is_date and handed_in.value == datetime(2026, 12, 5, 10, 42, 7)
    assert mastered.value is True
    # A formula is text, and an empty value an empty cell.
    row = sheet[3]
    assert row[0].value == "'=cmd|' /C calc'!A0" and row[0].data_type == "s"
    assert [c.value for c in row[1:6]] == [None] * 5 and row[6].value is False


def test_xlsx_columns_are_wide_enough_for_their_header_and_first_rows() -> None:
    sheet = _xlsx(
        Table(
            "t",
            [Column("A"), Column("A rather long header title"), Column("Set", width=33)],
            [["x" * 30, "y", "z"], ["x" * 500, "", ""]],
        )
    )
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["A"] == 60  # capped
    assert widths["B"] >= len("A rather long header title")
    assert widths["C"] == 33


def test_xlsx_drops_characters_xml_cannot_hold_and_aware_times_lose_their_zone() -> None:
    moment = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    sheet = _xlsx(Table("t", [Column("a"), Column("b", "datetime")], [["bell\x07 here", moment]]))
    assert sheet["A2"].value == "bell here"
    assert sheet["B2"].value == datetime(2026, 12, 5, 10, 0)


def test_an_empty_table_still_has_its_header() -> None:
    sheet = _xlsx(Table("t", [Column("a"), Column("b")], []))
    assert [c.value for c in sheet[1]] == ["a", "b"] and sheet.max_row == 1
    _data, rows = _csv_rows(Table("t", [Column("a")], []))
    assert rows == [["a"]]


@pytest.mark.parametrize(
    ("name", "sheet"),
    [
        ("7A grid", "7A grid"),
        ("Unit 1: ratios [draft]?", "Unit 1 ratios draft"),
        ("", "Sheet1"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
    ],
)
def test_a_sheet_gets_a_name_excel_accepts(name: str, sheet: str) -> None:
    assert sheet_name(name) == sheet
