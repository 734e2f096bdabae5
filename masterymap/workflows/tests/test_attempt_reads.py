"""The answer sheet and the result read a fixed few statements, whatever the size of the
form (the reads behind them are compiled once: lib.statements); and those reads give what
the ORM's own queries gave."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.assessments.models import Attempt, FormItem
from masterymap.assessments.queries import (
    attempt_review,
    form_items,
    is_latest_submission,
    student_attempts_on_standard,
)
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


class AttemptPageReadsTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    def big_form_on_s2(self, size: int) -> None:
        items = [
            create_item(
                standard=self.d.s2,
                kind="single" if n % 2 else "multiple",
                stem=f"Question {n}",
                choices=[ChoiceInput("yes", True), ChoiceInput("no"), ChoiceInput("maybe")],
            )
            for n in range(size)
        ]
        create_form(standard=self.d.s2, item_ids=[i.pk for i in items])

    def statements(self, url: str) -> int:
        self.client.get(url)  # each shape compiled once, before counting
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries.captured_queries)

    def test_the_sheet_and_the_result_read_the_same_few_statements_whatever_the_size(
        self,
    ) -> None:
        self.big_form_on_s2(9)
        self.client.force_login(self.d.ana)
        sheets, results = [], []
        for standard in (self.d.s1, self.d.s2):  # four questions, then nine
            attempt = start_attempt(student=self.d.ana, standard=standard)
            url = reverse("workflows:attempt", args=[attempt.pk])
            sheets.append(self.statements(url))
            submit_attempt(attempt=attempt, answers={})
            results.append(self.statements(url))
        self.assertEqual(sheets[0], sheets[1])
        self.assertEqual(results[0], results[1])
        # The session, the user, the attempt, its answers, its questions and their choices.
        self.assertLessEqual(sheets[0], 6)

    def test_the_questions_and_choices_are_the_prefetchs_in_the_same_order(self) -> None:
        self.big_form_on_s2(5)
        for form in (self.d.s1_form_a, self.d.s1_form_b, self.d.s2.forms.get()):
            with self.subTest(form=form.label):
                expected = [
                    (fi.item.pk, [c.pk for c in fi.item.choice_list])
                    for fi in FormItem.objects.filter(form=form)
                    .select_related("item")
                    .prefetch_related(Prefetch("item__choices", to_attr="choice_list"))
                    .order_by("position", "id")
                ]
                items = form_items(form.pk)
                self.assertEqual([(i.pk, [c.pk for c in i.choice_list]) for i in items], expected)
                with self.assertNumQueries(0):  # each choice knows its item, as prefetched
                    for item in items:
                        self.assertTrue(all(c.item is item for c in item.choice_list))

    def test_a_result_is_the_latest_until_a_later_submission(self) -> None:
        first = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=first, answers=self.answers_for(right=False))
        first = Attempt.objects.select_related("form").get(pk=first.pk)
        self.assertTrue(is_latest_submission(first))
        second = start_attempt(student=self.d.ana, standard=self.d.s1)
        self.assertTrue(is_latest_submission(first), "a sitting in progress is not submitted")
        submit_attempt(attempt=second, answers=self.answers_for(right=False))
        self.assertFalse(is_latest_submission(first))
        self.assertTrue(is_latest_submission(Attempt.objects.get(pk=second.pk)))
        # Another student's later submission says nothing of Ana's.
        other = start_attempt(student=self.d.ben, standard=self.d.s1)
        submit_attempt(attempt=other, answers=self.answers_for(right=True))
        self.assertTrue(is_latest_submission(Attempt.objects.get(pk=second.pk)))

    def test_a_review_takes_the_answers_already_read_with_the_attempts(self) -> None:
        # Show the math reviews every attempt of a cell, their answers read with them.
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        (read,) = student_attempts_on_standard(self.d.ana, self.d.s1)
        with CaptureQueriesContext(connection) as queries:
            review = attempt_review(read)
        self.assertTrue(all(q.correct for q in review))
        answers = [q["sql"] for q in queries.captured_queries if "assessments_response" in q["sql"]]
        self.assertEqual(answers, [])
