"""`{{ level.label|level_label }}`: a level's label in the reader's language; and
`{% status_badge cell %}`.

The scale's default labels ("Approaching", "Mastered"…) are the interface's own and are
translated; a label a school typed is shown as typed and marked as the school's content."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.sentences import label_html

register = template.Library()


@register.filter
def level_label(label: str) -> SafeString:
    return label_html(label)


@register.simple_tag
def status_badge(cell: Cell) -> SafeString:
    """A status as a badge: its colour class and its word (never the colour alone). A tag,
    not an include: maps and trackers draw one per standard."""
    return format_html('<span class="badge {}">{}</span>', cell.css, cell.label)
