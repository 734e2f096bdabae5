"""`{{ phrase|phrase }}`: a retake reason in the page's language; and `after_score_html`, the
part of a standard's card on the student's map that says what happens after the score: why
the next form is locked, the current step of the route, a small group, peer tutoring.

The map writes its cards in Python (workflows/templatetags/map_cards.py) and this part with
them. Through the four templates it replaced (interventions/card.html and the three parts
it included) a locked card cost some 40 variable lookups, 8 translations and two
`{% url %}`. So the words are translated once per page (`CardWords`), the links reversed
once per page and completed with each id, and each part is one join of escaped parts. The
HTML is the templates', whitespace aside (workflows/tests/test_map_cards.py keeps them and
compares). The interface's words are written as `{% translate %}` wrote them (unescaped:
they are our catalogue's); everything read from the database is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from masterymap.accounts.models import User
from masterymap.interventions.models import Resource, Route, SmallGroup, Step, TutorPair
from masterymap.interventions.queries import CardExtras
from masterymap.lib.urls import around_last_id, fast_reverse
from masterymap.mastery.phrases import Phrase
from masterymap.mastery.queries.tracker import TrackerRow
from masterymap.mastery.sentences import phrase_html

register = template.Library()


@register.filter
def phrase(value: Phrase) -> SafeString:
    return phrase_html(value)


class _Link:
    """A URL whose last argument is an id, reversed once per page (as `{% url %}` writes
    it, escaped) and completed with each id."""

    def __init__(self, name: str, *args: int) -> None:
        self.before, self.after = around_last_id(name, *args)

    def __call__(self, pk: int) -> str:
        return f"{self.before}{pk}{self.after}"


def _first_name(user: User | None) -> str:
    return "" if user is None else escape(user.first_name)


@dataclass
class CardWords:
    """What the after-score part of every card of one map shares: its links and the
    interface's words in the language of the page, and the retake reasons it has written
    (a map has few different ones). `csrf`: the page's `{% csrf_token %}`."""

    csrf: str
    map_url: str
    attempt: _Link
    practice: _Link
    resource_file: _Link
    step_done: _Link
    tutor_pair: _Link
    tutor_confirm: _Link
    tutor_accept: _Link
    tutor_decline: _Link
    locked: str
    opens_on: str
    look_back: str
    teacher_told: str
    your_step: str
    started: str
    go_to_practice: str
    download: str
    open_resource: str
    new_tab: str
    done: str
    while_you_wait: str
    pick_a_way: str
    small_group: str
    peer_tutor: str
    waiting_for_tutor: str
    asked: str
    will_help: str
    open_pair: str
    my_peer_tutor: str
    had_session: str
    you_confirmed: str
    session_held: str
    held_with: str
    classmate_asks: str
    accept: str
    request: str
    decline: str
    helping: str
    you_confirmed_short: str
    tutoring: str
    offered: str
    reasons: dict[Phrase, str] = field(default_factory=dict)
    days: dict[tuple[datetime, str], str] = field(default_factory=dict)

    @classmethod
    def active(cls, *, classroom_id: int, csrf: str) -> CardWords:
        return cls(
            csrf=csrf,
            map_url=escape(fast_reverse("workflows:student-map", args=[classroom_id])),
            attempt=_Link("workflows:attempt"),
            practice=_Link("interventions:practice", classroom_id),
            resource_file=_Link("interventions:resource-file"),
            step_done=_Link("interventions:step-done"),
            tutor_pair=_Link("interventions:tutor-pair"),
            tutor_confirm=_Link("interventions:tutor-confirm"),
            tutor_accept=_Link("interventions:tutor-accept"),
            tutor_decline=_Link("interventions:tutor-decline"),
            locked=gettext("🔒 The next form is locked."),
            opens_on=gettext("It opens on %(when)s."),
            look_back=gettext("Look back at your last try"),
            teacher_told=gettext(
                "Your teacher has been told and will decide with you what comes next."
            ),
            your_step=gettext("Your step: %(route)s"),
            started=gettext("started %(started)s"),
            go_to_practice=gettext("Go to practice"),
            download=gettext("Download:"),
            open_resource=gettext("Open:"),
            new_tab=gettext("(opens in a new tab)"),
            done=gettext("Done"),
            while_you_wait=gettext("While you wait:"),
            pick_a_way=gettext("pick a way to get there"),
            small_group=gettext("Small group with your teacher"),
            peer_tutor=gettext("Peer tutor:"),
            waiting_for_tutor=gettext("waiting for a tutor (your teacher knows)"),
            asked=gettext("asked <span data-content>%(name)s</span>, waiting for an answer"),
            will_help=gettext("<span data-content>%(name)s</span> will help you"),
            open_pair=gettext("Open"),
            my_peer_tutor=gettext("my peer tutor"),
            had_session=gettext("We had our session"),
            you_confirmed=gettext("You confirmed the session; waiting for your tutor."),
            session_held=gettext("Session held"),
            held_with=gettext("with <span data-content>%(name)s</span>"),
            classmate_asks=gettext("A classmate asks for your help here."),
            accept=gettext("Accept"),
            request=gettext("request"),
            decline=gettext("Decline"),
            helping=gettext("You are helping <strong data-content>%(name)s</strong>"),
            you_confirmed_short=gettext("you confirmed the session"),
            tutoring=gettext("tutoring"),
            offered=gettext("✓ You offer to tutor this."),
        )

    def reason(self, reason: Phrase) -> str:
        found = self.reasons.get(reason)
        if found is None:
            found = self.reasons[reason] = phrase_html(reason)
        return found

    def day(self, moment: datetime, fmt: str) -> str:
        """As `{{ moment|date:fmt }}` writes it, in the page's time zone, escaped. Retakes
        locked by a cool-down open at the same midnight: each moment is written once."""
        found = self.days.get((moment, fmt))
        if found is None:
            found = self.days[moment, fmt] = escape(date_format(localtime(moment), fmt))
        return found


