"""Editing classes in a real browser: the teacher moves a student to another class from the
roster (their level follows them), removes another after the confirmation page, archives
last year's class and restores nothing by mistake; the student's home then lists the new
class and neither the old nor the archived one. Each page passes axe, the move page fits a
phone, and the security policy holds throughout (conftest's new_context)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from masterymap.accounts.actions import create_classroom
from masterymap.accounts.models import Classroom, Enrollment
from masterymap.evidence.models import Evidence
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.actions import create_standard
from masterymap.workflows.actions import record_evidence
from tests.browser.conftest import join_and_approve
from tests.browser.support import PHONE, SERVER_LOCK, login
from tests.browser.test_accessibility import axe_violations, describe, overflow

pytestmark = pytest.mark.browser


def no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_teacher_moves_removes_and_archives_and_the_student_sees_the_new_class(
    world, live_server, new_context
) -> None:
    with SERVER_LOCK:
        standard = create_standard(
            unit=world.unit,
            code="7.RP.A.1",
            statement="Compute unit rates.",
            i_can="I can find unit rates",
            icon="heart",
            colour="teal",
        )
        # Sam mastered the standard in 7B Maths (a one-on-one check at 3).
        record_evidence(
            recorded_by=world.teacher,
            classroom=world.classroom,
            student=world.student,
            standard=standard,
            kind=Evidence.Kind.ONE_ON_ONE,
            level=3,
            assessed_on=date(2026, 3, 2),
        )
        seventh_c = create_classroom(
            teacher=world.teacher, name="7C Maths", mastery_map=world.mastery_map
        )
        club = create_classroom(
            teacher=world.teacher, name="Maths club", mastery_map=world.mastery_map
        )
        last_year = create_classroom(
            teacher=world.teacher, name="Last year 6B", mastery_map=world.mastery_map
        )
        join_and_approve(club, world.teacher, world.student)
        join_and_approve(last_year, world.teacher, world.student)

    teacher = login(new_context(), live_server, "arivera")

    # Move Sam from 7B Maths to 7C Maths with the roster's form.
    teacher.goto(f"{live_server.url}/classes/{world.classroom.pk}/roster/")
    no_axe_violations(teacher)
    move = teacher.locator("#move-student")
    move.get_by_label("Student").select_option(label="Sam Lee")
    move.get_by_label("Move to the class").select_option(label="7C Maths")
    move.get_by_role("button", name="Move student").click()
    expect(teacher.locator(".flash")).to_contain_text("Sam Lee moved to 7C Maths.")
    roster = teacher.locator("table.plain tbody")
    expect(roster).not_to_contain_text("Sam Lee")
    expect(roster).to_contain_text("Jo Khan")
    with SERVER_LOCK:
        record = MasteryRecord.objects.get(classroom=seventh_c, student=world.student)
        assert record.status == MasteryRecord.State.MASTERED
        assert Evidence.objects.filter(student=world.student).count() == 1
    # 7C's grid lists Sam.
    teacher.goto(f"{live_server.url}/classes/{seventh_c.pk}/")
    expect(teacher.locator("main")).to_contain_text("Sam Lee")

    # Remove Jo from 7B Maths, through the confirmation page.
    teacher.goto(f"{live_server.url}/classes/{world.classroom.pk}/roster/")
    teacher.get_by_role("link", name="Remove from class Jo Khan").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Remove Jo Khan from 7B Maths?")
    expect(teacher.locator("#remove-confirm")).to_contain_text("Their evidence is kept")
    no_axe_violations(teacher)
    teacher.locator("#remove-confirm").get_by_role("button", name="Remove from class").click()
    expect(teacher.locator(".flash")).to_contain_text("Jo Khan is no longer in 7B Maths.")
    expect(teacher.get_by_text("No students yet.")).to_be_visible()
    with SERVER_LOCK:
        assert not Enrollment.objects.filter(classroom=world.classroom).exists()

    # 7B Maths holds Sam's old level: its delete page says why and offers to archive.
    teacher.get_by_role("link", name="Delete this class…").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("7B Maths cannot be deleted")
    expect(teacher.locator("#delete-refused")).to_contain_text("Work is recorded in it: levels.")
    no_axe_violations(teacher)

    # Archive last year's class from its roster: off the list, into "Archived classes".
    teacher.goto(f"{live_server.url}/classes/{last_year.pk}/roster/")
    teacher.get_by_role("button", name="Archive this class").click()
    expect(teacher.locator(".flash")).to_contain_text("Last year 6B is archived")
    archived = teacher.locator("#archived-classes")
    expect(archived.get_by_role("button", name="Restore Last year 6B")).to_be_hidden()
    archived.locator("summary").click()
    expect(archived.get_by_role("button", name="Restore Last year 6B")).to_be_visible()
    cards = teacher.locator(".grid-cards")
    expect(cards).not_to_contain_text("Last year 6B")
    expect(cards).to_contain_text("7C Maths")
    no_axe_violations(teacher)
    with SERVER_LOCK:
        assert Classroom.objects.get(pk=last_year.pk).archived_at is not None
        # Sam is still enrolled there: archiving deletes nothing.
        assert Enrollment.objects.filter(classroom=last_year, student=world.student).exists()

    # Sam's home lists 7C Maths and the club; not 7B Maths, not the archived class.
    student = login(new_context(), live_server, "slee")
    student.goto(f"{live_server.url}/")
    main = student.locator("main")
    expect(main).to_contain_text("7C Maths")
    expect(main).to_contain_text("Maths club")
    expect(main).not_to_contain_text("7B Maths")
    expect(main).not_to_contain_text("Last year 6B")
    no_axe_violations(student)
    # A code of the archived class lets nobody in, and says so.
    student.goto(f"{live_server.url}/join/code/")
    student.get_by_label("Class code").fill(last_year.join_code)
    student.get_by_role("button", name="Join").click()
    expect(student.locator("main")).to_contain_text("That class is archived")


def test_the_move_page_fits_a_phone_and_explains_a_refusal(world, live_server, new_context) -> None:
    with SERVER_LOCK:
        seventh_c = create_classroom(
            teacher=world.teacher, name="7C Maths", mastery_map=world.mastery_map
        )
        # Sam is in 7C already (a second enrolment the roster form cannot know about).
        Enrollment.objects.create(classroom=seventh_c, student=world.student)
    page = login(new_context(viewport=PHONE), live_server, "arivera")
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/students/move/")
    assert overflow(page, PHONE["width"]) == []
    no_axe_violations(page)
    page.get_by_label("Student").select_option(label="Sam Lee")
    page.get_by_label("Move to the class").select_option(label="7C Maths")
    page.get_by_role("button", name="Move student").click()
    expect(page.get_by_role("alert")).to_contain_text("Sam Lee is already in 7C Maths.")
    assert overflow(page, PHONE["width"]) == []
    no_axe_violations(page)
    with SERVER_LOCK:
        assert Enrollment.objects.filter(classroom=world.classroom, student=world.student).exists()
