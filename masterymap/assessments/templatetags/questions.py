"""The questions of an answer sheet (`{% sheet_questions sheet %}`, or one at a time
`{% sheet_question q %}`) and of a submitted attempt's review (`{% review_items review %}`),
written here rather than by a template loop.

Every student loads an answer sheet and a result for every form they take. Through the
templates (an include per question, another per picture, `{% listen_button %}` per choice),
each question cost some 40 variable lookups and a dozen translations: about half of either
page's CPU (in process, on the bench school). So the interface's words are translated once
per language and each question is one join of escaped parts. The HTML is the templates',
whitespace between tags aside (assessments/tests/test_question_html.py keeps the templates
and compares them).

The interface's words are written as `{% translate %}` wrote them (unescaped: they are our
catalogue's) and a `{% blocktranslate %}` sentence with its values escaped. Every other value
is escaped as `{{ }}` escaped it (the standard library's `escape`: Django's is the same, after
a check for lazy strings these are not), except the HTML the queries made safe (a stem, a
choice, feedback: Markdown through nh3), which goes in as it is.

No key reaches a sheet: it is written from `SheetItem`s, which carry none. A review writes
what its `ReviewItem`s carry: without keys shown, no correct choice, key or feedback
(assessments.queries.attempt_review).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, get_language_info, gettext, ngettext, pgettext

from masterymap.assessments.queries import Picture, ReviewItem, SheetItem
from masterymap.assessments.templatetags.reading import button_html, listen_word
from masterymap.lib.urls import fast_reverse

register = template.Library()


@dataclass(frozen=True)
class _Words:
    """The interface's words of sheets and reviews in one language, translated once; and
    per second language, its name as the switch and the listen button say it."""

    question: str
    listen: str
    listen_question: str
    listen_choice: str
    listen_feedback: str
    listen_feedback_in: str
    select_all: str
    number_answer: str
    open_answer: str
    text_answer: str
    photo_attached: str
    photo_label: str
    attach_photo: str
    right: str
    blank: str
    not_right: str
    your_choice: str
    correct: str
    waiting: str
    tempting: str
    your_answer: str
    blank_answer: str
    photo_of_working: str
    teacher_reads: str
    teacher_comment: str
    correct_answer: str
    languages: dict[str, tuple[str, str]] = field(default_factory=dict)

    def language(self, code: str) -> tuple[str, str]:
        """The "Show in <language>" of a question's switch, and the language's name for a
        listen button's label (neither escaped yet)."""
        found = self.languages.get(code)
        if found is None:
            info = get_language_info(code)
            name = _capfirst(info["name_local"])
            show_in = gettext('Show in <span lang="%(code)s">%(language)s</span>') % {
                "code": escape(info["code"]),
                "language": escape(name),
            }
            found = self.languages[code] = (show_in, name)
        return found


@lru_cache(maxsize=16)
def _words(language: str | None) -> _Words:
    """The words in the active language, which `language` names (the cache's key): a
    process's catalogues do not change while it runs."""
    return _Words(
        question=gettext("Question %(number)s"),
        listen=listen_word(gettext("Listen")),
        listen_question=gettext("Listen to question %(number)s"),
        listen_choice=gettext("Listen to choice %(letter)s of question %(number)s"),
        listen_feedback=gettext("Listen to the feedback on question %(number)s"),
        listen_feedback_in=gettext("Listen to the feedback on question %(number)s in %(language)s"),
        select_all=gettext("Select all that apply."),
        number_answer=gettext("Your answer (a number)"),
        open_answer=gettext("Your answer (write it out, showing your reasoning)"),
        text_answer=gettext("Your answer"),
        photo_attached=gettext("Photo attached"),
        photo_label=gettext("A photo of your working on paper (optional)"),
        attach_photo=gettext("Attach the photo"),
        right=pgettext("an answer", "Right"),
        blank=pgettext("an answer", "Blank"),
        not_right=pgettext("an answer", "Not right"),
        your_choice=gettext("Your choice:"),
        correct=gettext("(correct)"),
        waiting=gettext("Waiting for your teacher"),
        tempting=gettext("Why this is tempting: %(misconception)s"),
        your_answer=gettext("Your answer:"),
        blank_answer=gettext("(blank)"),
        photo_of_working=gettext("Photo of the working"),
        teacher_reads=gettext(
            "Your teacher reads this answer and scores it. Your score and level update "
            "when they have."
        ),
        teacher_comment=gettext("Your teacher's comment:"),
        correct_answer=gettext("correct answer:"),
    )


def _capfirst(text: str) -> str:
    return text and text[0].upper() + text[1:]


def _picture(picture: Picture | None, *, small: bool = False) -> str:
    """assessments/picture.html, which ends with a line break."""
    if picture is None:
        return ""
    return (
        f'<img class="item-picture{" small" if small else ""}" src="{escape(picture.url)}" '
        f'alt="{escape(picture.alt)}" loading="lazy" data-content>\n'
    )


