"""The teacher's inbox (tutoring and small-group requests, locked retakes awaiting them,
peer-tutor requests with no match, groups today), its count in the navigation, and the
grid's "waiting" panel: who sees what, what each shows, and bounded queries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.assessments.actions import create_form
from masterymap.assessments.models import Attempt, Form
from masterymap.interventions.inbox import grid_waiting, teacher_inbox, waiting_retakes
from masterymap.interventions.models import (
    GroupMember,
    RetakeUnlock,
    Route,
    SmallGroup,
    Step,
    TutorPair,
)
from masterymap.interventions.retakes import sat_forms, student_retake, usable_forms
from masterymap.mastery.actions import override_level, set_retake_rules
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.retake import RetakeRules
from masterymap.test import BaseTestCase, make_standard_items, make_user
from masterymap.workflows.actions import start_attempt, submit_attempt

ZONE = ZoneInfo("America/New_York")
# Tuesday 3 November 2026, 10:00 at the school.
TUESDAY = datetime(2026, 11, 3, 10, 0, tzinfo=ZONE)
LATER = TUESDAY + timedelta(hours=2)
HTMX = {"HX-Request": "true"}

# Only the teacher moves them on: one form, then the teacher decides.
ONE_FORM = RetakeRules(cool_down_days=0, reflection_required=False, max_forms=1)


class InboxBase(BaseTestCase):
    def miss(self, student: User, at: datetime = TUESDAY) -> None:
        with time_machine.travel(at, tick=False):
            attempt = start_attempt(student=student, standard=self.d.s1)
            submit_attempt(attempt=attempt, answers=self.answers_for(right=False))

    def step(self, student: User, route: str, classroom: Classroom | None = None, **extra) -> Step:
        values = {
            "classroom": classroom or self.d.c7a,
            "student": student,
            "standard": self.d.s1,
            "route": route,
            "chosen_by": student,
            "started_at": TUESDAY,
        } | extra
        return Step.objects.create(**values)

    def group(self, meets_at: datetime, classroom: Classroom | None = None, **extra) -> SmallGroup:
        values = {
            "classroom": classroom or self.d.c7a,
            "standard": self.d.s1,
            "meets_at": meets_at,
            "note": "Ratio tables",
            "created_by": self.d.tomas,
            "created_at": TUESDAY,
        } | extra
        return SmallGroup.objects.create(**values)

    def unmatched(self, tutee: User, classroom: Classroom | None = None) -> TutorPair:
        return TutorPair.objects.create(
            classroom=classroom or self.d.c7a,
            standard=self.d.s1,
            tutee=tutee,
            state=TutorPair.State.UNMATCHED,
            requested_at=TUESDAY,
        )

    def get(self, user: User, name: str, *args: int, **headers: str):
        self.client.force_login(user)
        with time_machine.travel(LATER, tick=False):
            return self.client.get(reverse(name, args=list(args)), headers=headers)


class InboxContentTests(InboxBase):
    def test_each_kind_of_request_shows_in_its_section_with_its_count(self) -> None:
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=ONE_FORM, by=self.d.tomas)
        self.miss(self.d.ana)
        self.step(self.d.ben, Route.TEACHER, note="Fractions confuse me")
        self.step(self.d.cara, Route.SMALL_GROUP, classroom=self.d.c7b)
        self.unmatched(self.d.ben)
        self.group(TUESDAY.replace(hour=13, minute=30))
        r = self.get(self.d.tomas, "interventions:inbox")
        self.assertContains(r, "5 things wait for you across your classes.")
        page = r.content.decode()
        sections = {
            "inbox-retakes": ("Ana A", "you decide what comes next", "Unlock"),
            "inbox-tutoring": ("Ben B", "Fractions confuse me", "asked Tue 3 Nov"),
            "inbox-small-group": ("Cara C", "7B"),
            "inbox-unmatched": ("Ben B", "7.RP.A.1"),
            "inbox-groups": ("13:30", "Ratio tables", "0 students"),
        }
        for section, words in sections.items():
            part = page.split(f'id="{section}"')[1].split("</section>")[0]
            with self.subTest(section=section):
                self.assertIn('<span class="inbox-n">1</span>', part)
                for word in words:
                    self.assertIn(word, part)

    def test_an_empty_inbox_says_so_in_every_section(self) -> None:
        r = self.get(self.d.tomas, "interventions:inbox")
        self.assertContains(r, "0 things wait for you")
        for empty in (
            "None: no locked retake needs your decision.",
            "None: nobody is waiting for tutoring with you.",
            "None: nobody is waiting for a small group.",
            "None: every peer-tutor request has a tutor.",
            "None: no small group meets today.",
        ):
            self.assertContains(r, empty)

    def test_requests_leave_once_handled(self) -> None:
        now = TUESDAY + timedelta(minutes=30)
        self.step(self.d.ana, Route.TEACHER, done_at=now, done_by=self.d.tomas)
        self.step(self.d.ben, Route.TEACHER, cancelled_at=now, cancelled_by=self.d.ben)
        self.step(self.d.cara, Route.PRACTICE, classroom=self.d.c7b)
        # Ben's small-group request, taken up by a group (as a member, with the step).
        asked = self.step(self.d.ben, Route.SMALL_GROUP, standard=self.d.s2)
        group = self.group(TUESDAY + timedelta(days=1), standard=self.d.s2)
        GroupMember.objects.create(group=group, student=self.d.ben, step=asked)
        # Cara's, by a group on the standard formed since she asked (no step linked).
        self.step(self.d.cara, Route.SMALL_GROUP, classroom=self.d.c7b)
        later = self.group(TUESDAY + timedelta(days=2), classroom=self.d.c7b, created_at=now)
        GroupMember.objects.create(group=later, student=self.d.cara)
        # Groups not today: tomorrow's, and today's cancelled one.
        self.group(TUESDAY.replace(hour=15), cancelled_at=now, cancelled_by=self.d.tomas)
        # Other pairs: matched, or done.
        TutorPair.objects.create(
            classroom=self.d.c7a,
            standard=self.d.s1,
            tutee=self.d.ana,
            tutor=self.d.ben,
            state=TutorPair.State.ASKED,
            requested_at=TUESDAY,
        )
        with time_machine.travel(LATER, tick=False):
            inbox = teacher_inbox(self.d.tomas)
        self.assertEqual(inbox.count, 0, inbox)

    def test_a_cancelled_group_gives_the_request_back(self) -> None:
        asked = self.step(self.d.ben, Route.SMALL_GROUP)
        group = self.group(
            TUESDAY + timedelta(days=1), cancelled_at=LATER, cancelled_by=self.d.tomas
        )
        GroupMember.objects.create(group=group, student=self.d.ben, step=asked)
        with time_machine.travel(LATER, tick=False):
            self.assertEqual(teacher_inbox(self.d.tomas).small_group, [asked])

    def test_only_retakes_that_wait_for_the_teacher_are_in_the_inbox(self) -> None:
        # Default rules: a day's wait and a reflection, which the student sees to alone.
        self.miss(self.d.ana)
        with time_machine.travel(LATER, tick=False):
            self.assertEqual(teacher_inbox(self.d.tomas).retakes, [])
        # A step required: waits for a step of a route, or the teacher's approval.
        set_retake_rules(
            classroom=self.d.c7a,
            standard=self.d.s1,
            rules=RetakeRules(cool_down_days=0, reflection_required=False, step_required=True),
            by=self.d.tomas,
        )
        with time_machine.travel(LATER, tick=False):
            [row] = teacher_inbox(self.d.tomas).retakes
        self.assertEqual((row.student, row.may_unlock), (self.d.ana, True))
        self.assertIn("waits for your approval", " ".join(row.reasons))

    def test_no_form_left_offers_a_form_and_a_route_instead_of_unlock(self) -> None:
        self.open_retakes()
        self.miss(self.d.ana)
        self.miss(self.d.ana, at=TUESDAY + timedelta(minutes=5))
        r = self.get(self.d.tomas, "interventions:inbox")
        part = r.content.decode().split('id="inbox-retakes"')[1].split("</section>")[0]
        self.assertIn("Has taken every form", part)
        self.assertIn(reverse("assessments:standard-bank", args=[self.d.s1.pk]), part)
        steps = reverse("interventions:steps", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        self.assertIn(steps, part)
        self.assertNotIn("retake-unlock", part)
        self.assertNotIn(">Unlock<", part)

    def test_mastered_students_and_open_forms_wait_for_nobody(self) -> None:
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=ONE_FORM, by=self.d.tomas)
        with time_machine.travel(TUESDAY, tick=False):
            attempt = start_attempt(student=self.d.ben, standard=self.d.s1)
            submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
            start_attempt(student=self.d.ana, standard=self.d.s1)  # open, not submitted
        with time_machine.travel(LATER, tick=False):
            self.assertEqual(teacher_inbox(self.d.tomas).retakes, [])


class InboxAccessTests(InboxBase):
    def setUp(self) -> None:
        super().setUp()
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=ONE_FORM, by=self.d.tomas)
        self.miss(self.d.ana)
        self.step(self.d.ben, Route.TEACHER)
        self.unmatched(self.d.cara, classroom=self.d.c7b)

    def test_students_have_no_inbox_nor_count(self) -> None:
        for name in ("interventions:inbox", "interventions:inbox-count"):
            with self.subTest(name=name):
                self.assertEqual(self.get(self.d.ana, name).status_code, 404)

    def test_other_teachers_and_schools_see_none_of_tomass_classes(self) -> None:
        for user in (self.d.uma, self.d.zed, self.d.ada):
            with self.subTest(user=user.username):
                r = self.get(user, "interventions:inbox")
                self.assertEqual(r.status_code, 200)
                for name in ("Ana A", "Ben B", "Cara C"):
                    self.assertNotContains(r, name)
                count = self.get(user, "interventions:inbox-count", **HTMX)
                self.assertEqual(count.content.decode().strip(), "")
        self.assertContains(self.get(self.d.zed, "interventions:inbox"), "You teach no class yet.")

    def test_the_grid_panel_is_for_the_classes_teachers_and_admins(self) -> None:
        for user, expected in [
            (self.d.tomas, 200),
            (self.d.ada, 200),
            (self.d.uma, 404),
            (self.d.zed, 404),
            (self.d.ana, 404),
        ]:
            with self.subTest(user=user.username):
                r = self.get(user, "interventions:grid-waiting", self.d.c7a.pk, **HTMX)
                self.assertEqual(r.status_code, expected)


class CountTests(InboxBase):
    def count(self, at: datetime = LATER) -> tuple[str, int]:
        """The badge as the navigation loads it, and how many queries it took. Signed in
        at that moment too: a session from another day has ended."""
        url = reverse("interventions:inbox-count")
        with time_machine.travel(at, tick=False):
            self.client.force_login(self.d.tomas)
            with CaptureQueriesContext(connection) as ctx:
                r = self.client.get(url, headers=HTMX)
        return r.content.decode().strip(), len(ctx.captured_queries)

    def test_the_count_is_a_tiny_fragment_or_nothing(self) -> None:
        self.assertEqual(self.count()[0], "")
        self.step(self.d.ben, Route.TEACHER)
        self.step(self.d.cara, Route.SMALL_GROUP, classroom=self.d.c7b)
        self.unmatched(self.d.ana)
        self.assertEqual(
            self.count(LATER + timedelta(minutes=1))[0],
            '<span class="count">3<span class="sr-only"> waiting</span></span>',
        )

    def test_the_count_is_kept_a_minute_in_the_teachers_session(self) -> None:
        self.step(self.d.ben, Route.TEACHER)
        first, worked_out = self.count()
        self.assertIn(">1<", first)
        self.step(self.d.cara, Route.SMALL_GROUP, classroom=self.d.c7b)
        # Within the minute: the same badge, without working the inbox out again.
        again, kept = self.count(LATER + timedelta(seconds=59))
        self.assertEqual(again, first)
        self.assertLess(kept, worked_out - 3)
        # A minute on, the new request shows.
        self.assertIn(">2<", self.count(LATER + timedelta(seconds=60))[0])

    def test_the_inbox_page_and_an_unlock_renew_the_count(self) -> None:
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=ONE_FORM, by=self.d.tomas)
        self.miss(self.d.ana)
        self.assertIn(">1<", self.count()[0])
        self.step(self.d.ben, Route.TEACHER)
        unlock = reverse(
            "interventions:retake-unlock", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk]
        )
        with time_machine.travel(LATER, tick=False):
            self.client.force_login(self.d.tomas)
            self.client.get(reverse("interventions:inbox"))
        self.assertIn(">2<", self.count()[0])
        with time_machine.travel(LATER, tick=False):
            self.client.force_login(self.d.tomas)
            self.client.post(unlock, {"note": "Go ahead"}, headers=HTMX)
        self.assertIn(">1<", self.count()[0])

    def test_the_next_person_on_the_device_never_sees_the_last_ones_count(self) -> None:
        self.step(self.d.ben, Route.TEACHER)
        self.assertIn(">1<", self.count()[0])
        with time_machine.travel(LATER, tick=False):
            self.client.force_login(self.d.uma)  # another user's sign-in: a new session
            r = self.client.get(reverse("interventions:inbox-count"), headers=HTMX)
        self.assertEqual(r.content.decode().strip(), "")

    def test_the_navigation_loads_the_count_for_teachers_only(self) -> None:
        count = reverse("interventions:inbox-count")
        for user, shown in [(self.d.tomas, True), (self.d.ada, True), (self.d.ana, False)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(reverse("home"), follow=True)
                if shown:
                    self.assertContains(r, f'hx-get="{count}" hx-trigger="load"')
                    self.assertContains(r, f'href="{reverse("interventions:inbox")}"')
                else:
                    self.assertNotContains(r, count)


class GridPanelTests(InboxBase):
    def test_the_grid_loads_the_panel_after_itself_with_a_link_to_the_inbox(self) -> None:
        r = self.get(self.d.tomas, "mastery:grid", self.d.c7a.pk)
        panel = reverse("interventions:grid-waiting", args=[self.d.c7a.pk])
        self.assertContains(r, f'hx-get="{panel}" hx-trigger="load" hx-swap="innerHTML"')
        self.assertContains(r, reverse("interventions:inbox"))

    def test_it_lists_who_waits_for_the_teacher_and_the_other_locked_ones_folded(self) -> None:
        # Ana used every form; Ben missed form A under the default rules (a wait, a reflection).
        self.open_retakes()
        self.miss(self.d.ana)
        self.miss(self.d.ana, at=TUESDAY + timedelta(minutes=5))
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=RetakeRules(), by=self.d.tomas)
        self.miss(self.d.ben)
        r = self.get(self.d.tomas, "interventions:grid-waiting", self.d.c7a.pk, **HTMX)
        page = r.content.decode()
        awaiting, folded = page.split("<details")
        self.assertIn("1 locked retake only you can move on", awaiting)
        self.assertIn("Ana A", awaiting)
        self.assertIn("Has taken every form", awaiting)
        self.assertIn("Add a form", awaiting)
        self.assertNotIn("Ben B", awaiting)
        self.assertIn("1 other locked retake", folded)
        self.assertIn("Ben B", folded)
        self.assertIn("Waiting until Wed 4 Nov", folded)
        self.assertIn("Has not written the reflection on the last try", folded)
        unlock = reverse(
            "interventions:retake-unlock", args=[self.d.c7a.pk, self.d.ben.pk, self.d.s1.pk]
        )
        self.assertIn(f'hx-post="{unlock}"', folded)
        # The button says whose form it opens; a plain post comes back to the grid.
        self.assertIn("the next form of <span data-content>7.RP.A.1</span> for", folded)
        grid = reverse("mastery:grid", args=[self.d.c7a.pk])
        self.assertIn(f'name="next" value="{grid}"', folded)

    def test_the_panel_costs_the_same_for_more_students(self) -> None:
        def cost() -> int:
            self.client.force_login(self.d.tomas)
            url = reverse("interventions:grid-waiting", args=[self.d.c7a.pk])
            with time_machine.travel(LATER, tick=False), CaptureQueriesContext(connection) as c:
                self.client.get(url, headers=HTMX)
            return len(c.captured_queries)

        self.miss(self.d.ana)
        few = cost()
        for i in range(5):
            student = make_user(f"s{i}", User.Role.STUDENT, self.d.school, last_name="S")
            Enrollment.objects.create(classroom=self.d.c7a, student=student)
            self.miss(student)
        self.assertEqual(cost(), few)


class BoundedQueryTests(InboxBase):
    """The inbox's queries do not grow with students or requests; each class adds at most
    a constant (its attempts on cells not mastered, its retake rules, reflections, steps
    and unlocks)."""

    def crowd(self, classroom: Classroom, n: int, tag: str) -> None:
        for i in range(n):
            student = make_user(f"{tag}{i}", User.Role.STUDENT, self.d.school, last_name=tag)
            Enrollment.objects.create(classroom=classroom, student=student)
            self.miss(student)
            self.step(student, Route.TEACHER, classroom=classroom, standard=self.d.s2)
            self.unmatched(student, classroom=classroom)
            group = self.group(TUESDAY.replace(hour=11), classroom=classroom)
            GroupMember.objects.create(group=group, student=student)

    def queries(self) -> tuple[int, int]:
        with time_machine.travel(LATER, tick=False), CaptureQueriesContext(connection) as ctx:
            inbox = teacher_inbox(self.d.tomas)
        return len(ctx.captured_queries), inbox.count

    def test_more_students_and_requests_add_no_query(self) -> None:
        for room in (self.d.c7a, self.d.c7b):
            set_retake_rules(classroom=room, standard=None, rules=ONE_FORM, by=self.d.tomas)
        self.crowd(self.d.c7a, 1, "few")
        self.crowd(self.d.c7b, 1, "fewb")
        few, few_count = self.queries()
        self.crowd(self.d.c7a, 6, "many")
        self.crowd(self.d.c7b, 3, "manyb")
        many, many_count = self.queries()
        self.assertEqual(many, few)
        self.assertEqual((few_count, many_count), (2 * 4, 11 * 4))
        # The page costs what the inbox costs, plus the session and user (after the first
        # visit, which keeps the count in the session: one write).
        self.client.force_login(self.d.tomas)
        with time_machine.travel(LATER, tick=False):
            self.client.get(reverse("interventions:inbox"))
        with time_machine.travel(LATER, tick=False), CaptureQueriesContext(connection) as ctx:
            r = self.client.get(reverse("interventions:inbox"))
        self.assertContains(r, "44 things wait for you")
        self.assertLessEqual(len(ctx.captured_queries), many + 3)

    def test_a_class_adds_at_most_five_queries(self) -> None:
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=ONE_FORM, by=self.d.tomas)
        self.crowd(self.d.c7a, 2, "a")
        one, _count = self.queries()
        set_retake_rules(classroom=self.d.c7b, standard=None, rules=ONE_FORM, by=self.d.tomas)
        self.crowd(self.d.c7b, 2, "b")
        two, _count = self.queries()
        self.assertLessEqual(two - one, 5)


class WaitingCellsTests(InboxBase):
    """The list reads only the attempts on cells the class does not count as mastered; a
    cell with no record in the class is not mastered."""

    def rows(self) -> list[tuple[str, str]]:
        with time_machine.travel(LATER, tick=False):
            waiting = grid_waiting(self.d.c7a)
        return [(r.student.username, r.standard.code) for r in waiting.awaiting]

    def test_a_mastered_cell_never_waits_and_a_cell_without_a_record_still_does(self) -> None:
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=ONE_FORM, by=self.d.tomas)
        self.miss(self.d.ana)  # one form, missed: only the teacher moves her on
        self.miss(self.d.ben)
        self.assertEqual(self.rows(), [("ana", self.d.s1.code), ("ben", self.d.s1.code)])
        # Ben's teacher counts him as mastered (an override): he no longer waits.
        override_level(
            record=MasteryRecord.objects.get(
                classroom=self.d.c7a, student=self.d.ben, standard=self.d.s1
            ),
            level=4,
            reason="Showed me at the board",
            by=self.d.tomas,
        )
        self.assertEqual(self.rows(), [("ana", self.d.s1.code)])
        # Ana's record gone (never written for her in this class): not mastered, she waits.
        MasteryRecord.objects.filter(classroom=self.d.c7a, student=self.d.ana).delete()
        self.assertEqual(self.rows(), [("ana", self.d.s1.code)])

    def test_each_cell_has_the_facts_one_student_s_retake_gives(self) -> None:
        """The list sums up each cell's sittings in the database; the map and "I'm ready"
        work them out from the attempts of one student. Both must say the same."""
        self.open_retakes(self.d.c7a)
        eve = make_user("eve", User.Role.STUDENT, self.d.school, last_name="E")
        fay = make_user("fay", User.Role.STUDENT, self.d.school, last_name="F")
        gil = make_user("gil", User.Role.STUDENT, self.d.school, last_name="G")
        for student in (eve, fay, gil):
            Enrollment.objects.create(classroom=self.d.c7a, student=student)
        for student in (self.d.ana, fay):  # forms A and B
            self.miss(student)
            self.miss(student, TUESDAY + timedelta(minutes=30))
        for student in (self.d.ben, eve, gil):
            self.miss(student)
        with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
            start_attempt(student=eve, standard=self.d.s1)  # form B, still open
        # Fay's two sittings handed in at the same moment: the later one by id counts.
        Attempt.objects.filter(student=fay).update(submitted_at=TUESDAY)
        # Unlocked before his sitting: it does not count. Gil's, after his, opens his.
        for student, at in ((self.d.ben, TUESDAY - timedelta(hours=1)), (gil, LATER)):
            RetakeUnlock.objects.create(
                classroom=self.d.c7a, student=student, standard=self.d.s1, by=self.d.tomas, at=at
            )
        MasteryRecord.objects.filter(classroom=self.d.c7a, student=self.d.ben).delete()
        # Form B archived, a form C with no question: neither can be opened. Form D can.
        Form.objects.filter(pk=self.d.s1_form_b.pk).update(archived_at=TUESDAY)
        Form.objects.create(standard=self.d.s1, label="C")
        create_form(standard=self.d.s1, item_ids=[i.pk for i in make_standard_items(self.d.s1)])
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=RetakeRules(), by=self.d.tomas)

        usable = usable_forms([self.d.s1.pk]).get(self.d.s1.pk, set())
        expected = {}
        for student in (self.d.ana, self.d.ben, eve, fay, gil):
            sat = sat_forms(student_ids=[student.pk], standard_ids=[self.d.s1.pk])[
                (student.pk, self.d.s1.pk)
            ]
            if any(s.submitted_at is None for s in sat):
                continue  # taking a form: nothing waits
            facts = student_retake(
                classroom=self.d.c7a,
                student_id=student.pk,
                standard_id=self.d.s1.pk,
                sat=sat,
                usable=usable,
                now=LATER,
            )
            assert facts is not None
            if not facts.verdict.open:
                expected[student.username] = facts
        listed = {r.student.username: r.facts for r in waiting_retakes([self.d.c7a], now=LATER)}
        self.assertEqual(listed, expected)
        # What the case is made of, so that it cannot pass by listing nobody.
        self.assertEqual(sorted(listed), ["ana", "ben", "fay"])
        taken = {name: (f.state.forms_taken, f.state.forms_left) for name, f in listed.items()}
        self.assertEqual(taken, {"ana": (2, 1), "ben": (1, 1), "fay": (2, 1)})
        last_of_fay = Attempt.objects.filter(student=fay).order_by("-pk")[0]
        self.assertEqual(listed["fay"].last_attempt_id, last_of_fay.pk)
        self.assertFalse(listed["ben"].state.unlocked_by_teacher)


class SlicesTests(InboxBase):
    """A long list of locked retakes shows `ROWS_SHOWN` rows, then "Show … more" brings the
    next ones; every row comes once, in order. (Three rows at a time here.)"""

    def setUp(self) -> None:
        super().setUp()
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=ONE_FORM, by=self.d.tomas)
        for i in range(7):
            student = make_user(f"w{i}", User.Role.STUDENT, self.d.school, last_name=f"W{i}")
            Enrollment.objects.create(classroom=self.d.c7a, student=student)
            self.miss(student)
        reverse("interventions:inbox")  # the URLs first: they register the id converter
        patcher = mock.patch("masterymap.interventions.views.inbox.ROWS_SHOWN", 3)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.client.force_login(self.d.tomas)

    def fetch(self, url: str, **headers: str):
        with time_machine.travel(LATER, tick=False):
            return self.client.get(url, headers=headers)

    def names(self, html: str) -> list[str]:
        who = r'<div class="waiting-who">\s*<a [^>]*><span data-content>([^<]+)</span>'
        return re.findall(who, html)

    def test_the_panel_shows_a_slice_and_brings_the_rest_in_order(self) -> None:
        base = reverse("interventions:grid-waiting", args=[self.d.c7a.pk])
        r = self.fetch(base, **HTMX)
        page = r.content.decode()
        self.assertIn("7 locked retakes only you can move on", page)
        seen = self.names(page)
        self.assertEqual(len(seen), 3)
        self.assertIn("Show 3 more", page)
        self.assertIn("4 more not shown yet", page)
        self.assertIn(f'hx-get="{base}?more=awaiting&amp;from=3"', page)
        # The next slices: rows, then the control for the next, the focus on the first row.
        second = self.fetch(f"{base}?more=awaiting&from=3", **HTMX).content.decode()
        self.assertEqual(second.count(" autofocus>"), 1)
        self.assertIn(f'hx-get="{base}?more=awaiting&amp;from=6"', second)
        self.assertIn("Show 1 more", second)
        last = self.fetch(f"{base}?more=awaiting&from=6", **HTMX).content.decode()
        self.assertNotIn("more not shown yet", last)
        seen += self.names(second) + self.names(last)
        self.assertEqual(seen, [f"W{i}" for i in range(7)])

    def test_the_inbox_shows_a_slice_and_all_of_them_without_script(self) -> None:
        base = reverse("interventions:inbox")
        page = self.fetch(base).content.decode()
        self.assertIn('<span class="inbox-n">7</span>', page)
        self.assertEqual(self.names(page), ["W0", "W1", "W2"])
        # Without script, the control is a link to the whole list; with htmx, the next rows.
        self.assertIn(f'href="{base}?retakes=all#inbox-retakes"', page)
        self.assertIn(f'hx-get="{base}?more=retakes&amp;from=3"', page)
        whole = self.fetch(f"{base}?retakes=all").content.decode()
        self.assertEqual(self.names(whole), [f"W{i}" for i in range(7)])
        self.assertNotIn("more not shown yet", whole)
        rows = self.fetch(f"{base}?more=retakes&from=3", **HTMX).content.decode()
        self.assertEqual(self.names(rows), ["W3", "W4", "W5"])
        self.assertIn("· <span data-content>7A", rows)  # the inbox names each row's class

    def test_the_other_locked_list_is_sliced_the_same_way(self) -> None:
        # The default rules: each student waits a day and owes a reflection.
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=RetakeRules(), by=self.d.tomas)
        base = reverse("interventions:grid-waiting", args=[self.d.c7a.pk])
        page = self.fetch(base, **HTMX).content.decode()
        self.assertIn("7 other locked retakes", page)
        self.assertEqual(self.names(page.split("<details")[1]), ["W0", "W1", "W2"])
        rows = self.fetch(f"{base}?more=other&from=6", **HTMX).content.decode()
        self.assertEqual(self.names(rows), ["W6"])

    def test_a_place_that_is_none_is_refused_and_other_classes_stay_closed(self) -> None:
        base = reverse("interventions:grid-waiting", args=[self.d.c7a.pk])
        for query in (
            "more=nope&from=3",
            "more=awaiting&from=x",
            "more=awaiting&from=0",
            "more=awaiting",
            "more=retakes&from=3",
        ):
            with self.subTest(query=query):
                r = self.fetch(f"{base}?{query}", **HTMX)
                self.assertEqual(r.status_code, 400)
                self.assertContains(r, "No such place in the list.", status_code=400)
        r = self.fetch(f"{reverse('interventions:inbox')}?more=other&from=3", **HTMX)
        self.assertEqual(r.status_code, 400)
        # Past the end: an empty slice, no control.
        past = self.fetch(f"{base}?more=awaiting&from=300", **HTMX).content.decode()
        self.assertEqual(self.names(past), [])
        self.assertNotIn("Show", past)
        for user in (self.d.uma, self.d.ana):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.fetch(f"{base}?more=awaiting&from=3", **HTMX)
                self.assertEqual(r.status_code, 404)
