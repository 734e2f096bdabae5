"""Issue 12 as a department tries it, in a real browser, from start to end.

The teacher writes a question with a picture and a fraction in LaTeX, and an open-response
question with its rubric; draws form C from the bank (it takes both);
prints form C with its key and the class's QR sheet. A student opens the standard from its
link, takes form C (the picture and the math show), and sees "waiting for your teacher" on
the written answer. The teacher scores it from the queue and the student's level updates.
Then the teacher reorders two standards and archives the picture question, which has
answers: the student's old result still shows it."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from masterymap.assessments.models import Attempt, Item
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.actions import create_standard
from masterymap.workflows.actions import start_attempt, submit_attempt
from tests.browser.conftest import open_retakes
from tests.browser.support import PASSWORD, SERVER_LOCK, login

pytestmark = pytest.mark.browser

STEM = r"Which point on the number line shows $\frac{3}{4}$?"
OPEN_STEM = "Explain how you find a unit rate from a table."
RUBRIC = "3 Mastered: divides the quantities, names the units."
WRITTEN = "I divide the cost by the number of pounds: 6 ÷ 3 = 2 dollars per pound."


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (31, 78, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_department_day_with_pictures_math_and_a_written_answer(
    world, assessed, live_server, new_context
) -> None:
    base, c, s = live_server.url, world.classroom.pk, assessed.standard.pk
    with SERVER_LOCK:
        open_retakes(world)
        second = create_standard(
            unit=world.unit,
            code="7.RP.A.2",
            statement="Recognize proportional relationships.",
            i_can="I can spot proportions",
            icon="star",
            colour="blue",
        )
        # Sam has sat forms A and B already (not mastered): his next form is C.
        for _form in "AB":
            attempt = start_attempt(
                student=world.student, standard=assessed.standard, classroom=world.classroom
            )
            submit_attempt(attempt=attempt, answers={})

    teacher = login(new_context(), live_server, "arivera")
    # 1. A question with a picture and a fraction in LaTeX.
    teacher.goto(f"{base}/standards/{s}/")
    teacher.get_by_role("link", name="Write an item").click()
    teacher.check("input[name=kind][value=single]")
    teacher.fill("#id_stem", STEM)
    teacher.set_input_files(
        "#id_picture", files=[{"name": "line.png", "mimeType": "image/png", "buffer": png()}]
    )
    teacher.fill("#id_picture_alt", "A number line from 0 to 1 with points P, Q and R")
    teacher.fill("#id_choice_1_text", "Q")
    teacher.check("#id_choice_1_correct")
    teacher.fill("#id_choice_2_text", "P")
    teacher.fill("#id_choice_3_text", "R")
    teacher.get_by_role("button", name="Add to bank").click()
    expect(teacher.locator(".flash")).to_contain_text("Item added to the bank.")
    with SERVER_LOCK:
        pictured = Item.objects.get(stem=STEM)
    assert pictured.image and pictured.image_alt

    # 2. An open-response question with its rubric.
    teacher.get_by_role("link", name="Write an item").click()
    teacher.check("input[name=kind][value=open]")
    teacher.fill("#id_stem", OPEN_STEM)
    teacher.fill("#id_points", "5")
    teacher.fill("#id_rubric", RUBRIC)
    teacher.get_by_role("button", name="Add to bank").click()
    expect(teacher.locator(".flash")).to_contain_text("Item added to the bank.")
    with SERVER_LOCK:
        written = Item.objects.get(stem=OPEN_STEM)

    # 3. Form C drawn from the bank: the two free questions (the bank has no other), shaped
    # after form A as far as it goes.
    teacher.locator("form.generate-form").get_by_role("button", name="Draw form C").click()
    expect(teacher.locator(".flash")).to_contain_text("Form C drawn from the bank")
    expect(teacher.locator("#forms")).to_contain_text("Form C · 2 items")
    teacher.locator("#forms").get_by_role("link", name="Edit form C").click()
    teacher.wait_for_load_state("load")
    expect(teacher.locator(f"#fi-{written.pk}")).to_contain_text(OPEN_STEM)

    # 4. Form C printed with its key: the picture, the math, and the rubric as the key.
    teacher.get_by_role("link", name="Print with the answer key").click()
    expect(teacher.locator(".paper-q img.item-picture")).to_have_count(1)
    expect(teacher.locator(".paper-q math mfrac").first).to_be_attached()
    expect(teacher.locator("body")).to_contain_text("Mastered: divides the quantities")
    expect(teacher.locator("svg.qr").first).to_be_attached()

    # 5. The class's QR sheet.
    teacher.goto(f"{base}/classes/{c}/")
    teacher.get_by_role("link", name="Links and QR codes").click()
    links = teacher.locator(".qr-url a")
    link = next(
        href
        for href in links.evaluate_all("as => as.map(a => a.href)")
        if href.endswith(f"/r/{c}/{s}/")
    )

    # 6. Sam scans the link, signs in, takes form C.
    sam = new_context().new_page()
    sam.goto(link)
    sam.fill("#id_username", "slee")
    sam.fill("#id_password", PASSWORD)
    sam.locator("main button[type=submit]").click()
    expect(sam).to_have_url(re.compile(rf"/classes/{c}/map/#standard-{s}$"))
    sam.locator(f"#standard-{s}").get_by_role("button", name=re.compile("I'm ready")).click()
    sam.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(sam.get_by_role("heading", level=1)).to_contain_text("form C")
    question = sam.locator(f"#q-{pictured.pk}")
    picture = question.get_by_role("img", name="A number line from 0 to 1 with points P, Q and R")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 120
    expect(question.locator("math mfrac").first).to_be_visible()
    question.get_by_label("Q", exact=True).check()
    sam.locator(f"#q-{written.pk} textarea").fill(WRITTEN)
    expect(sam.locator("#save-status")).to_contain_text("All answers saved")
    # The sheet names no key and no rubric.
    assert RUBRIC not in sam.content()
    sam.get_by_role("button", name="Submit my answers").click()
    expect(sam.locator(".result-banner")).to_contain_text("Waiting for your teacher")
    expect(sam.locator(f"#review-{written.pk}")).to_contain_text("Waiting for your teacher")
    expect(sam.locator(f"#review-{written.pk}")).to_contain_text(WRITTEN)

    # 7. The teacher scores it from the queue: Sam's level updates.
    teacher.goto(f"{base}/classes/{c}/")
    teacher.get_by_role("link", name="Answers to score").click()
    entry = teacher.locator(".score-entry").filter(has_text="Sam Lee")
    expect(entry).to_contain_text(WRITTEN)
    expect(entry).to_contain_text(RUBRIC)
    entry.get_by_role("radio", name=re.compile(r"3 · Mastered")).check()
    entry.get_by_label("Comment for the student (optional)").fill("Well explained.")
    entry.get_by_role("button", name="Save the score").click()
    expect(teacher.locator(".flash")).to_contain_text("form C is complete")
    with SERVER_LOCK:
        attempt = Attempt.objects.get(student=world.student, form__label="C")
        record = MasteryRecord.objects.get(
            classroom=world.classroom, student=world.student, standard=assessed.standard
        )
    assert (attempt.points, attempt.max_points) == (5, 6)
    assert record.status == MasteryRecord.State.MASTERED
    sam.reload()
    expect(sam.locator(".score-big")).to_contain_text("5/6")
    expect(sam.locator(".verdict")).to_contain_text("Mastered")
    expect(sam.locator(f"#review-{written.pk}")).to_contain_text("Well explained.")

    # 8. Two standards reordered on the map; the picture question (answered) archived.
    teacher.goto(f"{base}/maps/{world.mastery_map.pk}/")
    teacher.wait_for_load_state("load")
    teacher.get_by_role("button", name=f"Move up {second.code}").click()
    rows = teacher.locator(f"#unit-{world.unit.pk} tr[data-reorder-item]")
    expect(rows.first).to_have_id(f"standard-{second.pk}")
    expect(rows.nth(1)).to_have_id(f"standard-{s}")
    teacher.goto(f"{base}/standards/{s}/")
    teacher.get_by_role("button", name=f"Archive #{pictured.pk}").click()
    expect(teacher.locator(".flash")).to_contain_text("It stays on form C")
    sam.goto(f"{base}/attempts/{attempt.pk}/")
    expect(sam.locator(f"#review-{pictured.pk}")).to_contain_text("Which point on the number line")
    expect(sam.locator(f"#review-{pictured.pk} img.item-picture")).to_be_visible()
