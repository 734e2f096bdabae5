"""Show the math in a real browser: a student opens it from their tracker and tries the
what-if box; a teacher previews and saves a mastery policy, then overrides a level and sees
it marked on the class grid."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masterymap.mastery.models import MasteryPolicy, MasteryRecord
from masterymap.workflows.actions import record_evidence
from tests.browser.support import SERVER_LOCK, login

pytestmark = pytest.mark.browser


@pytest.fixture
def scored(world, assessed):
    """Sam scored 4 then 2 on the standard (one-on-one checks); Jo scored 3."""
    today = timezone.localdate()
    for student, level, days_ago, note in [
        (world.student, 4, 6, "Battle the boss: all four right"),
        (world.student, 2, 2, "Mixed up the ratio's order"),
        (world.other_student, 3, 3, "Solid"),
    ]:
        record_evidence(
            recorded_by=world.teacher,
            classroom=world.classroom,
            student=student,
            standard=assessed.standard,
            kind="one_on_one",
            level=level,
            assessed_on=today - timedelta(days=days_ago),
            note=note,
        )
    return assessed


def test_a_student_shows_the_math_and_asks_what_if(world, scored, live_server, new_context) -> None:
    page = login(new_context(), live_server, "slee")
    page.get_by_role("link", name="My tracker").click()
    row = page.locator(f"#tracker-{scored.standard.pk}")
    expect(row).to_contain_text("2 · Approaching")
    expect(row).to_contain_text("Approaching: the most recently assessed of the 2 scores is 2.")
    row.get_by_role("link", name="Show the math").click()

    expect(page.get_by_role("heading", name=re.compile("Show the math"))).to_be_visible()
    rows = page.locator(".evidence-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Battle the boss: all four right")
    expect(rows.nth(1)).to_contain_text("Mixed up the ratio's order")
    expect(page.locator("#method-summary")).to_have_text("Most recent")
    expect(page.locator("#explanation")).to_have_text(
        "Approaching: the most recently assessed of the 2 scores is 2."
    )
    expect(page.get_by_role("heading", name="Override the level")).to_have_count(0)
    # The policy in a student's words, and the arithmetic, step by step.
    method = page.locator("#method")
    expect(method).to_contain_text("You need at least 1 piece of evidence before a level shows.")
    expect(method).to_contain_text("What counts: every kind of evidence")
    expect(method).not_to_contain_text("Minimum evidence")
    expect(method).not_to_contain_text("Kinds that count")
    steps = page.get_by_role("list", name="The math, step by step").get_by_role("listitem")
    expect(steps).to_have_text(
        ["Scores in the order they were assessed: 4, 2", "The level is the latest score: 2"]
    )

    # The what-if box answers in place: no page load (a marker on window survives).
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("If my next score is").select_option("3")
    result = page.locator("#what-if-result")
    expect(result).to_contain_text("If my next score is 3, my level becomes 3 · Mastered.")
    expect(result).to_contain_text("Mastered: the most recently assessed of the 3 scores is 3.")
    page.get_by_label("If my next score is").select_option("1")
    expect(result).to_contain_text("my level becomes 1 · Beginning.")
    assert page.evaluate("window.stillTheSamePage") is True
    # Asking changed nothing.
    expect(page.locator("#explanation")).to_contain_text("is 2.")


def test_a_teacher_previews_saves_a_policy_and_overrides_a_level(
    world, scored, live_server, new_context
) -> None:
    base = live_server.url
    page = login(new_context(), live_server, "arivera")
    page.goto(f"{base}/classes/{world.classroom.pk}/")
    page.get_by_role("link", name="Mastery policy").click()
    expect(page.get_by_role("heading", name=re.compile("Mastery policy"))).to_be_visible()

    # Only the chosen method's settings show.
    rate = page.locator("[data-method-params=decaying_average]")
    expect(rate).to_be_hidden()
    page.get_by_label("Decaying average").check()
    expect(rate).to_be_visible()
    page.get_by_label("Highest").check()
    expect(rate).to_be_hidden()

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#policy-preview")
    expect(preview).to_contain_text("1 student, 1 standard, would change status.")
    expect(preview.get_by_role("table", name="Whose status would change")).to_contain_text(
        "Sam Lee"
    )
    expect(preview).to_contain_text("Newly mastered")
    assert page.evaluate("window.stillTheSamePage") is True
    with SERVER_LOCK:
        assert not MasteryPolicy.objects.exists()

    page.get_by_role("button", name="Save and recompute").click()
    expect(page.locator(".flash")).to_contain_text("Saved: 1 record changed.")
    expect(page.locator("#current-policy")).to_contain_text("Highest")
    with SERVER_LOCK:
        record = MasteryRecord.objects.get(student=world.student, standard=scored.standard)
        assert (record.status, record.level) == ("mastered", 4.0)
        assert record.changes.last().why == "policy changed to highest"

    # Override Jo's level from the grid's cell.
    page.get_by_role("link", name=re.compile("7B Maths grid")).click()
    page.get_by_role("link", name="Jo Khan, 7.RP.A.1: Mastered").click()
    expect(page.locator("#explanation")).to_have_text("Mastered: the only score so far is 3.")
    override = page.locator("#override")
    override.get_by_label("Level", exact=True).select_option("4")
    override.get_by_label("Reason").fill("Explained unit rates to the class, unprompted.")
    override.get_by_role("button", name="Override", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Level set to 4 by override.")
    expect(page.locator("#level")).to_contain_text("✎ Overridden")
    expect(page.locator("#level")).to_contain_text("Explained unit rates to the class")

    page.get_by_role("link", name=re.compile("7B Maths grid")).click()
    cell = page.get_by_role("link", name=re.compile("Jo Khan, 7.RP.A.1: Mastered"))
    expect(cell).to_have_class(re.compile(r"\boverridden\b"))
    expect(cell).to_have_attribute("title", re.compile("level 4 · overridden"))
    expect(cell).to_contain_text("✎")
    with SERVER_LOCK:
        record = MasteryRecord.objects.get(student=world.other_student, standard=scored.standard)
        assert (record.override_level, record.level) == (4.0, 3.0)


def test_a_teacher_sees_the_decaying_average_worked_out(
    world, scored, live_server, new_context
) -> None:
    with SERVER_LOCK:
        MasteryPolicy.objects.create(
            classroom=world.classroom, method="decaying_average", params={"rate": 0.65}
        )
    page = login(new_context(), live_server, "arivera")
    page.goto(
        f"{live_server.url}/classes/{world.classroom.pk}/students/{world.student.pk}"
        f"/standards/{scored.standard.pk}/"
    )
    steps = page.get_by_role("list", name="The math, step by step").get_by_role("listitem")
    expect(steps).to_have_text(
        [
            "Scores in the order they were assessed: 4, 2",
            "Start with the first score: 4",
            "0.65 × 2 + 0.35 × 4 = 2.7",
        ]
    )
    expect(page.locator("#method")).to_contain_text("Minimum evidence")
