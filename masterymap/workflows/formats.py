"""Numbers and messages as people read them, in the language of the page."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from masterymap.lib.html import content
from masterymap.mastery.scale import format_level


def number_text(value: float) -> str:
    """A level or a percent rounded as `format_level` rounds it (at most 2 decimals, no
    trailing zeros), written with the active language's decimal mark: 66.7 reads "66.7" in
    English and "66,7" in Spanish."""
    return number_format(Decimal(format_level(value)))


def flash(message: str, words: Mapping[str, object], **school: object) -> SafeString:
    """A translated message with named placeholders: `words` are the interface's own (a kind
    of evidence, a level), escaped; `school` are the school's words (names, codes), escaped
    and marked as content (`lib.html.content`)."""
    values: dict[str, object] = {k: conditional_escape(str(v)) for k, v in words.items()}
    values.update({k: content(v) for k, v in school.items()})
    return mark_safe(conditional_escape(message) % values)
