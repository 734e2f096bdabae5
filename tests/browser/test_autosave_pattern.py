"""What the answer sheet sends while a student works, typed as a person types: the request
pattern the benchmark's virtual student copies (bench/load.py), and the promise it keeps.

One autosave per answered question, carrying that question only: a choice saves when it
is picked; typed words save once the student pauses or leaves the box, never twice for the
same words. Nothing else is sent until Submit. From the map to the result, the browser's
requests are exactly the benchmark's virtual student's (bench/load.py, FORM_REQUESTS)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Page, expect

from masterymap.assessments.models import Attempt, Response
from tests.browser.support import (
    NUMERIC_KEY,
    SERVER_LOCK,
    SINGLE_RIGHT,
    TEXT_ACCEPTED,
    login,
    start_attempt,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from load import form_requests  # noqa: E402

pytestmark = pytest.mark.browser


def record_requests(page: Page) -> list[tuple[str, str, dict[str, list[str]]]]:
    """Every request the page makes to the app (not static files), as (method, path, form)."""
    seen: list[tuple[str, str, dict[str, list[str]]]] = []

    def on_request(request) -> None:
        path = re.sub(r"^https?://[^/]+", "", request.url)
        if path.startswith("/static/"):
            return
        seen.append((request.method, path, parse_qs(request.post_data or "")))

    page.on("request", on_request)
    return seen


def answered_items(form: dict[str, list[str]]) -> set[str]:
    return {k for k in form if k.startswith(("item-", "shown-"))}


def test_one_autosave_per_answered_question_carrying_only_that_question(
    world, assessed, live_server, new_context
) -> None:
    page = login(new_context(), live_server, "slee")
    sent = record_requests(page)
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    # The map, then "I'm ready", answered with the sheet itself (no redirect to follow).
    assert [(m, p) for m, p, _ in sent] == form_requests(
        classroom=world.classroom.pk, standard=assessed.standard.pk, attempt=attempt_id, answered=0
    )[:2]
    autosave = f"/attempts/{attempt_id}/autosave/"
    single, numeric, text = assessed.single.pk, assessed.numeric.pk, assessed.text.pk

    def saved(count: int) -> None:
        expect(page.locator("#save-status")).to_contain_text("saved")
        page.wait_for_load_state("networkidle")
        assert len([r for r in sent if r[1] == autosave]) == count, sent

    # A choice: one click, one save.
    page.locator(f"#q-{single}").get_by_label(SINGLE_RIGHT, exact=True).check()
    saved(1)
    # Typed like a person (a key every 120 ms), then Tab to the next box: the pause after
    # typing saves once; leaving the box with the same words sends nothing more.
    page.locator(f"#q-{numeric}").get_by_role("textbox").press_sequentially(
        str(NUMERIC_KEY), delay=120
    )
    page.keyboard.press("Tab")
    page.wait_for_timeout(1200)
    saved(2)
    box = page.locator(f"#q-{text}").get_by_role("textbox")
    box.press_sequentially(TEXT_ACCEPTED[0], delay=120)
    page.wait_for_timeout(1200)
    box.blur()
    saved(3)

    saves = [form for method, path, form in sent if path == autosave]
    assert all(method == "POST" for method, path, _ in sent if path == autosave)
    assert [answered_items(form) for form in saves] == [
        {f"item-{single}", f"shown-{single}"},
        {f"item-{numeric}", f"shown-{numeric}"},
        {f"item-{text}", f"shown-{text}"},
    ]
    assert saves[1][f"item-{numeric}"] == [str(NUMERIC_KEY)]
    assert saves[2][f"item-{text}"] == [TEXT_ACCEPTED[0]]
    # Nothing but autosaves went to the server while the student worked.
    assert {path for _, path, _ in sent[2:]} == {autosave}

    with SERVER_LOCK:
        stored = dict(Response.objects.filter(attempt_id=attempt_id).values_list("item", "answer"))
    assert stored[numeric] == [str(NUMERIC_KEY)]
    assert stored[text] == [TEXT_ACCEPTED[0]]

    # Submit posts the whole sheet, so what the server scores never depends on the saves.
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_url(re.compile(rf"/attempts/{attempt_id}/$"))
    submit = [form for method, path, form in sent if path.endswith("/submit/")]
    assert len(submit) == 1
    assert answered_items(submit[0]) >= {f"item-{i}" for i in (single, numeric, text)}
    with SERVER_LOCK:
        assert Attempt.objects.get(pk=attempt_id).points == 3
    # Submit is answered with the result itself, and the result asks for nothing more:
    # from the map to the result, request for request, what the bench's student sends.
    expect(page.locator(".result-banner")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert [(m, p) for m, p, _ in sent] == form_requests(
        classroom=world.classroom.pk, standard=assessed.standard.pk, attempt=attempt_id, answered=3
    )


def test_a_save_that_failed_is_sent_again_with_the_next_one(
    world, assessed, live_server, new_context
) -> None:
    """Offline for one answer: it is sent again once the connection is back (the browser's
    "online" event, or the next answer, whichever comes first), and nothing is lost."""
    page = login(new_context(), live_server, "slee")
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    sent = record_requests(page)
    autosave = f"/attempts/{attempt_id}/autosave/"
    single, numeric = assessed.single.pk, assessed.numeric.pk

    page.context.set_offline(True)
    page.locator(f"#q-{single}").get_by_label(SINGLE_RIGHT, exact=True).check()
    expect(page.locator("#save-status")).to_contain_text("Offline")
    back_online = len(sent)
    page.context.set_offline(False)
    page.locator(f"#q-{numeric}").get_by_role("textbox").fill(str(NUMERIC_KEY))
    page.keyboard.press("Tab")
    expect(page.locator("#save-status")).to_contain_text("saved")
    page.wait_for_load_state("networkidle")

    resent = [form for _, path, form in sent[back_online:] if path == autosave]
    assert any(f"item-{single}" in form for form in resent), resent
    assert any(f"item-{numeric}" in form for form in resent), resent
    with SERVER_LOCK:
        stored = dict(Response.objects.filter(attempt_id=attempt_id).values_list("item", "answer"))
        right = str(assessed.single.choices.get(is_correct=True).pk)
    assert stored[single] == [right]
    assert stored[numeric] == [str(NUMERIC_KEY)]


def test_words_typed_just_before_leaving_the_page_still_reach_the_server(
    world, assessed, live_server, new_context
) -> None:
    """Typed, then straight to another page before the 800 ms pause: the page sends what
    the server does not have as it goes (a beacon), so another device finds it."""
    page = login(new_context(), live_server, "slee")
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    page.locator(f"#q-{assessed.text.pk}").get_by_role("textbox").press_sequentially(
        "three fourths", delay=20
    )
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/map/")

    def stored() -> dict[int, list[str]]:
        with SERVER_LOCK:
            return dict(
                Response.objects.filter(attempt_id=attempt_id).values_list("item", "answer")
            )

    for _ in range(50):  # the beacon is delivered after the page has gone
        if stored().get(assessed.text.pk):
            break
        page.wait_for_timeout(100)
    assert stored()[assessed.text.pk] == ["three fourths"]
