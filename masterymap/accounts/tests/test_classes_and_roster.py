from __future__ import annotations

import re

from django.urls import reverse

from masterymap.accounts.models import Classroom, Enrollment, JoinRequest, User
from masterymap.test import PASSWORD, BaseTestCase, password_login


class LoginTests(BaseTestCase):
    def test_a_teacher_logs_in_and_lands_on_their_classes(self) -> None:
        r = self.client.post(reverse("accounts:login"), {"username": "tomas", "password": PASSWORD})
        self.assertRedirects(r, reverse("home"), fetch_redirect_response=False)
        r = self.client.get(reverse("home"), follow=True)
        self.assertContains(r, ">7A</a>")
        self.assertContains(r, ">7B</a>")
        self.assertNotContains(r, ">8C</a>")

    def test_a_wrong_password_gets_a_clear_message(self) -> None:
        r = self.client.post(reverse("accounts:login"), {"username": "tomas", "password": "nope"})
        self.assertContains(r, "do not match")

    def test_a_student_with_one_class_lands_on_their_map(self) -> None:
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("home"))
        self.assertRedirects(r, reverse("workflows:student-map", args=[self.d.c7a.pk]))

    def test_pages_need_a_login(self) -> None:
        for url in [reverse("home"), reverse("mastery:grid", args=[self.d.c7a.pk])]:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertIn(reverse("accounts:login"), r["Location"])

    def test_logging_out_ends_the_session(self) -> None:
        self.client.force_login(self.d.tomas)
        self.client.post(reverse("accounts:logout"))
        self.assertEqual(self.client.get(reverse("workflows:classroom-list")).status_code, 302)

    def test_the_health_check_answers_without_login(self) -> None:
        self.assertContains(self.client.get(reverse("healthz")), "ok")


class ClassroomTests(BaseTestCase):
    def test_a_teacher_creates_a_class_on_a_map_of_their_school(self) -> None:
        self.client.force_login(self.d.uma)
        r = self.client.post(
            reverse("workflows:classroom-list"), {"name": "8D", "mastery_map": self.d.grade7.pk}
        )
        classroom = Classroom.objects.get(name="8D")
        self.assertRedirects(r, reverse("accounts:roster", args=[classroom.pk]))
        self.assertEqual(list(classroom.teachers.all()), [self.d.uma])

    def test_a_map_of_another_school_cannot_be_picked(self) -> None:
        self.client.force_login(self.d.zed)
        r = self.client.post(
            reverse("workflows:classroom-list"), {"name": "X", "mastery_map": self.d.grade7.pk}
        )
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Classroom.objects.filter(name="X").exists())


class RosterTests(BaseTestCase):
    def test_adding_names_creates_accounts_and_login_cards_that_work(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            reverse("accounts:roster", args=[self.d.c7a.pk]),
            {"names": "Zoë Núñez\n\nLee, Jordan\n"},
        )
        self.assertContains(r, "zoe.nunez")
        self.assertContains(r, "jordan.lee")
        password = re.search(r'class="card-password">([^<]+)<', r.content.decode()).group(1)
        zoe = User.objects.get(username="zoe.nunez")
        self.assertEqual((zoe.first_name, zoe.last_name, zoe.role), ("Zoë", "Núñez", "student"))
        self.assertTrue(Enrollment.objects.filter(classroom=self.d.c7a, student=zoe).exists())
        self.client.logout()
        self.assertTrue(password_login(self.client, "zoe.nunez", password))

    def test_a_name_already_taken_gets_a_number(self) -> None:
        self.client.force_login(self.d.tomas)
        self.client.post(reverse("accounts:roster", args=[self.d.c7a.pk]), {"names": "Sam Lee"})
        self.client.post(reverse("accounts:roster", args=[self.d.c7b.pk]), {"names": "Sam Lee"})
        self.assertTrue(User.objects.filter(username="sam.lee2").exists())

    def test_an_empty_list_of_names_changes_nothing(self) -> None:
        self.client.force_login(self.d.tomas)
        before = User.objects.count()
        r = self.client.post(reverse("accounts:roster", args=[self.d.c7a.pk]), {"names": " \n "})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(User.objects.count(), before)

    def test_resetting_passwords_prints_new_cards_for_ticked_students_only(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            reverse("accounts:login-cards", args=[self.d.c7a.pk]), {"students": [self.d.ana.pk]}
        )
        self.assertContains(r, "ana")
        self.assertNotContains(r, ">ben<")
        self.assertFalse(password_login(self.client, "ana", PASSWORD))

    def test_a_teacher_cannot_reset_a_student_of_another_class(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            reverse("accounts:login-cards", args=[self.d.c7a.pk]), {"students": [self.d.cara.pk]}
        )
        self.assertEqual(r.status_code, 302)
        self.assertTrue(password_login(self.client, "cara", PASSWORD))

    def test_another_teacher_cannot_open_or_change_the_roster(self) -> None:
        self.client.force_login(self.d.uma)
        url = reverse("accounts:roster", args=[self.d.c7a.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"names": "Intruder"}).status_code, 404)
        self.assertFalse(User.objects.filter(first_name="Intruder").exists())
        r = self.client.post(
            reverse("accounts:login-cards", args=[self.d.c7a.pk]), {"students": [self.d.ana.pk]}
        )
        self.assertEqual(r.status_code, 404)

    def test_students_cannot_open_the_roster(self) -> None:
        self.client.force_login(self.d.ana)
        self.assertEqual(
            self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk])).status_code, 404
        )


