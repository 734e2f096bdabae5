"""HTML for pages that mix the interface's words with content the school typed.

Content the school typed (names of people, classes, maps, units; standard codes…) is wrapped
in an element with a `data-content` attribute, so a check for untranslated words can skip it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A form widget's attrs for a field the school types into (widgets copy their attrs).
CONTENT: dict[str, Any] = {"data-content": True}


def content(value: object) -> SafeString:
    """`value`, escaped, in a `<span data-content>`."""
    return format_html("<span data-content>{}</span>", value)


def with_content(message: str, **values: object) -> SafeString:
    """A translated message with named placeholders (`"You joined %(name)s."`) filled with
    the school's words, each escaped and wrapped by `content`. For flash messages."""
    return mark_safe(conditional_escape(message) % {k: content(v) for k, v in values.items()})


class ContentSelect(forms.Select):
    """A select whose options are the school's words (units, maps): each option but the
    empty one carries `data-content`."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if option["value"] not in ("", None):
            option["attrs"]["data-content"] = True
        return option
