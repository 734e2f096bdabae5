"""After "not yet" in a real browser: a student misses form A, picks "Practise again" on the
result page, practises with immediate right or wrong and feedback, and marks the step done;
the teacher adds a link on the standard's routes page and sees the step and the practice on
the steps page. The pages pass axe-core and fit a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from masterymap.assessments.actions import ChoiceInput, create_item
from masterymap.interventions.models import PracticeAnswer, Resource, Route, Step
from tests.browser.support import PHONE, SERVER_LOCK, login, start_attempt
from tests.browser.test_accessibility import AXE, axe_violations, describe, overflow

pytestmark = pytest.mark.browser

PRACTICE_STEM = "Which is the unit rate of 12 apples for 4 dollars?"
PRACTICE_RIGHT = "3 apples per dollar"
PRACTICE_WRONG = "4 apples per dollar"
PRACTICE_FEEDBACK = "Divide the apples by the dollars."


def check_page(page: Page) -> None:
    """axe-core finds nothing, and the page fits the phone's width."""
    assert AXE.exists(), "run `make setup-dev` (npm ci in tests/browser)"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not overflow(page, PHONE["width"]), overflow(page, PHONE["width"])


def test_a_student_practises_after_not_yet_and_the_teacher_adds_a_link(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    with SERVER_LOCK:
        # A bank item on no form: something to practise while form B is still to take.
        practice_item = create_item(
            standard=assessed.standard,
            kind="single",
            stem=PRACTICE_STEM,
            feedback=PRACTICE_FEEDBACK,
            choices=[ChoiceInput(PRACTICE_WRONG), ChoiceInput(PRACTICE_RIGHT, is_correct=True)],
        )

    # --- The student misses form A (every answer blank) and picks "Practise again". ------
    student = login(new_context(viewport=PHONE), live_server, "slee")
    attempt_id = start_attempt(student, live_server, world.classroom.pk, assessed.standard)
    student.get_by_role("button", name="Submit my answers").click()
    student.wait_for_url(re.compile(rf"/attempts/{attempt_id}/$"))
    what_next = student.locator("#what-next")
    expect(what_next.get_by_role("heading", name="What next?")).to_be_visible()
    expect(what_next).to_contain_text("Tutoring with the teacher")
    check_page(student)
    what_next.get_by_role("button", name="Practise again").click()
    student.wait_for_url(re.compile(r"/practice/$"))
    expect(student.locator("#practice-step")).to_contain_text("Your step: practise again")
    with SERVER_LOCK:
        step = Step.objects.get(student=world.student)
    assert (step.route, step.chosen_by_id) == (Route.PRACTICE, world.student.pk)

    # --- Practice: one question (the forms' items are withheld), checked at once. --------
    student.get_by_role("button", name="Start practice").click()
    question = student.locator(f"#q-{practice_item.pk}")
    expect(question).to_contain_text(PRACTICE_STEM)
    # Nothing of the key before the check.
    expect(question).not_to_contain_text(PRACTICE_FEEDBACK)
    check_page(student)
    question.get_by_label(PRACTICE_WRONG).check()
    url_before = student.url
    question.get_by_role("button", name=re.compile("^Check")).click()
    checked = student.locator(f"#q-{practice_item.pk}")
    expect(checked).to_contain_text("✗ Not right")
    expect(checked).to_contain_text(PRACTICE_FEEDBACK)
    expect(checked).to_contain_text(f"{PRACTICE_RIGHT} (correct)")
    expect(checked).to_be_focused()
    assert student.url == url_before  # checked in place, no reload
    with SERVER_LOCK:
        answer = PracticeAnswer.objects.get()
    assert answer.is_correct is False
    student.get_by_role("button", name="Finish and mark my step done").click()
    expect(student.locator(".flash")).to_contain_text("Your step is marked done.")
    with SERVER_LOCK:
        step.refresh_from_db()
    assert step.done_by_id == world.student.pk
    # Practise again: a new run.
    expect(student.get_by_role("heading", name="Practise again")).to_be_visible()
    expect(student.locator("#last-run")).to_contain_text("0 right of 1 answered")
    check_page(student)

    # --- The teacher adds a link on the routes page, and reads the steps page. ----------
    teacher = login(new_context(viewport=PHONE), live_server, "arivera")
    teacher.goto(f"{base}/standards/{assessed.standard.pk}/edit/")
    teacher.get_by_role("link", name=re.compile("Routes and resources")).click()
    expect(teacher.get_by_role("heading", name=re.compile("Routes and resources"))).to_be_visible()
    check_page(teacher)
    teacher.select_option("#id_kind", "link")
    teacher.fill("#id_title", "Unit rates, explained")
    teacher.fill("#id_url", "https://example.org/unit-rates")
    teacher.get_by_role("button", name="Add resource").click()
    expect(teacher.locator(".flash")).to_contain_text("Unit rates, explained added.")
    expect(teacher.locator("#resources")).to_contain_text("Unit rates, explained")
    expect(teacher.locator("#offered-now")).to_contain_text("Study a resource")
    with SERVER_LOCK:
        assert Resource.objects.get().url == "https://example.org/unit-rates"
    check_page(teacher)

    teacher.goto(
        f"{base}/classes/{world.classroom.pk}/students/{world.student.pk}"
        f"/standards/{assessed.standard.pk}/steps/"
    )
    expect(teacher.locator("#steps")).to_contain_text("✓ Done")
    expect(teacher.locator("#effort-answered")).to_have_text("1")
    check_page(teacher)
