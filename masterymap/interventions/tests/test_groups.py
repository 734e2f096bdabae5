"""Small groups (interventions.groups): the board by standard and reasons, requests on it,
forming a group in two clicks, tampered posts, attendance and steps, cancelling, members,
the student's map card, who may see what, and bounded queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.assessments.models import Attempt
from masterymap.interventions import groups
from masterymap.interventions.models import (
    ErrorAnalysis,
    GroupMember,
    MissedItem,
    Route,
    SmallGroup,
    Step,
)
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import set_retake_rules
from masterymap.mastery.retake import RetakeRules
from masterymap.standards.actions import archive_standard
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase, make_user
from masterymap.workflows.actions import start_attempt, submit_attempt

ZONE = ZoneInfo("America/New_York")
# Tuesday 3 November 2026, 10:00 at the school.
TUESDAY = datetime(2026, 11, 3, 10, 0, tzinfo=ZONE)
WEDNESDAY_9 = datetime(2026, 11, 4, 9, 0, tzinfo=ZONE)
Reason = MissedItem.Reason


class GroupsBase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()
        self.clock = time_machine.travel(TUESDAY, tick=False)
        self.clock.start()
        self.addCleanup(self.clock.stop)

    def student(self, name: str, classroom: Classroom | None = None) -> User:
        user = make_user(
            name.lower(), User.Role.STUDENT, self.d.school, first_name=name, last_name=name[0]
        )
        Enrollment.objects.create(classroom=classroom or self.d.c7a, student=user)
        return user

    def take(self, student: User, *, right: bool = False) -> Attempt:
        attempt = start_attempt(student=student, standard=self.d.s1)
        return submit_attempt(attempt=attempt, answers=self.answers_for(right=right))

    def analyse(self, attempt: Attempt, *reasons: str) -> ErrorAnalysis:
        """The student gives `reasons` for the first missed items, in order."""
        analysis = ErrorAnalysis.objects.create(
            attempt=attempt, created_at=TUESDAY, updated_at=TUESDAY
        )
        for item, reason in zip(self.d.s1_items, reasons, strict=False):
            MissedItem.objects.create(analysis=analysis, item=item, reason=reason)
        return analysis

    def ask(self, student: User, route: str = Route.TEACHER, **extra) -> Step:
        values = {
            "classroom": self.d.c7a,
            "student": student,
            "standard": self.d.s1,
            "route": route,
            "chosen_by": student,
            "started_at": TUESDAY,
        } | extra
        return Step.objects.create(**values)

    def form(self, *students: User, meets_at: datetime = WEDNESDAY_9, note: str = "") -> SmallGroup:
        return groups.form_group(
            classroom=self.d.c7a,
            standard=self.d.s1,
            student_ids=[s.pk for s in students],
            meets_at=meets_at,
            note=note,
            by=self.d.tomas,
        )

    def board_url(self, classroom: Classroom | None = None) -> str:
        return reverse("interventions:groups", args=[(classroom or self.d.c7a).pk])

    def form_url(self, standard: Standard | None = None) -> str:
        return reverse("interventions:group-form", args=[self.d.c7a.pk, (standard or self.d.s1).pk])

    def group_url(self, group: SmallGroup, what: str = "") -> str:
        name = f"interventions:group-{what}" if what else "interventions:group"
        return reverse(name, args=[group.classroom_id, group.pk])

    def section(self, html: str, element_id: str) -> str:
        return html.split(f'id="{element_id}"')[1].split("</section>")[0]


class BoardTests(GroupsBase):
    def test_not_yet_students_are_grouped_by_the_reasons_of_their_latest_try(self) -> None:
        eve = self.student("Eve")
        # Ana's first try says "misread"; her latest says "didn't know how" and "careless".
        self.analyse(self.take(self.d.ana), Reason.MISREAD)
        self.analyse(self.take(self.d.ana), Reason.DID_NOT_KNOW, Reason.CARELESS)
        self.analyse(self.take(self.d.ben), Reason.MISCONCEPTION, Reason.DID_NOT_KNOW)
        self.take(eve)  # no analysis
        self.take(self.d.cara)  # 7B: another class
        board = groups.board(self.d.c7a)
        [row] = board.standards
        self.assertEqual(row.standard, self.d.s1)
        lines = [(line.label, line.names) for line in row.reasons]
        self.assertEqual(
            lines,
            [
                ("A careless slip", ["Ana A"]),
                ("Didn't know how", ["Ana A", "Ben B"]),
                # Ben picked "Wrong", whose misconception note is "Misread".
                ("Believed: “Misread”", ["Ben B"]),
                ("No analysis yet", ["Eve E"]),
            ],
        )
        self.client.force_login(self.d.tomas)
        html = self.section(
            self.client.get(self.board_url()).content.decode(), f"standard-{self.d.s1.pk}"
        )
        self.assertIn(
            "<strong>Didn&#x27;t know how:</strong> <span data-content>Ana A</span>, "
            "<span data-content>Ben B</span>",
            html,
        )
        self.assertNotIn("Misread the question", html)  # Ana's older try does not count
        self.assertNotIn("Cara", html)

    def test_requests_show_flagged_and_ticked_even_when_not_not_yet(self) -> None:
        self.take(self.d.ana)
        self.take(self.d.ben, right=True)  # mastered, and still asks for a group
        self.ask(self.d.ben, Route.SMALL_GROUP)
        finn = self.student("Finn")
        self.ask(finn, Route.TEACHER, note="Help!")  # never tried
        self.ask(self.d.cara, classroom=self.d.c7b)  # another class
        [row] = groups.board(self.d.c7a).standards
        by_name = {s.name: s for s in row.students}
        self.assertEqual(set(by_name), {"Ana A", "Ben B", "Finn F"})
        self.assertTrue(by_name["Ben B"].asked and by_name["Ben B"].ticked)
        self.assertTrue(by_name["Finn F"].asked and by_name["Finn F"].ticked)
        self.assertFalse(by_name["Ana A"].asked or by_name["Ana A"].ticked)
        self.assertEqual(by_name["Ben B"].status_label, "Mastered")
        self.assertEqual(by_name["Finn F"].status_label, "Not started")
        self.assertEqual(row.requests, 2)
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.board_url()).content.decode()
        self.assertIn("2 requests", page)
        html = self.section(page, f"standard-{self.d.s1.pk}")
        self.assertIn(f'value="{self.d.ben.pk}" checked', html)
        self.assertIn(f'value="{self.d.ana.pk}">', html)
        self.assertIn("asked for help · a small group", html)
        self.assertIn("asked for help · tutoring with you", html)
        self.assertIn('value="2026-11-04T09:00"', html)  # the next school day, 09:00

    def test_an_empty_board_says_nobody_is_waiting(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.board_url())
        self.assertContains(r, "Nobody is waiting")
        self.assertContains(r, "No group planned.")

    def test_the_grid_links_to_the_board(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(r, f'href="{self.board_url()}">Small groups</a>')

    def test_the_default_time_is_the_next_weekday_at_nine(self) -> None:
        friday = datetime(2026, 11, 6, 15, 0, tzinfo=ZONE)
        self.assertEqual(groups.next_meeting(friday), datetime(2026, 11, 9, 9, 0, tzinfo=ZONE))
        self.assertEqual(groups.next_meeting(TUESDAY), WEDNESDAY_9)

    def test_upcoming_and_past_groups_are_listed(self) -> None:
        self.take(self.d.ana)
        self.take(self.d.ben)
        soon = self.form(self.d.ana, note="Ratio tables")
        old = self.form(self.d.ben, meets_at=TUESDAY - timedelta(days=7))
        gone = self.form(self.d.ben, meets_at=WEDNESDAY_9 + timedelta(days=1))
        groups.cancel_group(group=gone, by=self.d.tomas)
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.board_url()).content.decode()
        upcoming = self.section(page, "upcoming")
        self.assertIn("Wed 4 Nov, 09:00", upcoming)
        self.assertIn("Ratio tables", upcoming)
        self.assertIn(self.group_url(soon), upcoming)
        self.assertNotIn(self.group_url(gone), upcoming)
        past = self.section(page, "past")
        self.assertIn(self.group_url(old), past)
        self.assertIn("0 of 1 came", past)
        self.assertIn("1 not marked", past)
        self.assertIn(self.group_url(gone), past)
        self.assertIn("Cancelled", past)
        # Ana is in a group on s1 already: said, and not ticked.
        [row] = groups.board(self.d.c7a).standards
        ana = next(s for s in row.students if s.student == self.d.ana)
        self.assertEqual(ana.group, soon)
        self.assertIn(
            "in a group on Wed 4 Nov, 09:00", self.section(page, f"standard-{self.d.s1.pk}")
        )

    def test_the_boards_queries_do_not_grow_with_students_and_groups(self) -> None:
        self.analyse(self.take(self.d.ana), Reason.MISCONCEPTION)
        self.ask(self.d.ben)
        self.form(self.d.ana)
        self.form(self.d.ana, meets_at=TUESDAY - timedelta(days=2))
        self.client.force_login(self.d.tomas)
        # A first visit writes the session (its school and language): not the board's cost.
        self.client.get(self.board_url())
        with CaptureQueriesContext(connection) as small:
            self.assertEqual(self.client.get(self.board_url()).status_code, 200)
        for n in range(6):
            s = self.student(f"Kid{n}")
            self.analyse(self.take(s), Reason.MISCONCEPTION, Reason.MISREAD)
            self.ask(s, Route.SMALL_GROUP, standard=self.d.s2)
            self.form(s, meets_at=WEDNESDAY_9 + timedelta(days=n))
            self.form(s, meets_at=TUESDAY - timedelta(days=n + 1))
        with CaptureQueriesContext(connection) as big:
            r = self.client.get(self.board_url())
        self.assertContains(r, "Kid5")
        self.assertEqual(len(big), len(small), "\n".join(q["sql"] for q in big.captured_queries))
        # Three for the session, the user and the class, and the board's thirteen at most.
        self.assertEqual(len(small), 3 + 13)

    def test_an_archived_standard_leaves_the_board_but_a_request_on_it_stays(self) -> None:
        self.take(self.d.ana)  # not yet on s1
        self.take(self.d.ben)
        self.ask(self.d.ben)  # and Ben asks for help on it
        archive_standard(standard=self.d.s1)
        [row] = groups.board(self.d.c7a).standards
        self.assertEqual(row.standard, self.d.s1)
        self.assertEqual([s.name for s in row.students], ["Ben B"])
        self.assertTrue(row.students[0].not_yet)
        self.assertTrue(row.students[0].asked)


class FormGroupTests(GroupsBase):
    def test_two_clicks_form_a_group_linking_requests_and_adding_steps(self) -> None:
        self.take(self.d.ana)
        self.take(self.d.ben)
        asked = self.ask(self.d.ben)
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            self.form_url(),
            {
                "student": [self.d.ana.pk, self.d.ben.pk],
                "meets_at": "2026-11-04T09:00",
                "note": "Ratio tables, back table",
            },
            follow=True,
        )
        group = SmallGroup.objects.get()
        self.assertRedirects(r, self.group_url(group))
        self.assertContains(r, "Group formed on")
        self.assertEqual(group.meets_at, WEDNESDAY_9)
        self.assertEqual(group.note, "Ratio tables, back table")
        self.assertEqual((group.created_by, group.created_at), (self.d.tomas, TUESDAY))
        members = {m.student: m for m in group.members.select_related("step")}
        self.assertEqual(set(members), {self.d.ana, self.d.ben})
        self.assertEqual(members[self.d.ben].step, asked)
        made = members[self.d.ana].step
        assert made is not None
        self.assertEqual(
            (made.route, made.chosen_by, made.standard, made.is_open),
            (Route.SMALL_GROUP, self.d.tomas, self.d.s1, True),
        )
        self.assertEqual(groups.open_requests([self.d.c7a]), [])
        # The group page lists them, with "Record a check" for each.
        self.assertContains(r, "Ana A")
        station = reverse("workflows:station", args=[self.d.c7a.pk])
        self.assertContains(r, f"{station}?student={self.d.ana.pk}&amp;standard={self.d.s1.pk}")

    def test_the_student_sees_the_group_on_their_map(self) -> None:
        self.take(self.d.ana)
        self.form(self.d.ana, note="Bring your ratio table")
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, "Small group with your teacher")
        self.assertContains(r, "Wed 4 Nov, 09:00")
        self.assertContains(r, "Bring your ratio table")
        self.client.force_login(self.d.ben)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertNotContains(r, "Small group with your teacher")

    def test_tampered_or_missing_students_are_refused_and_nothing_is_created(self) -> None:
        self.client.force_login(self.d.tomas)
        for students in (
            [self.d.ana.pk, self.d.cara.pk],  # Cara is in 7B
            [self.d.ana.pk, self.d.dev.pk],  # Dev is Uma's
            [self.d.ana.pk, self.d.tomas.pk],  # a teacher
            [self.d.ana.pk, "abc"],
            [self.d.ana.pk, "99999999999999999999999"],
            [],
        ):
            with self.subTest(students=students):
                r = self.client.post(
                    self.form_url(),
                    {"student": students, "meets_at": "2026-11-04T09:00"},
                    follow=True,
                )
                self.assertRedirects(r, self.board_url() + f"#standard-{self.d.s1.pk}")
                self.assertContains(
                    r,
                    "Only students of this class can be in its groups."
                    if students
                    else "Tick at least one student for the group.",
                )
        self.assertFalse(SmallGroup.objects.exists())
        self.assertFalse(GroupMember.objects.exists())
        self.assertFalse(Step.objects.exists())

    def test_bad_times_notes_and_standards_are_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        for meets_at, note, message in (
            ("", "", "Pick when the group meets."),
            ("tomorrow", "", "Pick when the group meets: a date and a time."),
            ("2024-01-01T09:00", "", "Pick a time from the last two weeks on"),
            ("2030-01-01T09:00", "", "Pick a time within the next year."),
            ("2026-11-04T09:00", "x" * 501, "The note is too long"),
        ):
            with self.subTest(meets_at=meets_at):
                r = self.client.post(
                    self.form_url(),
                    {"student": [self.d.ana.pk], "meets_at": meets_at, "note": note},
                    follow=True,
                )
                self.assertContains(r, message)
        uma_standard = Standard.objects.exclude(mastery_map=self.d.grade7).first()
        if uma_standard is not None:
            r = self.client.post(self.form_url(uma_standard), {"student": [self.d.ana.pk]})
            self.assertEqual(r.status_code, 404)
        self.assertFalse(SmallGroup.objects.exists())

    def test_a_double_submit_makes_one_group(self) -> None:
        first = self.form(self.d.ana, self.d.ben, note="x")
        again = self.form(self.d.ben, self.d.ana, note="x")
        self.assertEqual(first, again)
        self.assertEqual(SmallGroup.objects.count(), 1)
        with self.assertRaises(ActionError):
            self.form(self.d.ana, note="another")

    def test_groups_today_and_open_requests_for_the_inbox(self) -> None:
        today = self.form(self.d.ana, meets_at=TUESDAY.replace(hour=13))
        self.form(self.d.ben)  # tomorrow
        other = groups.form_group(
            classroom=self.d.c7b,
            standard=self.d.s1,
            student_ids=[self.d.cara.pk],
            meets_at=TUESDAY.replace(hour=11),
            by=self.d.tomas,
        )
        found = groups.groups_today([self.d.c7a, self.d.c7b], date(2026, 11, 3))
        self.assertEqual(found, [other, today])
        self.assertEqual([g.member_count for g in found], [1, 1])  # type: ignore[attr-defined]
        self.assertEqual(groups.groups_today([self.d.c7a], date(2026, 11, 5)), [])
        asked = self.ask(self.d.ben, standard=self.d.s2)
        self.assertEqual(groups.open_requests([self.d.c7a, self.d.c7b]), [asked])


class AttendanceTests(GroupsBase):
    def setUp(self) -> None:
        super().setUp()
        self.take(self.d.ana)
        self.asked = self.ask(self.d.ben)
        self.group = self.form(self.d.ana, self.d.ben)
        self.members = {m.student: m for m in self.group.members.all()}

    def mark(self, student: User, attended: bool):
        self.client.force_login(self.d.tomas)
        return self.client.post(
            self.group_url(self.group, "attendance"),
            {"member": self.members[student].pk, "attended": "1" if attended else "0"},
            follow=True,
        )

    def test_attendance_waits_for_the_day_the_group_meets(self) -> None:
        r = self.mark(self.d.ana, True)
        self.assertContains(r, "Mark who came once the group has met.")
        self.assertIsNone(GroupMember.objects.get(student=self.d.ana).attended)

    def test_came_marks_the_step_done_and_did_not_come_leaves_it_open(self) -> None:
        with time_machine.travel(WEDNESDAY_9 + timedelta(hours=1), tick=False):
            r = self.mark(self.d.ana, True)
            self.assertContains(r, "✓ Came")
            r = self.mark(self.d.ben, False)
            self.assertContains(r, "✗ Did not come")
        ana = GroupMember.objects.select_related("step").get(student=self.d.ana)
        self.assertEqual((ana.attended, ana.marked_by), (True, self.d.tomas))
        assert ana.step is not None
        self.assertEqual(ana.step.done_by, self.d.tomas)
        self.assertIsNotNone(ana.step.done_at)
        ben = GroupMember.objects.select_related("step").get(student=self.d.ben)
        self.assertEqual(ben.attended, False)
        self.assertEqual(ben.step, self.asked)
        self.asked.refresh_from_db()
        self.assertTrue(self.asked.is_open)
        # Ben missed it: his request is back on the board, ticked, in no group.
        self.assertEqual(groups.open_requests([self.d.c7a]), [self.asked])
        with time_machine.travel(WEDNESDAY_9 + timedelta(hours=1), tick=False):
            [row] = groups.board(self.d.c7a).standards
        ben = next(s for s in row.students if s.student == self.d.ben)
        self.assertEqual((ben.request, ben.group, ben.ticked), (self.asked, None, True))

    def test_a_done_step_counts_for_the_retake_rules(self) -> None:
        set_retake_rules(
            classroom=self.d.c7a,
            standard=None,
            rules=RetakeRules(cool_down_days=0, reflection_required=False, step_required=True),
            by=self.d.tomas,
        )
        map_url = reverse("workflows:student-map", args=[self.d.c7a.pk])
        with time_machine.travel(WEDNESDAY_9 + timedelta(hours=1), tick=False):
            self.client.force_login(self.d.ana)
            self.assertContains(self.client.get(map_url), "The next form is locked")
            self.mark(self.d.ana, True)
            self.client.force_login(self.d.ana)
            self.assertNotContains(self.client.get(map_url), "The next form is locked")

    def test_attendance_can_be_changed_and_a_withdrawn_step_no_longer_counts(self) -> None:
        with time_machine.travel(WEDNESDAY_9 + timedelta(hours=1), tick=False):
            self.mark(self.d.ana, True)
            self.mark(self.d.ana, False)
        ana = GroupMember.objects.select_related("step").get(student=self.d.ana)
        self.assertFalse(ana.attended)
        assert ana.step is not None
        self.assertTrue(ana.step.is_open)
        withdrawn = Step.objects.get(student=self.d.ana, done_at__isnull=False)
        self.assertEqual(withdrawn.cancelled_by, self.d.tomas)
        with time_machine.travel(WEDNESDAY_9 + timedelta(hours=2), tick=False):
            self.mark(self.d.ana, True)
        ana.refresh_from_db()
        assert ana.step is not None
        self.assertTrue(ana.attended)
        self.assertIsNotNone(ana.step.done_at)
        self.assertIsNone(ana.step.cancelled_at)

    def test_a_member_of_another_group_is_not_found(self) -> None:
        other = self.form(self.d.ana, meets_at=WEDNESDAY_9 + timedelta(days=1))
        stranger = other.members.get()
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            self.group_url(self.group, "attendance"), {"member": stranger.pk, "attended": "1"}
        )
        self.assertEqual(r.status_code, 404)
        r = self.client.post(self.group_url(self.group, "attendance"), {"member": "x"})
        self.assertEqual(r.status_code, 404)


class CancelAndMembersTests(GroupsBase):
    def setUp(self) -> None:
        super().setUp()
        self.take(self.d.ana)
        self.asked = self.ask(self.d.ben)
        self.group = self.form(self.d.ana, self.d.ben)

    def test_cancelling_keeps_the_steps_open_and_the_requests_come_back(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.group_url(self.group, "cancel"), follow=True)
        self.assertRedirects(r, self.board_url())
        self.assertContains(r, "Group cancelled.")
        self.group.refresh_from_db()
        self.assertEqual(
            (self.group.cancelled_by, self.group.cancelled_at), (self.d.tomas, TUESDAY)
        )
        self.assertTrue(all(m.step.is_open for m in self.group.members.all()))  # type: ignore[union-attr]
        self.assertEqual(
            {s.student for s in groups.open_requests([self.d.c7a])}, {self.d.ana, self.d.ben}
        )
        # The map no longer shows it.
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertNotContains(r, "Small group with your teacher")

    def test_a_group_someone_came_to_cannot_be_cancelled(self) -> None:
        with time_machine.travel(WEDNESDAY_9, tick=False):
            member = self.group.members.get(student=self.d.ana)
            groups.mark_attendance(member=member, attended=True, by=self.d.tomas)
            with self.assertRaises(ActionError):
                groups.cancel_group(group=self.group, by=self.d.tomas)

    def test_members_are_added_and_removed_before_it_meets(self) -> None:
        eve = self.student("Eve")
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.group_url(self.group)).content.decode()
        self.assertIn(f'<option value="{eve.pk}" data-content>Eve E</option>', page)
        r = self.client.post(self.group_url(self.group, "add"), {"student": eve.pk}, follow=True)
        self.assertContains(r, "joins the group")
        self.assertTrue(self.group.members.filter(student=eve).exists())
        for student in (self.d.ana, self.d.ben):
            member = self.group.members.get(student=student)
            r = self.client.post(
                self.group_url(self.group, "remove"), {"member": member.pk}, follow=True
            )
            self.assertContains(r, "is no longer in the group")
        # Ana's step was the group's: cancelled. Ben asked: his request stays open.
        ana_step = Step.objects.get(student=self.d.ana)
        self.assertEqual(ana_step.cancelled_by, self.d.tomas)
        self.asked.refresh_from_db()
        self.assertTrue(self.asked.is_open)
        self.assertEqual(groups.open_requests([self.d.c7a]), [self.asked])
        # Another class's student, or nonsense, is refused.
        for value in (self.d.cara.pk, "abc"):
            r = self.client.post(self.group_url(self.group, "add"), {"student": value}, follow=True)
            self.assertContains(
                r,
                "Only students of this class" if value != "abc" else "Pick a student to add.",
            )
        self.assertEqual(list(self.group.members.values_list("student", flat=True)), [eve.pk])

    def test_members_stay_once_it_has_met(self) -> None:
        eve = self.student("Eve")
        with time_machine.travel(WEDNESDAY_9 + timedelta(minutes=1), tick=False):
            with self.assertRaises(ActionError):
                groups.add_member(group=self.group, student_id=eve.pk, by=self.d.tomas)
            member = self.group.members.get(student=self.d.ana)
            with self.assertRaises(ActionError):
                groups.remove_member(member=member, by=self.d.tomas)


class DenialTests(GroupsBase):
    def setUp(self) -> None:
        super().setUp()
        self.take(self.d.ana)
        self.group = self.form(self.d.ana)
        self.member = self.group.members.get()
        self.other = groups.form_group(
            classroom=self.d.c7b,
            standard=self.d.s1,
            student_ids=[self.d.cara.pk],
            meets_at=WEDNESDAY_9,
            by=self.d.tomas,
        )

    def urls(self) -> list[tuple[str, str, dict]]:
        return [
            ("get", self.board_url(), {}),
            ("get", self.group_url(self.group), {}),
            ("post", self.form_url(), {"student": [self.d.ana.pk], "meets_at": "2026-11-05T09:00"}),
            (
                "post",
                self.group_url(self.group, "attendance"),
                {"member": self.member.pk, "attended": "1"},
            ),
            ("post", self.group_url(self.group, "add"), {"student": self.d.ben.pk}),
            ("post", self.group_url(self.group, "remove"), {"member": self.member.pk}),
            ("post", self.group_url(self.group, "cancel"), {}),
        ]

    def test_students_other_teachers_and_other_schools_get_404(self) -> None:
        for user in (self.d.ana, self.d.ben, self.d.uma, self.d.zed):
            self.client.force_login(user)
            for method, url, data in self.urls():
                with self.subTest(user=user.username, url=url):
                    r = getattr(self.client, method)(url, data)
                    self.assertEqual(r.status_code, 404)
        self.assertEqual(SmallGroup.objects.count(), 2)
        self.assertIsNone(SmallGroup.objects.get(pk=self.group.pk).cancelled_at)

    def test_the_school_admin_may_open_the_board(self) -> None:
        self.client.force_login(self.d.ada)
        self.assertEqual(self.client.get(self.board_url()).status_code, 200)

    def test_a_group_of_another_class_is_not_found_by_id(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("interventions:group", args=[self.d.c7a.pk, self.other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("interventions:group-cancel", args=[self.d.c7a.pk, self.other.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertIsNone(SmallGroup.objects.get(pk=self.other.pk).cancelled_at)
        self.assertEqual(self.client.get(self.board_url()).status_code, 200)

    def test_the_board_is_get_only(self) -> None:
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.post(self.board_url()).status_code, 405)
        self.assertEqual(self.client.get(self.group_url(self.group, "cancel")).status_code, 405)
