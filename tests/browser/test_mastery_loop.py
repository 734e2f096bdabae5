"""The whole loop in a real browser: a teacher builds a standard, its items and two forms;
a student misses mastery on form A, retakes with form B and masters it; the teacher's
class grid shows it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from masterymap.assessments.models import Attempt, Form, Item
from masterymap.standards.models import Standard
from tests.browser.conftest import open_retakes  # noqa: E402
from tests.browser.support import SERVER_LOCK, login

pytestmark = pytest.mark.browser

CODE = "7.RP.A.2"
I_CAN = "I can tell whether two quantities are in a proportional relationship"


def write_item(page: Page, kind: str, stem: str, feedback: str, **fields: str) -> None:
    """Fill the item form (from the standard's bank page) and add the item to the bank."""
    page.get_by_role("link", name="Write an item").click()
    expect(page.get_by_role("heading", name=re.compile("New item"))).to_be_visible()
    page.check(f"input[name=kind][value={kind}]")
    page.fill("#id_stem", stem)
    page.fill("#id_feedback", feedback)
    for name, value in fields.items():
        if value == "check":
            page.check(f"#id_{name}")
        else:
            page.fill(f"#id_{name}", value)
    page.get_by_role("button", name="Add to bank").click()
    expect(page.locator(".flash")).to_contain_text("Item added to the bank.")
    expect(page.locator("#bank")).to_contain_text(stem)


def make_form(page: Page, label: str, stems: list[str]) -> None:
    section = page.locator("#forms")
    expect(section.get_by_role("heading", name=f"Make form {label}")).to_be_visible()
    for stem in stems:
        # Each item is shown whole beside its box, which is named by its number and kind.
        section.locator(".builder-item", has_text=stem).get_by_role("checkbox").check()
    expect(section.locator("#id_threshold")).to_have_value("80")
    section.get_by_role("button", name=f"Create form {label}").click()
    expect(page.locator(".flash")).to_contain_text(f"Form {label} created.")
    expect(page.locator("#forms")).to_contain_text(
        f"Form {label} · {len(stems)} items · mastery at 80 %"
    )


def test_teacher_builds_student_retakes_and_masters(world, live_server, new_context) -> None:
    base = live_server.url
    open_retakes(world)  # the loop here is about building and retaking, not the rules

    # --- The teacher adds a standard, writes its items and makes forms A and B. ----------
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/maps/{world.mastery_map.pk}/")
    teacher.get_by_role("link", name="Add a standard").click()
    expect(teacher.get_by_role("heading", name="New standard")).to_be_visible()
    teacher.fill("#id_code", CODE)
    teacher.fill("#id_statement", "Recognize and represent proportional relationships.")
    teacher.fill("#id_i_can", I_CAN)
    teacher.check("input[name=icon][value=bolt]")
    teacher.check("input[name=colour][value=purple]")
    teacher.get_by_role("button", name="Add standard").click()
    expect(teacher.locator(".flash")).to_contain_text(f"{CODE} added.")
    expect(teacher.locator("#needs-forms")).to_be_visible()
    with SERVER_LOCK:
        standard = Standard.objects.get(mastery_map=world.mastery_map, code=CODE)
    assert (standard.icon, standard.colour, standard.i_can) == ("bolt", "purple", I_CAN)

    single_stem = "Which table shows a proportional relationship?"
    write_item(
        teacher,
        "single",
        single_stem,
        "In a proportional table y ÷ x is the same in every row.",
        choice_1_text="x: 1, 2, 3 · y: 3, 6, 9",
        choice_1_correct="check",
        choice_2_text="x: 1, 2, 3 · y: 4, 5, 6",
        choice_2_misconception="Sees a constant difference, not a constant ratio",
        choice_3_text="x: 1, 2, 3 · y: 2, 4, 7",
    )
    numeric_stem = "3 notebooks cost $7.50. What do 5 notebooks cost, in dollars?"
    write_item(
        teacher,
        "numeric",
        numeric_stem,
        "Find the cost of one notebook first: 7.50 ÷ 3 = 2.50.",
        numeric_answer="12.5",
        tolerance="0.01",
    )
    text_stem = "y = 4x. What is the constant of proportionality? Write it as a word."
    write_item(
        teacher,
        "text",
        text_stem,
        "The constant is the number multiplying x.",
        accepted_answers="four\nfour exactly",
    )
    multiple_stem = "Which equations are proportional? Select all that apply."
    write_item(
        teacher,
        "multiple",
        multiple_stem,
        "Proportional equations look like y = kx, with no added constant.",
        choice_1_text="y = 3x",
        choice_1_correct="check",
        choice_2_text="y = x + 3",
        choice_2_misconception="Any straight line looks proportional",
        choice_3_text="y = 0.5x",
        choice_3_correct="check",
    )
    # Form B's own numeric and short-text questions: parallel forms share none.
    numeric_stem_b = "4 pens cost $6.00. What do 5 pens cost, in dollars?"
    write_item(
        teacher,
        "numeric",
        numeric_stem_b,
        "Find the cost of one pen first: 6.00 ÷ 4 = 1.50.",
        numeric_answer="7.5",
        tolerance="0.01",
    )
    text_stem_b = "y = 5x. What is the constant of proportionality? Write it as a word."
    write_item(
        teacher,
        "text",
        text_stem_b,
        "The constant is the number multiplying x.",
        accepted_answers="five",
    )
    with SERVER_LOCK:
        kinds = set(standard.items.values_list("kind", flat=True))
    # Every kind the forms score at once (open response: test_department_day).
    assert kinds == set(Item.Kind.values) - {Item.Kind.OPEN}

    make_form(teacher, "A", [single_stem, numeric_stem, text_stem])
    make_form(teacher, "B", [numeric_stem_b, text_stem_b, multiple_stem])
    expect(teacher.locator("#needs-forms")).to_have_count(0)
    with SERVER_LOCK:
        labels = list(Form.objects.filter(standard=standard).values_list("label", flat=True))
    assert labels == ["A", "B"]

    # --- The student sees the standard and misses mastery on form A. --------------------
    student = login(new_context(), live_server, "slee")
    expect(student).to_have_url(f"{base}/classes/{world.classroom.pk}/map/")
    card = student.locator(f"#standard-{standard.pk}")
    expect(card).to_contain_text(CODE)
    expect(card).to_contain_text(I_CAN)
    expect(card.locator("svg.sym.colour-purple")).to_have_count(1)
    expect(card.locator(".badge")).to_have_text("Not started")
    card.get_by_role("button", name="I'm ready").click()
    expect(student.locator("h1")).to_contain_text("form A")

    q = student.locator("fieldset.question")
    expect(q).to_have_count(3)
    q.filter(has_text=single_stem).get_by_label("x: 1, 2, 3 · y: 3, 6, 9").check()  # right
    q.filter(has_text=numeric_stem).get_by_role("textbox").fill("15")  # wrong
    q.filter(has_text=text_stem).get_by_role("textbox").fill("three")  # wrong
    student.get_by_role("button", name="Submit my answers").click()

    banner = student.locator(".result-banner")
    expect(banner).to_contain_text("Not yet.")
    expect(banner).to_contain_text("1/3 · 33 %")
    review = student.locator(".question")
    expect(review).to_have_count(3)
    first, second, third = review.nth(0), review.nth(1), review.nth(2)
    expect(first).to_contain_text("✓ Right")
    expect(first.locator("li.choice-correct")).to_contain_text("(correct)")
    expect(second).to_contain_text("✗ Not right")
    expect(second).to_contain_text("Your answer: 15")
    expect(second).to_contain_text("correct answer: 12.5 (± 0.01)")
    expect(second.locator(".feedback")).to_contain_text("Find the cost of one notebook first")
    expect(third).to_contain_text("correct answer: four or four exactly")
    expect(third.locator(".feedback")).to_contain_text("the number multiplying x")

    # --- Back on the map: "Not yet", then "I'm ready" opens form B. ---------------------
    student.get_by_role("link", name="Back to my map").click()
    card = student.locator(f"#standard-{standard.pk}")
    expect(card.locator(".badge")).to_have_text("Not yet")
    expect(card).to_contain_text("Last: form A · 33 % · Not yet")
    card.get_by_role("button", name="I'm ready").click()
    expect(student.locator("h1")).to_contain_text("form B")

    q = student.locator("fieldset.question")
    expect(q).to_have_count(3)
    q.filter(has_text=numeric_stem_b).get_by_role("textbox").fill("7.50")
    q.filter(has_text=text_stem_b).get_by_role("textbox").fill("  Five ")
    multiple = q.filter(has_text=multiple_stem)
    multiple.get_by_label("y = 3x").check()
    multiple.get_by_label("y = 0.5x").check()
    student.get_by_role("button", name="Submit my answers").click()

    banner = student.locator(".result-banner")
    expect(banner).to_contain_text("Mastered!")
    expect(banner).to_contain_text("3/3 · 100 %")
    student.get_by_role("link", name="Back to my map").click()
    card = student.locator(f"#standard-{standard.pk}")
    expect(card.locator(".badge")).to_have_text("Mastered")
    expect(card).to_contain_text("Mastered. Well done!")
    # No "I'm ready" or "Continue" on a mastered card (nor any other button: offers to tutor
    # it are made on the offers page the map links to).
    expect(card.locator("form button")).to_have_count(0)
    expect(
        student.get_by_role("link", name="Tutor classmates on the standards you mastered")
    ).to_be_visible()

    with SERVER_LOCK:
        results = list(
            Attempt.objects.filter(student=world.student, form__standard=standard)
            .order_by("form__label")
            .values_list("form__label", "status", "mastered")
        )
    assert results == [("A", "submitted", False), ("B", "submitted", True)]

    # --- The teacher's class grid shows the student's cell as mastered. -----------------
    teacher.goto(f"{base}/classes/{world.classroom.pk}/")
    cell = teacher.get_by_role("link", name=f"Sam Lee, {CODE}: Mastered")
    expect(cell).to_have_class(re.compile(r"\bstatus-mastered\b"))
    expect(teacher.locator("tfoot td.count-mastered")).to_have_text("1")
    expect(teacher.get_by_role("row", name=re.compile("Sam Lee"))).to_contain_text("(1)")
