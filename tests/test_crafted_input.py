"""Crafted input never causes a server error, and a refused form writes nothing (issue 8).

The first classes replay what a security review typed by hand: 2⁶³ in a URL, "²" in a query
id, a policy weight of 1e308 (and the submit on that standard after it), a level between two
of the scale's, a date in year 1, text longer than its column. Each gets a clear message or
a 404, never a 500.

`RandomInputTests` then does the same at random (Hypothesis): for every URL pattern of the
project, as each role (nobody signed in, a student, a teacher, a school admin), it requests
the page with random path ids and query parameters and posts random values; and for every
form those people see, it posts random mixes of the form's real values and crafted ones
(unicode digits, huge numbers, 1e308, inf, nan, year 1, NUL, very long text, lists). Every
response must be below 500, and a post that was refused (an error status, a re-rendered
form with errors, an error message) must leave every table of the school's data exactly as
it was. Examples are derandomized, so CI runs the same ones every time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from hypothesis import (
    HealthCheck,
    currently_in_test_context,
    example,
    given,
    note,
    settings,
)
from hypothesis import strategies as st

from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt, Response
from masterymap.benchmarks import actions as benchmark_actions
from masterymap.benchmarks.models import MixedPractice
from masterymap.evidence.models import Evidence
from masterymap.exchange.exports import EXPORTERS
from masterymap.exchange.registry import importers
from masterymap.goals.actions import record_check_in, set_goal
from masterymap.interventions.groups import form_group
from masterymap.interventions.routes import add_resource, start_practice
from masterymap.interventions.tutoring import ask_for_tutor
from masterymap.lib.converters import IdConverter
from masterymap.lib.errors import ActionError
from masterymap.lib.fields import LONG_TEXT_MAX, TEXT_MAX
from masterymap.lib.ids import MAX_ID
from masterymap.mastery.actions import set_policy
from masterymap.mastery.models import MasteryPolicy, MasteryRecord
from masterymap.standards.models import MasteryMap
from masterymap.test import BaseTestCase, make_standard_items
from masterymap.workflows.actions import record_evidence, start_attempt, submit_attempt

# Path parameters that are names, not ids: an importer, an export and the export's format.
NAMES = {"importer_key", "exporter_key", "fmt"}
# Path parameters that are secrets, not ids: a login card's key (`<card_key:…>`, which takes
# only a token's alphabet and length), hashed and looked up by the view; no match is its 404.
TOKENS = {"card_key"}

HUGE_IDS = [2**63, 2**64, 10**30]  # the smallest too large for an id column, and beyond


# --- The project's URL patterns ------------------------------------------------------------

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "mastery:cell"
    template: str  # "classes/<id:classroom_id>/students/<id:student_id>/…"
    params: tuple[str, ...]

    def url(self, values: dict[str, object]) -> str:
        return "/" + PARAM.sub(lambda m: str(values[m["name"]]), self.template)


def project_routes() -> list[Route]:
    """Every URL pattern of the project, with its namespaced name. Django's admin is left
    out: it is Django's own, for the IT person (a superuser), and none of these roles."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route == "admin/":
                    continue
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + route, space)
            else:
                assert isinstance(pattern, URLPattern)
                assert isinstance(pattern.pattern, RoutePattern), f"{route}: use path()"
                template = prefix + route
                params = tuple(m["name"] for m in PARAM.finditer(template))
                yield Route(namespace + (pattern.name or template), template, params)

    return list(walk(get_resolver().url_patterns, "", ""))


# --- The forms on the pages ----------------------------------------------------------------


@dataclass
class FoundForm:
    """A <form> as the browser would post it: where, how, and each field's real values."""

    page: str
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # "number", "date", "select"…
    other_actions: list[str] = field(default_factory=list)

    def add(self, name: str | None, value: str, kind: str) -> None:
        if name and name != "csrfmiddlewaretoken":
            values = self.fields.setdefault(name, [])
            if value not in values:
                values.append(value)
            self.kinds.setdefault(name, kind)

    def crafted_for(self, name: str) -> list[object]:
        """The crafted values most likely to hurt this field, by what it holds."""
        values = [v for v in self.fields.get(name, []) if v]
        if values and all(v.isascii() and v.isdigit() for v in values):
            return [str(2**63), "²", "٣", "0"]  # an id
        return CRAFTED_BY_KIND.get(self.kinds.get(name, "text"), CRAFTED_BY_KIND["text"])


