"""`{% symbol standard %}`: a standard's icon in its colour, as inline SVG; `{% symbol_icon
key %}` draws one icon on its own (the symbol picker), hidden from screen readers because
its name is written beside it.

A tag rather than an include because grids draw it hundreds of times per page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from masterymap.standards.models import Standard, symbol_label

register = template.Library()


@lru_cache(maxsize=1)
def _sprite_url() -> str:
    return static("img/symbols.svg")


def symbol_html(standard: Standard, *, big: bool = False) -> SafeString:
    return _symbol_svg(standard.icon, standard.colour, big, get_language())


@lru_cache(maxsize=2048)
def _symbol_svg(icon: str, colour: str, big: bool, language: str | None) -> SafeString:
    """One symbol's SVG in one language: a page draws the same few symbols many times."""
    label = symbol_label(icon, colour, language)
    return format_html(
        '<svg class="sym colour-{}{}" role="img" aria-label="{}" focusable="false">'
        '<title>{}</title><use href="{}#sym-{}"></use></svg>',
        colour,
        " sym-big" if big else "",
        label,
        label,
        _sprite_url(),
        icon,
    )


def decorative_symbol_html(standard: Standard) -> SafeString:
    """The symbol without its name, for where words beside it already say what it means
    (a grid cell's label): half the bytes, on a page that draws it thousands of times."""
    return _decorative_svg(standard.icon, standard.colour)


@lru_cache(maxsize=2048)
def _decorative_svg(icon: str, colour: str) -> SafeString:
    return format_html(
        '<svg class="sym colour-{}" aria-hidden="true" focusable="false">'
        '<use href="{}#sym-{}"></use></svg>',
        colour,
        _sprite_url(),
        icon,
    )


def in_page_symbol_html(standard: Standard) -> SafeString:
    """`decorative_symbol_html` pointing into the page (`{% symbol_sprite %}`) rather than at
    the sprite's URL: a third of the bytes, for the public map of a big class, which draws
    each student's symbols (20,000 for 600 students)."""
    return _in_page_svg(standard.icon, standard.colour)


@lru_cache(maxsize=2048)
def _in_page_svg(icon: str, colour: str) -> SafeString:
    return format_html(
        '<svg class="sym colour-{}" aria-hidden="true"><use href="#sym-{}"></use></svg>',
        colour,
        icon,
    )


@lru_cache(maxsize=1)
def _sprite_text() -> str:
    """The sprite's source file, read once per process. Through the static finders, not the
    collected copy: the app always runs from its checkout (static/ is there), and tests run
    without `collectstatic`."""
    found = finders.find("img/symbols.svg")
    if not isinstance(found, str):
        raise ImproperlyConfigured("static/img/symbols.svg is missing")
    text = Path(found).read_text(encoding="utf-8")
    # Our own file, without its comment, hidden: only its <symbol>s are used.
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)
    return text.replace("<svg ", '<svg class="sprite" aria-hidden="true" focusable="false" ', 1)


@register.simple_tag
def symbol_sprite() -> SafeString:
    """The symbols' drawings, once in the page, for `in_page_symbol_html`."""
    return mark_safe(_sprite_text())  # noqa: S308 - our own static file


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


@register.simple_tag
def standard_title(standard: Standard, big: bool = False) -> SafeString:
    """A standard's symbol and code, as every page titles it (components/standard_title.html
    calls this; maps and trackers call it directly, once per standard, without an include).
    Written without `format_html`, which cost a map of 40 cards a tenth of a millisecond;
    the code is escaped as it would escape it."""
    code = conditional_escape(standard.code)
    return mark_safe(  # noqa: S308 - the symbol is safe, the code escaped
        f'<span class="std-title">{symbol_html(standard, big=big)} '
        f'<strong class="std-code" data-content>{code}</strong></span>'
    )
