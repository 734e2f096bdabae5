"""Issue 9's judged scenario, as a new user would try it in a real browser, through the
pages only: Ana misses form A of a standard, looks back at it (a reason and a fix per
missed question, then what she will do differently) and finishes; under "What next?" she
asks for a peer tutor; Ben, who mastered the standard and offered to tutor it (offers page),
accepts on his tutoring page; both confirm the session. The class keeps the default retake
rules (a day's wait, the look back written), so the next form stays locked until the clock
moves on a day; then "I'm ready" is back and Ana masters form B. The teacher reads the
reasons on the standard's error patterns, forms a small group of two students who are not
yet there from the board, marks who came and records a station check for one of them."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from masterymap.accounts.actions import create_classroom
from masterymap.accounts.models import School, User
from masterymap.assessments.actions import create_item
from masterymap.assessments.models import Attempt, Item
from masterymap.evidence.models import Evidence
from masterymap.interventions.models import (
    ErrorAnalysis,
    GroupMember,
    Route,
    SmallGroup,
    Step,
    TutorPair,
)
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.actions import create_mastery_map, create_unit
from masterymap.workflows import actions as workflows
from tests.browser.conftest import World, join_and_approve, make_user
from tests.browser.support import (
    NUMERIC_KEY,
    NUMERIC_STEM,
    PHONE,
    SERVER_LOCK,
    SINGLE_RIGHT,
    SINGLE_STEM,
    TEXT_ACCEPTED,
    TEXT_STEM,
    login,
    question,
    start_attempt,
)

pytestmark = pytest.mark.browser

NUMERIC_FIX = "Divide, then check the answer against an estimate."
TEXT_FIX = "Numerator first, then the denominator, in words."
SUMMARY = "Read each question twice and estimate before I answer."
# Bank-only questions (on no form): what the station asks at a one-on-one check.
BANK = [(f"What is {a} × {b}?", a * b) for a, b in ((2, 3), (4, 5), (6, 7), (3, 9), (8, 8))]


@pytest.fixture
def world(transactional_db, _fast_passwords) -> World:
    """Tomás's class of four: Ana and Ben (the scenario), Cara and Dev (the small group).
    Overrides conftest's `world`, so conftest's `assessed` builds the standard on this map."""
    school = School.objects.create(name="Lakeside Middle School")
    tomas = make_user("tomas", User.Role.TEACHER, school, "Tomás", "Reyes")
    mastery_map = create_mastery_map(author=tomas, title="Grade 7 Mathematics")
    unit = create_unit(mastery_map=mastery_map, title="Ratios and proportions")
    classroom = create_classroom(teacher=tomas, name="7A Maths", mastery_map=mastery_map)
    ana = make_user("ana", User.Role.STUDENT, school, "Ana", "López")
    ben = make_user("ben", User.Role.STUDENT, school, "Ben", "Okoro")
    cara = make_user("cara", User.Role.STUDENT, school, "Cara", "Díaz")
    dev = make_user("dev", User.Role.STUDENT, school, "Dev", "Patel")
    join_and_approve(classroom, tomas, ana, ben, cara, dev)
    return World(school, tomas, ana, ben, mastery_map, unit, classroom)


def the_next_morning() -> datetime:
    """Eight o'clock tomorrow, in the school's time zone: the default cool-down is over."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return datetime.combine(tomorrow, time(8, 0), tzinfo=timezone.get_current_timezone())


def saved_after(page: Page, action) -> None:
    """Do `action` and wait for its autosave to come back saved."""
    with page.expect_response(lambda r: r.url.endswith("/error-analysis/")) as sent:
        action()
    assert sent.value.ok
    expect(page.locator("#analysis-status")).to_contain_text("Saved at")