class FormParser(HTMLParser):
    """The forms of a page, with each field's values: an input's value (every radio's and
    checkbox's), a select's options, a textarea's text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[FoundForm] = []
        self.form: FoundForm | None = None
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = FoundForm(
                page=self.page,
                action=a.get("action") or self.page,
                method=(a.get("method") or "get").lower(),
            )
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag in ("input", "button") and a.get("type") != "file":
            kind = a.get("type", "text") if tag == "input" else "button"
            ticked = kind in ("checkbox", "radio")
            self.form.add(a.get("name"), a.get("value", "on" if ticked else ""), kind)
            if a.get("formaction"):  # a second button posting the same fields elsewhere
                self.form.other_actions.append(a["formaction"])
        elif tag == "select":
            self.select = a.get("name")
            self.form.add(self.select, "", "select")
        elif tag == "option" and self.select:
            self.form.add(self.select, a.get("value", ""), "select")
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.form is not None:
            self.form.add(self.textarea, self.text.strip("\n"), "textarea")
            self.textarea = None


# --- Crafted values ------------------------------------------------------------------------

CRAFTED = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2.5",
    "²",
    "٣",
    "१२",
    "１２",
    "1e308",
    "-1e308",
    "1e400",
    "inf",
    "-inf",
    "nan",
    "Infinity",
    str(2**31),
    str(MAX_ID),
    str(2**63),
    str(2**64),
    "9" * 400,
    "0001-01-01",
    "1899-12-31",
    "2100-01-01",
    "9999-12-31",
    "2026-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202eevil",
    "x" * (TEXT_MAX + 1),
    "é" * (LONG_TEXT_MAX + 1),
    "🙂" * 301,
]
LONG = "x" * (LONG_TEXT_MAX + 1)
CRAFTED_BY_KIND: dict[str, list[object]] = {
    "number": ["1e308", "inf", str(2**63), "-1e308", "nan", "²"],
    "date": ["0001-01-01", "9999-12-31", "2026-02-30"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T25:00"],
    "text": [LONG, "a\x00b", "²", ["1", "2"]],
    "textarea": [LONG, "a\x00b", "\u202e" * 50],
    "color": ["#zzzzzz", "x" * 100],
    "select": ["nonsense", "²", str(2**63)],
    "radio": ["nonsense", "²", "1e308"],
    "checkbox": [["on", "nonsense"], "²"],
    "hidden": [str(2**63), "²", LONG],
}
# Text without surrogates (which no browser can send), short, any script.
crafted_text = st.one_of(
    st.sampled_from(CRAFTED),
    st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats().map(repr),
)
crafted_value = st.one_of(crafted_text, st.lists(crafted_text, min_size=2, max_size=3))
QUERY_NAMES = ["standard", "student", "classroom", "unit", "who", "what", "n", "code", "next"]
EXTRA_NAMES = [
    *QUERY_NAMES,
    "level",
    "rows",
    "class-rows",
    "school-rows",
    "weight-assessment",
    "item-²",
    f"item-{2**63}",
    f"shown-{2**64}",
    "shown-٣",
]
crafted_query = st.dictionaries(
    st.one_of(st.sampled_from(QUERY_NAMES), st.text(min_size=1, max_size=8)),
    crafted_value,
    max_size=3,
)
crafted_post = st.dictionaries(
    st.one_of(st.sampled_from(EXTRA_NAMES), st.text(min_size=1, max_size=8)),
    crafted_value,
    max_size=4,
)


def shown(data: dict[str, object]) -> dict[str, object]:
    """`data` for a failure report: long texts shortened."""

    def short(value: object) -> object:
        if isinstance(value, list):
            return [short(v) for v in value]
        if isinstance(value, str) and len(value) > 60:
            return f"{value[:20]}…({len(value)} characters)"
        return value

    return {k: short(v) for k, v in data.items()}


def pick(values: list[object], n: int) -> object:
    return values[n % len(values)]


def form_values(form: FoundForm) -> st.SearchStrategy[dict[str, object]]:
    """Half the time the form as a browser posts it with one field crafted (so the post
    gets past every other check); otherwise each field one of its real values, a crafted
    value, or left out, and perhaps fields the form does not have."""
    names = sorted(form.fields)
    real = st.fixed_dictionaries({n: st.sampled_from(form.fields[n] or [""]) for n in names})
    one_crafted = st.builds(
        lambda values, name, n, value: values | {name: value or pick(form.crafted_for(name), n)},
        real,
        st.sampled_from(names or ["x"]),
        st.integers(min_value=0, max_value=5),
        st.one_of(st.none(), crafted_value),
    )
    fields = {
        name: st.one_of(
            st.sampled_from(values or [""]),
            st.sampled_from(values or [""]),
            crafted_value,
            st.none(),
        )
        for name, values in form.fields.items()
    }
    mixed = st.builds(
        lambda chosen, extra: {k: v for k, v in chosen.items() if v is not None} | extra,
        st.fixed_dictionaries(fields),
        st.one_of(st.just({}), crafted_post),
    )
    return st.one_of(one_crafted, mixed)


RANDOM = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run and machine
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)

# --- What a refusal may not write ----------------------------------------------------------

DOMAIN_APPS = ["accounts", "standards", "assessments", "evidence", "mastery"]


def snapshot() -> dict[str, str]:
    """A digest of every row of the school's data: people, classes, maps, items, attempts,
    evidence, levels. (Sessions and the sign-in throttle's tables are not the school's data:
    a refused login may count a failure there.)"""
    state = {}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.db_table.startswith("axes"):
                continue
            rows = list(model._default_manager.order_by("pk").values_list())
            state[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


ERROR_MARKERS = (b'class="error', b"error-box", b"errorlist", b"save-err")


def refused(response: HttpResponse) -> bool:
    """Whether a post was turned down: an error status, a form shown again with its errors,
    or a redirect carrying an error message."""
    if response.status_code in (400, 403, 404, 405, 409, 413, 422, 429):
        return True
    if response.status_code == 200 and any(m in response.content for m in ERROR_MARKERS):
        return True
    queued = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    return any(m.level >= message_levels.ERROR for m in getattr(queued, "_queued_messages", []))


# --- The school ----------------------------------------------------------------------------


class CraftedInputCase(BaseTestCase):
    """The shared school, plus an open sitting for Ana, a submitted one for Ben, a piece of
    teacher evidence and a class policy, so every page has something to show."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        d = cls.d
        cls.open_attempt = start_attempt(student=d.ana, standard=d.s1, classroom=d.c7a)
        cls.submitted = start_attempt(student=d.ben, standard=d.s1, classroom=d.c7a)
        submit_attempt(attempt=cls.submitted, answers={})
        # Cara's login card (only its key's hash is stored; the walk opens the real key).
        cls.card_key = d.cara.new_card_key()
        d.cara.save(update_fields=["card_key_hash"])
        cls.evidence = record_evidence(
            recorded_by=d.tomas,
            classroom=d.c7a,
            student=d.ana,
            standard=d.s1,
            kind="product",
            level=3,
            assessed_on=timezone.localdate(),
        )
        set_policy(
            classroom=d.c7a,
            standard=None,
            method="mean",
            params={},
            min_evidence=1,
            kinds=None,
            weights={"product": 2},
            by=d.tomas,
        )
        # After the score (issue 9): a resource, a peer-tutor request (and its step), a
        # practice run on bank items no form holds, a small group.
        cls.resource = add_resource(
            standard=d.s1, kind="link", title="Unit rates", url="https://example.org/", by=d.tomas
        )
        cls.pair = ask_for_tutor(classroom=d.c7a, student=d.ben, standard=d.s1)
        make_standard_items(d.s1)
        cls.practice_run = start_practice(classroom=d.c7a, student=d.ben, standard=d.s1)
        books = set_goal(
            classroom=d.c7a,
            student=d.ana,
            kind="counted",
            title="Read chapter books",
            target=10,
            deadline=timezone.localdate() + timedelta(days=20),
            by=d.ana,
        )
        cls.goal = books
        cls.check_in = record_check_in(goal=books, on=timezone.localdate())
        cls.group = form_group(
            classroom=d.c7a,
            standard=d.s1,
            student_ids=[d.ben.pk],
            meets_at=timezone.now() + timedelta(days=1),
            by=d.tomas,
        )
        # Benchmarks (issue 11): one open, drawn from the bank items no form holds, with
        # Ana's sitting started, and a mixed practice set of Ana's.
        cls.benchmark = benchmark_actions.open_benchmark(
            benchmark=benchmark_actions.create_benchmark(
                classroom=d.c7a,
                by=d.tomas,
                title="Unit test",
                standard_ids=[d.s1.pk],
                per_standard=2,
            )
        )
        cls.sitting = benchmark_actions.start_sitting(benchmark=cls.benchmark, student=d.ana)
        cls.mixed = MixedPractice.objects.create(
            classroom=d.c7a,
            student=d.ana,
            item_ids=list(cls.benchmark.benchmark_items.values_list("item_id", flat=True)),
            started_at=timezone.now(),
        )

    def real_ids(self) -> dict[str, list[Any]]:
        """The fixture's ids for each path parameter; the first is the one pages open with."""
        d = self.d
        people = [d.ana, d.ben, d.cara, d.dev, d.tomas, d.uma, d.ada, d.zed]
        return {
            "classroom_id": [d.c7a.pk, d.c7b.pk, d.c8c.pk],
            "student_id": [d.ana.pk, d.ben.pk, d.cara.pk, d.dev.pk],
            "standard_id": [d.s1.pk, d.s2.pk],
            "map_id": [
                d.grade7.pk,
                *MasteryMap.objects.exclude(pk=d.grade7.pk).values_list("pk", flat=True),
            ],
            "item_id": [i.pk for i in d.s1_items],
            "attempt_id": [self.open_attempt.pk, self.submitted.pk],
            "evidence_id": [self.evidence.pk],
            "person_id": [p.pk for p in people],
            "resource_id": [self.resource.pk],
            "pair_id": [self.pair.pk],
            "step_id": [self.pair.step_id or 0],
            "run_id": [self.practice_run.pk],
            "group_id": [self.group.pk],
            "goal_id": [self.goal.pk],
            "check_in_id": [self.check_in.pk],
            "benchmark_id": [self.benchmark.pk],
            "sitting_id": [self.sitting.pk],
            "practice_id": [self.mixed.pk],
            "form_id": [d.s1_form_a.pk, d.s1_form_b.pk],
            "unit_id": [d.unit1.pk],
            "importer_key": list(importers()),
            "exporter_key": list(EXPORTERS),
            "fmt": ["xlsx", "csv"],
            "card_key": [self.card_key],
        }

    def user(self, role: str) -> User | None:
        return {"anonymous": None, "student": self.d.ana, "teacher": self.d.tomas}.get(
            role, self.d.ada
        )

    def found_forms(self, role: str) -> list[FoundForm]:
        """The forms `role` sees on every page of the project (opened with the school's
        first ids), each once."""
        real = self.real_ids()
        d = self.d
        pages = [r.url({p: real.get(p, [1])[0] for p in r.params}) for r in project_routes()]
        c7a = d.c7a.pk
        pages += [
            f"/classes/{c7a}/station/?{urlencode({'student': d.ana.pk, 'standard': d.s1.pk})}",
            f"/classes/{c7a}/policy/?standard={d.s1.pk}",
            f"/attempts/{self.submitted.pk}/",
        ]
        # One form per view, method and fields: a roster's row forms differ only by id.
        found: dict[tuple[str, str, tuple[str, ...]], FoundForm] = {}
        client = Client()
        user = self.user(role)
        if user is not None:
            client.force_login(user)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = FormParser(page)
            parser.feed(response.content.decode())
            forms = [
                *parser.forms,
                *(
                    FoundForm(page, action, form.method, form.fields, form.kinds)
                    for form in parser.forms
                    for action in form.other_actions
                ),
            ]
            for form in forms:
                try:
                    view = resolve(urlsplit(form.action).path).view_name
                except Resolver404:
                    continue
                found.setdefault((view, form.method, tuple(sorted(form.fields))), form)
        return list(found.values())

    def exchange(self, role: str, method: str, url: str, data: dict[str, object]) -> HttpResponse:
        """One request as `role`, inside a savepoint rolled back afterwards, so each example
        starts from the same school. Fails on a server error, and on a refused post that
        changed the school's data."""
        if currently_in_test_context():  # shown with a falsifying example
            note(f"{role} {method.upper()} {url} {shown(data)!r}")
        with transaction.atomic():
            client = Client()
            user = self.user(role)
            if user is not None:
                client.force_login(user)
            before = snapshot() if method == "post" else None
            # The client raises a view's exception: Hypothesis reports it with the request.
            response = getattr(client, method)(url, data)
            self.assertLess(response.status_code, 500, f"{method.upper()} {url}")
            if before is not None and refused(response):
                self.assertEqual(
                    snapshot(),
                    before,
                    f"a refused POST {url} changed data ({response.status_code})",
                )
            transaction.set_rollback(True)
        return response


