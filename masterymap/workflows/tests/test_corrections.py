"""Correcting evidence from the show-the-math page: a correction is a new record that
supersedes the old one; the old one stays, struck through, and the record is recomputed.

Who may correct: the student's teachers and their school admin. Students (even on their
own evidence), other teachers and other schools get 404.
"""

from __future__ import annotations

from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from masterymap.evidence.models import Evidence
from masterymap.mastery.models import LevelChange, MasteryRecord
from masterymap.mastery.queries.evidence import evidence_for_cell
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import correct_evidence, record_evidence


class CorrectionTests(BaseTestCase):
    """Ana has one check on s1 in 7A, level 3 (mastered), assessed five days ago."""

    def setUp(self) -> None:
        self.day = timezone.localdate() - timedelta(days=5)
        self.evidence = record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind="one_on_one",
            level=3,
            assessed_on=self.day,
            note="Solved all three",
        )

    def url(self, evidence=None, classroom=None) -> str:
        url = reverse("workflows:correct", args=[(evidence or self.evidence).pk])
        return url + f"?classroom={(classroom or self.d.c7a).pk}"

    def cell_url(self) -> str:
        return reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])

    def data(self, level: str = "2", note: str = "Step 3 was copied") -> dict[str, str]:
        return {"level": level, "assessed_on": self.day.isoformat(), "note": note}

    def record(self) -> MasteryRecord:
        return MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )

    def test_a_teacher_corrects_evidence_and_the_record_is_recomputed(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.url())
        self.assertContains(page, "Solved all three")
        self.assertContains(page, '<option value="3" selected>3 · Mastered</option>', html=True)
        self.assertContains(page, f'value="{self.day.isoformat()}"')
        r = self.client.post(self.url(), self.data())
        new = Evidence.objects.get(supersedes=self.evidence)
        self.assertRedirects(r, self.cell_url() + f"#evidence-{new.pk}")
        self.assertEqual((new.level, new.kind, new.note), (2, "one_on_one", "Step 3 was copied"))
        self.assertEqual(new.recorded_by, self.d.tomas)
        self.evidence.refresh_from_db()
        self.assertEqual(self.evidence.level, 3)  # the old row is kept, unchanged
        record = self.record()
        self.assertEqual((record.level, record.status), (2, "not_yet"))
        change = LevelChange.objects.filter(record=record).latest("at", "id")
        self.assertEqual((change.why, change.by), ("evidence corrected", self.d.tomas))
        self.assertEqual((change.from_level, change.to_level), (3, 2))

    def test_the_old_row_stays_on_the_show_the_math_page_struck_through(self) -> None:
        new = correct_evidence(
            evidence=self.evidence,
            recorded_by=self.d.tomas,
            level=2,
            assessed_on=self.day,
            note="Step 3 was copied",
        )
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.cell_url())
        self.assertContains(
            r, f'<li class="evidence-row superseded" id="evidence-{self.evidence.pk}">'
        )
        self.assertContains(r, '<s><strong class="evidence-kind">')
        self.assertContains(r, f'<li class="evidence-row" id="evidence-{new.pk}">')
        self.assertContains(r, "Step 3 was copied")

    def test_the_evidence_list_offers_correct_on_current_records_only_when_asked(self) -> None:
        new = correct_evidence(
            evidence=self.evidence,
            recorded_by=self.d.tomas,
            level=2,
            assessed_on=self.day,
            note="Step 3 was copied",
        )
        rows = evidence_for_cell(student=self.d.ana, standard=self.d.s1)
        partial = "evidence/evidence_list.html#evidence-list"
        html = render_to_string(
            partial, {"evidence_rows": rows, "can_correct": True, "classroom": self.d.c7a}
        )
        self.assertIn(f'href="{self.url(new)}"', html)
        self.assertNotIn(reverse("workflows:correct", args=[self.evidence.pk]), html)
        self.assertNotIn(
            'class="evidence-correct"', render_to_string(partial, {"evidence_rows": rows})
        )

    def test_students_cannot_correct_evidence_not_even_their_own(self) -> None:
        self.client.force_login(self.d.ana)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.post(self.url(), self.data()).status_code, 404)
        self.assertEqual(Evidence.objects.count(), 1)

    def test_other_teachers_and_schools_get_404_and_the_school_admin_may_correct(self) -> None:
        for user in (self.d.uma, self.d.zed):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 404)
                self.assertEqual(self.client.post(self.url(), self.data()).status_code, 404)
        self.assertEqual(Evidence.objects.count(), 1)
        self.client.force_login(self.d.ada)
        self.assertEqual(self.client.get(self.url()).status_code, 200)

    def test_the_class_to_return_to_must_be_the_teachers_and_hold_the_evidence(self) -> None:
        self.client.force_login(self.d.tomas)
        # 8C is Uma's class; Ana is not in 7B.
        for classroom in (self.d.c8c, self.d.c7b):
            with self.subTest(classroom=classroom.name):
                r = self.client.post(self.url(classroom=classroom), self.data())
                self.assertEqual(r.status_code, 404)
        self.assertEqual(Evidence.objects.count(), 1)
        # Without ?classroom=, the teacher's class holding the student is used.
        bare = reverse("workflows:correct", args=[self.evidence.pk])
        self.assertContains(self.client.get(bare), f'action="{self.url()}"')

    def test_correcting_an_already_corrected_record_is_refused_with_a_message(self) -> None:
        correct_evidence(
            evidence=self.evidence,
            recorded_by=self.d.tomas,
            level=2,
            assessed_on=self.day,
            note="First correction",
        )
        self.client.force_login(self.d.tomas)
        self.assertContains(self.client.get(self.url()), "This record was already corrected")
        r = self.client.post(self.url(), self.data(level="4"))
        self.assertContains(r, "This record was already corrected", status_code=422)
        self.assertEqual(Evidence.objects.count(), 2)
        self.assertEqual(self.record().level, 2)

    def test_a_correction_without_a_note_or_with_a_level_off_the_scale_is_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        for data, message in [
            (self.data(note="   "), "Say what the correction is for."),
            (self.data(level="9"), "Pick a level on the scale."),
        ]:
            with self.subTest(message=message):
                r = self.client.post(self.url(), data)
                self.assertContains(r, message, status_code=422)
        self.assertEqual(Evidence.objects.count(), 1)
        self.assertEqual((self.record().level, self.record().status), (3, "mastered"))

    def test_a_correction_dated_in_the_future_is_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        r = self.client.post(self.url(), self.data() | {"assessed_on": tomorrow})
        self.assertContains(r, "cannot be in the future", status_code=422)
        self.assertEqual(Evidence.objects.count(), 1)

    def test_the_show_the_math_page_offers_correct_to_teachers_not_students(self) -> None:
        correct = reverse("workflows:correct", args=[self.evidence.pk])
        self.client.force_login(self.d.tomas)
        self.assertContains(self.client.get(self.cell_url()), correct)
        self.client.force_login(self.d.ana)
        page = self.client.get(self.cell_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, correct)
