"""The plots' geometry in tables (the day passed in), and their drawing: well-formed SVG
with a title, no script or style attribute, and the numbers in a table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from unittest import TestCase

from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation

from masterymap.goals.plots import (
    LEFT,
    WIDTH,
    ink_on,
    nice_step,
    progress_plot,
    spread_plot,
)

TODAY = date(2026, 12, 3)


def label(day: date) -> str:
    return day.strftime("%d %b")


def plot(
    days,
    target=10,
    set_on=TODAY - timedelta(days=20),
    deadline=TODAY + timedelta(days=20),
    projected=None,
):  # type: ignore[no-untyped-def]
    return progress_plot(
        days=days,
        target=target,
        set_on=set_on,
        deadline=deadline,
        projected=projected,
        today=TODAY,
        day_label=label,
        id_prefix="p",
    )


class ProgressPlotTests(TestCase):
    def test_the_lines_start_and_end_where_they_should(self) -> None:
        days = [TODAY - timedelta(days=n) for n in (15, 10, 10, 2)]
        p = plot(days, projected=TODAY + timedelta(days=10))
        rows = [
            # (what, value, expected)
            ("done", p.done, 4),
            ("one row per day with progress", [c for _d, c in p.rows], [1, 3, 4]),
            ("the goal line ends at the deadline", p.goal.x2, p.deadline_x),
            ("… at the target's height", p.goal.y2, p.target_y),
            ("the projection starts today", p.projection.x1 if p.projection else None, p.today_x),
            (
                "the projection ends at the target",
                p.projection.y2 if p.projection else None,
                p.target_y,
            ),
            ("the steps start at the left edge", p.steps.split()[0], f"M{float(LEFT)}"),
            ("not clipped", p.clipped, False),
        ]
        for what, value, expected in rows:
            with self.subTest(what):
                self.assertEqual(value, expected)

    def test_edge_cases(self) -> None:
        rows = [
            # (name, days, target, projected, check)
            (
                "nothing yet",
                [],
                5,
                None,
                lambda p: p.done == 0 and p.rows == [] and p.projection is None,
            ),
            (
                "reached: no projection",
                [TODAY] * 3,
                3,
                None,
                lambda p: p.projection is None and p.done == 3,
            ),
            (
                "all on one day",
                [TODAY - timedelta(days=3)] * 4,
                8,
                TODAY + timedelta(days=7),
                lambda p: len(p.rows) == 1,
            ),
            ("target 1", [], 1, None, lambda p: [t.label for t in p.y_ticks] == ["0", "1"]),
            (
                "target 500",
                [TODAY] * 120,
                500,
                TODAY + timedelta(days=30),
                lambda p: int(p.y_ticks[-1].label) >= 500,
            ),
            (
                "far projection is clipped",
                [TODAY],
                50,
                TODAY + timedelta(days=2000),
                lambda p: p.clipped and p.projection is not None and p.projection.x2 <= WIDTH,
            ),
        ]
        for name, days, target, projected, check in rows:
            with self.subTest(name):
                p = plot(days, target=target, projected=projected)
                self.assertTrue(check(p))
                xs = [t.at for t in p.x_ticks]
                self.assertEqual(xs, sorted(xs))
                self.assertTrue(all(p.plot_left <= x <= p.plot_right for x in xs))
                ys = [t.at for t in p.y_ticks]
                self.assertTrue(all(p.plot_top <= y <= p.plot_bottom for y in ys))

    def test_more_edges(self) -> None:
        rows = [
            # (name, kwargs for plot(), check)
            (
                "set, due and drawn on one day",
                {"days": [], "target": 1, "set_on": TODAY, "deadline": TODAY},
                lambda p: p.today_x == p.deadline_x == p.plot_left and p.rows == [],
            ),
            (
                "progress before the goal was set: the goal line starts at that count",
                {
                    "days": [TODAY - timedelta(days=30)] * 3,
                    "set_on": TODAY - timedelta(days=10),
                    "projected": TODAY + timedelta(days=30),
                },
                lambda p: p.goal.y1 == p.projection.y1 if p.projection else False,
            ),
            (
                "past the target: the y axis reaches the count, no projection",
                {"days": [TODAY - timedelta(days=1)] * 12, "target": 10},
                lambda p: int(p.y_ticks[-1].label) >= 12 and p.projection is None,
            ),
            (
                "days after today are not drawn",
                {"days": [TODAY, TODAY + timedelta(days=2)]},
                lambda p: p.done == 1 and len(p.rows) == 1,
            ),
        ]
        for name, kwargs, check in rows:
            with self.subTest(name):
                self.assertTrue(check(plot(**kwargs)))

    def test_a_deadline_gone_by_keeps_today_on_the_plot(self) -> None:
        p = plot(
            [TODAY - timedelta(days=30)],
            set_on=TODAY - timedelta(days=40),
            deadline=TODAY - timedelta(days=5),
        )
        self.assertGreater(p.today_x, p.deadline_x)
        self.assertLessEqual(p.today_x, p.plot_right)

    def test_nice_steps(self) -> None:
        for top, step in [
            (1, 1),
            (4, 1),
            (8, 2),
            (10, 2),
            (23, 5),
            (50, 10),
            (500, 100),
            (730, 200),
        ]:
            with self.subTest(top=top):
                self.assertEqual(nice_step(top), step)


class SpreadPlotTests(TestCase):
    def test_bars_add_up_and_counts_are_written_where_they_fit(self) -> None:
        levels = [
            ("Beginning", 2, "#b3261e"),
            ("Developing", 0, "#f2c14e"),
            ("Mastered", 20, "#276e2b"),
        ]
        p = spread_plot(rows=[("7.RP.1", "I can", levels, 8)], not_started_label="Not started")
        row = p.rows[0]
        self.assertEqual(row.counts, [2, 0, 20, 8])
        self.assertEqual([b.count for b in row.bars], [2, 20, 8], "an empty level draws no bar")
        self.assertAlmostEqual(
            sum(b.width for b in row.bars), p.width - p.label_width - 10, delta=1
        )
        self.assertEqual([label for label, _c in p.legend][-1], "Not started")
        self.assertTrue(row.bars[1].show_count)

    def test_thirty_standards_make_a_taller_plot_not_thinner_bars(self) -> None:
        one = spread_plot(rows=[("A", "", [("M", 1, "#276e2b")], 0)], not_started_label="N")
        many = spread_plot(
            rows=[(f"S{n}", "", [("M", 1, "#276e2b")], 0) for n in range(30)], not_started_label="N"
        )
        self.assertEqual(one.bar_height, many.bar_height)
        self.assertGreater(many.height, 20 * one.height)

    def test_ink_reads_on_its_bar(self) -> None:
        for colour, ink in [
            ("#276e2b", "#ffffff"),
            ("#f2c14e", "#1d2430"),
            ("#d8dee6", "#1d2430"),
            ("#1f4e8c", "#ffffff"),
        ]:
            with self.subTest(colour):
                self.assertEqual(ink_on(colour), ink)


class DrawingTests(SimpleTestCase):
    def check_svg(self, html: str) -> ET.Element:
        start, end = (
            html.index('<svg class="plot-svg"'),
            html.index("</svg>", html.index('<svg class="plot-svg"')) + 6,
        )
        svg = ET.fromstring(html[start:end])
        self.assertEqual(svg.get("role"), "img")
        self.assertIsNotNone(
            svg.find("{*}title") if svg.find("title") is None else svg.find("title")
        )
        self.assertNotIn("style=", html)
        self.assertNotIn("<script", html)
        return svg

    def test_the_progress_plot_draws_and_tabulates(self) -> None:
        p = plot(
            [TODAY - timedelta(days=n) for n in (9, 4, 1)], projected=TODAY + timedelta(days=12)
        )
        html = render_to_string("goals/plot_progress.html", {"plot": p})
        self.check_svg(html)
        table = html[html.index("<tbody>") : html.index("</tbody>")]
        self.assertEqual(table.count("<tr>"), 3 + 2, "a row per day, the deadline, the projection")

    def test_coordinates_keep_their_decimal_point_in_spanish(self) -> None:
        p = plot(
            [TODAY - timedelta(days=n) for n in (9, 4, 1)], projected=TODAY + timedelta(days=12)
        )
        with translation.override("es"):
            html = render_to_string("goals/plot_progress.html", {"plot": p})
        self.check_svg(html)
        self.assertIsNone(re.search(r'="\d+,\d+"', html), "a comma would break the drawing")
        self.assertRegex(html, r'x1="\d+\.\d"')

    def test_the_spread_plot_draws_and_tabulates(self) -> None:
        rows = [(f"S{n}", "", [("Mastered", n, "#276e2b")], 3) for n in range(4)]
        html = render_to_string(
            "goals/plot_spread.html",
            {"plot": spread_plot(rows=rows, not_started_label="Not started")},
        )
        self.check_svg(html)
        self.assertEqual(html.count('<th scope="row"'), 4)

    def test_a_caption_names_the_plot_and_two_plots_keep_their_own_ids(self) -> None:
        days = [TODAY - timedelta(days=2)]
        one = progress_plot(
            days=days,
            target=5,
            set_on=TODAY - timedelta(days=5),
            deadline=TODAY + timedelta(days=5),
            projected=None,
            today=TODAY,
            day_label=label,
            id_prefix="goal-1",
            caption="Master 5 standards",
        )
        html = render_to_string("goals/plot_progress.html", {"plot": one}) + render_to_string(
            "goals/plot_progress.html", {"plot": plot(days)}
        )
        svg = self.check_svg(html)
        self.assertEqual("".join(svg.find("{*}title").itertext()), "Master 5 standards")  # type: ignore[union-attr]
        ids = re.findall(r'\bid="([^"]+)"', html)
        self.assertEqual(len(ids), len(set(ids)), ids)

    def test_the_spread_plot_has_a_caption_and_the_i_can_statements(self) -> None:
        rows = [("7.RP.1", "I can find a unit rate.", [("Mastered", 3, "#276e2b")], 1)]
        html = render_to_string(
            "goals/plot_spread.html",
            {"plot": spread_plot(rows=rows, not_started_label="Not started")},
        )
        self.assertIn("<figcaption>", html)
        self.assertIn("I can find a unit rate.", html[html.index("<table") :])
