"""Keyboard only: a student opens a form from their map and answers every kind of item
(single and multiple choice, numeric, short text) with Tab, Shift+Tab, Space, the arrow keys,
typing and Enter, never the mouse; every control they reach shows the focus ring; and each
"I'm ready" on the map has its own name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.assessments.models import Item
from masterymap.standards.actions import create_standard
from tests.browser.support import login

pytestmark = pytest.mark.browser

MAX_TABS = 80

# What the focused element looks like: its tag, type, name, value, text and its focus ring.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", value: el.value || "",
    id: el.id || "", text: (el.innerText || "").trim().slice(0, 60), ring: outline || shadow,
  };
}"""


def tab_until(page: Page, matches, *, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; every element passed on
    the way must show a focus ring."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["ring"], f"no visible focus indicator on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached the control by keyboard")


@pytest.fixture
def every_kind(world, assessed):
    """A second standard whose form has one item of every kind, in Item.Kind's order."""
    standard = create_standard(
        unit=world.unit,
        code="7.RP.A.2",
        statement="Recognize and represent proportional relationships.",
        i_can="I can tell whether two quantities are proportional",
        icon="circle",
        colour="green",
    )
    single = create_item(
        standard=standard,
        kind=Item.Kind.SINGLE,
        stem="Which ratio is equivalent to 2 : 3?",
        choices=[ChoiceInput("3 : 2"), ChoiceInput("4 : 5"), ChoiceInput("4 : 6", True)],
    )
    multiple = create_item(
        standard=standard,
        kind=Item.Kind.MULTIPLE,
        stem="Select every pair in the ratio 1 : 2.",
        choices=[
            ChoiceInput("2 and 4", True),
            ChoiceInput("3 and 5"),
            ChoiceInput("5 and 10", True),
        ],
    )
    numeric = create_item(
        standard=standard,
        kind=Item.Kind.NUMERIC,
        stem="3 pens cost $6. One pen costs?",
        numeric_answer=2,
    )
    text = create_item(
        standard=standard,
        kind=Item.Kind.TEXT,
        stem="Write 1/2 in words.",
        accepted_answers=["one half", "a half"],
    )
    written = create_item(
        standard=standard,
        kind=Item.Kind.OPEN,
        stem="Explain how you know 2 : 3 and 4 : 6 are the same ratio.",
        points=4,
        rubric="3: doubles both parts and says so.",
    )
    items = [single, multiple, numeric, text, written]
    assert [i.kind for i in items] == list(Item.Kind.values)
    create_form(standard=standard, item_ids=[i.pk for i in items])
    return standard, items


def test_a_student_takes_a_form_of_every_kind_with_the_keyboard_only(
    world, assessed, every_kind, live_server, new_context
) -> None:
    standard, (single, multiple, numeric, text, written) = every_kind
    page = login(new_context(), live_server, "slee")
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/map/")

    # "I'm ready" on the second standard, reached with Tab and pressed with Enter.
    tab_until(page, lambda f: f["id"] == f"ready-{standard.pk}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))

    # Single choice: Tab into the group, arrow keys move to the right choice (and pick it).
    right = str(single.choices.get(is_correct=True).pk)
    tab_until(page, lambda f: f["name"] == f"item-{single.pk}")
    for _ in range(single.choices.count()):
        focused = page.evaluate(FOCUSED)
        assert focused["ring"]
        if focused["value"] == right:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=item-{single.pk}][value='{right}']")).to_be_checked()

    # Multiple choice: Tab from box to box, Space on the right ones.
    keyed = {str(c.pk) for c in multiple.choices.filter(is_correct=True)}
    for choice in multiple.choices.all():
        tab_until(page, lambda f, pk=str(choice.pk): f["value"] == pk)
        if str(choice.pk) in keyed:
            page.keyboard.press("Space")

    # Numeric and short text: type. A Shift+Tab back and forth on the way.
    tab_until(page, lambda f: f["name"] == f"item-{numeric.pk}")
    page.keyboard.type("2")
    tab_until(page, lambda f: f["name"] == f"item-{text.pk}")
    tab_until(page, lambda f: f["name"] == f"item-{numeric.pk}", key="Shift+Tab")
    expect(page.locator(f"input[name=item-{numeric.pk}]")).to_have_value("2")
    tab_until(page, lambda f: f["name"] == f"item-{text.pk}")
    page.keyboard.type("One Half")
    # Open response: Tab into the box and write; Enter is a new line, not a submit.
    tab_until(page, lambda f: f["name"] == f"item-{written.pk}")
    page.keyboard.type("Both parts are doubled:")
    page.keyboard.press("Enter")
    page.keyboard.type("2 × 2 = 4 and 3 × 2 = 6.")
    expect(page.locator(f"textarea[name=item-{written.pk}]")).to_have_value(
        "Both parts are doubled:\n2 × 2 = 4 and 3 × 2 = 6."
    )

    for pk in keyed:
        expect(page.locator(f"input[name=item-{multiple.pk}][value='{pk}']")).to_be_checked()

    # Submit with Enter on the button.
    tab_until(page, lambda f: f["id"] == "submit-attempt")
    page.keyboard.press("Enter")
    # The written answer waits for the teacher; the other four are marked right already.
    expect(page.locator(".result-banner")).to_contain_text("Waiting for your teacher")
    expect(page.locator(".question.right")).to_have_count(4)
    expect(page.locator(f"#review-{written.pk}")).to_contain_text("Both parts are doubled")


def test_each_im_ready_button_on_the_map_has_its_own_name(
    world, assessed, every_kind, live_server, new_context
) -> None:
    standard, _items = every_kind
    page = login(new_context(), live_server, "slee")
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/map/")
    ready = page.get_by_role("button", name=re.compile("I'm ready"))
    expect(ready).to_have_count(2)
    snapshot = page.locator("main").aria_snapshot()
    names = re.findall(r'button "(I\'m ready[^"]*)"', snapshot)
    assert sorted(names) == sorted(
        [f"I'm ready {assessed.standard.code}", f"I'm ready {standard.code}"]
    ), snapshot
    for code in (assessed.standard.code, standard.code):
        expect(page.get_by_role("button", name=f"I'm ready {code}", exact=True)).to_have_count(1)