def test_after_the_score_from_not_yet_to_mastered_and_the_teachers_side(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    standard = assessed.standard
    code = standard.code
    map_url = f"{base}/classes/{world.classroom.pk}/map/"
    cara = User.objects.get(username="cara")
    dev = User.objects.get(username="dev")
    with SERVER_LOCK:
        for stem, key in BANK:
            create_item(standard=standard, kind=Item.Kind.NUMERIC, stem=stem, numeric_answer=key)
        # Ben mastered the standard on form A; Cara and Dev missed it (every answer blank).
        right = str(assessed.single.choices.get(text=SINGLE_RIGHT).pk)
        bens = workflows.start_attempt(student=world.other_student, standard=standard)
        workflows.submit_attempt(
            attempt=bens,
            answers={
                assessed.single.pk: [right],
                assessed.numeric.pk: [str(NUMERIC_KEY)],
                assessed.text.pk: [TEXT_ACCEPTED[0]],
            },
        )
        for student in (cara, dev):
            attempt = workflows.start_attempt(student=student, standard=standard)
            workflows.submit_attempt(attempt=attempt, answers={})

    # --- Ben offers to tutor the standard he mastered, from his map's offers page. ----------
    ben = login(new_context(viewport=PHONE), live_server, "ben")
    ben.goto(map_url)
    ben_card = ben.locator(f"#standard-{standard.pk}")
    expect(ben_card.locator(".badge").first).to_have_text("Mastered")
    ben.get_by_role("link", name="Tutor classmates on the standards you mastered").click()
    ben.locator(f"#offer-{standard.pk}").get_by_role(
        "button", name=f"Offer to tutor {code}"
    ).click()
    expect(ben.locator(f"#offer-{standard.pk}")).to_contain_text("You offer to tutor this.")
    ben.get_by_role("link", name="Back to my map").click()
    expect(ben_card).to_contain_text("You offer to tutor this.")

    # --- Ana misses form A: one question right, two wrong. ---------------------------------
    ana = login(new_context(viewport=PHONE), live_server, "ana")
    attempt_id = start_attempt(ana, live_server, world.classroom.pk, standard)
    expect(ana.locator("h1")).to_contain_text("form A")
    ana.locator(f"#q-{assessed.single.pk}").get_by_label(SINGLE_RIGHT, exact=True).check()
    ana.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox").fill("12")
    ana.locator(f"#q-{assessed.text.pk}").get_by_role("textbox").fill("four thirds")
    ana.get_by_role("button", name="Submit my answers").click()
    ana.wait_for_url(re.compile(rf"/attempts/{attempt_id}/$"))
    expect(ana.locator(".result-banner")).to_contain_text("Not yet.")

    # --- She looks back at the try: a reason and a fix per missed question, then the
    # reflection; every change saves by itself, and "Finish" finishes it. -----------------
    section = ana.locator("#error-analysis")
    expect(section.get_by_role("heading", name="Look back at this try")).to_be_visible()
    expect(ana.locator("#analysis-status")).to_contain_text("Saves automatically")
    expect(section.locator(f"#missed-{assessed.single.pk}")).to_have_count(0)  # right
    numeric = section.locator(f"#missed-{assessed.numeric.pk}")
    text = section.locator(f"#missed-{assessed.text.pk}")
    saved_after(ana, numeric.get_by_label("A careless slip").check)
    saved_after(ana, lambda: numeric.get_by_role("textbox").fill(NUMERIC_FIX))
    saved_after(ana, text.get_by_label("I didn't know how").check)
    saved_after(ana, lambda: text.get_by_role("textbox").fill(TEXT_FIX))
    saved_after(
        ana,
        lambda: section.get_by_label("What will you do differently next time?").fill(SUMMARY),
    )
    section.get_by_role("button", name=re.compile("^Finish")).click()
    expect(ana.locator("#analysis-status")).to_contain_text("Finished.")
    expect(ana.locator("#analysis-state")).to_contain_text("Finished on")
    with SERVER_LOCK:
        analysis = ErrorAnalysis.objects.get(attempt_id=attempt_id)
    assert analysis.finished_at is not None and analysis.summary == SUMMARY

    # --- "What next?": work with a peer tutor. Ben is the one asked. ------------------------
    what_next = ana.locator("#what-next")
    expect(what_next.get_by_role("heading", name="What next?")).to_be_visible()
    peer = what_next.locator("#route-peer")
    expect(peer.get_by_role("heading", name="Work with a peer tutor")).to_be_visible()
    peer.get_by_role("button", name="Ask for a peer tutor").click()
    ana.wait_for_url(re.compile(r"/tutoring/\d+/$"))
    pair_url = ana.url
    expect(ana.locator("#tutoring-state")).to_contain_text("We asked Ben O. to help you.")
    with SERVER_LOCK:
        pair = TutorPair.objects.get(tutee=world.student)
        step = Step.objects.get(student=world.student)
    assert (pair.tutor_id, pair.state, step.route) == (
        world.other_student.pk,
        TutorPair.State.ASKED,
        Route.PEER,
    )

    # --- Ben sees the request on his map and accepts it on his tutoring page. ---------------
    ben.goto(map_url)
    expect(ben_card).to_contain_text("A classmate asks for your help here.")
    ben.goto(pair_url)
    ben_state = ben.locator("#tutoring-state")
    expect(ben_state).to_contain_text("A classmate asks for your help")
    ben_state.get_by_role("button", name="Accept", exact=True).click()
    expect(ben.locator("#tutoring-state")).to_contain_text("You are helping Ana L.")

    # --- They meet; both confirm the session, Ben first. ------------------------------------
    ben.locator("#tutoring-confirm").get_by_role("button", name="We had our session").click()
    expect(ben.locator(".flash")).to_contain_text("Waiting for the other side to confirm.")
    ana.goto(pair_url)
    expect(ana.locator("#tutoring-confirm")).to_contain_text("Your tutor confirmed the session.")
    ana.locator("#tutoring-confirm").get_by_role("button", name="We had our session").click()
    expect(ana.locator(".flash")).to_contain_text("Session held: you both confirmed it.")
    expect(ana.locator("#tutoring-state")).to_contain_text("Session held with Ben O.")
    with SERVER_LOCK:
        pair.refresh_from_db()
        step.refresh_from_db()
    assert pair.state == TutorPair.State.DONE and step.done_at is not None

    # --- The teacher reads the reasons on the standard's error patterns, today. -----------
    tomas = login(new_context(viewport=PHONE), live_server, "tomas")
    tomas.goto(f"{base}/classes/{world.classroom.pk}/")
    tomas.get_by_role("link", name="Small groups").click()
    expect(tomas.get_by_role("heading", level=1)).to_contain_text("Small groups")
    board_url = tomas.url
    tomas.locator(f"#standard-{standard.pk}").get_by_role(
        "link", name=re.compile("^Error patterns")
    ).click()
    tomas.wait_for_url(re.compile(r"/patterns/$"))
    expect(tomas.get_by_role("heading", level=1)).to_contain_text("Error patterns")
    numeric_pattern = tomas.locator(f"#pattern-{assessed.numeric.pk}")
    expect(numeric_pattern).to_contain_text("A careless slip: 1 student")
    # Cara and Dev missed every question and have not said why.
    expect(numeric_pattern).to_contain_text("2 missed it and have not said why.")
    expect(tomas.locator(f"#pattern-{assessed.text.pk}")).to_contain_text(
        "Didn't know how: 1 student"
    )

    # --- Today the next form stays locked: the class's rules wait a day. --------------------
    ana.goto(map_url)
    ana_card = ana.locator(f"#standard-{standard.pk}")
    expect(ana_card.locator(f"#locked-{standard.pk}")).to_contain_text("The next form is locked.")
    expect(ana_card).to_contain_text("The next form opens tomorrow.")
    expect(ana_card).not_to_contain_text("First write your reflection")  # finished
    expect(ana_card.get_by_role("button", name=re.compile("I'm ready"))).to_have_count(0)

    # --- The next morning (the server's clock moved on a day): it opens. -------------------
    with time_machine.travel(the_next_morning(), tick=True):
        today = timezone.localdate()
        # A night's sleep ends every session: each logs in again.
        ana = login(new_context(viewport=PHONE), live_server, "ana")
        ana.goto(map_url)
        ana_card = ana.locator(f"#standard-{standard.pk}")
        expect(ana_card.locator(f"#locked-{standard.pk}")).to_have_count(0)
        ana_card.get_by_role("button", name=re.compile("I'm ready")).click()
        ana.wait_for_url(re.compile(r"/attempts/\d+/$"))
        expect(ana.locator("h1")).to_contain_text("form B")
        # Form B's own questions (parallel forms share none), written like form A's.
        question(ana, SINGLE_STEM).get_by_label(SINGLE_RIGHT, exact=True).check()
        question(ana, NUMERIC_STEM).get_by_role("textbox").fill(str(NUMERIC_KEY))
        question(ana, TEXT_STEM).get_by_role("textbox").fill(TEXT_ACCEPTED[1])
        ana.get_by_role("button", name="Submit my answers").click()
        expect(ana.locator(".result-banner")).to_contain_text("Mastered!")
        ana.goto(map_url)
        expect(ana_card.locator(".badge").first).to_have_text("Mastered")
        expect(ana_card).to_contain_text("Mastered. Well done!")
        with SERVER_LOCK:
            forms = list(
                Attempt.objects.filter(student=world.student)
                .order_by("pk")
                .values_list("form__label", "mastered")
            )
            record = MasteryRecord.objects.get(student=world.student, standard=standard)
        assert forms == [("A", False), ("B", True)]
        assert record.status == MasteryRecord.State.MASTERED

        # --- The board: Cara and Dev, not yet there, gathered into a group. ----------------
        tomas = login(new_context(viewport=PHONE), live_server, "tomas")
        tomas.goto(board_url)
        card = tomas.locator(f"#standard-{standard.pk}")
        expect(card).not_to_contain_text("Ana López")  # mastered now
        card.get_by_role("checkbox", name=re.compile("Cara Díaz")).check()
        card.get_by_role("checkbox", name=re.compile("Dev Patel")).check()
        # This morning, so who came can be marked right after.
        card.get_by_label("When").fill(f"{today.isoformat()}T08:00")
        card.get_by_role("button", name=re.compile("^Form group")).click()
        expect(tomas.locator(".flash")).to_contain_text("Group formed on")
        expect(tomas.locator("h1")).to_contain_text("Small group:")
        with SERVER_LOCK:
            group = SmallGroup.objects.get()
            cara_member = GroupMember.objects.get(group=group, student=cara)
            dev_member = GroupMember.objects.get(group=group, student=dev)

        # --- Who came, then a one-on-one check for Cara at the station. -------------------
        tomas.get_by_role("button", name="Came · Cara Díaz").click()
        expect(tomas.locator(f"#member-{cara_member.pk} .member-attended")).to_have_text("✓ Came")
        tomas.get_by_role("button", name="Came · Dev Patel").click()
        expect(tomas.locator(f"#member-{dev_member.pk} .member-attended")).to_have_text("✓ Came")
        tomas.get_by_role("link", name="Record a check · Cara Díaz").click()
        expect(tomas).to_have_url(re.compile(r"/station/\?student=\d+&standard=\d+"))
        battery = tomas.locator("#station-battery")
        expect(battery).to_have_attribute("data-student", str(cara.pk))
        expect(battery).to_have_attribute("data-standard", str(standard.pk))
        marks = tomas.locator("#station-check-form input[value=right]")
        expect(marks.first).to_be_visible()
        for mark in marks.all():
            mark.check()
        tomas.locator("#station-record").click()
        outcome = tomas.locator("#station-battery .station-outcome")
        expect(outcome).to_contain_text("100 %")
        with SERVER_LOCK:
            check = Evidence.objects.get(student=cara, kind=Evidence.Kind.ONE_ON_ONE)
            cara_member.refresh_from_db()
        assert check.recorded_by_id == world.teacher.pk
        assert check.assessed_on == today
        assert cara_member.attended is True
