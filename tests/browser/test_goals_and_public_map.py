"""Issue 10 as a new user would try it, in a real browser:

- the teacher shows the public map in "first name and initial" on a 1280 px projector; a
  student masters a standard on another device and the projector shows it within seconds,
  without reloading, and nothing sticks out or scrolls inside the page;
- a student sets a goal of 8 standards by a date and reads the pace, the projection and the
  plot (with its numbers);
- on the demo school, the teacher sees an off-track alert on the grid and dismisses it in
  the needs-attention panel.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masterymap.demo.load import DEMO_PASSWORD, load_demo
from masterymap.goals.models import DismissedAlert
from masterymap.standards.actions import create_standard
from masterymap.workflows.actions import record_evidence
from tests.browser import support
from tests.browser.support import SERVER_LOCK, login, overflow_report, question

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 800}


def test_the_projector_updates_and_a_student_sets_a_goal(
    world, assessed, live_server, new_context
) -> None:
    base, c = live_server.url, world.classroom.pk
    with SERVER_LOCK:
        # A map of 12 standards; Sam mastered three of them over the last weeks.
        extra = [
            create_standard(
                unit=world.unit,
                code=f"7.X.{n}",
                statement=f"Skill {n}",
                i_can=f"I can do skill {n}",
                icon="star",
                colour="blue",
            )
            for n in range(1, 12)
        ]
        now = timezone.now()
        for n, standard in enumerate(extra[:3]):
            record_evidence(
                recorded_by=world.teacher,
                classroom=world.classroom,
                student=world.student,
                standard=standard,
                kind="one_on_one",
                level=4,
                assessed_on=timezone.localdate(now - timedelta(days=4 + 6 * n)),
                at=now - timedelta(days=4 + 6 * n),
            )

    teacher = login(new_context(viewport=PROJECTOR), live_server, "arivera")
    teacher.goto(f"{base}/classes/{c}/public-map/settings/")
    teacher.get_by_label("First name and initial").check()
    teacher.get_by_label("Our norms").fill("We cheer every standard; nobody is behind.")
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator(".flash")).to_contain_text("Saved")
    teacher.get_by_role("link", name="The public class map").click()
    board = teacher.locator("#public-board")
    expect(board).to_contain_text("We cheer every standard")
    expect(board.locator(".public-student", has_text="Sam L.")).to_contain_text("3 mastered")
    # His symbols are drawn from the drawings in the page: each has a size (a broken
    # reference draws nothing), and the row names them for a screen reader.
    sam = board.locator(".public-student", has_text="Sam L.").locator(".public-symbols")
    expect(sam).to_have_attribute("role", "img")
    expect(sam).to_have_attribute("aria-label", re.compile(r"^\w[\w ]+, \w[\w ]+, \w[\w ]+$"))
    sizes = sam.evaluate("el => [...el.querySelectorAll('use')].map(u => u.getBBox().width)")
    assert len(sizes) == 3 and all(w > 0 for w in sizes), sizes
    expect(board).not_to_contain_text("Sam Lee")
    first = board.locator(".public-standard", has_text="7.RP.A.1")
    expect(first.locator(".public-std-count")).to_have_text("0 of 2")
    fits, culprits = overflow_report(teacher)
    assert fits, culprits
    scrollers = teacher.evaluate(
        """() => [...document.querySelectorAll('main *')].filter(el => {
             const s = getComputedStyle(el);
             return /(auto|scroll)/.test(s.overflowX + s.overflowY) &&
                    (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
           }).map(el => el.className)"""
    )
    assert scrollers == [], scrollers

    # Sam masters 7.RP.A.1 on his own device; the projector shows it by itself.
    student = login(new_context(), live_server, "slee")
    support.start_attempt(student, live_server, c, assessed.standard)
    question(student, support.SINGLE_STEM).get_by_label(support.SINGLE_RIGHT).check()
    question(student, support.NUMERIC_STEM).get_by_role("textbox").fill(str(support.NUMERIC_KEY))
    question(student, support.TEXT_STEM).get_by_role("textbox").fill(support.TEXT_ACCEPTED[0])
    student.get_by_role("button", name="Submit my answers").click()
    expect(student.locator(".result-banner")).to_contain_text("Mastered")
    expect(first.locator(".public-std-count")).to_have_text("1 of 2", timeout=12_000)
    expect(board.locator(".celebrate")).to_contain_text("Sam L. mastered 7.RP.A.1")
    expect(board.locator(".public-student", has_text="Sam L.")).to_contain_text("4 mastered")

    # Sam sets a goal of 8 standards in four weeks and reads his pace and plot.
    student.goto(f"{base}/classes/{c}/students/{world.student.pk}/tracker/")
    student.get_by_role("link", name="Set a goal").click()
    student.get_by_label("Master a number of standards").check()
    student.get_by_label("How many").fill("8")
    deadline = timezone.localdate() + timedelta(days=28)
    student.get_by_label("By").fill(deadline.isoformat())
    student.get_by_role("button", name="Set the goal").click()
    goal = student.locator("article.goal").first
    expect(goal).to_contain_text("Master 8 standards by")
    expect(goal).to_contain_text("4 of 8")
    expect(goal.locator(".sentence")).to_contain_text(
        re.compile(r"a week you reach 8 on .*the deadline needs 1 a week")
    )
    expect(goal.locator(".pace-badge")).to_contain_text(re.compile("On track|Off track"))
    expect(goal.locator("svg.plot-svg")).to_be_visible()
    goal.get_by_text("Show the numbers").click()
    expect(goal.locator("table")).to_contain_text("goal: 8")


def test_the_teacher_dismisses_an_off_track_alert_in_the_demo_school(
    live_server, new_context
) -> None:
    with SERVER_LOCK:
        load_demo()
    teacher = login(new_context(), live_server, "tomas", DEMO_PASSWORD)
    teacher.get_by_role("link", name=re.compile("7A Maths")).first.click()
    strip = teacher.locator("#grid-attention")
    expect(strip).to_contain_text("need attention")
    expect(strip.locator(".alert-off").first).to_contain_text("Off track")
    strip.get_by_role("link", name=re.compile("panel")).click()
    expect(teacher.get_by_role("heading", name="Needs attention", exact=True)).to_be_visible()
    off = teacher.locator("#alerts-off").locator("xpath=..").locator(".alert-row")
    count = off.count()
    assert count >= 1
    name = off.first.locator("a").first.inner_text()
    expect(off.first).to_contain_text("the deadline needs")
    off.first.get_by_role("button", name=re.compile("^Dismiss")).click()
    expect(off).to_have_count(count - 1)
    with SERVER_LOCK:
        assert DismissedAlert.objects.filter(key__startswith="off:").count() == 1
    teacher.reload()
    expect(teacher.locator(".alert-off", has_text=name)).to_have_count(0)
