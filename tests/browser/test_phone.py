"""A phone-sized screen: the student's map, answer sheet, result and tracker, and the
teacher's scale page, fit without scrolling sideways."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masterymap.workflows.actions import record_evidence
from tests.browser.support import PHONE, SINGLE_RIGHT, login, overflow_report, start_attempt

pytestmark = pytest.mark.browser


def test_student_pages_fit_a_phone(world, assessed, live_server, new_context) -> None:
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = login(context, live_server, "slee")
    expect(page.locator(f"#standard-{assessed.standard.pk}")).to_be_visible()
    assert page.evaluate("() => window.innerWidth") == PHONE["width"]
    fits, culprits = overflow_report(page)
    assert fits, f"student map overflows sideways: {culprits}"

    start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    expect(page.locator("fieldset.question")).to_have_count(3)
    fits, culprits = overflow_report(page)
    assert fits, f"answer sheet overflows sideways: {culprits}"

    page.locator(f"#q-{assessed.single.pk}").get_by_label(SINGLE_RIGHT, exact=True).tap()
    page.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox").fill("7")
    page.get_by_role("button", name="Submit my answers").tap()
    expect(page.locator(".result-banner")).to_contain_text("Not yet.")
    fits, culprits = overflow_report(page)
    assert fits, f"result page overflows sideways: {culprits}"


def test_the_tracker_and_the_scale_page_fit_a_phone(
    world, assessed, live_server, new_context
) -> None:
    """At 390 px the tracker stacks each standard's cells instead of squeezing three
    columns, and neither page scrolls sideways."""
    record_evidence(
        recorded_by=world.teacher,
        classroom=world.classroom,
        student=world.student,
        standard=assessed.standard,
        kind="one_on_one",
        level=3,
        assessed_on=timezone.localdate() - timedelta(days=1),
        note="Explained unit rates with a double number line",
    )
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = login(context, live_server, "slee")
    page.goto(
        f"{live_server.url}/classes/{world.classroom.pk}/students/{world.student.pk}/tracker/"
    )
    row = page.locator(f"#tracker-{assessed.standard.pk}")
    expect(row).to_contain_text("3 · Mastered")
    # The word once beside the level (the sentence under it starts with it again).
    expect(row).not_to_contain_text(re.compile(r"Mastered\s+Mastered(?!:)"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    fits, culprits = overflow_report(page)
    assert fits, f"tracker overflows sideways: {culprits}"
    # Stacked: the level sits under the standard and uses the row's whole width.
    cells = row.locator("td")
    standard_box, level_box = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert level_box["y"] >= standard_box["y"] + standard_box["height"] - 1
    assert level_box["width"] > PHONE["width"] * 0.8

    teacher = login(
        new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2),
        live_server,
        "arivera",
    )
    teacher.goto(f"{live_server.url}/classes/{world.classroom.pk}/scale/")
    expect(teacher.get_by_role("heading", name="The scale in force")).to_be_visible()
    assert teacher.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    fits, culprits = overflow_report(teacher)
    assert fits, f"scale page overflows sideways: {culprits}"


def test_on_a_phone_the_password_page_is_one_tap_from_the_foot(
    world, live_server, new_context
) -> None:
    # The top bar hides the name that links to it on a phone; the page foot carries it.
    phone = login(new_context(viewport=PHONE, is_mobile=True, has_touch=True), live_server, "slee")
    expect(phone.locator(".logout .who")).to_be_hidden()
    phone.get_by_role("link", name="Change your password").tap()
    expect(phone.get_by_role("heading", name="Change your password")).to_be_visible()
    fits, culprits = overflow_report(phone)
    assert fits, f"password page overflows sideways: {culprits}"
    desktop = login(new_context(), live_server, "jkhan")
    expect(desktop.locator(".page-foot")).to_be_hidden()
    expect(desktop.locator(".logout .who")).to_be_visible()
