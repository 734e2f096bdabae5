"""The status legend the grid, the map and the tracker show."""

from __future__ import annotations

from masterymap.mastery.queries.cells import STATUS_ORDER
from masterymap.mastery.sentences import status_label


def status_legend() -> list[tuple[str, str]]:
    """(css class, label) for each status, in grid order."""
    return [(s.css_class, status_label(s)) for s in STATUS_ORDER]
