"""Editing a map in a real browser: the teacher reorders standards by drag (reorder.js posts
the new order) and with the keyboard's Move buttons, reorders units by drag, archives a
standard and restores it, and the pages pass axe. The page's security policy holds
throughout (conftest's new_context fails the test on any violation)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from masterymap.standards.actions import create_standard, create_unit
from masterymap.standards.models import Standard, Unit
from tests.browser.support import SERVER_LOCK, login
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

TALL = {"width": 1280, "height": 1600}


def codes(page: Page, unit: Unit) -> list[str]:
    """The codes of the unit's standards as the map page lists them."""
    return page.locator(f"#unit-{unit.pk} tbody tr .std-code").all_inner_texts()


def saved_codes(unit: Unit) -> list[str]:
    with SERVER_LOCK:
        return list(unit.standards.order_by("position", "id").values_list("code", flat=True))


def no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_teacher_reorders_by_drag_and_by_keyboard_and_archives(
    world, live_server, new_context
) -> None:
    with SERVER_LOCK:
        for n in (1, 2, 3):
            create_standard(
                unit=world.unit,
                code=f"7.RP.A.{n}",
                statement=f"Ratios, part {n}.",
                i_can=f"I can do ratios, part {n}",
                icon="star",
                colour="blue",
            )
        later = create_unit(mastery_map=world.mastery_map, title="Expressions")
    # Tall enough to hold both ends of each drag: a drag that has to scroll never starts.
    page = login(new_context(viewport=TALL), live_server, "arivera")
    page.goto(f"{live_server.url}/maps/{world.mastery_map.pk}/")
    assert codes(page, world.unit) == ["7.RP.A.1", "7.RP.A.2", "7.RP.A.3"]
    no_axe_violations(page)

    # By drag: 7.RP.A.3 by its handle onto the first row; the page reloads in the saved order.
    with SERVER_LOCK:
        third = Standard.objects.get(code="7.RP.A.3")
        first = Standard.objects.get(code="7.RP.A.1")
    handle = page.locator(f"#standard-{third.pk} .drag-handle")
    expect(handle).to_be_visible()  # reorder.js shows the handles
    handle.drag_to(page.locator(f"#standard-{first.pk}"))
    expect(page.locator(".flash")).to_contain_text("New order saved.")
    assert codes(page, world.unit) == ["7.RP.A.3", "7.RP.A.1", "7.RP.A.2"]
    assert saved_codes(world.unit) == ["7.RP.A.3", "7.RP.A.1", "7.RP.A.2"]

    # By keyboard: the Move down button of 7.RP.A.3, focused and pressed with Enter.
    button = page.get_by_role("button", name="Move down 7.RP.A.3")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("7.RP.A.3 moved.")
    assert codes(page, world.unit) == ["7.RP.A.1", "7.RP.A.3", "7.RP.A.2"]
    assert saved_codes(world.unit) == ["7.RP.A.1", "7.RP.A.3", "7.RP.A.2"]
    # The page comes back at the moved row.
    assert page.url.endswith(f"#standard-{third.pk}")

    # Units by drag too: Expressions above Ratios and proportions.
    page.locator(f"#unit-{later.pk} .drag-handle").drag_to(
        page.locator(f"#unit-{world.unit.pk} h2")
    )
    expect(page.locator(".flash")).to_contain_text("New order saved.")
    expect(page.locator("#units > section h2").first).to_have_text("Expressions")
    with SERVER_LOCK:
        units = list(world.mastery_map.units.values_list("title", flat=True))
    assert units == ["Expressions", "Ratios and proportions"]

    # Archive 7.RP.A.2: off the unit's list, into the Archived standards, with a Restore button.
    page.get_by_role("button", name="Archive 7.RP.A.2").click()
    expect(page.locator(".flash")).to_contain_text("7.RP.A.2 archived")
    archived = page.locator("#archived")
    expect(archived).to_contain_text("7.RP.A.2")
    assert codes(page, world.unit) == ["7.RP.A.1", "7.RP.A.3"]
    no_axe_violations(page)
    # Its delete page explains (no work yet: it may be deleted, after a confirmation).
    archived.get_by_role("link", name="Delete… 7.RP.A.2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete 7.RP.A.2?")
    expect(page.locator("#delete-confirm")).to_contain_text("This cannot be undone.")
    no_axe_violations(page)
    page.get_by_role("link", name="Cancel").click()
    page.locator("#archived").get_by_role("button", name="Restore 7.RP.A.2").click()
    expect(page.locator(".flash")).to_contain_text("7.RP.A.2 restored, last in its unit.")
    assert codes(page, world.unit) == ["7.RP.A.1", "7.RP.A.3", "7.RP.A.2"]
    expect(page.locator("#archived")).to_have_count(0)


def test_a_refused_order_is_put_back_and_explained(world, live_server, new_context) -> None:
    with SERVER_LOCK:
        for n in (1, 2):
            create_standard(
                unit=world.unit,
                code=f"7.RP.A.{n}",
                statement=f"Ratios, part {n}.",
                i_can=f"I can do ratios, part {n}",
                icon="star",
                colour="blue",
            )
    page = login(new_context(), live_server, "arivera")
    page.goto(f"{live_server.url}/maps/{world.mastery_map.pk}/")
    # Someone adds a standard in another tab: the order this page posts is no longer whole.
    with SERVER_LOCK:
        create_standard(
            unit=world.unit,
            code="7.RP.A.9",
            statement="Added elsewhere.",
            i_can="I can",
            icon="star",
            colour="blue",
        )
        second = Standard.objects.get(code="7.RP.A.2")
        first = Standard.objects.get(code="7.RP.A.1")
    page.locator(f"#standard-{second.pk} .drag-handle").drag_to(
        page.locator(f"#standard-{first.pk}")
    )
    expect(page.locator("#reorder-status")).to_have_text(
        "That order does not list exactly the items shown: reload the page and try again."
    )
    assert codes(page, world.unit) == ["7.RP.A.1", "7.RP.A.2"]
    assert saved_codes(world.unit) == ["7.RP.A.1", "7.RP.A.2", "7.RP.A.9"]
