"""The class's retake rules hold where a student meets them: "I'm ready" refuses a locked
retake with every reason, and the map says why and when instead of offering the button."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masterymap.assessments.models import Attempt
from masterymap.interventions.models import ErrorAnalysis, RetakeUnlock, Route, Step
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import set_retake_rules
from masterymap.mastery.retake import RetakeRules
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt

ZONE = ZoneInfo("America/New_York")
# Tuesday 3 November 2026, 14:00 at the school.
TUESDAY = datetime(2026, 11, 3, 14, 0, tzinfo=ZONE)


class RetakeEnforcementTests(BaseTestCase):
    def miss_form_a(self, at: datetime = TUESDAY) -> Attempt:
        with time_machine.travel(at, tick=False):
            attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
            return submit_attempt(attempt=attempt, answers=self.answers_for(right=False))

    def finish_analysis(self, attempt: Attempt, at: datetime) -> None:
        ErrorAnalysis.objects.create(
            attempt=attempt, summary="Read twice.", created_at=at, updated_at=at, finished_at=at
        )

    def refusal(self, at: datetime) -> str:
        with time_machine.travel(at, tick=False), self.assertRaises(ActionError) as caught:
            start_attempt(student=self.d.ana, standard=self.d.s1)
        return caught.exception.message

    def test_default_rules_wait_a_day_and_ask_for_the_error_analysis(self) -> None:
        attempt = self.miss_form_a()
        message = self.refusal(TUESDAY + timedelta(hours=2))
        self.assertIn("The next form opens tomorrow.", message)
        self.assertIn("First write your reflection on your last try.", message)
        # Next morning the wait is over, but the reflection still is not written.
        message = self.refusal(TUESDAY + timedelta(hours=11))
        self.assertNotIn("tomorrow", message)
        self.assertIn("reflection", message)
        self.finish_analysis(attempt, TUESDAY + timedelta(hours=12))
        with time_machine.travel(TUESDAY + timedelta(hours=12, minutes=1), tick=False):
            form_b = start_attempt(student=self.d.ana, standard=self.d.s1)
        self.assertEqual(form_b.form, self.d.s1_form_b)

    def test_a_draft_analysis_does_not_count(self) -> None:
        attempt = self.miss_form_a()
        ErrorAnalysis.objects.create(
            attempt=attempt, summary="half", created_at=TUESDAY, updated_at=TUESDAY
        )
        self.assertIn("reflection", self.refusal(TUESDAY + timedelta(days=2)))

    def test_the_teachers_unlock_lifts_the_wait_and_the_reflection(self) -> None:
        self.miss_form_a()
        RetakeUnlock.objects.create(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            by=self.d.tomas,
            at=TUESDAY + timedelta(minutes=5),
        )
        with time_machine.travel(TUESDAY + timedelta(minutes=6), tick=False):
            self.assertEqual(
                start_attempt(student=self.d.ana, standard=self.d.s1).form, self.d.s1_form_b
            )

    def test_an_unlock_before_the_last_try_does_not_carry_over(self) -> None:
        RetakeUnlock.objects.create(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            by=self.d.tomas,
            at=TUESDAY - timedelta(days=1),
        )
        self.miss_form_a()
        self.assertIn("tomorrow", self.refusal(TUESDAY + timedelta(minutes=5)))

    def test_a_step_required_counts_only_when_done_after_the_last_try(self) -> None:
        set_retake_rules(
            classroom=self.d.c7a,
            standard=self.d.s1,
            rules=RetakeRules(cool_down_days=0, reflection_required=False, step_required=True),
            by=self.d.tomas,
        )
        self.miss_form_a()
        self.assertIn("step of your route", self.refusal(TUESDAY + timedelta(minutes=5)))
        step = Step.objects.create(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            route=Route.PRACTICE,
            chosen_by=self.d.ana,
            started_at=TUESDAY + timedelta(minutes=10),
        )
        self.assertIn("step of your route", self.refusal(TUESDAY + timedelta(minutes=15)))
        step.done_at, step.done_by = TUESDAY + timedelta(minutes=20), self.d.ana
        step.save()
        with time_machine.travel(TUESDAY + timedelta(minutes=21), tick=False):
            self.assertEqual(
                start_attempt(student=self.d.ana, standard=self.d.s1).form, self.d.s1_form_b
            )

    def test_the_form_limit_sends_the_student_to_the_teacher(self) -> None:
        set_retake_rules(
            classroom=self.d.c7a,
            standard=None,
            rules=RetakeRules(cool_down_days=0, reflection_required=False, max_forms=1),
            by=self.d.tomas,
        )
        self.miss_form_a()
        message = self.refusal(TUESDAY + timedelta(days=3))
        self.assertIn("You have taken 1 form: your teacher decides what comes next.", message)

    def test_a_standards_own_rules_override_the_class(self) -> None:
        set_retake_rules(
            classroom=self.d.c7a,
            standard=self.d.s1,
            rules=RetakeRules(cool_down_days=3, reflection_required=False),
            by=self.d.tomas,
        )
        self.miss_form_a()
        self.assertIn("in 2 days", self.refusal(TUESDAY + timedelta(days=1)))
        with time_machine.travel(TUESDAY + timedelta(days=3), tick=False):
            self.assertEqual(
                start_attempt(student=self.d.ana, standard=self.d.s1).form, self.d.s1_form_b
            )

    def test_a_first_try_is_never_locked(self) -> None:
        set_retake_rules(
            classroom=self.d.c7a,
            standard=None,
            rules=RetakeRules(cool_down_days=5, step_required=True, max_forms=1),
            by=self.d.tomas,
        )
        with time_machine.travel(TUESDAY, tick=False):
            self.assertEqual(
                start_attempt(student=self.d.ana, standard=self.d.s1).form, self.d.s1_form_a
            )

    def test_a_retake_costs_im_ready_two_queries_more_than_a_first_try(self) -> None:
        """The rules and what happened since the last try: two round trips, not one per rule."""
        url = reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk])
        self.client.force_login(self.d.ben)
        with time_machine.travel(TUESDAY, tick=False), CaptureQueriesContext(connection) as first:
            self.client.post(url)
        attempt = self.miss_form_a()
        self.finish_analysis(attempt, TUESDAY)
        self.client.force_login(self.d.ana)
        with (
            time_machine.travel(TUESDAY + timedelta(days=1), tick=False),
            CaptureQueriesContext(connection) as retake,
        ):
            r = self.client.post(url)
        self.assertAttemptPage(r, Attempt.objects.get(student=self.d.ana, form=self.d.s1_form_b).pk)
        self.assertLessEqual(len(retake), len(first) + 2)


class MapSaysWhyTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.d.ana)
        self.url = reverse("workflows:student-map", args=[self.d.c7a.pk])
        with time_machine.travel(TUESDAY, tick=False):
            a = start_attempt(student=self.d.ana, standard=self.d.s1)
            self.attempt = submit_attempt(attempt=a, answers=self.answers_for(right=False))

    def test_a_locked_card_gives_the_reasons_and_the_day_instead_of_the_button(self) -> None:
        with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
            r = self.client.get(self.url)
        self.assertContains(r, "The next form is locked.")
        self.assertContains(r, "The next form opens tomorrow.")
        self.assertContains(r, "First write your reflection on your last try.")
        self.assertContains(r, "It opens on Wednesday 4 November, 00:00.")
        self.assertContains(
            r, reverse("workflows:attempt", args=[self.attempt.pk]) + "#error-analysis"
        )
        self.assertNotContains(r, f'id="ready-{self.d.s1.pk}"')

    def test_once_written_and_waited_the_button_is_back(self) -> None:
        self.attempt_analysis = ErrorAnalysis.objects.create(
            attempt=self.attempt,
            summary="Slow down.",
            created_at=TUESDAY,
            updated_at=TUESDAY,
            finished_at=TUESDAY + timedelta(hours=1),
        )
        with time_machine.travel(TUESDAY + timedelta(days=1), tick=False):
            r = self.client.get(self.url)
        self.assertNotContains(r, "The next form is locked.")
        self.assertContains(r, f'id="ready-{self.d.s1.pk}"')

    def test_the_map_reads_as_many_queries_locked_or_not(self) -> None:
        with (
            time_machine.travel(TUESDAY + timedelta(hours=1), tick=False),
            CaptureQueriesContext(connection) as locked,
        ):
            self.client.get(self.url)
        RetakeUnlock.objects.create(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            by=self.d.tomas,
            at=TUESDAY + timedelta(hours=2),
        )
        with (
            time_machine.travel(TUESDAY + timedelta(hours=3), tick=False),
            CaptureQueriesContext(connection) as unlocked,
        ):
            r = self.client.get(self.url)
        self.assertContains(r, f'id="ready-{self.d.s1.pk}"')
        self.assertEqual(len(locked), len(unlocked))
