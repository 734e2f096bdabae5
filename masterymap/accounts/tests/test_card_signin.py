"""Logging in with the login card (issue 14): a student's printed card carries a QR code and
a link with a random key; opening it asks "Log in as Ana?" and only the button (a POST) logs
in. A new card, or a new password, revokes the old card's key; a deactivated or paused
student, a staff account and a wrong key get nowhere. Only the key's SHA-256 is stored."""

from __future__ import annotations

import hashlib
import logging
import re

from axes.models import AccessLog
from django.conf import settings
from django.urls import reverse

from masterymap.accounts import people
from masterymap.accounts.actions import (
    enrol_students_by_name,
    reset_student_passwords,
    set_student_password,
    unlock_student,
)
from masterymap.accounts.models import User, card_key_digest
from masterymap.lib.logs import HideCardKeys
from masterymap.test import PASSWORD, BaseTestCase

CARD_LINK = re.compile(r"http://testserver/card/([A-Za-z0-9_-]{43})/")


def card_url(key: str) -> str:
    return reverse("accounts:card", args=[key])


class CardSigninTests(BaseTestCase):
    def print_card(self, student: User) -> str:
        """Tomás prints a new login card for `student` from the roster; the key on it."""
        self.client.force_login(self.d.tomas)
        url = reverse("accounts:login-cards", args=[self.d.c7a.pk])
        r = self.client.post(url, {"students": [student.pk]})
        self.assertEqual(r.status_code, 200)
        keys = CARD_LINK.findall(r.content.decode())
        self.assertEqual(len(set(keys)), 1, "one card, one link")
        self.assertContains(r, '<svg class="qr" role="img"')
        self.client.logout()
        return keys[0]

    def logged_in_as(self) -> str | None:
        user = self.client.get(reverse("home")).wsgi_request.user
        return user.username if user.is_authenticated else None

    def users(self) -> list[tuple]:
        return list(
            User.objects.order_by("pk").values_list(
                "pk", "password", "card_key_hash", "last_login", "is_active"
            )
        )

    # --- the card and its key ----------------------------------------------------------

    def test_a_printed_card_has_a_link_that_asks_before_logging_in(self) -> None:
        key = self.print_card(self.d.ana)
        r = self.client.get(card_url(key))
        self.assertContains(r, "Log in as <span data-content>Ana</span>?")
        self.assertContains(r, f'action="{card_url(key)}"')
        self.assertIn("no-store", r["Cache-Control"])
        self.assertIsNone(self.logged_in_as())

    def test_a_get_never_logs_in_nor_out(self) -> None:
        key = self.print_card(self.d.ana)
        for _n in range(3):  # a link preview, a camera app, the student
            self.client.get(card_url(key))
        self.assertIsNone(self.logged_in_as())
        self.client.force_login(self.d.tomas)
        r = self.client.get(card_url(key))
        self.assertContains(r, "is logged in on this device now and will be logged out")
        self.assertEqual(self.logged_in_as(), "tomas")

    def test_the_button_logs_the_student_in_and_lands_home(self) -> None:
        key = self.print_card(self.d.ana)
        r = self.client.post(card_url(key))
        self.assertRedirects(r, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(self.logged_in_as(), "ana")
        r = self.client.get(reverse("home"))
        self.assertRedirects(r, reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertIsNotNone(User.objects.get(pk=self.d.ana.pk).last_login)
        # The key keeps working (a card is used every morning) until a new card is printed.
        self.client.logout()
        self.client.post(card_url(key))
        self.assertEqual(self.logged_in_as(), "ana")

    def test_whoever_was_logged_in_on_the_device_is_logged_out_first(self) -> None:
        key = self.print_card(self.d.ana)
        self.client.force_login(self.d.tomas)
        r = self.client.post(card_url(key))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(r["Clear-Site-Data"], '"storage"')
        self.assertEqual(self.logged_in_as(), "ana")
        paths = AccessLog.objects.values_list("path_info", flat=True)
        self.assertFalse([p for p in paths if key[:10] in p])

    def test_a_card_made_with_new_students_works_at_once(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            reverse("accounts:roster", args=[self.d.c7a.pk]), {"names": "Nia Okoro\nLi Wei"}
        )
        keys = list(dict.fromkeys(CARD_LINK.findall(r.content.decode())))  # in card order
        self.assertEqual(len(keys), 2)
        self.client.logout()
        self.client.post(card_url(keys[1]))
        self.assertEqual(self.logged_in_as(), "li.wei")

    def test_a_reprinted_card_revokes_the_old_one(self) -> None:
        old = self.print_card(self.d.ana)
        new = self.print_card(self.d.ana)
        self.assertNotEqual(old, new)
        r = self.client.post(card_url(old))
        self.assertEqual(r.status_code, 404)
        self.assertIsNone(self.logged_in_as())
        self.client.post(card_url(new))
        self.assertEqual(self.logged_in_as(), "ana")

    def test_a_password_set_by_hand_or_changed_revokes_the_card(self) -> None:
        key = self.print_card(self.d.ana)
        set_student_password(
            classroom=self.d.c7a, student_id=self.d.ana.pk, password="a-new-one-42", by=self.d.tomas
        )
        self.assertEqual(self.client.get(card_url(key)).status_code, 404)

        key = reset_student_passwords(classroom=self.d.c7a, student_ids=[self.d.ben.pk])[0].card_key
        self.client.force_login(User.objects.get(pk=self.d.ben.pk))
        r = self.client.post(
            reverse("accounts:password-change"),
            {"old_password": "", "new_password1": "x", "new_password2": "x"},
        )
        self.assertEqual(r.status_code, 200, "a refused change keeps the card")
        self.assertIsNotNone(User.objects.get(pk=self.d.ben.pk).card_key_hash)
        password = reset_student_passwords(classroom=self.d.c7a, student_ids=[self.d.ben.pk])[0]
        self.client.force_login(User.objects.get(pk=self.d.ben.pk))
        r = self.client.post(
            reverse("accounts:password-change"),
            {
                "old_password": password.password,
                "new_password1": "quiet-river-stone-88",
                "new_password2": "quiet-river-stone-88",
            },
        )
        self.assertRedirects(r, reverse("home"), fetch_redirect_response=False)
        self.client.logout()
        for old in (key, password.card_key):
            self.assertEqual(self.client.get(card_url(old)).status_code, 404)
        self.assertIsNone(User.objects.get(pk=self.d.ben.pk).card_key_hash)

    def test_the_school_admin_prints_a_students_card_with_its_link(self) -> None:
        self.client.force_login(self.d.ada)
        r = self.client.post(
            reverse("people:student-add"),
            {"student-first_name": "Rosa", "student-last_name": "Diaz"},
        )
        (key,) = set(CARD_LINK.findall(r.content.decode()))
        r = self.client.post(reverse("people:password-reset", args=[self.d.ana.pk]))
        (ana_key,) = set(CARD_LINK.findall(r.content.decode()))
        self.client.logout()
        self.client.post(card_url(key))
        self.assertEqual(self.logged_in_as(), "rosa.diaz")
        self.client.post(card_url(ana_key))
        self.assertEqual(self.logged_in_as(), "ana")

    # --- who is refused --------------------------------------------------------------------

    def test_a_deactivated_student_is_refused_until_reactivated(self) -> None:
        key = self.print_card(self.d.ana)
        people.deactivate_person(admin=self.d.ada, person=self.d.ana)
        for method in (self.client.get, self.client.post):
            r = method(card_url(key))
            self.assertContains(r, "This login card no longer works", status_code=404)
            self.assertNotContains(r, "Ana", status_code=404)
        self.assertIsNone(self.logged_in_as())
        people.reactivate_person(admin=self.d.ada, person=User.objects.get(pk=self.d.ana.pk))
        self.client.post(card_url(key))
        self.assertEqual(self.logged_in_as(), "ana")

    def test_a_student_paused_after_wrong_passwords_waits_or_is_unlocked(self) -> None:
        key = self.print_card(self.d.ana)
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.client.post("/login/", {"username": "ana", "password": f"wrong-{n}"})
        for method in (self.client.get, self.client.post):
            r = method(card_url(key))
            self.assertContains(r, "Too many wrong passwords.", status_code=429)
            self.assertNotContains(r, '<form method="post" action="/card/', status_code=429)
        self.assertIsNone(self.logged_in_as())
        unlock_student(classroom=self.d.c7a, student_id=self.d.ana.pk, by=self.d.tomas)
        self.client.post(card_url(key))
        self.assertEqual(self.logged_in_as(), "ana")

    def test_a_whole_school_paused_for_wrong_passwords_still_logs_in_with_cards(self) -> None:
        # The address's pause is about guessing passwords; a card's key cannot be guessed.
        key = self.print_card(self.d.ana)
        for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
            self.client.post("/login/", {"username": f"nobody-{n % 40}", "password": "wrong"})
        r = self.client.post("/login/", {"username": "ben", "password": PASSWORD})
        self.assertEqual(r.status_code, 429)
        self.client.post(card_url(key))
        self.assertEqual(self.logged_in_as(), "ana")

    def test_staff_never_have_a_key(self) -> None:
        card = people.create_teacher(admin=self.d.ada, first_name="Grace", last_name="Hopper")
        self.assertEqual(card.card_key, "")
        self.assertEqual(
            people.reset_person_password(admin=self.d.ada, person=self.d.tomas).card_key, ""
        )
        self.client.force_login(self.d.ada)
        r = self.client.post(reverse("people:password-reset", args=[self.d.uma.pk]))
        self.assertContains(r, "card-password")
        self.assertNotContains(r, "/card/")
        self.assertNotContains(r, '<svg class="qr"')
        self.assertFalse(User.objects.exclude(role=User.Role.STUDENT).exclude(card_key_hash=None))
        with self.assertRaises(ValueError):
            self.d.tomas.new_card_key()
        # A key stored on a staff account anyway (a role changed in /admin/) opens nothing.
        key = self.print_card(self.d.ana)
        User.objects.filter(pk=self.d.ana.pk).update(role=User.Role.TEACHER)
        self.assertEqual(self.client.post(card_url(key)).status_code, 404)
        self.assertIsNone(self.logged_in_as())

    def test_a_wrong_key_gets_the_404_page_and_changes_nothing(self) -> None:
        self.print_card(self.d.ana)
        before = self.users()
        for key in ("x", "A" * 43, "no-such-card-key-0123456789-abcdefghijklmnop"):
            for method in (self.client.get, self.client.post):
                r = method(card_url(key))
                self.assertContains(r, "This login card no longer works", status_code=404)
                self.assertContains(r, 'href="/login/"', status_code=404)
        self.assertIsNone(self.logged_in_as())
        self.assertEqual(self.users(), before)
        # Not the card alphabet, or too long: the router's own 404.
        self.assertEqual(self.client.get("/card/a.b/").status_code, 404)
        self.assertEqual(self.client.get(f"/card/{'a' * 101}/").status_code, 404)

    # --- what is stored and logged ---------------------------------------------------------

    def test_only_the_keys_sha256_is_stored(self) -> None:
        key = self.print_card(self.d.ana)
        stored = User.objects.get(pk=self.d.ana.pk).card_key_hash
        self.assertEqual(stored, hashlib.sha256(key.encode()).hexdigest())
        self.assertEqual(stored, card_key_digest(key))
        self.assertNotEqual(stored, key)
        row = User.objects.filter(pk=self.d.ana.pk).values().get()
        self.assertFalse([f for f, v in row.items() if isinstance(v, str) and key in v])

    def test_the_key_is_never_logged(self) -> None:
        key = self.print_card(self.d.ana)
        with self.assertLogs("masterymap.accounts", level="INFO") as logs:
            self.client.get(card_url(key[:-1]))
            self.client.post(card_url(key[:-1]))
            self.client.post(card_url(key))
        self.assertEqual(self.logged_in_as(), "ana")
        text = "\n".join(logs.output)
        self.assertIn("logged in with login card: student=ana", text)
        self.assertNotIn(key[:-1], text)
        # axes keeps the path of every login: without the key.
        paths = list(AccessLog.objects.values_list("path_info", flat=True))
        self.assertIn("/card/…/", paths)
        self.assertFalse([p for p in paths if key[:10] in p])
        # Django logs a 404's path ("Not Found: /card/<key>/"): the handlers' filter hides it.
        record = logging.LogRecord(
            "django.request", logging.WARNING, "", 0, "Not Found: %s", (card_url(key),), None
        )
        self.assertTrue(HideCardKeys().filter(record))
        self.assertEqual(record.getMessage(), "Not Found: /card/…/")
        self.assertIn("hide_card_keys", settings.LOGGING["handlers"]["console"]["filters"])

    def test_the_card_page_and_logging_in_take_few_queries(self) -> None:
        key = self.print_card(self.d.ana)
        with self.assertNumQueries(2):  # the student, and whether they are paused
            self.client.get(card_url(key))
        with self.assertNumQueries(1):
            self.client.get(card_url("A" * 43))  # no student, and nothing else
        # The student and the pause; the new session (3, 2 of them savepoints); axes' clean-up
        # of expired failures, its access log and clearing the student's failures (3); the
        # last login; the session saved with the idle clock (3). None per student or class.
        with self.assertNumQueries(13):
            r = self.client.post(card_url(key))
        self.assertEqual(r.status_code, 302)


class CardKeyTests(BaseTestCase):
    def test_each_new_card_has_its_own_43_character_key(self) -> None:
        cards = enrol_students_by_name(classroom=self.d.c7a, names_text="A One\nB Two\nC Three")
        keys = {c.card_key for c in cards}
        self.assertEqual(len(keys), 3)
        self.assertTrue(all(re.fullmatch(r"[A-Za-z0-9_-]{43}", k) for k in keys))
