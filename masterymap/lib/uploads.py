"""Checks an uploaded attachment by its content, not its name.

The type is what the bytes show (the `filetype` library); the file is stored under that
type's extension whatever the uploader called it. A photo's pixel count is read from its
header (Pillow; HEIC through pillow-heif) and checked before any pixel is decoded, so a
small file that would unpack into gigabytes (a "decompression bomb") is refused unread.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import filetype
import pillow_heif
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image

from masterymap.lib.request_limits import size_text

# Lets Pillow read a HEIC photo's header (iPhones save photos as HEIC). Opening reads the
# container only; nothing here decodes a HEIC picture.
pillow_heif.register_heif_opener()

# What teachers attach as evidence: photos of products, PDFs, recorded retellings and
# mini lessons, each with the extension it is stored under. Anything else (executables,
# HTML, SVG with script…) is refused.
ALLOWED_TYPES: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/m4a": "m4a",
    "audio/x-m4a": "m4a",
    "audio/ogg": "ogg",
    "audio/x-wav": "wav",
    "audio/wav": "wav",
    "audio/webm": "webm",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/quicktime": "mov",
}
# What a question may show: pictures every browser draws (HEIC is for sending, not showing).
PICTURE_TYPES: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}
# The Pillow reader for each photo type: Pillow tries no other, whatever the bytes say.
IMAGE_FORMATS: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/heic": "HEIF",
}
MAX_FILES = 5
# A name is shown on pages and offered when saving: at most this many characters.
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile[bytes]
    content_type: str
    extension: str
    size: int
    name: str


class UploadError(ValueError):
    """Why a file was refused, in the reader's language (`message`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_SPACES = re.compile(r"\s+")


def display_name(raw: str) -> str:
    """The uploader's file name, safe to show and to offer when saving: no folders, no
    control or direction-changing characters (which can make "gpj.exe" read "exe.jpg"),
    spaces collapsed, no leading dots, at most MAX_NAME_LENGTH characters keeping the
    extension. "attachment" when nothing is left."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = _SPACES.sub(" ", name)
    # Cc: control characters; Cf: format characters (bidi overrides, zero-width…).
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = name.strip().lstrip(".").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name or "attachment"


def name_with_extension(name: str, extension: str) -> str:
    """`name` with its extension replaced by `extension`: "homework.pdf" holding a PNG is
    saved as "homework.png", so the reader's computer opens it with the right program."""
    stem, dot, _ext = name.rpartition(".")
    return f"{stem if dot and stem else name}.{extension}"


def _megapixels(pixels: int) -> str:
    """40, 12.5: with the reader's decimal mark."""
    return number_format(Decimal(f"{pixels / 1_000_000:g}"))


def _check_image(upload: UploadedFile[bytes], *, mime: str, name: str, max_pixels: int) -> None:
    """Refuse a photo with more than `max_pixels` pixels, or one that is damaged or cut
    short. The size comes from the header alone; the integrity check reads the file but
    never decodes it at full size (a JPEG at 1/8 scale, a PNG's chunk checksums; WebP and
    HEIC containers are checked for truncation)."""
    too_many = UploadError(
        _(
            "“%(name)s” is a picture of more than %(limit)s megapixels. Send a smaller copy: "
            "most phones and scanners have a setting for the picture size."
        )
        % {"name": name, "limit": _megapixels(max_pixels)}
    )
    damaged = UploadError(
        _("“%(name)s” is a damaged or incomplete picture. Send it again, or send another copy.")
        % {"name": name}
    )
    upload.seek(0)
    try:
        with Image.open(upload, formats=[IMAGE_FORMATS[mime]]) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise too_many
            if image.format == "JPEG":
                image.draft("RGB", (1, 1))  # the smallest scale libjpeg decodes to
                image.load()
            elif image.format == "PNG":
                image.verify()
            elif image.format == "HEIF" and not _boxes_complete(upload):
                raise damaged
    except UploadError:
        raise
    except Image.DecompressionBombError:
        # Pillow's own ceiling (twice its MAX_IMAGE_PIXELS), only reached when ours is higher.
        raise too_many from None
    except Exception:
        # Any failure to parse an uploaded picture means it is damaged: the parsers raise
        # OSError, SyntaxError, ValueError, struct.error… depending on the format and where
        # the bytes go wrong.
        raise damaged from None
    finally:
        upload.seek(0)


def _boxes_complete(upload: UploadedFile[bytes]) -> bool:
    """Whether the top-level boxes of an ISO media file (HEIC) fill the file exactly:
    a file cut short has a last box (the picture data) reaching past its end. Reads
    only the box headers."""
    end = upload.size or 0
    offset = 0
    while offset < end:
        upload.seek(offset)
        header = upload.read(16)
        if len(header) < 8:
            return False
        size = int.from_bytes(header[:4], "big")
        if size == 1:  # a 64-bit size follows the type
            if len(header) < 16:
                return False
            size = int.from_bytes(header[8:16], "big")
        elif size == 0:  # the box runs to the end of the file
            return True
        if size < 8:
            return False
        offset += size
    return offset == end


def check_upload(
    upload: UploadedFile[bytes],
    *,
    max_bytes: int,
    max_pixels: int | None = None,
    pictures_only: bool = False,
) -> CheckedUpload:
    """The upload with the type its content shows, or UploadError saying why not.
    `max_pixels`: for photos; settings.MAX_IMAGE_PIXELS unless given. `pictures_only`:
    accept only PICTURE_TYPES (a question's picture)."""
    name = display_name(upload.name or "")
    if upload.size is None or upload.size == 0:
        raise UploadError(_("“%(name)s” is empty.") % {"name": name})
    if upload.size > max_bytes:
        raise UploadError(
            _("“%(name)s” is larger than %(size)s.") % {"name": name, "size": size_text(max_bytes)}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if pictures_only and mime not in PICTURE_TYPES:
        raise UploadError(
            _("“%(name)s” is not a picture we can show (JPEG, PNG or WebP).") % {"name": name}
        )
    if mime not in ALLOWED_TYPES:
        raise UploadError(
            _(
                "“%(name)s” is not a photo, PDF, audio or video file we accept "
                "(JPEG, PNG, WebP, HEIC, PDF, MP3, M4A, OGG, WAV, WebM, MP4, MOV)."
            )
            % {"name": name}
        )
    if mime in IMAGE_FORMATS:
        limit = settings.MAX_IMAGE_PIXELS if max_pixels is None else max_pixels
        _check_image(upload, mime=mime, name=name, max_pixels=limit)
    return CheckedUpload(
        file=upload,
        content_type=mime,
        extension=ALLOWED_TYPES[mime],
        size=upload.size,
        name=name,
    )