# --- The inputs the review found -----------------------------------------------------------


class HugeIdsInUrlsTests(CraftedInputCase):
    def test_every_id_in_a_url_is_an_id_converter(self) -> None:
        # `<int:…>` let 2⁶³ through to the database; `<id:…>` (lib.converters) stops it.
        # The only other kinds: a name out of a fixed list (an importer, an export and its
        # format), which the view looks up and 404s when it is not one; and a login card's
        # key, a random token the view hashes and looks up (no match: its 404 page).
        loose = [
            f"{r.name}: {m[0]}"
            for r in project_routes()
            for m in PARAM.finditer(r.template)
            if m["converter"] != "id"
            and not (m["converter"] == "slug" and m["name"] in NAMES)
            and not (m["converter"] == "card_key" and m["name"] in TOKENS)
        ]
        self.assertEqual(loose, [])

    def test_the_converter_takes_ids_and_refuses_anything_else(self) -> None:
        converter = IdConverter()
        self.assertEqual(converter.to_python("42"), 42)
        self.assertEqual(converter.to_python(str(MAX_ID)), MAX_ID)
        for raw in ("0", str(2**63), "9" * 400, "٣"):
            with self.subTest(raw=raw), self.assertRaises(ValueError):
                converter.to_python(raw)

    def test_two_to_the_63_or_more_in_any_url_is_a_404_for_everyone(self) -> None:
        for route in project_routes():
            if not route.params:
                continue
            for huge in HUGE_IDS[:1]:  # the random walk below tries the others
                # Every id huge, and each id huge beside real ones (the others must not
                # 404 first and hide the problem).
                real = {p: self.real_ids().get(p, [1])[0] for p in route.params}
                variants = [dict.fromkeys(route.params, huge)] + [
                    real | {p: huge} for p in route.params
                ]
                for role in ("anonymous", "student", "teacher", "school admin"):
                    for values in variants:
                        url = route.url(values)
                        with self.subTest(url=url, role=role):
                            for method in ("get", "post"):
                                r = self.exchange(role, method, url, {})
                                self.assertIn(r.status_code, (302, 404, 405), url)


