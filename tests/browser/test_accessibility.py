"""Accessibility in a real browser.

`test_every_page_passes_axe` visits every page of the app as each role (a visitor, a
student, a teacher, a school admin), on a desktop and on a phone, in English and in Spanish,
and runs axe-core (WCAG 2.0 and 2.1, levels A and AA) on each; on the phone each page must
also fit the screen's width. axe-core is a test-only npm package (tests/browser/package.json,
installed by `make setup-dev`), injected into each page here and never served to users.

`test_spanish_pages_have_no_english` reads the Spanish pages' visible text, leaving out the
school's own content (marked `data-content` in the templates), for English interface words.

The other tests check what axe cannot: the focus ring's contrast, the focused element never
hidden under something sticky (the answer sheet's save bar, the grid's name column), and the
phone's top bar.

Run:                      .venv/bin/pytest tests/browser/test_accessibility.py
One combination:          ... -k "axe and phone-es"
A summary of violations:  AXE_REPORT=/tmp/axe.jsonl ... (one JSON line per violation)

Each test builds the school once (pytest-django's live server shares the test database);
each role logs in once and walks its pages in one tab, each page a subtest, so one failing
page never hides the others.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from masterymap.accounts.actions import create_classroom, enrol_students_by_name, join_classroom
from masterymap.accounts.models import Classroom, User
from masterymap.assessments.actions import (
    ChoiceInput,
    TranslationInput,
    create_form,
    create_item,
    update_item,
)
from masterymap.assessments.models import Item
from masterymap.interventions.groups import form_group
from masterymap.interventions.inbox import unlock_retake
from masterymap.interventions.routes import add_resource
from masterymap.interventions.tutoring import ask_for_tutor, offer_to_tutor
from masterymap.mastery.actions import override_level, set_retake_rules
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.retake import RetakeRules
from masterymap.standards.actions import create_standard, create_unit
from masterymap.standards.models import Standard
from masterymap.workflows.actions import correct_evidence, record_evidence, submit_attempt
from masterymap.workflows.actions import start_attempt as start_attempt_for
from tests.browser.conftest import join_and_approve, make_user
from tests.browser.support import PASSWORD, PHONE, SERVER_LOCK
from tests.browser.test_bilingual_and_listen import make_single_bilingual

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
LANGUAGES = ["en", "es"]
ROLES = {"visitor": None, "student": "slee", "teacher": "arivera", "school admin": "dadmin"}
LONG_NAME = "María José Hernández-Rodríguez"

# Common English interface words that must not be left on a Spanish page (outside the
# school's own content). Matched case-sensitively in the visible text, whitespace collapsed.
ENGLISH_WORDS = [
    " the ",
    " and ",
    " of ",
    " to ",
    " is ",
    " for ",
    " with ",
    " your ",
    "Your ",
    "My ",
    "Log out",
    "Log in",
    "Classes",
    "Class ",
    "Students",
    "Standards",
    "Standard",
    "Evidence",
    "Level",
    "Submit",
    "Save",
    "Show the math",
    "Not yet",
    "Not started",
    "In progress",
    "Mastered",
    "What if",
    "Override",
    "Preview",
    "Question",
    "Answer",
]


# --- the school: every state a page can show ----------------------------------------------


@dataclass
class Tour:
    """Ids of the school the pages are visited in; `attempts` fills in as the tour goes."""

    base: str
    classroom: int
    map: int
    unit: int
    unit_2: int
    standard: int
    single: int
    numeric: int
    text: int
    sam: int
    jo: int
    sam_evidence: int
    join_code: str
    pair: int  # Jo asks Sam (who mastered 7.EE.A.1) for peer tutoring
    group: int  # a small group on 7.RP.A.1 that met earlier today
    own_rules: int  # 7.EE.A.2, with its own retake rules
    benchmark: int  # open, over 7.RP.A.1 and 7.EE.A.1; Sam and Jo handed it in
    benchmark_draft: int
    sam_sitting: int  # Sam's, with a contradiction on 7.EE.A.1
    form_a: int
    # 7.EE.B.3: a question with pictures and an open response; Sam's attempt waits for the
    # teacher; the open question's id.
    waiting: int
    open_item: int
    card_key: str  # on the login card of the student with the long name
    attempts: list[int] = field(default_factory=list)


def build_school(world, assessed, live_server) -> Tour:
    """The `world` and `assessed` fixtures, plus a school admin; a second unit; a third
    student with a long name; Sam in a second class (so he has a class list); bank-only
    questions for the station; and evidence in every state: Sam "not yet" after a
    correction on 7.RP.A.1 and mastered on 7.EE.A.1, Jo overridden, 7.EE.A.2 not started."""
    make_user("dadmin", User.Role.SCHOOL_ADMIN, world.school, "Dana", "Okafor")
    teacher, standard = world.teacher, assessed.standard
    (long_named,) = enrol_students_by_name(classroom=world.classroom, names_text=LONG_NAME)
    unit_2 = create_unit(mastery_map=world.mastery_map, title="Expressions and equations")
    mastered = create_standard(
        unit=unit_2,
        code="7.EE.A.1",
        statement="Apply properties of operations to add and subtract linear expressions.",
        i_can="I can add and subtract linear expressions",
        icon="star",
        colour="amber",
    )
    own_rules = create_standard(
        unit=unit_2,
        code="7.EE.A.2",
        statement="Rewrite an expression in different forms.",
        i_can="I can rewrite expressions to see how quantities are related",
        icon="leaf",
        colour="orange",
    )
    create_item(standard=standard, kind=Item.Kind.NUMERIC, stem="What is 6 × 7?", numeric_answer=42)
    create_item(
        standard=standard,
        kind=Item.Kind.SINGLE,
        stem="Which ratio equals 2 : 3?",
        choices=[ChoiceInput("4 : 6", is_correct=True), ChoiceInput("3 : 2")],
    )
    second = create_classroom(teacher=teacher, name="7C Maths", mastery_map=world.mastery_map)
    join_and_approve(second, teacher, world.student)
    # Waiting for the teacher: Sam for a third class (his "join" page lists it), and a
    # newcomer for the first (the roster's waiting list).
    third = create_classroom(teacher=teacher, name="7D Maths", mastery_map=world.mastery_map)
    join_classroom(student=world.student, join_code=third.join_code)
    newcomer = make_user("rnovak", User.Role.STUDENT, world.school, "Rita", "Novak")
    join_classroom(student=newcomer, join_code=world.classroom.join_code)

    today = timezone.localdate()

    def evidence(student, level: int, days_ago: int, note: str, on=standard):
        return record_evidence(
            recorded_by=teacher,
            classroom=world.classroom,
            student=student,
            standard=on,
            kind="one_on_one",
            level=level,
            assessed_on=today - timedelta(days=days_ago),
            note=note,
        )

    evidence(world.student, 4, 6, "Battle the boss: all four right")
    wrong = evidence(world.student, 1, 3, "Mixed up the ratio's order")
    fixed = correct_evidence(  # Sam is at "not yet", so "I'm ready" opens a form
        evidence=wrong,
        recorded_by=teacher,
        level=2,
        assessed_on=today - timedelta(days=3),
        note="Marked against the wrong rubric row.",
    )
    evidence(world.student, 3, 1, "Combined like terms", on=mastered)
    evidence(world.other_student, 3, 2, "Solid")
    record = MasteryRecord.objects.get(
        classroom=world.classroom, student=world.other_student, standard=standard
    )
    override_level(record=record, level=4, reason="Taught it to the class.", by=teacher)
    # Wrong passwords for Jo (a pause) and Sam, for the school admin's sign-in events.
    for username, failures in [("jkhan", 5), ("slee", 2)]:
        AccessAttempt.objects.create(
            username=username,
            ip_address="10.0.0.7",
            user_agent="Chromium",
            http_accept="text/html",
            path_info="/login/",
            get_data="",
            post_data="",
            failures_since_start=failures,
        )
    # The single-choice item is bilingual, its Spanish older than its feedback: the answer
    # sheet shows the language switch and listen buttons, the editor the "out of date" warning.
    single = Item.objects.get(pk=assessed.single.pk)
    make_single_bilingual(single)
    update_item(
        item=single,
        kind=single.kind,
        stem=single.stem,
        feedback=single.feedback + " Check both fractions.",
        choices=[
            ChoiceInput(c.text, c.is_correct, c.misconception, c.text_translated)
            for c in single.choices.order_by("position")
        ],
        translation=TranslationInput("es", single.stem_translated, single.feedback_translated),
        at=timezone.now() + timedelta(minutes=1),
    )
    after_the_score = build_after_the_score(world, assessed, mastered, own_rules)
    build_goals(world)
    benchmarks = build_benchmarks(world, standard, mastered)
    written = build_written(world, unit_2)
    return Tour(
        base=live_server.url,
        classroom=world.classroom.pk,
        map=world.mastery_map.pk,
        unit=world.unit.pk,
        unit_2=unit_2.pk,
        standard=standard.pk,
        single=assessed.single.pk,
        numeric=assessed.numeric.pk,
        text=assessed.text.pk,
        sam=world.student.pk,
        jo=world.other_student.pk,
        sam_evidence=fixed.pk,
        join_code=third.join_code,
        form_a=assessed.form_a.pk,
        card_key=long_named.card_key,
        **after_the_score,
        **benchmarks,
        **written,
    )


def build_written(world, unit) -> dict[str, int]:
    """7.EE.B.3: a question with a picture (and a picture on a choice) and an open-response
    question on form A, which Sam has handed in: it waits in the teacher's queue."""
    from masterymap.assessments.models import Attempt
    from masterymap.demo.pictures import picture

    standard = create_standard(
        unit=unit,
        code="7.EE.B.3",
        statement="Solve multi-step real-life problems with rational numbers.",
        i_can="I can solve multi-step problems",
        icon="bolt",
        colour="purple",
    )
    pictured = create_item(
        standard=standard,
        kind=Item.Kind.SINGLE,
        stem="What is the area of the circle?",
        picture=picture("circle", "A circle with a radius of 5 cm"),
        choices=[
            ChoiceInput("78.5 cm²", is_correct=True),
            ChoiceInput("31.4 cm²", picture=picture("rectangle_4_6", "A 4 by 6 rectangle")),
        ],
    )
    written = create_item(
        standard=standard,
        kind=Item.Kind.OPEN,
        stem="Is 25 % off then 10 % tax the same as 15 % off? Explain.",
        points=5,
        rubric="3 Mastered: no; works out both prices and compares them.",
    )
    form = create_form(standard=standard, item_ids=[pictured.pk, written.pk])
    attempt = Attempt.objects.create(
        student=world.student, form=form, started_at=timezone.now() - timedelta(minutes=9)
    )
    submit_attempt(
        attempt=attempt,
        answers={written.pk: ["No: 40 − 10 + 3 = 33, but 15 % off is 34."]},
    )
    return {"waiting": attempt.pk, "open_item": written.pk}


