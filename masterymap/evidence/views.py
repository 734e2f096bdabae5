"""Private attachments: served only to the student they are about and their teachers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from masterymap.accounts.request_types import AuthedRequest
from masterymap.evidence import access


@require_GET
@login_required
def attachment_download(request: AuthedRequest, attachment_id: int) -> HttpResponseBase:
    """An attachment, only to the student it is about and their teachers; never cached by
    shared caches, never sniffed into something else; photos, audio and video inline,
    anything else as a download. Answers byte ranges, which Safari needs before it plays
    audio or video."""
    attachment = access.get_attachment_for_user(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
        size = attachment.file.size
    except FileNotFoundError:
        raise Http404("No such file.") from None
    try:
        wanted = _byte_range(request.headers.get("Range", ""), size)
    except ValueError:
        handle.close()
        response: HttpResponseBase = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        response = FileResponse(handle, content_type=attachment.content_type)
    else:
        start, end = wanted
        handle.seek(start)
        response = StreamingHttpResponse(
            _chunks(handle, end - start + 1), status=206, content_type=attachment.content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    # A PDF (anything not a photo, audio or video) is a download, never opened as a page
    # of this site, where a crafted one could run script with the reader's session.
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=not attachment.shown_inline, filename=attachment.download_name
        )
        or ""
    )
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single `Range: bytes=…` request, or None to send the whole
    file (no header, several ranges, or one we cannot read). ValueError: unsatisfiable."""
    match = _RANGE.fullmatch(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        if int(last) == 0 or size == 0:
            raise ValueError("empty suffix range")
        return max(0, size - int(last)), size - 1
    start = int(first)
    if start >= size:
        raise ValueError("range starts past the end")
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if end >= start else None


def _chunks(handle: File[bytes], length: int, block: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while length > 0:
            data = handle.read(min(block, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()