def after_score_html(row: TrackerRow, card: CardExtras, words: CardWords) -> SafeString:
    """The card's lock, route, group and tutoring (or the offer to tutor), as card.html
    wrote them: for a card whose `card.shows_anything`."""
    code = escape(row.cell.standard.code)
    key = escape(row.key)
    parts = []
    if card.locked:
        parts.append(_lock(card, key, words))
    if card.current_step or card.locked:
        parts.append(_route(row, card, key, code, words))
    if card.group:
        parts.append(_group(card.group, key, words))
    if card.tutee_pair or card.tutor_pairs or card.tutee_done:
        parts.append(_tutoring(card, key, code, words))
    elif card.offered:
        parts.append(f'<p class="muted tutoring-offered">{words.offered}</p>')
    # Each value read from the database is escaped.
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308


def _lock(card: CardExtras, key: str, words: CardWords) -> str:
    """Why the retake is locked and when it opens."""
    assert card.retake is not None  # locked implies a verdict
    verdict = card.retake.verdict
    reasons = "".join(f"<li>{words.reason(r)}</li>" for r in verdict.reasons)
    lines = [
        f'<div class="retake-locked" id="locked-{key}">',
        f"<p><strong>{words.locked}</strong></p>",
        f'<ul class="reasons">{reasons}</ul>',
    ]
    if verdict.unlocks_at:
        when = words.opens_on % {"when": words.day(verdict.unlocks_at, "l j F, H:i")}
        lines.append(f'<p class="muted">{when}</p>')
    if card.last_attempt_id and not card.analysis_finished:
        lines.append(
            f'<p><a href="{words.attempt(card.last_attempt_id)}#error-analysis">'
            f"{words.look_back}</a></p>"
        )
    if verdict.needs_teacher:
        lines.append(f'<p class="muted">{words.teacher_told}</p>')
    lines.append("</div>")
    return "\n".join(lines)


def _route(row: TrackerRow, card: CardExtras, key: str, code: str, words: CardWords) -> str:
    """The current step with where to go and "Done"; while a retake is locked and no step
    is open, a way to the routes."""
    step = card.current_step
    named = f'<span class="sr-only"> · <span data-content>{code}</span></span>'
    if step is None:
        if not (card.locked and card.last_attempt_id):
            return ""
        return (
            f'<p class="while-you-wait">{words.while_you_wait} '
            f'<a href="{words.attempt(card.last_attempt_id)}#what-next">'
            f"{words.pick_a_way}{named}</a></p>"
        )
    route = words.your_step % {"route": escape(str(step.get_route_display()).lower())}
    started = words.started % {"started": words.day(step.started_at, "D j M")}
    lines = [
        f'<div class="card-step" id="card-step-{key}">',
        f'<p class="step-now"><strong>{route}</strong> · <span class="muted">{started}</span></p>',
    ]
    if step.route == Route.PRACTICE:
        lines.append(
            f'<p><a href="{words.practice(row.cell.standard.pk)}">{words.go_to_practice}'
            f"{named}</a></p>"
        )
    elif step.resource and not step.resource.removed_at:
        lines.append(f"<p>{_resource(step.resource, words)}</p>")
    if step.route in (Route.PRACTICE, Route.RESOURCES):
        lines.append(_done_form(step, key, code, words))
    lines.append("</div>")
    return "\n".join(lines)


def _resource(resource: Resource, words: CardWords) -> str:
    title = f"<span data-content>{escape(resource.title)}</span>"
    if resource.kind == Resource.Kind.FILE:
        return f'<a href="{words.resource_file(resource.pk)}">{words.download} {title}</a>'
    return (
        f'<a href="{escape(resource.url)}" rel="noopener noreferrer" target="_blank">'
        f'{words.open_resource} {title} <span class="sr-only">{words.new_tab}</span></a>'
    )