class QueryIdTests(CraftedInputCase):
    def test_non_ascii_digits_and_huge_numbers_in_query_ids_are_ignored(self) -> None:
        d = self.d
        c7a = d.c7a.pk
        pages = [
            (f"/classes/{c7a}/policy/", "standard"),
            (f"/classes/{c7a}/", "unit"),
            (f"/classes/{c7a}/station/", "student"),
            (f"/classes/{c7a}/station/", "standard"),
            (f"/maps/{d.grade7.pk}/standards/new/", "unit"),
            (f"/evidence/{self.evidence.pk}/correct/", "classroom"),
        ]
        for url, name in pages:
            for value in ("²", "٣", "１", str(2**63), "9" * 400, "-1", "1.0", "\x00"):
                with self.subTest(url=url, name=name, value=value):
                    r = self.exchange("teacher", "get", url, {name: value})
                    self.assertEqual(r.status_code, 200)

    def test_an_answer_keyed_by_no_id_is_left_out_and_the_rest_is_saved(self) -> None:
        item = self.d.s1_items[1]  # numeric
        self.client.force_login(self.d.ana)
        url = f"/attempts/{self.open_attempt.pk}/autosave/"
        r = self.client.post(
            url,
            {
                f"shown-{item.pk}": "1",
                f"item-{item.pk}": "12\x00",
                "item-²": "x",
                f"item-{2**63}": "x",
                "shown-٣": "1",
            },
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "All answers saved")
        self.assertEqual(
            list(Response.objects.filter(attempt=self.open_attempt).values_list("answer")),
            [(["12"],)],
        )


