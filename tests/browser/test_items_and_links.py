"""Issue 12 so far, in a real browser: the teacher writes an item with a fraction in LaTeX
and draws form C from the bank, then prints the sheet of QR codes; a student opens the standard
from its link (signing in on the way), takes form C and sees the fraction drawn as math."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masterymap.workflows.actions import start_attempt, submit_attempt
from tests.browser.conftest import open_retakes
from tests.browser.support import PASSWORD, SERVER_LOCK, login

pytestmark = pytest.mark.browser

STEM = r"What is $\frac{3}{4}$ of 8?"


def test_a_math_item_on_form_c_reached_from_its_qr_link(
    world, assessed, live_server, new_context
) -> None:
    base, c, s = live_server.url, world.classroom.pk, assessed.standard.pk
    with SERVER_LOCK:
        open_retakes(world)
        # Sam has sat forms A and B already: his next form is C.
        for _form in "AB":
            attempt = start_attempt(
                student=world.student, standard=assessed.standard, classroom=world.classroom
            )
            submit_attempt(attempt=attempt, answers={})

    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/standards/{s}/")
    teacher.get_by_role("link", name="Write an item").click()
    teacher.check("input[name=kind][value=single]")
    teacher.fill("#id_stem", STEM)
    teacher.fill("#id_choice_1_text", "6")
    teacher.check("#id_choice_1_correct")
    teacher.fill("#id_choice_2_text", "$\\frac{3}{32}$")
    teacher.fill("#id_choice_3_text", "4")
    teacher.get_by_role("button", name="Add to bank").click()
    expect(teacher.locator(".flash")).to_contain_text("Item added to the bank.")
    new_item = teacher.locator("#bank .question").filter(has_text="of 8?")
    expect(new_item.locator("math mfrac").first).to_be_attached()
    # Form C is drawn from the bank: the only question on no form yet is the new one.
    generate = teacher.locator("form.generate-form")
    generate.get_by_label("Shuffle the questions").check()
    generate.get_by_role("button", name="Draw form C").click()
    expect(teacher.locator(".flash")).to_contain_text("Form C drawn from the bank")
    expect(teacher.locator("#forms")).to_contain_text("Form C · 1 item · mastery at 80 %")

    teacher.goto(f"{base}/classes/{c}/")
    teacher.get_by_role("link", name="Links and QR codes").click()
    expect(teacher.locator("svg.qr")).to_have_count(2)  # the map, and its one standard
    link = teacher.locator(".qr-url a").nth(1).get_attribute("href")
    assert link and link.endswith(f"/r/{c}/{s}/")

    # Sam scans it on a shared tablet: sign in, then straight to the standard's card.
    sam = new_context().new_page()
    sam.goto(link)
    expect(sam).to_have_url(re.compile(r"/login/"))
    sam.fill("#id_username", "slee")
    sam.fill("#id_password", PASSWORD)
    sam.locator("main button[type=submit]").click()
    expect(sam).to_have_url(re.compile(rf"/classes/{c}/map/#standard-{s}$"))
    card = sam.locator(f"#standard-{s}")
    card.get_by_role("button", name=re.compile("I'm ready")).click()
    sam.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(sam.get_by_role("heading", level=1)).to_contain_text("form C")
    question = sam.locator("fieldset.question").filter(has_text="of 8?")
    expect(question.locator("math mfrac").first).to_be_visible()
    question.get_by_label("6", exact=True).check()
    expect(sam.locator("#save-status")).to_contain_text("All answers saved")
    sam.get_by_role("button", name="Submit my answers").click()
    expect(sam.locator(".score-big")).to_contain_text("1/1")
