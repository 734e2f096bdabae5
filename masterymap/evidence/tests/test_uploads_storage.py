"""An attachment is stored under the extension of the type its content shows, never the
uploader's; photos, audio and video are served inline where the pages show them, and
anything else (a PDF) only as a download with a safe name, never sniffed."""

from __future__ import annotations

import os

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import User
from masterymap.evidence.models import Attachment, Evidence
from masterymap.evidence.tests.images import image_bytes, pdf_bytes, upload
from masterymap.lib.uploads import display_name, name_with_extension
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence
from masterymap.workflows.tests.test_station import PrivateMedia, StationTestCase, wav_upload


class NameTests(SimpleTestCase):
    def test_display_names_are_sanitized(self) -> None:
        for raw, shown in (
            ("poster.png", "poster.png"),
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\ana\\Desktop\\poster.png", "poster.png"),
            ("  my\tposter \n final.png ", "my poster final.png"),
            ("invoice\u202egnp.exe", "invoicegnp.exe"),  # a right-to-left override
            ("zero\u200bwidth\x00.pdf", "zerowidth.pdf"),
            (".htaccess", "htaccess"),
            ("...", "attachment"),
            ("", "attachment"),
            ("Cafe\u0301 menú.pdf", "Café menú.pdf"),
            ("a" * 300 + ".jpeg", "a" * 115 + ".jpeg"),
            ("b" * 300, "b" * 120),
        ):
            with self.subTest(raw=raw):
                self.assertEqual(display_name(raw), shown)

    def test_the_download_name_takes_the_content_types_extension(self) -> None:
        for name, extension, saved in (
            ("homework.pdf", "png", "homework.png"),
            ("poster.PNG", "png", "poster.png"),
            ("retelling", "wav", "retelling.wav"),
            ("my.final.essay.docx", "pdf", "my.final.essay.pdf"),
        ):
            with self.subTest(name=name):
                self.assertEqual(name_with_extension(name, extension), saved)


class StoredByContentTests(PrivateMedia, BaseTestCase):
    def attach(self, *files) -> list[Attachment]:
        evidence = record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.PRODUCT,
            level=3,
            assessed_on=timezone.localdate(),
            files=list(files),
        )
        return list(evidence.attachments.order_by("pk"))

    def download(self, attachment: Attachment, user: User | None = None):
        self.client.force_login(user or self.d.ana)
        return self.client.get(reverse("evidence:attachment", args=[attachment.pk]))

    def test_a_png_named_pdf_is_stored_as_png_and_served_as_an_image(self) -> None:
        png = image_bytes("PNG")
        (attachment,) = self.attach(upload("homework.pdf", png, "application/pdf"))
        self.assertEqual(attachment.content_type, "image/png")
        self.assertEqual(attachment.original_name, "homework.pdf")  # shown as given
        self.assertEqual(os.path.splitext(attachment.file.name)[1], ".png")
        self.assertNotIn("homework", attachment.file.name)
        r = self.download(attachment)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "image/png")
        self.assertEqual(r["Content-Disposition"], 'inline; filename="homework.png"')
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(r.streaming_content), png)

    def test_each_type_is_stored_under_its_own_extension(self) -> None:
        attachments = self.attach(
            upload("photo.png", image_bytes("JPEG")),
            upload("scan.jpg", pdf_bytes()),
            upload("clip.mp3", wav_upload().read()),
            upload("x.txt", image_bytes("WEBP")),
        )
        self.assertEqual(
            [(a.content_type, os.path.splitext(a.file.name)[1]) for a in attachments],
            [
                ("image/jpeg", ".jpg"),
                ("application/pdf", ".pdf"),
                ("audio/x-wav", ".wav"),
                ("image/webp", ".webp"),
            ],
        )
        # Two files of the same name never overwrite each other.
        again = self.attach(upload("photo.png", image_bytes("JPEG")))
        self.assertNotEqual(again[0].file.name, attachments[0].file.name)

    def test_a_pdf_is_only_ever_a_download(self) -> None:
        (attachment,) = self.attach(upload("Ana's essay (final).pdf", pdf_bytes()))
        for user in (self.d.ana, self.d.tomas):
            with self.subTest(user=user.username):
                r = self.download(attachment, user)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r["Content-Type"], "application/pdf")
                self.assertEqual(
                    r["Content-Disposition"], 'attachment; filename="Ana\'s essay (final).pdf"'
                )
                self.assertEqual(r["X-Content-Type-Options"], "nosniff")
                self.assertIn("private", r["Cache-Control"])
                self.assertEqual(b"".join(r.streaming_content), pdf_bytes())
        # A byte range of it is a download too.
        self.client.force_login(self.d.ana)
        r = self.client.get(
            reverse("evidence:attachment", args=[attachment.pk]), headers={"Range": "bytes=0-3"}
        )
        self.assertEqual(r.status_code, 206)
        self.assertTrue(r["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(b"".join(r.streaming_content), b"%PDF")
        # Still nobody else's.
        self.assertEqual(self.download(attachment, self.d.ben).status_code, 404)

    def test_an_unsafe_name_is_cleaned_in_the_header(self) -> None:
        (attachment,) = self.attach(upload('../"evil"\r\nX-Injected: 1\u202e.pdf', pdf_bytes()))
        self.assertEqual(attachment.original_name, '"evil" X-Injected: 1.pdf')
        r = self.download(attachment)
        self.assertEqual(
            r["Content-Disposition"], 'attachment; filename="\\"evil\\" X-Injected: 1.pdf"'
        )
        self.assertNotIn("X-Injected", r.headers)
        # Names kept from before the cleaning are cleaned when served.
        Attachment.objects.filter(pk=attachment.pk).update(original_name="a\r\nb\u202e.pdf")
        r = self.download(attachment)
        self.assertEqual(r["Content-Disposition"], 'attachment; filename="a b.pdf"')

    def test_a_non_ascii_name_is_sent_encoded(self) -> None:
        (attachment,) = self.attach(upload("Mapa de José.png", image_bytes("PNG")))
        r = self.download(attachment)
        self.assertEqual(
            r["Content-Disposition"], "inline; filename*=utf-8''Mapa%20de%20Jos%C3%A9.png"
        )


class PhotoShownTests(StationTestCase):
    def test_a_normal_photo_uploads_and_is_shown_on_the_show_the_math_page(self) -> None:
        photo = image_bytes("JPEG", (1600, 1200))
        r = self.post_evidence(**{"ev-files": [upload("IMG_1234.JPG", photo, "image/jpeg")]})
        self.assertEqual(r.status_code, 200)
        attachment = Attachment.objects.get()
        self.assertEqual(
            (attachment.content_type, attachment.original_name, attachment.size),
            ("image/jpeg", "IMG_1234.JPG", len(photo)),
        )
        self.assertTrue(attachment.file.name.endswith(".jpg"))
        url = reverse("evidence:attachment", args=[attachment.pk])
        for user in (self.d.tomas, self.d.ana):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                page = self.client.get(
                    reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
                )
                self.assertContains(page, f'<img class="evidence-thumb" src="{url}"')
                self.assertContains(page, f'<a href="{url}">IMG_1234.JPG</a>')
                r = self.client.get(url)
                self.assertEqual(r["Content-Type"], "image/jpeg")
                self.assertEqual(r["Content-Disposition"], 'inline; filename="IMG_1234.jpg"')
                self.assertEqual(b"".join(r.streaming_content), photo)
