"""Shuffled order: each sitting its own order, the same wherever it is shown; the key lands
in every position across sittings; items that keep their order keep it."""

from __future__ import annotations

import re
from collections import Counter
from unittest import TestCase

from django.urls import reverse

from masterymap.accounts.models import Enrollment, User
from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.assessments.order import attempt_seed, choice_order, question_order, shuffled
from masterymap.assessments.queries import answer_sheet, attempt_review
from masterymap.test import BaseTestCase, make_user
from masterymap.workflows.actions import start_attempt, submit_attempt


class OrderRuleTests(TestCase):
    def test_the_same_seed_gives_the_same_order_and_others_differ(self) -> None:
        values = list(range(8))
        self.assertEqual(shuffled(values, "attempt-7"), shuffled(values, "attempt-7"))
        orders = {tuple(shuffled(values, f"attempt-{n}")) for n in range(50)}
        self.assertGreater(len(orders), 40)
        self.assertEqual(sorted(shuffled(values, "x")), values, "a permutation")

    def test_the_key_lands_in_every_position_across_many_sittings(self) -> None:
        choices = ["key", "b", "c", "d"]
        rows = [
            # (keep, positions the key is seen in over 400 sittings)
            (False, {0, 1, 2, 3}),
            (True, {0}),
        ]
        for keep, expected in rows:
            with self.subTest(keep=keep):
                seen = Counter(
                    choice_order(choices, seed=attempt_seed(n), item_id=5, keep=keep).index("key")
                    for n in range(400)
                )
                self.assertEqual(set(seen), expected)
                if not keep:
                    self.assertTrue(all(60 <= seen[p] <= 140 for p in range(4)), seen)

    def test_items_are_shuffled_apart_and_questions_only_when_the_form_asks(self) -> None:
        choices = list("abcde")
        self.assertNotEqual(
            [choice_order(choices, seed="attempt-1", item_id=i, keep=False) for i in range(5)],
            [choice_order(choices, seed="attempt-1", item_id=0, keep=False)] * 5,
        )
        questions = list(range(10))
        self.assertEqual(question_order(questions, seed="attempt-3", shuffle=False), questions)
        self.assertNotEqual(question_order(questions, seed="attempt-3", shuffle=True), questions)


def _choice_texts(html: str) -> list[str]:
    return re.findall(r'data-version="original" data-content>([^<]+)</span>', html)


class ShuffledSheetTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.item = create_item(
            standard=self.d.s2,
            kind="single",
            stem="Which is prime?",
            choices=[ChoiceInput("7", True), ChoiceInput("8"), ChoiceInput("9"), ChoiceInput("10")],
        )
        self.fixed = create_item(
            standard=self.d.s2,
            kind="single",
            stem="How many of these are even?",
            keep_order=True,
            choices=[ChoiceInput("None"), ChoiceInput("One", True), ChoiceInput("All of them")],
        )
        create_form(standard=self.d.s2, item_ids=[self.item.pk, self.fixed.pk], shuffle_items=True)

    def test_a_sitting_keeps_its_order_on_reload_on_the_result_and_for_the_teacher(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s2, classroom=self.d.c7a)
        self.client.force_login(self.d.ana)
        url = reverse("workflows:attempt", args=[attempt.pk])
        first = _choice_texts(self.client.get(url).content.decode())
        self.assertEqual(first, _choice_texts(self.client.get(url).content.decode()), "reload")
        sheet = answer_sheet(attempt)
        fixed = next(q for q in sheet if q.item_id == self.fixed.pk)
        self.assertEqual([o.html for o in fixed.options], ["None", "One", "All of them"])
        submit_attempt(attempt=attempt, answers={})
        attempt.refresh_from_db()
        review = attempt_review(attempt)
        self.assertEqual(
            [q.item_id for q in review], [q.item_id for q in sheet], "same question order"
        )
        for question, reviewed in zip(sheet, review, strict=True):
            self.assertEqual([o.html for o in question.options], [c.html for c in reviewed.choices])

    def test_across_students_the_key_is_not_always_first(self) -> None:
        firsts = Counter()
        for n in range(24):
            student = make_user(f"s{n}", User.Role.STUDENT, self.d.school)
            Enrollment.objects.create(classroom=self.d.c7a, student=student)
            attempt = start_attempt(student=student, standard=self.d.s2, classroom=self.d.c7a)
            sheet = answer_sheet(attempt)
            options = next(q for q in sheet if q.item_id == self.item.pk).options
            firsts[str(options[0].html)] += 1
        self.assertGreater(len(firsts), 2, firsts)