def build_after_the_score(world, assessed, mastered, own_rules) -> dict[str, int]:
    """Issue 9's states: the class keeps the default retake rules (a day's wait, the look
    back written), 7.EE.A.2 has its own; a link to study; María misses form A (a locked
    retake in the grid's panel and the inbox); Sam offers to tutor 7.EE.A.1 and Jo asks for a
    peer tutor on it (Sam is asked); María and Jo in a small group that met this morning."""
    teacher, standard = world.teacher, assessed.standard
    set_retake_rules(
        classroom=world.classroom,
        standard=own_rules,
        rules=RetakeRules(cool_down_days=2, reflection_required=True, step_required=True),
        by=teacher,
    )
    add_resource(
        standard=standard,
        kind="link",
        title="Unit rates, explained",
        url="https://example.org/unit-rates",
        by=teacher,
    )
    maria = (
        User.objects.filter(enrollments__classroom=world.classroom)
        .exclude(pk__in=[world.student.pk, world.other_student.pk])
        .get()
    )
    submit_attempt(attempt=start_attempt_for(student=maria, standard=standard), answers={})
    offer_to_tutor(classroom=world.classroom, student=world.student, standard=mastered)
    pair = ask_for_tutor(classroom=world.classroom, student=world.other_student, standard=mastered)
    assert pair.tutor_id == world.student.pk, pair
    group = form_group(
        classroom=world.classroom,
        standard=standard,
        student_ids=[maria.pk, world.other_student.pk],
        meets_at=timezone.now() - timedelta(minutes=30),
        note="Ratio tables at the back table",
        by=teacher,
    )
    return {"pair": pair.pk, "group": group.pk, "own_rules": own_rules.pk}


