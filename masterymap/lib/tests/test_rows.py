"""Rows straight from the cursor (lib.rows): the same values the ORM gives, once converted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from masterymap.assessments.models import Attempt
from masterymap.lib.rows import aware_datetime, raw_rows
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


class AwareDatetimeTests(BaseTestCase):
    def test_each_form_a_driver_returns_becomes_the_same_aware_moment(self) -> None:
        moment = datetime(2026, 12, 5, 17, 11, 56, 702800, tzinfo=UTC)
        plus_one = timezone(timedelta(hours=1))
        cases = [
            ("2026-12-05 17:11:56.702800", moment),  # SQLite: text in UTC
            ("2026-12-05 17:11:56.7028", moment),  # fewer digits of a second
            ("2026-12-05T18:11:56.702800+01:00", moment),  # an offset kept
            (moment.astimezone(plus_one), moment),  # PostgreSQL: already a datetime
        ]
        for given, expected in cases:
            with self.subTest(given=given):
                found = aware_datetime(given)
                self.assertEqual(found, expected)
                self.assertIsNotNone(found.tzinfo)

    def test_something_else_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            aware_datetime("yesterday")


class RawRowsTests(BaseTestCase):
    def test_the_rows_are_the_orms_once_converted_and_an_empty_in_reads_nothing(self) -> None:
        a = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=a, answers=self.answers_for(right=True))
        fields = ("id", "started_at", "submitted_at", "percent", "mastered")
        qs = Attempt.objects.filter(student=self.d.ana).values_list(*fields)
        ((aid, started, submitted, percent, mastered),) = raw_rows(qs)
        self.assertEqual(
            (aid, aware_datetime(started), aware_datetime(submitted), percent, bool(mastered)),
            qs.get(),
        )
        self.assertEqual(raw_rows(Attempt.objects.filter(pk__in=[]).values_list("id")), [])
