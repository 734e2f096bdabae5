"""Issue 11 as a new user would try it, in a real browser:

- the teacher builds a benchmark over three standards from the bank and opens it;
- a student who mastered all three scores low on one; the grid shows *needs review* on
  that cell; the student picks an explanation and takes a fresh form; the teacher reviews
  what disagrees and keeps the mastery, with a reason;
- a second student's paper answers are typed in by keyboard and scored.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.benchmarks import actions
from masterymap.benchmarks.models import Sitting
from masterymap.mastery.models import MasteryRecord, ReviewDecision
from masterymap.standards.actions import create_standard
from masterymap.workflows.actions import record_evidence
from tests.browser.support import SERVER_LOCK, login, question

pytestmark = pytest.mark.browser


def _standard(world, code: str, n: int):
    """A standard with form A (two questions) and three bank questions on no form; every
    key is the choice "Yes"."""
    standard = create_standard(
        unit=world.unit,
        code=code,
        statement=f"Skill {n}",
        i_can=f"I can do skill {n}",
        icon="star",
        colour="blue",
    )

    def item(stem: str):
        return create_item(
            standard=standard,
            kind="single",
            stem=stem,
            choices=[ChoiceInput("Yes", True), ChoiceInput("No", False, "Guessed")],
        )

    form_items = [item(f"{code} form question {i}") for i in (1, 2)]
    create_form(standard=standard, item_ids=[i.pk for i in form_items])
    for i in (1, 2, 3):
        item(f"{code} bank question {i}")
    return standard


def test_a_benchmark_from_build_to_review_and_paper(world, live_server, new_context) -> None:
    base, c = live_server.url, world.classroom.pk
    with SERVER_LOCK:
        standards = [_standard(world, f"7.B.{n}", n) for n in (1, 2, 3)]
        low = standards[0]
        # Sam mastered all three at the station last week.
        for standard in standards:
            record_evidence(
                recorded_by=world.teacher,
                classroom=world.classroom,
                student=world.student,
                standard=standard,
                kind="one_on_one",
                level=4,
                assessed_on=timezone.localdate() - timedelta(days=6),
                at=timezone.now() - timedelta(days=6),
            )

    # The teacher builds it from the bank and opens it.
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/classes/{c}/")
    teacher.get_by_role("link", name="Benchmarks").click()
    teacher.get_by_label("Title").fill("Unit 1 test")
    for standard in standards:
        teacher.get_by_label(re.compile(re.escape(standard.code))).check()
    teacher.get_by_label("Questions per standard, drawn from the bank").fill("2")
    teacher.get_by_role("button", name="Build the draft").click()
    expect(teacher.locator("main")).to_contain_text("6 questions, 6 points.")
    expect(teacher.locator("main")).not_to_contain_text("form question")
    teacher.get_by_label("Time limit in minutes (optional)").fill("30")
    teacher.get_by_role("button", name="Open the benchmark").click()
    expect(teacher.locator(".flash")).to_contain_text("every student of the class can start it")

    # Sam takes it: right on two standards, wrong on the first.
    sam = login(new_context(), live_server, "slee")
    sam.goto(f"{base}/classes/{c}/map/")
    sam.get_by_role("button", name="Start the benchmark").click()
    sam.wait_for_url(re.compile(r"/benchmark-sittings/\d+/$"))
    expect(sam.locator("main")).not_to_contain_text("Guessed")
    for fieldset in sam.locator("fieldset.question").all():
        wrong = low.code in (fieldset.locator("legend").text_content() or "")
        fieldset.get_by_label("No" if wrong else "Yes").check()
    expect(sam.locator("#save-status")).to_contain_text("All answers saved")
    sam.get_by_role("button", name="Hand in").click()
    expect(sam.locator(".score-big")).to_have_text("4/6 · 67 %")
    review = sam.locator(f"#standard-{low.pk}")
    expect(review).to_contain_text("Needs review")

    # The grid shows it on that cell, with a mark and a word, not colour alone.
    teacher.goto(f"{base}/classes/{c}/")
    cell = teacher.locator(
        f"a.cell[href='/classes/{c}/students/{world.student.pk}/standards/{low.pk}/']"
    )
    expect(cell).to_have_class(re.compile("status-needs-review"))
    expect(cell).to_have_attribute("aria-label", re.compile("Needs review"))
    expect(cell).to_contain_text("?")

    # Sam says what happened and takes a fresh form, which he masters.
    review.get_by_label("I need more practice on this standard").check()
    review.get_by_role("button", name="Save my explanation").click()
    sam.get_by_role("button", name=re.compile("Take a fresh form on")).click()
    sam.wait_for_url(re.compile(r"/attempts/\d+/$"))
    for n in (1, 2):
        question(sam, f"{low.code} form question {n}").get_by_label("Yes").check()
    expect(sam.locator("#save-status")).to_contain_text("All answers saved")
    sam.get_by_role("button", name="Submit my answers").click()
    expect(sam.locator(".score-big")).to_contain_text("2/2")

    # The teacher sees what disagrees with what, and keeps the mastery with a reason.
    teacher.goto(f"{base}/classes/{c}/students/{world.student.pk}/standards/{low.pk}/")
    teacher.get_by_role("link", name="See what disagrees and decide").click()
    expect(teacher.locator("main")).to_contain_text("Unit 1 test")
    expect(teacher.locator("main")).to_contain_text("I need more practice on this standard")
    expect(teacher.locator("main")).to_contain_text("Assessment attempt")
    teacher.get_by_label("Keep mastered").check()
    teacher.get_by_label("Why (the student reads this)").fill("Fresh form B was solid.")
    teacher.get_by_role("button", name="Save the decision").click()
    expect(teacher.locator(".flash")).to_contain_text("Mastered")
    expect(cell).to_have_class(re.compile("status-mastered"))
    with SERVER_LOCK:
        decision = ReviewDecision.objects.get()
        assert (decision.resolution, decision.decided_by_id) == ("keep", world.teacher.pk)
        assert (
            MasteryRecord.objects.get(
                classroom=world.classroom, student=world.student, standard=low
            ).status
            == "mastered"
        )

    # Jo sat it on paper: the teacher types the letters, one key per answer, and Enter.
    teacher.goto(f"{base}/classes/{c}/")
    teacher.get_by_role("link", name="Benchmarks").click()
    teacher.get_by_role("link", name="Unit 1 test").click()
    teacher.get_by_role("link", name="Type paper answers").click()
    first = teacher.get_by_label(re.compile(r"Jo Khan, question 1\b"))
    first.click()
    teacher.keyboard.type("AABABA")
    teacher.keyboard.press("Enter")
    row = teacher.locator(f"#paper-row-{world.other_student.pk}")
    expect(row).to_contain_text("4/6")
    with SERVER_LOCK:
        sitting = Sitting.objects.get(student=world.other_student)
        assert (sitting.source, sitting.points) == ("paper", 4)


def test_the_time_limit_counts_down_and_hands_in_the_saved_answers(
    world, live_server, new_context
) -> None:
    base = live_server.url
    with SERVER_LOCK:
        standard = _standard(world, "7.B.9", 9)
        benchmark = actions.open_benchmark(
            benchmark=actions.create_benchmark(
                classroom=world.classroom,
                by=world.teacher,
                title="Timed quiz",
                standard_ids=[standard.pk],
                per_standard=3,
            ),
            time_limit_minutes=5,
        )
        sitting = actions.start_sitting(benchmark=benchmark, student=world.student)
        # Five minutes have nearly passed.
        Sitting.objects.filter(pk=sitting.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    sam = login(new_context(), live_server, "slee")
    sam.goto(f"{base}/benchmark-sittings/{sitting.pk}/")
    expect(sam.locator(".bench-timer")).to_contain_text("1 minute left")
    sam.locator("fieldset.question").first.get_by_label("Yes").check()
    expect(sam.locator("#save-status")).to_contain_text("All answers saved")
    # Time runs out: the page hands in by itself and shows the result.
    expect(sam.locator(".score-big")).to_have_text("1/3 · 33 %", timeout=15_000)
    with SERVER_LOCK:
        assert Sitting.objects.get(pk=sitting.pk).is_submitted