class JoinWithCodeTests(BaseTestCase):
    def form(self, **overrides: str) -> dict[str, str]:
        data = {
            "join_code": self.d.c7b.join_code.lower(),
            "first_name": "Nia",
            "last_name": "Long",
            "password": "purple-otter-91",
        }
        return data | overrides

    def test_a_new_student_signs_up_with_a_class_code_and_waits_for_the_teacher(self) -> None:
        r = self.client.post(reverse("accounts:join"), self.form())
        nia = User.objects.get(first_name="Nia")
        self.assertEqual(nia.role, User.Role.STUDENT)
        # The username is made for them, shown once, and they are signed in.
        self.assertRegex(nia.username, r"^nia\.long\d{3}$")
        self.assertContains(r, f'id="new-username" data-content>{nia.username}</p>')
        self.assertContains(r, "Waiting for your teacher")
        self.assertEqual(int(self.client.session["_auth_user_id"]), nia.pk)
        self.assertFalse(nia.enrollments.exists())
        self.assertTrue(JoinRequest.objects.filter(student=nia, classroom=self.d.c7b).exists())

    def test_without_approval_the_new_student_is_enrolled_at_once(self) -> None:
        Classroom.objects.filter(pk=self.d.c7b.pk).update(join_needs_approval=False)
        r = self.client.post(reverse("accounts:join"), self.form())
        nia = User.objects.get(first_name="Nia")
        self.assertEqual(list(nia.enrollments.values_list("classroom", flat=True)), [self.d.c7b.pk])
        self.assertContains(r, "You joined <span data-content>7B</span>")

    def test_a_wrong_or_closed_code_is_refused_and_creates_nothing(self) -> None:
        Classroom.objects.filter(pk=self.d.c7a.pk).update(join_open=False)
        for code in ["NOPE99", self.d.c7a.join_code]:
            with self.subTest(code=code):
                r = self.client.post(reverse("accounts:join"), self.form(join_code=code))
                self.assertContains(r, "not valid")
                self.assertFalse(User.objects.filter(first_name="Nia").exists())

    def test_sign_up_never_says_which_usernames_exist(self) -> None:
        # There is no username to type, so no answer can depend on one being taken.
        r = self.client.get(reverse("accounts:join"))
        self.assertNotContains(r, 'name="username"')
        r = self.client.post(reverse("accounts:join"), self.form(username="ana"))
        self.assertNotContains(r, "taken", status_code=200)
        self.assertNotEqual(User.objects.get(first_name="Nia").username, "ana")

    def test_a_weak_password_is_refused_and_creates_nothing(self) -> None:
        r = self.client.post(reverse("accounts:join"), self.form(password="nia.long"))
        self.assertContains(r, "too similar")
        self.assertFalse(User.objects.filter(first_name="Nia").exists())

    def test_a_logged_in_student_joins_another_class_with_its_code(self) -> None:
        Classroom.objects.filter(pk=self.d.c7b.pk).update(join_needs_approval=False)
        self.client.force_login(self.d.ana)
        r = self.client.post(reverse("accounts:join-code"), {"join_code": self.d.c7b.join_code})
        self.assertRedirects(r, reverse("workflows:student-map", args=[self.d.c7b.pk]))
        again = self.client.post(reverse("accounts:join-code"), {"join_code": self.d.c7b.join_code})
        self.assertEqual(again.status_code, 302)
        self.assertEqual(Enrollment.objects.filter(student=self.d.ana).count(), 2)
