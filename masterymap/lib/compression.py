"""Pages compressed on the way out: Django's GZipMiddleware, for text only.

The 600-student grid is several megabytes of very repetitive HTML: compressed it is a
tenth of that, which a school's Wi-Fi and a phone feel more than anything the server does.
Django's middleware compresses every response over 200 bytes whatever its type, so the
pictures, photos and XLSX files (already compressed) would cost CPU for nothing: those pass
through as they are. Django's version pads each response with random bytes against BREACH,
and the CSRF token on a page is masked differently on every response.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# What compresses well: pages, htmx fragments, CSV exports, JSON, SVG.
TEXT_TYPES = ("text/", "application/json", "image/svg+xml", "application/javascript")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)
