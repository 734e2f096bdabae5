"""A phone-sized screen: the student's map, answer sheet and result fit without scrolling
sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

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
