"""A class's own proficiency scale and evidence corrections, in a real browser.

A teacher gives the class its own scale (the new label reaches the student's tracker),
is refused an invalid one, then goes back to the school's; a teacher corrects a piece of
evidence from show the math, and the student sees the correction but cannot make one.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masterymap.evidence.models import Evidence
from masterymap.mastery.models import MasteryRecord, ProficiencyScale
from masterymap.workflows.actions import record_evidence
from tests.browser.support import SERVER_LOCK, login

pytestmark = pytest.mark.browser

OLD_NOTE = "Mixed up the ratio's order"
FIX_NOTE = "Marked against the wrong rubric row; she had the order right."


def _record(world, standard, student, level: int, days_ago: int, note: str) -> Evidence:
    return record_evidence(
        recorded_by=world.teacher,
        classroom=world.classroom,
        student=student,
        standard=standard,
        kind="one_on_one",
        level=level,
        assessed_on=timezone.localdate() - timedelta(days=days_ago),
        note=note,
    )


def test_a_teacher_gives_the_class_its_own_scale_then_goes_back(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    standard = assessed.standard
    _record(world, standard, world.student, 3, 1, "Solid unit rates")
    cell_url = (
        f"{base}/classes/{world.classroom.pk}/students/{world.student.pk}/standards/{standard.pk}/"
    )

    page = login(new_context(), live_server, "arivera")
    page.goto(f"{base}/classes/{world.classroom.pk}/")
    page.get_by_role("link", name="Proficiency scale").click()
    expect(page.get_by_role("heading", name="Proficiency scale · 7B Maths")).to_be_visible()
    source = page.locator("#scale-source")
    in_force = page.locator("#scale-in-force")
    expect(source).to_have_text("7B Maths uses the default scale: the school has not set one.")
    expect(page.get_by_role("button", name="Use the school's scale")).to_have_count(0)
    expect(page.locator("#school-scale-form")).to_have_count(0)  # not a school admin

    # Level 3 becomes "Proficient", from 85 %.
    form = page.locator("#class-scale-form")
    expect(form.get_by_label("Name of level 3")).to_have_value("Mastered")
    expect(form.get_by_label("Cut score of level 3 (%)")).to_have_value("80")
    form.get_by_label("Name of level 3").fill("Proficient")
    form.get_by_label("Cut score of level 3 (%)").fill("85")
    form.get_by_role("button", name="Save and recompute").click()
    expect(page.locator(".flash")).to_contain_text("7B Maths now uses its own scale:")
    expect(source).to_have_text("7B Maths uses its own scale.")
    level_3 = in_force.locator("tbody tr").nth(2)
    expect(level_3).to_contain_text("Proficient")
    expect(level_3).to_contain_text("85 %")
    expect(level_3).to_contain_text("Mastered")  # still the mastery level
    expect(in_force).not_to_contain_text("80 %")
    with SERVER_LOCK:
        own = ProficiencyScale.objects.get(classroom=world.classroom)
        assert own.levels.get(value=3).label == "Proficient"
        assert own.levels.get(value=3).min_percent == 85

    # The new name is what show the math and the tracker call a level 3.
    page.goto(cell_url)
    expect(page.locator("#level .level-label")).to_have_text("Proficient")
    expect(page.locator("#explanation")).to_have_text("Proficient: the only score so far is 3.")
    expect(page.locator(".evidence-row .evidence-level")).to_have_text("level 3 Proficient")

    student = login(new_context(), live_server, "slee")
    student.get_by_role("link", name="My tracker").click()
    row = student.locator(f"#tracker-{standard.pk}")
    expect(row).to_contain_text("3 · Proficient")
    expect(row).to_contain_text("Proficient: the only score so far is 3.")
    expect(row).not_to_contain_text("3 · Mastered")

    # Cut scores out of order: refused with the reason, nothing changes.
    page.goto(f"{base}/classes/{world.classroom.pk}/scale/")
    form.get_by_label("Cut score of level 3 (%)").fill("40")
    form.get_by_role("button", name="Save and recompute").click()
    expect(form.locator(".error-box")).to_have_text(
        "Cut scores must not go down as levels go up: "
        "Approaching starts at 50 % but Proficient at 40 %."
    )
    expect(form.get_by_label("Cut score of level 3 (%)")).to_have_value("40")  # kept to fix
    expect(level_3).to_contain_text("85 %")
    expect(page.locator(".flash")).to_have_count(0)
    with SERVER_LOCK:
        assert (
            ProficiencyScale.objects.get(classroom=world.classroom).levels.get(value=3).min_percent
            == 85
        )

    # Back to the school's scale (here the default): the default names return.
    page.get_by_role("button", name="Use the school's scale").click()
    expect(page.locator(".flash")).to_contain_text("7B Maths uses the school's scale:")
    expect(source).to_have_text("7B Maths uses the default scale: the school has not set one.")
    expect(level_3).to_contain_text("Mastered")
    expect(level_3).to_contain_text("80 %")
    expect(in_force).not_to_contain_text("Proficient")
    expect(page.get_by_role("button", name="Use the school's scale")).to_have_count(0)
    with SERVER_LOCK:
        assert not ProficiencyScale.objects.filter(classroom=world.classroom).exists()

    student.reload()
    expect(row).to_contain_text("3 · Mastered")
    expect(row).not_to_contain_text("Proficient")


def test_a_teacher_corrects_evidence_and_the_student_sees_it(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    standard = assessed.standard
    _record(world, standard, world.student, 4, 6, "Battle the boss: all four right")
    old = _record(world, standard, world.student, 2, 2, OLD_NOTE)
    cell_url = (
        f"{base}/classes/{world.classroom.pk}/students/{world.student.pk}/standards/{standard.pk}/"
    )

    page = login(new_context(), live_server, "arivera")
    page.goto(f"{base}/classes/{world.classroom.pk}/")
    # The panels above and below the grid arrive by htmx after the page: a click while one
    # is swapped in can land beside the moving cell (seen once in CI on PostgreSQL).
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=re.compile(r"Sam Lee, 7\.RP\.A\.1")).click()
    expect(page.locator("#explanation")).to_have_text(
        "Approaching: the most recently assessed of the 2 scores is 2."
    )
    rows = page.locator(".evidence-row")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name="Correct this record")).to_have_count(2)

    rows.filter(has_text=OLD_NOTE).get_by_role("link", name="Correct this record").click()
    page.wait_for_url(re.compile(rf"/evidence/{old.pk}/correct/\?classroom={world.classroom.pk}$"))
    expect(page.locator("#evidence-to-correct")).to_contain_text("2 Approaching")
    expect(page.locator("#evidence-to-correct")).to_contain_text(OLD_NOTE)
    correction = page.locator("#correction-form")
    expect(correction.get_by_label("Corrected level")).to_have_value("2")
    correction.get_by_label("Corrected level").select_option("3")
    correction.get_by_label("What the correction is for").fill(FIX_NOTE)
    correction.get_by_role("button", name="Save the correction").click()

    # Back on show the math: the old row struck through, the correction counted.
    page.wait_for_url(re.compile(r"/standards/\d+/#evidence-\d+$"))
    expect(page.locator(".flash")).to_contain_text(
        "Corrected: One-on-one check (battle the boss) of Sam Lee on 7.RP.A.1 is now level 3."
    )
    with SERVER_LOCK:
        new = Evidence.objects.get(supersedes=old)
        record = MasteryRecord.objects.get(student=world.student, standard=standard)
        assert (new.level, new.note, record.level) == (3.0, FIX_NOTE, 3.0)
    assert page.url.endswith(f"#evidence-{new.pk}")

    def check_evidence(p) -> None:
        expect(p.locator("#explanation")).to_have_text(
            "Mastered: the most recently assessed of the 2 scores is 3."
        )
        expect(p.locator("#level .level-big")).to_have_text("3")
        expect(p.locator(".evidence-row")).to_have_count(3)
        struck = p.locator(f"#evidence-{old.pk}")
        expect(struck).to_have_class(re.compile(r"\bsuperseded\b"))
        expect(struck.locator(".evidence-corrected")).to_contain_text("corrected on")
        expect(struck.locator("s")).to_contain_text("level 2 Approaching")
        expect(struck.locator("s")).to_have_css("text-decoration-line", "line-through")
        fixed = p.locator(f"#evidence-{new.pk}")
        expect(fixed).not_to_have_class(re.compile(r"\bsuperseded\b"))
        expect(fixed.locator(".evidence-correction")).to_have_text("correction")
        expect(fixed.locator(".evidence-level")).to_have_text("level 3 Mastered")
        expect(fixed).to_contain_text(FIX_NOTE)
        expect(fixed.locator("s")).to_have_count(0)

    check_evidence(page)
    # Only current records can be corrected again: the struck-through one has no link.
    expect(page.get_by_role("link", name="Correct this record")).to_have_count(2)
    expect(page.locator(f"#evidence-{old.pk} .evidence-correct")).to_have_count(0)

    # The student sees the same evidence, and no way to correct it.
    student = login(new_context(), live_server, "slee")
    student.goto(cell_url)
    expect(student.get_by_role("heading", name=re.compile("Show the math"))).to_be_visible()
    check_evidence(student)
    expect(student.locator(".evidence-correct")).to_have_count(0)
    expect(student.get_by_role("link", name=re.compile("Correct"))).to_have_count(0)
