"""The teacher's one-click unlock: it lifts the wait, the reflection, the step and the form
limit until the student's next try, never "no form left"; only the class's teachers (and
their school's admins) may click it, and a double click writes one unlock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from masterymap.assessments.models import Attempt
from masterymap.interventions.inbox import unlock_retake
from masterymap.interventions.models import RetakeUnlock
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import set_retake_rules
from masterymap.mastery.retake import RetakeRules
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt

ZONE = ZoneInfo("America/New_York")
# Tuesday 3 November 2026, 14:00 at the school.
TUESDAY = datetime(2026, 11, 3, 14, 0, tzinfo=ZONE)
HTMX = {"HX-Request": "true"}


class UnlockTests(BaseTestCase):
    def sit(self, *, right: bool = False, at: datetime = TUESDAY) -> Attempt:
        with time_machine.travel(at, tick=False):
            attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
            return submit_attempt(attempt=attempt, answers=self.answers_for(right=right))

    def unlock(self, at: datetime = TUESDAY + timedelta(minutes=5), **kwargs: object):
        arguments: dict[str, object] = {
            "classroom": self.d.c7a,
            "student": self.d.ana,
            "standard": self.d.s1,
            "by": self.d.tomas,
            "at": at,
        } | kwargs
        return unlock_retake(**arguments)  # type: ignore[arg-type]

    def next_form(self, at: datetime = TUESDAY + timedelta(minutes=6)) -> str:
        with time_machine.travel(at, tick=False):
            return start_attempt(student=self.d.ana, standard=self.d.s1).form.label

    def refusal(self, **kwargs: object) -> str:
        with self.assertRaises(ActionError) as caught:
            self.unlock(**kwargs)
        return caught.exception.message

    def test_it_lifts_the_wait_and_the_reflection_of_the_default_rules(self) -> None:
        self.sit()
        unlock = self.unlock(note="  Talked it over.  ")
        self.assertEqual((unlock.by, unlock.note), (self.d.tomas, "Talked it over."))
        self.assertEqual(self.next_form(), "B")

    def test_it_lifts_a_required_step_and_the_form_limit(self) -> None:
        set_retake_rules(
            classroom=self.d.c7a,
            standard=None,
            rules=RetakeRules(cool_down_days=3, step_required=True, max_forms=1),
            by=self.d.tomas,
        )
        self.sit()
        with time_machine.travel(TUESDAY + timedelta(minutes=1), tick=False):
            self.assertRaises(ActionError, start_attempt, student=self.d.ana, standard=self.d.s1)
        self.unlock()
        self.assertEqual(self.next_form(), "B")

    def test_it_never_opens_a_form_that_is_not_there(self) -> None:
        self.open_retakes()
        self.sit()
        self.sit(at=TUESDAY + timedelta(minutes=1))
        message = self.refusal(at=TUESDAY + timedelta(minutes=2))
        self.assertIn("has taken every form of 7.RP.A.1", message)
        self.assertIn("Add a form, or assign a route", message)
        self.assertFalse(RetakeUnlock.objects.exists())

    def test_a_double_click_writes_one_unlock(self) -> None:
        self.sit()
        first = self.unlock()
        second = self.unlock(at=TUESDAY + timedelta(minutes=5, seconds=1))
        self.assertEqual(first, second)
        self.assertEqual(RetakeUnlock.objects.count(), 1)

    def test_it_refuses_when_nothing_is_locked(self) -> None:
        self.assertIn("has not taken 7.RP.A.1 yet", self.refusal())
        self.sit(right=True)
        self.assertIn("has mastered 7.RP.A.1", self.refusal())
        self.assertFalse(RetakeUnlock.objects.exists())

    def test_it_refuses_when_the_next_form_is_open_already(self) -> None:
        self.open_retakes()
        self.sit()
        self.assertIn("may take the next form of 7.RP.A.1 now", self.refusal())
        self.next_form(TUESDAY + timedelta(minutes=3))  # form B, still open
        self.assertIn("has a form of 7.RP.A.1 open already", self.refusal())
        self.assertFalse(RetakeUnlock.objects.exists())

    def test_only_the_classes_teachers_and_their_schools_admins_unlock(self) -> None:
        self.sit()
        for user in (self.d.uma, self.d.zed, self.d.ana):
            with self.subTest(user=user.username):
                self.assertIn("Only a teacher of this class", self.refusal(by=user))
        self.assertEqual(self.unlock(by=self.d.ada).by, self.d.ada)

    def test_the_student_must_be_in_the_class(self) -> None:
        self.sit()
        self.assertIn("not in this class", self.refusal(classroom=self.d.c7b))


class UnlockViewTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        with time_machine.travel(TUESDAY, tick=False):
            attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
            submit_attempt(attempt=attempt, answers=self.answers_for(right=False))

    def url(self, classroom_id: int | None = None, student_id: int | None = None) -> str:
        return reverse(
            "interventions:retake-unlock",
            args=[classroom_id or self.d.c7a.pk, student_id or self.d.ana.pk, self.d.s1.pk],
        )

    def test_a_click_from_the_panel_turns_the_row_into_unlocked(self) -> None:
        self.client.force_login(self.d.tomas)
        with time_machine.travel(TUESDAY + timedelta(minutes=5), tick=False):
            r = self.client.post(self.url(), headers=HTMX)
        self.assertContains(r, "Unlocked")
        self.assertContains(r, f'id="waiting-{self.d.c7a.pk}-{self.d.ana.pk}-{self.d.s1.pk}"')
        self.assertEqual(RetakeUnlock.objects.get().by, self.d.tomas)

    def test_without_htmx_it_goes_back_with_a_message(self) -> None:
        self.client.force_login(self.d.tomas)
        grid = reverse("mastery:grid", args=[self.d.c7a.pk])
        with time_machine.travel(TUESDAY + timedelta(minutes=5), tick=False):
            r = self.client.post(self.url(), {"next": grid}, follow=True)
        self.assertRedirects(r, grid)
        self.assertContains(r, "may take the next form of")

    def test_a_refusal_says_why_in_the_row(self) -> None:
        self.client.force_login(self.d.tomas)
        set_retake_rules(
            classroom=self.d.c7a,
            standard=None,
            rules=RetakeRules(cool_down_days=0, reflection_required=False),
            by=self.d.tomas,
        )
        r = self.client.post(self.url(), headers=HTMX)
        self.assertContains(r, "Nothing is locked", status_code=422)
        self.assertContains(r, 'role="alert"', status_code=422)
        self.assertFalse(RetakeUnlock.objects.exists())

    def test_others_get_a_404_and_nothing_changes(self) -> None:
        for user in (self.d.ana, self.d.ben, self.d.uma, self.d.zed):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url(), headers=HTMX).status_code, 404)
        # Tomás, with a student who is not in the class he names.
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.post(self.url(classroom_id=self.d.c7b.pk)).status_code, 404)
        self.assertFalse(RetakeUnlock.objects.exists())
        self.assertEqual(self.client.get(self.url()).status_code, 405)
