"""The demo's pictures, drawn with Pillow when the demo loads (nothing to download or ship):
a proportional graph, a circle with its radius, and rectangles to compare. Each becomes a
`PictureInput` through the same upload check a teacher's picture goes through."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from masterymap.assessments.actions import PictureInput
from masterymap.lib.uploads import check_upload

INK = (29, 36, 48)
GRID = (216, 222, 230)
LINE = (31, 78, 140)
WHITE = (255, 255, 255)


def _canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, height), WHITE)
    return image, ImageDraw.Draw(image)


def proportional_graph() -> Image.Image:
    """Hours 0–6 across, dollars 0–72 up, a line from the origin through (4, 48)."""
    image, draw = _canvas(420, 320)
    left, bottom, step_x, step_y = 50, 280, 55, 30
    for i in range(7):
        draw.line([(left + i * step_x, 20), (left + i * step_x, bottom)], fill=GRID)
        draw.text((left + i * step_x - 3, bottom + 6), str(i), fill=INK)
    for j in range(9):
        draw.line(
            [(left, bottom - j * step_y), (left + 6 * step_x, bottom - j * step_y)], fill=GRID
        )
        draw.text((12, bottom - j * step_y - 6), str(j * 12), fill=INK)
    draw.line([(left, 20), (left, bottom), (left + 6 * step_x, bottom)], fill=INK, width=2)
    draw.line([(left, bottom), (left + 6 * step_x, bottom - 6 * step_y)], fill=LINE, width=3)
    x, y = left + 4 * step_x, bottom - 4 * step_y
    draw.ellipse([(x - 5, y - 5), (x + 5, y + 5)], fill=LINE)
    draw.text((x + 8, y - 16), "(4, 48)", fill=INK)
    draw.text((left + 2 * step_x, bottom + 22), "hours", fill=INK)
    draw.text((left + 6, 4), "dollars", fill=INK)
    return image


def circle() -> Image.Image:
    image, draw = _canvas(300, 300)
    draw.ellipse([(40, 40), (260, 260)], outline=INK, width=3)
    draw.ellipse([(146, 146), (154, 154)], fill=INK)
    draw.line([(150, 150), (260, 150)], fill=LINE, width=3)
    draw.text((190, 130), "5 cm", fill=INK)
    return image


def _rectangle(width_cm: int, height_cm: int) -> Callable[[], Image.Image]:
    def draw_it() -> Image.Image:
        image, draw = _canvas(160, 200)
        scale = 25
        x0, y0 = 20, 20
        draw.rectangle(
            [(x0, y0), (x0 + width_cm * scale, y0 + height_cm * scale)], outline=LINE, width=3
        )
        draw.text((x0, y0 + height_cm * scale + 6), f"{width_cm} cm × {height_cm} cm", fill=INK)
        return image

    return draw_it


DRAWINGS: dict[str, Callable[[], Image.Image]] = {
    "proportional_graph": proportional_graph,
    "circle": circle,
    "rectangle_4_6": _rectangle(4, 6),
    "rectangle_4_5": _rectangle(4, 5),
    "rectangle_2_6": _rectangle(2, 6),
}


def png(name: str) -> bytes:
    """The drawing `name` as PNG bytes."""
    buffer = io.BytesIO()
    DRAWINGS[name]().save(buffer, "PNG")
    return buffer.getvalue()


def picture(name: str, alt: str) -> PictureInput:
    """The drawing `name` as a PNG, checked as any uploaded picture is."""
    upload = SimpleUploadedFile(f"{name}.png", png(name), content_type="image/png")
    return PictureInput(
        upload=check_upload(upload, max_bytes=5 * 1024 * 1024, pictures_only=True), alt=alt
    )
