"""Pages compressed on the way out: Django's GZipMiddleware, for text only, at a lower level.

The 600-student grid is several megabytes of very repetitive HTML: compressed it is a
tenth of that, which a school's Wi-Fi and a phone feel more than anything the server does.
Django's middleware compresses every response over 200 bytes whatever its type, so the
pictures, photos and XLSX files (already compressed) would cost CPU for nothing: those pass
through as they are.

Django compresses at level 6. At level 3 the class grid (365 KB of HTML) takes 0.8 ms
instead of 1.8 and travels as 19 KiB instead of 16; the 600-student grid 14 ms instead of
29, 292 KiB instead of 230 (bench/, issue 14): on a school's network the CPU is the
scarcer of the two. Like Django's, each response is padded with a random number of bytes
against BREACH (the CSRF token on a page is masked differently on every response too).
Streamed responses (the CSV exports) are left to Django's middleware as they are.
"""

from __future__ import annotations

import gzip
import secrets

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

# What compresses well: pages, htmx fragments, CSV exports, JSON, SVG.
TEXT_TYPES = ("text/", "application/json", "image/svg+xml", "application/javascript")
LEVEL = 3


def compressed(content: bytes, *, max_random_bytes: int) -> bytes:
    """gzip at `LEVEL`, with Django's padding: a file name of 0 to `max_random_bytes` - 1
    bytes, which the browser ignores, so the length does not tell what the page holds."""
    packed = gzip.compress(content, compresslevel=LEVEL, mtime=0)
    header = bytearray(packed[:10])
    header[3] = gzip.FNAME
    name = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return bytes(header) + name + packed[10:]


class TextGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith(TEXT_TYPES):
            return response
        if response.streaming or not isinstance(response, HttpResponse):
            return super().process_response(request, response)
        # Django's steps for a response in one piece, with `compressed` for its level.
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        packed = compressed(response.content, max_random_bytes=self.max_random_bytes)
        if len(packed) >= len(response.content):
            return response
        response.content = packed
        response.headers["Content-Length"] = str(len(packed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