# --- The answer sheet ----------------------------------------------------------------------


def sheet_question_html(q: SheetItem, words: _Words, *, code: str = "", photo: bool = False) -> str:
    """One question of an answer sheet, a form's or a benchmark's (`code`: the standard,
    shown when the sheet mixes standards); `photo`: with the box for a photo of the
    working under an open response."""
    item_id = q.item_id
    number = q.number
    language = escape(q.language)
    legend = words.question % {"number": number}
    if code:
        legend += f' <span class="muted">· <span data-content>{escape(code)}</span></span>'
    if q.points > 1:
        points = ngettext("%(points)s point", "%(points)s points", q.points) % {"points": q.points}
        legend += f' <span class="muted">({points})</span>'
    second = q.second_language
    # Each version of the question in its language; a bilingual item shows one at a time
    # (attempt.js). Choices' values are their ids, so the answer is the same in both.
    out = [
        f'\n<fieldset class="question" id="q-{item_id}">\n'
        f"<legend>{legend}</legend>\n"
        f'<input type="hidden" name="shown-{item_id}" value="1">\n'
        f'<div class="versions" id="stem-{item_id}">\n'
        f'<div lang="{language}" data-version="original"><div class="stem" data-content>'
        f"{q.stem_html}</div></div>\n"
    ]
    if second:
        out.append(
            f'<div lang="{escape(second)}" data-version="translated" hidden>'
            f'<div class="stem" data-content>{q.stem_html_translated}</div></div>\n'
        )
    out.append("</div>\n")
    out.append(_picture(q.picture))
    listen = escape(words.listen_question % {"number": number})
    out.append(
        '<div class="item-tools">\n'
        f"{button_html(f'stem-{item_id}', listen, words.listen, compact=False)}\n"
    )
    if second:
        show_in, _name = words.language(second)
        out.append(
            '<button type="button" class="btn secondary switch-language" '
            f'data-switch-language="q-{item_id}" aria-pressed="false" hidden>'
            f'<span class="switch-mark" aria-hidden="true">✓</span> {show_in}</button>\n'
        )
    out.append("</div>\n")
    kind = q.kind
    if kind == "single" or kind == "multiple":
        out.append('<div class="options">\n')
        if kind == "multiple":
            out.append(f'<p class="muted">{words.select_all}</p>\n')
        box = "radio" if kind == "single" else "checkbox"
        translated_lang = escape(second) if second else ""
        for opt in q.options:
            choice_id = escape(opt.id)
            translated = (
                f'<span lang="{translated_lang if opt.translated else language}" '
                f'data-version="translated" data-content hidden>{opt.html_translated}</span>'
                if second
                else ""
            )
            listen = escape(words.listen_choice % {"letter": opt.letter, "number": number})
            # The listen button sits outside the label, so pressing it never picks the choice.
            out.append(
                '<div class="option">\n'
                f'<label><input type="{box}" name="item-{item_id}" value="{choice_id}"'
                f"{' checked' if opt.selected else ''}> "
                f'<span class="versions" id="choice-{choice_id}"><span lang="{language}" '
                f'data-version="original" data-content>{opt.html}</span>{translated}</span>'
                f"{_picture(opt.picture, small=True)}</label>\n"
                f"{button_html(f'choice-{choice_id}', listen, '', compact=True)}\n"
                "</div>\n"
            )
        out.append("</div>\n")
    elif kind == "numeric":
        out.append(
            f'<label class="field">{words.number_answer}<input type="text" inputmode="decimal" '
            f'autocomplete="off" name="item-{item_id}" value="{escape(q.typed)}" '
            'maxlength="500"></label>\n'
        )
    elif kind == "open":
        out.append(
            f'<label class="field">{words.open_answer}<textarea name="item-{item_id}" rows="6" '
            f'maxlength="5000">{escape(q.typed)}</textarea></label>\n'
        )
        if photo:
            attached = (
                f'<span class="badge status-mastered">✓ {words.photo_attached}</span>'
                if q.has_photo
                else ""
            )
            out.append(
                f'<p class="photo-of-working" id="photo-{item_id}">{attached}\n'
                f'<label class="field">{words.photo_label}<input type="file" name="photo" '
                'accept="image/jpeg,image/png,image/webp" '
                f'form="photo-form-{item_id}"></label>\n'
                f'<button type="submit" class="btn secondary" form="photo-form-{item_id}">'
                f"{words.attach_photo}</button>\n</p>\n"
            )
    else:
        out.append(
            f'<label class="field">{words.text_answer}<input type="text" autocomplete="off" '
            f'name="item-{item_id}" value="{escape(q.typed)}" maxlength="500"></label>\n'
        )
    out.append("</fieldset>\n")
    return "".join(out)


@register.simple_tag
def sheet_questions(sheet: Sequence[SheetItem], *, photo: bool = False) -> SafeString:
    """Every question of an answer sheet, in order (`photo`: see `sheet_question_html`)."""
    words = _words(get_language())
    return mark_safe(  # noqa: S308 - every value is escaped in sheet_question_html
        "".join(sheet_question_html(q, words, photo=photo) for q in sheet)
    )


