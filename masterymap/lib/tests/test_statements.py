"""Reads compiled once (lib.statements): the rows the ORM's own query gives, for any ids,
with the SQL built once per shape."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.test.utils import CaptureQueriesContext

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.lib.rows import raw_rows
from masterymap.lib.statements import Compiled
from masterymap.test import BaseTestCase


class Counted:
    """A build that counts how often it is called."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, students: Any, classroom: Any) -> QuerySet[Enrollment, Any]:
        self.calls += 1
        ids = students if isinstance(students, list) else [students]
        return (
            Enrollment.objects.filter(student_id__in=ids, classroom_id=classroom)
            .order_by("student_id")
            .values_list("student_id", "classroom_id", "classroom__name")
        )


class CompiledTests(BaseTestCase):
    def test_rows_are_the_orms_for_every_ids_and_each_shape_is_built_once(self) -> None:
        d = self.d
        build = Counted()
        read = Compiled(build)
        cases = [
            ([d.ana.pk, d.ben.pk], d.c7a.pk, [(d.ana.pk, d.c7a.pk), (d.ben.pk, d.c7a.pk)]),
            ([d.cara.pk, d.ben.pk], d.c7a.pk, [(d.ben.pk, d.c7a.pk)]),  # same shape
            ([d.cara.pk, d.dev.pk], d.c7b.pk, [(d.cara.pk, d.c7b.pk)]),
            ([d.ana.pk], d.c7b.pk, []),  # another shape: one id
            ([d.dev.pk], d.c8c.pk, [(d.dev.pk, d.c8c.pk)]),
        ]
        for students, classroom, expected in cases:
            with self.subTest(students=students, classroom=classroom):
                found = read.rows(students=students, classroom=classroom)
                self.assertEqual([row[:2] for row in found], expected)
                self.assertEqual(found, raw_rows(Counted()(students, classroom)))
        # Two shapes (two ids, one id): two builds with stand-ins, none per call.
        self.assertEqual(build.calls, 2)

    def test_each_call_is_one_query_and_an_empty_list_none(self) -> None:
        read = Compiled(Counted())
        read.rows(students=[self.d.ana.pk], classroom=self.d.c7a.pk)
        with CaptureQueriesContext(connection) as queries:
            rows = read.rows(students=[self.d.ben.pk], classroom=self.d.c7a.pk)
        self.assertEqual(rows[0][:2], (self.d.ben.pk, self.d.c7a.pk))
        self.assertEqual(len(queries.captured_queries), 1)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(read.rows(students=[], classroom=self.d.c7a.pk), [])
        self.assertEqual(len(queries.captured_queries), 0)

    def test_an_id_the_sql_carries_twice_is_read_right_and_not_kept(self) -> None:
        calls: list[int] = []

        def twice(student: int) -> QuerySet[User, Any]:
            calls.append(student)
            return User.objects.filter(Q(pk=student) | Q(pk=student + 0)).values_list("username")

        read = Compiled(twice)
        self.assertEqual(read.rows(student=self.d.ana.pk), [("ana",)])
        self.assertEqual(read.rows(student=self.d.ben.pk), [("ben",)])
        # Each call builds its own query (plus the one attempt with stand-ins).
        self.assertEqual(calls[1:], [self.d.ana.pk, self.d.ben.pk])

    def test_only_the_last_shapes_are_kept(self) -> None:
        build = Counted()
        read = Compiled(build, shapes_kept=1)
        ana, ben, c7a = self.d.ana.pk, self.d.ben.pk, self.d.c7a.pk
        read.rows(students=[ana], classroom=c7a)
        read.rows(students=[ana, ben], classroom=c7a)
        self.assertEqual(read.rows(students=[ben], classroom=c7a)[0][0], ben)
        self.assertEqual(build.calls, 3)  # the one-id shape was let go, and built again


class CompiledObjectsTests(BaseTestCase):
    def test_instances_are_the_orms_with_related_rows_and_converted_values(self) -> None:
        def build(classroom: int) -> QuerySet[Classroom, Any]:
            return Classroom.objects.select_related("mastery_map", "school").filter(pk=classroom)

        read = Compiled(build)
        for classroom in (self.d.c7a, self.d.c7b, self.d.c8c):
            with self.subTest(classroom=classroom.name):
                (found,) = read.objects(classroom=classroom.pk)
                orm = build(classroom.pk).get()
                self.assertEqual(found, orm)
                self.assertEqual(
                    [getattr(found, f.attname) for f in Classroom._meta.concrete_fields],
                    [getattr(orm, f.attname) for f in Classroom._meta.concrete_fields],
                )
                self.assertIsNotNone(found.created_at.tzinfo)  # converted, as the ORM does
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(found.mastery_map.title, orm.mastery_map.title)
                    self.assertEqual(found.school.name, orm.school.name)
                self.assertEqual(len(queries.captured_queries), 0)  # select_related kept
        self.assertEqual(read.objects(classroom=-5), [])

    def test_what_it_cannot_rebuild_is_left_to_the_orm(self) -> None:
        def prefetched(classroom: int) -> QuerySet[Classroom, Any]:
            return Classroom.objects.prefetch_related("teachers").filter(pk=classroom)

        (found,) = Compiled(prefetched).objects(classroom=self.d.c7a.pk)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual([t.username for t in found.teachers.all()], ["tomas"])
        self.assertEqual(len(queries.captured_queries), 0)  # prefetched, as asked

    def test_an_id_too_large_for_any_column_reads_nothing(self) -> None:
        def build(classroom: int) -> QuerySet[Classroom, Any]:
            return Classroom.objects.filter(pk=classroom)

        read = Compiled(build)
        self.assertEqual(len(read.objects(classroom=self.d.c7a.pk)), 1)
        self.assertEqual(read.objects(classroom=10**30), [])
        self.assertEqual(
            Compiled(lambda classroom: build(classroom).values_list("pk")).rows(classroom=10**30),
            [],
        )
