"""The teacher's error patterns on a standard: per item the percent correct, each wrong
choice with how many picked it and its misconception, the reasons given; each student once;
only the class's teachers; a fixed number of queries whatever the class size."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masterymap.accounts.models import Enrollment, User
from masterymap.assessments.models import Attempt
from masterymap.interventions import reflections
from masterymap.test import BaseTestCase, make_user
from masterymap.workflows.actions import start_attempt, submit_attempt


class PatternsPageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    def sit(self, student: User, *, right: bool, single_right: bool | None = None) -> Attempt:
        attempt = start_attempt(student=student, standard=self.d.s1)
        answers = self.answers_for(right=right, form=attempt.form)
        if single_right is not None:
            single = attempt.form.form_items.get(item__kind="single").item
            answers[single.pk] = self.answers_for(right=single_right, form=attempt.form)[single.pk]
        return submit_attempt(attempt=attempt, answers=answers)

    def explain(self, attempt: Attempt, reasons: dict[int, str]) -> None:
        reflections.save_error_analysis(
            attempt=attempt, student=attempt.student, reasons=reasons, fixes={}, summary=""
        )

    def url(self, classroom_id: int | None = None, standard_id: int | None = None) -> str:
        return reverse(
            "interventions:patterns",
            args=[classroom_id or self.d.c7a.pk, standard_id or self.d.s1.pk],
        )

    def new_student(self, n: int) -> User:
        student = make_user(f"extra{n}", User.Role.STUDENT, self.d.school, first_name=f"X{n}")
        Enrollment.objects.create(classroom=self.d.c7a, student=student)
        return student

    def test_counts_wrong_choices_with_their_misconception_and_the_reasons_given(self) -> None:
        single, numeric, multiple, text = self.d.s1_items
        ana = self.sit(self.d.ana, right=False)
        self.explain(ana, {single.pk: "misconception", numeric.pk: "careless"})
        ben = self.sit(self.d.ben, right=False)
        self.explain(ben, {single.pk: "misconception", numeric.pk: "misread"})
        third = self.sit(self.new_student(1), right=True)  # right on every item
        self.sit(self.d.cara, right=False)  # 7B: not on 7A's page
        page = reflections.error_patterns(self.d.c7a, self.d.s1)
        by_item = {row.item_id: row for row in page.items}
        self.assertEqual(len(page.items), 4)
        row = by_item[single.pk]
        self.assertEqual((row.students, row.correct, row.percent_correct), (3, 1, 33))
        self.assertEqual(
            [(c.label, c.students, c.note) for c in row.wrong_choices], [("Wrong", 2, "Misread")]
        )
        self.assertEqual(
            [(r.label, r.students) for r in row.reasons],
            [("Believed the idea behind their choice", 2)],
        )
        self.assertEqual(row.no_reason, 0)
        self.assertEqual(by_item[text.pk].no_reason, 2)
        self.assertEqual(page.summary.percent_correct, 33)  # 4 right answers of 12
        self.assertEqual(page.summary.students, 3)
        assert page.summary.top_reason is not None
        self.assertEqual(page.summary.top_reason.label, "Believed the idea behind their choice")
        self.assertIsNotNone(third)

        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url())
        self.assertContains(r, "33 % correct", count=5)  # the summary and every item
        self.assertContains(
            r,
            "<strong>2 students</strong> picked “<span data-content>Wrong</span>” · "
            "misconception: <span data-content>Misread</span>",
            html=False,
        )
        self.assertContains(r, "Believed the idea behind their choice: <strong>2 students</strong>")
        self.assertContains(r, "A careless slip: <strong>1 student</strong>")
        self.assertContains(r, "2 missed it and have not said why.")
        self.assertContains(r, "Most common reason for a miss:")
        self.assertContains(r, "<progress", count=1 + 4 + 1 + 3)  # summary, items, choice, reasons
        self.assertNotContains(r, "style=")

    def test_the_hardest_items_come_first(self) -> None:
        single, numeric, *_ = self.d.s1_items
        # Ben gets only the single-choice item of form A right; Ana nothing on form A, then
        # everything on form B (its own questions: parallel forms share none).
        self.sit(self.d.ben, right=False, single_right=True)
        self.sit(self.d.ana, right=False)
        retake = self.sit(self.d.ana, right=True)
        page = reflections.error_patterns(self.d.c7a, self.d.s1)
        by_item = {row.item_id: row for row in page.items}
        self.assertEqual((by_item[single.pk].students, by_item[single.pk].correct), (2, 1))
        self.assertEqual((by_item[numeric.pk].students, by_item[numeric.pk].correct), (2, 0))
        form_b = set(retake.form.form_items.values_list("item_id", flat=True))
        self.assertIn(page.items[-1].item_id, form_b, "the easiest item comes last")
        self.assertEqual(page.items[0].correct, 0, "the hardest first")

    def test_an_empty_standard_says_so(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url(standard_id=self.d.s2.pk))
        self.assertContains(r, "No student of this class has answered an item")

    def test_the_page_runs_a_fixed_number_of_queries_whatever_the_class_size(self) -> None:
        single, numeric, *_ = self.d.s1_items
        self.explain(self.sit(self.d.ana, right=False), {single.pk: "misconception"})
        self.client.force_login(self.d.tomas)
        with CaptureQueriesContext(connection) as small:
            self.assertEqual(self.client.get(self.url()).status_code, 200)
        for n in range(6):
            attempt = self.sit(self.new_student(n), right=n % 2 == 0, single_right=False)
            self.explain(attempt, {single.pk: "careless"})
            if n % 2:
                self.sit(attempt.student, right=True)  # a retake on form B too
        with CaptureQueriesContext(connection) as large:
            r = self.client.get(self.url())
        # Form B has its own questions: a retake adds its answers, it does not undo a miss.
        self.assertContains(r, "A careless slip: <strong>6 students</strong>")
        self.assertContains(r, "0 of 7 students got it right.")
        self.assertContains(r, "3 of 3 students got it right.")
        self.assertEqual(len(large), len(small))

    def test_only_the_classes_teachers_and_school_admins_open_it(self) -> None:
        self.sit(self.d.ana, right=False)
        self.client.force_login(self.d.ada)
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        for user in [self.d.ana, self.d.ben, self.d.cara, self.d.uma, self.d.zed, self.d.dev]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 404)
        # A standard that is not on the class's map: 404, even for its teacher.
        self.client.force_login(self.d.uma)
        self.assertEqual(self.client.get(self.url(self.d.c8c.pk)).status_code, 404)
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.get(self.url(self.d.c8c.pk)).status_code, 404)

    def test_the_cell_page_links_teachers_to_the_patterns(self) -> None:
        self.sit(self.d.ana, right=False)
        cell = reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        self.client.force_login(self.d.tomas)
        self.assertContains(self.client.get(cell), f'href="{self.url()}"')
        self.client.force_login(self.d.ana)
        self.assertNotContains(self.client.get(cell), "Error patterns")
