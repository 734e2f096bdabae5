"""Checks an uploaded attachment by its content, not its name."""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile

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
    pass


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def check_upload(upload: UploadedFile[bytes], *, max_bytes: int) -> CheckedUpload:
    name = (upload.name or "attachment").rsplit("/", 1)[-1][:255]
    if upload.size is None or upload.size == 0:
        raise UploadError(f"“{name}” is empty.")
    if upload.size > max_bytes:
        raise UploadError(f"“{name}” is larger than {_size(max_bytes)}.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise UploadError(
            f"“{name}” is not a photo, PDF, audio or video file we accept "
            "(JPEG, PNG, WebP, HEIC, PDF, MP3, M4A, OGG, WAV, WebM, MP4, MOV)."
        )
    return CheckedUpload(file=upload, content_type=mime, size=upload.size, name=name)
