"""`{{ level.label|level_label }}`: a level's label in the reader's language.

The scale's default labels ("Approaching", "Mastered"…) are the interface's own and are
translated; a label a school typed is shown as typed and marked as the school's content."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from masterymap.mastery.sentences import label_html

register = template.Library()


@register.filter
def level_label(label: str) -> SafeString:
    return label_html(label)
