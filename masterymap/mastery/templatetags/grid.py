"""`{% grid_cells row %}`: one grid row's cells.

A 30 × 40 class grid has 1,200 cells and a whole-school grid tens of thousands; rendering
each through template lookups, `{% url %}` and an include cost ~0.3 ms a cell (measured
with bench/). Here each cell is one format string over values precomputed by
mastery.queries, which keeps the template the only place that shows the grid.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from masterymap.mastery.queries import GridRow, MasteryGrid

register = template.Library()


@register.simple_tag
def grid_cells(grid: MasteryGrid, row: GridRow) -> SafeString:
    return format_html_join(
        "",
        '<td><a class="cell {}" href="{}" title="{}" aria-label="{}">{}{}</a></td>',
        (
            (
                cell.css,
                grid.cell_url(row.student.pk, cell.standard.pk),
                f"{row.name} · {cell.standard.code}: {cell.label}{cell.percent_text}",
                f"{row.name}, {cell.standard.code}: {cell.label}{cell.percent_text}",
                column.mark(cell),
                format_html("<span>{}</span>", cell.percent_rounded)
                if cell.percent is not None
                else "",
            )
            for column, cell in zip(grid.columns, row.cells, strict=True)
        ),
    )
