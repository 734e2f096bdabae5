"""A form printed for a class: lettered choices, a QR code naming the form, the key only
when asked for, and only for the teachers who edit the map."""

from __future__ import annotations

from django.urls import reverse

from masterymap.test import BaseTestCase


class FormPrintTests(BaseTestCase):
    def test_the_copy_and_its_key(self) -> None:
        url = reverse("assessments:form-print", args=[self.d.s1_form_a.pk])
        self.client.force_login(self.d.tomas)
        copy = self.client.get(url)
        self.assertContains(copy, "7.RP.A.1 · form A")
        self.assertContains(copy, 'aria-label="QR code naming 7.RP.A.1 · form A"')
        self.assertContains(copy, "Pick <strong>Right</strong>.")
        self.assertNotContains(copy, "Answer key")
        self.assertNotContains(copy, "SECRET-FEEDBACK")
        with_key = self.client.get(url + "?key=1")
        self.assertContains(with_key, "Answer key")
        self.assertContains(with_key, "three quarters")
        self.assertNotContains(with_key, "style=")

    def test_students_and_teachers_of_other_schools_get_404(self) -> None:
        url = reverse("assessments:form-print", args=[self.d.s1_form_a.pk])
        for user in (self.d.ana, self.d.zed):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url + "?key=1").status_code, 404)