class PolicyWeightTests(CraftedInputCase):
    def url(self) -> str:
        return f"/classes/{self.d.c7a.pk}/policy/"

    def post_weight(self, weight: str) -> HttpResponse:
        self.client.force_login(self.d.tomas)
        data = {"method": "mean", "standard": self.d.s1.pk, "min_evidence": "1"}
        return self.client.post(self.url(), data | {"weight-product": weight})

    def test_a_weight_outside_0_to_100_is_refused_with_a_message_and_nothing_saved(self) -> None:
        for weight in ("1e308", "101", "-1", "-0.5", "inf", "-inf", "nan", "1e400", "9" * 400):
            with self.subTest(weight=weight):
                r = self.post_weight(weight)
                self.assertContains(r, "A weight is a number from 0 to 100.")
        self.assertFalse(MasteryPolicy.objects.filter(standard=self.d.s1).exists())
        r = self.post_weight("100")
        self.assertEqual(r.status_code, 302)
        policy = MasteryPolicy.objects.get(standard=self.d.s1)
        self.assertEqual(policy.weights, {"product": 100.0})

    def test_the_action_refuses_them_for_every_caller(self) -> None:
        for weight in (1e308, 100.5, -1.0):
            with (
                self.subTest(weight=weight),
                self.assertRaisesMessage(ActionError, "A weight is a number from 0 to 100."),
            ):
                set_policy(
                    classroom=self.d.c7a,
                    standard=self.d.s1,
                    method="mean",
                    params={},
                    min_evidence=1,
                    kinds=None,
                    weights={"product": weight},
                    by=self.d.tomas,
                )
        self.assertFalse(MasteryPolicy.objects.filter(standard=self.d.s1).exists())

    def test_the_preview_refuses_the_same_weights(self) -> None:
        self.client.force_login(self.d.tomas)
        data = {"method": "mean", "standard": "", "min_evidence": "1", "weight-product": "1e308"}
        url = f"/classes/{self.d.c7a.pk}/policy/preview/"
        r = self.client.post(url, data, headers={"HX-Request": "true"})
        self.assertContains(r, "A weight is a number from 0 to 100.")
        self.assertNotContains(r, "would change")

    def test_a_weight_of_1e308_saved_before_the_limit_no_longer_breaks_submitting(self) -> None:
        # As an older version saved it: straight into the row, beside other bad values.
        MasteryPolicy.objects.create(
            classroom=self.d.c7a,
            standard=self.d.s1,
            method="mean",
            weights={"assessment": 1e308, "product": -1, "conference": "heavy"},
        )
        self.client.force_login(self.d.ana)
        r = self.client.post(
            f"/attempts/{self.open_attempt.pk}/submit/",
            self.post_data(self.answers_for(right=True)),
        )
        self.assertAttemptPage(r, self.open_attempt.pk)
        self.open_attempt.refresh_from_db()
        self.assertEqual(self.open_attempt.status, Attempt.Status.SUBMITTED)
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )
        # The assessment (now weighing 100) earned level 4; the product (now weighing 0) is
        # left out.
        self.assertEqual(record.level, 4)
        self.assertEqual(record.status, "mastered")
        self.assertEqual(self.client.get(f"/attempts/{self.open_attempt.pk}/").status_code, 200)
        # The teacher's pages read the same row without failing, and show what counts.
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.url(), {"standard": self.d.s1.pk})
        self.assertContains(page, 'name="weight-assessment" value="100"')
        cell = f"/classes/{self.d.c7a.pk}/students/{self.d.ana.pk}/standards/{self.d.s1.pk}/"
        self.assertEqual(self.client.get(cell).status_code, 200)
        self.assertEqual(self.client.get(f"/classes/{self.d.c7a.pk}/").status_code, 200)