def build_goals(world) -> None:
    """Issue 10's states: the public map in "first name and initial" with norms, Jo under an
    alias; Sam with a goal of two standards, a counted goal with a check-in and a teacher's
    suggestion waiting; a class goal."""
    from masterymap.goals import actions as goals

    teacher, sam, jo = world.teacher, world.student, world.other_student
    later = timezone.localdate() + timedelta(days=30)
    goals.save_public_map(
        classroom=world.classroom,
        privacy_mode="first_initial",
        norms="We cheer every standard; nobody is behind.",
        stalled_after=5,
        by=teacher,
    )
    goals.save_profile(
        classroom=world.classroom, student=jo, alias="otter", avatar="rocket", opt_out=False
    )
    common = {"classroom": world.classroom, "deadline": later}
    goals.set_goal(**common, student=sam, kind="standards", target=2, public=True, by=sam)
    books = goals.set_goal(
        **common, student=sam, kind="counted", title="Read chapter books", target=10, by=sam
    )
    goals.record_check_in(goal=books, on=timezone.localdate(), amount=2, note="Holes")
    goals.set_goal(**common, student=sam, kind="standards", target=3, suggest=True, by=teacher)
    goals.set_goal(**common, student=None, kind="standards", target=6, public=True, by=teacher)


def build_benchmarks(world, standard, mastered) -> dict[str, int]:
    """Issue 11's states: a benchmark over 7.RP.A.1 and 7.EE.A.1 from the bank, open; Sam
    handed it in below the line on both (7.EE.A.1, which he had mastered, needs review), and
    Jo below it on 7.RP.A.1, where the teacher's override said mastered; a second one open
    that Sam has not started; a draft."""
    from masterymap.benchmarks import actions as bench

    teacher = world.teacher
    for stem in ("Simplify 3x + 2x.", "Simplify 5y − y."):
        create_item(
            standard=mastered,
            kind=Item.Kind.SINGLE,
            stem=stem,
            choices=[ChoiceInput("The right one", is_correct=True), ChoiceInput("Another")],
        )
    common = {"classroom": world.classroom, "by": teacher, "per_standard": 2}
    both = [standard.pk, mastered.pk]
    benchmark = bench.open_benchmark(
        benchmark=bench.create_benchmark(**common, title="Unit check", standard_ids=both)
    )
    bench.open_benchmark(
        benchmark=bench.create_benchmark(**common, title="Quick quiz", standard_ids=[standard.pk])
    )
    draft = bench.create_benchmark(**common, title="Unit 2 test", standard_ids=[mastered.pk])
    sittings = {}
    # Sam below the line on both (so 7.RP.A.1 stays "not yet" for the tour's "I'm ready").
    both_low, jo_low = {mastered.pk, standard.pk}, {standard.pk}
    for student, low in ((world.student, both_low), (world.other_student, jo_low)):
        sitting = bench.start_sitting(benchmark=benchmark, student=student)
        answers = {}
        for bi in benchmark.benchmark_items.select_related("item"):
            item = bi.item
            right = item.standard_id not in low
            if item.has_choices:
                choice = item.choices.filter(is_correct=right).first() or item.choices.first()
                answers[item.pk] = [str(choice.pk)]
            else:
                answers[item.pk] = [f"{item.numeric_answer:g}" if right else "1"]
        sittings[student.pk], _ = bench.submit_sitting(sitting=sitting, answers=answers)
    return {
        "benchmark": benchmark.pk,
        "benchmark_draft": draft.pk,
        "sam_sitting": sittings[world.student.pk].pk,
    }


# --- the pages, in the order each role reaches them ------------------------------------------


@dataclass
class Stop:
    role: str
    name: str
    go: Callable[[Page], None]


def start_attempt(t: Tour, page: Page) -> None:
    """ "I'm ready" on 7.RP.A.1, from the student's map: lands on the answer sheet."""
    page.goto(f"{t.base}/classes/{t.classroom}/map/")
    page.locator(f"#ready-{t.standard}").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    t.attempts.append(int(re.search(r"/attempts/(\d+)/$", page.url).group(1)))
    expect(page.locator("fieldset.question").first).to_be_visible()


