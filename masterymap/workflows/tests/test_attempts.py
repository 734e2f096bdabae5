"""Taking a form: I'm ready, autosave, submit (idempotent), result, and every denial."""

from __future__ import annotations

from django.urls import reverse

from masterymap.assessments.models import Attempt, Response
from masterymap.mastery.models import MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


class AttemptFlowTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    def start(self) -> Attempt:
        self.client.force_login(self.d.ana)
        r = self.client.post(reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk]))
        attempt = Attempt.objects.get(student=self.d.ana)
        # The answer sheet itself, not a redirect to it: one round trip fewer.
        self.assertAttemptPage(r, attempt.pk)
        self.assertContains(r, "What is 3 × 4?")
        return attempt

    def test_im_ready_starts_form_a_then_form_b_then_says_see_your_teacher(self) -> None:
        first = self.start()
        self.assertEqual(first.form.label, "A")
        again = self.client.post(
            reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk])
        )
        self.assertEqual(Attempt.objects.count(), 1, "an open sitting is resumed, not duplicated")
        self.assertAttemptPage(again, first.pk)
        submit_attempt(attempt=first, answers=self.answers_for(right=False))
        second = start_attempt(student=self.d.ana, standard=self.d.s1)
        self.assertEqual(second.form.label, "B")
        submit_attempt(attempt=second, answers=self.answers_for(right=False))
        r = self.client.post(
            reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk]), follow=True
        )
        self.assertContains(r, "You have taken every form for 7.RP.A.1")
        self.assertContains(r, "See your teacher")

    def test_the_answer_sheet_never_contains_the_key_or_feedback(self) -> None:
        attempt = self.start()
        html = self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()
        self.assertIn("What is 3 × 4?", html)
        for secret in ["SECRET-FEEDBACK", "three quarters", "three fourths", "correct", "Misread"]:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, html)

    def test_autosaved_answers_come_back_when_the_page_is_reloaded(self) -> None:
        attempt = self.start()
        single, numeric, _multiple, text = self.d.s1_items
        right = self.answers_for(right=True)
        partial = {single.pk: right[single.pk], text.pk: ["three quarters"]}
        r = self.client.post(
            reverse("workflows:attempt-autosave", args=[attempt.pk]), self.post_data(partial)
        )
        self.assertContains(r, "saved")
        html = self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()
        self.assertIn(f'value="{right[single.pk][0]}" checked', html)
        self.assertIn('value="three quarters"', html)
        self.assertEqual(Response.objects.filter(attempt=attempt).count(), 2)

    def test_submitting_scores_at_once_and_shows_keys_and_feedback(self) -> None:
        attempt = self.start()
        r = self.client.post(
            reverse("workflows:attempt-submit", args=[attempt.pk]),
            self.post_data(self.answers_for(right=False)),
            follow=True,
        )
        self.assertContains(r, "0/4")
        self.assertContains(r, "Not yet")
        self.assertContains(r, "SECRET-FEEDBACK-numeric")
        self.assertContains(r, "three quarters or three fourths")
        record = MasteryRecord.objects.get(student=self.d.ana, standard=self.d.s1)
        self.assertEqual(record.status, "not_yet")

    def test_mastering_on_form_b_updates_the_status(self) -> None:
        attempt = self.start()
        submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        b = start_attempt(student=self.d.ana, standard=self.d.s1)
        r = self.client.post(
            reverse("workflows:attempt-submit", args=[b.pk]),
            self.post_data(self.answers_for(right=True)),
            follow=True,
        )
        self.assertContains(r, "4/4")
        self.assertContains(r, "Mastered!")
        record = MasteryRecord.objects.get(student=self.d.ana, standard=self.d.s1)
        self.assertEqual((record.status, record.attempts_count), ("mastered", 2))

    def test_submitting_twice_records_one_attempt_with_the_first_answers(self) -> None:
        attempt = self.start()
        url = reverse("workflows:attempt-submit", args=[attempt.pk])
        first = self.client.post(url, self.post_data(self.answers_for(right=True)))
        # The result itself, not a redirect to it: one round trip fewer.
        self.assertAttemptPage(first, attempt.pk)
        self.assertContains(first, "4/4")
        r = self.client.post(url, self.post_data(self.answers_for(right=False)), follow=True)
        self.assertContains(r, "4/4")
        attempt.refresh_from_db()
        self.assertEqual((attempt.points, attempt.status), (4, "submitted"))
        self.assertEqual(Attempt.objects.filter(student=self.d.ana).count(), 1)
        self.assertEqual(Response.objects.filter(attempt=attempt).count(), 4)

    def test_autosave_after_submit_is_refused_with_a_message_and_changes_nothing(self) -> None:
        attempt = self.start()
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        r = self.client.post(
            reverse("workflows:attempt-autosave", args=[attempt.pk]),
            self.post_data(self.answers_for(right=False)),
        )
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, "already submitted", status_code=422)
        attempt.refresh_from_db()
        self.assertEqual(attempt.points, 4)

    def test_unanswered_items_are_scored_as_blank(self) -> None:
        attempt = self.start()
        single = self.d.s1_items[0]
        only_one = {single.pk: self.answers_for(right=True)[single.pk]}
        self.client.post(
            reverse("workflows:attempt-submit", args=[attempt.pk]), self.post_data(only_one)
        )
        attempt.refresh_from_db()
        self.assertEqual((attempt.points, attempt.max_points), (1, 4))
        self.assertEqual(Response.objects.filter(attempt=attempt).count(), 4)


