"""The Django admin (the IT person's tool) keeps working under the app's Content-Security-
Policy: its pages load their own scripts, and its widgets (calendar, two-box picker, inline
rows, sidebar filter) run without one violation (conftest's new_context fails the test on
any)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from masterymap.accounts.models import User
from tests.browser.support import PASSWORD, SERVER_LOCK

pytestmark = pytest.mark.browser


def test_the_admin_works_under_the_content_security_policy(
    world, assessed, live_server, new_context
) -> None:
    with SERVER_LOCK:
        User.objects.create_superuser(username="it", password=PASSWORD, email="it@example.org")
    page = new_context().new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "it")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()

    # The sidebar's filter box (nav_sidebar.js).
    page.goto(f"{live_server.url}/admin/accounts/user/")
    page.locator("#nav-filter").fill("class")
    expect(page.locator("#nav-sidebar").get_by_role("link", name="Classrooms")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("slee")

    # A user: date and time widgets with their calendar (DateTimeShortcuts.js).
    page.goto(f"{live_server.url}/admin/accounts/user/{world.student.pk}/change/")
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.locator("#calendarbox0").get_by_role("link", name="Today").click()
    expect(page.locator("#id_date_joined_0")).not_to_have_value("")

    # A class: the two-box teacher picker (SelectFilter2.js) and its inline rows (inlines.js).
    page.goto(f"{live_server.url}/admin/accounts/classroom/{world.classroom.pk}/change/")
    expect(page.locator("#id_teachers_from")).to_be_visible()
    page.locator("#id_teachers_add_all").click()
    expect(page.locator("#id_teachers_to option")).not_to_have_count(0)
    page.goto(f"{live_server.url}/admin/assessments/item/{assessed.single.pk}/change/")
    rows = page.locator("#choices-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#choices-group .add-row a").click()
    expect(rows).to_have_count(before + 1)

    # The delete confirmation (actions.js) for the chosen rows.
    page.goto(f"{live_server.url}/admin/accounts/school/")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "delete_selected")
    page.locator("button[name=index]").click()
    crumbs = page.get_by_role("navigation", name="Breadcrumbs")
    expect(crumbs).to_contain_text("Delete multiple objects")