class StationInputTests(CraftedInputCase):
    def post_evidence(self, **fields: object) -> HttpResponse:
        self.client.force_login(self.d.tomas)
        data = {
            "ev-student": self.d.ben.pk,
            "ev-standard": self.d.s2.pk,
            "ev-kind": "product",
            "ev-level": "3",
            "ev-assessed_on": timezone.localdate().isoformat(),
            "ev-note": "",
        }
        return self.client.post(f"/classes/{self.d.c7a.pk}/station/evidence/", data | fields)

    def post_check(self, **fields: object) -> HttpResponse:
        self.client.force_login(self.d.tomas)
        data = {
            "student": self.d.ben.pk,
            "standard": self.d.s2.pk,
            "n": "2",
            "mark-1": "right",
            "mark-2": "wrong",
            "assessed_on": timezone.localdate().isoformat(),
            "note": "",
        }
        return self.client.post(f"/classes/{self.d.c7a.pk}/station/check/", data | fields)

    def new_evidence(self) -> bool:
        return Evidence.objects.filter(student=self.d.ben, standard=self.d.s2).exists()

    def test_a_level_off_the_scale_gets_a_form_error_and_nothing_is_saved(self) -> None:
        for level in ("2.5", "0", "5", "1e308", "-1", "3.0001"):
            with self.subTest(level=level):
                r = self.post_evidence(**{"ev-level": level})
                self.assertContains(r, "Pick a level on the scale: 1, 2, 3, 4.", status_code=422)
        for level in ("inf", "nan", "²", "three"):
            with self.subTest(level=level):
                r = self.post_evidence(**{"ev-level": level})
                self.assertContains(r, "Pick a level on the scale.", status_code=422)
        self.assertFalse(self.new_evidence())
        self.assertEqual(self.post_evidence(**{"ev-level": "3.0"}).status_code, 302)
        self.assertTrue(self.new_evidence())

    def test_huge_or_non_ascii_student_and_standard_ids_get_a_form_error_or_a_404(self) -> None:
        for name in ("ev-student", "ev-standard"):
            for value in (str(2**63), "9" * 400, "²", "٣", "-1"):
                with self.subTest(name=name, value=value):
                    r = self.post_evidence(**{name: value})
                    self.assertEqual(r.status_code, 422)
        for name in ("student", "standard"):
            for value in (str(2**63), "²"):
                with self.subTest(name=name, value=value):
                    self.assertEqual(self.post_check(**{name: value}).status_code, 404)
        self.assertFalse(self.new_evidence())

    def test_implausible_dates_get_a_clear_message_and_nothing_is_saved(self) -> None:
        today = timezone.localdate()
        long_ago = date(today.year - 21, 1, 1).isoformat()
        rows = [
            ("0001-01-01", "Enter a date from"),
            ("1899-12-31", "Enter a date from"),
            (long_ago, "Enter a date from"),
            ((today + timedelta(days=1)).isoformat(), "cannot be in the future"),
            ("9999-12-31", "cannot be in the future"),
            ("2026-02-30", "Enter a date like 2026-03-14."),
            ("99999-01-01", "Enter a date like 2026-03-14."),
        ]
        for value, message in rows:
            with self.subTest(value=value):
                r = self.post_evidence(**{"ev-assessed_on": value})
                self.assertContains(r, message, status_code=422)
                r = self.post_check(assessed_on=value)
                self.assertContains(r, message, status_code=422)
        self.assertFalse(self.new_evidence())

    def test_a_correction_dated_in_year_1_is_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        url = f"/evidence/{self.evidence.pk}/correct/"
        data = {"level": "2", "assessed_on": "0001-01-01", "note": "Misread the rubric."}
        r = self.client.post(url, data)
        self.assertContains(r, "Enter a date from", status_code=422)
        self.assertFalse(Evidence.objects.filter(supersedes=self.evidence).exists())

    def test_an_over_long_note_gets_a_clear_message_and_nothing_is_saved(self) -> None:
        note_text = "x" * (TEXT_MAX + 1)
        r = self.post_evidence(**{"ev-note": note_text})
        self.assertContains(r, "at most 2000 characters", status_code=422)
        r = self.post_check(note=note_text)
        self.assertContains(r, "at most 2000 characters", status_code=422)
        self.assertFalse(self.new_evidence())


