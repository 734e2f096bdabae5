"""Pure. One table, written as CSV or XLSX for Excel, Google Sheets and LibreOffice.

Every export is a `Table`: named columns with a kind each, and rows of plain Python values
(str, int, float, date, datetime, bool or None). The writers make the file open cleanly:

- CSV: UTF-8 with a byte order mark (Excel reads UTF-8 only then), CRLF line ends, dates as
  `2026-12-05`, datetimes as `2026-12-05 10:42:07` (no microseconds), numbers with a dot and
  no thousands separator, booleans as TRUE/FALSE, None as an empty cell. A percent is written
  in percentage points (80 for 80 %), as the app shows it.
- XLSX (openpyxl, write-only: rows stream to the file, memory stays flat): a bold header
  frozen in place with an autofilter, real dates, datetimes and numbers with their number
  formats, a percent as a number with a % format (0.8 shown as 80.0 %), column widths from
  the header and the first rows.

Text cells a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return: OWASP's CSV injection advice) get a leading apostrophe in both formats, so a student
named "=HYPERLINK(…)" is shown, never run. Numbers, dates and booleans are never touched.

No Django, no database, no clock.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Kind = Literal["text", "int", "float", "percent", "date", "datetime", "bool"]

# Progress is reported every this many rows.
PROGRESS_EVERY = 500
# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number formats of the XLSX cells, by column kind.
XLSX_FORMATS: dict[str, str] = {
    "int": "0",
    "float": "General",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
}
# Column widths (in characters): the header and first rows decide, within these bounds.
MIN_WIDTH, MAX_WIDTH = 8, 60
SAMPLE_ROWS = 200
KIND_WIDTHS: dict[str, int] = {"date": 12, "datetime": 20, "bool": 8, "percent": 9}

# Characters XML 1.0 cannot hold (openpyxl refuses them): control characters but tab, LF, CR.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters a sheet's name may not have, and its length.
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = "text"
    width: int | None = None  # in characters; None: from the header and the first rows


@dataclass(frozen=True)
class Table:
    """A table to write: `name` names the sheet, `size` is the expected row count (for
    progress; None when unknown)."""

    name: str
    columns: list[Column]
    rows: Iterable[Sequence[object]]
    size: int | None = None


def neutralise(value: str) -> str:
    """The text as a spreadsheet shows it and never runs it: a leading apostrophe on text
    that would start a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _number_text(value: float) -> str:
    """A number as plain text with a dot: 3 → "3", 2.5 → "2.5", no exponent for usual sizes."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def csv_cell(value: object, kind: Kind) -> str:
    """One cell as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number_text(value)
    return neutralise(str(value))


def _rows_with_progress(
    rows: Iterable[Sequence[object]], progress: Callable[[int], None] | None
) -> Iterator[Sequence[object]]:
    for count, row in enumerate(rows, start=1):
        yield row
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)


def write_csv(table: Table, out: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """Write `table` as CSV to `out`; returns the number of rows written (header apart)."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        text.write(BOM)
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([neutralise(c.title) for c in table.columns])
        kinds = [c.kind for c in table.columns]
        count = 0
        for row in _rows_with_progress(table.rows, progress):
            writer.writerow([csv_cell(v, k) for v, k in zip(row, kinds, strict=True)])
            count += 1
        if progress is not None:
            progress(count)
        text.flush()
    finally:
        # Leave `out` open for the caller: the wrapper would close it.
        text.detach()
    return count


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    cleaned = " ".join(_ILLEGAL_XML.sub("", _SHEET_NAME_BAD.sub(" ", name)).split())
    return cleaned.strip("'")[:SHEET_NAME_MAX].strip() or "Sheet1"


XlsxValue = str | int | float | bool | date | datetime | None


def _xlsx_value(value: object, kind: Kind) -> XlsxValue:
    """A cell's value as openpyxl writes it: text neutralised and cleaned of characters XML
    refuses, a percent as a fraction, datetimes without a time zone (Excel has none)."""
    if value is None:
        return None
    if isinstance(value, str):
        return neutralise(_ILLEGAL_XML.sub("", value))
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return value / 100 if kind == "percent" else value
    return neutralise(_ILLEGAL_XML.sub("", str(value)))


def _shown_length(value: object, kind: Kind) -> int:
    if value is None:
        return 0
    if kind in KIND_WIDTHS:
        return KIND_WIDTHS[kind]
    text = csv_cell(value, kind)
    # The longest line of a cell with line breaks.
    return max((len(line) for line in text.splitlines()), default=0)


def _widths(columns: list[Column], sample: list[Sequence[object]]) -> list[int]:
    widths = []
    for index, column in enumerate(columns):
        if column.width is not None:
            widths.append(column.width)
            continue
        longest = max(
            [len(column.title) + 2, KIND_WIDTHS.get(column.kind, 0)]
            + [_shown_length(row[index], column.kind) + 1 for row in sample]
        )
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest)))
    return widths


def write_xlsx(table: Table, out: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """Write `table` as an XLSX workbook of one sheet to `out`; returns the rows written."""
    workbook = Workbook(write_only=True)
    # A WriteOnlyWorksheet: its stubs lack column_dimensions and auto_filter, which it has.
    sheet: Any = workbook.create_sheet(sheet_name(table.name))
    columns = table.columns
    kinds = [c.kind for c in columns]
    rows = iter(table.rows)
    # Widths are set before the first row is written: measure the first rows, then put
    # them back in front of the rest.
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    for index, width in enumerate(_widths(columns, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet)
        cell.value = _xlsx_value(column.title, "text")
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    # Only the columns whose cells need a number format get cell objects (the others are
    # written as plain values, which is faster).
    formats = [XLSX_FORMATS.get(kind) if kind not in ("int", "float") else None for kind in kinds]
    count = 0
    for row in _rows_with_progress(itertools.chain(sample, rows), progress):
        values: list[object] = []
        for value, kind, number_format in zip(row, kinds, formats, strict=True):
            shown = _xlsx_value(value, kind)
            if number_format is not None and shown is not None:
                cell = WriteOnlyCell(sheet)
                cell.value = shown
                cell.number_format = number_format
                values.append(cell)
            else:
                values.append(shown)
        sheet.append(values)
        count += 1
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    workbook.save(out)
    if progress is not None:
        progress(count)
    return count
