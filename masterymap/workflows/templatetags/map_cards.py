"""`{% map_cards cards classroom=classroom content_lang=content_lang %}`: one unit's cards
on the student's map (`cards`: the view's (TrackerRow, CardExtras) pairs), written here
rather than by a template loop.

Every student loads their map before every form, and it has a card per standard of the map
(40 in the bench). Through the template each card cost some 30 variable lookups, ten
translations and its read-aloud button's, and a locked card the four templates of its
after-score part: most of the page's CPU. So the words every card shares are translated
once per page, the read-aloud button is written once per page and completed with each
standard's code, and each card is one join of escaped parts. The HTML is the template's,
whitespace aside (workflows/tests/test_map_cards.py renders both and compares them).

The interface's words are written as `{% translate %}` wrote them (unescaped: they are our
catalogue's); everything read from the database is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from masterymap.accounts.models import Classroom
from masterymap.assessments.templatetags.reading import listen_button
from masterymap.interventions.queries import CardExtras
from masterymap.interventions.templatetags.after_score import CardWords, after_score_html
from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.tracker import AttemptWords, TrackerRow
from masterymap.mastery.status import Status
from masterymap.standards.templatetags.symbols import standard_title

register = template.Library()

Card = tuple[TrackerRow, CardExtras]  # a standard's row and its after-score facts

# Stand-ins for a standard's code and key in the read-aloud button written once per page:
# characters of Unicode's private use area, which escaping leaves as they are and no
# translation holds.
_CODE, _KEY = "\ue000", "\ue001"


@dataclass
class _Page:
    """What every card of one map shares: the interface's words in the language of the
    page, the read-aloud button, the `{% csrf_token %}`; and the status badges it has
    written (a map has at most five)."""

    key: tuple[int, str | None, str]
    listen: str
    csrf: str
    content_lang: str
    ready: str
    resume: str
    mastered: str
    no_assessment: str
    see_teacher: str
    offered: str
    latest: str
    words: AttemptWords
    after_score_words: CardWords | None = None  # once a card has an after-score part
    badges: dict[Status, str] = field(default_factory=dict)

    @classmethod
    def of(cls, key: tuple[int, str | None, str], csrf: str) -> _Page:
        content_lang = key[2]
        return cls(
            key=key,
            listen=listen_button("i_can", code=_CODE, prefix="i-can", key=_KEY),
            csrf=csrf,
            content_lang=escape(content_lang),
            ready=gettext("I'm ready"),
            resume=gettext("Continue"),
            mastered=gettext("Mastered. Well done!"),
            no_assessment=gettext("No assessment for this standard yet."),
            see_teacher=gettext(
                "You have taken every form for this standard. "
                "See your teacher about what to do next."
            ),
            offered=gettext("✓ You offer to tutor this."),
            latest=gettext("Latest evidence: %(summary)s"),
            words=AttemptWords.active(),
        )

    @property
    def after_score(self) -> CardWords:
        """The after-score part's words and links: translated for the first card that has
        one (many maps have none)."""
        if self.after_score_words is None:
            self.after_score_words = CardWords.active(classroom_id=self.key[0], csrf=self.csrf)
        return self.after_score_words

    def badge(self, cell: Cell) -> str:
        """As `{% status_badge cell %}`: its colour class and its word (never the colour
        alone)."""
        found = self.badges.get(cell.status)
        if found is None:
            found = self.badges[cell.status] = (
                f'<span class="badge {escape(cell.css)}">{escape(cell.label)}</span>'
            )
        return found


def _csrf_input(token: object) -> str:
    """What `{% csrf_token %}` writes for `token` (the context's)."""
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'


def _action(row: TrackerRow, card: CardExtras, key: str, code: str, page: _Page) -> str:
    """What the card offers: "I'm ready" (or "Continue"), or why not."""
    action = row.action
    if action == "start" and card.locked:
        return ""  # why the retake is locked and when it opens: the after-score part
    if action in ("resume", "start"):
        # The button's name adds the standard's code ("I'm ready 7.RP.A.1"): one per card.
        word = page.resume if action == "resume" else page.ready
        return (
            f'<form method="post" action="{escape(row.start_url)}">\n'
            f"{page.csrf}\n"
            f'<span id="ready-for-{key}" hidden data-content>{code}</span>\n'
            f'<button class="btn" type="submit" id="ready-{key}" '
            f'aria-labelledby="ready-{key} ready-for-{key}">{word}</button>\n'
            "</form>"
        )
    if action == "mastered":
        return f'<p class="muted">{page.mastered}</p>'
    if action == "no_assessment":
        return f'<p class="muted">{page.no_assessment}</p>'
    if not card.locked:
        # With an attempt behind it, the lock says this and what comes next.
        return f'<p class="warning-box see-teacher">{page.see_teacher}</p>'
    return ""


def _card(row: TrackerRow, card: CardExtras, page: _Page) -> str:
    cell = row.cell
    standard = cell.standard
    key = escape(row.key)
    code = escape(standard.code)
    listen = page.listen.replace(_CODE, code).replace(_KEY, key)
    parts = [
        f'<article class="card std-card" id="standard-{key}">',
        f'<div class="std-head">{standard_title(standard, big=True)}{page.badge(cell)}</div>',
        '<div class="i-can-row"><p class="i-can" data-content '
        f'id="i-can-{key}" lang="{page.content_lang}">{escape(standard.i_can)}</p>{listen}</div>',
    ]
    last = row.last_attempt(page.words)
    if last:
        parts.append(f'<p class="muted">{escape(last)}</p>')
    if row.latest:
        latest = page.latest % {"summary": escape(row.latest.summary_in(page.words))}
        parts.append(f'<p class="muted latest-evidence">{latest}</p>')
    parts.append(_action(row, card, key, code, page))
    if card.shows_anything:
        parts.append(after_score_html(row, card, page.after_score))
    elif card.offered:
        parts.append(f'<p class="muted tutoring-offered">{page.offered}</p>')
    # When the last attempt did not decide the level, say what did. An overridden level is
    # explained by the teacher's reason, so that sentence is marked as the school's words.
    if row.latest or cell.overridden:
        marked = " data-content" if cell.overridden else ""
        parts.append(f'<p class="sentence"{marked}>{conditional_escape(cell.explanation)}</p>')
    parts.append("</article>")
    return "\n".join(part for part in parts if part)


def map_cards_html(
    cards: Sequence[Card], *, classroom: Classroom, content_lang: str, csrf: str, page: _Page | None
) -> tuple[SafeString, _Page]:
    """The cards' HTML, and the page's shared parts for the next unit's cards."""
    key = (classroom.pk, get_language(), content_lang)
    if page is None or page.key != key:
        page = _Page.of(key, csrf)
    html = "\n".join(_card(row, card, page) for row, card in cards)
    return mark_safe(html), page  # noqa: S308 - each value read from the database is escaped


@register.simple_tag(takes_context=True)
def map_cards(
    context: template.Context, cards: Sequence[Card], *, classroom: Classroom, content_lang: str
) -> SafeString:
    # The shared parts are kept for the rest of this render (each unit calls the tag).
    html, context.render_context["map_cards"] = map_cards_html(
        cards,
        classroom=classroom,
        content_lang=content_lang,
        csrf=_csrf_input(context.get("csrf_token")),
        page=context.render_context.get("map_cards"),
    )
    return html
