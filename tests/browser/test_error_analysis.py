"""Looking back at a try in a real browser: a student misses form A, writes why for each
missed question with autosave, and finishes; the teacher reads it and marks it read, which
locks it for the student; the teacher's error patterns count the reasons. The pages pass
axe-core and fit a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from masterymap.interventions import reflections
from masterymap.interventions.models import ErrorAnalysis
from masterymap.workflows import actions as workflows
from tests.browser.support import (
    PHONE,
    SERVER_LOCK,
    SINGLE_MISCONCEPTION,
    SINGLE_WRONG,
    login,
    start_attempt,
)
from tests.browser.test_accessibility import AXE, axe_violations, describe, overflow

pytestmark = pytest.mark.browser


def saved_after(page: Page, attempt_id: int, action) -> None:
    """Do `action` and wait for the autosave it sends to come back saved."""
    with page.expect_response(
        lambda r: r.url.endswith(f"/attempts/{attempt_id}/error-analysis/")
    ) as sent:
        action()
    assert sent.value.ok
    expect(page.locator("#analysis-status")).to_contain_text("Saved at")


def check_page(page: Page) -> None:
    """axe-core finds nothing, and the page fits the phone's width."""
    assert AXE.exists(), "run `make setup-dev` (npm ci in tests/browser)"
    page.set_viewport_size(PHONE)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not overflow(page, PHONE["width"]), overflow(page, PHONE["width"])


def test_a_student_looks_back_and_the_teacher_reads_it_and_sees_the_patterns(
    world, assessed, live_server, new_context
) -> None:
    # Jo, the other student, missed form A too and said the numeric item was a slip.
    with SERVER_LOCK:
        jos = workflows.start_attempt(student=world.other_student, standard=assessed.standard)
        wrong = str(assessed.single.choices.get(text=SINGLE_WRONG).pk)
        answers = {assessed.single.pk: [wrong], assessed.numeric.pk: ["1"], assessed.text.pk: []}
        jos = workflows.submit_attempt(attempt=jos, answers=answers)
        reflections.save_error_analysis(
            attempt=jos,
            student=world.other_student,
            reasons={assessed.numeric.pk: "careless"},
            fixes={},
            summary="",
        )

    # Sam misses every question of form A, on a phone.
    page = login(new_context(viewport=PHONE), live_server, "slee")
    attempt_id = start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    page.locator(f"#q-{assessed.single.pk}").get_by_label(SINGLE_WRONG, exact=True).check()
    page.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox").fill("12")
    page.locator(f"#q-{assessed.text.pk}").get_by_role("textbox").fill("four thirds")
    page.locator("#submit-attempt").click()
    page.wait_for_url(re.compile(rf"/attempts/{attempt_id}/$"))

    section = page.locator("#error-analysis")
    expect(section.get_by_role("heading", name="Look back at this try")).to_be_visible()
    expect(page.locator("#analysis-status")).to_contain_text("Saves automatically")
    single = section.locator(f"#missed-{assessed.single.pk}")
    numeric = section.locator(f"#missed-{assessed.numeric.pk}")
    text = section.locator(f"#missed-{assessed.text.pk}")
    belief = single.get_by_label(re.compile("I believed:"))
    expect(belief).to_be_visible()
    expect(single).to_contain_text(SINGLE_MISCONCEPTION)
    # Only the question whose wrong choice carries a note offers the belief.
    expect(numeric.get_by_label(re.compile("I believed:"))).to_have_count(0)
    check_page(page)

    saved_after(page, attempt_id, belief.check)
    saved_after(
        page,
        attempt_id,
        lambda: single.get_by_role("textbox").fill("Turn 0.5 into 5/10, then simplify."),
    )
    saved_after(page, attempt_id, numeric.get_by_label("A careless slip").check)

    # Finishing too early says what is missing, and keeps what was typed.
    section.get_by_role("button", name=re.compile("^Finish")).click()
    status = page.locator("#analysis-status")
    expect(status).to_contain_text("Pick why you missed question 3.")
    expect(status).to_contain_text("Write what you will do differently next time.")
    expect(single.get_by_role("textbox")).to_have_value("Turn 0.5 into 5/10, then simplify.")

    saved_after(page, attempt_id, text.get_by_label("I didn't know how").check)
    saved_after(
        page,
        attempt_id,
        lambda: section.get_by_label("What will you do differently next time?").fill(
            "Check my answer against an estimate."
        ),
    )
    section.get_by_role("button", name=re.compile("^Finish")).click()
    expect(page.locator("#analysis-state")).to_contain_text("Finished on")
    with SERVER_LOCK:
        analysis = ErrorAnalysis.objects.get(attempt_id=attempt_id)
        assert analysis.finished_at is not None
        assert analysis.summary == "Check my answer against an estimate."

    # A reload shows it as written, still editable until the teacher reads it.
    page.reload()
    expect(page.locator(f"#fix-{assessed.single.pk}")).to_have_value(
        "Turn 0.5 into 5/10, then simplify."
    )
    expect(page.locator("#analysis-state")).to_contain_text("until your teacher reads it")

    # The teacher reads it on the same result page and marks it read.
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{live_server.url}/attempts/{attempt_id}/")
    mine = teacher.locator("#error-analysis")
    expect(mine).to_contain_text("Turn 0.5 into 5/10, then simplify.")
    expect(mine).to_contain_text(SINGLE_MISCONCEPTION)
    expect(mine).to_contain_text("Check my answer against an estimate.")
    expect(mine.locator("textarea")).to_have_count(0)
    check_page(teacher)
    mine.get_by_role("button", name="Mark as read").click()
    expect(teacher.locator("#analysis-state")).to_contain_text("Read by Ana Rivera on")

    # Sam now reads it only.
    page.reload()
    expect(page.locator("#analysis-state")).to_contain_text("Read by your teacher on")
    expect(page.locator("#error-analysis textarea")).to_have_count(0)

    # Sam's tracker lists it, with the reflection, and opens the try for the reasons.
    page.goto(
        f"{live_server.url}/classes/{world.classroom.pk}/students/{world.student.pk}/tracker/"
    )
    listed = page.locator(f"#analysis-{attempt_id}")
    expect(listed).to_contain_text("Check my answer against an estimate.")
    expect(listed).to_contain_text("by Ana Rivera on")
    check_page(page)
    listed.get_by_role("link").click()
    expect(page.locator("#error-analysis")).to_contain_text("A careless slip")
    expect(page.locator("#error-analysis")).to_contain_text("Turn 0.5 into 5/10, then simplify.")

    # From the cell page, the teacher opens the error patterns on the standard.
    teacher.goto(
        f"{live_server.url}/classes/{world.classroom.pk}/students/{world.student.pk}"
        f"/standards/{assessed.standard.pk}/"
    )
    teacher.get_by_role("link", name=re.compile("^Error patterns")).click()
    teacher.wait_for_url(re.compile(r"/patterns/$"))
    expect(teacher.locator("#summary-correct")).to_contain_text("0 % correct")
    single_pattern = teacher.locator(f"#pattern-{assessed.single.pk}")
    expect(single_pattern).to_contain_text(f"2 students picked “{SINGLE_WRONG}”")
    expect(single_pattern).to_contain_text(f"misconception: {SINGLE_MISCONCEPTION}")
    expect(single_pattern).to_contain_text("Believed the idea behind their choice: 1 student")
    expect(single_pattern).to_contain_text("1 missed it and has not said why.")
    expect(teacher.locator(f"#pattern-{assessed.numeric.pk}")).to_contain_text(
        "A careless slip: 2 students"
    )
    check_page(teacher)
