"""The status legend the grid, the map and the tracker show."""

from __future__ import annotations

from django.utils.translation import gettext

from masterymap.mastery.queries.cells import STATUS_ORDER
from masterymap.mastery.queries.grid import STATUS_MARKS
from masterymap.mastery.sentences import status_label
from masterymap.mastery.status import Status


def status_legend() -> list[tuple[str, str]]:
    """(css class, label) for each status, in grid order."""
    return [(s.css_class, status_label(s)) for s in STATUS_ORDER]


def grid_legend() -> list[tuple[str, str, str, str]]:
    """(css class, mark, legend text, status label) for each status: the grid's legend shows
    the same marks as its cells, so it never explains a status by colour alone. The footer's
    counts use the short label, which keeps the sticky name column narrow on a phone."""
    symbol = gettext("Mastered: the standard's symbol")
    return [
        (
            s.css_class,
            STATUS_MARKS.get(s, ""),
            symbol if s is Status.MASTERED else status_label(s),
            status_label(s),
        )
        for s in STATUS_ORDER
    ]
