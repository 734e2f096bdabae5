"""The grid travels compressed when the browser accepts it (lib/compression.py), and what
is already compressed (a picture, a workbook) travels as it is."""

from __future__ import annotations

import gzip

from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from masterymap.lib.compression import TextGZipMiddleware
from masterymap.test import BaseTestCase


class CompressedGridTests(BaseTestCase):
    def test_the_grid_arrives_gzipped_and_reads_the_same(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("mastery:grid", args=[self.d.c7a.pk])
        plain = self.client.get(url)
        packed = self.client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        self.assertNotIn("Content-Encoding", plain)
        self.assertEqual(packed["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", packed["Vary"])
        page = gzip.decompress(packed.content).decode()
        self.assertIn('class="cell ', page)
        self.assertIn(self.d.c7a.name, page)
        self.assertLess(len(packed.content), len(plain.content))


def _through(content_type: str) -> HttpResponse:
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    body = b"<p>" + b"the same words again " * 200 + b"</p>"
    middleware = TextGZipMiddleware(lambda r: HttpResponse(body, content_type=content_type))
    return middleware(request)


def test_pages_csv_and_json_are_compressed() -> None:
    for content_type in ("text/html; charset=utf-8", "text/csv", "application/json"):
        assert _through(content_type).get("Content-Encoding") == "gzip", content_type


def test_pictures_and_workbooks_pass_as_they_are() -> None:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    for content_type in ("image/png", "image/jpeg", xlsx, "application/zip"):
        response = _through(content_type)
        assert response.get("Content-Encoding") is None, content_type
        assert response.content.startswith(b"<p>the same words")


def test_a_page_reads_the_same_padded_by_a_varying_length_with_a_weak_etag() -> None:
    body = b"<p>" + b"the same words again " * 200 + b"</p>"
    sizes = set()
    for _ in range(30):
        request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")

        def page(r: object) -> HttpResponse:
            response = HttpResponse(body, content_type="text/html")
            response["ETag"] = '"v1"'
            return response

        response = TextGZipMiddleware(page)(request)
        assert gzip.decompress(response.content) == body
        assert response["Content-Length"] == str(len(response.content))
        assert response["ETag"] == 'W/"v1"'
        sizes.add(len(response.content))
    # Against BREACH: the same page does not always travel at the same length.
    assert len(sizes) > 5


def test_a_browser_that_does_not_accept_gzip_gets_the_page_as_it_is() -> None:
    request = RequestFactory().get("/")
    body = b"<p>" + b"the same words again " * 200 + b"</p>"
    response = TextGZipMiddleware(lambda r: HttpResponse(body, content_type="text/html"))(request)
    assert response.content == body
    assert response.get("Content-Encoding") is None
    assert "Accept-Encoding" in response["Vary"]


def test_a_streamed_csv_is_compressed_as_django_does() -> None:
    from django.http import StreamingHttpResponse

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    rows = [b"a,b,c\n"] * 500
    middleware = TextGZipMiddleware(
        lambda r: StreamingHttpResponse(iter(rows), content_type="text/csv")
    )
    response = middleware(request)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == b"".join(rows)
