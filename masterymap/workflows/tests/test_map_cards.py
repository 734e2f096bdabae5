"""The map's cards, written in Python (workflows/templatetags/map_cards.py, their after-score
part in interventions/templatetags/after_score.py), read as the template loop and the four
templates of the after-score part wrote them, in English and Spanish; and everything the
school typed is escaped.

Who reads them: only the student whose map it is (teachers and classmates get a 404,
mastery/tests/test_grid_and_tracker.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.template import Context, Engine, Template, engines
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from masterymap.accounts.models import Classroom, User
from masterymap.evidence.models import Evidence
from masterymap.interventions.models import Resource, Route, SmallGroup, Step, TutorPair
from masterymap.interventions.queries import CardExtras
from masterymap.interventions.retakes import RetakeFacts
from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.tracker import LatestEvidence, TrackerRow
from masterymap.mastery.retake import RetakeRules, RetakeState, retake
from masterymap.mastery.status import Status
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase
from masterymap.workflows.tests.test_tracker_rows import (  # the same fixtures
    HOSTILE,
    PHRASE,
    line,
    normalised,
    standard,
)

# The cards as student_map.html wrote them before they moved to Python, and the templates
# of their after-score part (interventions/card.html and the three it included): the
# reference the Python must match.
REFERENCE = """{% load i18n static reading symbols levels after_score %}
  {% for row, card in cards %}
    <article class="card std-card" id="standard-{{ row.key }}">
      <div class="std-head">{% standard_title row.cell.standard big=True %}{% status_badge row.cell %}</div>
      <div class="i-can-row"><p class="i-can" data-content id="i-can-{{ row.key }}" lang="{{ content_lang }}">{{ row.cell.standard.i_can }}</p>{% listen_button "i_can" code=row.cell.standard.code prefix="i-can" key=row.key %}</div>
      {% if row.last_attempt %}<p class="muted">{{ row.last_attempt }}</p>{% endif %}
      {% if row.latest %}<p class="muted latest-evidence">{% blocktranslate trimmed with summary=row.latest.summary %}Latest evidence: {{ summary }}{% endblocktranslate %}</p>{% endif %}
      {% with action=row.action %}
      {% if action == "start" and card.locked %}
      {# Why the retake is locked and when it opens: interventions/card.html, below. #}
      {% elif action == "resume" or action == "start" %}
      <form method="post" action="{{ row.start_url }}">
        {% csrf_token %}
        {# The button's name adds the standard's code ("I'm ready 7.RP.A.1"): one name per card. #}
        <span id="ready-for-{{ row.key }}" hidden data-content>{{ row.cell.standard.code }}</span>
        <button class="btn" type="submit" id="ready-{{ row.key }}" aria-labelledby="ready-{{ row.key }} ready-for-{{ row.key }}">{% if action == "resume" %}{% translate "Continue" %}{% else %}{% translate "I'm ready" %}{% endif %}</button>
      </form>
      {% elif action == "mastered" %}
        <p class="muted">{% translate "Mastered. Well done!" %}</p>
      {% elif action == "no_assessment" %}
        <p class="muted">{% translate "No assessment for this standard yet." %}</p>
      {% elif not card.locked %}
        {# With an attempt behind it, the lock below says this and what comes next. #}
        <p class="warning-box see-teacher">{% translate "You have taken every form for this standard. See your teacher about what to do next." %}</p>
      {% endif %}
      {% endwith %}
      {% if card.shows_anything %}{% include "interventions/card.html" %}{% elif card.offered %}
      <p class="muted tutoring-offered">{% translate "✓ You offer to tutor this." %}</p>
      {% endif %}
      {# When the last attempt did not decide the level, say what did. An overridden level is explained by the teacher's reason, so that sentence is marked as the school's words. #}
      {% if row.latest or row.cell.overridden %}<p class="sentence"{% if row.cell.overridden %} data-content{% endif %}>{{ row.cell.explanation }}</p>{% endif %}
    </article>
  {% endfor %}
"""  # noqa: E501

CARD = """{% load i18n after_score %}{# One standard's card on the student's map, after the score: locks, route, group, tutoring. Context: row, card, classroom, extras. #}
{% if card.locked %}
<div class="retake-locked" id="locked-{{ row.key }}">
  <p><strong>{% translate "🔒 The next form is locked." %}</strong></p>
  <ul class="reasons">{% for reason in card.retake.verdict.reasons %}<li>{{ reason|phrase }}</li>{% endfor %}</ul>
  {% if card.retake.verdict.unlocks_at %}<p class="muted">{% blocktranslate trimmed with when=card.retake.verdict.unlocks_at|date:"l j F, H:i" %}It opens on {{ when }}.{% endblocktranslate %}</p>{% endif %}
  {% if card.last_attempt_id and not card.analysis_finished %}<p><a href="{% url 'workflows:attempt' card.last_attempt_id %}#error-analysis">{% translate "Look back at your last try" %}</a></p>{% endif %}
  {% if card.retake.verdict.needs_teacher %}<p class="muted">{% translate "Your teacher has been told and will decide with you what comes next." %}</p>{% endif %}
</div>
{% endif %}
{% if card.current_step or card.locked %}{% include "interventions/card_route.html" %}{% endif %}
{% if card.group %}{% include "interventions/card_group.html" %}{% endif %}
{% if card.tutee_pair or card.tutor_pairs or card.tutee_done %}{% include "interventions/card_tutoring.html" %}{% elif card.offered %}<p class="muted tutoring-offered">{% translate "✓ You offer to tutor this." %}</p>{% endif %}
"""  # noqa: E501

CARD_ROUTE = """{% load i18n %}{# The card's route part (see card.html for its context): the current step with where to go and "Done"; while a retake is locked and no step is open, a way to the routes. #}
{% with step=card.current_step %}
{% if step %}
<div class="card-step" id="card-step-{{ row.key }}">
  <p class="step-now"><strong>{% blocktranslate trimmed with route=step.get_route_display|lower %}Your step: {{ route }}{% endblocktranslate %}</strong> · <span class="muted">{% blocktranslate trimmed with started=step.started_at|date:"D j M" %}started {{ started }}{% endblocktranslate %}</span></p>
  {% if step.route == "practice" %}
  <p><a href="{% url 'interventions:practice' classroom.pk row.cell.standard.pk %}">{% translate "Go to practice" %}<span class="sr-only"> · <span data-content>{{ row.cell.standard.code }}</span></span></a></p>
  {% elif step.resource and not step.resource.removed_at %}
  <p>{% if step.resource.kind == "file" %}<a href="{% url 'interventions:resource-file' step.resource.pk %}">{% translate "Download:" %} <span data-content>{{ step.resource.title }}</span></a>{% else %}<a href="{{ step.resource.url }}" rel="noopener noreferrer" target="_blank">{% translate "Open:" %} <span data-content>{{ step.resource.title }}</span> <span class="sr-only">{% translate "(opens in a new tab)" %}</span></a>{% endif %}</p>
  {% endif %}
  {% if step.route == "practice" or step.route == "resources" %}
  <form method="post" action="{% url 'interventions:step-done' step.pk %}">
    {% csrf_token %}<input type="hidden" name="next" value="{% url 'workflows:student-map' classroom.pk %}#standard-{{ row.key }}">
    <button class="btn secondary" type="submit">✓ {% translate "Done" %}<span class="sr-only"> · <span data-content>{{ row.cell.standard.code }}</span></span></button>
  </form>
  {% endif %}
</div>
{% elif card.locked and card.last_attempt_id %}
<p class="while-you-wait">{% translate "While you wait:" %} <a href="{% url 'workflows:attempt' card.last_attempt_id %}#what-next">{% translate "pick a way to get there" %}<span class="sr-only"> · <span data-content>{{ row.cell.standard.code }}</span></span></a></p>
{% endif %}
{% endwith %}
"""  # noqa: E501

CARD_GROUP = """{% load i18n static %}{# The card's group part (see card.html for its context): the next small group the student is invited to on this standard (`card.group`). #}
{% with group=card.group %}{% if group %}
<p class="card-group" id="card-group-{{ row.key }}"><strong>{% translate "Small group with your teacher" %}</strong> · <time datetime="{{ group.meets_at|date:'c' }}">{{ group.meets_at|date:"D j M, H:i" }}</time>{% if group.note %} · <span data-content>{{ group.note }}</span>{% endif %}</p>
{% endif %}{% endwith %}
"""  # noqa: E501

CARD_TUTORING = """{% load i18n static %}{% comment %}
The card's peer-tutoring part (see card.html for its context): the student's own request
(`card.tutee_pair`), requests to them as a tutor (`card.tutor_pairs`), and whether they
offer to tutor it (offers are made on the offers page, interventions/tutor_offers.html).
`card.tutee_done` (a session held, once the map's query loads it) says the session is done.
{% endcomment %}
{% with code=row.cell.standard.code sid=row.cell.standard.pk %}
{% if card.tutee_pair or card.tutor_pairs or card.tutee_done %}
<div class="card-tutoring" id="card-tutoring-{{ row.key }}">
  {% with pair=card.tutee_pair %}{% if pair %}
  <p class="tutoring-line">
    <strong>{% translate "Peer tutor:" %}</strong>
    {% if pair.state == "unmatched" %}{% translate "waiting for a tutor (your teacher knows)" %}
    {% elif pair.state == "asked" %}{% blocktranslate trimmed with name=pair.tutor.first_name %}asked <span data-content>{{ name }}</span>, waiting for an answer{% endblocktranslate %}
    {% else %}{% blocktranslate trimmed with name=pair.tutor.first_name %}<span data-content>{{ name }}</span> will help you{% endblocktranslate %}{% endif %}
    · <a href="{% url 'interventions:tutor-pair' pair.pk %}">{% translate "Open" %}<span class="sr-only"> · {% translate "my peer tutor" %} · <span data-content>{{ code }}</span></span></a>
  </p>
  {% if pair.state == "accepted" and not pair.tutee_confirmed_at %}
  <form method="post" action="{% url 'interventions:tutor-confirm' pair.pk %}">
    {% csrf_token %}<input type="hidden" name="next" value="{% url 'workflows:student-map' classroom.pk %}#standard-{{ row.key }}">
    <button class="btn secondary" type="submit">✓ {% translate "We had our session" %}<span class="sr-only"> · <span data-content>{{ code }}</span></span></button>
  </form>
  {% elif pair.state == "accepted" %}
  <p class="muted">{% translate "You confirmed the session; waiting for your tutor." %}</p>
  {% endif %}
  {% endif %}{% endwith %}
  {% if card.tutee_done and not card.tutee_pair %}
  <p class="tutoring-line tutoring-done"><span class="badge status-mastered">✓ {% translate "Session held" %}</span> {% blocktranslate trimmed with name=card.tutee_done.tutor.first_name %}with <span data-content>{{ name }}</span>{% endblocktranslate %}</p>
  {% endif %}
  {% for pair in card.tutor_pairs %}
  <div class="tutoring-request" id="tutor-request-{{ pair.pk }}">
    {% if pair.state == "asked" %}
    <p class="tutoring-line"><strong>{% translate "A classmate asks for your help here." %}</strong></p>
    <div class="tutoring-buttons">
      <form method="post" action="{% url 'interventions:tutor-accept' pair.pk %}">{% csrf_token %}<button class="btn" type="submit">{% translate "Accept" %}<span class="sr-only"> · {% translate "request" %} {{ forloop.counter }} · <span data-content>{{ code }}</span></span></button></form>
      <form method="post" action="{% url 'interventions:tutor-decline' pair.pk %}">{% csrf_token %}<input type="hidden" name="next" value="{% url 'workflows:student-map' classroom.pk %}#standard-{{ row.key }}"><button class="btn secondary" type="submit">{% translate "Decline" %}<span class="sr-only"> · {% translate "request" %} {{ forloop.counter }} · <span data-content>{{ code }}</span></span></button></form>
    </div>
    {% else %}
    <p class="tutoring-line">{% blocktranslate trimmed with name=pair.tutee.first_name %}You are helping <strong data-content>{{ name }}</strong>{% endblocktranslate %}{% if pair.tutor_confirmed_at %} · <span class="muted">{% translate "you confirmed the session" %}</span>{% endif %} · <a href="{% url 'interventions:tutor-pair' pair.pk %}">{% translate "Open" %}<span class="sr-only"> · {% translate "tutoring" %} · <span data-content>{{ pair.tutee.first_name }}</span> · <span data-content>{{ code }}</span></span></a></p>
    {% endif %}
  </div>
  {% endfor %}
  {% if card.offered %}<p class="muted tutoring-offered">{% translate "✓ You offer to tutor this." %}</p>{% endif %}
</div>
{% endif %}
{% endwith %}
"""  # noqa: E501

AFTER_SCORE = {
    "interventions/card.html": CARD,
    "interventions/card_route.html": CARD_ROUTE,
    "interventions/card_group.html": CARD_GROUP,
    "interventions/card_tutoring.html": CARD_TUTORING,
}

CARDS = """{% load map_cards %}
  {% map_cards cards classroom=classroom content_lang=content_lang %}
"""

NOW = datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
TOKEN = "the-csrf-token"
NO_WAIT = RetakeRules(cool_down_days=0, reflection_required=False)


def student(pk: int, first_name: str) -> User:
    return User(pk=pk, role=User.Role.STUDENT, username=f"s{pk}", first_name=first_name)


def facts(rules: RetakeRules, *, taken: int, left: int, hours_ago: int) -> RetakeFacts:
    state = RetakeState(
        forms_taken=taken, forms_left=left, last_submitted=NOW - timedelta(hours=hours_ago)
    )
    return RetakeFacts(rules, state, retake(rules, state, now=NOW, zone=UTC), 1)


def cooling_down() -> RetakeFacts:
    """Locked by the cool-down (it opens at midnight) and the reflection."""
    rules = RetakeRules(cool_down_days=1, reflection_required=True)
    return facts(rules, taken=1, left=1, hours_ago=2)


def open_retake() -> RetakeFacts:
    return facts(NO_WAIT, taken=1, left=1, hours_ago=72)


def every_form_taken() -> RetakeFacts:
    """Locked until the teacher decides: no form left."""
    return facts(NO_WAIT, taken=2, left=0, hours_ago=72)


def step(pk: int, route: Route, resource: Resource | None = None) -> Step:
    # 03:00 UTC on the 2nd is the 1st in the school's time zone (New York).
    started = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    return Step(pk=pk, route=route, resource=resource, started_at=started)


def pair(pk: int, state: str, *, tutee: User, tutor: User | None, **extra: object) -> TutorPair:
    return TutorPair(pk=pk, state=state, tutee=tutee, tutor=tutor, requested_at=NOW, **extra)


def cards() -> list[tuple[TrackerRow, CardExtras]]:
    ana, ben, cara = student(70, "Ana"), student(71, HOSTILE), student(72, "Cara")
    latest = LatestEvidence(Evidence.Kind.ONE_ON_ONE, "One-on-one check", NOW.date(), "3")
    afile = Resource(pk=31, kind=Resource.Kind.FILE, title=HOSTILE)
    link = Resource(
        pk=32,
        kind=Resource.Kind.LINK,
        title="Video " + HOSTILE,
        url='https://example.org/?a=1&b="2"',
    )
    gone = Resource(
        pk=33, kind=Resource.Kind.LINK, title="Gone", url="https://example.org/", removed_at=NOW
    )
    tomorrow = NOW + timedelta(days=1)
    made = [
        # Not started, two forms: "I'm ready".
        (Cell(standard(1), Status.NOT_STARTED), [], 2, 2, None, CardExtras()),
        # A sitting open: "Continue".
        (Cell(standard(2), Status.IN_PROGRESS), [line(21, "A", day=2, percent=None)], 1, 2,
         None, CardExtras()),
        # Not yet, locked by the cool-down and the reflection, no step yet: a way to the routes.
        (Cell(standard(3), Status.NOT_YET, 40.0, 1, 2.0, "Approaching", "", PHRASE),
         [line(31, "A", day=2, percent=40.0)], 1, 2, None,
         CardExtras(retake=cooling_down(), last_attempt_id=31)),
        # Not yet, the retake open, the reflection written.
        (Cell(standard(4), Status.NOT_YET, 40.0, 1, 2.0, "Approaching"),
         [line(41, "A", day=1, percent=40.0)], 1, 2, None,
         CardExtras(retake=open_retake(), last_attempt_id=41, analysis_finished=True)),
        # Mastered and overridden by a teacher (their reason is the school's words), newer
        # evidence than the last attempt, and they offer to tutor it.
        (Cell(standard(5), Status.MASTERED, 90.0, 1, 4.0, "Mastered", overridden=True,
              override_reason=HOSTILE),
         [line(51, "<i>", day=1, percent=90.0)], 1, 2, latest, CardExtras(offered=True)),
        # A benchmark disagrees; a small group tomorrow with the teacher's note.
        (Cell(standard(6), Status.NEEDS_REVIEW, 85.0, 1, 3.0, "Mastered", "", PHRASE),
         [line(61, "A", day=1, percent=85.0)], 1, 2, None,
         CardExtras(group=SmallGroup(pk=61, meets_at=tomorrow, note=HOSTILE))),
        # Every form taken, no attempt handed in: see the teacher.
        (Cell(standard(7), Status.NOT_YET), [], 0, 2, None, CardExtras()),
        # Every form taken and handed in: locked until the teacher decides, practising.
        (Cell(standard(8), Status.NOT_YET, 40.0, 2, 2.0, "Approaching"),
         [line(81, "A", day=1, percent=40.0), line(82, "B", day=2, percent=50.0)], 0, 2, None,
         CardExtras(retake=every_form_taken(), last_attempt_id=82, analysis_finished=True,
                    current_step=step(81, Route.PRACTICE))),
        # No form yet; a group without a note; a session held; they offer to tutor it.
        (Cell(standard(9), Status.NOT_STARTED), [], 0, 0, None,
         CardExtras(group=SmallGroup(pk=91, meets_at=tomorrow), offered=True,
                    tutee_done=pair(91, "done", tutee=ana, tutor=ben))),
        # Studying a file; waiting for a peer tutor.
        (Cell(standard(10), Status.NOT_YET), [], 2, 2, None,
         CardExtras(current_step=step(101, Route.RESOURCES, afile),
                    tutee_pair=pair(101, "unmatched", tutee=ana, tutor=None))),
        # Studying a link; a tutor asked.
        (Cell(standard(11), Status.NOT_YET), [], 2, 2, None,
         CardExtras(current_step=step(111, Route.RESOURCES, link),
                    tutee_pair=pair(111, "asked", tutee=ana, tutor=ben))),
        # A resource since removed; a tutor accepted (and an older session held).
        (Cell(standard(12), Status.NOT_YET), [], 2, 2, None,
         CardExtras(current_step=step(121, Route.RESOURCES, gone),
                    tutee_pair=pair(121, "accepted", tutee=ana, tutor=cara),
                    tutee_done=pair(122, "done", tutee=ana, tutor=cara))),
        # Tutoring with the teacher; the session confirmed.
        (Cell(standard(13), Status.NOT_YET), [], 2, 2, None,
         CardExtras(current_step=step(131, Route.TEACHER),
                    tutee_pair=pair(131, "accepted", tutee=ana, tutor=ben,
                                    tutee_confirmed_at=NOW))),
        # Mastered: two classmates ask for help, two sessions accepted (one confirmed).
        (Cell(standard(14), Status.MASTERED, 100.0, 1, 4.0, "Mastered"),
         [line(141, "A", day=1, percent=100.0)], 1, 2, None,
         CardExtras(offered=True, tutor_pairs=[
             pair(141, "asked", tutee=cara, tutor=ana),
             pair(142, "asked", tutee=ben, tutor=ana),
             pair(143, "accepted", tutee=ben, tutor=ana, tutor_confirmed_at=NOW),
             pair(144, "accepted", tutee=cara, tutor=ana),
         ])),
        # The school's words in the code and the "I can"; locked, on a peer tutor's route.
        (Cell(standard(15, code="7.<i>X</i>&1", i_can=HOSTILE), Status.NOT_YET, 40.0, 1, 2.0,
              "<b>Gold</b> & co", "", PHRASE),
         [line(151, "A", day=3, percent=40.0)], 1, 2, latest,
         CardExtras(retake=cooling_down(), last_attempt_id=151,
                    current_step=step(151, Route.PEER))),
        # Locked with no attempt to point at.
        (Cell(standard(16), Status.NOT_YET), [], 1, 2, None, CardExtras(retake=cooling_down())),
    ]  # fmt: skip
    return [
        (
            TrackerRow(
                cell=cell,
                attempts=lines,
                forms_left=left,
                forms_total=total,
                latest=newest,
                start_url=f"/classes/7/standards/{cell.standard.pk}/ready/",
                key=str(cell.standard.pk),
            ),
            card,
        )
        for cell, lines, left, total, newest, card in made
    ]


def context() -> Context:
    return Context(
        {
            "cards": cards(),
            "classroom": Classroom(pk=7),
            "content_lang": "en",
            "csrf_token": TOKEN,
        }
    )


def reference() -> Template:
    """REFERENCE, its after-score part included from the templates as they were."""
    default = engines["django"].engine  # type: ignore[attr-defined]
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", AFTER_SCORE)],
        libraries=default.libraries,
        builtins=["masterymap.lib.templatetags.links"],
    )
    return engine.from_string(REFERENCE)


class MapCardsTests(SimpleTestCase):
    def test_the_cards_are_the_html_the_templates_wrote(self) -> None:
        for language in ("en", "es"):
            with self.subTest(language=language), translation.override(language):
                expected = reference().render(context())
                written = Template(CARDS).render(context())
                self.assertEqual(normalised(written), normalised(expected))

    def test_every_branch_is_drawn(self) -> None:
        html = Template(CARDS).render(context())
        for part in [
            '<button class="btn" type="submit" id="ready-1" aria-labelledby="ready-1 ready-for-1">'
            "I'm ready</button>",
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{TOKEN}">',
            ">Continue</button>",
            "Last: form A · in progress",
            "Last: form A · 40 % · Not yet",
            "🔒 The next form is locked.",
            # Midnight in UTC (the zone the verdict was given), in the school's time zone.
            "It opens on Tuesday 3 November, 19:00.",
            '<a href="/attempts/31/#error-analysis">Look back at your last try</a>',
            '<a href="/attempts/31/#what-next">pick a way to get there',
            "Your teacher has been told",
            "Mastered. Well done!",
            "Latest evidence: One-on-one check · 3 Nov 2026 · level 3",
            '<p class="sentence" data-content>A teacher set this level by hand:',
            '<p class="muted tutoring-offered">✓ You offer to tutor this.</p>',
            '<p class="warning-box see-teacher">',
            "No assessment for this standard yet.",
            '<strong>Your step: practise again</strong> · <span class="muted">started Sun 1 Nov',
            reverse("interventions:practice", args=[7, 8]),
            reverse("interventions:step-done", args=[81]),
            reverse("interventions:resource-file", args=[31]),
            '<time datetime="2026-11-04T10:00:00-05:00">Wed 4 Nov, 10:00</time>',
            "waiting for a tutor (your teacher knows)",
            ", waiting for an answer",
            " will help you",
            "We had our session",
            "You confirmed the session; waiting for your tutor.",
            "✓ Session held</span> with <span data-content>",
            "A classmate asks for your help here.",
            "request 2 · ",
            reverse("interventions:tutor-decline", args=[142]),
            ' · <span class="muted">you confirmed the session</span>',
        ]:
            with self.subTest(part=part):
                self.assertIn(part, html)

    def test_what_the_school_typed_is_escaped(self) -> None:
        html = Template(CARDS).render(context())
        for raw in ("<script>", "<i>", "<b>", 'b="2"'):
            with self.subTest(raw=raw):
                self.assertNotIn(raw, html)
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;too&#x27;"
        for part in [
            # The "I can" statement and the code.
            f'<p class="i-can" data-content id="i-can-15" lang="en">{escaped}</p>',
            "data-content>7.&lt;i&gt;X&lt;/i&gt;&amp;1</strong>",
            'data-listen="i-can-15" aria-label="Listen to the “I can…” statement of '
            '7.&lt;i&gt;X&lt;/i&gt;&amp;1"',
            # A form's label, the teacher's reason for the override, a group's note.
            "Last: form &lt;i&gt; · 90 % · Mastered",
            f'<p class="sentence" data-content>A teacher set this level by hand: {escaped}.</p>',
            f" · <span data-content>{escaped}</span></p>",
            # A resource's title and link, a classmate's name.
            f"Download: <span data-content>{escaped}</span>",
            'href="https://example.org/?a=1&amp;b=&quot;2&quot;"',
            f"asked <span data-content>{escaped}</span>, waiting for an answer",
            f"You are helping <strong data-content>{escaped}</strong>",
        ]:
            with self.subTest(part=part):
                self.assertIn(part, html)


class MapPageCardsTests(BaseTestCase):
    def test_the_page_writes_a_card_per_standard_with_the_schools_words_escaped(self) -> None:
        Standard.objects.filter(pk=self.d.s2.pk).update(i_can=HOSTILE, code="<b>2</b>")
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        html = r.content.decode()
        self.assertIn(f'<article class="card std-card" id="standard-{self.d.s1.pk}">', html)
        self.assertIn(f'<article class="card std-card" id="standard-{self.d.s2.pk}">', html)
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
        self.assertIn("data-content>&lt;b&gt;2&lt;/b&gt;</strong>", html)
        # Each "I'm ready" posts with the page's CSRF token.
        self.assertIn('name="csrfmiddlewaretoken"', html)
