"""Template tags for reading item and standard text aloud in its own language.

`{% listen_button %}` is a tag rather than an include: the student map draws one per
standard and the answer sheet one per question and choice, and an include with its
translated names cost the map about a third of its time (measured with bench/).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
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
    word = "" if compact else format_html('<span class="listen-word">{}</span>', gettext("Listen"))
    return format_html(
        '<button type="button" class="listen{}" data-listen="{}" aria-label="{}" hidden>'
        "{}{}</button>",
        " compact" if compact else "",
        target,
        _label(what, number, letter, code, language_name),
        _ICON,
        word,
    )
