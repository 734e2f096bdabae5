"""The grid's body rows (each student's name, then a cell per standard: `{% grid_rows_slot %}`,
filled by the view with `fill_grid_rows`) and its counts per status
(`{% grid_footer grid legend %}`).

A 30 × 40 class grid has 1,200 cells and a 600-student grid 24,000; rendering each through
template lookups, `{% url %}` and an include cost ~0.3 ms a cell, and even one
`format_html` a cell (an escape per argument) was three quarters of the big grid's time
(measured with bench/). So the parts that repeat are written and escaped once per render:
a column's code and mark, a row's name and links, and the words of each distinct
(status, level, override) a cell can show, which a grid has few of; the rows are written
here rather than by a template loop, whose per-row lookups and `{% url %}` were a third of
the page. The template keeps the page around them: headings, legend, column heads.

A cell shows the status mark (the standard's symbol once mastered: drawn without its
name, which the cell's label says, and which the column head carries), the level as every page
shows it (`scale.format_level`: 2.95 stays "2.95", so a not-yet cell never reads "3"), and ✎
when a teacher overrode the level ("override out of date" in its label and tooltip once
newer evidence arrived).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from masterymap.lib.urls import around_last_id
from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.grid import STATUS_MARKS, GridRow, MasteryGrid
from masterymap.mastery.sentences import status_label
from masterymap.mastery.status import Status
from masterymap.standards.templatetags.symbols import decorative_symbol_html

register = template.Library()

_OVERRIDE_MARK = '<span class="override-mark">✎</span>'

# (status, level, overridden, out of date): (classes, escaped words, what follows the mark)
_Tail = tuple[str, str, str]


@dataclass
class _Render:
    """What one render of a grid writes once: per column (code, the standard's id, the
    mastered mark) and per kind of cell its words, in the active language."""

    prefix: str
    tracker_url: tuple[str, str]  # a row's tracker link: before and after the student's id
    columns: list[tuple[str, int, str]]
    labels: dict[Status, str]
    level_words: str
    tails: dict[tuple[Status, float | None, bool, bool], _Tail] = field(default_factory=dict)
    # By id of the (shared) Cell: its HTML around its row's link and name, so most cells
    # are one lookup and one join.
    ends: dict[int, tuple[str, list[str]]] = field(default_factory=dict)

    def end(self, column: int, cell: Cell) -> tuple[str, list[str]]:
        """A cell's HTML up to its row's link, and the rest in parts to join with the
        row's name."""
        code, standard_id, symbol = self.columns[column]
        css, words, after = self.tail(cell)
        mark = symbol if cell.status is Status.MASTERED else STATUS_MARKS[cell.status]
        # Only an overridden cell has a tooltip: whether the override is out of date shows
        # nowhere else. The name and code are on screen (sticky row and column heads); a
        # title on every cell was a fifth of the page.
        title = f' title="{_NAME} · {code}: {words}"' if cell.overridden else ""
        html = (
            f'<td><a class="cell {css}" href="{_HREF}{standard_id}/"{title} '
            f'aria-label="{_NAME}, {code}: {words}">{mark}{after}</a></td>'
        )
        start, rest = html.split(_HREF)
        return start, rest.split(_NAME)

    def tail(self, cell: Cell) -> _Tail:
        key = (cell.status, cell.level, cell.overridden, cell.override_stale)
        found = self.tails.get(key)
        if found is None:
            level_text = cell.level_text
            level = " · " + self.level_words % {"level": level_text} if level_text else ""
            words = escape(f"{self.labels[cell.status]}{level}{cell.override_note}")
            after = (f"<span>{escape(level_text)}</span>" if level_text else "") + (
                _OVERRIDE_MARK if cell.overridden else ""
            )
            css = cell.css + (" overridden" if cell.overridden else "")
            found = self.tails[key] = (css, words, after)
        return found