class TamperingTests(BaseTestCase):
    def setUp(self) -> None:
        self.attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        self.client.force_login(self.d.ana)

    def assert_refused(self, data: dict) -> None:
        for name in ("attempt-autosave", "attempt-submit"):
            with self.subTest(name=name):
                r = self.client.post(reverse(f"workflows:{name}", args=[self.attempt.pk]), data)
                # Refused: the autosave says so (422); the submit answers with the sheet and
                # the reason.
                self.assertIn(r.status_code, (200, 422))
                self.attempt.refresh_from_db()
                self.assertEqual(self.attempt.status, "in_progress")
                self.assertFalse(Response.objects.filter(attempt=self.attempt).exists())

    def test_an_item_that_is_not_on_the_form_is_refused(self) -> None:
        self.assert_refused({"shown-999999": "1", "item-999999": "x"})

    def test_a_choice_from_another_question_is_refused(self) -> None:
        single, _n, multiple, _t = self.d.s1_items
        foreign = str(multiple.choices.first().pk)
        self.assert_refused({f"shown-{single.pk}": "1", f"item-{single.pk}": foreign})

    def test_two_choices_on_a_single_choice_question_are_refused(self) -> None:
        single = self.d.s1_items[0]
        ids = [str(c.pk) for c in single.choices.all()]
        self.assert_refused({f"shown-{single.pk}": "1", f"item-{single.pk}": ids})

    def test_an_overlong_text_answer_is_refused(self) -> None:
        text = self.d.s1_items[3]
        self.assert_refused({f"shown-{text.pk}": "1", f"item-{text.pk}": "x" * 501})


class AttemptDenialTests(BaseTestCase):
    def setUp(self) -> None:
        self.attempt = start_attempt(student=self.d.ana, standard=self.d.s1)

    def test_another_student_cannot_open_autosave_or_submit_someone_elses_attempt(self) -> None:
        self.client.force_login(self.d.ben)
        data = self.post_data(self.answers_for(right=True))
        self.assertEqual(
            self.client.get(reverse("workflows:attempt", args=[self.attempt.pk])).status_code, 404
        )
        for name in ("attempt-autosave", "attempt-submit"):
            with self.subTest(name=name):
                url = reverse(f"workflows:{name}", args=[self.attempt.pk])
                self.assertEqual(self.client.post(url, data).status_code, 404)
        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.status, "in_progress")
        self.assertFalse(Response.objects.filter(attempt=self.attempt).exists())

    def test_a_teacher_cannot_submit_for_a_student(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("workflows:attempt-submit", args=[self.attempt.pk])
        self.assertEqual(self.client.post(url, {}).status_code, 404)

    def test_the_teacher_sees_an_open_sitting_without_its_key(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("workflows:attempt", args=[self.attempt.pk]))
        self.assertContains(r, "has not submitted it yet")
        self.assertNotContains(r, "SECRET-FEEDBACK")

    def test_a_student_cannot_start_a_standard_of_a_class_they_are_not_in(self) -> None:
        self.client.force_login(self.d.cara)  # in 7B, same map, not in 7A
        url = reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.client.force_login(self.d.dev)  # 8C is on another map
        url = reverse("workflows:attempt-start", args=[self.d.c8c.pk, self.d.s1.pk])
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_teachers_cannot_start_attempts(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk])
        self.assertEqual(self.client.post(url).status_code, 404)


class MasteredStandardTests(BaseTestCase):
    def test_a_mastered_standard_cannot_be_reopened_by_a_hand_made_post(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        self.client.force_login(self.d.ana)
        r = self.client.post(
            reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk]), follow=True
        )
        self.assertContains(r, "You have already mastered 7.RP.A.1")
        self.assertEqual(Attempt.objects.filter(student=self.d.ana).count(), 1)
