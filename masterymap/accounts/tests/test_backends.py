"""The signed-in request's session and user, each read with one statement
(accounts/backends.py): what Django's own would let in, and nothing more."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.backends import BACKEND, AccountBackend, SessionStore
from masterymap.test import PASSWORD, BaseTestCase


class SessionAndUserTests(BaseTestCase):
    def signed_in(self) -> str:
        """Ana signs in with her password; the session's key."""
        response = self.client.post(
            reverse("accounts:login"), {"username": "ana", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
        return self.client.session.session_key or ""

    def test_settings_use_these_and_a_password_sign_in_records_this_backend(self) -> None:
        self.assertEqual(settings.SESSION_ENGINE, "masterymap.accounts.backends")
        self.assertIn(BACKEND, settings.AUTHENTICATION_BACKENDS)
        key = self.signed_in()
        self.assertEqual(SessionStore(key).load()[BACKEND_SESSION_KEY], BACKEND)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)  # to her map
        tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
        self.assertEqual(self.client.get(tracker).status_code, 200)

    def test_a_session_is_read_with_one_statement_and_holds_what_was_saved(self) -> None:
        key = self.signed_in()
        store = SessionStore(key)
        with CaptureQueriesContext(connection) as queries:
            data = store.load()
        self.assertEqual(len(queries), 1)
        self.assertEqual(str(data["_auth_user_id"]), str(self.d.ana.pk))
        self.assertEqual(store.session_key, key)

    def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key(self) -> None:
        key = self.signed_in()
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        expired = SessionStore(key)
        self.assertEqual(expired.load(), {})
        self.assertIsNone(expired.session_key)
        unknown = SessionStore("x" * 32)
        self.assertEqual(unknown.load(), {})
        self.assertIsNone(unknown.session_key)
        # The browser still sending the expired key is nobody: sent to log in.
        tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
        self.assertEqual(self.client.get(tracker).status_code, 302)

    def test_the_user_is_read_with_one_statement_and_an_inactive_one_is_nobody(self) -> None:
        backend = AccountBackend()
        with CaptureQueriesContext(connection) as queries:
            user = backend.get_user(self.d.ana.pk)
        self.assertEqual(len(queries), 1)
        self.assertEqual(user, self.d.ana)
        self.assertEqual(user.username if user else None, "ana")
        self.assertIsNone(backend.get_user(10**12))  # no such user
        self.assertIsNone(backend.get_user(2**63))  # no column holds it: nobody, no error
        self.assertEqual(backend.get_user(str(self.d.ana.pk)), self.d.ana)  # as ModelBackend
        self.d.ana.is_active = False
        self.d.ana.save(update_fields=["is_active"])
        self.assertIsNone(backend.get_user(self.d.ana.pk))

    def test_a_deactivated_student_is_signed_out_on_the_next_request(self) -> None:
        self.signed_in()
        type(self.d.ana).objects.filter(pk=self.d.ana.pk).update(is_active=False)
        tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
        self.assertEqual(self.client.get(tracker).status_code, 302)

    def test_a_changed_password_signs_other_sessions_out(self) -> None:
        self.signed_in()
        self.d.ana.set_password("another-pass-456")
        self.d.ana.save()
        tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
        self.assertEqual(self.client.get(tracker).status_code, 302)
