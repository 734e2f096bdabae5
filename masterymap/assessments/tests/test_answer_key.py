"""An item's answer key has one home, `assessments.queries.key_parts`: the attempt review
(students, after submitting) and the teacher station's battery show the same key for every
kind of item.

Who sees keys: the student only on their own submitted attempt; teachers at the station.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.assessments.models import Item
from masterymap.assessments.queries import KeyParts, attempt_review, key_parts
from masterymap.lib.markdown import render_inline
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt
from masterymap.workflows.queries import station_battery


@dataclass(frozen=True)
class Row:
    name: str
    fields: dict[str, Any]
    key: KeyParts
    station_html: str  # what the station shows after "Answer key:"


ROWS = [
    Row(
        "single",
        {"kind": "single", "choices": [ChoiceInput("*Right*", True), ChoiceInput("Wrong")]},
        KeyParts(("*Right*",), "and"),
        "<em>Right</em>",  # the station renders each piece as inline Markdown
    ),
    Row(
        "multiple",
        {
            "kind": "multiple",
            "choices": [ChoiceInput("A"), ChoiceInput("B", True), ChoiceInput("C", True)],
        },
        KeyParts(("B", "C"), "and"),
        "B and C",
    ),
    Row(
        "numeric with a tolerance",
        {"kind": "numeric", "numeric_answer": 12, "tolerance": 0.5},
        KeyParts(("12 (± 0.5)",), "or"),
        "12 (± 0.5)",
    ),
    Row(
        "numeric, exact",
        {"kind": "numeric", "numeric_answer": 4.5},
        KeyParts(("4.5",), "or"),
        "4.5",
    ),
    Row(
        "text",
        {"kind": "text", "accepted_answers": ["three quarters", "three fourths"]},
        KeyParts(("three quarters", "three fourths"), "or"),
        "three quarters or three fourths",
    ),
]
STATION_KEY = re.compile(r'Answer key: <strong class="key"[^>]*>(.*?)</strong>', re.S)
REVIEW_KEY = re.compile(r'correct answer: <strong class="key"[^>]*>(.*?)</strong>', re.S)
REVIEW_CORRECT = re.compile(r'<li class="choice-correct">(.*?) <strong>\(correct\)</strong>', re.S)
# The school's words (each piece of a key) are wrapped in <span data-content> on both pages,
# so a check for untranslated words skips them; the keys are compared without the wrapper.
CONTENT = re.compile(r"<span data-content>(.*?)</span>", re.S)


def shown(html_text: str) -> str:
    """Page HTML as the reader sees it: entities decoded, content markers removed."""
    return html.unescape(CONTENT.sub(r"\1", html_text))


class AnswerKeyTests(BaseTestCase):
    """Ana sits one form on s2 made of one item per row and leaves every answer blank, so the
    review shows every key; the station then asks those items (on a form she has taken)."""

    def setUp(self) -> None:
        self.items = [
            create_item(standard=self.d.s2, stem=f"Question {row.name}?", **row.fields)
            for row in ROWS
        ]
        create_form(standard=self.d.s2, item_ids=[i.pk for i in self.items])
        attempt = start_attempt(student=self.d.ana, standard=self.d.s2, classroom=self.d.c7a)
        self.attempt = submit_attempt(attempt=attempt, answers={})

    def test_key_parts_for_each_kind(self) -> None:
        for row, item in zip(ROWS, self.items, strict=True):
            with self.subTest(row.name):
                item = Item.objects.prefetch_related("choices").get(pk=item.pk)
                self.assertEqual(key_parts(item), row.key)

    def test_review_and_station_data_come_from_key_parts(self) -> None:
        review = attempt_review(self.attempt)
        battery = station_battery(student=self.d.ana, standard=self.d.s2, n=len(ROWS))
        self.assertEqual([q.item_id for q in battery], [i.pk for i in self.items])
        for row, reviewed, asked in zip(ROWS, review, battery, strict=True):
            with self.subTest(row.name):
                self.assertEqual(reviewed.key_text, row.key.text())
                self.assertEqual(shown(asked.key_html), row.station_html)
                self.assertEqual(
                    shown(asked.key_html),
                    f" {row.key.joiner} ".join(render_inline(p) for p in row.key.pieces),
                )

    def test_both_pages_show_the_same_key_for_each_kind(self) -> None:
        # The student's review: typed kinds after "correct answer:", choices marked (correct).
        self.client.force_login(self.d.ana)
        page = self.client.get(reverse("workflows:attempt", args=[self.attempt.pk]))
        self.assertEqual(page.status_code, 200)
        review_page = page.content.decode()
        typed_keys = iter(REVIEW_KEY.findall(review_page))
        correct_choices = iter(REVIEW_CORRECT.findall(review_page))
        # The teacher's station, one "Answer key:" per question in the same order.
        self.client.force_login(self.d.tomas)
        station = self.client.get(
            reverse("workflows:station", args=[self.d.c7a.pk]),
            {"student": self.d.ana.pk, "standard": self.d.s2.pk, "n": len(ROWS)},
        )
        station_keys = STATION_KEY.findall(station.content.decode())
        self.assertEqual(len(station_keys), len(ROWS))
        for row, item, station_key in zip(ROWS, self.items, station_keys, strict=True):
            with self.subTest(row.name):
                self.assertEqual(shown(station_key), row.station_html)
                if item.has_choices:
                    # The review lists choices in the attempt's own (shuffled) order.
                    picked = [next(correct_choices) for _ in row.key.pieces]
                    self.assertEqual(
                        sorted(shown(c) for c in picked),
                        sorted(shown(render_inline(p)) for p in row.key.pieces),
                    )
                else:
                    self.assertEqual(shown(next(typed_keys)), row.key.text())
                    self.assertEqual(shown(station_key), row.key.text())
        self.assertEqual((list(typed_keys), list(correct_choices)), ([], []))  # none left over

    def test_the_review_never_shows_a_key_before_submission(self) -> None:
        other = start_attempt(student=self.d.ben, standard=self.d.s2, classroom=self.d.c7a)
        with self.assertRaises(ValueError):
            attempt_review(other)
