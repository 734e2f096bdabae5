"""`{% symbol standard %}`: a standard's icon in its colour, as inline SVG; `{% symbol_icon
key %}` draws one icon on its own (the symbol picker), hidden from screen readers because
its name is written beside it.

A tag rather than an include because grids draw it hundreds of times per page.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from masterymap.standards.models import Standard

register = template.Library()


@lru_cache(maxsize=1)
def _sprite_url() -> str:
    return static("img/symbols.svg")


def symbol_html(standard: Standard, *, big: bool = False) -> SafeString:
    return format_html(
        '<svg class="sym colour-{}{}" role="img" aria-label="{}" focusable="false">'
        '<title>{}</title><use href="{}#sym-{}"></use></svg>',
        standard.colour,
        " sym-big" if big else "",
        standard.symbol_label,
        standard.symbol_label,
        _sprite_url(),
        standard.icon,
    )


@register.simple_tag
def symbol(standard: Standard, big: bool = False) -> SafeString:
    return symbol_html(standard, big=big)


@register.simple_tag
def symbol_icon(key: str) -> SafeString:
    """One icon of the sprite, in the current text colour, for a picker whose option names
    it in words: decorative to a screen reader."""
    return format_html(
        '<svg class="sym sym-big" aria-hidden="true" focusable="false">'
        '<use href="{}#sym-{}"></use></svg>',
        _sprite_url(),
        key,
    )
