"""`{{ phrase|phrase }}`: a retake reason in the page's language."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from masterymap.mastery.phrases import Phrase
from masterymap.mastery.sentences import phrase_html

register = template.Library()


@register.filter
def phrase(value: Phrase) -> SafeString:
    return phrase_html(value)
