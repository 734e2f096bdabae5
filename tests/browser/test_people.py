"""The People page in a real browser: a school admin adds a teacher, prints the login card,
and the teacher logs in with it; deactivating the account then keeps the teacher out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from masterymap.accounts.models import User
from tests.browser.support import PASSWORD, SERVER_LOCK, login

pytestmark = pytest.mark.browser


@pytest.fixture
def school_admin(world) -> User:
    admin = User(
        username="dadmin",
        role=User.Role.SCHOOL_ADMIN,
        school=world.school,
        first_name="Dana",
        last_name="Okafor",
    )
    admin.set_password(PASSWORD)
    admin.save()
    return admin


def test_an_admin_adds_a_teacher_who_logs_in_with_the_card_until_deactivated(
    world, school_admin, live_server, new_context
) -> None:
    admin = login(new_context(), live_server, "dadmin")
    admin.goto(f"{live_server.url}/school/people/")
    expect(admin.get_by_role("heading", name="People", exact=True)).to_be_visible()
    expect(admin.locator("#people-table")).to_contain_text("Sam Lee")

    add = admin.locator("#add-teacher")
    add.get_by_label("First name").fill("Grace")
    add.get_by_label("Last name").fill("Hopper")
    add.get_by_role("button", name="Add teacher and make a login card").click()
    card = admin.locator("#login-card")
    expect(card).to_contain_text("Grace Hopper")
    expect(card.locator(".card-username")).to_have_text("grace.hopper")
    password = card.locator(".card-password").inner_text()
    assert len(password.split("-")) >= 4
    expect(admin.get_by_role("button", name="Print card")).to_be_visible()

    teacher = login(new_context(), live_server, "grace.hopper", password)
    expect(teacher.locator("header .who")).to_contain_text("Grace Hopper")

    admin.get_by_role("link", name="Back to People").click()
    admin.get_by_label("Name or username").fill("grace")
    admin.get_by_role("button", name="Show", exact=True).click()
    row = admin.locator("#people-table tbody tr")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Deactivate Grace Hopper").click()
    expect(admin.locator(".flash")).to_contain_text("Grace Hopper is deactivated")
    expect(row).to_contain_text("Deactivated")
    with SERVER_LOCK:
        assert not User.objects.get(username="grace.hopper").is_active

    # Her open session ends, and the card's password no longer lets her in.
    teacher.reload()
    expect(teacher).to_have_url(f"{live_server.url}/login/?next=/classes/")
    teacher.fill("#id_username", "grace.hopper")
    teacher.fill("#id_password", password)
    teacher.get_by_role("button", name="Log in").click()
    expect(teacher.locator(".error-box")).to_be_visible()
