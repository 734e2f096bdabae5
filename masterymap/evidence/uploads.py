"""Checks an uploaded attachment by its content, not its name."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# What teachers attach as evidence: photos of products, PDFs, recorded retellings and
# mini lessons. Anything else (executables, HTML, SVG with script…) is refused.
ALLOWED_TYPES: dict[str, str] = {
    "image/jpeg": "photo",
    "image/png": "photo",
    "image/webp": "photo",
    "image/heic": "photo",
    "application/pdf": "PDF",
    "audio/mpeg": "audio",
    "audio/mp4": "audio",
    "audio/m4a": "audio",
    "audio/x-m4a": "audio",
    "audio/ogg": "audio",
    "audio/x-wav": "audio",
    "audio/wav": "audio",
    "audio/webm": "audio",
    "video/mp4": "video",
    "video/webm": "video",
    "video/quicktime": "video",
}
MAX_FILES = 5


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile[bytes]
    content_type: str
    size: int
    name: str


class UploadError(ValueError):
    """Why a file was refused, in the reader's language (`message`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _size(n: int) -> str:
    """10 MB, 1.5 MB, 512 KB; the number with the reader's decimal mark."""
    value, unit = (n / (1024 * 1024), "MB") if n >= 1024 * 1024 else (n / 1024, "KB")
    return f"{number_format(Decimal(f'{value:g}'))} {unit}"


def check_upload(upload: UploadedFile[bytes], *, max_bytes: int) -> CheckedUpload:
    name = (upload.name or "attachment").rsplit("/", 1)[-1][:255]
    if upload.size is None or upload.size == 0:
        raise UploadError(_("“%(name)s” is empty.") % {"name": name})
    if upload.size > max_bytes:
        raise UploadError(
            _("“%(name)s” is larger than %(size)s.") % {"name": name, "size": _size(max_bytes)}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise UploadError(
            _(
                "“%(name)s” is not a photo, PDF, audio or video file we accept "
                "(JPEG, PNG, WebP, HEIC, PDF, MP3, M4A, OGG, WAV, WebM, MP4, MOV)."
            )
            % {"name": name}
        )
    return CheckedUpload(file=upload, content_type=mime, size=upload.size, name=name)
