"""A school admin reads the wrong passwords typed for their school's accounts and who is
paused; nobody else can, and another school's accounts never show."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from masterymap.test import BaseTestCase

URL = reverse("accounts:sign-in-events")


class SignInEventsTests(BaseTestCase):
    def wrong(self, username: str, times: int, address: str) -> None:
        for n in range(times):
            self.client.post(
                "/login/", {"username": username, "password": f"nope-{n}"}, REMOTE_ADDR=address
            )
        self.client.cookies.clear()

    def test_the_school_admin_sees_their_schools_accounts_and_who_is_paused(self) -> None:
        self.wrong("ana", settings.AXES_FAILURE_LIMIT, "10.9.0.1")
        self.wrong("tomas", 2, "10.9.0.2")
        self.wrong("zed", 3, "10.9.0.3")  # another school's admin
        self.wrong("no-such-user", 2, "10.9.0.4")
        self.client.force_login(self.d.ada)
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn(">ana<", html)
        self.assertIn(">tomas<", html)
        self.assertIn("10.9.0.1", html)
        self.assertNotIn("zed", html)
        self.assertNotIn("no-such-user", html)
        self.assertContains(r, "🔒 Paused", count=1)  # Ana; Tomás can still log in
        self.assertContains(r, "Can log in", count=1)

    def test_nobody_else_reads_them(self) -> None:
        for user in [self.d.tomas, self.d.ana]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(URL).status_code, 404)
        self.client.logout()
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])

    def test_no_events_says_so(self) -> None:
        self.client.force_login(self.d.ada)
        self.assertContains(self.client.get(URL), "No wrong passwords recorded")