def stops(t: Tour) -> list[Stop]:
    """Every page, and every state of a page that shows something new, by role. Steps act
    through the page (selectors, not words, so they work in every language)."""
    c, s = t.classroom, t.standard
    cell = f"/classes/{c}/students/{{student}}/standards/{s}/"

    def goto(path: str) -> Callable[[Page], None]:
        return lambda page: page.goto(t.base + path)

    def wrong_login(page: Page) -> None:
        page.goto(t.base + "/login/")
        page.fill("#id_username", "nobody")
        page.fill("#id_password", "wrong")
        page.locator("main button[type=submit]").click()
        expect(page.locator(".error-box")).to_be_visible()

    def signed_up(page: Page) -> None:
        page.goto(f"{t.base}/join/?code={t.join_code}")
        page.fill("#id_first_name", "Newt")
        page.fill("#id_password", "purple-otter-91")
        page.locator("main button[type=submit]").click()
        expect(page.locator("#new-username")).to_be_visible()

    def joining_settings(page: Page) -> None:
        page.goto(f"{t.base}/classes/{c}/roster/")
        page.locator("#joining summary").click()
        expect(page.locator("#id_expires_at")).to_be_visible()

    def answered(page: Page) -> None:
        page.locator(f"#q-{t.numeric} input[type=text]").fill("7")
        expect(page.locator("#save-status .save-ok")).to_be_visible()

    def submitted(page: Page) -> None:
        page.locator(f"#q-{t.single} input[type=radio]").first.check()
        page.locator("#submit-attempt").click()
        expect(page.locator(".result-banner")).to_be_visible()

    def looked_back(page: Page) -> None:
        """The result page's look back, one reason picked and saved by itself."""
        section = page.locator("#error-analysis")
        expect(page.locator("#what-next")).to_be_visible()
        section.locator(".missed-item input[type=radio]").first.check()
        expect(page.locator("#analysis-status .save-ok")).to_be_visible()

    def locked_card(page: Page) -> None:
        page.goto(f"{t.base}/classes/{c}/map/")
        expect(page.locator(f"#locked-{s}")).to_be_visible()

    def practising(page: Page) -> None:
        """ "Practise again" from "What next?", a run started and one answer checked."""
        page.goto(f"{t.base}/attempts/{t.attempts[0]}/")
        page.locator("#route-practice button[type=submit]").click()
        page.wait_for_url(re.compile(r"/practice/$"))
        page.locator("#practice-start button[type=submit]").first.click()
        question = page.locator(".practice-question").first
        radio = question.locator("input[type=radio]")
        if radio.count():
            radio.first.check()
        else:
            question.locator("input[type=text]").fill("42")
        question.locator("button[type=submit]").click()
        expect(page.locator(".practice-question.checked")).to_have_count(1)

    def tutor_accepted(page: Page) -> None:
        page.goto(f"{t.base}/tutoring/{t.pair}/")
        page.locator("#tutoring-state form[action$='/accept/'] button").click()
        expect(page.locator("#tutoring-confirm")).to_be_visible()

    def retake_unlocked(page: Page) -> None:
        """The teacher unlocks Sam's retake (the class waits a day), then "I'm ready"."""
        with SERVER_LOCK:
            unlock_retake(
                classroom=Classroom.objects.get(pk=c),
                student=User.objects.get(pk=t.sam),
                standard=Standard.objects.get(pk=s),
                by=Classroom.objects.get(pk=c).teachers.get(),
            )
        start_attempt(t, page)

    def grid(path: str) -> Callable[[Page], None]:
        """The grid, with its "waiting for you" panel loaded (htmx, after the page)."""

        def go(page: Page) -> None:
            page.goto(t.base + path)
            panel = page.locator("#waiting-panel")
            expect(panel).to_be_visible()
            panel.locator("summary").first.click()
            expect(panel.locator(".waiting-row").first).to_be_visible()

        return go

    def what_if(page: Page) -> None:
        page.locator("#what-if select").select_option("3")
        expect(page.locator("#what-if-result .what-if-level")).to_be_visible()

    def login_cards(page: Page) -> None:
        page.goto(f"{t.base}/classes/{c}/roster/")
        page.locator(f"#pick-{t.jo}").check()
        page.locator("form[action$='/login-cards/'] button.btn[type=submit]").click()
        expect(page.locator(".login-card").first).to_be_visible()

    def unit_added(page: Page) -> None:
        page.goto(f"{t.base}/maps/{t.map}/")
        form = page.locator("form[action$='/units/new/']")
        form.locator("input[type=text]").first.fill("Geometry")
        form.locator("button[type=submit]").click()
        expect(page.locator(".flash")).to_be_visible()

    def form_built(page: Page) -> None:
        page.goto(f"{t.base}/standards/{s}/")
        form = page.locator("form[action$='/forms/new/']")
        form.locator("input[type=checkbox]").first.check()
        form.locator("button[type=submit]").click()
        expect(page.locator(".flash")).to_be_visible()

    def bilingual_item_editor(page: Page) -> None:
        page.goto(f"{t.base}/items/{t.single}/edit/")
        expect(page.locator("#translation-warning")).to_be_visible()

    def policy_preview(page: Page) -> None:
        page.locator("#policy-form input[name=method][value=highest]").check()
        page.locator("#policy-form button[formaction]").click()
        expect(page.locator("#policy-preview .policy-preview")).to_be_visible()

    def station_recorded(page: Page) -> None:
        for mark in page.locator("#station-check-form input[value=right]").all():
            mark.check()
        page.locator("#station-record").click()
        expect(page.locator("#station-battery .station-outcome")).to_be_visible()

    def attempt(n: int) -> Callable[[Page], None]:
        return lambda page: page.goto(f"{t.base}/attempts/{t.attempts[n]}/")

    visitor = [
        Stop("visitor", "login", goto("/login/")),
        Stop("visitor", "login, wrong password", wrong_login),
        Stop("visitor", "join", goto("/join/")),
        Stop("visitor", "join with a code", goto("/join/?code=ABCDEF")),
        Stop("visitor", "404", goto("/no-such-page/")),
        Stop("visitor", "login card link", goto(f"/card/{t.card_key}/")),
        Stop("visitor", "login card link, no longer valid", goto("/card/no-such-card/")),
        # Last: it signs the visitor in.
        Stop("visitor", "signed up, waiting for the teacher", signed_up),
    ]

    def benchmark_started(page: Page) -> None:
        page.goto(f"{t.base}/classes/{c}/map/")
        page.locator("form[action*='/take/'] button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"/benchmark-sittings/\d+/$"))
        expect(page.locator("fieldset.question").first).to_be_visible()

    def mixed_started(page: Page) -> None:
        page.goto(f"{t.base}/classes/{c}/mixed-practice/")
        page.locator("form[action$='/mixed-practice/start/'] button[type=submit]").click()
        expect(page.locator("form.question").first).to_be_visible()

    student = [
        Stop("student", "class list", goto("/")),
        Stop("student", "student map", goto(f"/classes/{c}/map/")),
        Stop("student", "join by code (one class waiting)", goto("/join/code/")),
        Stop("student", "change password", goto("/password/")),
        Stop("student", "I'm ready: answer sheet", lambda page: start_attempt(t, page)),
        Stop("student", "answer sheet, saved", answered),
        Stop("student", "result page", submitted),
        Stop("student", "result page, a look back saved", looked_back),
        Stop("student", "student map, the retake locked", locked_card),
        Stop("student", "practice, one answer checked", practising),
        Stop("student", "student map, a step and a tutoring request", goto(f"/classes/{c}/map/")),
        Stop("student", "tutor classmates (offers)", goto(f"/classes/{c}/tutor/offers/")),
        Stop("student", "peer tutoring, asked", goto(f"/tutoring/{t.pair}/")),
        Stop("student", "peer tutoring, accepted", tutor_accepted),
        Stop("student", "I'm ready: the retake's answer sheet", retake_unlocked),
        Stop("student", "tracker", goto(f"/classes/{c}/students/{t.sam}/tracker/")),
        Stop("student", "set a goal", goto(f"/classes/{c}/students/{t.sam}/goals/new/")),
        Stop("student", "public class map", goto(f"/classes/{c}/public-map/")),
        Stop("student", "public map: my alias", goto(f"/classes/{c}/public-map/me/")),
        Stop("student", "show the math", goto(cell.format(student=t.sam))),
        Stop("student", "show the math, what-if", what_if),
        Stop("student", "benchmark: answer sheet", benchmark_started),
        Stop(
            "student",
            "benchmark: result, needs review",
            goto(f"/benchmark-sittings/{t.sam_sitting}/"),
        ),
        Stop("student", "mixed practice, a set started", mixed_started),
        Stop("student", "result: waiting for the teacher", goto(f"/attempts/{t.waiting}/")),
        Stop("student", "404 (a class grid)", goto(f"/classes/{c}/")),
    ]

    def import_previewed(page: Page) -> None:
        # Our standards CSV with a row that lacks its code: the preview lists the problem.
        rows = "unit,code,statement,i_can,order\nGeometry,7.G.A.9,Draw shapes.,,1\nGeometry,,x,,2\n"
        page.goto(f"{t.base}/exchange/import/standards-csv/")
        page.locator("#id_file").set_input_files(
            {"name": "geometry.csv", "mimeType": "text/csv", "buffer": rows.encode()}
        )
        page.locator("form.import-form button[type=submit]").click()
        expect(page.locator("table.problems")).to_be_visible()

    def import_applied(page: Page) -> None:
        page.locator("form.apply-form button[type=submit]").click()
        expect(page.locator(".next-steps")).to_be_visible()

    def staff(role: str) -> list[Stop]:
        return [
            Stop(role, "class list", goto("/")),
            Stop(role, "grid, all units", grid(f"/classes/{c}/")),
            Stop(role, "grid, one unit", grid(f"/classes/{c}/?unit={t.unit_2}")),
            Stop(role, "inbox", goto("/inbox/")),
            Stop(role, "roster", goto(f"/classes/{c}/roster/")),
            Stop(role, "roster, joining settings", joining_settings),
            Stop(
                role, "set a student's password", goto(f"/classes/{c}/students/{t.sam}/password/")
            ),
            Stop(role, "login cards", login_cards),
            Stop(role, "map list", goto("/maps/")),
            Stop(role, "map detail", goto(f"/maps/{t.map}/")),
            Stop(role, "unit editor, unit added", unit_added),
            Stop(role, "new standard", goto(f"/maps/{t.map}/standards/new/")),
            Stop(role, "standard editor", goto(f"/standards/{s}/edit/")),
            Stop(role, "item bank", goto(f"/standards/{s}/")),
            Stop(role, "form builder, form created", form_built),
            Stop(role, "new item", goto(f"/standards/{s}/items/new/")),
            Stop(
                role, "item editor, single choice, translation out of date", bilingual_item_editor
            ),
            Stop(role, "item editor, numeric", goto(f"/items/{t.numeric}/edit/")),
            Stop(role, "item editor, short text", goto(f"/items/{t.text}/edit/")),
            Stop(role, "routes and resources", goto(f"/standards/{s}/routes/")),
            Stop(role, "tracker", goto(f"/classes/{c}/students/{t.sam}/tracker/")),
            Stop(role, "suggest a goal", goto(f"/classes/{c}/students/{t.sam}/goals/new/")),
            Stop(role, "goals and progress", goto(f"/classes/{c}/goals/")),
            Stop(role, "needs attention", goto(f"/classes/{c}/attention/")),
            Stop(role, "public class map", goto(f"/classes/{c}/public-map/")),
            Stop(role, "public map settings", goto(f"/classes/{c}/public-map/settings/")),
            Stop(role, "attempt result", attempt(0)),
            Stop(role, "attempt in progress", attempt(1)),
            Stop(role, "steps", goto(f"/classes/{c}/students/{t.sam}/standards/{s}/steps/")),
            Stop(role, "error patterns", goto(f"/classes/{c}/standards/{s}/patterns/")),
            Stop(role, "peer tutoring", goto(f"/classes/{c}/tutoring/")),
            Stop(role, "small groups", goto(f"/classes/{c}/groups/")),
            Stop(role, "a small group", goto(f"/classes/{c}/groups/{t.group}/")),
            Stop(role, "show the math", goto(cell.format(student=t.sam))),
            Stop(role, "show the math, what-if", what_if),
            Stop(role, "show the math, overridden", goto(cell.format(student=t.jo))),
            Stop(role, "policy", goto(f"/classes/{c}/policy/")),
            Stop(role, "policy, preview", policy_preview),
            Stop(
                role,
                "policy, a standard's own retake rules",
                goto(f"/classes/{c}/policy/?standard={t.own_rules}#retakes"),
            ),
            Stop(role, "scale", goto(f"/classes/{c}/scale/")),
            Stop(role, "station", goto(f"/classes/{c}/station/")),
            Stop(
                role,
                "station, battery shown",
                goto(f"/classes/{c}/station/?student={t.sam}&standard={s}"),
            ),
            Stop(role, "station, check recorded", station_recorded),
            Stop(
                role,
                "evidence correction",
                goto(f"/evidence/{t.sam_evidence}/correct/?classroom={c}"),
            ),
            Stop(role, "links and QR codes", goto(f"/classes/{c}/links/")),
            Stop(role, "answers to score", goto(f"/classes/{c}/to-score/")),
            Stop(role, "item editor, open response", goto(f"/items/{t.open_item}/edit/")),
            Stop(role, "an attempt waiting for the teacher", goto(f"/attempts/{t.waiting}/")),
            Stop(role, "a form to print, with its key", goto(f"/forms/{t.form_a}/print/?key=1")),
            Stop(role, "benchmarks", goto(f"/classes/{c}/benchmarks/")),
            Stop(role, "benchmark, draft", goto(f"/benchmarks/{t.benchmark_draft}/")),
            Stop(role, "benchmark, open", goto(f"/benchmarks/{t.benchmark}/")),
            Stop(role, "benchmark report", goto(f"/benchmarks/{t.benchmark}/report/")),
            Stop(
                role,
                "benchmark print, with its key",
                goto(f"/benchmarks/{t.benchmark}/print/?key=1"),
            ),
            Stop(role, "benchmark paper answers", goto(f"/benchmarks/{t.benchmark}/paper/")),
            Stop(
                role, "a student's benchmark result", goto(f"/benchmark-sittings/{t.sam_sitting}/")
            ),
            Stop(
                role,
                "needs review: decide",
                goto(f"/classes/{c}/students/{t.jo}/standards/{s}/review/"),
            ),
            Stop(role, "exports of the class", goto(f"/exchange/exports/classes/{c}/")),
            Stop(
                role,
                "exports of a tracker",
                goto(f"/exchange/exports/classes/{c}/students/{t.sam}/"),
            ),
            Stop(role, "imports", goto("/exchange/import/")),
            Stop(role, "import standards from CASE", goto("/exchange/import/case/")),
            Stop(
                role,
                "import questions into a standard",
                goto(f"/exchange/questions/standards/{s}/import/"),
            ),
            Stop(role, "import preview, with a problem", import_previewed),
            Stop(role, "import applied", import_applied),
            Stop(role, "404", goto("/maps/999999/")),
        ]

    def teacher_added(page: Page) -> None:
        page.goto(f"{t.base}/school/people/")
        form = page.locator("#add-teacher form")
        form.locator("input[type=text]").first.fill("Grace")
        form.locator("button[type=submit]").click()
        expect(page.locator(".login-card")).to_be_visible()

    def person_deactivated(page: Page) -> None:
        page.goto(f"{t.base}/school/people/?q=grace")
        page.locator("form[action*='/deactivate/'] button[type=submit]").first.click()
        expect(page.locator(".flash")).to_be_visible()

    admin_only = [
        Stop("school admin", "sign-in events", goto("/school/sign-in-events/")),
        Stop("school admin", "people", goto("/school/people/")),
        Stop("school admin", "people, a teacher's login card", teacher_added),
        Stop("school admin", "people, an account deactivated", person_deactivated),
        Stop("school admin", "import a roster", goto("/exchange/import/oneroster/")),
    ]
    return visitor + student + staff("teacher") + staff("school admin") + admin_only


# --- browsing as each role -----------------------------------------------------------------


class Browsing:
    """One tab per role, logged in (and switched to the language) on first use."""

    def __init__(self, new_context, live_server, viewport: dict, language: str = "en") -> None:
        self.new_context, self.base = new_context, live_server.url
        self.viewport, self.language = viewport, language
        self.pages: dict[str, Page] = {}

    def context(self) -> BrowserContext:
        options = {"viewport": self.viewport, "locale": "en-US"}
        if self.viewport["width"] < 600:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        return self.new_context(**options)

    def page(self, role: str) -> Page:
        if role not in self.pages:
            page = self.context().new_page()
            page.goto(f"{self.base}/login/")
            if ROLES[role]:
                page.fill("#id_username", ROLES[role])
                page.fill("#id_password", PASSWORD)
                page.locator("main button[type=submit]").click()
                page.wait_for_url(lambda url: "/login/" not in url)
            if self.language != "en":  # the language control in the page header
                page.locator(f"form.language button[value={self.language}]").click()
                expect(page.locator("html")).to_have_attribute("lang", self.language)
            self.pages[role] = page
        return self.pages[role]


# --- axe, and reflow -----------------------------------------------------------------------

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target.map(String).join(' '),
      html: n.html.replace(/\\s+/g, ' ').slice(0, 160),
      summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300),
    })),
  }));
}"""

# What sticks out past the screen's right edge: the outermost such elements, leaving out
# those a scrolling box clips (a wide table in a .table-scroll is fine). A phone widens its
# layout viewport to fit content that is too wide, so the screen's width is passed in.
OVERFLOW = """(width) => {
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') {
        return p.getBoundingClientRect().right <= width + 1;
      }
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || clipped(el)) continue;
    const parent = el.parentElement;
    const parentSticksOut = parent.getBoundingClientRect().right > width + 1 && !clipped(parent);
    if (parent !== document.body && parentSticksOut) continue;
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls +
             ` (right edge at ${Math.round(r.right)} px)`);
  }
  const scroll = document.documentElement.scrollWidth;
  return {inner: window.innerWidth, scroll: scroll, culprits: out.slice(0, 10)};
}"""


# What the hand audit found that axe-core lets through: an aria-describedby or
# aria-labelledby naming an id that is not on the page (so help and error text is never read
# with its field), and a box that scrolls sideways but cannot be reached by keyboard or has
# no name to announce.
BEYOND_AXE = """() => {
  const found = {dangling: [], scroll: []};
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.name ? `[name=${el.name}]` : '');
  for (const attr of ['aria-describedby', 'aria-labelledby']) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) found.dangling.push(`${describe(el)} ${attr}=${id}`);
      }
    }
  }
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(cs.overflowX) || el.scrollWidth <= el.clientWidth + 1) {
      continue;
    }
    const reachable = el.tabIndex >= 0 ||
      el.querySelector('a[href], button, input, select, textarea, [tabindex]');
    const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!reachable || (el.tabIndex >= 0 && !named)) {
      found.scroll.push(describe(el) + '.' + el.className);
    }
  }
  return found;
}"""


def beyond_axe(page: Page) -> list[dict]:
    """BEYOND_AXE's findings, shaped like axe-core's violations."""
    found = page.evaluate(BEYOND_AXE)
    rules = {
        "dangling": "aria-describedby/labelledby names an id that is not on the page",
        "scroll": "a box scrolls sideways but cannot be reached by keyboard, or has no name",
    }
    return [
        {
            "id": key,
            "impact": "serious",
            "help": help_text,
            "nodes": [{"target": t, "html": "", "summary": ""} for t in found[key]],
        }
        for key, help_text in rules.items()
        if found[key]
    ]


def axe_violations(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Not add_script_tag: that is an inline script, which the page's CSP refuses.
        page.evaluate(AXE.read_text())
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def overflow(page: Page, width: int) -> list[str]:
    """Why the page does not fit `width` CSS pixels; empty when it fits."""
    found = page.evaluate(OVERFLOW, width)
    if found["inner"] <= width and found["scroll"] <= width + 1:
        return []
    return found["culprits"] or [f"the page is {found['scroll']} px wide"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}\n      {node['html']}\n      {node['summary']}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def report(where: dict, violations: list[dict]) -> None:
    path = os.environ.get("AXE_REPORT")
    if path and violations:
        with open(path, "a") as out:
            for v in violations:
                row = {**where, "rule": v["id"], "impact": v["impact"], "nodes": v["nodes"]}
                out.write(json.dumps(row) + "\n")


@pytest.fixture
def axe() -> Path:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make setup-dev` (npm ci in tests/browser)")
    return AXE


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_passes_axe(
    world, assessed, live_server, new_context, subtests, axe, viewport, language
) -> None:
    tour = build_school(world, assessed, live_server)
    browsing = Browsing(new_context, live_server, VIEWPORTS[viewport], language)
    width = VIEWPORTS[viewport]["width"]
    for stop in stops(tour):
        where = {"viewport": viewport, "language": language, "role": stop.role, "page": stop.name}
        arrived = False
        with subtests.test(msg=f"{stop.role}: {stop.name}"):
            page = browsing.page(stop.role)
            stop.go(page)
            arrived = True
            expect(page.locator("html")).to_have_attribute("lang", language)
            violations = axe_violations(page) + beyond_axe(page)
            report({**where, "url": page.url}, violations)
            if violations:
                pytest.fail(f"{page.url}\n{describe(violations)}", pytrace=False)
        if viewport == "phone" and arrived:  # reflow (WCAG 1.4.10): nothing scrolls sideways
            with subtests.test(msg=f"{stop.role}: {stop.name}: fits {width} px"):
                culprits = overflow(page, width)
                if culprits:
                    nodes = [{"target": c, "html": "", "summary": ""} for c in culprits]
                    rule = {"id": f"reflow: wider than {width} px", "impact": "serious"}
                    report({**where, "url": page.url}, [{**rule, "nodes": nodes}])
                    pytest.fail(f"{page.url} scrolls sideways: {culprits}", pytrace=False)


# --- Spanish pages: no English interface words left ------------------------------------------

# The visible text, leaving out the school's content (data-content), what was typed into a
# field (a textarea's text) and anything hidden; placeholders count (they are read), the
# options of a visible select too.
VISIBLE_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('[data-content], textarea, script, style, template, noscript')) continue;
    const select = el.closest('select');
    const shown = select ? select.checkVisibility()
                         : el.checkVisibility({visibilityProperty: true});
    if (shown && node.textContent.trim()) parts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder]')) {
    if (!el.closest('[data-content]') && el.checkVisibility()) parts.push(el.placeholder);
  }
  return parts.map(p => ' ' + p.replace(/\\s+/g, ' ').trim() + ' ').join('\\n');
}"""


