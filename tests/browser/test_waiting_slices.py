"""A long list of locked retakes in a real browser: the grid's panel shows the first rows
(`ROWS_SHOWN`, one here), "Show 1 more" brings the next in place of the button, and the
focus moves to the first of them, so a keyboard or screen reader user goes on reading
where the list goes on. The panel passes axe-core before and after, at a phone's width."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from masterymap.workflows import actions as workflows
from tests.browser.support import PHONE, SERVER_LOCK, login
from tests.browser.test_accessibility import AXE, axe_violations, describe, overflow

pytestmark = pytest.mark.browser


def test_show_more_brings_the_next_rows_and_the_focus(
    world, assessed, live_server, new_context, monkeypatch
) -> None:
    grid = live_server.url + reverse("mastery:grid", args=[world.classroom.pk])
    # The URLs first (they register the id converter the views module's routes use).
    monkeypatch.setattr("masterymap.interventions.views.inbox.ROWS_SHOWN", 1)
    with SERVER_LOCK:
        # Both miss form A under the default rules: each waits a day and owes a reflection.
        for student in (world.student, world.other_student):
            attempt = workflows.start_attempt(student=student, standard=assessed.standard)
            workflows.submit_attempt(attempt=attempt, answers={})

    teacher = login(new_context(viewport=PHONE), live_server, "arivera")
    teacher.goto(grid)
    panel = teacher.locator("#waiting-panel")
    panel.locator("summary").click()
    expect(panel.locator("summary")).to_contain_text("2 other locked retakes")
    rows = panel.locator(".waiting-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jo Khan")  # by family name: Khan before Lee
    expect(panel).to_contain_text("1 more not shown yet")
    assert AXE.exists(), "run `make setup-dev` (npm ci in tests/browser)"
    violations = axe_violations(teacher)
    assert not violations, describe(violations)
    assert not overflow(teacher, PHONE["width"]), overflow(teacher, PHONE["width"])

    panel.get_by_role("button", name="Show 1 more").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("Sam Lee")
    expect(rows.nth(1).get_by_role("link", name="Sam Lee")).to_be_focused()
    expect(panel.get_by_role("button", name="Show 1 more")).to_have_count(0)
    expect(panel).not_to_contain_text("not shown yet")
    violations = axe_violations(teacher)
    assert not violations, describe(violations)
    assert not overflow(teacher, PHONE["width"]), overflow(teacher, PHONE["width"])