class TextAndNumberCapTests(CraftedInputCase):
    def test_over_long_texts_get_a_clear_message_and_nothing_is_saved(self) -> None:
        d = self.d
        self.client.force_login(d.tomas)
        item = {"kind": "text", "stem": "Say hi.", "points": "1", "accepted_answers": "hi"}
        standard = {
            "unit": d.unit1.pk,
            "code": "7.NEW",
            "statement": "New",
            "i_can": "I can",
            "icon": "star",
            "colour": "blue",
        }
        too_long = [
            ("/maps/", {"title": "t" * 201}, 200),
            ("/maps/", {"title": "Map", "description": "d" * (TEXT_MAX + 1)}, TEXT_MAX),
            (f"/maps/{d.grade7.pk}/standards/new/", standard | {"code": "c" * 41}, 40),
            (
                f"/maps/{d.grade7.pk}/standards/new/",
                standard | {"statement": "s" * (TEXT_MAX + 1)},
                TEXT_MAX,
            ),
            (f"/maps/{d.grade7.pk}/standards/new/", standard | {"i_can": "i" * 301}, 300),
            (f"/standards/{d.s1.pk}/items/new/", item | {"stem": "s" * 10_001}, 10_000),
            (f"/standards/{d.s1.pk}/items/new/", item | {"feedback": "f" * 10_001}, 10_000),
            (
                f"/standards/{d.s1.pk}/items/new/",
                item | {"accepted_answers": "a" * 10_001},
                10_000,
            ),
            ("/classes/", {"name": "n" * 121, "mastery_map": d.grade7.pk}, 120),
        ]
        before = snapshot()
        for url, data, limit in too_long:
            with self.subTest(url=url, fields=sorted(data)):
                r = self.client.post(url, data)
                self.assertContains(r, f"at most {limit} characters")
        self.assertEqual(snapshot(), before)

    def test_numbers_out_of_range_get_a_clear_message_and_nothing_is_saved(self) -> None:
        d = self.d
        self.client.force_login(d.tomas)
        numeric = {"kind": "numeric", "stem": "How many?", "points": "1"}
        rows = [
            (numeric | {"numeric_answer": "1e308"}, "Enter a number from -1,000,000,000,000"),
            (numeric | {"numeric_answer": "12", "tolerance": "1e308"}, "Enter a number from 0"),
            (numeric | {"numeric_answer": "inf"}, "Enter a number."),
            (numeric | {"numeric_answer": "12", "points": str(2**63)}, "less than or equal"),
        ]
        before = snapshot()
        for data, message in rows:
            with self.subTest(data=data):
                r = self.client.post(f"/standards/{d.s1.pk}/items/new/", data)
                self.assertContains(r, message)
        standard = {
            "unit": d.unit1.pk,
            "code": "7.NEW",
            "statement": "New",
            "i_can": "I can",
            "icon": "star",
            "colour": "blue",
            "position": str(2**63),
        }
        r = self.client.post(f"/maps/{d.grade7.pk}/standards/new/", standard)
        self.assertContains(r, "less than or equal to 9999")
        self.assertEqual(snapshot(), before)


# --- Random input, every page, every role --------------------------------------------------

ROLES = ["anonymous", "student", "teacher", "school admin"]


