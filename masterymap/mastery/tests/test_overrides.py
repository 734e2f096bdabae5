"""A teacher overrides a level by hand, with a reason: it shows as overridden on the cell
page, the tracker and the grid; newer evidence marks it out of date; removing it restores
the calculated level. Students never override."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from masterymap.mastery import access
from masterymap.mastery.models import MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence


class OverrideTests(BaseTestCase):
    """Ana has one check on s1 in 7A, scored 2 (Approaching, not yet)."""

    def setUp(self) -> None:
        self.record_check(level=2, days_ago=3)

    def record_check(self, *, level: float, days_ago: int) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind="one_on_one",
            level=level,
            assessed_on=timezone.localdate() - timedelta(days=days_ago),
        )

    def url(self, name: str, student=None) -> str:
        student = student or self.d.ana
        return reverse(name, args=[self.d.c7a.pk, student.pk, self.d.s1.pk])

    def mastery_record(self) -> MasteryRecord:
        return MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )

    def override(self, level: str = "3", reason: str = "Showed it at the board twice."):
        self.client.force_login(self.d.tomas)
        return self.client.post(
            self.url("mastery:override"), {"level": level, "reason": reason}, follow=True
        )

    def test_a_teacher_overrides_a_level_with_a_reason(self) -> None:
        r = self.override()
        self.assertRedirects(r, self.url("mastery:cell"))
        self.assertContains(r, "Level set to 3 by override.")
        record = self.mastery_record()
        self.assertEqual(
            (record.override_level, record.override_reason, record.override_by),
            (3.0, "Showed it at the board twice.", self.d.tomas),
        )
        self.assertEqual((record.level, record.status), (2.0, "mastered"))
        change = record.changes.last()
        # from_level is not checked here: see test_the_history_keeps_the_level_before_*.
        self.assertEqual(
            (change.to_level, change.from_status, change.to_status), (3.0, "not_yet", "mastered")
        )
        self.assertEqual(
            (change.why, change.by), ("override: Showed it at the board twice.", self.d.tomas)
        )
        # The cell page says so, with the reason, who and the calculated level.
        self.assertContains(r, "✎ Overridden</span>")
        self.assertContains(r, "Reason: “<span data-content>Showed it at the board twice.</span>”")
        self.assertContains(r, "by Tomás")
        self.assertContains(r, "Calculated from the evidence: 2 · Approaching.")
        self.assertContains(r, '<strong class="level-big">3</strong>')
        self.assertContains(r, "Remove override")

    def test_an_override_needs_a_reason_and_a_level_on_the_scale(self) -> None:
        for level, reason, message in [
            ("3", "   ", "Give a reason for the override"),
            ("7", "Because", "Select a valid choice"),
        ]:
            with self.subTest(message=message):
                r = self.override(level, reason)
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, message)
        record = self.mastery_record()
        self.assertIsNone(record.override_level)
        self.assertEqual(record.changes.count(), 1)  # only the evidence's own change

    def test_the_override_shows_on_the_grid_and_the_tracker(self) -> None:
        self.override("4")
        r = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(r, 'title="Ana A · 7.RP.A.1: Mastered · level 4 · overridden"')
        self.assertContains(r, 'class="cell status-mastered overridden"')
        self.assertContains(r, '<span class="override-mark">✎</span>')
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk]))
        self.assertContains(r, '<strong class="level-summary">4 · Exceeds</strong>')
        self.assertContains(r, "✎ Overridden</span>")
        self.assertContains(r, "Show the math")

    def test_newer_evidence_marks_the_override_out_of_date(self) -> None:
        self.override("3")
        self.record_check(level=1, days_ago=0)
        record = self.mastery_record()
        self.assertTrue(record.override_stale)
        self.assertEqual((record.override_level, record.level), (3.0, 1.0))
        r = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(r, "7.RP.A.1: Mastered · level 3 · override out of date")
        r = self.client.get(self.url("mastery:cell"))
        self.assertContains(r, "Override out of date: newer evidence arrived")
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk]))
        self.assertContains(r, "✎ Overridden · out of date")

    def test_removing_the_override_restores_the_calculated_level(self) -> None:
        self.override("3")
        r = self.client.post(self.url("mastery:override-clear"), follow=True)
        self.assertContains(r, "Override removed: the calculated level applies again.")
        record = self.mastery_record()
        self.assertEqual(
            (record.override_level, record.override_reason, record.level, record.status),
            (None, "", 2.0, "not_yet"),
        )
        whys = [c.why for c in record.changes.all()]
        self.assertEqual(
            whys,
            [
                "One-on-one check (battle the boss) recorded",
                "override: Showed it at the board twice.",
                "override removed",
            ],
        )
        self.assertNotContains(r, "✎ Overridden")
        # Each change is in the history on the page.
        for why in whys:
            self.assertContains(r, why)

    # An override that keeps the status (2 → 1, both "not yet") still writes history, with
    # the level the teacher saw before it.
    def test_the_history_keeps_the_level_before_an_override(self) -> None:
        self.override("1")
        change = self.mastery_record().changes.last()
        self.assertEqual((change.from_level, change.to_level), (2.0, 1.0))

    def test_the_history_keeps_the_level_before_an_override_is_removed(self) -> None:
        self.override("4")  # Exceeds, over a calculated 2
        self.client.post(self.url("mastery:override-clear"))
        change = self.mastery_record().changes.last()
        self.assertEqual((change.from_level, change.to_level), (4.0, 2.0))

    def test_students_cannot_override_not_even_their_own_level(self) -> None:
        for student in (self.d.ana, self.d.ben):
            with self.subTest(student=student.username):
                self.client.force_login(student)
                data = {"level": "4", "reason": "I know it"}
                r = self.client.post(self.url("mastery:override"), data)
                self.assertEqual(r.status_code, 404)
        self.override("3")
        self.client.force_login(self.d.ana)
        self.assertEqual(self.client.post(self.url("mastery:override-clear")).status_code, 404)
        self.assertEqual(self.mastery_record().override_level, 3.0)

    def test_other_classes_teachers_cannot_override(self) -> None:
        for user in (self.d.uma, self.d.zed):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.post(self.url("mastery:override"), {"level": "4", "reason": "x"})
                self.assertEqual(r.status_code, 404)
        self.assertIsNone(self.mastery_record().override_level)

    def test_a_cell_with_no_evidence_has_nothing_to_override(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url("mastery:cell", student=self.d.ben))
        self.assertContains(r, "No evidence yet, so there is no level to override.")
        r = self.client.post(
            self.url("mastery:override", student=self.d.ben), {"level": "3", "reason": "x"}
        )
        self.assertEqual(r.status_code, 404)


class RecordForTeacherAccessTests(BaseTestCase):
    """access.get_record_for_teacher: the class's teachers and school admin only."""

    def test_who_may_get_a_record_to_override(self) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind="one_on_one",
            level=3,
            assessed_on=timezone.localdate(),
        )
        args = (self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk)
        for user in (self.d.tomas, self.d.ada):
            with self.subTest(user=user.username):
                record = access.get_record_for_teacher(user, *args)
                self.assertEqual(record.student, self.d.ana)
        for user in (self.d.ana, self.d.ben, self.d.uma, self.d.zed):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_record_for_teacher(user, *args)
        with self.assertRaises(Http404):  # Ana is not in 7B
            access.get_record_for_teacher(self.d.tomas, self.d.c7b.pk, *args[1:])
        with self.assertRaises(Http404):  # no record yet
            access.get_record_for_teacher(self.d.tomas, self.d.c7a.pk, self.d.ben.pk, self.d.s1.pk)
