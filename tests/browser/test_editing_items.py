"""Editing a form and its bank after students have sat it, in a real browser: the teacher
reorders form A by keyboard (the move buttons) and by dragging a question by its handle,
archives a question a student has answered, and the student's old result still shows it.
Then the editing pages pass axe-core and fit a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from masterymap.assessments.models import Form
from masterymap.workflows.actions import start_attempt, submit_attempt
from tests.browser.support import PHONE, SERVER_LOCK, SINGLE_RIGHT, SINGLE_STEM, login
from tests.browser.test_accessibility import axe_violations, beyond_axe, describe, overflow

pytestmark = pytest.mark.browser


def order_of(form: Form) -> list[int]:
    with SERVER_LOCK:
        return list(form.form_items.order_by("position", "id").values_list("item_id", flat=True))


def rows_on_page(page: Page) -> list[int]:
    ids = page.locator("#form-item-list > li").evaluate_all("els => els.map(e => e.dataset.itemId)")
    return [int(i) for i in ids]


def test_the_teacher_reorders_a_sat_form_and_archives_an_answered_question(
    world, assessed, live_server, new_context
) -> None:
    base, form = live_server.url, assessed.form_a
    single, numeric, text = assessed.single, assessed.numeric, assessed.text
    with SERVER_LOCK:
        # Sam has sat form A and got its choice question right.
        attempt = start_attempt(
            student=world.student, standard=assessed.standard, classroom=world.classroom
        )
        right = str(single.choices.get(text=SINGLE_RIGHT).pk)
        submit_attempt(attempt=attempt, answers={single.pk: [right]})
    assert order_of(form) == [single.pk, numeric.pk, text.pk]

    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/standards/{assessed.standard.pk}/")
    teacher.locator("#forms").get_by_role("link", name="Edit form A").click()
    expect(teacher).to_have_url(re.compile(rf"/forms/{form.pk}/$"))
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("form A")
    # The page's scripts have run (htmx, and the handles they show): the buttons swap the
    # list in place rather than reloading the page.
    teacher.wait_for_load_state("load")
    expect(teacher.locator(f"#fi-{text.pk} [data-drag-handle]")).to_be_visible()

    # By keyboard: question 1 moves down, and the keyboard stays on it.
    move = teacher.get_by_role("button", name="Move down: question 1")
    move.focus()
    teacher.keyboard.press("Enter")
    expect(teacher.locator("#order-status")).to_have_text(
        f"Question #{single.pk} is now question 2 of 3."
    )
    expect(teacher.locator(f"#move-down-{single.pk}")).to_be_focused()
    assert rows_on_page(teacher) == [numeric.pk, single.pk, text.pk]
    assert order_of(form) == [numeric.pk, single.pk, text.pk]
    # Pressed again it reaches the end, where only "Move up" is left: the keyboard goes there.
    teacher.keyboard.press("Enter")
    expect(teacher.locator("#order-status")).to_have_text(
        f"Question #{single.pk} is now question 3 of 3."
    )
    expect(teacher.locator(f"#move-up-{single.pk}")).to_be_focused()
    assert order_of(form) == [numeric.pk, text.pk, single.pk]

    # By dragging: the short-text question, by its handle, onto the first one.
    handle = teacher.locator(f"#fi-{text.pk} [data-drag-handle]")
    handle.drag_to(teacher.locator(f"#fi-{numeric.pk}"))
    expect(teacher.locator("#order-status")).to_have_text(
        f"Question #{text.pk} is now question 1 of 3."
    )
    assert rows_on_page(teacher) == [text.pk, numeric.pk, single.pk]
    assert order_of(form) == [text.pk, numeric.pk, single.pk]
    # The page says so after a reload too, and the numbers follow the order.
    teacher.reload()
    teacher.wait_for_load_state("load")
    expect(teacher.locator(f"#fi-{text.pk} h3")).to_contain_text("Question 1")
    expect(teacher.locator(f"#fi-{single.pk} h3")).to_contain_text("Question 3")

    # The answered choice question is archived from the bank: it stays on form A.
    teacher.goto(f"{base}/standards/{assessed.standard.pk}/")
    teacher.get_by_role("button", name=f"Archive #{single.pk}").click()
    expect(teacher.locator(".flash")).to_contain_text(
        "It stays on form A, which students have sat, so their attempts still show it."
    )
    archived = teacher.locator("#archived")
    expect(archived.locator(f"#item-{single.pk}")).to_contain_text(
        "Still on form A, which students have sat."
    )
    expect(archived.get_by_role("button", name=f"Restore #{single.pk}")).to_be_visible()
    expect(teacher.locator("#bank").locator(f"#item-{single.pk}")).to_have_count(0)
    # Deleting it is refused, with the reasons and the archive already done.
    teacher.goto(f"{base}/items/{single.pk}/delete/")
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("cannot be deleted")
    expect(teacher.locator(".delete-refused")).to_contain_text("Students have answered it")

    # Sam's old result still shows the question, and his right answer.
    sam = login(new_context(), live_server, "slee")
    sam.goto(f"{base}/attempts/{attempt.pk}/")
    review = sam.locator(f"#review-{single.pk}")
    expect(review).to_contain_text(SINGLE_STEM)
    expect(review).to_contain_text("Right")


def test_the_editing_pages_pass_axe_and_fit_a_phone(
    world, assessed, live_server, new_context, subtests
) -> None:
    base, form = live_server.url, assessed.form_a
    with SERVER_LOCK:
        attempt = start_attempt(
            student=world.student, standard=assessed.standard, classroom=world.classroom
        )
        submit_attempt(attempt=attempt, answers={})
    pages = {
        "form page, sat": f"/forms/{form.pk}/",
        "form page, nobody sat it": f"/forms/{assessed.form_b.pk}/",
        "blank answer sheet": f"/forms/{form.pk}/answer-sheet/",
        "delete a sat form: refused": f"/forms/{form.pk}/delete/",
        "delete a form": f"/forms/{assessed.form_b.pk}/delete/",
        "delete an answered question: refused": f"/items/{assessed.single.pk}/delete/",
    }
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        teacher = login(new_context(viewport=viewport), live_server, "arivera")
        # An archived question and an archived form on the bank page.
        teacher.goto(f"{base}/standards/{assessed.standard.pk}/")
        if viewport is PHONE:
            steps = {
                "bank with archived questions and forms": f"/standards/{assessed.standard.pk}/"
            }
        else:
            teacher.get_by_role("button", name=f"Archive #{assessed.single.pk}").click()
            teacher.goto(f"{base}/forms/{assessed.form_b.pk}/")
            teacher.get_by_role("button", name="Archive form B").first.click()
            expect(teacher.locator(".flash")).to_contain_text("Form B archived")
            steps = {"form page, archived": f"/forms/{assessed.form_b.pk}/"}
            steps["bank with archived questions and forms"] = f"/standards/{assessed.standard.pk}/"
        for name, path in {**pages, **steps}.items():
            with subtests.test(msg=f"{viewport['width']} px: {name}"):
                teacher.goto(base + path)
                violations = axe_violations(teacher) + beyond_axe(teacher)
                if violations:
                    pytest.fail(f"{teacher.url}\n{describe(violations)}", pytrace=False)
                if viewport is PHONE:
                    culprits = overflow(teacher, PHONE["width"])
                    assert not culprits, f"{teacher.url} scrolls sideways: {culprits}"
