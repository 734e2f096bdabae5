"""The language control: before login the browser (or the cookie) decides; a signed-in
user's choice is remembered on their account; a school has a default."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from masterymap.test import PASSWORD, BaseTestCase


class LanguageTests(BaseTestCase):
    def switch(self, language: str, next_url: str = "/login/"):
        return self.client.post(
            reverse("accounts:language"), {"language": language, "next": next_url}
        )

    def test_before_login_the_browsers_preference_decides(self) -> None:
        r = self.client.get(reverse("accounts:login"), headers={"accept-language": "es-MX,es"})
        self.assertContains(r, '<html lang="es">')
        r = self.client.get(reverse("accounts:login"), headers={"accept-language": "en-GB"})
        self.assertContains(r, '<html lang="en">')

    def test_the_control_sets_a_cookie_and_goes_back_to_the_page(self) -> None:
        r = self.switch("es", "/login/?next=/")
        self.assertRedirects(r, "/login/?next=/", fetch_redirect_response=False)
        self.assertEqual(r.cookies[settings.LANGUAGE_COOKIE_NAME].value, "es")
        page = self.client.get(reverse("accounts:login"), headers={"accept-language": "en"})
        self.assertContains(page, '<html lang="es">')

    def test_a_signed_in_users_choice_is_remembered_on_their_account(self) -> None:
        self.client.force_login(self.d.ana)
        self.switch("es", reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.d.ana.refresh_from_db()
        self.assertEqual(self.d.ana.language, "es")
        # A new browser (no cookie) still gets Spanish once she signs in.
        self.client.cookies.clear()
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, '<html lang="es">')
        self.assertEqual(r["Content-Language"], "es")

    def test_the_schools_default_applies_to_users_who_never_picked(self) -> None:
        self.d.school.language = "es"
        self.d.school.save(update_fields=["language"])
        self.client.force_login(self.d.ben)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, '<html lang="es">')
        # Resolved at login: the next session follows a change made elsewhere (the admin).
        self.d.ben.language = "en"
        self.d.ben.save(update_fields=["language"])
        self.client.force_login(self.d.ben)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, '<html lang="en">')

    def test_the_language_picked_on_the_login_page_carries_into_the_session(self) -> None:
        self.switch("es")
        r = self.client.post(reverse("accounts:login"), {"username": "ben", "password": PASSWORD})
        self.assertEqual(r.status_code, 302)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, '<html lang="es">')
        self.d.ben.refresh_from_db()
        self.assertEqual(self.d.ben.language, "", "not saved on the account")
        # An account's own choice wins over the login page's.
        self.client.post(reverse("accounts:logout"))
        self.d.ben.language = "en"
        self.d.ben.save(update_fields=["language"])
        self.switch("es")
        self.client.post(reverse("accounts:login"), {"username": "ben", "password": PASSWORD})
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, '<html lang="en">')

    def test_a_tampered_language_or_address_changes_nothing_harmful(self) -> None:
        self.client.force_login(self.d.ana)
        r = self.switch("xx")
        self.assertNotIn(settings.LANGUAGE_COOKIE_NAME, r.cookies)
        self.d.ana.refresh_from_db()
        self.assertEqual(self.d.ana.language, "")
        r = self.switch("es", "https://evil.example/")
        self.assertRedirects(r, "/", fetch_redirect_response=False)

    def test_every_page_offers_the_other_language(self) -> None:
        r = self.client.get(reverse("accounts:login"))
        self.assertContains(r, 'name="language" value="es" lang="es"')
        self.assertContains(r, "Español")
