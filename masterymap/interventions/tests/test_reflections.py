"""The look back at a try (error analysis and reflection) on the result page: the student
writes it with autosave and finishes it, which unlocks the retake; a teacher reads it and
marks it read, which locks it; everyone else gets a 404; the tracker lists them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt
from masterymap.assessments.queries import attempt_review
from masterymap.interventions import reflections
from masterymap.interventions.models import ErrorAnalysis, MissedItem
from masterymap.lib.errors import ActionError
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt

ZONE = ZoneInfo("America/New_York")
TUESDAY = datetime(2026, 11, 3, 14, 0, tzinfo=ZONE)
HTMX = {"HTTP_HX_REQUEST": "true"}


class LookBackTests(BaseTestCase):
    def miss_form_a(self, student: User | None = None, *, right: bool = False) -> Attempt:
        with time_machine.travel(TUESDAY, tick=False):
            attempt = start_attempt(student=student or self.d.ana, standard=self.d.s1)
            return submit_attempt(attempt=attempt, answers=self.answers_for(right=right))

    def url(self, name: str, attempt: Attempt) -> str:
        return reverse(f"interventions:{name}", args=[attempt.pk])

    def result(self, attempt: Attempt) -> str:
        return self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()

    def full_post(self, summary: str = "Read each question twice.") -> dict[str, str]:
        single, numeric, multiple, text = self.d.s1_items
        return {
            f"reason-{single.pk}": "misconception",
            f"fix-{single.pk}": "Check which choice says Right.",
            f"reason-{numeric.pk}": "careless",
            f"reason-{multiple.pk}": "misread",
            f"reason-{text.pk}": "did_not_know",
            "summary": summary,
        }

    def finish(self, attempt: Attempt) -> None:
        self.client.force_login(attempt.student)
        r = self.client.post(self.url("analysis-finish", attempt), self.full_post(), **HTMX)
        self.assertEqual(r.status_code, 200, r.content)

    # -- the student writes it -------------------------------------------------------

    def test_the_student_sees_each_missed_item_and_the_belief_behind_their_choice(self) -> None:
        attempt = self.miss_form_a()
        self.client.force_login(self.d.ana)
        html = self.result(attempt)
        self.assertIn('id="error-analysis"', html)
        self.assertIn("Look back at this try", html)
        for number in range(1, 5):
            self.assertIn(f"Why did you miss question {number}?", html)
        # The single-choice item's wrong choice carries the note "Misread": offered as a belief.
        self.assertEqual(html.count("I believed:"), 1)
        self.assertIn("“<span data-content>Misread</span>”", html)
        self.assertIn("What will you do differently next time?", html)
        self.assertIn('aria-live="polite"', html)
        self.assertFalse(ErrorAnalysis.objects.exists(), "looking is not writing")

    def test_autosave_keeps_the_text_and_leaves_out_fields_as_they_were(self) -> None:
        attempt = self.miss_form_a()
        single, numeric, *_ = self.d.s1_items
        self.client.force_login(self.d.ana)
        r = self.client.post(
            self.url("analysis-autosave", attempt),
            {
                f"reason-{single.pk}": "misconception",
                f"fix-{single.pk}": "Read the choices\r\nslowly.",
                "summary": "Slow down.",
            },
            **HTMX,
        )
        self.assertContains(r, "✓ Saved at")
        # A later save of the summary alone keeps the reason and the fix.
        self.client.post(self.url("analysis-autosave", attempt), {"summary": "Slow down, check."})
        analysis = ErrorAnalysis.objects.get(attempt=attempt)
        self.assertEqual(analysis.summary, "Slow down, check.")
        miss = MissedItem.objects.get(analysis=analysis, item=single)
        self.assertEqual((miss.reason, miss.fix), ("misconception", "Read the choices\nslowly."))
        self.assertIsNone(analysis.finished_at)
        html = self.result(attempt)
        self.assertIn("Read the choices\nslowly.</textarea>", html)
        self.assertIn("Slow down, check.</textarea>", html)
        self.assertIn(f'name="reason-{single.pk}" value="misconception" checked', html)
        self.assertIn("Draft", html)

    def test_tampered_saves_change_nothing_and_say_why(self) -> None:
        # Ana gets the single-choice item right: it was not missed.
        attempt = self.miss_form_a()
        right = self.answers_for(right=True)
        with time_machine.travel(TUESDAY, tick=False):
            other = start_attempt(student=self.d.ben, standard=self.d.s1)
            answers = self.answers_for(right=False)
            single, numeric, *_ = self.d.s1_items
            answers[single.pk] = right[single.pk]
            bens = submit_attempt(attempt=other, answers=answers)
        self.client.force_login(self.d.ben)
        for data in [
            {f"reason-{single.pk}": "careless"},  # not missed on this try
            {f"fix-{single.pk}": "x"},
            {f"reason-{numeric.pk}": "lazy"},  # not a reason
            {f"reason-{numeric.pk}": "misconception"},  # no misconception behind a number
            {"reason-abc": "careless"},
            {f"fix-{numeric.pk}": "x" * 1001},
            {"summary": "y" * 2001},
            {"summary": "fine", f"reason-{single.pk}": "careless"},  # all or nothing
        ]:
            with self.subTest(data=data):
                r = self.client.post(self.url("analysis-autosave", bens), data, **HTMX)
                self.assertEqual(r.status_code, 422)
                self.assertContains(r, "Not saved:", status_code=422)
        self.assertFalse(ErrorAnalysis.objects.exists())
        # Ben cannot write on Ana's try, nor may a teacher or an admin write on it.
        for user in [self.d.ben, self.d.tomas, self.d.ada, self.d.uma, self.d.zed, self.d.cara]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                for name in ["analysis-autosave", "analysis-finish"]:
                    r = self.client.post(self.url(name, attempt), {"summary": "hacked"})
                    self.assertEqual(r.status_code, 404)
        self.assertFalse(ErrorAnalysis.objects.exists())

    def test_an_attempt_in_progress_has_nothing_to_look_back_at(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        self.client.force_login(self.d.ana)
        r = self.client.post(self.url("analysis-autosave", attempt), {"summary": "early"})
        self.assertEqual(r.status_code, 404)

    # -- finishing ----------------------------------------------------------------------

    def test_finish_is_refused_until_every_miss_has_a_reason_and_the_reflection_is_written(
        self,
    ) -> None:
        attempt = self.miss_form_a()
        single, *_ = self.d.s1_items
        self.client.force_login(self.d.ana)
        r = self.client.post(self.url("analysis-finish", attempt), {}, **HTMX)
        self.assertContains(r, "Not finished yet.", status_code=422)
        self.assertContains(r, "Pick why you missed questions 1, 2, 3, 4.", status_code=422)
        self.assertContains(r, "Write what you will do differently next time.", status_code=422)
        # What was on the page is saved even though finishing is refused.
        data = self.full_post(summary="")
        r = self.client.post(self.url("analysis-finish", attempt), data, **HTMX)
        self.assertContains(r, "Write what you will do differently", status_code=422)
        self.assertNotContains(r, "Pick why", status_code=422)
        analysis = ErrorAnalysis.objects.get(attempt=attempt)
        self.assertIsNone(analysis.finished_at)
        self.assertEqual(analysis.misses.count(), 4)
        # Without htmx, the refusal comes back as a message on the result page.
        r = self.client.post(self.url("analysis-finish", attempt), {}, follow=True)
        self.assertContains(r, "Write what you will do differently next time.")
        r = self.client.post(self.url("analysis-finish", attempt), self.full_post(), **HTMX)
        self.assertEqual(r["HX-Retarget"], "#error-analysis")
        self.assertContains(r, "✓ Finished. Your teacher can read it now.")
        analysis.refresh_from_db()
        self.assertIsNotNone(analysis.finished_at)
        html = self.result(attempt)
        self.assertIn("Finished on", html)
        self.assertIn("You can still change it until your teacher reads it.", html)
        self.assertNotIn('id="analysis-finish"', html)

    def test_finishing_unlocks_the_retake_once_the_cool_down_has_passed(self) -> None:
        attempt = self.miss_form_a()
        wednesday = TUESDAY + timedelta(days=1)
        with time_machine.travel(wednesday, tick=False):
            with self.assertRaises(ActionError) as refused:
                start_attempt(student=self.d.ana, standard=self.d.s1)
            self.assertIn("reflection", refused.exception.message)
            self.finish(attempt)
            form_b = start_attempt(student=self.d.ana, standard=self.d.s1)
        self.assertEqual(form_b.form, self.d.s1_form_b)

    def test_a_draft_does_not_unlock_the_retake(self) -> None:
        attempt = self.miss_form_a()
        with time_machine.travel(TUESDAY + timedelta(days=1), tick=False):
            self.client.force_login(self.d.ana)
            self.client.post(self.url("analysis-autosave", attempt), self.full_post())
            with self.assertRaises(ActionError):
                start_attempt(student=self.d.ana, standard=self.d.s1)

    def test_a_try_with_nothing_missed_still_asks_for_the_reflection(self) -> None:
        attempt = self.miss_form_a(right=True)
        self.client.force_login(self.d.ana)
        html = self.result(attempt)
        self.assertIn("You missed nothing on this try.", html)
        self.assertNotIn("Why did you miss", html)
        r = self.client.post(self.url("analysis-finish", attempt), {"summary": ""}, **HTMX)
        self.assertContains(r, "Write what you will do differently", status_code=422)
        r = self.client.post(self.url("analysis-finish", attempt), {"summary": "Keep going."})
        self.assertEqual(r.status_code, 302)
        self.assertIsNotNone(ErrorAnalysis.objects.get(attempt=attempt).finished_at)

    def test_a_finished_look_back_keeps_its_reflection(self) -> None:
        attempt = self.miss_form_a()
        self.finish(attempt)
        r = self.client.post(self.url("analysis-autosave", attempt), {"summary": "  "}, **HTMX)
        self.assertContains(r, "keeps its reflection", status_code=422)
        self.assertEqual(
            ErrorAnalysis.objects.get(attempt=attempt).summary, "Read each question twice."
        )
        # Other edits still save until a teacher reads it.
        r = self.client.post(self.url("analysis-autosave", attempt), {"summary": "Twice, aloud."})
        self.assertEqual(r.status_code, 200)

    def test_the_result_pages_review_gives_the_same_misses_in_one_query(self) -> None:
        attempt = self.miss_form_a()
        self.client.force_login(self.d.ana)
        self.client.post(self.url("analysis-autosave", attempt), self.full_post())
        review = attempt_review(attempt)
        with CaptureQueriesContext(connection) as queries:
            given_review = reflections.result_context(attempt, self.d.ana, review=review)
        self.assertEqual(len(queries), 1)
        alone = reflections.result_context(attempt, self.d.ana)
        self.assertEqual(given_review["analysis"], alone["analysis"])
        self.assertEqual(
            [(m.number, m.belief, m.reason) for m in alone["analysis"].misses],
            [
                (1, "Misread", "misconception"),
                (2, "", "careless"),
                (3, "", "misread"),
                (4, "", "did_not_know"),
            ],
        )

    # -- the teacher reads it -----------------------------------------------------------

    def test_the_teacher_reads_it_and_marks_it_read_which_locks_it(self) -> None:
        attempt = self.miss_form_a()
        self.client.force_login(self.d.tomas)
        html = self.result(attempt)
        self.assertIn("has not looked back at this try yet.", html)
        self.assertNotIn("Mark as read", html)
        self.finish(attempt)
        self.client.force_login(self.d.tomas)
        html = self.result(attempt)
        self.assertIn("Check which choice says Right.", html)
        self.assertIn("I believed:", html)
        self.assertIn("Read each question twice.", html)
        self.assertNotIn("<textarea", html)
        self.assertIn("Mark as read", html)
        r = self.client.post(self.url("analysis-read", attempt), follow=True)
        self.assertContains(r, "Marked as read.")
        self.assertContains(r, "Read by <span data-content>Tomás</span> on")
        analysis = ErrorAnalysis.objects.get(attempt=attempt)
        self.assertEqual(analysis.read_by, self.d.tomas)
        read_at = analysis.read_at
        self.assertIsNotNone(read_at)
        # The student now reads it only.
        self.client.force_login(self.d.ana)
        html = self.result(attempt)
        self.assertIn("Read by your teacher on", html)
        self.assertNotIn("<textarea", html)
        r = self.client.post(self.url("analysis-autosave", attempt), {"summary": "new"}, **HTMX)
        self.assertContains(r, "Your teacher has read this look back", status_code=422)
        self.assertEqual(
            ErrorAnalysis.objects.get(attempt=attempt).summary, "Read each question twice."
        )
        # Marking again keeps the first reading; "not read" gives it back to the student.
        self.client.force_login(self.d.tomas)
        self.client.post(self.url("analysis-read", attempt))
        self.assertEqual(ErrorAnalysis.objects.get(attempt=attempt).read_at, read_at)
        self.client.post(self.url("analysis-unread", attempt))
        self.assertIsNone(ErrorAnalysis.objects.get(attempt=attempt).read_at)
        self.client.force_login(self.d.ana)
        self.assertIn("<textarea", self.result(attempt))

    def test_a_draft_cannot_be_marked_read(self) -> None:
        attempt = self.miss_form_a()
        self.client.force_login(self.d.ana)
        self.client.post(self.url("analysis-autosave", attempt), {"summary": "half"})
        self.client.force_login(self.d.tomas)
        self.assertIn("once the student finishes it", self.result(attempt))
        r = self.client.post(self.url("analysis-read", attempt), follow=True)
        self.assertContains(r, "There is no finished look back to read yet.")
        self.assertIsNone(ErrorAnalysis.objects.get(attempt=attempt).read_at)

    def test_only_the_students_teachers_mark_it_read(self) -> None:
        attempt = self.miss_form_a()
        self.finish(attempt)
        for user in [self.d.ana, self.d.ben, self.d.cara, self.d.uma, self.d.zed, self.d.dev]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                for name in ["analysis-read", "analysis-unread"]:
                    self.assertEqual(self.client.post(self.url(name, attempt)).status_code, 404)
        self.assertIsNone(ErrorAnalysis.objects.get(attempt=attempt).read_at)
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.get(self.url("analysis-read", attempt)).status_code, 405)

    def test_the_actions_refuse_another_students_attempt(self) -> None:
        attempt = self.miss_form_a()
        with self.assertRaises(ActionError):
            reflections.save_error_analysis(
                attempt=attempt, student=self.d.ben, reasons={}, fixes={}, summary="x"
            )
        with self.assertRaises(ActionError):
            reflections.finish_error_analysis(attempt=attempt, student=self.d.ben)

    # -- the tracker --------------------------------------------------------------------

    def tracker(self, user: User) -> str:
        self.client.force_login(user)
        url = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_the_tracker_lists_the_looks_back_newest_first_in_bounded_queries(self) -> None:
        self.open_retakes()
        first = self.miss_form_a()
        self.finish(first)
        html = self.tracker(self.d.ana)
        self.assertIn("Looking back at each try", html)
        self.assertIn("Read each question twice.", html)  # the reflection, on its line
        self.assertIn("Not read yet", html)
        # The reasons per question are on the try's own page, which the line links to.
        self.assertNotIn("A careless slip", html)
        try_page = reverse("workflows:attempt", args=[first.pk])
        self.assertIn(f'href="{try_page}#error-analysis"', html)
        self.client.force_login(self.d.ana)
        page = self.client.get(try_page).content.decode()
        self.assertIn("Check which choice says Right.", page)
        self.client.force_login(self.d.tomas)
        with CaptureQueriesContext(connection) as one:
            self.tracker(self.d.tomas)
        with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
            second = submit_attempt(
                attempt=start_attempt(student=self.d.ana, standard=self.d.s1),
                answers=self.answers_for(right=False),
            )
        self.client.force_login(self.d.ana)
        self.client.post(self.url("analysis-autosave", second), {"summary": "Second go."})
        self.client.force_login(self.d.tomas)
        self.client.post(self.url("analysis-read", first))
        with CaptureQueriesContext(connection) as two:
            html = self.tracker(self.d.tomas)
        self.assertEqual(len(two), len(one))
        self.assertLess(html.index("Second go."), html.index("Read each question twice."))
        self.assertIn("Draft", html)
        self.assertIn("by <span data-content>Tomás</span> on", html)

    def test_the_tracker_says_when_there_is_nothing_yet(self) -> None:
        self.assertIn("After each try, look back at what you missed", self.tracker(self.d.ana))
        self.assertIn("No looks back at a try yet.", self.tracker(self.d.tomas))
