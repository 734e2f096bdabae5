"""Password guessing is throttled per account and per address (django-axes): the login
says when to try again, the right password works again once the pause ends, and a teacher
can unlock a student of their class sooner (and nobody else can)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.views import client_address
from masterymap.test import PASSWORD, BaseTestCase

LOGIN = "/login/"


class LoginThrottleTests(BaseTestCase):
    def guess(self, username: str, password: str, address: str = "10.0.0.1"):
        return self.client.post(
            LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def logged_in_as(self) -> str | None:
        r = self.client.get(reverse("home"))
        user = r.wsgi_request.user
        return user.username if user.is_authenticated else None

    def test_twenty_wrong_guesses_do_not_let_the_right_password_through(self) -> None:
        for n in range(20):
            r = self.guess("ana", f"wrong-{n}")
            self.assertIn(r.status_code, (200, 429))
        r = self.guess("ana", PASSWORD)
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Too many wrong passwords.", status_code=429)
        self.assertContains(r, "Your teacher can unlock your account sooner", status_code=429)
        self.assertIsNone(self.logged_in_as())
        # From another address too: the account itself is paused.
        r = self.guess("ana", PASSWORD, address="10.0.0.2")
        self.assertEqual(r.status_code, 429)
        self.assertIsNone(self.logged_in_as())

    def test_the_right_password_works_again_once_the_pause_ends(self) -> None:
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.guess("ana", f"wrong-{n}")
        self.assertEqual(self.guess("ana", PASSWORD).status_code, 429)
        later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)
        with time_machine.travel(later, tick=False):
            r = self.guess("ana", PASSWORD)
            self.assertEqual(r.status_code, 302)
            self.assertEqual(self.logged_in_as(), "ana")

    def test_one_address_guessing_many_accounts_is_paused(self) -> None:
        # A whole school can share one address, so it takes more failures than one account.
        for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
            self.guess(f"nobody-{n % 40}", "wrong")
        self.assertEqual(self.guess("ben", PASSWORD).status_code, 302)
        self.client.logout()
        self.guess("nobody-x", "wrong")
        # Even a real account with its right password waits, from that address only.
        self.assertEqual(self.guess("ben", PASSWORD).status_code, 429)
        self.assertIsNone(self.logged_in_as())
        self.assertEqual(self.guess("ben", PASSWORD, address="10.0.0.3").status_code, 302)

    def test_logging_in_to_ones_own_account_does_not_clear_guesses_at_another(self) -> None:
        for _round in range(5):
            for _n in range(settings.AXES_FAILURE_LIMIT - 1):
                self.guess("ana", "wrong")
            self.assertEqual(self.guess("ben", PASSWORD).status_code, 302)
            self.client.logout()
        self.assertEqual(self.guess("ana", PASSWORD).status_code, 429)
        self.assertIsNone(self.logged_in_as())

    def test_a_few_mistakes_then_the_right_password_is_fine(self) -> None:
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            r = self.guess("ana", f"wrong-{n}")
            self.assertContains(r, "do not match")
        self.assertEqual(self.guess("ana", PASSWORD).status_code, 302)

    def test_the_pause_is_explained_in_spanish(self) -> None:
        self.client.post(reverse("accounts:language"), {"language": "es", "next": LOGIN})
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.guess("ana", f"wrong-{n}")
        r = self.guess("ana", PASSWORD)
        self.assertContains(r, '<html lang="es">', status_code=429)
        self.assertContains(r, "Demasiadas contraseñas incorrectas.", status_code=429)


class TeacherUnlockTests(BaseTestCase):
    def lock(self, username: str) -> None:
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(
                LOGIN, {"username": username, "password": f"x{n}"}, REMOTE_ADDR="10.1.1.1"
            )
        self.client.cookies.clear()

    def unlock_url(self, classroom, student) -> str:
        return reverse("accounts:student-unlock", args=[classroom.pk, student.pk])

    def test_the_teacher_sees_the_pause_and_unlocks_the_student(self) -> None:
        self.lock("ana")
        self.client.force_login(self.d.tomas)
        roster = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(roster, "Paused: too many wrong passwords", count=1)
        r = self.client.post(self.unlock_url(self.d.c7a, self.d.ana))
        self.assertRedirects(r, reverse("accounts:roster", args=[self.d.c7a.pk]))
        roster = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertNotContains(roster, "Paused: too many wrong passwords")
        self.client.logout()
        r = self.client.post(
            LOGIN, {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.2.2.2"
        )
        self.assertEqual(r.status_code, 302)

    def test_only_a_teacher_of_the_students_class_can_unlock(self) -> None:
        self.lock("ana")
        denied = [
            (self.d.uma, self.d.c7a, self.d.ana, 404),  # not her class
            (self.d.ben, self.d.c7a, self.d.ana, 404),  # a student
            (self.d.tomas, self.d.c7b, self.d.ana, 302),  # his class, but Ana is not in it
        ]
        for user, classroom, student, status in denied:
            with self.subTest(user=user.username, classroom=classroom.name):
                self.client.force_login(user)
                r = self.client.post(self.unlock_url(classroom, student))
                self.assertEqual(r.status_code, status)
        self.client.logout()
        r = self.client.post(
            LOGIN, {"username": "ana", "password": PASSWORD}, REMOTE_ADDR="10.3.3.3"
        )
        self.assertEqual(r.status_code, 429, "still paused: nobody allowed unlocked her")

    def test_unlocking_needs_a_post(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.unlock_url(self.d.c7a, self.d.ana))
        self.assertEqual(r.status_code, 405)


class ClientAddressTests(SimpleTestCase):
    def test_the_address_counted_behind_trusted_proxies(self) -> None:
        cases = [  # proxies, REMOTE_ADDR, X-Forwarded-For, counted address
            (0, "10.0.0.1", "6.6.6.6", "10.0.0.1"),  # no proxy: a forged header is ignored
            (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
            (1, "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client wrote 6.6.6.6
            (2, "10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
            (1, "10.0.0.1", "", "10.0.0.1"),  # a missing header: the proxy's own
        ]
        factory = RequestFactory()
        for proxies, remote, forwarded, expected in cases:
            with self.subTest(proxies=proxies, forwarded=forwarded):
                request = factory.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
                with override_settings(TRUSTED_PROXY_COUNT=proxies):
                    self.assertEqual(client_address(request), expected)