class RandomInputTests(CraftedInputCase):
    """Hypothesis posts and requests at random; see the module docstring."""

    EXAMPLES_PER_ROUTE = 2
    EXAMPLES_PER_FORM = 6

    def path_ids(self, route: Route) -> st.SearchStrategy[dict[str, object]]:
        real = self.real_ids()
        crafted_id = st.one_of(
            st.sampled_from([0, 1, 2**31, MAX_ID, *HUGE_IDS]),
            st.integers(min_value=0, max_value=2**70),
        )
        return st.fixed_dictionaries(
            {
                p: st.one_of(st.sampled_from(real[p]), crafted_id) if real.get(p) else crafted_id
                for p in route.params
            }
        )

    def run_routes(self, role: str) -> None:
        for route in project_routes():
            with self.subTest(role=role, route=route.name):
                self.random_requests(role, route)

    def random_requests(self, role: str, route: Route) -> None:
        @settings(RANDOM, max_examples=self.EXAMPLES_PER_ROUTE)
        @given(ids=self.path_ids(route), query=crafted_query, data=crafted_post)
        def requests(ids: dict[str, object], query: dict[str, object], data: dict) -> None:
            url = route.url(ids)
            self.exchange(role, "get", url, query)
            self.exchange(role, "post", url, data)

        # First, the school's own ids with every query id crafted.
        real = {p: self.real_ids().get(p, [1])[0] for p in route.params}
        for value in ("²", str(2**63)):
            crafted = dict.fromkeys(QUERY_NAMES, value)
            requests = example(ids=real, query=crafted, data=crafted)(requests)
        requests()

    def run_forms(self, role: str) -> None:
        forms = self.found_forms(role)
        if role != "anonymous":
            self.assertTrue(forms, f"{role} sees no form at all: the page walk is broken")
        for form in forms:
            with self.subTest(role=role, form=form.action, page=form.page):
                self.random_posts(role, form)

    def random_posts(self, role: str, form: FoundForm) -> None:
        action = urlsplit(form.action)

        @settings(RANDOM, max_examples=self.EXAMPLES_PER_FORM)
        @given(values=form_values(form))
        def posts(values: dict[str, object]) -> None:
            if form.method == "post":
                self.exchange(role, "post", form.action, values)
            else:
                self.exchange(role, "get", action.path, values)

        # First, every field at once given the crafted values most likely to hurt it (the
        # first of its list, then the second…): a view reading several fields must not fail
        # on any; Django validates every field even after one is refused.
        for n in range(3):
            crafted = {k: pick(form.crafted_for(k), n) for k in form.fields}
            posts = example(values=crafted)(posts)
        posts()

    def test_no_page_fails_on_random_input_from_nobody_signed_in(self) -> None:
        self.run_routes("anonymous")
        self.run_forms("anonymous")

    def test_no_page_fails_on_random_input_from_a_student(self) -> None:
        self.run_routes("student")
        self.run_forms("student")

    def test_no_page_fails_on_random_input_from_a_teacher(self) -> None:
        self.run_routes("teacher")
        self.run_forms("teacher")

    def test_no_page_fails_on_random_input_from_a_school_admin(self) -> None:
        self.run_routes("school admin")
        self.run_forms("school admin")


# A new page must not slip past the walk: if this fails, a route was added that the walk
# cannot open (it names a path parameter `real_ids` does not know); add its fixture ids.
KNOWN_PARAMS = {
    "classroom_id",
    "student_id",
    "standard_id",
    "map_id",
    "item_id",
    "attempt_id",
    "evidence_id",
    "person_id",
    "attachment_id",  # attachments are files: the walk tries crafted ids only
    "choice_id",  # a choice's picture (a file): crafted ids only
    "response_id",  # a photo of working, or scoring an answer: crafted ids only
    "resource_id",
    "pair_id",
    "step_id",
    "run_id",
    "goal_id",
    "check_in_id",
    "group_id",
    "member_id",
    "benchmark_id",
    "sitting_id",
    "practice_id",
    "form_id",
    "unit_id",
    "job_id",  # an export or import job: only its owner's (crafted ids only)
    *NAMES,
    *TOKENS,
}


class RouteWalkTests(CraftedInputCase):
    def test_the_walk_knows_every_path_parameter_and_finds_the_forms(self) -> None:
        params = {p for r in project_routes() for p in r.params}
        self.assertEqual(params - KNOWN_PARAMS, set())
        routes = {r.name for r in project_routes()}
        for name in ("workflows:attempt-submit", "mastery:policy", "workflows:station-evidence"):
            self.assertIn(name, routes)
        teacher_forms = self.found_forms("teacher")
        actions = {resolve(urlsplit(f.action).path).view_name for f in teacher_forms}
        for name in (
            "mastery:policy",
            "mastery:policy-preview",
            "mastery:scale",
            "workflows:station-check",
            "workflows:station-evidence",
            "assessments:form-create",
            "standards:unit-create",
        ):
            self.assertIn(name, actions)
        student_forms = self.found_forms("student")
        actions = {resolve(urlsplit(f.action).path).view_name for f in student_forms}
        self.assertIn("workflows:attempt-submit", actions)
