"""The answer sheet in a real browser: autosave, double submit, no keys before submit, and
one student kept out of another's attempts and tracker."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Page, expect

from masterymap.assessments import actions
from masterymap.assessments.models import Attempt, Response
from masterymap.workflows import actions as workflows
from tests.browser.conftest import open_retakes  # noqa: E402
from tests.browser.support import (
    NUMERIC_FEEDBACK,
    NUMERIC_KEY,
    SERVER_LOCK,
    SINGLE_FEEDBACK,
    SINGLE_MISCONCEPTION,
    SINGLE_RIGHT,
    TEXT_ACCEPTED,
    TEXT_FEEDBACK,
    login,
    start_attempt,
)

pytestmark = pytest.mark.browser


def autosave_of(attempt_id: int, item_id: int, value: str):
    """A predicate for page.expect_response: the autosave that carried `value` for the item."""

    def matches(response) -> bool:
        if not response.url.endswith(f"/attempts/{attempt_id}/autosave/"):
            return False
        posted = parse_qs(response.request.post_data or "")
        return value in posted.get(f"item-{item_id}", [])

    return matches


def answer_all_correctly(page: Page, assessed) -> None:
    """Answer every question of the seeded form right, and wait until the server has them."""
    attempt_id = int(re.search(r"/attempts/(\d+)/", page.url).group(1))
    page.locator(f"#q-{assessed.single.pk}").get_by_label(SINGLE_RIGHT, exact=True).check()
    page.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox").fill("4242.5")
    box = page.locator(f"#q-{assessed.text.pk}").get_by_role("textbox")
    with page.expect_response(autosave_of(attempt_id, assessed.text.pk, TEXT_ACCEPTED[0])):
        box.fill(TEXT_ACCEPTED[0])
    expect(page.locator("#save-status")).to_contain_text("saved")


def test_autosave_survives_a_reload_and_a_new_session(
    world, assessed, live_server, new_context
) -> None:
    page = login(new_context(), live_server, "slee")
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    single = page.locator(f"#q-{assessed.single.pk}")
    text_box = page.locator(f"#q-{assessed.text.pk}").get_by_role("textbox")
    expect(page.locator("#save-status")).to_contain_text("Answers save automatically")

    with page.expect_response(
        lambda r: r.url.endswith(f"/attempts/{attempt_id}/autosave/")
    ) as first:
        single.get_by_label(SINGLE_RIGHT, exact=True).check()
    assert first.value.ok
    expect(page.locator("#save-status")).to_contain_text("saved")
    with page.expect_response(autosave_of(attempt_id, assessed.text.pk, "three quarters")) as sent:
        text_box.fill("three quarters")
    assert sent.value.ok
    expect(page.locator("#save-status")).to_contain_text("saved")

    with SERVER_LOCK:
        stored = dict(Response.objects.filter(attempt_id=attempt_id).values_list("item", "answer"))
        right_choice = str(assessed.single.choices.get(is_correct=True).pk)
    assert stored[assessed.single.pk] == [right_choice]
    assert stored[assessed.text.pk] == ["three quarters"]

    # A reload: the server renders the answers back (not only the localStorage copy).
    reloaded = page.reload()
    html = reloaded.text()
    assert re.search(rf'value="{right_choice}"\s+checked', html)
    assert 'value="three quarters"' in html
    expect(single.get_by_label(SINGLE_RIGHT, exact=True)).to_be_checked()
    expect(text_box).to_have_value("three quarters")

    # Close everything; a new session (fresh context, no localStorage) picks up where it was.
    page.context.close()
    again = login(new_context(), live_server, "slee")
    card = again.locator(f"#standard-{assessed.standard.pk}")
    expect(card.locator(".badge")).to_have_text("In progress")
    card.get_by_role("button", name="Continue").click()
    expect(again).to_have_url(f"{live_server.url}/attempts/{attempt_id}/")
    assert again.evaluate("() => localStorage.length") == 0
    expect(
        again.locator(f"#q-{assessed.single.pk}").get_by_label(SINGLE_RIGHT, exact=True)
    ).to_be_checked()
    expect(again.locator(f"#q-{assessed.text.pk}").get_by_role("textbox")).to_have_value(
        "three quarters"
    )
    expect(again.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox")).to_have_value("")


def submitted_attempts(student) -> list[tuple[str, str, int | None]]:
    with SERVER_LOCK:
        return list(
            Attempt.objects.filter(student=student).values_list("form__label", "status", "points")
        )


def test_double_click_on_submit_records_one_attempt(
    world, assessed, live_server, new_context
) -> None:
    page = login(new_context(), live_server, "slee")
    start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    answer_all_correctly(page, assessed)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.url.endswith("/submit/") else None)

    page.locator("#submit-attempt").dblclick()

    expect(page.locator(".result-banner")).to_contain_text("Mastered!")
    expect(page.locator(".result-banner")).to_contain_text("3/3 · 100 %")
    expect(page.locator(".flash-error")).to_have_count(0)
    assert 1 <= len(posts) <= 2  # the page disables the button after the first
    assert submitted_attempts(world.student) == [("A", "submitted", 3)]


def test_submitting_from_two_tabs_records_one_attempt(
    world, assessed, live_server, new_context
) -> None:
    context = new_context()
    first = login(context, live_server, "slee")
    attempt_id = start_attempt(first, live_server, world.classroom.pk, assessed.standard)
    answer_all_correctly(first, assessed)
    second = context.new_page()
    second.goto(f"{live_server.url}/attempts/{attempt_id}/")
    expect(second.locator(f"#q-{assessed.text.pk}").get_by_role("textbox")).to_have_value(
        TEXT_ACCEPTED[0]
    )
    posts: list[str] = []
    context.on("request", lambda r: posts.append(r.url) if r.url.endswith("/submit/") else None)

    # Both tabs post their form without waiting for the other to finish.
    second.evaluate("() => document.getElementById('attempt-form').requestSubmit()")
    first.evaluate("() => document.getElementById('attempt-form').requestSubmit()")

    for page in (first, second):
        expect(page).to_have_url(f"{live_server.url}/attempts/{attempt_id}/")
        expect(page.locator(".result-banner")).to_contain_text("Mastered!")
        expect(page.locator(".result-banner")).to_contain_text("3/3 · 100 %")
    assert len(posts) == 2
    assert submitted_attempts(world.student) == [("A", "submitted", 3)]
    with SERVER_LOCK:
        assert Response.objects.filter(attempt_id=attempt_id).count() == 3

    # The map offers no new sitting: the standard is mastered with form A.
    first.goto(f"{live_server.url}/classes/{world.classroom.pk}/map/")
    card = first.locator(f"#standard-{assessed.standard.pk}")
    expect(card.locator(".badge")).to_have_text("Mastered")
    expect(card).to_contain_text("Last: form A · 100 % · Mastered")


KEY_MARKERS = [
    re.compile(r"\bcorrect\b", re.IGNORECASE),
    re.compile(r"is_correct|choice-correct|data-correct|✓ Right", re.IGNORECASE),
    re.compile(r"misconception", re.IGNORECASE),
    re.compile(r"feedback", re.IGNORECASE),
    re.compile(r"4242"),
]


def assert_no_keys(html: str) -> None:
    for secret in [
        SINGLE_MISCONCEPTION,
        SINGLE_FEEDBACK,
        NUMERIC_FEEDBACK,
        TEXT_FEEDBACK,
        f"{NUMERIC_KEY}",
        *TEXT_ACCEPTED,
    ]:
        assert secret not in html, f"{secret!r} is in the student's page before submission"
    for marker in KEY_MARKERS:
        assert not marker.search(html), f"{marker.pattern!r} found: {marker.search(html)}"


def test_answer_keys_never_reach_the_answer_sheet(
    world, assessed, live_server, new_context
) -> None:
    page = login(new_context(), live_server, "slee")
    bodies: list[str] = []

    def keep(response) -> None:
        redirect = 300 <= response.status < 400
        if "/static/" not in response.url and not redirect:
            bodies.append(response.text())

    page.on("response", keep)
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    expect(page.locator("fieldset.question")).to_have_count(3)

    # Every choice of a question looks the same apart from its id and its text.
    for item in (assessed.single,):
        shapes = page.locator(f"#q-{item.pk} input[type=radio]").evaluate_all(
            "els => els.map(e => e.getAttributeNames().sort().join(' '))"
        )
        assert len(shapes) == 3
        assert set(shapes) == {"name type value"}

    # An autosave answer carries no key either.
    with page.expect_response(autosave_of(attempt_id, assessed.numeric.pk, "12")):
        page.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox").fill("12")

    assert_no_keys(page.content())
    assert bodies, "no page bodies were captured"
    for body in bodies:
        assert_no_keys(body)
    assert page.evaluate("() => JSON.stringify(localStorage)").count("4242") == 0


def test_a_student_cannot_open_another_students_tracker_or_attempts(
    world, assessed, live_server, new_context
) -> None:
    sam = world.student
    open_retakes(world)  # this test is about access, not the retake rules
    with SERVER_LOCK:
        done = workflows.start_attempt(student=sam, standard=assessed.standard)
        workflows.submit_attempt(attempt=done, answers={assessed.numeric.pk: ["1"]})
        open_attempt = workflows.start_attempt(student=sam, standard=assessed.standard)
        text_b = open_attempt.form.form_items.get(item__kind="text").item_id  # form B's own
        actions.save_answers(attempt=open_attempt, answers={text_b: ["three fourths"]})
    assert (done.form_id, open_attempt.form_id) == (assessed.form_a.pk, assessed.form_b.pk)
    base = live_server.url
    cid = world.classroom.pk

    page = login(new_context(), live_server, "jkhan")
    own = page.goto(f"{base}/classes/{cid}/students/{world.other_student.pk}/tracker/")
    assert own.status == 200
    expect(page.get_by_role("heading", name="My tracker")).to_be_visible()

    for url in [
        f"/classes/{cid}/students/{sam.pk}/tracker/",
        f"/attempts/{done.pk}/",
        f"/attempts/{open_attempt.pk}/",
        f"/classes/{cid}/students/{sam.pk}/standards/{assessed.standard.pk}/",
        f"/classes/{cid}/",
    ]:
        response = page.goto(base + url)
        assert response.status == 404, url
        expect(page.locator("h1")).to_have_text("Not found")
        expect(page).to_have_title(re.compile("^Not found"))
        body = page.content()
        assert "Sam Lee" not in body and "three fourths" not in body, url

    # Nor can Jo write into Sam's open attempt from the browser.
    status = page.evaluate(
        """async ([url, field]) => {
          const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
          const body = new URLSearchParams({[field]: 'hacked', ['shown-' + field.slice(5)]: '1'});
          const r = await fetch(url, {method: 'POST', body, headers: {'X-CSRFToken': token}});
          return r.status;
        }""",
        [f"{base}/attempts/{open_attempt.pk}/autosave/", f"item-{text_b}"],
    )
    assert status == 404
    with SERVER_LOCK:
        answer = Response.objects.get(attempt=open_attempt, item_id=text_b).answer
    assert answer == ["three fourths"]