@register.simple_tag
def sheet_question(q: SheetItem, *, code: str = "", photo: bool = False) -> SafeString:
    """One question of an answer sheet (see `sheet_question_html`)."""
    html = sheet_question_html(q, _words(get_language()), code=code or "", photo=photo)
    return mark_safe(html)  # noqa: S308 - every value is escaped in sheet_question_html


# --- The review of a submitted attempt -----------------------------------------------------


def review_item_html(q: ReviewItem, words: _Words) -> str:
    """One question of a submitted attempt: the answer, right or wrong, and what the review
    carries of the key (nothing, when the class shows keys later)."""
    item_id = q.item_id
    language = escape(q.language)
    if q.awaiting:
        state = "awaiting"
        badge = f'<span class="badge status-in-progress">⏳ {words.waiting}</span>'
    elif q.correct:
        state = "right"
        badge = f'<span class="badge status-mastered">✓ {words.right}</span>'
    else:
        state = "wrong"
        said = words.not_right if q.answered else words.blank
        badge = f'<span class="badge status-not-yet">✗ {said}</span>'
    out = [
        f'\n<div id="review-{item_id}" class="question {state}">\n'
        f'<h3>{escape(q.heading)} · {badge} <span class="muted">{escape(q.score_text)}</span>'
        "</h3>\n"
        f'<div lang="{language}"><div class="stem" data-content>{q.stem_html}</div></div>\n',
        _picture(q.picture),
    ]
    if q.choices:
        out.append('<ul class="history">\n')
        for c in q.choices:
            # The misconception follows its label with no markup between (other apps' tests
            # read them together), so the whole line is marked as the school's words.
            picked = f"<strong>{words.your_choice}</strong> " if c.selected else ""
            if c.correct:
                after = f" <strong>{words.correct}</strong>"
            elif c.selected and c.misconception:
                why = words.tempting % {"misconception": escape(c.misconception)}
                after = f'<br><span class="muted" data-content>{why}</span>'
            else:
                after = ""
            out.append(
                f'<li class="{escape(c.css)}">{picked}<span data-content>{c.html}</span>'
                f"{_picture(c.picture, small=True)}{after}</li>\n"
            )
        out.append("</ul>\n")
    elif q.kind == "open":
        out.append(f"<p>{words.your_answer}</p>\n")
        if q.typed:
            typed = escape(normalize_newlines(q.typed)).replace("\n", "<br>")
            out.append(f'<blockquote class="open-answer" data-content>{typed}</blockquote>\n')
        else:
            out.append(f'<p><strong class="key">{words.blank_answer}</strong></p>\n')
        if q.photo_response_id:
            url = escape(fast_reverse("assessments:photo", args=[q.photo_response_id]))
            out.append(f'<p><a href="{url}">{words.photo_of_working}</a></p>\n')
        if q.awaiting:
            out.append(f'<p class="muted">{words.teacher_reads}</p>\n')
        if q.comment:
            out.append(
                f"<p>{words.teacher_comment} <span data-content>{escape(q.comment)}</span></p>\n"
            )
    else:
        typed = (
            f'<strong class="key" data-content>{escape(q.typed)}</strong>'
            if q.typed
            else f'<strong class="key">{words.blank_answer}</strong>'
        )
        key = (
            f' · {words.correct_answer} <strong class="key" data-content>'
            f"{escape(q.key_text)}</strong>"
            if not q.correct and q.key_text
            else ""
        )
        out.append(f"<p>{words.your_answer} {typed}{key}</p>\n")
    if q.feedback_html:
        listen = escape(words.listen_feedback % {"number": q.number})
        out.append(
            '<div class="feedback-versions">\n'
            f'<div lang="{language}" id="feedback-{item_id}"><div class="feedback" data-content>'
            f"{q.feedback_html}</div></div>\n"
            f"{button_html(f'feedback-{item_id}', listen, words.listen, compact=False)}\n"
        )
        if q.feedback_html_translated:
            second = escape(q.second_language)
            _show_in, name = words.language(q.second_language)
            listen = escape(words.listen_feedback_in % {"number": q.number, "language": name})
            target = f"feedback-{item_id}-{second}"
            out.append(
                f'<div lang="{second}" id="{target}"><div class="feedback" data-content>'
                f"{q.feedback_html_translated}</div></div>\n"
                f"{button_html(target, listen, words.listen, compact=False)}\n"
            )
        out.append("</div>\n")
    out.append("</div>\n")
    return "".join(out)


@register.simple_tag
def review_items(review: Sequence[ReviewItem]) -> SafeString:
    """Every question of a submitted attempt's review, in order (`review_item_html`)."""
    words = _words(get_language())
    return mark_safe(  # noqa: S308 - every value is escaped in review_item_html
        "".join(review_item_html(q, words) for q in review)
    )
