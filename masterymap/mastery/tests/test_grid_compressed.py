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
