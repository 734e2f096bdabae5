"""When a record became mastered (`MasteryRecord.mastered_at`, read with its `updated_at`):
the day the goals' pace, the alerts and the projector count, always the day the history
(the level changes) gives, through mastering, more evidence, losing it, mastering again, a
review kept and an override; and the migration that filled it in from the history."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import connection
from django.utils import timezone

from masterymap.accounts.models import User
from masterymap.goals.queries import mastered_in_class
from masterymap.mastery.actions import clear_override, override_level
from masterymap.mastery.models import LevelChange, MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence

COUNTED = ("mastered", "needs_review")


def history_days(classroom_id: int) -> dict[tuple[int, int], object]:
    """Each record counted as mastered, with the day of its last change into mastered from
    neither mastered nor needing review (its own time when none was logged): what the pages
    read from the history before the column."""
    out = {}
    for record in MasteryRecord.objects.filter(classroom_id=classroom_id, status__in=COUNTED):
        into = [
            c.at
            for c in LevelChange.objects.filter(record=record)
            if c.to_status == "mastered" and c.from_status not in COUNTED
        ]
        at = max(into) if into else record.updated_at
        out[(record.student_id, record.standard_id)] = timezone.localdate(at)
    return out


class MasteredAtTests(BaseTestCase):
    def evidence(self, student: User, level: float, at: datetime) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=student,
            standard=self.d.s1,
            kind="one_on_one",
            level=level,
            assessed_on=timezone.localdate(at),
            note="",
            at=at,
        )

    def days(self) -> dict[tuple[int, int], object]:
        return {(m.student_id, m.standard_id): m.on for m in mastered_in_class(self.d.c7a)}

    def test_the_day_it_became_mastered_through_a_students_history(self) -> None:
        start = timezone.now() - timedelta(days=30)
        cell = (self.d.ana.pk, self.d.s1.pk)
        steps = [
            # (days after start, level, the day it counts from; None: not mastered)
            (0, 1.0, None),
            (2, 4.0, 2),  # mastered
            (5, 4.0, 2),  # more evidence, still mastered: still from day 2
            (9, 3.0, 2),  # again: day 2 (the value is now stored, not the record's time)
            (12, 1.0, None),  # lost
            (15, 4.0, 15),  # mastered again: from then
            (20, 4.0, 15),
        ]
        for day, level, counted_from in steps:
            with self.subTest(day=day):
                self.evidence(self.d.ana, level, start + timedelta(days=day))
                expected = (
                    {}
                    if counted_from is None
                    else {cell: timezone.localdate(start + timedelta(days=counted_from))}
                )
                self.assertEqual(self.days(), expected)
                self.assertEqual(self.days(), history_days(self.d.c7a.pk))

    def test_an_override_keeps_the_day_or_starts_it(self) -> None:
        start = timezone.now() - timedelta(days=10)
        self.evidence(self.d.ana, 4.0, start)
        self.evidence(self.d.ben, 1.0, start)
        record = MasteryRecord.objects.get(classroom=self.d.c7a, student=self.d.ana)
        # A teacher's level that keeps it mastered is no new mastery.
        override_level(
            record=record, level=4.0, reason="Seen", by=self.d.tomas, at=start + timedelta(days=3)
        )
        # One that makes Ben's mastered starts his day.
        ben = MasteryRecord.objects.get(classroom=self.d.c7a, student=self.d.ben)
        override_level(
            record=ben, level=4.0, reason="Seen", by=self.d.tomas, at=start + timedelta(days=4)
        )
        expected = {
            (self.d.ana.pk, self.d.s1.pk): timezone.localdate(start),
            (self.d.ben.pk, self.d.s1.pk): timezone.localdate(start + timedelta(days=4)),
        }
        self.assertEqual(self.days(), expected)
        self.assertEqual(self.days(), history_days(self.d.c7a.pk))
        clear_override(record=ben, by=self.d.tomas, at=start + timedelta(days=5))
        self.assertNotIn((self.d.ben.pk, self.d.s1.pk), self.days())
        self.assertEqual(self.days(), history_days(self.d.c7a.pk))

    def test_the_migration_fills_it_in_from_the_history(self) -> None:
        start = timezone.now() - timedelta(days=20)
        self.evidence(self.d.ana, 4.0, start)
        self.evidence(self.d.ana, 4.0, start + timedelta(days=6))
        self.evidence(self.d.ben, 4.0, start + timedelta(days=2))
        self.evidence(self.d.ben, 1.0, start + timedelta(days=3))
        # As a database from before the column: nothing stored.
        MasteryRecord.objects.update(mastered_at=None)
        self.assertNotEqual(self.days(), history_days(self.d.c7a.pk), "read as updated_at")
        migration = importlib.import_module("masterymap.mastery.migrations.0010_record_mastered_at")

        class Editor:
            def __init__(self) -> None:
                self.connection = connection

            def execute(self, sql: str, params: Any) -> None:
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)

        migration.backfill(apps, Editor())
        self.assertEqual(self.days(), {(self.d.ana.pk, self.d.s1.pk): timezone.localdate(start)})
        self.assertEqual(self.days(), history_days(self.d.c7a.pk))
        self.assertIsNone(
            MasteryRecord.objects.get(classroom=self.d.c7a, student=self.d.ben).mastered_at,
            "not mastered: nothing to fill in",
        )
