"""Small groups in a real browser: Sam and Jo both miss form A; the teacher opens the board
from the grid, ticks them, forms a group with a time and a note; Sam sees it on their map;
after the session the teacher marks who came and follows "Record a check" to the station,
with Sam and the standard picked. The pages pass axe-core and fit a phone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from masterymap.interventions.models import GroupMember, SmallGroup
from masterymap.workflows import actions as workflows
from tests.browser.support import PHONE, SERVER_LOCK, login
from tests.browser.test_accessibility import AXE, axe_violations, describe, overflow

pytestmark = pytest.mark.browser

NOTE = "Ratio tables at the back table"


def check_page(page: Page) -> None:
    """axe-core finds nothing, and the page fits the phone's width."""
    assert AXE.exists(), "run `make setup-dev` (npm ci in tests/browser)"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not overflow(page, PHONE["width"]), overflow(page, PHONE["width"])


def test_the_teacher_forms_a_group_marks_who_came_and_records_a_check(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    standard = assessed.standard
    with SERVER_LOCK:
        for student in (world.student, world.other_student):
            attempt = workflows.start_attempt(student=student, standard=standard)
            workflows.submit_attempt(attempt=attempt, answers={})
        # Earlier today, so the teacher may mark who came right after.
        today = timezone.localdate().isoformat()

    # --- The board, from the grid ---------------------------------------------------------
    teacher = login(new_context(viewport=PHONE), live_server, "arivera")
    teacher.goto(base + reverse("mastery:grid", args=[world.classroom.pk]))
    teacher.get_by_role("link", name="Small groups").click()
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("Small groups")
    card = teacher.locator(f"#standard-{standard.pk}")
    expect(card).to_contain_text("No analysis yet: Jo Khan, Sam Lee")
    check_page(teacher)
    sam_box = card.get_by_role("checkbox", name=re.compile("Sam Lee"))
    jo_box = card.get_by_role("checkbox", name=re.compile("Jo Khan"))
    expect(sam_box).not_to_be_checked()  # nobody asked: nobody ticked
    sam_box.check()
    jo_box.check()
    card.get_by_label("When").fill(f"{today}T00:05")
    card.get_by_label("Note (optional)").fill(NOTE)
    card.get_by_role("button", name=re.compile("^Form group")).click()

    # --- The group's page -----------------------------------------------------------------
    expect(teacher.locator(".flash")).to_contain_text("Group formed on")
    with SERVER_LOCK:
        group = SmallGroup.objects.get()
        sam_member = GroupMember.objects.get(group=group, student=world.student)
        jo_member = GroupMember.objects.get(group=group, student=world.other_student)
    expect(teacher.locator("h1")).to_contain_text("Small group:")
    expect(teacher.locator(".lede")).to_contain_text(NOTE)
    expect(teacher.locator(f"#member-{sam_member.pk}")).to_contain_text("Not marked yet")
    check_page(teacher)

    # --- Sam sees it on their map ---------------------------------------------------------
    sam = login(new_context(viewport=PHONE), live_server, "slee")
    sam.goto(base + reverse("workflows:student-map", args=[world.classroom.pk]))
    line = sam.locator(".card-group")
    expect(line).to_contain_text("Small group with your teacher")
    expect(line).to_contain_text(NOTE)
    check_page(sam)

    # --- After the session: who came, then a check for Sam -----------------------------------
    teacher.get_by_role("button", name="Came · Sam Lee").click()
    expect(teacher.locator(f"#member-{sam_member.pk} .member-attended")).to_have_text("✓ Came")
    teacher.get_by_role("button", name="Did not come · Jo Khan").click()
    expect(teacher.locator(f"#member-{jo_member.pk} .member-attended")).to_have_text(
        "✗ Did not come"
    )
    with SERVER_LOCK:
        sam_member.refresh_from_db()
        jo_member.refresh_from_db()
        assert sam_member.step is not None and sam_member.step.done_at is not None
        assert jo_member.step is not None and jo_member.step.is_open
    check_page(teacher)
    teacher.get_by_role("link", name="Record a check · Sam Lee").click()
    expect(teacher).to_have_url(re.compile(r"/station/\?student=\d+&standard=\d+"))
    battery = teacher.locator("#station-battery")
    expect(battery).to_have_attribute("data-student", str(world.student.pk))
    expect(battery).to_have_attribute("data-standard", str(standard.pk))
