"""QR codes as inline SVG (the `qrcode` library): printed sheets link a class's standards."""

from __future__ import annotations

import re
from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.utils.html import escape

_SIZE = re.compile(r' (width|height)="[^"]*"')


@lru_cache(maxsize=512)
def qr_svg(text: str, label: str) -> str:
    """`text` (a link) as a QR code: an SVG that scales with its box, named by `label` for
    screen readers. Medium error correction survives a crumpled sheet. Cached: the same
    sheets are printed again and again."""
    return secret_qr_svg(text, label)


def secret_qr_svg(text: str, label: str) -> str:
    """As qr_svg, never cached: for a link that is a credential (a login card's), which must
    not stay in the server's memory after the page that shows it once."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = _SIZE.sub("", image.to_string(encoding="unicode"), count=2)
    return svg.replace("<svg ", f'<svg class="qr" role="img" aria-label="{escape(label)}" ', 1)
