"""The access helpers, exhaustively: who may open which class, tracker, map and attempt."""

from __future__ import annotations

from django.http import Http404

from masterymap.accounts import access
from masterymap.assessments import access as assessments_access
from masterymap.standards import access as standards_access
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt


class ClassroomAccessTests(BaseTestCase):
    def test_teachers_get_their_own_classes_and_admins_every_class_of_their_school(self) -> None:
        d = self.d
        allowed = [
            (d.tomas, d.c7a),
            (d.tomas, d.c7b),
            (d.uma, d.c8c),
            (d.ada, d.c7a),
            (d.ada, d.c8c),
        ]
        for user, classroom in allowed:
            with self.subTest(user=user.username, classroom=classroom.name):
                self.assertEqual(access.get_classroom_for_teacher(user, classroom.pk), classroom)

    def test_it_hides_other_classes_from_teachers_students_and_other_schools(self) -> None:
        d = self.d
        denied = [
            (d.uma, d.c7a),
            (d.tomas, d.c8c),
            (d.zed, d.c7a),
            (d.ana, d.c7a),
            (d.tomas, 999999),
        ]
        for user, classroom in denied:
            pk = classroom if isinstance(classroom, int) else classroom.pk
            with self.subTest(user=user.username, classroom=pk), self.assertRaises(Http404):
                access.get_classroom_for_teacher(user, pk)

    def test_students_open_only_classes_they_are_enrolled_in(self) -> None:
        d = self.d
        self.assertEqual(access.get_classroom_for_student(d.ana, d.c7a.pk), d.c7a)
        for user, classroom in [(d.ana, d.c7b), (d.cara, d.c7a), (d.tomas, d.c7a)]:
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_classroom_for_student(user, classroom.pk)

    def test_class_lists_follow_the_same_rules(self) -> None:
        d = self.d
        self.assertEqual(set(access.classrooms_for_user(d.tomas)), {d.c7a, d.c7b})
        self.assertEqual(set(access.classrooms_for_user(d.ada)), {d.c7a, d.c7b, d.c8c})
        self.assertEqual(set(access.classrooms_for_user(d.zed)), set())
        self.assertEqual(set(access.classrooms_for_user(d.ana)), {d.c7a})


class TrackerAccessTests(BaseTestCase):
    def test_a_student_opens_their_own_tracker_and_no_one_elses(self) -> None:
        d = self.d
        self.assertEqual(
            access.get_tracker_owner_for_user(d.ana, d.c7a.pk, d.ana.pk), (d.c7a, d.ana)
        )
        for classroom, student in [(d.c7a, d.ben), (d.c7b, d.cara), (d.c7b, d.ana)]:
            with self.subTest(student=student.username), self.assertRaises(Http404):
                access.get_tracker_owner_for_user(d.ana, classroom.pk, student.pk)

    def test_teachers_open_trackers_of_students_in_their_classes_only(self) -> None:
        d = self.d
        self.assertEqual(access.get_tracker_owner_for_user(d.tomas, d.c7a.pk, d.ben.pk)[1], d.ben)
        denied = [(d.uma, d.c7a, d.ana), (d.tomas, d.c7a, d.cara), (d.tomas, d.c8c, d.dev)]
        for user, classroom, student in denied:
            with (
                self.subTest(user=user.username, student=student.username),
                self.assertRaises(Http404),
            ):
                access.get_tracker_owner_for_user(user, classroom.pk, student.pk)


class MapAccessTests(BaseTestCase):
    def test_only_the_maps_author_and_school_admins_edit_a_map(self) -> None:
        d = self.d
        self.assertEqual(
            standards_access.get_mastery_map_for_editor(d.tomas, d.grade7.pk), d.grade7
        )
        self.assertEqual(standards_access.get_mastery_map_for_editor(d.ada, d.grade7.pk), d.grade7)
        for user in (d.uma, d.zed, d.ana):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                standards_access.get_mastery_map_for_editor(user, d.grade7.pk)
        with self.assertRaises(Http404):
            standards_access.get_standard_for_editor(d.uma, d.s1.pk)
        with self.assertRaises(Http404):
            assessments_access.get_item_for_editor(d.uma, d.s1_items[0].pk)
        with self.assertRaises(Http404):
            assessments_access.get_form_for_editor(d.uma, d.s1_form_a.pk)

    def test_a_standard_must_be_on_the_classes_map(self) -> None:
        d = self.d
        self.assertEqual(standards_access.get_standard_in_classroom(d.c7a, d.s1.pk), d.s1)
        with self.assertRaises(Http404):
            standards_access.get_standard_in_classroom(d.c8c, d.s1.pk)


class AttemptAccessTests(BaseTestCase):
    def test_an_attempt_is_readable_by_its_student_and_their_teachers_only(self) -> None:
        d = self.d
        attempt = start_attempt(student=d.ana, standard=d.s1)
        for user in (d.ana, d.tomas, d.ada):
            with self.subTest(user=user.username):
                self.assertEqual(assessments_access.get_attempt_for_user(user, attempt.pk), attempt)
        for user in (d.ben, d.cara, d.uma, d.zed):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                assessments_access.get_attempt_for_user(user, attempt.pk)

    def test_only_the_student_themself_may_take_or_submit_an_attempt(self) -> None:
        d = self.d
        attempt = start_attempt(student=d.ana, standard=d.s1)
        self.assertEqual(assessments_access.get_attempt_for_student(d.ana, attempt.pk), attempt)
        for user in (d.ben, d.tomas, d.ada):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                assessments_access.get_attempt_for_student(user, attempt.pk)