def english_words(text: str) -> list[str]:
    """Each English word found, with the text around its first occurrence."""
    found = []
    for word in ENGLISH_WORDS:
        at = text.find(word)
        if at >= 0:
            around = text[max(0, at - 40) : at + len(word) + 40].replace("\n", " | ").strip()
            found.append(f"{word.strip()!r}: …{around}…")
    return found


def test_spanish_pages_have_no_english(world, assessed, live_server, new_context, subtests) -> None:
    tour = build_school(world, assessed, live_server)
    browsing = Browsing(new_context, live_server, DESKTOP, "es")
    for stop in stops(tour):
        with subtests.test(msg=f"{stop.role}: {stop.name}"):
            page = browsing.page(stop.role)
            stop.go(page)
            expect(page.locator("html")).to_have_attribute("lang", "es")
            found = english_words(page.evaluate(VISIBLE_TEXT))
            if found:
                listed = "\n  ".join(found)
                pytest.fail(f"{page.url}: English on a Spanish page:\n  {listed}", pytrace=False)


# --- focus: a ring that shows, never hidden under something sticky -------------------------------

# The focused element, its focus ring's colour and the colour just outside it (the parent's
# background, see-through layers composited): the ring is the outline, else a box-shadow.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = c => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const layers = [];
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let behind = [255, 255, 255];
  for (const c of layers.reverse()) behind = behind.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
  const cs = getComputedStyle(el);
  let ring = null;
  if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) ring = parse(cs.outlineColor);
  else if (cs.boxShadow !== 'none') ring = parse(cs.boxShadow);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const weights = [0.2126, 0.7152, 0.0722];
  const lum = rgb => rgb.map(linear).reduce((sum, v, i) => sum + v * weights[i], 0);
  const [hi, lo] = ring ? [lum(ring.slice(0, 3)), lum(behind)].sort((a, b) => b - a) : [0, 0];
  const cls = typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
  const name = (el.getAttribute('aria-label') || el.textContent || el.value || '')
    .trim().slice(0, 30);
  const again = el.hasAttribute('data-tabbed');
  el.setAttribute('data-tabbed', '');
  return {
    again: again,
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + (name ? ` "${name}"` : ''),
    ring: ring ? `rgb(${ring.slice(0, 3).join(', ')})` : 'none',
    behind: `rgb(${behind.map(Math.round).join(', ')})`,
    ratio: ring ? (hi + 0.05) / (lo + 0.05) : 0,
  };
}"""


def tab_through(page: Page, limit: int = 60) -> list[dict]:
    """Press Tab from the top of the page until focus comes round again (or `limit`)."""
    page.evaluate(
        """() => {
          const start = document.createElement('span');
          start.tabIndex = -1;
          document.body.prepend(start);
          start.focus();
        }"""
    )
    focused = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus is None or focus["again"]:
            break
        focused.append(focus)
    return focused


def test_the_focus_ring_stands_out(world, assessed, live_server, new_context, subtests) -> None:
    """WCAG 1.4.11 and 2.4.7: every focused control shows a ring of at least 3:1 against
    what is around it (the header's blue, a card's white, the page's grey)."""
    t = build_school(world, assessed, live_server)
    browsing = Browsing(new_context, live_server, DESKTOP)
    c = t.classroom
    pages = [
        ("visitor", "login", "/login/"),
        ("student", "student map", f"/classes/{c}/map/"),
        ("student", "answer sheet", None),
        ("teacher", "grid", f"/classes/{c}/"),
        ("teacher", "show the math", f"/classes/{c}/students/{t.sam}/standards/{t.standard}/"),
        ("teacher", "station", f"/classes/{c}/station/?student={t.sam}&standard={t.standard}"),
        ("teacher", "policy", f"/classes/{c}/policy/"),
    ]
    for role, name, path in pages:
        with subtests.test(msg=f"{role}: {name}"):
            page = browsing.page(role)
            if path:
                page.goto(t.base + path)
            else:
                start_attempt(t, page)
            focused = tab_through(page)
            assert len(focused) > 3, f"Tab reached only {focused}"
            faint = [
                f"{f['what']}: ring {f['ring']} on {f['behind']}, {f['ratio']:.2f}:1"
                for f in focused
                if f["ratio"] < 3
            ]
            if faint:
                pytest.fail(
                    f"{page.url}: focus rings under 3:1\n  " + "\n  ".join(faint), pytrace=False
                )


# Where the focused element is, next to the thing that may cover it.
COVERED = """(coverSelector) => {
  const el = document.activeElement;
  const cover = (el.closest('tr') || document).querySelector(coverSelector);
  const r = el.getBoundingClientRect(), c = cover.getBoundingClientRect();
  const wrap = el.closest('.grid-wrap');
  const box = wrap ? wrap.getBoundingClientRect() : null;
  const name = el.name || el.getAttribute('aria-label') || el.id || '';
  return {what: el.tagName.toLowerCase() + ' ' + name,
          top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          coverTop: c.top, coverRight: c.right, inCover: cover.contains(el),
          boxRight: box ? box.right : null, viewport: window.innerHeight};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_save_bar_never_covers_the_focused_answer(
    world, assessed, live_server, new_context, language
) -> None:
    """WCAG 2.4.11 (focus not obscured): tabbing down a phone's answer sheet, each answer
    scrolls into view above the sticky save bar, not under it."""
    t = build_school(world, assessed, live_server)
    phone = {"width": 390, "height": 640}
    page = Browsing(new_context, live_server, phone, language).page("student")
    start_attempt(t, page)  # three questions: the third starts under the bar
    checked, hidden = 0, []
    for _ in range(30):
        page.keyboard.press("Tab")
        if not page.evaluate("() => !!document.activeElement.closest('#attempt-form')"):
            continue  # the header's links
        spot = page.evaluate(COVERED, ".save-bar")
        if spot["inCover"]:
            break  # the save bar's own button: the end of the sheet
        # Every control on the sheet must stay clear of the bar (the language switch and
        # listen buttons too); the answers are counted.
        checked += page.evaluate("() => !!document.activeElement.name?.startsWith('item-')")
        if spot["bottom"] > spot["coverTop"] + 1 or spot["top"] < 0:
            where = f"{spot['top']:.0f}–{spot['bottom']:.0f} px"
            hidden.append(f"{spot['what']} at {where}, the bar from {spot['coverTop']:.0f} px")
    assert checked == 3, f"Tab reached {checked} answers, not 3"
    assert not hidden, "focused answers under the save bar:\n  " + "\n  ".join(hidden)


def test_the_grid_never_hides_the_focused_cell_under_the_names(
    world, assessed, live_server, new_context
) -> None:
    """WCAG 2.4.11: going back along a row with Shift+Tab on a phone, each cell scrolls into
    view beside the sticky name column, not under it. (Chromium does not scroll a focused
    element that is already partly in view, so at the right end of the scroll range a column
    can start a little under the names: at least half of each cell must show.)"""
    t = build_school(world, assessed, live_server)
    for n in range(3, 11):
        create_standard(
            unit=world.unit,
            code=f"7.RP.A.{n}",
            statement=f"Standard {n}.",
            i_can=f"I can {n}",
            icon="heart",
            colour="blue",
        )
    page = Browsing(new_context, live_server, PHONE).page("teacher")
    page.goto(f"{t.base}/classes/{t.classroom}/")
    row = page.locator(f"tr:has(th a[href$='/students/{t.sam}/tracker/'])")
    cells = row.locator("a.cell")
    expect(cells).to_have_count(12)
    cells.last.focus()
    hidden = []
    for _ in range(12):
        spot = page.evaluate(COVERED, "th.student")
        if spot["inCover"]:
            break
        shown = spot["right"] - max(spot["left"], spot["coverRight"])
        if shown < (spot["right"] - spot["left"]) / 2 or spot["right"] > spot["boxRight"] + 1:
            where = f"{spot['left']:.0f}–{spot['right']:.0f} px"
            hidden.append(
                f"{spot['what']} at {where}, the names end at {spot['coverRight']:.0f} px"
            )
        page.keyboard.press("Shift+Tab")
    assert not hidden, "focused cells under the name column:\n  " + "\n  ".join(hidden)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_top_bar_keeps_two_rows(
    world, assessed, live_server, new_context, subtests, language
) -> None:
    """On a phone the header is the brand with the language and log out on one row, the
    menu on a second; it never wraps into a third, in either language."""
    t = build_school(world, assessed, live_server)
    browsing = Browsing(new_context, live_server, PHONE, language)
    for role in ROLES:
        with subtests.test(msg=role):
            page = browsing.page(role)
            page.goto(t.base + "/")
            bar = page.evaluate(
                """() => {
                  const box = s => {
                    const e = document.querySelector(s);
                    return e && e.getBoundingClientRect();
                  };
                  const parts = ['.topbar', '.brand', '.topbar-end', '.topbar nav'];
                  const [bar, brand, end, nav] = parts.map(box);
                  return {height: bar.height, brand: brand.top + brand.height / 2,
                          end: end.top + end.height / 2, endHeight: end.height,
                          nav: nav && {top: nav.top, height: nav.height},
                          brandBottom: brand.bottom};
                }"""
            )
            assert abs(bar["brand"] - bar["end"]) <= 6, (
                f"language and log out below the brand: {bar}"
            )
            assert bar["endHeight"] <= 40, f"language and log out wrap: {bar}"
            if bar["nav"]:
                assert bar["nav"]["top"] >= bar["brandBottom"] - 1, f"menu beside the brand: {bar}"
                assert bar["nav"]["height"] <= 40, f"the menu wraps: {bar}"
            assert bar["height"] <= 96, f"the header is {bar['height']:.0f} px tall: {bar}"


def test_the_grid_legend_shows_the_marks_and_the_unit_filter_follows_the_choice(
    world, assessed, live_server, new_context
) -> None:
    """The grid's legend shows each status with the mark its cells use (not colour alone),
    and choosing a unit moves the filter's "current" to that unit, by mouse or keyboard."""
    t = build_school(world, assessed, live_server)
    page = Browsing(new_context, live_server, DESKTOP).page("teacher")
    page.goto(f"{t.base}/classes/{t.classroom}/")
    legend = page.locator("ul.legend li")
    expect(legend).to_have_count(5)
    marks = {cell.inner_text().strip()[:1] for cell in page.locator("a.cell").all()}
    assert "?" in marks, "Sam's benchmark made 7.EE.A.1 need review"
    for mark in ("?", "✗", "…", "·"):
        if mark in marks:
            expect(legend.filter(has_text=mark)).to_have_count(1)
    expect(legend.filter(has_text="symbol")).to_have_count(1)

    filters = page.get_by_role("navigation", name="Filter by unit")
    current = filters.locator("[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_text(re.compile("All units"))
    second = filters.locator(f"#unit-{t.unit_2}")
    second.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"unit={t.unit_2}"))
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("id", f"unit-{t.unit_2}")
    expect(filters.locator("#unit-all")).not_to_have_attribute("aria-current", "page")
    # focus comes back to the chosen unit, so the keyboard user is not thrown to the top
    expect(filters.locator(f"#unit-{t.unit_2}")).to_be_focused()
    filters.locator("#unit-all").click()
    expect(current).to_have_attribute("id", "unit-all")
