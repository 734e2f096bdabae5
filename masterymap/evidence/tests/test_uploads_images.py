"""Photos are checked for their pixel count from the header alone, before any decoding:
over MAX_IMAGE_PIXELS (a decompression bomb among them) they are refused with a clear
message, as is a damaged or cut-off picture. Nothing is saved when one file is refused."""

from __future__ import annotations

from unittest import mock

from django.test import SimpleTestCase, override_settings
from django.utils import timezone
from PIL import Image, PngImagePlugin

from masterymap.evidence.models import Attachment, Evidence
from masterymap.evidence.tests.images import image_bytes, png_bomb, upload
from masterymap.lib.uploads import UploadError, check_upload
from masterymap.mastery.models import MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows.tests.test_station import PrivateMedia, StationTestCase

MB = 1024 * 1024
TOO_MANY = "is a picture of more than"
DAMAGED = "is a damaged or incomplete picture. Send it again, or send another copy."


class PixelLimitTests(SimpleTestCase):
    def test_a_photo_at_the_limit_passes_and_one_pixel_more_is_refused(self) -> None:
        at_limit = upload("exact.png", image_bytes("PNG", (1000, 1000), mode="1"))
        self.assertEqual(
            check_upload(at_limit, max_bytes=MB, max_pixels=1_000_000).content_type, "image/png"
        )
        over = upload("wide.png", image_bytes("PNG", (1001, 1000), mode="1"))
        with self.assertRaisesMessage(
            UploadError, "“wide.png” is a picture of more than 1 megapixels. Send a smaller copy"
        ):
            check_upload(over, max_bytes=MB, max_pixels=1_000_000)

    @override_settings(MAX_IMAGE_PIXELS=2_500_000)
    def test_the_limit_comes_from_settings_for_every_photo_type(self) -> None:
        for fmt, name in (
            ("JPEG", "p.jpg"),
            ("PNG", "p.png"),
            ("WEBP", "p.webp"),
            ("HEIF", "p.heic"),
        ):
            with self.subTest(fmt=fmt):
                small = upload(name, image_bytes(fmt, (1600, 1200)))  # 1.92 megapixels
                self.assertTrue(
                    check_upload(small, max_bytes=10 * MB).content_type.startswith("image/")
                )
                big = upload(name, image_bytes(fmt, (2000, 1300)))  # 2.6 megapixels
                with self.assertRaisesMessage(UploadError, f"“{name}” {TOO_MANY} 2.5 megapixels"):
                    check_upload(big, max_bytes=10 * MB)

    def test_a_decompression_bomb_is_refused_without_being_decoded(self) -> None:
        # 81 megapixels in about 10 KB: over our 50-megapixel default, under Pillow's own
        # ceiling, so it is our check that refuses it, before any pixel is unpacked.
        bomb = png_bomb(9_000, 9_000)
        self.assertLess(len(bomb), 100_000)
        never = mock.Mock(side_effect=AssertionError("decoded"))
        with (
            mock.patch.object(PngImagePlugin.PngImageFile, "load", never),
            mock.patch.object(PngImagePlugin.PngImageFile, "verify", never),
            self.assertRaisesMessage(UploadError, f"“bomb.png” {TOO_MANY} 50 megapixels"),
        ):
            check_upload(upload("bomb.png", bomb), max_bytes=MB, max_pixels=50_000_000)
        never.assert_not_called()

    def test_a_bomb_past_pillows_own_ceiling_gets_the_same_message(self) -> None:
        bomb = png_bomb(20_000, 20_000)  # 400 megapixels
        with self.assertRaisesMessage(UploadError, f"“huge.png” {TOO_MANY} 500 megapixels"):
            check_upload(upload("huge.png", bomb), max_bytes=MB, max_pixels=500_000_000)

    def test_a_cut_off_or_damaged_photo_is_refused(self) -> None:
        jpeg = image_bytes("JPEG", (640, 480))
        png = image_bytes("PNG", (640, 480))
        webp = image_bytes("WEBP", (640, 480))
        heic = image_bytes("HEIF", (640, 480))
        broken_crc = png[:40] + bytes([png[40] ^ 0xFF]) + png[41:]  # inside IDAT
        for name, content in (
            ("cut.jpg", jpeg[: len(jpeg) // 2]),
            ("cut.png", png[: len(png) // 2]),
            ("crc.png", broken_crc),
            ("cut.webp", webp[: len(webp) // 2]),
            ("cut.heic", heic[: int(len(heic) * 0.9)]),
        ):
            with (
                self.subTest(name=name),
                self.assertRaisesMessage(UploadError, f"“{name}” {DAMAGED}"),
            ):
                check_upload(upload(name, content), max_bytes=MB)

    def test_the_file_can_be_read_again_after_the_check(self) -> None:
        content = image_bytes("JPEG", (640, 480))
        checked = check_upload(upload("p.jpg", content), max_bytes=MB)
        self.assertEqual(checked.file.read(), content)


class RefusedPhotoSavesNothingTests(StationTestCase):
    @override_settings(MAX_IMAGE_PIXELS=1_000_000)
    def test_one_photo_over_the_limit_refuses_the_whole_record(self) -> None:
        good = upload("ok.jpg", image_bytes("JPEG", (800, 600)), "image/jpeg")
        bomb = upload("poster.png", png_bomb(3_000, 3_000), "image/png")
        r = self.post_evidence(**{"ev-files": [good, bomb]})
        self.assertContains(
            r, "“poster.png” is a picture of more than 1 megapixels.", status_code=422
        )
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertFalse(MasteryRecord.objects.exists())

    def test_a_cut_off_photo_is_a_form_error_not_a_server_error(self) -> None:
        jpeg = image_bytes("JPEG", (800, 600))
        r = self.post_evidence(**{"ev-files": [upload("IMG_0001.jpg", jpeg[:-400], "image/jpeg")]})
        self.assertContains(r, f"“IMG_0001.jpg” {DAMAGED}", status_code=422)
        self.assertFalse(Evidence.objects.exists())


class HeicTests(PrivateMedia, BaseTestCase):
    def test_an_iphone_heic_photo_is_accepted_and_stored_as_heic(self) -> None:
        from masterymap.workflows.actions import record_evidence

        evidence = record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.PRODUCT,
            level=3,
            assessed_on=timezone.localdate(),
            files=[upload("IMG_0002.HEIC", image_bytes("HEIF", (400, 300)))],
        )
        attachment = evidence.attachments.get()
        self.assertEqual(attachment.content_type, "image/heic")
        self.assertTrue(attachment.file.name.endswith(".heic"))
        with Image.open(attachment.file.path) as stored:
            self.assertEqual(stored.size, (400, 300))
