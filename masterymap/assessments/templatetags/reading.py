"""Template tags for reading item and standard text aloud in its own language.

`{% listen_button %}` is a tag rather than an include: the student map draws one per
standard and the answer sheet one per question and choice, and an include with its
translated names cost the map about a third of its time (measured with bench/).
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from masterymap.assessments.models import original_language_for

register = template.Library()

# The speaker icon is drawn by CSS (listen.css, a mask over static/img/listen.svg in the
# button's colour): one file, not an inline SVG repeated on every button of the page.
_ICON = mark_safe('<span class="listen-icon" aria-hidden="true"></span>')


@register.simple_tag
def content_language() -> str:
    """The language a school's content (items, "I can…" statements) is written in, for the
    `lang` of its element, which screen readers and read_aloud.js speak it in."""
    return original_language_for("")


def _label(what: str, number: object, letter: str, code: str, language_name: str) -> str:
    """The button's name, unique on its page: it says what it reads."""
    if what == "question":
        return gettext("Listen to question %(number)s") % {"number": number}
    if what == "choice":
        return gettext("Listen to choice %(letter)s of question %(number)s") % {
            "letter": letter,
            "number": number,
        }
    if what == "feedback" and language_name:
        return gettext("Listen to the feedback on question %(number)s in %(language)s") % {
            "number": number,
            "language": language_name,
        }
    if what == "feedback":
        return gettext("Listen to the feedback on question %(number)s") % {"number": number}
    return gettext("Listen to the “I can…” statement of %(code)s") % {"code": code}


@register.simple_tag
def listen_button(
    what: str,
    *,
    prefix: str,
    key: object,
    number: object = "",
    letter: str = "",
    code: str = "",
    suffix: str = "",
    language_name: str = "",
    compact: bool = False,
) -> SafeString:
    """A read-aloud button for the element with id `prefix-key[-suffix]`
    (static/js/read_aloud.js speaks it in that element's `lang`). Rendered hidden: the
    script shows it only where the browser has a voice, so without one it is absent, not
    broken. `what`: question · choice · feedback · i_can; `compact` draws the icon alone
    (its name still begins with "Listen")."""
    target = f"{prefix}-{key}-{suffix}" if suffix else f"{prefix}-{key}"
    word = "" if compact else listen_word(gettext("Listen"))
    label = _label(what, number, letter, code, language_name)
    return mark_safe(button_html(escape(target), escape(label), word, compact=compact))


def listen_word(listen: str) -> str:
    """The button's visible word, "Listen" in the reader's language (`listen`), as HTML."""
    return f'<span class="listen-word">{escape(listen)}</span>'


def button_html(target: str, label: str, word: str, *, compact: bool) -> str:
    """A listen button's HTML from its parts, `target` and `label` escaped already: the
    pages that draw one per question and choice (`questions`) write it here too."""
    return (
        f'<button type="button" class="listen{" compact" if compact else ""}" '
        f'data-listen="{target}" aria-label="{label}" hidden>{_ICON}{word}</button>'
    )
