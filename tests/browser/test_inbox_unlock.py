"""The teacher's one click in a real browser: a student locked out of form B by the
default rules (a day's wait and a reflection not written) shows in the grid's panel; the
teacher unlocks; the student presses "I'm ready" and form B opens. The navigation's inbox
count loads after the page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masterymap.assessments.models import Attempt
from masterymap.interventions.models import RetakeUnlock, Route, Step
from masterymap.workflows.actions import start_attempt, submit_attempt
from tests.browser.support import PHONE, SERVER_LOCK, SINGLE_WRONG, login, overflow_report

pytestmark = pytest.mark.browser


def test_the_teacher_unlocks_a_retake_from_the_grid(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    with SERVER_LOCK:
        # Sam misses form A and writes nothing about it; Jo asks for tutoring.
        attempt = start_attempt(student=world.student, standard=assessed.standard)
        wrong = assessed.single.choices.get(text=SINGLE_WRONG)
        submit_attempt(
            attempt=attempt,
            answers={
                assessed.single.pk: [str(wrong.pk)],
                assessed.numeric.pk: ["1"],
                assessed.text.pk: [""],
            },
        )
        Step.objects.create(
            classroom=world.classroom,
            student=world.other_student,
            standard=assessed.standard,
            route=Route.TEACHER,
            chosen_by=world.other_student,
            started_at=timezone.now(),
        )

    student = login(new_context(), live_server, "slee")
    card = student.locator(f"#standard-{assessed.standard.pk}")
    expect(card).to_contain_text("The next form is locked.")
    expect(card.get_by_role("button", name=re.compile("I'm ready"))).to_have_count(0)

    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/classes/{world.classroom.pk}/")
    # The inbox's count arrives after the page: Jo's request.
    nav = teacher.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Inbox 1 waiting")).to_be_visible()
    panel = teacher.locator("#waiting-panel")
    expect(panel).to_contain_text("No locked retake needs your decision.")
    panel.locator("summary").click()
    row = panel.locator(".waiting-row", has_text="Sam Lee")
    expect(row).to_contain_text("Has not written the reflection on the last try")
    expect(row).to_contain_text("Waiting until")
    row.get_by_role("button", name=re.compile("^Unlock")).click()
    expect(panel.locator(".waiting-row.unlocked")).to_contain_text("Unlocked")
    with SERVER_LOCK:
        assert RetakeUnlock.objects.get().by == world.teacher

    student.reload()
    expect(card).not_to_contain_text("The next form is locked.")
    card.get_by_role("button", name=re.compile("I'm ready")).click()
    student.wait_for_url(re.compile(r"/attempts/\d+/$"))
    opened = int(re.search(r"/attempts/(\d+)/$", student.url).group(1))
    with SERVER_LOCK:
        assert Attempt.objects.get(pk=opened).form == assessed.form_b

    # The inbox lists Jo's request for tutoring.
    nav.get_by_role("link", name=re.compile("^Inbox")).click()
    expect(teacher.get_by_role("heading", name="Inbox", exact=True)).to_be_visible()
    expect(teacher.locator("#inbox-tutoring")).to_contain_text("Jo Khan")

    # On a phone: the menu shows the inbox as ✉ and its count, and nothing scrolls sideways.
    phone = login(
        new_context(viewport=PHONE, is_mobile=True, has_touch=True), live_server, "arivera"
    )
    phone.goto(f"{base}/inbox/")
    expect(phone.get_by_role("link", name="Inbox 1 waiting")).to_be_visible()
    fits, culprits = overflow_report(phone)
    assert fits, f"inbox overflows sideways: {culprits}"
    phone.goto(f"{base}/classes/{world.classroom.pk}/")
    expect(phone.locator("#waiting-panel")).to_be_visible()
    fits, culprits = overflow_report(phone)
    assert fits, f"grid with its panel overflows sideways: {culprits}"
