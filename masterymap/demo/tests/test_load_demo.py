from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone, translation

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Form
from masterymap.demo.load import DEMO_PASSWORD, load_demo
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard
from masterymap.test import password_login


class DemoSchoolTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.first = load_demo()

    def test_loading_twice_changes_nothing(self) -> None:
        counts = (User.objects.count(), Attempt.objects.count(), Form.objects.count())
        second = load_demo()
        self.assertTrue(self.first.created)
        self.assertFalse(second.created)
        self.assertEqual(
            counts, (User.objects.count(), Attempt.objects.count(), Form.objects.count())
        )

    def test_the_class_looks_like_a_real_class_a_few_weeks_into_a_term(self) -> None:
        classroom = Classroom.objects.get(name="7A Maths")
        self.assertEqual(classroom.enrollments.count(), 25)
        standards = Standard.objects.filter(mastery_map=classroom.mastery_map)
        self.assertEqual(standards.count(), 12)
        self.assertEqual(standards.values("unit").distinct().count(), 3)
        for standard in standards:
            forms = list(standard.forms.all())
            self.assertGreaterEqual(len(forms), 2, standard.code)
            self.assertTrue(all(f.items.count() == 5 for f in forms), standard.code)
        statuses = set(MasteryRecord.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"mastered", "not_yet", "in_progress"})
        submitted = Attempt.objects.filter(status="submitted")
        self.assertGreater(submitted.count(), 150)
        now = timezone.now()
        oldest = submitted.order_by("submitted_at").first().submitted_at
        newest = submitted.order_by("-submitted_at").first().submitted_at
        self.assertGreater(oldest, now - timedelta(days=29))
        self.assertLess(newest, now)
        self.assertGreater(newest, now - timedelta(days=5))

    def test_the_demo_logins_from_the_readme_work(self) -> None:
        for username in ["tomas", "ada", "aaliyah.johnson", "mateo.hernandez"]:
            with self.subTest(username=username):
                self.assertTrue(password_login(self.client, username, DEMO_PASSWORD))
        # Ada manages accounts in the app; only the IT person opens the Django admin.
        ada = User.objects.get(username="ada")
        self.assertFalse(ada.is_staff or ada.is_superuser)
        self.assertTrue(password_login(self.client, "it.admin", DEMO_PASSWORD))
        it = User.objects.get(username="it.admin")
        self.assertTrue(it.is_staff and it.is_superuser)
        self.assertIsNone(it.school_id)

    def test_the_school_admin_manages_people_in_the_app_and_not_in_the_django_admin(
        self,
    ) -> None:
        self.client.force_login(User.objects.get(username="ada"))
        people = self.client.get("/school/people/", {"role": "teacher"})
        self.assertContains(people, "Tomás Rivera")
        # A teacher who left: shown as deactivated, and she cannot log in.
        self.assertContains(people, "Helen Park")
        self.assertContains(people, "⏸ Deactivated", count=1)
        self.assertFalse(password_login(self.client, "helen.park", DEMO_PASSWORD))
        self.client.force_login(User.objects.get(username="ada"))
        admin = self.client.get("/admin/")
        self.assertEqual(admin.status_code, 302)
        self.assertIn("/admin/login/", admin["Location"])

    def test_the_command_prints_the_logins(self) -> None:
        from io import StringIO

        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertIn("already loaded", out.getvalue())
        self.assertIn("tomas", out.getvalue())
        self.assertIn(DEMO_PASSWORD, out.getvalue())

    def test_spanish_speaking_students_see_a_spanish_interface_over_english_content(self) -> None:
        mateo = User.objects.get(first_name="Mateo")
        self.assertEqual(mateo.language, "es")
        # The request leaves Spanish active in this thread; later tests expect English.
        self.addCleanup(translation.activate, "en")
        self.client.force_login(mateo)
        classroom = Classroom.objects.get(enrollments__student=mateo)
        r = self.client.get(f"/classes/{classroom.pk}/map/")
        self.assertContains(r, '<html lang="es">')
        self.assertContains(r, "Mi registro")
        self.assertEqual(User.objects.filter(role=User.Role.STUDENT, language="es").count(), 2)


class DemoWaitingListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo()

    def test_a_newcomer_waits_on_the_rosters_waiting_list(self) -> None:
        leo = User.objects.get(username="leo.fischer")
        classroom = Classroom.objects.get(name="7A Maths")
        self.assertFalse(leo.enrollments.exists())
        self.client.force_login(User.objects.get(username="tomas"))
        roster = self.client.get(f"/classes/{classroom.pk}/roster/")
        self.assertContains(roster, "Waiting to join (1)")
        self.assertContains(roster, "Leo Fischer")
        self.client.force_login(leo)
        self.assertEqual(self.client.get(f"/classes/{classroom.pk}/map/").status_code, 404)
        self.assertContains(self.client.get("/join/code/"), "Waiting for your teacher")
