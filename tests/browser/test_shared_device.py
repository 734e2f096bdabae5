"""Classroom devices are shared. The copy of a student's answers that attempt.js keeps in the
browser for autosave ("attempt-<id>" in localStorage) is gone once they submit (from any
tab) and once they log out, and nothing of one student's work is readable by the next
person on that browser: not in storage, not behind the Back button."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_retakes  # noqa: E402
from tests.browser.support import PASSWORD, SINGLE_RIGHT, TEXT_ACCEPTED, login, start_attempt

pytestmark = pytest.mark.browser

ATTEMPT_KEYS = "() => Object.keys(localStorage).filter((key) => key.startsWith('attempt-'))"
ANSWER = TEXT_ACCEPTED[0]
NO_ATTEMPT_KEYS = f"() => ({ATTEMPT_KEYS})().length === 0"


def copies_forgotten(page) -> bool:  # type: ignore[no-untyped-def]
    """Whether the page's deferred scripts have forgotten every attempt copy: they run once
    the whole page is parsed, which a long result page makes later than its banner."""
    page.wait_for_function(NO_ATTEMPT_KEYS, timeout=10_000)
    return page.evaluate(ATTEMPT_KEYS) == []


def type_answers(page: Page, assessed, attempt_id: int) -> None:
    """Answer two questions; wait until the device keeps a copy and the server has them."""
    page.locator(f"#q-{assessed.single.pk}").get_by_label(SINGLE_RIGHT, exact=True).check()
    page.locator(f"#q-{assessed.text.pk}").get_by_role("textbox").fill(ANSWER)
    page.wait_for_function(
        "([id, text]) => (localStorage.getItem('attempt-' + id) || '').includes(text)",
        arg=[attempt_id, ANSWER],
    )
    expect(page.locator("#save-status")).to_contain_text("saved")
    assert ANSWER in page.evaluate(f"() => localStorage.getItem('attempt-{attempt_id}')")


def test_the_next_student_on_the_browser_finds_nothing_of_the_last_ones_answers(
    world, assessed, live_server, new_context
) -> None:
    context = new_context()
    page = login(context, live_server, "slee")
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    type_answers(page, assessed, attempt_id)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/login/")
    assert page.evaluate(ATTEMPT_KEYS) == []

    # Back: the answer sheet is not in the cache; the server now sends the login page.
    page.go_back()
    expect(page.get_by_role("heading", name="Log in to Mastery Map")).to_be_visible()
    assert ANSWER not in page.content()

    page.fill("#id_username", "jkhan")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.evaluate(ATTEMPT_KEYS) == []
    assert page.evaluate("() => JSON.stringify(localStorage)").count(ANSWER) == 0


def test_a_session_left_to_end_leaves_nothing_for_the_next_student(
    world, assessed, live_server, new_context
) -> None:
    # The student walks away without logging out; their session ends (idle time). Whoever
    # comes next starts on the login page, which forgets what the device kept.
    context = new_context()
    page = login(context, live_server, "slee")
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    type_answers(page, assessed, attempt_id)
    context.clear_cookies()

    page.reload()
    expect(page).to_have_url(f"{live_server.url}/login/?next=/attempts/{attempt_id}/")
    assert page.evaluate(ATTEMPT_KEYS) == []
    assert ANSWER not in page.content()


def test_submitting_forgets_the_copy_on_the_device(
    world, assessed, live_server, new_context
) -> None:
    open_retakes(world)  # this test is about the copy on the device, not the rules
    page = login(new_context(), live_server, "slee")
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    type_answers(page, assessed, attempt_id)

    page.locator("#submit-attempt").click()
    expect(page.locator(".result-banner")).to_be_visible()
    assert copies_forgotten(page)


def test_a_tab_left_open_forgets_its_copy_once_the_attempt_is_submitted_elsewhere(
    world, assessed, live_server, new_context
) -> None:
    context = new_context()
    first = login(context, live_server, "slee")
    attempt_id = start_attempt(first, live_server, world.classroom.pk, assessed.standard)
    second = context.new_page()
    second.goto(f"{live_server.url}/attempts/{attempt_id}/")
    type_answers(first, assessed, attempt_id)
    first.locator("#submit-attempt").click()
    expect(first.locator(".result-banner")).to_be_visible()
    assert copies_forgotten(first)

    # The stale tab types on: the server refuses ("already submitted") and the copy it
    # had started to keep again is dropped for good.
    box = second.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox")
    box.fill("12")
    expect(second.locator("#save-status")).to_contain_text("already submitted")
    box.fill("13")
    expect(second.locator("#save-status")).to_contain_text("already submitted")
    assert second.evaluate(ATTEMPT_KEYS) == []
