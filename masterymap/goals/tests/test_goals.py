"""Goals as people use them: a student sets one and reads its pace on the tracker, a teacher
suggests one and sets class goals, counted goals take check-ins a teacher confirms, the
practice run; and every denial."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from masterymap.goals import actions
from masterymap.goals.models import CheckIn, Goal
from masterymap.goals.practice_run import CODE
from masterymap.lib.errors import ActionError
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence


class GoalTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])

    def master(self, student, standard, days_ago: int = 0) -> None:  # type: ignore[no-untyped-def]
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=student,
            standard=standard,
            kind="one_on_one",
            level=4,
            assessed_on=self.today - timedelta(days=days_ago),
        )

    def test_a_student_sets_a_goal_and_reads_its_pace_and_plot(self) -> None:
        self.master(self.d.ana, self.d.s1)
        self.client.force_login(self.d.ana)
        page = self.client.get(reverse("goals:goal-new", args=[self.d.c7a.pk, self.d.ana.pk]))
        self.assertContains(page, "Set the goal")
        deadline = self.today + timedelta(days=30)
        response = self.client.post(
            reverse("goals:goal-new", args=[self.d.c7a.pk, self.d.ana.pk]),
            {"kind": "standards", "target": "2", "deadline": deadline.isoformat()},
        )
        self.assertRedirects(response, self.tracker + "#goals", fetch_redirect_response=False)
        goal = Goal.objects.get(student=self.d.ana)
        self.assertEqual((goal.state, goal.target, goal.set_by), ("active", 2, self.d.ana))
        tracker = self.client.get(self.tracker)
        self.assertContains(tracker, "1 of 2")
        self.assertContains(tracker, "the deadline needs")
        self.assertContains(tracker, "<svg", msg_prefix="the goal's plot is drawn")

    def test_a_goal_beyond_the_map_or_in_the_past_is_refused_with_the_reason(self) -> None:
        self.client.force_login(self.d.ana)
        url = reverse("goals:goal-new", args=[self.d.c7a.pk, self.d.ana.pk])
        later = (self.today + timedelta(days=9)).isoformat()
        too_many = self.client.post(url, {"kind": "standards", "target": "3", "deadline": later})
        self.assertContains(too_many, "There are only 2 standards", status_code=400)
        past = (self.today - timedelta(days=1)).isoformat()
        gone = self.client.post(url, {"kind": "standards", "target": "1", "deadline": past})
        self.assertEqual(gone.status_code, 400)
        counted = self.client.post(url, {"kind": "counted", "target": "10", "deadline": later})
        self.assertContains(counted, "Say what you will count.", status_code=400)
        self.assertFalse(Goal.objects.exists())

    def test_a_teacher_suggests_and_the_student_accepts_or_declines(self) -> None:
        self.client.force_login(self.d.tomas)
        later = (self.today + timedelta(days=20)).isoformat()
        url = reverse("goals:goal-new", args=[self.d.c7a.pk, self.d.ana.pk])
        self.client.post(url, {"kind": "standards", "target": "1", "deadline": later})
        self.client.post(url, {"kind": "standards", "target": "2", "deadline": later})
        first, second = Goal.objects.order_by("pk")
        self.assertEqual((first.state, first.set_by), ("suggested", self.d.tomas))
        self.client.force_login(self.d.ana)
        self.assertContains(self.client.get(self.tracker), "Accept this goal", count=2)
        # Another student cannot answer Ana's suggestion.
        self.client.force_login(self.d.ben)
        denied = self.client.post(reverse("goals:goal-accept", args=[first.pk]))
        self.assertEqual(denied.status_code, 404)
        self.client.force_login(self.d.ana)
        self.client.post(reverse("goals:goal-accept", args=[first.pk]))
        self.client.post(reverse("goals:goal-decline", args=[second.pk]))
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.state, second.state), ("active", "declined"))

    def test_a_teacher_of_another_class_cannot_suggest_or_read(self) -> None:
        self.client.force_login(self.d.uma)
        url = reverse("goals:goal-new", args=[self.d.c7a.pk, self.d.ana.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        later = (self.today + timedelta(days=20)).isoformat()
        self.client.post(url, {"kind": "standards", "target": "1", "deadline": later})
        self.assertFalse(Goal.objects.exists())
        self.assertEqual(
            self.client.get(reverse("goals:class-goals", args=[self.d.c7a.pk])).status_code, 404
        )
        # A student cannot set a goal for a classmate, nor open the teacher's goals page.
        self.client.force_login(self.d.ben)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("goals:class-goals", args=[self.d.c7a.pk])).status_code, 404
        )

    def test_counted_goal_check_ins_and_the_teachers_confirmation(self) -> None:
        goal = actions.set_goal(
            classroom=self.d.c7a,
            student=self.d.ana,
            kind="counted",
            title="Read chapter books",
            target=10,
            deadline=self.today + timedelta(days=28),
            by=self.d.ana,
        )
        self.client.force_login(self.d.ana)
        self.client.post(
            reverse("goals:check-in", args=[goal.pk]),
            {"on": self.today.isoformat(), "amount": "3", "note": "Holes"},
        )
        future = (self.today + timedelta(days=2)).isoformat()
        self.client.post(reverse("goals:check-in", args=[goal.pk]), {"on": future, "amount": "1"})
        check_in = CheckIn.objects.get()
        self.assertEqual(check_in.amount, 3)
        tracker = self.client.get(self.tracker)
        self.assertContains(tracker, "3 of 10")
        self.assertContains(tracker, "not confirmed yet")
        # Students never confirm, not even their own.
        confirm = reverse("goals:check-in-confirm", args=[check_in.pk])
        self.assertEqual(self.client.post(confirm).status_code, 404)
        self.client.force_login(self.d.uma)
        self.assertEqual(self.client.post(confirm).status_code, 404)
        self.client.force_login(self.d.tomas)
        page = self.client.get(reverse("goals:class-goals", args=[self.d.c7a.pk]))
        self.assertContains(page, "Holes")
        self.client.post(confirm)
        check_in.refresh_from_db()
        self.assertEqual(check_in.confirmed_by, self.d.tomas)
        self.client.force_login(self.d.ana)
        self.assertContains(self.client.get(self.tracker), "✓ confirmed")

    def test_a_check_in_on_a_standards_goal_is_refused(self) -> None:
        goal = actions.set_goal(
            classroom=self.d.c7a,
            student=self.d.ana,
            kind="standards",
            target=2,
            deadline=self.today + timedelta(days=28),
            by=self.d.ana,
        )
        with self.assertRaises(ActionError):
            actions.record_check_in(goal=goal, on=self.today)

    def test_class_goal_counts_the_whole_class_and_only_teachers_set_it(self) -> None:
        self.master(self.d.ana, self.d.s1, days_ago=3)
        self.master(self.d.ben, self.d.s1, days_ago=1)
        self.client.force_login(self.d.tomas)
        url = reverse("goals:class-goals", args=[self.d.c7a.pk])
        later = (self.today + timedelta(days=14)).isoformat()
        response = self.client.post(url, {"kind": "standards", "target": "4", "deadline": later})
        self.assertEqual(response.status_code, 302)
        page = self.client.get(url)
        self.assertContains(page, "2 of 4")
        self.assertContains(page, "the class reaches 4")
        self.client.force_login(self.d.ana)
        self.assertContains(self.client.get(self.tracker), "Class goal:")
        self.client.post(url, {"kind": "standards", "target": "9", "deadline": later})
        self.assertEqual(Goal.objects.count(), 1)

    def test_a_chosen_list_counts_only_its_standards(self) -> None:
        self.master(self.d.ana, self.d.s1)
        self.client.force_login(self.d.ana)
        later = (self.today + timedelta(days=14)).isoformat()
        self.client.post(
            reverse("goals:goal-new", args=[self.d.c7a.pk, self.d.ana.pk]),
            {"kind": "list", "standards": [str(self.d.s2.pk)], "deadline": later},
        )
        goal = Goal.objects.get()
        self.assertEqual((goal.kind, goal.target), ("list", 1))
        self.assertContains(self.client.get(self.tracker), "0 of 1")

    def test_withdraw_keeps_the_goal_in_the_history(self) -> None:
        goal = actions.set_goal(
            classroom=self.d.c7a,
            student=self.d.ana,
            kind="standards",
            target=1,
            deadline=self.today + timedelta(days=5),
            by=self.d.ana,
        )
        # The teacher does not withdraw a goal the student set.
        self.client.force_login(self.d.tomas)
        self.assertEqual(
            self.client.post(reverse("goals:goal-withdraw", args=[goal.pk])).status_code, 404
        )
        self.client.force_login(self.d.ana)
        self.client.post(reverse("goals:goal-withdraw", args=[goal.pk]))
        goal.refresh_from_db()
        self.assertEqual(goal.state, "withdrawn")

    def test_the_practice_run_adds_a_first_standard_with_two_forms_once(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("goals:practice-run", args=[self.d.c7a.pk])
        self.client.post(url)
        start = Standard.objects.get(mastery_map=self.d.grade7, code=CODE)
        self.assertEqual(start.forms.count(), 2)
        self.assertEqual(
            Standard.objects.filter(mastery_map=self.d.grade7).order_by(
                "unit__position", "position"
            )[0],
            start,
        )
        response = self.client.post(url, follow=True)
        self.assertContains(response, "already has the practice run")
        self.assertEqual(Standard.objects.filter(code=CODE).count(), 1)
        # A student cannot add it.
        self.client.force_login(self.d.ana)
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_goals_counting_is_bounded(self) -> None:
        self.master(self.d.ana, self.d.s1)
        for target in (1, 2):
            actions.set_goal(
                classroom=self.d.c7a,
                student=self.d.ana,
                kind="standards",
                target=target,
                deadline=date.today() + timedelta(days=5),
                by=self.d.ana,
            )
        from masterymap.goals.queries import student_goals

        with self.assertNumQueries(2):  # the goals, and the student's mastered standards
            views = student_goals(self.d.c7a, self.d.ana)
        self.assertEqual([v.done for v in views], [1, 1])
