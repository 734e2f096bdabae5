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
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.grid import Column, GridRow, MasteryGrid
from masterymap.mastery.sentences import status_label
from masterymap.mastery.status import Status

register = template.Library()


def _cell_html(
    grid: MasteryGrid,
    row: GridRow,
    column: Column,
    cell: Cell,
    labels: dict[Status, str],
    level_words: str,
) -> tuple[object, ...]:
    """One cell's values for the row's format string; each word worked out once."""
    level_text = cell.level_text if cell.level is not None else ""
    level = " · " + level_words % {"level": level_text} if level_text else ""
    detail = f"{labels[cell.status]}{level}{cell.override_note}"
    return (
        cell.css,
        " overridden" if cell.overridden else "",
        grid.cell_url(row.student.pk, cell.standard.pk),
        f"{row.name} · {cell.standard.code}: {detail}",
        f"{row.name}, {cell.standard.code}: {detail}",
        column.mark(cell),
        format_html("<span>{}</span>", level_text) if level_text else "",
        _OVERRIDE_MARK if cell.overridden else "",
    )


_OVERRIDE_MARK = mark_safe('<span class="override-mark">✎</span>')


@register.simple_tag
def grid_cells(grid: MasteryGrid, row: GridRow) -> SafeString:
    # The words of the page once per row, not once per cell.
    level_words = gettext("level %(level)s")
    labels = {status: status_label(status) for status in Status}
    return format_html_join(
        "",
        '<td><a class="cell {}{}" href="{}" title="{}" aria-label="{}">{}{}{}</a></td>',
        (
            _cell_html(grid, row, column, cell, labels, level_words)
            for column, cell in zip(grid.columns, row.cells, strict=True)
        ),
    )
