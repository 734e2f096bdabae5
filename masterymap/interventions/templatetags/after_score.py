"""`{% card_for extras row as card %}`: a map card's after-the-score facts
(interventions.queries.CardExtras); `{{ phrase|phrase }}`: a retake reason in the page's
language."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from masterymap.interventions.queries import CardExtras, MapExtras
from masterymap.mastery.phrases import Phrase
from masterymap.mastery.queries.tracker import TrackerRow
from masterymap.mastery.sentences import phrase_html

register = template.Library()


@register.simple_tag
def card_for(extras: MapExtras | None, row: TrackerRow) -> CardExtras:
    return extras.for_row(row) if extras is not None else CardExtras()


@register.filter
def phrase(value: Phrase) -> SafeString:
    return phrase_html(value)
