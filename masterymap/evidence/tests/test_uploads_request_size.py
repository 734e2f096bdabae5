"""A request body over the limit is refused with a 413 page, in the reader's language,
before it is read: by its declared Content-Length (RequestSizeLimitMiddleware), or, when
the length cannot be trusted, by counting the bytes as they arrive (LimitedUploadHandler).
Nothing is saved, and no view ever sees a cut-off form."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.http import HttpRequest
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import translation

from masterymap.evidence.models import Attachment, Evidence
from masterymap.evidence.tests.images import image_bytes, upload
from masterymap.lib import request_limits
from masterymap.lib.request_limits import TOO_LARGE, LimitedUploadHandler
from masterymap.lib.uploads import MAX_FILES
from masterymap.mastery.models import MasteryRecord
from masterymap.workflows.tests.test_station import StationTestCase

LIMIT = 40_000  # 39.1 KB


def photo(name: str = "poster.jpg") -> SimpleUploadedFile:
    """A real JPEG of about 2 KB."""
    return upload(name, image_bytes("JPEG", (300, 300)), "image/jpeg")


def big_photo(name: str = "big.jpg") -> SimpleUploadedFile:
    """A real JPEG padded past LIMIT (the type check reads only its start)."""
    return upload(name, image_bytes("JPEG", (300, 300)) + b"\x00" * LIMIT, "image/jpeg")


@override_settings(MAX_REQUEST_BYTES=LIMIT)
class OversizedBodyTests(StationTestCase):
    def assert_nothing_saved(self) -> None:
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertFalse(MasteryRecord.objects.exists())

    def test_a_body_over_the_limit_gets_a_413_page_and_nothing_is_saved(self) -> None:
        for htmx in (False, True):
            with self.subTest(htmx=htmx):
                r = self.post_evidence(htmx=htmx, **{"ev-files": [big_photo()]})
                self.assertEqual(r.status_code, 413)
                self.assertContains(r, "<h1>Too large to send</h1>", status_code=413)
                self.assertContains(r, "What you sent is larger than 39.1 KB", status_code=413)
                self.assertContains(r, "so nothing was saved", status_code=413)
                self.assertContains(r, "(each at most 50 MB)", status_code=413)
                self.assert_nothing_saved()

    def test_the_body_is_never_read(self) -> None:
        with mock.patch("django.http.multipartparser.MultiPartParser.parse") as parse:
            r = self.post_evidence(**{"ev-files": [big_photo()]})
        self.assertEqual(r.status_code, 413)
        parse.assert_not_called()

    def test_the_page_is_in_the_readers_language(self) -> None:
        self.d.tomas.language = "es"
        self.d.tomas.save(update_fields=["language"])
        # The page switches this thread to Spanish: switch back after, for later tests.
        with translation.override("en"):
            r = self.post_evidence(htmx=False, **{"ev-files": [big_photo()]})
        self.assertEqual(r.status_code, 413)
        self.assertEqual(r["Content-Language"], "es")
        self.assertContains(r, '<html lang="es">', status_code=413)
        self.assertContains(r, "39,1 KB", status_code=413)  # the Spanish decimal comma
        self.assert_nothing_saved()

    def test_a_body_under_the_limit_goes_through(self) -> None:
        r = self.post_evidence(**{"ev-files": [photo()]})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(Attachment.objects.count(), 1)

    def test_a_form_without_files_over_the_field_limit_is_refused_too(self) -> None:
        self.client.force_login(self.d.tomas)
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2048):
            r = self.client.post(
                self.evidence_url(),
                "ev-note=" + "x" * 3000,
                content_type="application/x-www-form-urlencoded",
            )
        self.assertContains(r, "What you sent is larger than 2 KB", status_code=413)
        self.assert_nothing_saved()

    def test_a_body_without_a_length_saves_nothing_and_is_no_server_error(self) -> None:
        # Chunked: no Content-Length. Django reads no body it cannot bound, so the form
        # arrives empty and is refused like any incomplete form.
        self.client.force_login(self.d.tomas)
        body = encode_multipart(BOUNDARY, {"ev-note": "x", "ev-files": [big_photo()]})
        r = self.client.generic(
            "POST",
            self.evidence_url(),
            body,
            content_type=MULTIPART_CONTENT,
            headers={"HX-Request": "true", "Transfer-Encoding": "chunked"},
            CONTENT_LENGTH="",
        )
        self.assertIn(r.status_code, (403, 422))
        self.assert_nothing_saved()


@override_settings(MAX_REQUEST_BYTES=LIMIT)
class UploadHandlerTests(SimpleTestCase):
    """The handler on its own: it stops at the limit whatever the request declared."""

    def request(self, data: dict[str, object]) -> tuple[HttpRequest, int]:
        """A multipart POST with its true Content-Length, not yet parsed."""
        body = encode_multipart(BOUNDARY, data)
        request = RequestFactory().generic("POST", "/", body, content_type=MULTIPART_CONTENT)
        self.assertIsInstance(request.upload_handlers[0], LimitedUploadHandler)
        return request, len(body)

    def test_it_stops_counting_bytes_past_the_limit_and_marks_the_request(self) -> None:
        request, _length = self.request({})
        handler = LimitedUploadHandler(request)
        self.assertEqual(handler.receive_data_chunk(b"x" * LIMIT, 0), b"x" * LIMIT)
        self.assertFalse(hasattr(request, TOO_LARGE))
        with self.assertRaises(StopUpload) as stopped:
            handler.receive_data_chunk(b"x", LIMIT)
        self.assertTrue(stopped.exception.connection_reset)  # the rest is not read
        self.assertTrue(getattr(request, TOO_LARGE))

    def test_bytes_are_counted_whatever_the_length_says(self) -> None:
        # As if the length could not be trusted (or the middleware were missing): the
        # declared-length shortcut is off, the bytes are counted as they arrive, and the
        # file that crosses the limit is dropped.
        request, length = self.request({"note": "hi", "files": [big_photo()]})
        self.assertGreater(length, LIMIT)
        with mock.patch.object(LimitedUploadHandler, "handle_raw_input", return_value=None):
            files = request.FILES
        self.assertEqual(request.POST["note"], "hi")
        self.assertNotIn("files", files)
        self.assertTrue(getattr(request, TOO_LARGE))

    def test_a_declared_length_over_the_limit_reads_nothing(self) -> None:
        request, _length = self.request({"note": "hi", "files": [big_photo()]})
        request._stream = mock.Mock()  # type: ignore[attr-defined]
        self.assertEqual(dict(request.POST), {})
        self.assertEqual(dict(request.FILES), {})
        request._stream.read.assert_not_called()  # type: ignore[attr-defined]
        self.assertTrue(getattr(request, TOO_LARGE))


class SettingsTests(SimpleTestCase):
    def test_five_full_size_attachments_fit_in_one_request(self) -> None:
        self.assertGreater(settings.MAX_REQUEST_BYTES, MAX_FILES * settings.MAX_ATTACHMENT_BYTES)
        self.assertGreater(settings.DATA_UPLOAD_MAX_NUMBER_FILES, MAX_FILES)
        self.assertEqual(
            settings.FILE_UPLOAD_HANDLERS[0], "masterymap.lib.request_limits.LimitedUploadHandler"
        )
        middleware = settings.MIDDLEWARE
        self.assertLess(
            middleware.index("masterymap.lib.request_limits.RequestSizeLimitMiddleware"),
            middleware.index("django.middleware.csrf.CsrfViewMiddleware"),
        )

    def test_sizes_read_as_people_write_them(self) -> None:
        for n, text in (
            (512 * 1024, "512 KB"),
            (40_000, "39.1 KB"),
            (50 * 1024 * 1024, "50 MB"),
            (251 * 1024 * 1024, "251 MB"),
            (int(1.5 * 1024 * 1024), "1.5 MB"),
            (1234 * 1024 * 1024, "1234 MB"),
        ):
            with self.subTest(n=n), translation.override("en"):
                self.assertEqual(request_limits.size_text(n), text)
        with translation.override("es"):
            self.assertEqual(request_limits.size_text(40_000), "39,1 KB")
