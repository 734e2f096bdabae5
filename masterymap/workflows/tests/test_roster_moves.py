"""Moving a student to another class (workflows.roster.move_student and its page).

Who may see what: Tomás teaches 7A (Ana, Ben) and 7B (Cara), both on Grade 7; Uma teaches 8C
(Dev) on Grade 8; Ada administers Lakeside; Zed administers Hilltop. A teacher moves students
only between classes they teach (an admin: of their school); students never get the page.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from masterymap.accounts.actions import archive_classroom, create_classroom
from masterymap.accounts.models import Classroom, Enrollment, JoinRequest, School, User
from masterymap.evidence.models import Evidence
from masterymap.goals.actions import set_goal
from masterymap.goals.models import Goal
from masterymap.goals.queries import class_goals, mastered_in_class
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import set_policy
from masterymap.mastery.models import LevelChange, MasteryRecord
from masterymap.mastery.queries.grid import GridRow, mastery_grid
from masterymap.mastery.status import Status
from masterymap.standards.models import MasteryMap
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence
from masterymap.workflows.roster import move_student


class MoveTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Ana in 7A: a 3 on March 2, then a 2 on March 9. 7A takes the most recent (2);
        # 7B takes the highest (3), so a move shows the new class's policy at work.
        for level, day in [(3, 2), (2, 9)]:
            record_evidence(
                recorded_by=self.d.tomas,
                classroom=self.d.c7a,
                student=self.d.ana,
                standard=self.d.s1,
                kind=Evidence.Kind.ONE_ON_ONE,
                level=level,
                assessed_on=date(2026, 3, day),
            )
        set_policy(
            classroom=self.d.c7b,
            standard=None,
            method="highest",
            params={},
            min_evidence=1,
            kinds=None,
            weights={},
            by=self.d.tomas,
        )

    def move(self, to: Classroom, *, by: User | None = None) -> Enrollment:
        return move_student(
            student=self.d.ana,
            from_classroom=self.d.c7a,
            to_classroom=to,
            by=by or self.d.tomas,
        )

    def grid_row(self, classroom: Classroom, name: str) -> GridRow | None:
        return next((r for r in mastery_grid(classroom=classroom).rows if r.name == name), None)


class MoveActionTests(MoveTestCase):
    def test_the_enrolment_moves_the_evidence_stays_and_levels_follow_the_new_policy(
        self,
    ) -> None:
        evidence_before = list(Evidence.objects.filter(student=self.d.ana).values_list("pk"))
        old = MasteryRecord.objects.get(classroom=self.d.c7a, student=self.d.ana)
        self.assertEqual(old.level, 2)

        self.move(self.d.c7b)

        self.assertFalse(
            Enrollment.objects.filter(classroom=self.d.c7a, student=self.d.ana).exists()
        )
        self.assertTrue(
            Enrollment.objects.filter(classroom=self.d.c7b, student=self.d.ana).exists()
        )
        self.assertEqual(
            list(Evidence.objects.filter(student=self.d.ana).values_list("pk")), evidence_before
        )
        new = MasteryRecord.objects.get(
            classroom=self.d.c7b, student=self.d.ana, standard=self.d.s1
        )
        self.assertEqual((new.level, new.status), (3, Status.MASTERED.value))
        self.assertEqual(new.evidence_count, 2)
        change = LevelChange.objects.get(record=new)
        self.assertEqual(change.why, "moved here from 7A")
        self.assertEqual(change.by, self.d.tomas)
        # The old record stays, as 7A's history.
        old.refresh_from_db()
        self.assertEqual(old.level, 2)

    def test_the_old_grid_no_longer_lists_them_and_the_new_one_does_with_their_level(
        self,
    ) -> None:
        self.move(self.d.c7b)
        self.assertIsNone(self.grid_row(self.d.c7a, "Ana A"))
        row = self.grid_row(self.d.c7b, "Ana A")
        assert row is not None
        self.assertEqual(row.mastered, 1)
        self.assertEqual(
            [r.name for r in mastery_grid(classroom=self.d.c7b).rows], ["Ana A", "Cara C"]
        )

    def test_moving_back_recalculates_with_evidence_recorded_meanwhile(self) -> None:
        self.move(self.d.c7b)
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7b,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.ONE_ON_ONE,
            level=4,
            assessed_on=date(2026, 3, 16),
        )
        move_student(
            student=self.d.ana,
            from_classroom=self.d.c7b,
            to_classroom=self.d.c7a,
            by=self.d.tomas,
        )
        record = MasteryRecord.objects.get(classroom=self.d.c7a, student=self.d.ana)
        self.assertEqual(record.level, 4)

    def test_into_a_class_on_another_map_the_evidence_stays_and_does_not_show_there(
        self,
    ) -> None:
        other_map = MasteryMap.objects.create(
            school=self.d.school, title="Art", created_by=self.d.tomas
        )
        art = create_classroom(teacher=self.d.tomas, name="Art 1", mastery_map=other_map)
        self.move(art)
        self.assertFalse(MasteryRecord.objects.filter(classroom=art).exists())
        self.assertEqual(Evidence.objects.filter(student=self.d.ana).count(), 2)
        row = self.grid_row(art, "Ana A")
        self.assertIsNotNone(row)

    def test_a_request_to_join_the_new_class_is_settled(self) -> None:
        JoinRequest.objects.create(classroom=self.d.c7b, student=self.d.ana)
        self.move(self.d.c7b)
        self.assertFalse(JoinRequest.objects.filter(student=self.d.ana).exists())


class MoveRefusalTests(MoveTestCase):
    def assert_refused(self, to: Classroom, message: str, *, by: User | None = None) -> None:
        with self.assertRaisesMessage(ActionError, message):
            self.move(to, by=by)
        self.assertTrue(
            Enrollment.objects.filter(classroom=self.d.c7a, student=self.d.ana).exists()
        )
        self.assertFalse(MasteryRecord.objects.filter(classroom=to, student=self.d.ana).exists())

    def test_a_class_they_are_in_already(self) -> None:
        with self.assertRaisesMessage(ActionError, "Ana A is already in 7A."):
            self.move(self.d.c7a)
        Enrollment.objects.create(classroom=self.d.c7b, student=self.d.ana)
        with self.assertRaisesMessage(ActionError, "Ana A is already in 7B."):
            self.move(self.d.c7b)

    def test_an_archived_class(self) -> None:
        archive_classroom(classroom=self.d.c7b, by=self.d.tomas)
        self.assert_refused(self.d.c7b, "7B is archived: restore it first")

    def test_a_class_of_another_school(self) -> None:
        hilltop = School.objects.get(name="Hilltop")
        their_map = MasteryMap.objects.create(school=hilltop, title="H7", created_by=self.d.zed)
        theirs = Classroom.objects.create(school=hilltop, name="H7", mastery_map=their_map)
        theirs.teachers.add(self.d.tomas)
        self.assert_refused(theirs, "H7 belongs to another school.")

    def test_a_class_the_teacher_does_not_teach(self) -> None:
        self.assert_refused(self.d.c8c, "only between classes you teach")

    def test_a_teacher_of_neither_class(self) -> None:
        self.assert_refused(self.d.c7b, "only between classes you teach", by=self.d.uma)

    def test_a_student_not_on_the_roster(self) -> None:
        with self.assertRaisesMessage(ActionError, "roster"):
            move_student(
                student=self.d.cara,
                from_classroom=self.d.c7a,
                to_classroom=self.d.c8c,
                by=self.d.ada,
            )

    def test_the_school_admin_may_move_between_any_classes_of_their_school(self) -> None:
        self.move(self.d.c8c, by=self.d.ada)
        self.assertTrue(
            Enrollment.objects.filter(classroom=self.d.c8c, student=self.d.ana).exists()
        )


class MovePageTests(MoveTestCase):
    def url(self, classroom: Classroom | None = None) -> str:
        return reverse("workflows:student-move", args=[(classroom or self.d.c7a).pk])

    def test_the_roster_has_the_form_offering_only_the_teachers_other_classes(self) -> None:
        Classroom.objects.create(school=self.d.school, name="Old 7C", mastery_map=self.d.grade7)
        archived = create_classroom(teacher=self.d.tomas, name="7Z", mastery_map=self.d.grade7)
        archive_classroom(classroom=archived, by=self.d.tomas)
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, f'action="{self.url()}"')
        targets = r.context["move_targets"]
        self.assertEqual([c.name for c in targets], ["7B"])

    def test_posting_moves_and_returns_to_the_roster_with_a_message(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            self.url(), {"student": self.d.ana.pk, "to_classroom": self.d.c7b.pk}, follow=True
        )
        self.assertRedirects(r, reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, "Their evidence went with them")
        self.assertTrue(
            Enrollment.objects.filter(classroom=self.d.c7b, student=self.d.ana).exists()
        )

    def test_the_page_explains_and_shows_the_form(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url())
        self.assertContains(r, "Their evidence goes with them")
        self.assertContains(r, 'name="to_classroom"')

    def test_a_class_not_offered_is_refused_and_nothing_changes(self) -> None:
        self.client.force_login(self.d.tomas)
        for target in [self.d.c8c.pk, self.d.c7a.pk, 10**9, "x"]:
            with self.subTest(target=target):
                r = self.client.post(self.url(), {"student": self.d.ana.pk, "to_classroom": target})
                self.assertEqual(r.status_code, 400)
                self.assertContains(r, "Select a valid choice", status_code=400)
        self.assertEqual(Enrollment.objects.count(), 4)

    def test_a_student_of_another_class_is_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url(), {"student": self.d.cara.pk, "to_classroom": self.d.c7b.pk})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Enrollment.objects.count(), 4)

    def test_a_refused_move_shows_its_reason_on_the_page(self) -> None:
        Enrollment.objects.create(classroom=self.d.c7b, student=self.d.ana)
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url(), {"student": self.d.ana.pk, "to_classroom": self.d.c7b.pk})
        self.assertContains(r, "is already in", status_code=400)
        self.assertTrue(
            Enrollment.objects.filter(classroom=self.d.c7a, student=self.d.ana).exists()
        )

    def test_students_and_other_teachers_get_404_and_change_nothing(self) -> None:
        for user in [self.d.ana, self.d.uma, self.d.zed]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url()).status_code, 404)
                r = self.client.post(
                    self.url(), {"student": self.d.ana.pk, "to_classroom": self.d.c7b.pk}
                )
                self.assertEqual(r.status_code, 404)
        self.assertEqual(Enrollment.objects.count(), 4)

    def test_the_students_home_then_shows_the_new_class(self) -> None:
        self.client.force_login(self.d.tomas)
        self.client.post(self.url(), {"student": self.d.ana.pk, "to_classroom": self.d.c7b.pk})
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("home"))
        self.assertRedirects(
            r, reverse("workflows:student-map", args=[self.d.c7b.pk]), fetch_redirect_response=False
        )


class OldClassTests(MoveTestCase):
    def test_the_old_class_goal_no_longer_counts_what_the_moved_student_mastered(self) -> None:
        # Ana masters s1 in 7A (most recent: 3); the class's goal counts it, until she moves.
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.ONE_ON_ONE,
            level=3,
            assessed_on=date(2026, 3, 10),
        )
        goal = set_goal(
            classroom=self.d.c7a,
            student=None,
            kind=Goal.Kind.STANDARDS,
            target=2,
            deadline=date.today() + timedelta(days=60),
            by=self.d.tomas,
        )
        self.assertEqual(len(class_goals(self.d.c7a)[0].days), 1)
        self.move(self.d.c7b)
        [view] = class_goals(self.d.c7a)
        self.assertEqual(view.goal, goal)
        self.assertEqual(view.days, [])
        # In 7B she counts.
        self.assertEqual([m.student_id for m in mastered_in_class(self.d.c7b)], [self.d.ana.pk])
