"""The teacher station: picking a student and a standard, the battery of questions, recording
a one-on-one check and any other kind of evidence with attachments.

Who may use it: the class's teachers and their school admin. Students, other teachers and
other schools get 404 on every station URL.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import wave
from datetime import timedelta
from unittest import mock

import filetype
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import User
from masterymap.assessments.actions import create_form
from masterymap.evidence.models import Attachment, Evidence
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase, make_standard_items
from masterymap.workflows.actions import start_attempt, submit_attempt


def standard_elsewhere(d) -> Standard:
    """A standard on Uma's map, which 7A does not follow."""
    unit = d.c8c.mastery_map.units.create(title="Numbers", position=1)
    return Standard.objects.create(
        mastery_map=d.c8c.mastery_map, unit=unit, code="8.X", statement="s", i_can="I can"
    )


def wav_bytes(frames: int = 800) -> bytes:
    """A real, tiny WAV file (mono, 8 kHz, silence)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * frames)
    return buffer.getvalue()


def wav_upload(name: str = "retelling.wav", frames: int = 800) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, wav_bytes(frames), content_type="audio/wav")


class PrivateMedia:
    """Mixin: attachments go to a temporary PRIVATE_MEDIA_ROOT, removed after each test.

    `Attachment.file` builds its storage once, when the model loads
    (evidence.models.private_storage), so override_settings alone never reaches it: the
    field's storage is pointed at the same temporary directory too.
    """

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.media_root = tempfile.mkdtemp(prefix="mm-private-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)  # type: ignore[attr-defined]
        overridden = override_settings(PRIVATE_MEDIA_ROOT=self.media_root)
        overridden.enable()
        self.addCleanup(overridden.disable)  # type: ignore[attr-defined]
        storage = FileSystemStorage(location=self.media_root, base_url=None)
        patcher = mock.patch.object(Attachment._meta.get_field("file"), "storage", storage)
        patcher.start()
        self.addCleanup(patcher.stop)  # type: ignore[attr-defined]


class StationTestCase(PrivateMedia, BaseTestCase):
    def station_url(self, classroom_id: int | None = None) -> str:
        return reverse("workflows:station", args=[classroom_id or self.d.c7a.pk])

    def check_url(self, classroom_id: int | None = None) -> str:
        return reverse("workflows:station-check", args=[classroom_id or self.d.c7a.pk])

    def evidence_url(self, classroom_id: int | None = None) -> str:
        return reverse("workflows:station-evidence", args=[classroom_id or self.d.c7a.pk])

    def post_check(self, marks: list[str], user: User | None = None, htmx: bool = True, **extra):
        self.client.force_login(user or self.d.tomas)
        data = {
            "student": self.d.ana.pk,
            "standard": self.d.s1.pk,
            "n": len(marks),
            "assessed_on": timezone.localdate().isoformat(),
            "note": "",
        }
        data.update({f"mark-{i}": m for i, m in enumerate(marks, start=1) if m})
        data.update(extra)
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(self.check_url(), data, headers=headers)

    def post_evidence(self, user: User | None = None, htmx: bool = True, **fields):
        self.client.force_login(user or self.d.tomas)
        data = {
            "ev-student": self.d.ana.pk,
            "ev-standard": self.d.s1.pk,
            "ev-kind": Evidence.Kind.CONFERENCE,
            "ev-level": "3",
            "ev-assessed_on": timezone.localdate().isoformat(),
            "ev-note": "Retold the story in order.",
        }
        data.update(fields)
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(self.evidence_url(), data, headers=headers)


class StationPageTests(StationTestCase):
    def test_it_opens_for_the_classes_teacher_and_the_school_admin(self) -> None:
        for user in (self.d.tomas, self.d.ada):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(self.station_url())
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, 'id="station-who"')
                self.assertContains(r, '<option value="Ana A" label="ana">', html=False)
                self.assertContains(r, '<option value="7.RP.A.1" label="I can find unit rates">')
                self.assertContains(r, "Other evidence")
                self.assertContains(r, 'enctype="multipart/form-data"', count=1)
                self.assertContains(r, "js/station.js")

    def test_it_is_404_for_other_teachers_other_schools_and_students(self) -> None:
        for user in (self.d.uma, self.d.zed, self.d.ana):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.station_url()).status_code, 404)

    def test_typed_text_picks_the_student_and_standard_and_loads_the_battery(self) -> None:
        make_standard_items(self.d.s1)
        self.client.force_login(self.d.tomas)
        r = self.client.get(
            self.station_url(), {"who": "ana", "what": "7.rp.a.1"}, headers={"HX-Request": "true"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "<html")
        self.assertContains(r, 'id="station-battery"')
        self.assertEqual(r.context["student"], self.d.ana)
        self.assertEqual(r.context["standard"], self.d.s1)
        self.assertEqual(
            r["HX-Push-Url"],
            self.station_url() + f"?student={self.d.ana.pk}&standard={self.d.s1.pk}&n=5",
        )

    def test_ids_in_the_query_load_the_battery_without_javascript(self) -> None:
        make_standard_items(self.d.s1)
        self.client.force_login(self.d.tomas)
        r = self.client.get(
            self.station_url(), {"student": self.d.ana.pk, "standard": self.d.s1.pk}
        )
        self.assertContains(r, "<html")
        self.assertContains(r, 'id="station-check-form"')
        self.assertContains(r, 'value="Ana A"')  # the picker shows who was picked
        self.assertContains(r, 'name="mark-4" value="wrong"')

    def test_an_ambiguous_or_unknown_name_asks_instead_of_guessing(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.station_url(), {"who": "n", "what": "7.RP.A.1"})
        self.assertIsNone(r.context["student"])
        self.assertContains(r, "matches 2 students. Which one?")
        self.assertContains(r, f"student={self.d.ana.pk}&amp;standard={self.d.s1.pk}")
        r = self.client.get(self.station_url(), {"who": "zoe", "what": "7.RP.A.1"})
        self.assertContains(
            r,
            "No student in <span data-content>7A</span> matches “<span data-content>zoe</span>”.",
        )
        self.assertNotContains(r, 'id="station-check-form"')

    def test_ids_of_another_class_or_map_are_404(self) -> None:
        other_map_standard = standard_elsewhere(self.d)
        self.client.force_login(self.d.tomas)
        for query in (
            {"student": self.d.cara.pk, "standard": self.d.s1.pk},  # Tomás's other class
            {"student": self.d.dev.pk, "standard": self.d.s1.pk},  # Uma's class
            {"student": self.d.ana.pk, "standard": other_map_standard.pk},
        ):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(self.station_url(), query).status_code, 404)


class BatteryTests(StationTestCase):
    """Questions for a check come from the bank, never from a form the student will sit."""

    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # s1's forms A and B have four items each. Four more bank items: three on no form, the
        # fourth on a new form C that nobody has taken.
        cls.extra = make_standard_items(cls.d.s1)
        cls.form_c = create_form(standard=cls.d.s1, item_ids=[cls.extra[3].pk])

    def battery(self, student: User, n: int = 10) -> list[int | None]:
        self.client.force_login(self.d.tomas)
        r = self.client.get(
            self.station_url(), {"student": student.pk, "standard": self.d.s1.pk, "n": n}
        )
        return [q.item_id for q, _mark in r.context["questions"]]

    def test_it_leaves_out_every_item_on_a_form_the_student_has_not_sat(self) -> None:
        bank_only = [i.pk for i in self.extra[:3]]
        self.assertEqual(self.battery(self.d.ben), bank_only)

    def test_items_on_forms_already_sat_come_after_the_bank_only_items(self) -> None:
        for _ in range(2):  # Ana sits form A, then form B
            attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
            submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        bank_only = [i.pk for i in self.extra[:3]]
        sat = [i.pk for i in self.d.s1_items] + [
            fi.item_id for fi in self.d.s1_form_b.form_items.order_by("item_id")
        ]
        self.assertEqual(self.battery(self.d.ana), bank_only + sat[:7])
        self.assertEqual(self.battery(self.d.ana, n=5), bank_only + sat[:2])
        self.assertNotIn(self.extra[3].pk, self.battery(self.d.ana))  # still on form C

    def test_it_shows_five_by_default_at_most_ten_and_each_with_its_key(self) -> None:
        make_standard_items(self.d.s1)
        make_standard_items(self.d.s1)
        self.assertEqual(len(self.battery(self.d.ben, n=5)), 5)
        self.assertEqual(len(self.battery(self.d.ben, n=99)), 10)
        self.client.force_login(self.d.tomas)
        r = self.client.get(
            self.station_url(), {"student": self.d.ben.pk, "standard": self.d.s1.pk}
        )
        self.assertEqual(len(r.context["questions"]), 5)
        r = self.client.get(
            self.station_url(), {"student": self.d.ben.pk, "standard": self.d.s1.pk, "n": 10}
        )
        self.assertContains(r, "<p>Pick <strong>Right</strong>.</p>", html=True)
        # Each piece of a key is the school's words (data-content); the joiner is ours.
        key = 'Answer key: <strong class="key">{}</strong>'
        piece = "<span data-content>{}</span>".format
        self.assertContains(r, key.format(piece("Right")))
        self.assertContains(r, key.format(piece("12 (± 0.5)")))
        self.assertContains(r, key.format(piece("B") + " and " + piece("C")))
        self.assertContains(r, piece("three quarters") + " or " + piece("three fourths"))

    def test_the_battery_reads_a_fixed_number_of_queries_whatever_the_bank_size(self) -> None:
        self.client.force_login(self.d.tomas)
        query = {"student": self.d.ben.pk, "standard": self.d.s1.pk, "n": 10}
        # The first page after login caches the school's default language (one query).
        self.client.get(self.station_url(), query)
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.station_url(), query)
        for _ in range(3):
            make_standard_items(self.d.s1)
        with CaptureQueriesContext(connection) as big:
            r = self.client.get(self.station_url(), query)
        self.assertEqual(len(r.context["questions"]), 10)
        self.assertEqual(len(big), len(small))
        self.assertLessEqual(len(big), 10)

    def test_a_standard_with_nothing_to_ask_offers_the_teachers_own_questions(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(
            self.station_url(), {"student": self.d.ana.pk, "standard": self.d.s2.pk}
        )
        self.assertTrue(r.context["own_questions"])
        self.assertEqual([q.item_id for q, _ in r.context["questions"]], [None] * 5)
        self.assertContains(r, "Ask your own questions and mark them here.")


class CheckTests(StationTestCase):
    def test_recording_a_check_writes_one_evidence_and_moves_the_record_at_once(self) -> None:
        r = self.post_check(["right", "right", "wrong", "right", "right"], note="Quick and sure.")
        self.assertEqual(r.status_code, 200)
        evidence = Evidence.objects.get()
        self.assertEqual(
            (evidence.kind, evidence.raw_score, evidence.level, evidence.recorded_by),
            (Evidence.Kind.ONE_ON_ONE, 80.0, 3.0, self.d.tomas),  # 80 % is the Mastered cut
        )
        self.assertEqual(evidence.note, "4 of 5 right. Quick and sure.")
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )
        self.assertEqual(
            (record.level, record.level_label, record.status), (3.0, "Mastered", "mastered")
        )
        self.assertTrue(record.explanation)
        # The confirmation shows the new level and the record's own sentence, and resets.
        self.assertContains(r, "data-recorded")
        self.assertContains(r, "80 % → level 3 Mastered")
        self.assertContains(r, record.explanation)
        self.assertNotContains(r, 'id="station-check-form"')
        self.assertEqual(r.context["standard"], self.d.s1)  # the standard stays
        self.assertIsNone(r.context["student"])

    def test_the_level_follows_the_scales_cut_scores(self) -> None:
        for marks, level in (
            (["right"] * 5, 4.0),  # 100 % ≥ 95 %: Exceeds
            (["right", "right", "right", "wrong", "wrong"], 2.0),  # 60 %: Approaching
            (["wrong", "wrong", "right", "wrong", "wrong"], 1.0),  # 20 %: Beginning
        ):
            with self.subTest(marks=marks):
                self.post_check(marks)
                self.assertEqual(Evidence.objects.latest("id").level, level)

    def test_unmarked_questions_are_left_out_of_the_score(self) -> None:
        self.post_check(["right", "", "right", "wrong", ""])
        evidence = Evidence.objects.get()
        self.assertEqual(evidence.raw_score, 66.7)
        self.assertTrue(evidence.note.startswith("2 of 3 right."))

    def test_without_javascript_it_redirects_back_with_the_standard_and_a_message(self) -> None:
        r = self.post_check(["right"] * 4 + ["wrong"], htmx=False)
        self.assertRedirects(
            r, self.station_url() + f"?standard={self.d.s1.pk}&n=5", fetch_redirect_response=False
        )
        page = self.client.get(r["Location"])
        self.assertContains(
            page,
            "Recorded: One-on-one check (battle the boss) · <span data-content>Ana A</span> on "
            "<span data-content>7.RP.A.1</span>",
        )
        self.assertContains(page, 'value="7.RP.A.1"')

    def test_a_check_with_no_marks_is_refused_and_nothing_is_written(self) -> None:
        r = self.post_check(["", "", ""])
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, "Mark at least one question right or wrong.", status_code=422)
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(MasteryRecord.objects.exists())

    def test_a_future_date_is_refused_and_the_marks_are_kept(self) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        r = self.post_check(["right", "wrong"], assessed_on=tomorrow.isoformat())
        self.assertContains(r, "The date assessed cannot be in the future.", status_code=422)
        self.assertContains(r, 'name="mark-1" value="right" checked', status_code=422)
        self.assertContains(r, 'name="mark-2" value="wrong" checked', status_code=422)
        self.assertFalse(Evidence.objects.exists())

    def test_a_malformed_date_is_a_form_error(self) -> None:
        r = self.post_check(["right"], assessed_on="next tuesday")
        self.assertContains(r, "Enter a date like 2026-03-14.", status_code=422)
        self.assertFalse(Evidence.objects.exists())

    def test_tampered_students_and_standards_are_404_and_nothing_is_written(self) -> None:
        elsewhere = standard_elsewhere(self.d)
        for extra in (
            {"student": self.d.cara.pk},  # Tomás teaches her, but in 7B
            {"student": self.d.dev.pk},
            {"student": self.d.ben.pk, "standard": elsewhere.pk},
            {"student": "", "standard": self.d.s1.pk},
            {"student": "abc"},
        ):
            with self.subTest(extra=extra):
                self.assertEqual(self.post_check(["right"], **extra).status_code, 404)
        self.assertFalse(Evidence.objects.exists())

    def test_students_and_other_teachers_cannot_post_to_the_station(self) -> None:
        for user in (self.d.ana, self.d.uma, self.d.zed):
            with self.subTest(user=user.username):
                self.assertEqual(self.post_check(["right"], user=user).status_code, 404)
                self.assertEqual(self.post_evidence(user=user).status_code, 404)
        self.assertFalse(Evidence.objects.exists())

    def test_get_is_not_allowed_on_the_record_endpoints(self) -> None:
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.get(self.check_url()).status_code, 405)
        self.assertEqual(self.client.get(self.evidence_url()).status_code, 405)


class OtherEvidenceTests(StationTestCase):
    def test_the_panel_offers_every_other_kind_and_the_classes_scale(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.station_url())
        for kind in (
            "mini_lesson",
            "product",
            "conference",
            "take_home_reflection",
            "benchmark",
            "imported",
            "teacher_judgement",
        ):
            self.assertContains(r, f'<option value="{kind}"')
        self.assertNotContains(r, '<option value="one_on_one"')
        self.assertNotContains(r, '<option value="assessment"')
        self.assertContains(r, 'name="ev-level" value="4"')
        self.assertContains(r, "<strong>4</strong> Exceeds", html=False)
        self.assertContains(r, 'accept="image/*,audio/*,video/*,application/pdf"')

    def test_recording_a_conference_with_an_audio_recording(self) -> None:
        upload = wav_upload()
        self.assertEqual(filetype.guess(wav_bytes()).mime, "audio/x-wav")
        r = self.post_evidence(**{"ev-files": [upload]})
        self.assertEqual(r.status_code, 200)
        evidence = Evidence.objects.get()
        self.assertEqual(
            (evidence.kind, evidence.level, evidence.raw_score, evidence.note),
            (Evidence.Kind.CONFERENCE, 3.0, None, "Retold the story in order."),
        )
        attachment = evidence.attachments.get()
        self.assertEqual(
            (attachment.content_type, attachment.original_name, attachment.size),
            ("audio/x-wav", "retelling.wav", len(wav_bytes())),
        )
        self.assertTrue(attachment.file.path.startswith(self.media_root))
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )
        self.assertEqual(record.status, "mastered")
        self.assertContains(r, "Recorded: Conference (EL) · <strong data-content>Ana A</strong>")
        self.assertContains(r, record.explanation)
        url = reverse("evidence:attachment", args=[attachment.pk])
        self.assertContains(r, f'<audio controls preload="none" src="{url}"')

    def test_a_file_named_mp3_holding_html_or_a_program_is_refused(self) -> None:
        for content in (b"<html><script>alert(1)</script></html>", b"MZ\x90\x00" + b"\x00" * 200):
            with self.subTest(content=content[:6]):
                upload = SimpleUploadedFile("retelling.mp3", content, content_type="audio/mpeg")
                r = self.post_evidence(**{"ev-files": [wav_upload(), upload]})
                self.assertContains(
                    r, "“retelling.mp3” is not a photo, PDF, audio or video file", status_code=422
                )
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertFalse(MasteryRecord.objects.exists())

    @override_settings(MAX_ATTACHMENT_BYTES=1000)
    def test_a_file_over_the_size_limit_is_refused(self) -> None:
        r = self.post_evidence(**{"ev-files": [wav_upload(frames=4000)]})
        self.assertContains(r, "“retelling.wav” is larger than", status_code=422)
        self.assertFalse(Evidence.objects.exists())

    def test_a_level_outside_the_scale_is_refused(self) -> None:
        for level in ("7", "0", "-1", "2.5", "1e308"):
            with self.subTest(level=level):
                r = self.post_evidence(**{"ev-level": level})
                self.assertContains(r, "Pick a level on the scale: 1, 2, 3, 4.", status_code=422)
        r = self.post_evidence(**{"ev-level": "high"})
        self.assertContains(r, "Pick a level on the scale.", status_code=422)
        self.assertFalse(Evidence.objects.exists())

    def test_a_future_date_is_refused(self) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        r = self.post_evidence(**{"ev-assessed_on": tomorrow.isoformat()})
        self.assertContains(r, "The date assessed cannot be in the future.", status_code=422)
        self.assertFalse(Evidence.objects.exists())

    def test_one_on_one_and_made_up_kinds_are_refused_here(self) -> None:
        for kind in ("one_on_one", "assessment", "gossip"):
            with self.subTest(kind=kind):
                r = self.post_evidence(**{"ev-kind": kind})
                self.assertContains(r, "Pick what kind of evidence this is.", status_code=422)
        self.assertFalse(Evidence.objects.exists())

    def test_missing_student_is_a_form_error_and_tampered_ids_are_404(self) -> None:
        r = self.post_evidence(**{"ev-student": ""})
        self.assertContains(r, "Pick a student.", status_code=422)
        elsewhere = standard_elsewhere(self.d)
        for fields in (
            {"ev-student": self.d.cara.pk},
            {"ev-student": self.d.dev.pk},
            {"ev-standard": elsewhere.pk},
        ):
            with self.subTest(fields=fields):
                self.assertEqual(self.post_evidence(**fields).status_code, 404)
        self.assertFalse(Evidence.objects.exists())

    def test_without_javascript_errors_render_the_whole_page(self) -> None:
        r = self.post_evidence(htmx=False, **{"ev-level": "9"})
        self.assertContains(r, "<html", status_code=422)
        self.assertContains(r, "Pick a level on the scale: 1, 2, 3, 4.", status_code=422)
        r = self.post_evidence(htmx=False)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Evidence.objects.count(), 1)
