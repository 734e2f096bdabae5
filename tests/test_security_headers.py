"""Safer pages on shared classroom devices: every page carries a Content-Security-Policy and a
Permissions-Policy; nothing shown to a signed-in person is cached by the browser; a session
ends after SESSION_IDLE_MINUTES idle (and after SESSION_COOKIE_AGE in any case); logging out
ends the session on the server and asks the browser to forget its storage."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from masterymap.test import PASSWORD, BaseTestCase

ADDRESS = "10.9.9.9"


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}."""
    directives: dict[str, list[str]] = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class SecurityHeaderTests(BaseTestCase):
    def sign_in(self, username: str, client: Client | None = None) -> Client:
        client = client or self.client
        r = client.post(
            reverse("accounts:login"),
            {"username": username, "password": PASSWORD},
            REMOTE_ADDR=ADDRESS,
        )
        self.assertEqual(r.status_code, 302, f"{username} could not log in")
        return client

    def tracker_url(self) -> str:
        d = self.d
        return reverse("workflows:tracker", args=[d.c7a.pk, d.ana.pk])

    def grid_url(self) -> str:
        return reverse("mastery:grid", args=[self.d.c7a.pk])

    # --- Content-Security-Policy -----------------------------------------------------------

    def test_pages_allow_only_their_own_scripts_styles_and_images(self) -> None:
        anonymous = self.client.get(reverse("accounts:login"))
        self.sign_in("tomas")
        grid = self.client.get(self.grid_url())
        missing = self.client.get("/no-such-page/")
        for response in (anonymous, grid, missing):
            with self.subTest(response.request["PATH_INFO"]):
                csp = policy(response)
                self.assertEqual(csp["default-src"], ["'self'"])
                self.assertEqual(csp["script-src"], ["'self'"])
                self.assertEqual(csp["style-src"], ["'self'"])
                self.assertEqual(csp["img-src"], ["'self'"])
                self.assertEqual(csp["form-action"], ["'self'"])
                self.assertEqual(csp["frame-ancestors"], ["'none'"])
                self.assertEqual(csp["base-uri"], ["'none'"])
                self.assertEqual(csp["object-src"], ["'none'"])
                header = response.headers["Content-Security-Policy"]
                self.assertNotIn("unsafe", header)
                self.assertNotIn("http", header)  # no third-party origin

    def test_pages_have_no_inline_script_or_style(self) -> None:
        # The browser suite fails on any CSP violation; this catches the obvious ones fast.
        self.sign_in("tomas")
        d = self.d
        urls = [
            reverse("home"),
            self.grid_url(),
            self.tracker_url(),
            reverse("mastery:policy", args=[d.c7a.pk]),
            reverse("accounts:roster", args=[d.c7a.pk]),
            reverse("standards:map-list"),
        ]
        for url in urls:
            with self.subTest(url):
                html = self.client.get(url).content.decode()
                self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)(?![^>]*application/json)")
                self.assertNotRegex(html, r"<style|\sstyle=|\son[a-z]+=|javascript:")

    def test_htmx_adds_no_inline_style_and_runs_no_eval(self) -> None:
        html = self.client.get(reverse("accounts:login")).content.decode()
        self.assertIn('"includeIndicatorStyles": false', html)
        self.assertIn('"allowEval": false', html)

    # --- Permissions-Policy ----------------------------------------------------------------

    def test_pages_deny_devices_the_app_never_uses(self) -> None:
        self.sign_in("ana")
        header = self.client.get(reverse("home"), follow=True).headers["Permissions-Policy"]
        features = dict(part.split("=", 1) for part in header.split(", "))
        for denied in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
            self.assertEqual(features[denied], "()", denied)
        # Reading aloud (speechSynthesis) needs no permission; sound output stays allowed.
        for used in ("speaker-selection", "autoplay", "fullscreen"):
            self.assertNotIn(used, features)

    # --- Cache-Control ---------------------------------------------------------------------

    def assert_not_stored(self, response) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertIn("private", response.headers["Cache-Control"])
        self.assertEqual(response.headers["Pragma"], "no-cache")

    def test_a_students_tracker_is_never_cached(self) -> None:
        self.sign_in("ana")
        self.assert_not_stored(self.client.get(self.tracker_url()))
        self.assert_not_stored(
            self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        )

    def test_a_teachers_grid_and_its_partials_are_never_cached(self) -> None:
        self.sign_in("tomas")
        self.assert_not_stored(self.client.get(self.grid_url()))
        self.assert_not_stored(self.client.get(self.grid_url(), HTTP_HX_REQUEST="true"))
        self.assert_not_stored(self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk])))

    def test_static_files_stay_cacheable_for_a_signed_in_student(self) -> None:
        with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
            client = self.sign_in("ana", Client())
            r = client.get("/static/js/attempt.js")
            self.assertEqual(r.status_code, 200)
            self.assertNotIn("no-store", r.headers.get("Cache-Control", ""))

    # --- Logout ----------------------------------------------------------------------------

    def test_a_copied_session_cookie_no_longer_works_after_logout(self) -> None:
        self.sign_in("ana")
        self.assertEqual(self.client.get(self.tracker_url()).status_code, 200)
        stolen = self.client.cookies[settings.SESSION_COOKIE_NAME].value

        r = self.client.post(reverse("accounts:logout"))
        self.assertRedirects(r, reverse("accounts:login"), fetch_redirect_response=False)
        # The browser forgets the answers kept for autosave (shared_device.js does too).
        self.assertEqual(r.headers["Clear-Site-Data"], '"storage"')
        self.assertFalse(Session.objects.filter(session_key=stolen).exists())

        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
        r = thief.get(self.tracker_url())
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r.url.startswith(reverse("accounts:login")))

    def test_logout_is_post_only(self) -> None:
        self.sign_in("ana")
        self.assertEqual(self.client.get(reverse("accounts:logout")).status_code, 405)
        self.assertEqual(self.client.get(self.tracker_url()).status_code, 200)
        html = self.client.get(self.tracker_url()).content.decode()
        self.assertRegex(html, r'<form class="logout" method="post" action="/logout/">')

    # --- Idle sessions ---------------------------------------------------------------------

    def at(self, moment: datetime, url: str | None = None):
        """GET `url` (the tracker) at `moment`; returns the response."""
        with time_machine.travel(moment, tick=False):
            return self.client.get(url or self.tracker_url())

    def signed_in_at(self, start: datetime, username: str = "ana") -> None:
        with time_machine.travel(start, tick=False):
            self.sign_in(username)

    def assert_signed_out(self, response) -> None:
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.url.startswith(reverse("accounts:login")))

    def test_a_session_ends_after_an_hour_without_a_request(self) -> None:
        self.assertEqual(settings.SESSION_IDLE_MINUTES, 60)  # the default schools get
        start = timezone.now()
        self.signed_in_at(start)
        key = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.assertEqual(self.at(start + timedelta(minutes=58)).status_code, 200)
        self.assert_signed_out(self.at(start + timedelta(minutes=58 + 61)))
        # Ended on the server too: the cookie is worthless.
        with time_machine.travel(start + timedelta(minutes=58 + 61), tick=False):
            self.assertFalse(
                Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()
            )

    def test_working_keeps_the_session_alive_until_its_maximum_age(self) -> None:
        start = timezone.now()
        self.signed_in_at(start)
        minutes = 0
        while minutes + 50 < settings.SESSION_COOKIE_AGE / 60:
            minutes += 50
            self.assertEqual(self.at(start + timedelta(minutes=minutes)).status_code, 200)
        self.assertGreater(minutes, 11 * 60)  # far past one idle hour
        # SESSION_COOKIE_AGE (12 h) after logging in, the login ends however busy it was.
        self.assert_signed_out(self.at(start + timedelta(seconds=settings.SESSION_COOKIE_AGE)))

    @override_settings(SESSION_IDLE_MINUTES=5)
    def test_the_idle_time_is_configurable(self) -> None:
        start = timezone.now()
        self.signed_in_at(start)
        self.assertEqual(self.at(start + timedelta(minutes=4)).status_code, 200)
        self.assertEqual(self.at(start + timedelta(minutes=8)).status_code, 200)
        self.assert_signed_out(self.at(start + timedelta(minutes=8 + 6)))

    def test_the_session_is_written_at_most_once_a_minute(self) -> None:
        start = timezone.now()
        self.signed_in_at(start)
        cookie = settings.SESSION_COOKIE_NAME
        refreshed = self.at(start + timedelta(minutes=2))
        self.assertIn(cookie, refreshed.cookies)  # a new expiry: an hour from now
        self.assertEqual(refreshed.cookies[cookie]["max-age"], 60 * 60)
        quiet = self.at(start + timedelta(minutes=2, seconds=30))
        self.assertNotIn(cookie, quiet.cookies)  # no session write for this request
        self.assertIn(cookie, self.at(start + timedelta(minutes=3, seconds=1)).cookies)

    def test_an_autosave_after_the_session_ended_sends_the_tab_to_log_in(self) -> None:
        from masterymap.workflows.actions import start_attempt

        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        start = timezone.now()
        self.signed_in_at(start)
        sheet = f"http://testserver/attempts/{attempt.pk}/"
        url = reverse("workflows:attempt-autosave", args=[attempt.pk])
        with time_machine.travel(start + timedelta(minutes=61), tick=False):
            r = self.client.post(url, {}, headers={"HX-Request": "true", "HX-Current-URL": sheet})
        # Not the login page swapped into the save bar: the whole tab goes to log in, and
        # back to the answer sheet afterwards (where the device's copy is kept for it).
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["HX-Redirect"], f"/login/?next=/attempts/{attempt.pk}/")
        self.assertEqual(r.content, b"")
