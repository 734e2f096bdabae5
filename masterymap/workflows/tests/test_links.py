"""Short links and the QR sheet: a scan lands a student on the standard's card (after
signing in), a teacher on the grid, anyone else on a 404."""

from __future__ import annotations

from django.urls import reverse

from masterymap.test import BaseTestCase


class LinkTests(BaseTestCase):
    def test_a_standards_link_opens_its_card_on_the_students_map(self) -> None:
        url = reverse("workflows:go-standard", args=[self.d.c7a.pk, self.d.s1.pk])
        anonymous = self.client.get(url)
        self.assertRedirects(
            anonymous, reverse("accounts:login") + "?next=" + url, fetch_redirect_response=False
        )
        self.client.force_login(self.d.ana)
        landed = self.client.get(url)
        self.assertRedirects(
            landed,
            reverse("workflows:student-map", args=[self.d.c7a.pk]) + f"#standard-{self.d.s1.pk}",
            fetch_redirect_response=False,
        )
        card = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(card, f'id="standard-{self.d.s1.pk}"')
        self.assertContains(card, f'id="ready-{self.d.s1.pk}"')
        self.client.force_login(self.d.tomas)
        self.assertRedirects(
            self.client.get(url),
            reverse("mastery:grid", args=[self.d.c7a.pk]),
            fetch_redirect_response=False,
        )

    def test_links_of_a_class_not_yours_are_404(self) -> None:
        rows = [
            (self.d.cara, reverse("workflows:go-standard", args=[self.d.c7a.pk, self.d.s1.pk])),
            (self.d.ana, reverse("workflows:go-map", args=[self.d.c7b.pk])),
            (self.d.uma, reverse("workflows:go-standard", args=[self.d.c7a.pk, self.d.s1.pk])),
            (self.d.ana, reverse("workflows:qr-sheet", args=[self.d.c7a.pk])),
            (self.d.uma, reverse("workflows:qr-sheet", args=[self.d.c7a.pk])),
            (self.d.dev, reverse("workflows:go-standard", args=[self.d.c8c.pk, self.d.s1.pk])),
        ]
        for user, url in rows:
            with self.subTest(user=user.username, url=url):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_sheet_has_a_qr_code_and_a_short_link_per_standard_and_the_map(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(reverse("workflows:qr-sheet", args=[self.d.c7a.pk]))
        html = page.content.decode()
        self.assertEqual(html.count('<svg class="qr" role="img"'), 3, "the map and two standards")
        for path in (
            reverse("workflows:go-map", args=[self.d.c7a.pk]),
            reverse("workflows:go-standard", args=[self.d.c7a.pk, self.d.s1.pk]),
            reverse("workflows:go-standard", args=[self.d.c7a.pk, self.d.s2.pk]),
        ):
            self.assertIn(f"http://testserver{path}", html)
        self.assertContains(page, 'aria-label="QR code for 7.RP.A.1"')
        self.assertNotContains(page, "style=")
