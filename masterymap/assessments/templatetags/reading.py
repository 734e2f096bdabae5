"""Template tags for reading item and standard text aloud in its own language."""

from __future__ import annotations

from django import template

from masterymap.assessments.models import original_language_for

register = template.Library()


@register.simple_tag
def content_language() -> str:
    """The language a school's content (items, "I can…" statements) is written in, for the
    `lang` of its element, which screen readers and read_aloud.js speak it in."""
    return original_language_for("")