def _render_of(grid: MasteryGrid) -> _Render:
    return _Render(
        prefix=grid.cell_url(0, 0).removesuffix("0/standards/0/"),
        # The tracker's URL reversed once, not once per row.
        tracker_url=around_last_id("workflows:tracker", grid.classroom_id),
        columns=[
            (escape(c.standard.code), c.standard.pk, str(decorative_symbol_html(c.standard)))
            for c in grid.columns
        ],
        labels={status: status_label(status) for status in Status},
        level_words=gettext("level %(level)s"),
    )


# Stand-ins for a row's link and name while a cell's HTML is cut into parts (no code,
# word or URL holds a NUL).
_HREF, _NAME = "\x00href\x00", "\x00name\x00"


def _cells(render: _Render, row: GridRow, name: str) -> str:
    href = f"{render.prefix}{row.student.pk}/standards/"
    ends = render.ends
    out = []
    for i, cell in enumerate(row.cells):
        # The grid shares one Cell among the students whose cells look alike, and each Cell
        # belongs to one column: its identity is the key (the grid outlives the render).
        end = ends.get(id(cell))
        if end is None:
            end = ends[id(cell)] = render.end(i, cell)
        start, parts = end
        out.append(f"{start}{href}{name.join(parts)}")
    return "".join(out)


# Where the rows go in the page: the view fills it (`fill_grid_rows`).
ROWS_SLOT = "<!-- grid rows -->"


@register.simple_tag
def grid_rows_slot() -> SafeString:
    """The place of the body rows, filled by `fill_grid_rows` after the page is rendered.

    A 600-student grid's rows are 7 MB of HTML. Written by the template, they were copied
    at every level around them (each block, partial and the base page joins its parts and
    marks the result safe, a copy each): a third of the page's time."""
    return mark_safe(ROWS_SLOT)


def fill_grid_rows(response: HttpResponse, grid: MasteryGrid) -> HttpResponse:
    """The rendered page with its rows in the slot (a page without one is left as it is)."""
    head, slot, tail = response.content.partition(ROWS_SLOT.encode())
    if slot:
        response.content = b"".join((head, grid_rows_html(grid).encode(), tail))
    return response


def grid_rows_html(grid: MasteryGrid) -> str:
    """Every student's row: the name (a link to their tracker) and mastered count, then
    the cells."""
    render = _render_of(grid)
    before, after = render.tracker_url
    rows = []
    for row in grid.rows:
        name = escape(row.name)
        rows.append(
            f'<tr><th class="student" scope="row"><a href="{before}{row.student.pk}{after}"'
            f' data-content>{name}</a> <span class="muted">'
            f"({row.mastered})</span></th>{_cells(render, row, name)}</tr>"
        )
    return "\n".join(rows)


@register.simple_tag
def grid_column_heads(grid: MasteryGrid) -> SafeString:
    """A head cell per standard: its symbol and code, its "I can" as the title."""
    return mark_safe(
        "\n".join(
            f'<th scope="col" title="{escape(c.standard.i_can)}"><span class="col-head">'
            f"{c.symbol}<span data-content>{escape(c.standard.code)}</span></span></th>"
            for c in grid.columns
        )
    )


@register.simple_tag
def grid_footer(grid: MasteryGrid, legend: list[tuple[str, str, str, str]]) -> SafeString:
    """A row per status (legend order): how many students each standard has in it."""
    by_css = {status.css_class: status for status in Status}
    rows = []
    for css, mark, _label, name in legend:
        status = by_css[css]
        badge_mark = (
            f'<span class="legend-mark" aria-hidden="true">{escape(mark)}</span> ' if mark else ""
        )
        short = css.removeprefix("status-")
        counts = "".join(f'<td class="count-{short}">{c.counts[status]}</td>' for c in grid.columns)
        rows.append(
            f'<tr><th class="student" scope="row"><span class="badge {css}">{badge_mark}'
            f"{escape(name)}</span></th>{counts}</tr>"
        )
    return mark_safe("\n".join(rows))