def _done_form(step: Step, key: str, code: str, words: CardWords) -> str:
    return (
        f'<form method="post" action="{words.step_done(step.pk)}">\n'
        f'{words.csrf}<input type="hidden" name="next" value="{words.map_url}#standard-{key}">\n'
        f'<button class="btn secondary" type="submit">✓ {words.done}'
        f'<span class="sr-only"> · <span data-content>{code}</span></span></button>\n'
        "</form>"
    )


def _group(group: SmallGroup, key: str, words: CardWords) -> str:
    """The next small group the student is invited to on this standard."""
    note = f" · <span data-content>{escape(group.note)}</span>" if group.note else ""
    when = words.day(group.meets_at, "D j M, H:i")
    return (
        f'<p class="card-group" id="card-group-{key}"><strong>{words.small_group}</strong> · '
        f'<time datetime="{words.day(group.meets_at, "c")}">{when}</time>{note}</p>'
    )


def _tutoring(card: CardExtras, key: str, code: str, words: CardWords) -> str:
    """The student's own request for a peer tutor, the requests to them as a tutor, and
    whether they offer to tutor the standard."""
    lines = [f'<div class="card-tutoring" id="card-tutoring-{key}">']
    pair = card.tutee_pair
    if pair:
        lines.append(_own_request(pair, key, code, words))
    if card.tutee_done and not pair:
        name = words.held_with % {"name": _first_name(card.tutee_done.tutor)}
        lines.append(
            '<p class="tutoring-line tutoring-done"><span class="badge status-mastered">'
            f"✓ {words.session_held}</span> {name}</p>"
        )
    for counter, asking in enumerate(card.tutor_pairs, start=1):
        lines.append(_request_to_tutor(asking, counter, key, code, words))
    if card.offered:
        lines.append(f'<p class="muted tutoring-offered">{words.offered}</p>')
    lines.append("</div>")
    return "\n".join(lines)


def _own_request(pair: TutorPair, key: str, code: str, words: CardWords) -> str:
    if pair.state == TutorPair.State.UNMATCHED:
        state = words.waiting_for_tutor
    elif pair.state == TutorPair.State.ASKED:
        state = words.asked % {"name": _first_name(pair.tutor)}
    else:
        state = words.will_help % {"name": _first_name(pair.tutor)}
    lines = [
        '<p class="tutoring-line">\n'
        f"<strong>{words.peer_tutor}</strong>\n"
        f"{state}\n"
        f'· <a href="{words.tutor_pair(pair.pk)}">{words.open_pair}<span class="sr-only"> · '
        f"{words.my_peer_tutor} · <span data-content>{code}</span></span></a>\n"
        "</p>"
    ]
    if pair.state == TutorPair.State.ACCEPTED and not pair.tutee_confirmed_at:
        lines.append(
            f'<form method="post" action="{words.tutor_confirm(pair.pk)}">\n'
            f'{words.csrf}<input type="hidden" name="next" value="{words.map_url}#standard-{key}">'
            f'\n<button class="btn secondary" type="submit">✓ {words.had_session}'
            f'<span class="sr-only"> · <span data-content>{code}</span></span></button>\n'
            "</form>"
        )
    elif pair.state == TutorPair.State.ACCEPTED:
        lines.append(f'<p class="muted">{words.you_confirmed}</p>')
    return "\n".join(lines)


def _request_to_tutor(pair: TutorPair, counter: int, key: str, code: str, words: CardWords) -> str:
    lines = [f'<div class="tutoring-request" id="tutor-request-{pair.pk}">']
    if pair.state == TutorPair.State.ASKED:
        named = (
            f'<span class="sr-only"> · {words.request} {counter} · '
            f"<span data-content>{code}</span></span>"
        )
        lines += [
            f'<p class="tutoring-line"><strong>{words.classmate_asks}</strong></p>',
            '<div class="tutoring-buttons">',
            f'<form method="post" action="{words.tutor_accept(pair.pk)}">{words.csrf}'
            f'<button class="btn" type="submit">{words.accept}{named}</button></form>',
            f'<form method="post" action="{words.tutor_decline(pair.pk)}">{words.csrf}'
            f'<input type="hidden" name="next" value="{words.map_url}#standard-{key}">'
            f'<button class="btn secondary" type="submit">{words.decline}{named}</button></form>',
            "</div>",
        ]
    else:
        tutee = _first_name(pair.tutee)
        confirmed = (
            f' · <span class="muted">{words.you_confirmed_short}</span>'
            if pair.tutor_confirmed_at
            else ""
        )
        lines.append(
            f'<p class="tutoring-line">{words.helping % {"name": tutee}}{confirmed} · '
            f'<a href="{words.tutor_pair(pair.pk)}">{words.open_pair}<span class="sr-only"> · '
            f"{words.tutoring} · <span data-content>{tutee}</span> · "
            f"<span data-content>{code}</span></span></a></p>"
        )
    lines.append("</div>")
    return "\n".join(lines)
