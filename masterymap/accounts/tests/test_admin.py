"""The Django admin covers every model, for the school's IT person."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from masterymap.accounts.models import User
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


class AdminTests(BaseTestCase):
    def test_every_model_of_ours_is_registered_and_its_pages_open(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        superuser = User.objects.create_superuser("it", "it@example.org", "x", role="school_admin")
        self.client.force_login(superuser)
        ours = [m for m in apps.get_models() if m.__module__.startswith("masterymap.")]
        self.assertGreaterEqual(len(ours), 11)
        for model in ours:
            with self.subTest(model=model.__name__):
                self.assertTrue(admin.site.is_registered(model))
                meta = model._meta
                changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
                self.assertEqual(self.client.get(changelist).status_code, 200)
                first = model.objects.first()
                if first is not None:
                    change = reverse(
                        f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]
                    )
                    self.assertEqual(self.client.get(change).status_code, 200)

    def test_teachers_and_students_cannot_open_the_admin(self) -> None:
        for user in (self.d.tomas, self.d.ana):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(reverse("admin:index"))
                self.assertEqual(r.status_code, 302)
