"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's
live server, and a small school built through the app's own actions."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

# Playwright's sync API keeps an event loop in the main thread, which trips Django's
# "you cannot call this from an async context" guard on every ORM call the tests make.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, expect, sync_playwright  # noqa: E402
from pytest_django.live_server_helper import LiveServer  # noqa: E402

from masterymap.accounts.actions import (  # noqa: E402
    approve_join_requests,
    create_classroom,
    join_classroom,
)
from masterymap.accounts.models import Classroom, JoinRequest, School, User  # noqa: E402
from masterymap.assessments.actions import ChoiceInput, create_form, create_item  # noqa: E402
from masterymap.assessments.models import Form, Item  # noqa: E402
from masterymap.standards.actions import (  # noqa: E402
    create_mastery_map,
    create_standard,
    create_unit,
)
from masterymap.standards.models import MasteryMap, Standard, Unit  # noqa: E402
from tests.browser import support  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

expect.set_options(timeout=10_000)


# --- server and browser --------------------------------------------------------------------


class _OneRequestAtATime(StaticFilesHandler):
    """The live server's app, serialised by support.SERVER_LOCK (see there for why)."""

    def __call__(self, environ, start_response):
        with support.SERVER_LOCK:
            return super().__call__(environ, start_response)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest, django_db_setup) -> Iterator[LiveServer]:
    """pytest-django's live server, handling one request at a time."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _OneRequestAtATime
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Makes fresh, isolated browser contexts (one per person); closes them all afterwards.

    Every page they open is watched for Content-Security-Policy violations (and a malformed
    Permissions-Policy): the test fails if any page had one."""
    contexts: list[BrowserContext] = []
    violations: list[str] = []

    def make(**kwargs) -> BrowserContext:
        context = browser.new_context(**kwargs)
        context.set_default_timeout(10_000)
        support.watch_policy_violations(context, violations)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        support.flush_policy_reports(context)
        context.close()
    assert not violations, "The pages broke their security policy:\n" + "\n".join(
        dict.fromkeys(violations)
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- a school, built through the app's actions ---------------------------------------------


@dataclass
class World:
    school: School
    teacher: User
    student: User
    other_student: User
    mastery_map: MasteryMap
    unit: Unit
    classroom: Classroom


def make_user(username: str, role: str, school: School, first: str, last: str) -> User:
    """A user with the test password, in `school`."""
    user = User(username=username, role=role, school=school, first_name=first, last_name=last)
    user.set_password(support.PASSWORD)
    user.save()
    return user


def join_and_approve(classroom: Classroom, teacher: User, *students: User) -> None:
    """Students join with the class code and the teacher lets them in."""
    for student in students:
        join_classroom(student=student, join_code=classroom.join_code)
    waiting = JoinRequest.objects.filter(classroom=classroom).values_list("pk", flat=True)
    if waiting:
        approve_join_requests(classroom=classroom, request_ids=list(waiting), by=teacher)


@pytest.fixture
def world(transactional_db, _fast_passwords) -> World:
    """A school with a teacher, their map (one unit, no standards) and a class of two."""
    school = School.objects.create(name="Lincoln Middle School")
    teacher = make_user("arivera", User.Role.TEACHER, school, "Ana", "Rivera")
    mastery_map = create_mastery_map(author=teacher, title="Grade 7 Mathematics")
    unit = create_unit(mastery_map=mastery_map, title="Ratios and proportions")
    classroom = create_classroom(teacher=teacher, name="7B Maths", mastery_map=mastery_map)
    student = make_user("slee", User.Role.STUDENT, school, "Sam", "Lee")
    other = make_user("jkhan", User.Role.STUDENT, school, "Jo", "Khan")
    join_and_approve(classroom, teacher, student, other)
    return World(school, teacher, student, other, mastery_map, unit, classroom)


@dataclass
class Assessed:
    standard: Standard
    single: Item
    numeric: Item
    text: Item
    form_a: Form
    form_b: Form


def _three_items(standard: Standard) -> tuple[Item, Item, Item]:
    """The seeded single-choice, numeric and short-text items (support's stems and keys)."""
    single = create_item(
        standard=standard,
        kind=Item.Kind.SINGLE,
        stem=support.SINGLE_STEM,
        feedback=support.SINGLE_FEEDBACK,
        choices=[
            ChoiceInput(support.SINGLE_WRONG, misconception=support.SINGLE_MISCONCEPTION),
            ChoiceInput(support.SINGLE_RIGHT, is_correct=True),
            ChoiceInput(support.SINGLE_OTHER),
        ],
    )
    numeric = create_item(
        standard=standard,
        kind=Item.Kind.NUMERIC,
        stem=support.NUMERIC_STEM,
        feedback=support.NUMERIC_FEEDBACK,
        numeric_answer=support.NUMERIC_KEY,
        tolerance=0.25,
    )
    text = create_item(
        standard=standard,
        kind=Item.Kind.TEXT,
        stem=support.TEXT_STEM,
        feedback=support.TEXT_FEEDBACK,
        accepted_answers=support.TEXT_ACCEPTED,
    )
    return single, numeric, text


@pytest.fixture
def assessed(world: World) -> Assessed:
    """A standard with three items (single choice, numeric, short text) and forms A and B."""
    standard = create_standard(
        unit=world.unit,
        code="7.RP.A.1",
        statement="Compute unit rates associated with ratios of fractions.",
        i_can="I can find unit rates",
        icon="heart",
        colour="teal",
    )
    single, numeric, text = _three_items(standard)
    form_a = create_form(standard=standard, item_ids=[single.pk, numeric.pk, text.pk])
    # Parallel forms share no question: form B has its own three, written alike, in reverse.
    form_b = create_form(
        standard=standard, item_ids=[i.pk for i in reversed(_three_items(standard))]
    )
    return Assessed(standard, single, numeric, text, form_a, form_b)


def open_retakes(world: World) -> None:
    """No wait and no look-back before a retake, for tests about something else than the
    retake rules (the default rules hold the next form until tomorrow)."""
    from masterymap.mastery.actions import set_retake_rules
    from masterymap.mastery.retake import RetakeRules

    set_retake_rules(
        classroom=world.classroom,
        standard=None,
        rules=RetakeRules(cool_down_days=0, reflection_required=False),
        by=world.teacher,
    )
