"""Request bodies over the limit are refused with a 413 page before they are read.

Two pieces, both needed:
- `RequestSizeLimitMiddleware` compares the declared Content-Length with the limit
  (MAX_REQUEST_BYTES for a multipart upload, DATA_UPLOAD_MAX_MEMORY_SIZE for anything
  else) and answers 413 without touching the body;
- `LimitedUploadHandler`, first in FILE_UPLOAD_HANDLERS, counts the bytes of every file
  as the multipart parser hands them over and stops the upload at the limit whatever the
  request declared, so a body without a trustworthy length (chunked) is never stored past
  it either. The middleware then answers 413 before any view sees the partial form.

The reverse proxy's own body limit (nginx `client_max_body_size`) stays the first line:
see docs/deploy.md.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format

# Set on the request by LimitedUploadHandler when it stopped an upload.
TOO_LARGE = "masterymap_body_too_large"
BODY_METHODS = ("POST", "PUT", "PATCH")


def size_text(n: int) -> str:
    """10 MB, 1.5 MB, 512 KB; the number with the reader's decimal mark."""
    value, unit = (n / (1024 * 1024), "MB") if n >= 1024 * 1024 else (n / 1024, "KB")
    digits = f"{value:.0f}" if value >= 100 else f"{value:.3g}"
    return f"{number_format(Decimal(digits))} {unit}"


def body_limit(request: HttpRequest) -> int:
    """The most a request may send: a file upload up to MAX_REQUEST_BYTES, anything else
    up to DATA_UPLOAD_MAX_MEMORY_SIZE (Django's own limit for form fields and JSON)."""
    if request.content_type == "multipart/form-data":
        return int(settings.MAX_REQUEST_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or settings.MAX_REQUEST_BYTES)


def declared_length(request: HttpRequest) -> int | None:
    """The Content-Length the client declared; None when absent or unreadable."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 page, in the reader's language (the middleware runs after the language
    is chosen: see process_view)."""
    context = {
        "limit_text": size_text(limit),
        "file_limit_text": size_text(int(settings.MAX_ATTACHMENT_BYTES)),
    }
    return render(request, "413.html", context, status=413)


class RequestSizeLimitMiddleware:
    """Refuses an oversized body with 413 before anything reads it.

    The check runs in process_view: by then every middleware has run its request phase
    (so the session, the user and their language are known) but nothing has read the
    body yet. Listed before CsrfViewMiddleware, whose process_view is the first to read a
    POST body, so this one runs first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        limit = body_limit(request)
        length = declared_length(request)
        if length is not None and length > limit:
            return too_large_response(request, limit)
        if request.method in BODY_METHODS and request.content_type == "multipart/form-data":
            # Parse now (CsrfViewMiddleware would next): LimitedUploadHandler counts the
            # bytes and marks the request if it had to stop. No view sees a cut-off form.
            request.POST  # noqa: B018
            if getattr(request, TOO_LARGE, False):
                return too_large_response(request, limit)
        return None


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every uploaded file as they arrive and stops the whole upload
    past MAX_REQUEST_BYTES, whatever length the request declared. First in
    FILE_UPLOAD_HANDLERS; the handlers after it store what it passes on."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.limit = int(settings.MAX_REQUEST_BYTES)

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, Any]] | None:
        if content_length > self.limit:
            # Declared too large: read nothing, keep nothing.
            self._mark()
            return QueryDict(), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._mark()
            # connection_reset: the parser stops reading the body instead of draining it.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _mark(self) -> None:
        if self.request is not None:
            setattr(self.request, TOO_LARGE, True)
