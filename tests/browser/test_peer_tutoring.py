"""Peer tutoring in a real browser: Jo mastered the standard and offers to tutor it from
their map; Sam misses form A, asks for a peer tutor from "What next?" and shares their error
analysis; Jo accepts on their map card and reads it; both confirm the session, Sam from the
map; the trackers record it and the teacher sees the pair. The pages pass axe-core and fit a
phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from masterymap.interventions import reflections
from masterymap.interventions.models import Route, Step, TutorPair
from masterymap.workflows import actions as workflows
from tests.browser.support import (
    NUMERIC_KEY,
    PHONE,
    SERVER_LOCK,
    SINGLE_RIGHT,
    TEXT_ACCEPTED,
    login,
)
from tests.browser.test_accessibility import AXE, axe_violations, describe, overflow

pytestmark = pytest.mark.browser

FIX = "Read the whole question before choosing."
SUMMARY = "Slow down and check each fraction."


def check_page(page: Page) -> None:
    """axe-core finds nothing, and the page fits the phone's width."""
    assert AXE.exists(), "run `make setup-dev` (npm ci in tests/browser)"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not overflow(page, PHONE["width"]), overflow(page, PHONE["width"])


def test_a_student_asks_a_peer_tutor_who_accepts_and_both_confirm(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    standard = assessed.standard
    with SERVER_LOCK:
        # Jo masters form A; Sam misses it and looks back at one question.
        right = str(assessed.single.choices.get(text=SINGLE_RIGHT).pk)
        jos = workflows.start_attempt(student=world.other_student, standard=standard)
        workflows.submit_attempt(
            attempt=jos,
            answers={
                assessed.single.pk: [right],
                assessed.numeric.pk: [str(NUMERIC_KEY)],
                assessed.text.pk: [TEXT_ACCEPTED[0]],
            },
        )
        sams = workflows.start_attempt(student=world.student, standard=standard)
        sams = workflows.submit_attempt(attempt=sams, answers={})
        reflections.save_error_analysis(
            attempt=sams,
            student=world.student,
            reasons={assessed.single.pk: "misread"},
            fixes={assessed.single.pk: FIX},
            summary=SUMMARY,
        )
    map_url = f"{base}/classes/{world.classroom.pk}/map/"

    # --- Jo offers to tutor the standard they mastered. ------------------------------------
    jo = login(new_context(viewport=PHONE), live_server, "jkhan")
    jo.goto(map_url)
    jo.get_by_role("link", name="Tutor classmates on the standards you mastered").click()
    expect(jo.locator("h1")).to_have_text("Tutor classmates")
    jo_row = jo.locator(f"#offer-{standard.pk}")
    jo_row.get_by_role("button", name=f"Offer to tutor {standard.code}").click()
    expect(jo.locator(".flash")).to_contain_text("Classmates who need help")
    expect(jo_row).to_contain_text("You offer to tutor this.")
    expect(jo.locator("#offers-count")).to_contain_text("Offered: 1 of the 1 you mastered")
    check_page(jo)
    jo.get_by_role("link", name="Back to my map").click()
    jo_card = jo.locator(f"#standard-{standard.pk}")
    expect(jo_card).to_contain_text("You offer to tutor this.")

    # --- Sam asks for a peer tutor from "What next?" on the result page. -------------------
    sam = login(new_context(viewport=PHONE), live_server, "slee")
    sam.goto(f"{base}/attempts/{sams.pk}/")
    sam.locator("#what-next").get_by_role("button", name="Ask for a peer tutor").click()
    sam.wait_for_url(re.compile(r"/tutoring/\d+/$"))
    state = sam.locator("#tutoring-state")
    expect(state).to_contain_text("We asked Jo K. to help you.")
    with SERVER_LOCK:
        pair = TutorPair.objects.get()
        step = Step.objects.get(student=world.student)
    assert (pair.tutor_id, pair.state, step.route) == (
        world.other_student.pk,
        TutorPair.State.ASKED,
        Route.PEER,
    )
    expect(sam.locator("#share-now")).to_contain_text("Private")
    check_page(sam)
    sam.get_by_label("Let my tutor see my error analysis on this standard").check()
    sam.get_by_role("button", name="Save my choice").click()
    expect(sam.locator(".flash")).to_contain_text("Your tutor may read your error analysis")
    expect(sam.locator("#share-now")).to_contain_text("Shared")

    # --- Jo sees the request on their map card and accepts it. ------------------------------
    jo.goto(map_url)
    expect(jo_card).to_contain_text("A classmate asks for your help here.")
    jo_card.get_by_role("button", name=re.compile(r"^Accept")).click()
    jo.wait_for_url(re.compile(rf"/tutoring/{pair.pk}/$"))
    expect(jo.locator("#tutoring-state")).to_contain_text("You are helping Sam L.")
    shared = jo.locator("#tutoring-analysis")
    expect(shared).to_contain_text(FIX)
    expect(shared).to_contain_text(SUMMARY)
    expect(shared).to_contain_text("I misread the question")
    check_page(jo)
    jo.get_by_role("button", name="We had our session").click()
    expect(jo.locator(".flash")).to_contain_text("Waiting for the other side to confirm.")

    # --- Sam confirms from the map: the session is held, the step done. -------------------
    sam.goto(map_url)
    sam_card = sam.locator(f"#standard-{standard.pk}")
    expect(sam_card).to_contain_text("Jo will help you")
    check_page(sam)
    sam_card.get_by_role("button", name=re.compile("We had our session")).click()
    expect(sam.locator(".flash")).to_contain_text("Session held: you both confirmed it.")
    with SERVER_LOCK:
        pair.refresh_from_db()
        step.refresh_from_db()
    assert pair.state == TutorPair.State.DONE
    assert step.done_by_id == world.student.pk and step.done_at is not None
    sam.get_by_role("link", name="My tracker").click()
    expect(sam.locator("#tutoring")).to_contain_text(
        f"Sessions received: 1 {standard.code} with Jo"
    )
    check_page(sam)

    # --- Jo's tracker records the session given; the teacher sees the pair. ---------------
    jo.goto(f"{base}/classes/{world.classroom.pk}/students/{world.other_student.pk}/tracker/")
    expect(jo.locator("#tutoring")).to_contain_text(f"Sessions given: 1 {standard.code} with Sam")
    teacher = login(new_context(viewport=PHONE), live_server, "arivera")
    teacher.goto(f"{base}/classes/{world.classroom.pk}/")
    teacher.get_by_role("link", name="Peer tutoring").click()
    expect(teacher.locator(f"#pair-{pair.pk}")).to_contain_text("Session held")
    expect(teacher.locator("#offers")).to_contain_text("Jo K.")
    check_page(teacher)
