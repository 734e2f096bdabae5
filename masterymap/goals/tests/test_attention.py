"""The needs-attention panel and the grid's strip: each alert kind from a real scenario,
dismissing, a new occasion alerting again, denials, and a cost that does not grow with the
class."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import Enrollment, User
from masterymap.evidence.models import Evidence
from masterymap.goals import actions
from masterymap.goals.attention import class_attention
from masterymap.goals.models import DismissedAlert
from masterymap.test import BaseTestCase, make_user
from masterymap.workflows.actions import record_evidence, start_attempt, submit_attempt


class AttentionTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.url = reverse("goals:attention", args=[self.d.c7a.pk])
        self.open_retakes()

    def evidence(self, student: User, level: float, days_ago: int = 0, standard=None) -> None:  # type: ignore[no-untyped-def]
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=student,
            standard=standard or self.d.s1,
            kind="one_on_one",
            level=level,
            assessed_on=self.today - timedelta(days=days_ago),
        )

    def test_each_kind_of_alert_shows_with_its_reason_and_link(self) -> None:
        # Ana: off track (2 standards in 2 days, nothing mastered); Ben: reached.
        actions.set_goal(
            classroom=self.d.c7a,
            student=self.d.ana,
            kind="standards",
            target=2,
            deadline=self.today + timedelta(days=1),
            by=self.d.ana,
        )
        self.evidence(self.d.ben, 4)
        actions.set_goal(
            classroom=self.d.c7a,
            student=self.d.ben,
            kind="standards",
            target=1,
            deadline=self.today + timedelta(days=9),
            by=self.d.ben,
        )
        # Ana: not yet three times on 7.RP.A.1 (forms A and B, and a third form).
        from masterymap.assessments.actions import create_form

        create_form(standard=self.d.s1, item_ids=[i.pk for i in self.d.s1_items])
        for _ in range(3):
            submit_attempt(
                attempt=start_attempt(student=self.d.ana, standard=self.d.s1), answers={}
            )
        # Ana's last evidence is old enough to call her stalled.
        Evidence.objects.filter(student=self.d.ana).update(
            assessed_on=self.today - timedelta(days=15)
        )
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.url)
        tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
        self.assertContains(page, f'href="{tracker}"')
        for words in [
            "Off track",
            "Stalled",
            "No new evidence for",
            "Still not mastered after three tries or more: <span data-content>7.RP.A.1</span> (3)",
            "To celebrate",
            "Goal reached",
        ]:
            self.assertContains(page, words)
        strip = self.client.get(reverse("goals:grid-attention", args=[self.d.c7a.pk]))
        self.assertContains(strip, "Ana A")
        self.assertContains(strip, "need attention")

    def test_dismissing_hides_until_a_new_occasion(self) -> None:
        self.evidence(self.d.ana, 2, days_ago=20)
        self.client.force_login(self.d.tomas)
        rows = class_attention(self.d.c7a).rows
        stalled = next(r for r in rows if r.kind == "stalled" and r.name == "Ana A")
        response = self.client.post(
            reverse("goals:dismiss", args=[self.d.c7a.pk]),
            {"key": stalled.alert.key},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual((response.status_code, response.content), (200, b""))
        keys = [r.alert.key for r in class_attention(self.d.c7a).rows]
        self.assertNotIn(stalled.alert.key, keys)
        # New evidence, then a new stall: a new occasion, a new alert.
        self.evidence(self.d.ana, 2, days_ago=10)
        again = [r.alert.key for r in class_attention(self.d.c7a).rows if r.name == "Ana A"]
        self.assertTrue(any(k.startswith(f"stalled:{self.d.ana.pk}:") for k in again))

    def test_denials(self) -> None:
        dismiss = reverse("goals:dismiss", args=[self.d.c7a.pk])
        self.assertEqual(self.client.get(self.url).status_code, 302)
        for user in (self.d.ana, self.d.uma):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(dismiss, {"key": "off:1"}).status_code, 404)
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.get(dismiss).status_code, 405)
        self.assertEqual(self.client.post(dismiss, {"key": "off:1'; --"}).status_code, 400)
        self.assertFalse(DismissedAlert.objects.exists())

    def test_the_panel_costs_the_same_for_a_bigger_class(self) -> None:
        actions.set_goal(
            classroom=self.d.c7a,
            student=None,
            kind="standards",
            target=10,
            deadline=self.today + timedelta(days=9),
            by=self.d.tomas,
        )

        def queries() -> int:
            with CaptureQueriesContext(connection) as q:
                class_attention(self.d.c7a)
            return len(q)

        for s in (self.d.ana, self.d.ben):
            submit_attempt(attempt=start_attempt(student=s, standard=self.d.s1), answers={})
            self.evidence(s, 4, standard=self.d.s2)
        small = queries()
        for n in range(30):
            kid = make_user(f"kid{n}", User.Role.STUDENT, self.d.school, first_name=f"Kid{n}")
            Enrollment.objects.create(classroom=self.d.c7a, student=kid)
            actions.set_goal(
                classroom=self.d.c7a,
                student=kid,
                kind="standards",
                target=2,
                deadline=self.today + timedelta(days=3),
                by=kid,
            )
            self.evidence(kid, 4 if n % 2 else 1, days_ago=n % 12)
        self.assertEqual(queries(), small)
        self.assertLessEqual(small, 8)
