"""Logging in with the login card in a real browser: a teacher prints new login cards, a
student opens the card's link on another device, presses the button and lands on their
map; on a shared device the last person is logged out first; a reprinted card's old link
no longer works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import login

pytestmark = pytest.mark.browser


def test_a_student_logs_in_with_the_link_on_a_printed_card(world, live_server, new_context) -> None:
    base = live_server.url
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/classes/{world.classroom.pk}/roster/")
    teacher.locator(f"#pick-{world.student.pk}").check()
    teacher.get_by_role(
        "button", name="Reset passwords and print new login cards for ticked students"
    ).click()
    card = teacher.locator(".login-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Sam Lee")
    expect(card.get_by_role("img", name="QR code to log in as Sam Lee")).to_be_visible()
    link = card.locator(".card-link a").get_attribute("href")
    assert link is not None and link.startswith(f"{base}/card/")

    # A fresh device: the link asks first, and the button logs Sam in.
    student = new_context().new_page()
    student.goto(link)
    expect(student.get_by_role("heading", name="Log in as Sam?")).to_be_visible()
    expect(student.locator("header .who")).to_have_count(0)
    student.get_by_role("button", name="Yes, log in as Sam").click()
    expect(student).to_have_url(f"{base}/classes/{world.classroom.pk}/map/")
    expect(student.locator("header .who")).to_contain_text("Sam Lee")

    # A shared device where Jo is still logged in: she is logged out, and Sam is in.
    shared = login(new_context(), live_server, "jkhan")
    expect(shared.locator("header .who")).to_contain_text("Jo Khan")
    shared.goto(link)
    expect(shared.locator("#card-switch")).to_contain_text("Jo Khan")
    shared.get_by_role("button", name="Yes, log in as Sam").click()
    expect(shared.locator("header .who")).to_contain_text("Sam Lee")

    # A new card for Sam: the old link stops working.
    teacher.goto(f"{base}/classes/{world.classroom.pk}/roster/")
    teacher.locator(f"#pick-{world.student.pk}").check()
    teacher.get_by_role(
        "button", name="Reset passwords and print new login cards for ticked students"
    ).click()
    new_link = teacher.locator(".login-card .card-link a").get_attribute("href")
    assert new_link not in (None, link)
    lost = new_context().new_page()
    response = lost.goto(link)
    assert response is not None and response.status == 404
    expect(lost.get_by_role("heading", name="This login card no longer works")).to_be_visible()
    expect(lost.get_by_role("button", name="Yes, log in as Sam")).to_have_count(0)
