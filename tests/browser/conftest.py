"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's
live server, plus a small school built through the app's own actions."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

# Playwright's sync API keeps an event loop in the main thread, which trips Django's
# "you cannot call this from an async context" guard on every ORM call made by the tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright  # noqa: E402

from masterymap.accounts.actions import create_classroom, join_classroom  # noqa: E402
from masterymap.accounts.models import Classroom, School, User  # noqa: E402
from masterymap.assessments.actions import ChoiceInput, create_form, create_item  # noqa: E402
from masterymap.assessments.models import Form, Item  # noqa: E402
from masterymap.standards.actions import (  # noqa: E402
    create_mastery_map,
    create_standard,
    create_unit,
)
from masterymap.standards.models import MasteryMap, Standard, Unit  # noqa: E402

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
PASSWORD = "pw-Mastery-2024"
PHONE = {"width": 390, "height": 844}

expect.set_options(timeout=10_000)


# --- browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator:
    """Factory for fresh, isolated browser contexts (one per person); all closed at the end."""
    contexts: list[BrowserContext] = []

    def make(**kwargs) -> BrowserContext:
        context = browser.new_context(**kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context) -> BrowserContext:
    return new_context()


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(context: BrowserContext, live_server, username: str, password: str = PASSWORD) -> Page:
    """Log in through the login page; returns the page, left on wherever login lands."""
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def no_horizontal_overflow(page: Page) -> tuple[bool, list[str]]:
    """(fits, culprits): whether the page fits the viewport width, and what sticks out."""
    return page.evaluate(
        """() => {
          const fits = document.documentElement.scrollWidth <= window.innerWidth + 1;
          const culprits = [];
          if (!fits) {
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > window.innerWidth + 1) {
                culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                  (el.className && typeof el.className === 'string' ? '.' +
                  el.className.trim().split(/\\s+/).join('.') : '') + ' right=' +
                  Math.round(r.right));
              }
              if (culprits.length >= 15) break;
            }
          }
          return [fits, culprits];
        }"""
    )


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
    user = User(username=username, role=role, school=school, first_name=first, last_name=last)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(transactional_db) -> World:
    school = School.objects.create(name="Lincoln Middle School")
    teacher = make_user("arivera", User.Role.TEACHER, school, "Ana", "Rivera")
    mastery_map = create_mastery_map(author=teacher, title="Grade 7 Mathematics")
    unit = create_unit(mastery_map=mastery_map, title="Ratios and proportions")
    classroom = create_classroom(teacher=teacher, name="7B Maths", mastery_map=mastery_map)
    student = make_user("slee", User.Role.STUDENT, school, "Sam", "Lee")
    join_classroom(student=student, join_code=classroom.join_code)
    other = make_user("jkhan", User.Role.STUDENT, school, "Jo", "Khan")
    join_classroom(student=other, join_code=classroom.join_code)
    return World(school, teacher, student, other, mastery_map, unit, classroom)


# Keys and feedback of the seeded items. None of these strings may appear in a student's
# answer sheet before they submit.
SINGLE_STEM = "Which fraction is equivalent to 0.5?"
SINGLE_RIGHT = "2/4"
SINGLE_WRONG = "5/10 of a whole plus 1"
SINGLE_MISCONCEPTION = "Misreads the decimal point as a fraction bar"
SINGLE_FEEDBACK = "Halve the denominator to check: two fourths is one half."
NUMERIC_STEM = "A train covers 8485 km in 2 hours. How many km does it cover per hour?"
NUMERIC_KEY = 4242.5
NUMERIC_FEEDBACK = "Divide the distance by the time taken."
TEXT_STEM = "Write the ratio 3 : 4 as a fraction in words."
TEXT_ACCEPTED = ["three quarters", "three fourths"]
TEXT_FEEDBACK = "The first number is the numerator, the second the denominator."


@dataclass
class Assessed:
    standard: Standard
    single: Item
    numeric: Item
    text: Item
    form_a: Form
    form_b: Form


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
    single = create_item(
        standard=standard,
        kind=Item.Kind.SINGLE,
        stem=SINGLE_STEM,
        feedback=SINGLE_FEEDBACK,
        choices=[
            ChoiceInput("1/5", misconception=SINGLE_MISCONCEPTION),
            ChoiceInput(SINGLE_RIGHT, is_correct=True),
            ChoiceInput(SINGLE_WRONG),
        ],
    )
    numeric = create_item(
        standard=standard,
        kind=Item.Kind.NUMERIC,
        stem=NUMERIC_STEM,
        feedback=NUMERIC_FEEDBACK,
        numeric_answer=NUMERIC_KEY,
        tolerance=0.25,
    )
    text = create_item(
        standard=standard,
        kind=Item.Kind.TEXT,
        stem=TEXT_STEM,
        feedback=TEXT_FEEDBACK,
        accepted_answers=TEXT_ACCEPTED,
    )
    ids = [single.pk, numeric.pk, text.pk]
    form_a = create_form(standard=standard, item_ids=ids)
    form_b = create_form(standard=standard, item_ids=list(reversed(ids)))
    return Assessed(standard, single, numeric, text, form_a, form_b)


def start_attempt_in_browser(page: Page, live_server, world: World, standard: Standard) -> int:
    """From the student's map, press "I'm ready" on `standard`; returns the attempt id."""
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/map/")
    card = page.locator(f"#standard-{standard.pk}")
    card.get_by_role("button", name=re.compile(r"I'm ready|Continue")).click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    return int(re.search(r"/attempts/(\d+)/$", page.url).group(1))
