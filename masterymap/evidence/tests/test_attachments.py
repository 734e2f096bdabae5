"""Attachments are served privately: to the student they are about and that student's
teachers (and school admin), with the stored type, inline, never sniffed, never shared-cached.
Everyone else gets the same 404 as for a file that does not exist."""

from __future__ import annotations

import os

from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import User
from masterymap.evidence.models import Attachment, Evidence
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence
from masterymap.workflows.tests.test_station import PrivateMedia, wav_bytes, wav_upload


class AttachmentDownloadTests(PrivateMedia, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        evidence = record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.ORAL_RETELLING,
            level=2,
            assessed_on=timezone.localdate(),
            files=[wav_upload("Ana's retelling.wav")],
        )
        self.attachment = evidence.attachments.get()
        self.url = reverse("evidence:attachment", args=[self.attachment.pk])

    def download(self, user: User):
        self.client.force_login(user)
        return self.client.get(self.url)

    def test_the_file_lives_under_the_private_media_root(self) -> None:
        path = self.attachment.file.path
        self.assertTrue(path.startswith(self.media_root + os.sep))
        self.assertTrue(os.path.exists(path))

    def test_the_student_themself_gets_it_inline_with_its_stored_type(self) -> None:
        r = self.download(self.d.ana)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(b"".join(r.streaming_content), wav_bytes())
        self.assertEqual(r["Content-Type"], "audio/x-wav")
        self.assertEqual(r["Content-Disposition"], 'inline; filename="Ana\'s retelling.wav"')
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertIn("private", r["Cache-Control"])
        self.assertEqual(int(r["Content-Length"]), len(wav_bytes()))

    def test_byte_ranges_are_answered_for_audio_and_video_players(self) -> None:
        self.client.force_login(self.d.ana)
        whole = wav_bytes()
        size = len(whole)
        for header, status, body, content_range in (
            ("bytes=0-1", 206, whole[:2], f"bytes 0-1/{size}"),
            ("bytes=10-", 206, whole[10:], f"bytes 10-{size - 1}/{size}"),
            ("bytes=-4", 206, whole[-4:], f"bytes {size - 4}-{size - 1}/{size}"),
            (f"bytes=5-{size + 50}", 206, whole[5:], f"bytes 5-{size - 1}/{size}"),
            ("bytes=0-1,4-5", 200, whole, None),  # several ranges: the whole file
            ("pages=1-2", 200, whole, None),
        ):
            with self.subTest(header=header):
                r = self.client.get(self.url, headers={"Range": header})
                self.assertEqual(r.status_code, status)
                self.assertEqual(b"".join(r.streaming_content), body)
                self.assertEqual(r.get("Content-Range"), content_range)
                self.assertEqual(r["Accept-Ranges"], "bytes")
                self.assertEqual(r["X-Content-Type-Options"], "nosniff")
                self.assertIn("private", r["Cache-Control"])
        r = self.client.get(self.url, headers={"Range": f"bytes={size}-"})
        self.assertEqual(r.status_code, 416)
        self.assertEqual(r["Content-Range"], f"bytes */{size}")
        # A range is no way round the access check.
        self.client.force_login(self.d.ben)
        self.assertEqual(self.client.get(self.url, headers={"Range": "bytes=0-1"}).status_code, 404)

    def test_their_teacher_and_school_admin_get_it(self) -> None:
        for user in (self.d.tomas, self.d.ada):
            with self.subTest(user=user.username):
                r = self.download(user)
                self.assertEqual(r.status_code, 200)
                # Read it to the end, as a server would: the test client then closes the
                # response (and the file) itself. Never call r.close() here: that sends
                # request_finished, whose close_old_connections drops the database
                # connection in the middle of this test's transaction (PostgreSQL does;
                # SQLite's in-memory test database ignores the close).
                self.assertEqual(b"".join(r.streaming_content), wav_bytes())

    def test_other_students_other_teachers_and_other_schools_get_404(self) -> None:
        for user in (self.d.ben, self.d.cara, self.d.uma, self.d.zed):
            with self.subTest(user=user.username):
                self.assertEqual(self.download(user).status_code, 404)

    def test_logged_out_visitors_are_sent_to_log_in(self) -> None:
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])

    def test_a_missing_id_or_a_file_gone_from_disk_is_404(self) -> None:
        self.client.force_login(self.d.tomas)
        missing = reverse("evidence:attachment", args=[self.attachment.pk + 100])
        self.assertEqual(self.client.get(missing).status_code, 404)
        os.remove(self.attachment.file.path)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_is_get_only(self) -> None:
        self.client.force_login(self.d.ana)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        self.assertEqual(Attachment.objects.count(), 1)
