"""`{% grid_cells row %}`: one grid row's cells.

A 30 × 40 class grid has 1,200 cells and a whole-school grid tens of thousands; rendering
each through template lookups, `{% url %}` and an include cost ~0.3 ms a cell (measured
with bench/). Here each cell is one format string over values precomputed by
mastery.queries, which keeps the template the only place that shows the grid.

A cell shows the status mark (the standard's symbol once mastered), the level as every page
shows it (`scale.format_level`: 2.95 stays "2.95", so a not-yet cell never reads "3"), and ✎
when a teacher overrode the level ("override out of date" in its title once newer evidence
arrived).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.grid import GridRow, MasteryGrid

register = template.Library()


def _detail(cell: Cell, level_words: str) -> str:
    """ "Mastered · level 3.48 · overridden", in the language of the page."""
    level = " · " + level_words % {"level": cell.level_text} if cell.level is not None else ""
    return f"{cell.label}{level}{cell.override_note}"


@register.simple_tag
def grid_cells(grid: MasteryGrid, row: GridRow) -> SafeString:
    level_words = gettext("level %(level)s")  # once per row, not once per cell
    return format_html_join(
        "",
        '<td><a class="cell {}{}" href="{}" title="{}" aria-label="{}">{}{}{}</a></td>',
        (
            (
                cell.css,
                " overridden" if cell.overridden else "",
                grid.cell_url(row.student.pk, cell.standard.pk),
                f"{row.name} · {cell.standard.code}: {_detail(cell, level_words)}",
                f"{row.name}, {cell.standard.code}: {_detail(cell, level_words)}",
                column.mark(cell),
                format_html("<span>{}</span>", cell.level_text) if cell.level is not None else "",
                format_html('<span class="{}">✎</span>', "override-mark")
                if cell.overridden
                else "",
            )
            for column, cell in zip(grid.columns, row.cells, strict=True)
        ),
    )
