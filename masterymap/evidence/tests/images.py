"""Small real files for upload tests: photos made with Pillow, a minimal PDF, and a PNG
that is tiny on disk but declares a huge picture (a decompression bomb)."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    """A picture of `size` in Pillow format `fmt` (JPEG, PNG, WEBP, HEIF)."""
    buffer = io.BytesIO()
    Image.new(mode, size, 1 if mode == "1" else (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A one-page PDF with no content: enough for the type check."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid one-bit PNG of `width` × `height` white pixels: about 50 KB on disk,
    gigabytes once decoded. Built row by row so making it never holds the picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
