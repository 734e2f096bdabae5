"""The geometry of the goals plots, drawn as SVG by the templates. Pure.

- `progress_plot`: progress toward a finish line over time (a student's goal or the class's):
  the cumulative count as steps, the goal line from the day it was set to the deadline, the
  projection at the current pace (dashed), today, and the numbers as table rows.
- `spread_plot`: per standard, how many students are at each level (stacked bars).

Coordinates are in the SVG's own units (a viewBox), so one drawing fits a phone and a
projector. No Django: labels (and how to write a day) are passed in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH = 640
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 16, 40
X_TICKS = 5


@dataclass(frozen=True)
class Tick:
    at: float  # the coordinate along its axis
    label: str


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class ProgressPlot:
    id: str
    width: int
    height: int
    steps: str  # an SVG path: the cumulative count, as steps
    goal: Segment  # from (set on, count then) to (deadline, target)
    projection: Segment | None  # from (today, done) toward (projected, target)
    clipped: bool  # the projection runs past the plot's right edge
    today_x: float
    deadline_x: float
    target_y: float
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    rows: list[tuple[str, int]]  # (day, count by the end of it), one per day with progress
    done: int
    target: int
    deadline_label: str
    projected_label: str  # "" when there is no projection
    caption: str = ""  # names the plot (its title); "" draws "Progress toward the goal"


def nice_step(top: int, ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50…) giving about `ticks` ticks up to `top`."""
    raw = max(1.0, top / ticks)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def progress_plot(
    *,
    days: Sequence[date],
    target: int,
    set_on: date,
    deadline: date,
    projected: date | None,
    today: date,
    day_label: Callable[[date], str],
    id_prefix: str = "plot",
    caption: str = "",
) -> ProgressPlot:
    """Progress toward `target` by `deadline`; `days`: the day of each unit of progress."""
    shown = sorted(d for d in days if d <= today)
    start = min([set_on, today, *shown[:1]])
    # The right edge: the deadline or today, and the projection if it lands within as long
    # again as the plot already spans (further out, the dashed line is cut at the edge).
    end = max(deadline, today)
    clipped = False
    if projected is not None:
        limit = end + max(timedelta(days=7), end - start)
        if projected > limit:
            clipped = True
        end = max(end, min(projected, limit))
    span = max(1, (end - start).days)
    top_value = max(target, len(shown), 1)
    step = nice_step(top_value)
    y_max = step * math.ceil(top_value / step)
    if y_max == top_value and top_value >= 5:
        y_max += step  # room above the goal line
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + inner_w * (day - start).days / span, 1)

    def y(value: float) -> float:
        return round(TOP + inner_h * (1 - value / y_max), 1)

    per_day = Counter(shown)
    count = sum(n for d, n in per_day.items() if d < start)
    path = [f"M{x(start)} {y(count)}"]
    rows: list[tuple[str, int]] = []
    for day in sorted(per_day):
        count += per_day[day]
        path.append(f"H{x(day)} V{y(count)}")
        rows.append((day_label(day), count))
    path.append(f"H{x(today)}")
    done = len(shown)
    at_set = sum(1 for d in shown if d < set_on)
    goal = Segment(x(set_on), y(at_set), x(deadline), y(target))
    projection = None
    if projected is not None and done < target:
        if clipped:
            # Cut where the line leaves the plot: the count it reaches at the edge.
            total = (projected - today).days or 1
            reached = done + (target - done) * (end - today).days / total
            projection = Segment(x(today), y(done), x(end), y(reached))
        else:
            projection = Segment(x(today), y(done), x(projected), y(target))
    x_ticks: list[Tick] = []
    for n in range(X_TICKS):
        day = start + timedelta(days=round(span * n / (X_TICKS - 1)))
        if not x_ticks or x_ticks[-1].label != day_label(day):
            x_ticks.append(Tick(x(day), day_label(day)))
    y_ticks = [Tick(y(v), str(v)) for v in range(0, y_max + 1, step)]
    return ProgressPlot(
        id=id_prefix,
        width=WIDTH,
        height=HEIGHT,
        steps=" ".join(path),
        goal=goal,
        projection=projection,
        clipped=clipped,
        today_x=x(today),
        deadline_x=x(deadline),
        target_y=y(target),
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        rows=rows,
        done=done,
        target=target,
        deadline_label=day_label(deadline),
        projected_label=day_label(projected) if projected is not None else "",
        caption=caption,
    )


# --- the spread of levels per standard ---------------------------------------------------

BAR = 26  # a bar's height
GAP = 14
LABEL_W = 110  # the standard's code, left of its bar
SPREAD_W = 640
NOT_STARTED_COLOUR = "#d8dee6"


def ink_on(colour: str) -> str:
    """Dark or white text, whichever reads better on `colour` (#rrggbb)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    # Contrast with white: 1.05 / (L + 0.05); with the dark ink (#1d2430, L≈0.017).
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.067 else "#1d2430"


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    count: int
    label: str  # the level's name
    colour: str
    ink: str  # the count's colour on this bar
    text_x: float
    show_count: bool  # wide enough to write the count inside


@dataclass(frozen=True)
class SpreadRow:
    code: str
    i_can: str
    y: float
    text_y: float
    bars: list[Bar]
    counts: list[int]  # per level, then not started (for the table)
    total: int


@dataclass(frozen=True)
class SpreadPlot:
    id: str
    width: int
    height: int
    label_width: int
    bar_height: int
    rows: list[SpreadRow]
    legend: list[tuple[str, str]]  # (label, colour): the levels, then not started
    columns: list[str]  # the table's level columns


def spread_plot(
    *,
    rows: Sequence[tuple[str, str, Sequence[tuple[str, int, str]], int]],
    not_started_label: str,
    id_prefix: str = "spread",
) -> SpreadPlot:
    """`rows`: (code, "I can…", [(level label, students, colour)], students not started)."""
    inner = SPREAD_W - LABEL_W - 10
    out = []
    for n, (code, i_can, levels, not_started) in enumerate(rows):
        parts = [*levels, (not_started_label, not_started, NOT_STARTED_COLOUR)]
        total = sum(c for _label, c, _colour in parts)
        top = TOP + n * (BAR + GAP)
        bars, left = [], float(LABEL_W)
        for label, count, colour in parts:
            if count <= 0 or total == 0:
                continue
            width = round(inner * count / total, 1)
            bars.append(
                Bar(
                    x=round(left, 1),
                    width=width,
                    count=count,
                    label=label,
                    colour=colour,
                    ink=ink_on(colour),
                    text_x=round(left + width / 2, 1),
                    show_count=width >= 9 * len(str(count)) + 6,
                )
            )
            left += width
        out.append(
            SpreadRow(
                code=code,
                i_can=i_can,
                y=top,
                text_y=top + BAR / 2 + 5,
                bars=bars,
                counts=[c for _label, c, _colour in parts],
                total=total,
            )
        )
    legend = [(label, colour) for label, _c, colour in (rows[0][2] if rows else [])]
    legend.append((not_started_label, NOT_STARTED_COLOUR))
    return SpreadPlot(
        id=id_prefix,
        width=SPREAD_W,
        height=TOP + len(rows) * (BAR + GAP) + 4,
        label_width=LABEL_W,
        bar_height=BAR,
        rows=out,
        legend=legend,
        columns=[label for label, _colour in legend],
    )
