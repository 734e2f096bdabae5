"""Archiving, restoring and deleting a class; a student removed from a class.

Who may see what: Tomás teaches 7A (Ana, Ben) and 7B (Cara); Ada administers the school; Uma
teaches 8C (Dev) and must not reach 7A or 7B; students never get these pages. Denials are
404s, as on the roster.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import translation

from masterymap.accounts import actions
from masterymap.accounts.models import Classroom, Enrollment, JoinRequest
from masterymap.accounts.queries import classroom_delete_refusals
from masterymap.evidence.models import Evidence
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import set_policy
from masterymap.mastery.models import MasteryPolicy, MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence


class ArchiveTests(BaseTestCase):
    def test_archiving_takes_the_class_off_the_teachers_list_into_the_archived_section(
        self,
    ) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(reverse("accounts:classroom-archive", args=[self.d.c7b.pk]))
        self.assertRedirects(r, reverse("workflows:classroom-list"), fetch_redirect_response=False)
        self.d.c7b.refresh_from_db()
        self.assertIsNotNone(self.d.c7b.archived_at)
        r = self.client.get(reverse("workflows:classroom-list"))
        self.assertContains(r, "is archived: it is off your class list")
        self.assertEqual([c.name for c in r.context["classrooms"]], ["7A"])
        self.assertEqual([c.name for c in r.context["archived"]], ["7B"])
        self.assertContains(r, 'id="archived-classes"')
        self.assertContains(r, reverse("accounts:classroom-restore", args=[self.d.c7b.pk]))
        # Nothing in it is lost: Cara is still enrolled.
        self.assertTrue(
            Enrollment.objects.filter(classroom=self.d.c7b, student=self.d.cara).exists()
        )

    def test_an_archived_class_is_off_its_students_home_and_their_class_list(self) -> None:
        actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        # Cara's only class is archived: home sends her to join a class.
        self.client.force_login(self.d.cara)
        r = self.client.get(reverse("home"))
        self.assertRedirects(r, reverse("accounts:join-code"), fetch_redirect_response=False)
        r = self.client.get(reverse("workflows:classroom-list"))
        self.assertNotContains(r, ">7B<")
        # Her history there still opens by its address.
        r = self.client.get(reverse("workflows:tracker", args=[self.d.c7b.pk, self.d.cara.pk]))
        self.assertEqual(r.status_code, 200)

    def test_its_pages_stay_readable_for_its_teacher(self) -> None:
        actions.archive_classroom(classroom=self.d.c7a, by=self.d.tomas)
        self.client.force_login(self.d.tomas)
        for url in [
            reverse("mastery:grid", args=[self.d.c7a.pk]),
            reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk]),
            reverse("accounts:roster", args=[self.d.c7a.pk]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, "This class is archived")
        self.assertContains(r, "Restore this class")
        # No adding students to an archived class.
        self.assertNotContains(r, "Add students by name")

    def test_joining_an_archived_class_with_its_code_is_refused_plainly(self) -> None:
        actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        self.client.force_login(self.d.dev)
        r = self.client.post(reverse("accounts:join-code"), {"join_code": self.d.c7b.join_code})
        self.assertContains(r, "That class is archived: it takes no new students.")
        self.assertFalse(
            Enrollment.objects.filter(classroom=self.d.c7b, student=self.d.dev).exists()
        )
        self.assertFalse(JoinRequest.objects.filter(student=self.d.dev).exists())
        # Signing up with it is refused the same way.
        self.client.logout()
        r = self.client.post(
            reverse("accounts:join"),
            {
                "join_code": self.d.c7b.join_code,
                "first_name": "Nia",
                "password": "purple-otter-91",
            },
        )
        self.assertContains(r, "That class is archived")

    def test_nobody_adds_students_to_an_archived_class(self) -> None:
        actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        with self.assertRaisesMessage(ActionError, "restore it to add students"):
            actions.enrol_students_by_name(classroom=self.d.c7b, names_text="Nia Obi")

    def test_restoring_brings_it_back_as_it_was(self) -> None:
        actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        self.client.force_login(self.d.tomas)
        r = self.client.post(reverse("accounts:classroom-restore", args=[self.d.c7b.pk]))
        self.assertRedirects(r, reverse("workflows:classroom-list"), fetch_redirect_response=False)
        self.d.c7b.refresh_from_db()
        self.assertIsNone(self.d.c7b.archived_at)
        self.assertTrue(self.d.c7b.join_open)
        self.client.force_login(self.d.cara)
        r = self.client.get(reverse("home"))
        self.assertRedirects(
            r,
            reverse("workflows:student-map", args=[self.d.c7b.pk]),
            fetch_redirect_response=False,
        )

    def test_archiving_twice_keeps_the_first_day(self) -> None:
        first = actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        again = actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        self.assertEqual(first.archived_at, again.archived_at)

    def test_the_school_admin_may_archive_and_restore(self) -> None:
        self.client.force_login(self.d.ada)
        self.client.post(reverse("accounts:classroom-archive", args=[self.d.c8c.pk]))
        self.assertTrue(Classroom.objects.get(pk=self.d.c8c.pk).is_archived)
        self.client.post(reverse("accounts:classroom-restore", args=[self.d.c8c.pk]))
        self.assertFalse(Classroom.objects.get(pk=self.d.c8c.pk).is_archived)

    def test_students_and_other_teachers_get_404_and_change_nothing(self) -> None:
        for user in [self.d.ana, self.d.uma, self.d.zed]:
            self.client.force_login(user)
            for name in ["accounts:classroom-archive", "accounts:classroom-restore"]:
                with self.subTest(user=user.username, view=name):
                    r = self.client.post(reverse(name, args=[self.d.c7a.pk]))
                    self.assertEqual(r.status_code, 404)
        self.assertFalse(Classroom.objects.get(pk=self.d.c7a.pk).is_archived)

    def test_the_action_refuses_someone_who_does_not_manage_the_class(self) -> None:
        with self.assertRaises(ActionError):
            actions.archive_classroom(classroom=self.d.c7a, by=self.d.uma)
        self.assertFalse(Classroom.objects.get(pk=self.d.c7a.pk).is_archived)

    def test_archive_needs_a_post(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("accounts:classroom-archive", args=[self.d.c7a.pk]))
        self.assertEqual(r.status_code, 405)

    def test_the_people_page_offers_no_archived_class_to_enrol_in(self) -> None:
        actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        self.client.force_login(self.d.ada)
        r = self.client.get(reverse("people:page"))
        choices = [str(c) for c in r.context["student_form"].fields["classroom"].queryset]
        self.assertNotIn("7B", choices)
        self.assertIn("7A", choices)


class DeleteClassTests(BaseTestCase):
    def make_empty_class(self) -> Classroom:
        return actions.create_classroom(
            teacher=self.d.tomas, name="Period 3", mastery_map=self.d.grade7
        )

    def test_an_empty_class_is_deleted_after_a_confirmation(self) -> None:
        period3 = self.make_empty_class()
        # Its settings do not hold it back, and go with it.
        set_policy(
            classroom=period3,
            standard=None,
            method="highest",
            params={},
            min_evidence=1,
            kinds=None,
            weights={},
            by=self.d.tomas,
        )
        self.client.force_login(self.d.tomas)
        url = reverse("accounts:classroom-delete", args=[period3.pk])
        r = self.client.get(url)
        self.assertContains(r, "Delete <span data-content>Period 3</span>?", html=False)
        self.assertContains(r, "This cannot be undone.")
        self.assertTrue(Classroom.objects.filter(pk=period3.pk).exists())
        r = self.client.post(url)
        self.assertRedirects(r, reverse("workflows:classroom-list"), fetch_redirect_response=False)
        self.assertFalse(Classroom.objects.filter(pk=period3.pk).exists())
        self.assertFalse(MasteryPolicy.objects.filter(classroom_id=period3.pk).exists())

    def test_a_class_with_students_says_why_and_offers_to_archive(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("accounts:classroom-delete", args=[self.d.c7a.pk])
        r = self.client.get(url)
        self.assertContains(r, "cannot be deleted")
        self.assertContains(r, "2 students are in it.")
        self.assertContains(r, reverse("accounts:classroom-archive", args=[self.d.c7a.pk]))
        r = self.client.post(url)
        self.assertRedirects(r, url, fetch_redirect_response=False)
        self.assertTrue(Classroom.objects.filter(pk=self.d.c7a.pk).exists())

    def test_a_class_whose_students_left_keeps_their_levels_so_it_is_archived_instead(
        self,
    ) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7b,
            student=self.d.cara,
            standard=self.d.s1,
            kind=Evidence.Kind.ONE_ON_ONE,
            level=3,
            assessed_on=date(2026, 3, 2),
        )
        actions.remove_student(classroom=self.d.c7b, student_id=self.d.cara.pk, by=self.d.tomas)
        reasons = classroom_delete_refusals(self.d.c7b)
        self.assertEqual(reasons, ["Work is recorded in it: levels."])
        with self.assertRaisesMessage(ActionError, "Work is recorded in it"):
            actions.delete_classroom(classroom=self.d.c7b, by=self.d.tomas)
        self.assertTrue(Classroom.objects.filter(pk=self.d.c7b.pk).exists())

    def test_an_archived_class_with_history_says_it_is_archived_already(self) -> None:
        actions.archive_classroom(classroom=self.d.c7a, by=self.d.tomas)
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("accounts:classroom-delete", args=[self.d.c7a.pk]))
        self.assertContains(r, "It is archived already")

    def test_students_and_other_teachers_get_404(self) -> None:
        period3 = self.make_empty_class()
        url = reverse("accounts:classroom-delete", args=[period3.pk])
        for user in [self.d.ana, self.d.uma, self.d.zed]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(Classroom.objects.filter(pk=period3.pk).exists())


class RemoveStudentTests(BaseTestCase):
    def test_the_roster_offers_remove_and_the_page_explains_what_is_kept(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("accounts:student-remove", args=[self.d.c7a.pk, self.d.ana.pk])
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, url)
        r = self.client.get(url)
        self.assertContains(r, "Their evidence is kept")
        self.assertContains(r, "If they rejoin")
        self.assertTrue(
            Enrollment.objects.filter(classroom=self.d.c7a, student=self.d.ana).exists()
        )

    def test_removing_deletes_only_the_enrolment(self) -> None:
        evidence = record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.ONE_ON_ONE,
            level=3,
            assessed_on=date(2026, 3, 2),
        )
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            reverse("accounts:student-remove", args=[self.d.c7a.pk, self.d.ana.pk])
        )
        self.assertRedirects(
            r, reverse("accounts:roster", args=[self.d.c7a.pk]), fetch_redirect_response=False
        )
        self.assertFalse(
            Enrollment.objects.filter(classroom=self.d.c7a, student=self.d.ana).exists()
        )
        # Her evidence and her record in 7A are kept, as history.
        self.assertTrue(Evidence.objects.filter(pk=evidence.pk).exists())
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )
        self.assertEqual(record.level, 3)
        # The roster and the grid no longer list her.
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, "is no longer in")
        self.assertEqual([s.pk for s in r.context["roster"]], [self.d.ben.pk])
        r = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertEqual([row.name for row in r.context["grid"].rows], ["Ben B"])
        # She no longer sees the class.
        self.client.force_login(self.d.ana)
        self.assertRedirects(
            self.client.get(reverse("home")),
            reverse("accounts:join-code"),
            fetch_redirect_response=False,
        )
        self.assertEqual(
            self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk])).status_code,
            404,
        )

    def test_rejoining_brings_the_history_back(self) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.ONE_ON_ONE,
            level=3,
            assessed_on=date(2026, 3, 2),
        )
        actions.remove_student(classroom=self.d.c7a, student_id=self.d.ana.pk, by=self.d.tomas)
        Enrollment.objects.create(classroom=self.d.c7a, student=self.d.ana)
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        ana = next(row for row in r.context["grid"].rows if row.name == "Ana A")
        self.assertEqual(ana.mastered, 1)

    def test_someone_not_on_the_roster_is_refused(self) -> None:
        with self.assertRaisesMessage(ActionError, "roster"):
            actions.remove_student(classroom=self.d.c7a, student_id=self.d.cara.pk, by=self.d.tomas)

    def test_students_and_other_teachers_get_404_and_change_nothing(self) -> None:
        url = reverse("accounts:student-remove", args=[self.d.c7a.pk, self.d.ana.pk])
        for user in [self.d.ben, self.d.uma, self.d.zed]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url).status_code, 404)
        # A student of another class of the teacher's, through this class's address: 404.
        self.client.force_login(self.d.tomas)
        other = reverse("accounts:student-remove", args=[self.d.c7a.pk, self.d.cara.pk])
        self.assertEqual(self.client.post(other).status_code, 404)
        self.assertEqual(Enrollment.objects.count(), 4)

    def test_the_school_admin_may_remove(self) -> None:
        self.client.force_login(self.d.ada)
        self.client.post(reverse("accounts:student-remove", args=[self.d.c8c.pk, self.d.dev.pk]))
        self.assertFalse(Enrollment.objects.filter(student=self.d.dev).exists())


class SpanishTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.addCleanup(translation.deactivate)
        for user in [self.d.tomas, self.d.dev]:
            actions.set_language(user=user, language="es")
        self.client.force_login(self.d.tomas)

    def test_the_roster_the_remove_and_the_delete_pages_speak_spanish(self) -> None:
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        for spanish in [
            "Mover a un estudiante a otra clase",
            "Archivar esta clase",
            "Quitar de la clase",
        ]:
            self.assertContains(r, spanish)
        for english in ["Move a student", "Archive this class", "Remove from class"]:
            self.assertNotContains(r, english)
        r = self.client.get(reverse("accounts:student-remove", args=[self.d.c7a.pk, self.d.ana.pk]))
        self.assertContains(r, "Su evidencia se conserva")
        r = self.client.get(reverse("accounts:classroom-delete", args=[self.d.c7a.pk]))
        self.assertContains(r, "Hay 2 estudiantes en ella.")
        self.assertContains(r, "Archívala en su lugar")

    def test_joining_an_archived_class_is_refused_in_spanish(self) -> None:
        actions.archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        self.client.force_login(self.d.dev)
        r = self.client.post(
            reverse("accounts:join-code"),
            {"join_code": self.d.c7b.join_code},
        )
        self.assertContains(r, "Esa clase está archivada")
