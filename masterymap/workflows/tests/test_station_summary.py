"""The station's live summary has one home, `check_summary`: the page embeds every sentence
the summary can show for its battery, and station.js only looks one up by (marked, right).

Who may see it: the class's teachers and their school admin (the station page). A student
gets 404 and never the table.
"""

from __future__ import annotations

import json
import re

from django.http import HttpResponse
from django.urls import reverse

from masterymap.assessments.actions import create_item
from masterymap.mastery.actions import set_class_scale
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.scale import DEFAULT_SCALE, Level, Scale
from masterymap.test import BaseTestCase
from masterymap.workflows.queries import check_summary

# Five levels, mastered from 4: other labels and cut scores than the default scale's.
FIVE = [
    Level(1, "Beginning", "#c0392b", 0),
    Level(2, "Developing", "#d68910", 40),
    Level(3, "Approaching", "#b7950b", 60),
    Level(4, "Mastered", "#1e8449", 80),
    Level(5, "Exceeds", "#2471a3", 95),
]
TABLE = re.compile(r'<script id="station-summaries" type="application/json">(.*?)</script>', re.S)


def embedded_table(response: HttpResponse) -> list[list[str]]:
    """The sentences the page hands station.js, parsed as the browser's JSON.parse would."""
    found = TABLE.findall(response.content.decode())
    assert len(found) == 1, f"expected one summary table, found {len(found)}"
    return json.loads(found[0])


class StationSummaryTests(BaseTestCase):
    """Ana has sat no form on s1, so its four form items are never asked: the battery is the
    bank-only items added here, or blank questions of the teacher's own."""

    def station(self, n: int, htmx: bool = False) -> HttpResponse:
        self.client.force_login(self.d.tomas)
        return self.client.get(
            reverse("workflows:station", args=[self.d.c7a.pk]),
            {"student": self.d.ana.pk, "standard": self.d.s1.pk, "n": n},
            headers={"HX-Request": "true"} if htmx else {},
        )

    def add_bank_items(self, count: int) -> None:
        for k in range(count):
            create_item(
                standard=self.d.s1, kind="numeric", stem=f"What is {k} + 1?", numeric_answer=k + 1
            )

    def assert_table_is_check_summary(
        self, response: HttpResponse, total: int, scale: Scale
    ) -> None:
        self.assertEqual(response.status_code, 200)
        table = embedded_table(response)
        self.assertEqual(len(table), total + 1)  # marked = 0 … total
        for marked in range(total + 1):
            self.assertEqual(len(table[marked]), marked + 1)  # right = 0 … marked
            for right in range(marked + 1):
                # Wrong marks first: the order of the marks never changes the sentence.
                marks = [False] * (marked - right) + [True] * right
                with self.subTest(total=total, marked=marked, right=right):
                    self.assertEqual(table[marked][right], check_summary(marks, total, scale))

    def test_the_table_is_check_summary_for_every_mark_on_the_default_scale(self) -> None:
        self.add_bank_items(5)
        self.assertEqual(scale_for_classroom(self.d.c7a), DEFAULT_SCALE)
        r = self.station(5)
        self.assert_table_is_check_summary(r, 5, DEFAULT_SCALE)
        table = embedded_table(r)
        self.assertEqual(table[0][0], "0 of 5 marked")
        self.assertEqual(table[5][3], "3 of 5 right · 60 % · level 2 Approaching")
        self.assertEqual(table[3][2], "2 of 3 right · 66.7 % · level 2 Approaching · 2 not marked")
        self.assertContains(r, '<p class="station-summary" id="station-summary"')
        self.assertNotContains(r, "scale-cuts")  # the browser no longer gets cut scores

    def test_the_table_follows_the_classes_own_scale(self) -> None:
        self.add_bank_items(5)
        set_class_scale(classroom=self.d.c7a, levels=FIVE, mastery_value=4, by=self.d.tomas)
        scale = scale_for_classroom(self.d.c7a)
        self.assertEqual([lv.label for lv in scale.levels][-1], "Exceeds")
        self.assertEqual(len(scale.levels), 5)
        r = self.station(5)
        self.assert_table_is_check_summary(r, 5, scale)
        table = embedded_table(r)
        self.assertEqual(table[5][3], "3 of 5 right · 60 % · level 3 Approaching")
        self.assertEqual(table[5][4], "4 of 5 right · 80 % · level 4 Mastered")
        self.assertEqual(table[2][1], "1 of 2 right · 50 % · level 2 Developing · 3 not marked")

    def test_the_table_fits_the_battery_asked_not_the_size_requested(self) -> None:
        self.add_bank_items(3)  # only three questions to ask although ten were requested
        r = self.station(10)
        self.assertEqual(len(r.context["questions"]), 3)
        self.assert_table_is_check_summary(r, 3, DEFAULT_SCALE)

    def test_own_questions_get_a_table_too(self) -> None:
        r = self.station(4)  # nothing in the bank: four blank questions
        self.assertTrue(r.context["own_questions"])
        self.assert_table_is_check_summary(r, 4, DEFAULT_SCALE)

    def test_the_htmx_battery_carries_its_own_table(self) -> None:
        # htmx swaps #station-battery whole, so the table must travel inside the partial.
        self.add_bank_items(5)
        r = self.station(5, htmx=True)
        self.assertNotContains(r, "<html")
        self.assert_table_is_check_summary(r, 5, DEFAULT_SCALE)

    def test_no_battery_no_table_and_a_student_gets_404(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("workflows:station", args=[self.d.c7a.pk]))
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "station-summaries")
        self.client.force_login(self.d.ana)
        r = self.client.get(
            reverse("workflows:station", args=[self.d.c7a.pk]),
            {"student": self.d.ana.pk, "standard": self.d.s1.pk},
        )
        self.assertEqual(r.status_code, 404)
        self.assertNotContains(r, "station-summaries", status_code=404)
