"""The policy preview in a real browser: it counts students and their standards apart, and
lists whose status would change (name, standard, from → to, each status with its mark and
word) before anything is saved."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masterymap.mastery.models import MasteryPolicy
from masterymap.standards.actions import create_standard
from masterymap.workflows.actions import record_evidence
from tests.browser.support import SERVER_LOCK, login

pytestmark = pytest.mark.browser


@pytest.fixture
def two_standards(world, assessed):
    """Sam scored 4 then 2 on both standards; Jo 4 then 1 on the second, 3 on the first.

    Under the default (most recent) Sam is "not yet" on both, Jo mastered the first and is
    "not yet" on the second; under "highest" Sam masters both and Jo the second too.
    """
    second = create_standard(
        unit=world.unit,
        code="7.RP.A.2",
        statement="Recognize proportional relationships.",
        i_can="I can spot proportions",
        icon="moon",
        colour="purple",
    )
    today = timezone.localdate()
    for student, standard, level, days_ago in [
        (world.student, assessed.standard, 4, 6),
        (world.student, assessed.standard, 2, 2),
        (world.student, second, 4, 6),
        (world.student, second, 2, 2),
        (world.other_student, assessed.standard, 3, 3),
        (world.other_student, second, 4, 5),
        (world.other_student, second, 1, 1),
    ]:
        record_evidence(
            recorded_by=world.teacher,
            classroom=world.classroom,
            student=student,
            standard=standard,
            kind="one_on_one",
            level=level,
            assessed_on=today - timedelta(days=days_ago),
        )
    return assessed.standard, second


def test_the_preview_lists_whose_status_would_change(
    world, two_standards, live_server, new_context
) -> None:
    first, second = two_standards
    page = login(new_context(), live_server, "arivera")
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/policy/")
    page.get_by_label("Highest").check()
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Preview").click()

    preview = page.locator("#policy-preview")
    # 2 students, 3 of their standards: never "3 students" in a class of two.
    expect(preview).to_contain_text("2 students, 3 of their standards, would change status.")
    table = preview.get_by_role("table", name="Whose status would change")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    # By last name (Khan, then Lee), then in map order; the statuses read in words and marks.
    for row, (name, code) in zip(
        [rows.nth(0), rows.nth(1), rows.nth(2)],
        [("Jo Khan", second.code), ("Sam Lee", first.code), ("Sam Lee", second.code)],
        strict=True,
    ):
        expect(row.get_by_role("rowheader")).to_have_text(name)
        expect(row).to_contain_text(code)
        cells = row.get_by_role("cell")
        expect(cells.nth(1)).to_have_text(re.compile(r"^\s*✗ Not yet\s*$"))
        expect(cells.nth(2)).to_have_text(re.compile(r"^\s*→\s*✓ Mastered\s*$"))
    assert page.evaluate("window.stillTheSamePage") is True
    with SERVER_LOCK:
        assert not MasteryPolicy.objects.exists()

    # Changing the form after a preview: the preview says it no longer answers for it.
    stale = preview.get_by_text("You changed the form since this preview")
    expect(stale).to_be_hidden()
    page.get_by_label("Mean", exact=True).check()
    expect(stale).to_be_visible()

    # Back to the policy in force: nothing would change, and no list.
    page.get_by_label("Most recent").check()
    page.get_by_role("button", name="Preview").click()
    expect(preview).to_contain_text("No student's status would change.")
    expect(preview.get_by_role("table")).to_have_count(0)
