"""Class codes: a stranger who joins waits for the teacher before any assessment; guessing
codes is throttled; the teacher closes joining, rotates the code and sets an expiry.
Passwords: a teacher sets a student's by hand; everyone changes their own (students where
the class allows it)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import Classroom, Enrollment, JoinRequest, User
from masterymap.test import PASSWORD, BaseTestCase, password_login

NEW_PASSWORD = "violet-harbor-lantern"


class ApprovalTests(BaseTestCase):
    def join(self) -> User:
        self.client.post(
            reverse("accounts:join"),
            {
                "join_code": self.d.c7a.join_code,
                "first_name": "Stranger",
                "last_name": "Danger",
                "password": "purple-otter-91",
            },
        )
        return User.objects.get(first_name="Stranger")

    def test_a_stranger_who_joins_cannot_open_any_page_of_the_class(self) -> None:
        stranger = self.join()
        for method, url in [
            ("get", reverse("workflows:student-map", args=[self.d.c7a.pk])),
            ("post", reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk])),
            ("get", reverse("workflows:tracker", args=[self.d.c7a.pk, stranger.pk])),
        ]:
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        self.assertFalse(stranger.attempts.exists())
        # Home explains the wait.
        r = self.client.get(reverse("home"), follow=True)
        self.assertContains(r, "Waiting for your teacher")
        self.assertContains(r, "<strong data-content>7A</strong>", html=False)

    def test_the_teacher_sees_the_waiting_student_and_lets_them_in(self) -> None:
        stranger = self.join()
        request = JoinRequest.objects.get(student=stranger)
        self.client.force_login(self.d.tomas)
        roster = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(roster, "Waiting to join (1)")
        self.assertContains(roster, "Stranger Danger")
        r = self.client.post(
            reverse("accounts:join-requests", args=[self.d.c7a.pk]),
            {"requests": [request.pk], "decision": "approve"},
            follow=True,
        )
        self.assertContains(r, "Let into the class: <span data-content>Stranger Danger</span>.")
        self.assertTrue(Enrollment.objects.filter(student=stranger, classroom=self.d.c7a).exists())
        self.assertFalse(JoinRequest.objects.exists())
        self.client.force_login(stranger)
        url = reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk])
        self.assertAttemptPage(self.client.post(url), stranger.attempts.get().pk)

    def test_the_teacher_turns_a_stranger_away(self) -> None:
        stranger = self.join()
        request = JoinRequest.objects.get(student=stranger)
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            reverse("accounts:join-requests", args=[self.d.c7a.pk]),
            {"requests": [request.pk], "decision": "refuse"},
            follow=True,
        )
        self.assertContains(r, "Turned away: <span data-content>Stranger Danger</span>.")
        self.assertContains(r, "make a new one")
        self.assertFalse(JoinRequest.objects.exists())
        self.assertFalse(stranger.enrollments.exists())

    def test_only_a_teacher_of_the_class_decides(self) -> None:
        stranger = self.join()
        request = JoinRequest.objects.get(student=stranger)
        url = reverse("accounts:join-requests", args=[self.d.c7a.pk])
        for who in [self.d.uma, self.d.ana, stranger, self.d.zed]:
            with self.subTest(who=who.username):
                self.client.force_login(who)
                r = self.client.post(url, {"requests": [request.pk], "decision": "approve"})
                self.assertEqual(r.status_code, 404)
        self.client.logout()
        r = self.client.post(url, {"requests": [request.pk], "decision": "approve"})
        self.assertEqual(r.status_code, 302)
        self.assertIn(reverse("accounts:login"), r["Location"])
        # A teacher of another class cannot approve it through their own class either.
        self.client.force_login(self.d.uma)
        self.client.post(
            reverse("accounts:join-requests", args=[self.d.c8c.pk]),
            {"requests": [request.pk], "decision": "approve"},
        )
        self.assertFalse(stranger.enrollments.exists())
        self.assertTrue(JoinRequest.objects.filter(pk=request.pk).exists())

    def test_a_student_already_in_the_class_is_not_put_back_on_the_waiting_list(self) -> None:
        self.client.force_login(self.d.ana)
        r = self.client.post(reverse("accounts:join-code"), {"join_code": self.d.c7a.join_code})
        self.assertRedirects(r, reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertFalse(JoinRequest.objects.exists())


class CodeSettingsTests(BaseTestCase):
    def try_code(self, code: str) -> int:
        self.client.force_login(self.d.ana)
        r = self.client.post(reverse("accounts:join-code"), {"join_code": code})
        return r.status_code

    def test_rotating_the_code_stops_the_old_one_at_once(self) -> None:
        old = self.d.c7b.join_code
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            reverse("accounts:join-code-rotate", args=[self.d.c7b.pk]), follow=True
        )
        new = Classroom.objects.get(pk=self.d.c7b.pk).join_code
        self.assertNotEqual(new, old)
        self.assertContains(r, new)
        self.assertEqual(self.try_code(old), 200)  # the form again, with an error
        self.assertFalse(JoinRequest.objects.exists())
        self.assertEqual(self.try_code(new), 200)
        self.assertTrue(JoinRequest.objects.filter(student=self.d.ana).exists())

    def save_settings(self, **overrides: object) -> object:
        data = {
            "join_open": "on",
            "expires_at": "",
            "needs_approval": "on",
            "students_may_change_password": "on",
        } | overrides
        data = {k: v for k, v in data.items() if v is not None}
        self.client.force_login(self.d.tomas)
        return self.client.post(reverse("accounts:joining", args=[self.d.c7b.pk]), data)

    def test_closing_joining_refuses_the_code(self) -> None:
        self.save_settings(join_open=None)
        self.assertFalse(Classroom.objects.get(pk=self.d.c7b.pk).join_open)
        self.try_code(self.d.c7b.join_code)
        self.assertFalse(JoinRequest.objects.exists())

    def test_the_code_expires(self) -> None:
        when = timezone.localtime() + timedelta(days=2)
        r = self.save_settings(expires_at=when.strftime("%Y-%m-%dT%H:%M"))
        self.assertEqual(r.status_code, 302)
        self.try_code(self.d.c7b.join_code)
        self.assertEqual(JoinRequest.objects.count(), 1)
        JoinRequest.objects.all().delete()
        with time_machine.travel(when + timedelta(minutes=1), tick=False):
            self.try_code(self.d.c7b.join_code)
            self.assertFalse(JoinRequest.objects.exists())
            self.client.force_login(self.d.tomas)
            roster = self.client.get(reverse("accounts:roster", args=[self.d.c7b.pk]))
            self.assertContains(roster, "The code has expired")

    def test_an_expiry_in_the_past_or_far_future_is_refused_and_nothing_changes(self) -> None:
        for when in [
            timezone.localtime() - timedelta(hours=1),
            timezone.localtime().replace(year=2999),
        ]:
            with self.subTest(when=when):
                r = self.save_settings(
                    expires_at=when.strftime("%Y-%m-%dT%H:%M"), needs_approval=None
                )
                self.assertEqual(r.status_code, 400)
                classroom = Classroom.objects.get(pk=self.d.c7b.pk)
                self.assertIsNone(classroom.join_code_expires_at)
                self.assertTrue(classroom.join_needs_approval)

    def test_turning_approval_off_enrols_at_once(self) -> None:
        self.save_settings(needs_approval=None)
        self.assertEqual(self.try_code(self.d.c7b.join_code), 302)
        self.assertTrue(
            Enrollment.objects.filter(student=self.d.ana, classroom=self.d.c7b).exists()
        )

    def test_only_a_teacher_of_the_class_changes_its_code(self) -> None:
        old = self.d.c7b.join_code
        for who in [self.d.uma, self.d.ana, self.d.zed]:
            with self.subTest(who=who.username):
                self.client.force_login(who)
                for name in ["accounts:join-code-rotate", "accounts:joining"]:
                    r = self.client.post(reverse(name, args=[self.d.c7b.pk]), {"join_open": ""})
                    self.assertEqual(r.status_code, 404)
        classroom = Classroom.objects.get(pk=self.d.c7b.pk)
        self.assertEqual(classroom.join_code, old)
        self.assertTrue(classroom.join_open)


class CodeGuessingTests(BaseTestCase):
    def sign_up(self, code: str, address: str = "10.1.0.1"):
        data = {"join_code": code, "first_name": "Gus", "password": "purple-otter-91"}
        return self.client.post(reverse("accounts:join"), data, REMOTE_ADDR=address)

    def test_twenty_wrong_codes_do_not_let_the_right_one_through(self) -> None:
        for n in range(20):
            r = self.sign_up(f"WRONG{n}")
            self.assertIn(r.status_code, (200, 429))
        r = self.sign_up(self.d.c7b.join_code)
        self.assertContains(r, "Too many wrong class codes.", status_code=429)
        self.assertFalse(User.objects.filter(first_name="Gus").exists())
        # Another address is not held up by this one.
        r = self.sign_up(self.d.c7b.join_code, address="10.1.0.2")
        self.assertEqual(r.status_code, 200)
        self.assertTrue(User.objects.filter(first_name="Gus").exists())

    def test_the_right_code_works_again_once_the_pause_ends(self) -> None:
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.sign_up(f"WRONG{n}")
        self.assertEqual(self.sign_up(self.d.c7b.join_code).status_code, 429)
        later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)
        with time_machine.travel(later, tick=False):
            r = self.sign_up(self.d.c7b.join_code)
            self.assertContains(r, "Waiting for your teacher")

    def test_a_signed_in_student_guessing_codes_is_paused_too(self) -> None:
        self.client.force_login(self.d.ana)
        url = reverse("accounts:join-code")
        for n in range(20):
            self.client.post(url, {"join_code": f"WRONG{n}"}, REMOTE_ADDR=f"10.2.0.{n}")
        r = self.client.post(url, {"join_code": self.d.c7b.join_code}, REMOTE_ADDR="10.2.1.1")
        self.assertContains(r, "Too many wrong class codes.", status_code=429)
        self.assertFalse(JoinRequest.objects.exists())

    def test_a_few_mistyped_codes_are_fine(self) -> None:
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            self.sign_up(f"WRONG{n}")
        r = self.sign_up(self.d.c7b.join_code)
        self.assertContains(r, "Your account is ready")


class TeacherSetsPasswordTests(BaseTestCase):
    def url(self, classroom: Classroom, student: User) -> str:
        return reverse("accounts:student-password", args=[classroom.pk, student.pk])

    def test_the_teacher_types_a_new_password_and_it_works_at_once(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.url(self.d.c7a, self.d.ana))
        self.assertContains(page, "New password for <span data-content>Ana A</span>")
        r = self.client.post(
            self.url(self.d.c7a, self.d.ana), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        )
        self.assertRedirects(r, reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.client.logout()
        self.assertFalse(password_login(self.client, "ana", PASSWORD))
        self.assertTrue(password_login(self.client, "ana", NEW_PASSWORD))

    def test_a_weak_or_mismatched_password_is_refused_and_nothing_changes(self) -> None:
        self.client.force_login(self.d.tomas)
        for data, message in [
            ({"password": "short", "confirm": "short"}, "Use at least 8 characters."),
            ({"password": "12345678901", "confirm": "12345678901"}, "entirely numeric"),
            ({"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}, "not the same"),
        ]:
            with self.subTest(message=message):
                r = self.client.post(self.url(self.d.c7a, self.d.ana), data)
                self.assertContains(r, message)
        self.client.logout()
        self.assertTrue(password_login(self.client, "ana", PASSWORD))

    def test_nobody_else_sets_a_students_password(self) -> None:
        for who, classroom in [
            (self.d.uma, self.d.c7a),
            (self.d.uma, self.d.c8c),  # her own class, but Ana is not in it
            (self.d.ben, self.d.c7a),
            (self.d.zed, self.d.c7a),
        ]:
            with self.subTest(who=who.username, classroom=classroom.name):
                self.client.force_login(who)
                url = self.url(classroom, self.d.ana)
                data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url, data).status_code, 404)
        self.client.logout()
        self.assertTrue(password_login(self.client, "ana", PASSWORD))


class OwnPasswordTests(BaseTestCase):
    URL = "/password/"

    def change(self, user: User, new: str) -> object:
        self.client.force_login(user)
        return self.client.post(
            self.URL,
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
            follow=True,
        )

    def test_a_student_changes_their_own_password(self) -> None:
        r = self.change(self.d.ana, NEW_PASSWORD)
        self.assertContains(r, "Your password is changed.")
        self.client.logout()
        self.assertTrue(password_login(self.client, "ana", NEW_PASSWORD))

    def test_a_class_that_keeps_passwords_with_the_teacher_refuses(self) -> None:
        Classroom.objects.filter(pk=self.d.c7a.pk).update(students_may_change_password=False)
        self.client.force_login(self.d.ana)
        self.assertContains(self.client.get(self.URL), "Your teacher looks after the passwords")
        self.change(self.d.ana, NEW_PASSWORD)
        self.client.logout()
        self.assertTrue(password_login(self.client, "ana", PASSWORD))
        # Another class's setting does not touch Ana.
        self.assertTrue(password_login(self.client, "cara", PASSWORD))
        self.assertContains(self.change(self.d.cara, NEW_PASSWORD), "Your password is changed.")

    def test_staff_need_twelve_characters(self) -> None:
        r = self.change(self.d.tomas, "elevenchars")
        self.assertContains(r, "at least 12 characters")
        r = self.change(self.d.tomas, "a-long-enough-phrase")
        self.assertContains(r, "Your password is changed.")

    def test_the_wrong_old_password_changes_nothing(self) -> None:
        self.client.force_login(self.d.ana)
        self.client.post(
            self.URL,
            {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        self.client.logout()
        self.assertTrue(password_login(self.client, "ana", PASSWORD))

    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        r = self.client.get(self.URL)
        self.assertEqual(r.status_code, 302)
        self.assertIn(reverse("accounts:login"), r["Location"])
