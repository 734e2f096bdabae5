"""Whether an item's second-language version can be trusted. Pure: no Django, no clock.

Rules a teacher can check on paper:

- An item with no second language has no translation to check: "none".
- A second language without its question, or without the text of a choice, or without the
  feedback when the original has feedback, is "missing": the student would see a mix.
- A complete translation written before the original's question, choices or feedback last
  changed is "stale": it may no longer say the same thing.
- Otherwise it is "current". A translation saved at the same moment as the original (both
  edited in one save) is current; an original never edited since is current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class TranslationState(StrEnum):
    NONE = "none"
    MISSING = "missing"
    STALE = "stale"
    CURRENT = "current"


@dataclass(frozen=True)
class TranslationFacts:
    """What decides the state, read off an item and its choices."""

    second_language: str
    stem_translated: bool
    choices_translated: bool = True
    feedback_needed: bool = False
    feedback_translated: bool = False
    translation_updated_at: datetime | None = None
    original_updated_at: datetime | None = None


def translation_state(facts: TranslationFacts) -> TranslationState:
    """The state of a translation (see the module rules)."""
    if not facts.second_language:
        return TranslationState.NONE
    complete = (
        facts.stem_translated
        and facts.choices_translated
        and (facts.feedback_translated or not facts.feedback_needed)
    )
    if not complete:
        return TranslationState.MISSING
    if facts.original_updated_at is None:
        return TranslationState.CURRENT
    if facts.translation_updated_at is None:
        return TranslationState.STALE
    if facts.translation_updated_at < facts.original_updated_at:
        return TranslationState.STALE
    return TranslationState.CURRENT
