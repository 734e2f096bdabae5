"""When the correct answers show on a result: the class chooses; the key is then not in
the page at all (no correct choice, no key text, no feedback), and teachers always see it."""

from __future__ import annotations

from django.urls import reverse

from masterymap.mastery.actions import set_answer_timing
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt

KEY_SIGNS = ["(correct)", "correct answer:", "SECRET-FEEDBACK", "choice-correct", "three quarters"]


class AnswersShownTests(BaseTestCase):
    def sit(self, right: bool) -> str:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=right))
        return reverse("workflows:attempt", args=[attempt.pk])

    def test_after_mastery_hides_the_key_until_mastered_or_the_forms_run_out(self) -> None:
        self.open_retakes()
        set_answer_timing(classroom=self.d.c7a, timing="after_mastery", by=self.d.tomas)
        url = self.sit(right=False)
        self.client.force_login(self.d.ana)
        page = self.client.get(url)
        for sign in KEY_SIGNS:
            self.assertNotContains(page, sign, msg_prefix="the key stays secret")
        self.assertContains(page, "Not right")
        self.assertContains(page, "Why this is tempting: Misread")
        self.client.force_login(self.d.tomas)
        self.assertContains(self.client.get(url), "correct answer:", msg_prefix="teachers see")
        # Form B is the last: once it is taken the forms are used up, and the key shows.
        last = self.sit(right=False)
        self.client.force_login(self.d.ana)
        self.assertContains(self.client.get(last), "correct answer:")

    def test_never_keeps_the_key_even_after_mastery(self) -> None:
        set_answer_timing(classroom=self.d.c7a, timing="never", by=self.d.tomas)
        url = self.sit(right=True)
        self.client.force_login(self.d.ana)
        page = self.client.get(url)
        self.assertContains(page, "Right")
        for sign in KEY_SIGNS:
            self.assertNotContains(page, sign)
        cell = self.client.get(
            reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        )
        self.assertNotContains(cell, "SECRET-FEEDBACK", msg_prefix="nor on show the math")

    def test_by_default_the_key_shows_at_once(self) -> None:
        url = self.sit(right=False)
        self.client.force_login(self.d.ana)
        self.assertContains(self.client.get(url), "correct answer:")

    def test_the_teacher_sets_it_on_the_policy_page_and_a_student_cannot(self) -> None:
        url = reverse("mastery:policy", args=[self.d.c7a.pk])
        self.client.force_login(self.d.ana)
        self.assertEqual(
            self.client.post(url, {"answers-action": "save", "show_answers": "never"}).status_code,
            404,
        )
        self.client.force_login(self.d.tomas)
        self.assertContains(self.client.get(url), "Correct answers")
        bad = self.client.post(url, {"answers-action": "save", "show_answers": "sometimes"})
        self.assertEqual(bad.status_code, 302)
        self.d.c7a.refresh_from_db()
        self.assertEqual(
            self.d.c7a.show_answers, "after_attempt", "a tampered value changes nothing"
        )
        self.client.post(url, {"answers-action": "save", "show_answers": "never"})
        self.d.c7a.refresh_from_db()
        self.assertEqual(self.d.c7a.show_answers, "never")
