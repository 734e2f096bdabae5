"""Pure. Our CSV template for standards: its columns, the template file, the parser of a
filled-in copy, and the writer that puts a map back into the same shape.

The columns (the header names stay in English whatever the interface language; any case):

- `unit`: the unit's title. An empty cell continues the unit of the row above.
- `code`: the standard's code, such as 7.RP.A.1: at most 40 characters, once per file.
- `statement`: the standard's statement.
- `i_can`: the student-friendly “I can…” statement, at most 300 characters (also read from a
  header "I can" or "I can…"). Empty: made from the statement, for a new standard; kept as
  it is, for one already on the map.
- `order`: optional; a whole number giving the standard's place in its unit. Rows without
  one keep the order of the file, after the numbered ones.

A cell that a spreadsheet would run as a formula is only ever stored as text. Our exports
put an apostrophe before such cells ('=…), as spreadsheets do to mark text; reading
removes that one apostrophe again, so an exported file re-imports unchanged.

Problems are returned as `Issue`s (a stable code, the line, parameters); the Django side
(standards_import.py) says them in the reader's language.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

COLUMNS = ("unit", "code", "statement", "i_can", "order")
REQUIRED = ("unit", "code", "statement")
ALIASES = {"ican": "i_can", "i_can_statement": "i_can", "i_can_statements": "i_can"}
CODE_MAX = 40
I_CAN_MAX = 300
UNIT_MAX = 200

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXAMPLE_ROWS = (
    (
        "Ratios and proportional relationships",
        "7.RP.A.1",
        "Compute unit rates associated with ratios of fractions.",
        "I can find a unit rate, even with fractions.",
        "1",
    ),
    (
        "",
        "7.RP.A.2",
        "Recognize and represent proportional relationships between quantities.",
        "I can tell whether two quantities are proportional.",
        "2",
    ),
)


@dataclass(frozen=True)
class Issue:
    """A problem in the file: `line` is the file's line (None: the header or the whole
    file)."""

    code: str
    line: int | None = None
    params: dict[str, str | int] = field(default_factory=dict)
    fatal: bool = False


@dataclass(frozen=True)
class Row:
    line: int
    unit: str
    code: str
    statement: str
    i_can: str  # "" when the cell is empty
    order: int | None


@dataclass
class Parsed:
    rows: list[Row]  # the usable rows, in the order they take on the map
    issues: list[Issue]


def column_name(header: str) -> str:
    """A header as one of our column names: "I can…" → "i_can", " Code " → "code"."""
    name = re.sub("[\"'“”‘’…]|\\.\\.\\.", "", header).strip().casefold()
    name = re.sub(r"[\s\-]+", "_", name)
    return ALIASES.get(name, name)


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will show as text: an apostrophe before a formula's first sign."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unsafe_cell(value: str) -> str:
    """The reverse of `safe_cell`: the apostrophe our exports put before =, +, -, @."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def parse_rows(headers: Sequence[str], rows: Iterable[tuple[int, dict[str, str]]]) -> Parsed:
    """The standards in a filled-in template. `headers` are the file's header cells and
    `rows` each data row's line and its cells by header. A row with a problem is left out
    and its problem listed; a missing column stops the file."""
    issues: list[Issue] = []
    columns: dict[str, str] = {}
    for header in headers:
        if not header.strip():
            continue
        name = column_name(header)
        if name not in COLUMNS:
            issues.append(Issue("unknown_column", None, {"column": header}))
        elif name in columns:
            issues.append(Issue("duplicate_column", None, {"column": header}, fatal=True))
        else:
            columns[name] = header
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        issues.append(Issue("missing_columns", None, {"columns": ", ".join(missing)}, fatal=True))
    if any(i.fatal for i in issues):
        return Parsed([], issues)

    def cell(cells: dict[str, str], name: str) -> str:
        header = columns.get(name)
        return unsafe_cell((cells.get(header) or "").strip()) if header else ""

    found: list[Row] = []
    first_line: dict[str, int] = {}
    unit = ""
    seen_any = False
    for line, cells in rows:
        seen_any = True
        row_issues: list[Issue] = []
        unit = " ".join(cell(cells, "unit").split()) or unit
        code = cell(cells, "code")
        statement = cell(cells, "statement")
        i_can = " ".join(cell(cells, "i_can").split())
        order_text = cell(cells, "order")
        if not unit:
            row_issues.append(Issue("missing_unit", line))
        elif len(unit) > UNIT_MAX:
            row_issues.append(Issue("unit_too_long", line, {"max": UNIT_MAX}))
        if not code:
            row_issues.append(Issue("missing_code", line))
        elif len(code) > CODE_MAX:
            row_issues.append(Issue("code_too_long", line, {"code": code, "max": CODE_MAX}))
        elif code in first_line:
            row_issues.append(
                Issue("duplicate_code", line, {"code": code, "other": first_line[code]})
            )
        else:
            first_line[code] = line
        if not statement:
            row_issues.append(Issue("missing_statement", line, {"code": code}))
        if len(i_can) > I_CAN_MAX:
            row_issues.append(Issue("i_can_too_long", line, {"max": I_CAN_MAX}))
        order: int | None = None
        if order_text:
            if re.fullmatch(r"\d{1,6}", order_text):
                order = int(order_text)
            else:
                row_issues.append(Issue("bad_order", line, {"value": order_text}))
        if row_issues:
            issues.extend(row_issues)
            continue
        found.append(Row(line, unit, code, statement, i_can, order))
    if not seen_any:
        issues.append(Issue("no_rows", None, fatal=True))
    return Parsed(in_map_order(found), issues)


def in_map_order(rows: list[Row]) -> list[Row]:
    """Units in the order they first appear; within a unit, numbered rows by their order,
    then the rest in file order."""
    first: dict[str, int] = {}
    for n, row in enumerate(rows):
        first.setdefault(row.unit.casefold(), n)
    return sorted(
        rows,
        key=lambda r: (
            first[r.unit.casefold()],
            (0, r.order) if r.order is not None else (1, 0),
            r.line,
        ),
    )


def write_table(rows: Iterable[Sequence[str]]) -> str:
    """CSV text (RFC 4180, CRLF line ends) with every cell made safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(str(value)) for value in row])
    return buffer.getvalue()


def template_text() -> str:
    """The template to fill in: the header and two example rows."""
    return write_table([COLUMNS, *EXAMPLE_ROWS])
