"""The mastery app's sentences and labels in the language of the page.

The pure modules return phrases (`phrases.Phrase`: a message id and its parameters) and mark
their labels with `gettext_noop`; this is where they are translated, with the active
language's `gettext`, `ngettext` and number format. As HTML, the school's own words inside a
sentence (a level name it typed, a teacher's reason) are escaped and wrapped in
`<span data-content>` (lib.html.content). See docs/decisions/0004-translated-explanations.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from masterymap.lib.html import content
from masterymap.mastery.phrases import Language, Phrase, format_number, render
from masterymap.mastery.scale import INTERFACE_LABELS
from masterymap.mastery.status import STATUS_LABELS, Status


def number_text(value: float | Decimal) -> str:
    """A level, a percent or a count rounded as `format_level` rounds it (a Decimal: with
    its own decimals), written with the active language's decimal mark: 3.48 reads "3.48"
    in English and "3,48" in Spanish."""
    if isinstance(value, Decimal) or settings.USE_THOUSAND_SEPARATOR:
        return number_format(value if isinstance(value, Decimal) else Decimal(format_number(value)))
    # Without thousands grouping, writing a number in a language only swaps its decimal mark:
    # a grid writes tens of thousands of levels, and number_format costs ten times this.
    text = format_number(value)
    return text.replace(".", get_format("DECIMAL_SEPARATOR")) if "." in text else text


def _escaped(text: str) -> str:
    return str(conditional_escape(text))


def _content(text: str) -> str:
    return str(content(text))


TEXT = Language(gettext=gettext, ngettext=ngettext, number=number_text)
HTML = Language(
    gettext=gettext, ngettext=ngettext, number=number_text, content=_content, message=_escaped
)


def phrase_text(phrase: Phrase) -> str:
    """The phrase as plain text in the active language (for attributes and messages)."""
    return render(phrase, TEXT)


def phrase_html(phrase: Phrase) -> SafeString:
    """The phrase as HTML in the active language, the school's words marked as content."""
    return mark_safe(render(phrase, HTML))


def stored_phrase(data: object) -> Phrase | None:
    """The phrase a record stored (`MasteryRecord.explanation_phrase`); None when the record
    has none yet (written before phrases were stored) or it cannot be read."""
    if not data:
        return None
    try:
        return Phrase.from_json(data)
    except (ValueError, TypeError):
        return None


def stored_html(data: object, english: str) -> SafeString:
    """A stored sentence in the active language; the stored English when it has no phrase."""
    phrase = stored_phrase(data)
    return phrase_html(phrase) if phrase is not None else conditional_escape(english)


def stored_text(data: object, english: str) -> str:
    """`stored_html` as plain text."""
    phrase = stored_phrase(data)
    return phrase_text(phrase) if phrase is not None else english


def is_interface_label(label: str) -> bool:
    """Whether a level's label is the interface's own (translated), not the school's."""
    return label in INTERFACE_LABELS


def label_text(label: str) -> str:
    """A level's label as text: the interface's own labels translated, a school's as typed."""
    return gettext(label) if label in INTERFACE_LABELS else label


def label_html(label: str) -> SafeString:
    """A level's label as HTML: the interface's own translated, a school's marked content."""
    if not label:
        return SafeString("")
    if label in INTERFACE_LABELS:
        return conditional_escape(gettext(label))
    return content(label)


def status_label(status: Status | str) -> str:
    """ "Mastered", "Not yet"… in the active language."""
    return gettext(STATUS_LABELS[Status(status)])


def fill_html(message: str, words: Mapping[str, object], **school: object) -> SafeString:
    """A translated message with named placeholders, as HTML: `words` are the interface's
    own (numbers, labels, already-safe HTML), escaped unless safe; `school` are the school's
    words (a reason, a name), escaped and marked as content."""
    values: dict[str, object] = {
        k: v if isinstance(v, SafeData) else conditional_escape(str(v)) for k, v in words.items()
    }
    values.update({k: content(v) for k, v in school.items()})
    return mark_safe(conditional_escape(message) % values)


def override_html(reason: str) -> SafeString:
    """What a record overridden by a teacher says instead of the calculated sentence, the
    teacher's reason marked as the school's words."""
    return fill_html(
        gettext("A teacher set this level by hand: %(reason)s."),
        {},
        reason=reason.strip().rstrip("."),
    )


def override_text(reason: str) -> str:
    """`override_html` as plain text."""
    return gettext("A teacher set this level by hand: %(reason)s.") % {
        "reason": reason.strip().rstrip(".")
    }
