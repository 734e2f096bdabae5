"""A school admin manages the school's accounts on the People page: adds teachers and
students (login cards), deactivates and reactivates accounts, prints new passwords. Nobody
else can, another school's accounts look missing, and a school always keeps an active admin.

Who is who (masterymap.test): Ada is Lakeside's admin; Tomás and Uma teach there; Ana, Ben,
Cara and Dev are its students; Zed is the admin of Hilltop, another school."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from masterymap.accounts import people
from masterymap.accounts.models import Enrollment, User
from masterymap.lib.errors import ActionError
from masterymap.test import PASSWORD, BaseTestCase, build_school, make_user, password_login

URL = reverse("people:page")


def card_password(html: str) -> str:
    match = re.search(r'class="card-password">([^<]+)<', html)
    assert match, "no login card on the page"
    return match.group(1)


def card_username(html: str) -> str:
    match = re.search(r'class="card-username">([^<]+)<', html)
    assert match, "no login card on the page"
    return match.group(1)


class PeoplePageTests(BaseTestCase):
    def can_log_in(self, username: str, password: str) -> bool:
        return password_login(Client(), username, password)

    def test_the_admin_sees_the_schools_people_and_not_another_schools(self) -> None:
        self.client.force_login(self.d.ada)
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        for name in ["Tomás", "Uma", "Ana A", "Dev D"]:
            self.assertIn(name, html)
        self.assertNotIn("Zed", html)
        self.assertContains(r, "✓ Active", count=7)  # 1 admin, 2 teachers, 4 students
        self.assertContains(r, "This is you", count=1)
        # Classes: Tomás teaches 7A and 7B; Ana is in 7A.
        self.assertRegex(
            html, rf'(?s)id="person-{self.d.tomas.pk}".*?7A</span>, <span data-content>7B'
        )
        self.assertContains(r, "2 active teachers")

    def test_the_admin_adds_a_teacher_who_logs_in_with_the_printed_password(self) -> None:
        self.client.force_login(self.d.ada)
        r = self.client.post(
            reverse("people:teacher-add"),
            {"teacher-first_name": "Grace", "teacher-last_name": "Hopper", "teacher-username": ""},
        )
        self.assertEqual(r.status_code, 200)
        self.assertIn("no-store", r["Cache-Control"])
        self.assertEqual(card_username(r.content.decode()), "grace.hopper")
        password = card_password(r.content.decode())
        self.assertGreaterEqual(len(password.split("-")), 4)
        grace = User.objects.get(username="grace.hopper")
        self.assertEqual((grace.role, grace.school_id), (User.Role.TEACHER, self.d.school.pk))
        self.assertFalse(grace.is_staff or grace.is_superuser)
        self.assertTrue(self.can_log_in("grace.hopper", password))

    def test_a_second_teacher_of_the_same_name_gets_a_new_username_or_the_one_typed(self) -> None:
        self.client.force_login(self.d.ada)
        url = reverse("people:teacher-add")
        self.client.post(url, {"teacher-first_name": "Tomás"})
        r = self.client.post(url, {"teacher-first_name": "Tomás"})
        self.assertEqual(card_username(r.content.decode()), "tomas3")  # "tomas" exists
        r = self.client.post(url, {"teacher-first_name": "Kim", "teacher-username": "mr.kim"})
        self.assertEqual(card_username(r.content.decode()), "mr.kim")

    def test_a_taken_or_malformed_username_is_refused_and_nothing_is_created(self) -> None:
        self.client.force_login(self.d.ada)
        before = User.objects.count()
        url = reverse("people:teacher-add")
        r = self.client.post(url, {"teacher-first_name": "Zoe", "teacher-username": "ZED"})
        self.assertContains(r, "That username is taken. Try another.")
        r = self.client.post(url, {"teacher-first_name": "Zoe", "teacher-username": "a b"})
        self.assertContains(r, "Use 3 or more letters, digits or . _ - (no spaces).")
        r = self.client.post(url, {"teacher-first_name": "   "})
        self.assertContains(r, "This field is required.")
        self.assertEqual(User.objects.count(), before)

    def test_the_admin_adds_a_student_into_a_class_of_the_school(self) -> None:
        self.client.force_login(self.d.ada)
        r = self.client.post(
            reverse("people:student-add"),
            {
                "student-first_name": "Mía",
                "student-last_name": "Núñez",
                "student-classroom": str(self.d.c8c.pk),
            },
        )
        self.assertContains(r, "8C")
        self.assertEqual(card_username(r.content.decode()), "mia.nunez")
        mia = User.objects.get(username="mia.nunez")
        self.assertTrue(mia.is_student)
        self.assertTrue(Enrollment.objects.filter(student=mia, classroom=self.d.c8c).exists())
        self.assertTrue(self.can_log_in("mia.nunez", card_password(r.content.decode())))

    def test_a_student_cannot_be_put_in_another_schools_class(self) -> None:
        hilltop_class = self.d.c7a.__class__.objects.create(
            school=self.d.zed.school, name="H1", mastery_map=self.d.grade7
        )
        self.client.force_login(self.d.ada)
        r = self.client.post(
            reverse("people:student-add"),
            {"student-first_name": "Eve", "student-classroom": str(hilltop_class.pk)},
        )
        self.assertContains(r, "Select a valid choice.")
        self.assertFalse(User.objects.filter(first_name="Eve").exists())
        with self.assertRaises(ActionError):
            people.create_student(admin=self.d.ada, first_name="Eve", classroom=hilltop_class)
        self.assertFalse(User.objects.filter(first_name="Eve").exists())

    def test_a_deactivated_account_cannot_log_in_until_it_is_reactivated(self) -> None:
        self.client.force_login(self.d.ada)
        teacher = Client()
        teacher.force_login(self.d.tomas)
        r = self.client.post(
            reverse("people:deactivate", args=[self.d.tomas.pk]) + "?role=teacher&page=1"
        )
        self.assertRedirects(r, URL + "?role=teacher&page=1", fetch_redirect_response=False)
        self.assertFalse(User.objects.get(pk=self.d.tomas.pk).is_active)
        self.assertFalse(self.can_log_in("tomas", PASSWORD))
        # A session he already had ends too.
        self.assertEqual(teacher.get(reverse("workflows:classroom-list")).status_code, 302)
        page = self.client.get(URL)
        self.assertContains(page, "is deactivated and cannot log in.")
        self.assertContains(page, "⏸ Deactivated", count=1)
        self.assertContains(page, "1 deactivated")

        r = self.client.post(reverse("people:reactivate", args=[self.d.tomas.pk]))
        self.assertRedirects(r, URL)
        self.assertTrue(self.can_log_in("tomas", PASSWORD))
        self.assertNotContains(self.client.get(URL), "⏸ Deactivated")

    def test_a_new_password_card_replaces_the_old_password_and_lifts_a_pause(self) -> None:
        for n in range(settings.AXES_FAILURE_LIMIT):
            Client().post(
                "/login/", {"username": "ana", "password": f"no-{n}"}, REMOTE_ADDR="10.4.4.4"
            )
        self.client.force_login(self.d.ada)
        self.assertContains(self.client.get(URL), "Paused: too many wrong passwords", count=1)
        r = self.client.post(reverse("people:password-reset", args=[self.d.ana.pk]))
        self.assertEqual(r.status_code, 200)
        new_password = card_password(r.content.decode())
        self.assertFalse(self.can_log_in("ana", PASSWORD))
        r = Client().post(
            "/login/", {"username": "ana", "password": new_password}, REMOTE_ADDR="10.4.4.4"
        )
        self.assertEqual(r.status_code, 302)  # the pause is lifted, the new password works
        self.assertNotContains(self.client.get(URL), "Paused: too many wrong passwords")

    def test_the_search_filters_by_name_role_and_status(self) -> None:
        User.objects.filter(pk=self.d.ben.pk).update(is_active=False)
        self.client.force_login(self.d.ada)

        def shown(**query: str) -> set[str]:
            html = self.client.get(URL, query).content.decode()
            return set(re.findall(r'<td class="key" data-content>([^<]+)<', html))

        self.assertEqual(shown(q="tom"), {"tomas"})
        self.assertEqual(shown(q="cara C"), {"cara"})
        self.assertEqual(shown(q="cara B"), set())  # every word must match
        self.assertEqual(shown(role="teacher"), {"tomas", "uma"})
        self.assertEqual(shown(status="deactivated"), {"ben"})
        self.assertEqual(shown(role="student", status="active"), {"ana", "cara", "dev"})
        # Values nobody could pick filter nothing, and never fail.
        self.assertEqual(len(shown(role="wizard", status="²", page="²")), 7)
        self.assertContains(self.client.get(URL, {"q": "nobody-like-this"}), "Nobody matches")


class PeopleDenialTests(BaseTestCase):
    def posts(self, person: User) -> list[tuple[str, dict[str, str]]]:
        return [
            (reverse("people:deactivate", args=[person.pk]), {}),
            (reverse("people:reactivate", args=[person.pk]), {}),
            (reverse("people:password-reset", args=[person.pk]), {}),
            (reverse("people:teacher-add"), {"teacher-first_name": "Intruder"}),
            (reverse("people:student-add"), {"student-first_name": "Intruder"}),
        ]

    def snapshot(self) -> list[tuple[object, ...]]:
        return list(
            User.objects.order_by("pk").values_list("pk", "password", "is_active", "username")
        )

    def test_teachers_and_students_get_404_and_nothing_changes(self) -> None:
        before = self.snapshot()
        for user in [self.d.tomas, self.d.ana]:
            self.client.force_login(user)
            with self.subTest(user=user.username, url=URL):
                self.assertEqual(self.client.get(URL).status_code, 404)
            for url, data in self.posts(self.d.uma):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_an_admin_reaches_no_account_of_another_school(self) -> None:
        before = self.snapshot()
        # Zed (Hilltop) cannot touch Uma (Lakeside), nor Ada Zed; a missing id looks the same.
        for admin, person in [(self.d.zed, self.d.uma), (self.d.ada, self.d.zed)]:
            self.client.force_login(admin)
            for url, _data in self.posts(person)[:3]:
                with self.subTest(admin=admin.username, url=url):
                    self.assertEqual(self.client.post(url).status_code, 404)
        for missing in ["999999", "9223372036854775808", "99999999999999999999999"]:
            r = self.client.post(f"/school/people/{missing}/deactivate/")
            self.assertEqual(r.status_code, 404)
        self.assertEqual(self.snapshot(), before)
        # Zed's own People page lists Hilltop's accounts only.
        self.client.force_login(self.d.zed)
        html = self.client.get(URL).content.decode()
        self.assertIn(">zed<", html)
        for username in ["ada", "tomas", "uma", "ana"]:
            self.assertNotIn(f">{username}<", html)

    def test_visitors_are_sent_to_log_in_and_nothing_changes(self) -> None:
        before = self.snapshot()
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])
        for url, data in self.posts(self.d.uma):
            with self.subTest(url=url):
                r = self.client.post(url, data)
                self.assertEqual(r.status_code, 302)
                self.assertIn("/login/", r["Location"])
        self.assertEqual(self.snapshot(), before)

    def test_a_deactivated_admin_can_no_longer_manage_people(self) -> None:
        bea = make_user("bea", User.Role.SCHOOL_ADMIN, self.d.school, first_name="Bea")
        people.deactivate_person(admin=self.d.ada, person=bea)
        bea.refresh_from_db()
        with self.assertRaises(ActionError):
            people.deactivate_person(admin=bea, person=self.d.tomas)
        with self.assertRaises(ActionError):
            people.create_teacher(admin=bea, first_name="Nope")
        self.assertTrue(User.objects.get(pk=self.d.tomas.pk).is_active)

    def test_an_admin_cannot_deactivate_themself_or_the_last_active_admin(self) -> None:
        self.client.force_login(self.d.ada)
        r = self.client.post(reverse("people:deactivate", args=[self.d.ada.pk]), follow=True)
        self.assertContains(r, "A school needs at least one active admin.")
        self.assertTrue(User.objects.get(pk=self.d.ada.pk).is_active)
        # With a second admin, Ada still cannot deactivate herself, but can deactivate Bea.
        bea = make_user("bea", User.Role.SCHOOL_ADMIN, self.d.school, first_name="Bea")
        r = self.client.post(reverse("people:deactivate", args=[self.d.ada.pk]), follow=True)
        self.assertContains(r, "You cannot deactivate your own account; ask another admin.")
        self.assertTrue(User.objects.get(pk=self.d.ada.pk).is_active)
        self.client.post(reverse("people:deactivate", args=[bea.pk]))
        self.assertFalse(User.objects.get(pk=bea.pk).is_active)

    def test_an_admin_does_not_print_a_new_password_for_themself(self) -> None:
        self.client.force_login(self.d.ada)
        before = self.snapshot()
        r = self.client.post(reverse("people:password-reset", args=[self.d.ada.pk]), follow=True)
        self.assertContains(r, "You cannot print a new password for yourself here.")
        self.assertEqual(self.snapshot(), before)


@pytest.mark.django_db
def test_the_page_stays_within_a_few_queries_with_300_students(
    client: Client, django_assert_max_num_queries
) -> None:
    d = build_school()
    students = User.objects.bulk_create(
        User(
            username=f"student{n:03}",
            first_name=f"Student{n:03}",
            last_name="Many",
            role=User.Role.STUDENT,
            school=d.school,
        )
        for n in range(300)
    )
    Enrollment.objects.bulk_create(
        Enrollment(classroom=[d.c7a, d.c7b, d.c8c][n % 3], student=s)
        for n, s in enumerate(students)
    )
    client.force_login(d.ada)
    with django_assert_max_num_queries(15):
        r = client.get(URL, {"role": "student"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Showing 1–50 of 304 accounts." in html
    assert html.count('<tr id="person-') == 50
    with django_assert_max_num_queries(15):
        last = client.get(URL, {"role": "student", "page": "7"})
    assert "Showing 301–304 of 304 accounts." in last.content.decode()
