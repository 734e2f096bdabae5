"""The needs-attention panel and the grid's strip: each alert kind from a real scenario,
dismissing, a new occasion alerting again, denials, and a cost that does not grow with the
class.

Who may see what: Tomás teaches 7A (Ana and Ben) and Ada administers the school, so both see
7A's alerts; Uma teaches another class and Ana is a student: 404 for them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import Enrollment, User
from masterymap.assessments.actions import create_form
from masterymap.evidence.models import Evidence
from masterymap.goals import actions
from masterymap.goals.attention import class_attention
from masterymap.goals.models import DismissedAlert, PublicMap
from masterymap.standards.models import Standard, Unit
from masterymap.test import BaseTestCase, make_standard_items, make_user
from masterymap.workflows.actions import record_evidence, start_attempt, submit_attempt


class AttentionTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.url = reverse("goals:attention", args=[self.d.c7a.pk])
        self.strip = reverse("goals:grid-attention", args=[self.d.c7a.pk])
        self.dismiss = reverse("goals:dismiss", args=[self.d.c7a.pk])
        self.open_retakes()

    def evidence(
        self, student: User, level: float, days_ago: int = 0, standard: Standard | None = None
    ) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=student,
            standard=standard or self.d.s1,
            kind="one_on_one",
            level=level,
            assessed_on=self.today - timedelta(days=days_ago),
        )

    def not_yet(self, student: User, times: int) -> None:
        """`times` submitted attempts on 7.RP.A.1 with nothing answered: *not yet* each time
        (a form is made for every sitting beyond the two the school has)."""
        for _n in range(times):
            # Parallel forms share no question: each new form has its own.
            create_form(standard=self.d.s1, item_ids=[i.pk for i in make_standard_items(self.d.s1)])
            submit_attempt(attempt=start_attempt(student=student, standard=self.d.s1), answers={})

    def goal(self, student: User | None, target: int, days: int) -> None:
        actions.set_goal(
            classroom=self.d.c7a,
            student=student,
            kind="standards",
            target=target,
            deadline=self.today + timedelta(days=days),
            by=student or self.d.tomas,
        )

    def joined(self, student: User, day: date) -> None:
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        Enrollment.objects.filter(classroom=self.d.c7a, student=student).update(created_at=moment)

    def test_each_kind_of_alert_shows_with_its_reason_and_link(self) -> None:
        # Ana: off track (2 standards in 2 days, nothing mastered); Ben: reached.
        self.goal(self.d.ana, 2, 1)
        self.evidence(self.d.ben, 4)
        self.goal(self.d.ben, 1, 9)
        # Ana: not yet three times on 7.RP.A.1.
        self.not_yet(self.d.ana, 3)
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
            "Master 2 standards by",
            "0 of 2",
            "Stalled",
            "No new evidence for",
            "Still not mastered after three tries or more: <span data-content>7.RP.A.1</span> (3)",
            "To celebrate",
            "Goal reached",
            'name="key" value="reached:',
        ]:
            self.assertContains(page, words)
        strip = self.client.get(self.strip)
        self.assertContains(strip, "Ana A")
        # Ana is off track, stalled and stuck: one student needing attention, not three.
        self.assertContains(strip, "1 student needs attention")
        self.assertContains(strip, reverse("goals:attention", args=[self.d.c7a.pk]))

    def test_a_goal_passed_is_celebrated(self) -> None:
        self.evidence(self.d.ben, 4)
        self.goal(self.d.ben, 1, 9)
        self.evidence(self.d.ben, 4, standard=self.d.s2)
        rows = class_attention(self.d.c7a).rows
        self.assertEqual([(r.kind, r.name) for r in rows if r.celebrate], [("passed", "Ben B")])

    def test_a_class_goal_off_track_is_one_alert_for_the_class(self) -> None:
        self.goal(None, 10, 1)
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.url)
        self.assertContains(page, "The class")
        self.assertContains(page, f'href="{reverse("goals:class-goals", args=[self.d.c7a.pk])}"')
        offs = [r for r in class_attention(self.d.c7a).rows if r.kind == "off"]
        self.assertEqual([r.alert.student_id for r in offs], [None])

    def test_stalled_counts_school_days_from_the_last_evidence_or_the_day_they_joined(
        self,
    ) -> None:
        thursday = date(2026, 11, 26)
        PublicMap.objects.create(classroom=self.d.c7a, stalled_after=3)
        # Ana: evidence on Monday, 3 school days before Thursday. Ben: none, joined Friday
        # (4 days back, but only Monday to Thursday are school days: 4).
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind="one_on_one",
            level=2,
            assessed_on=date(2026, 11, 23),
        )
        self.joined(self.d.ana, date(2026, 10, 1))
        self.joined(self.d.ben, date(2026, 11, 20))
        stalled = {
            r.alert.key: r.alert.school_days
            for r in class_attention(self.d.c7a, today=thursday).rows
            if r.kind == "stalled"
        }
        self.assertEqual(
            stalled,
            {f"stalled:{self.d.ana.pk}:2026-11-23": 3, f"stalled:{self.d.ben.pk}:2026-11-20": 4},
        )
        # Evidence on another class's map does not count: Ben is still stalled.
        grade8 = self.d.c8c.mastery_map
        unit = Unit.objects.create(mastery_map=grade8, title="Numbers", position=1)
        other = Standard.objects.create(
            mastery_map=grade8, unit=unit, code="8.NS.1", statement="x", i_can="x"
        )
        Evidence.objects.create(
            student=self.d.ben,
            standard=other,
            kind="one_on_one",
            level=3,
            assessed_on=thursday,
            recorded_at=timezone.now(),
        )
        rows = class_attention(self.d.c7a, today=thursday).rows
        self.assertIn(f"stalled:{self.d.ben.pk}:2026-11-20", [r.alert.key for r in rows])
        # On Wednesday, Ana's Monday is two school days back: not stalled yet.
        rows = class_attention(self.d.c7a, today=date(2026, 11, 25)).rows
        self.assertNotIn("Ana A", [r.name for r in rows if r.kind == "stalled"])

    def test_a_quiet_class_shows_what_would_show_here(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.url)
        self.assertContains(page, "Nothing needs attention")
        self.assertContains(self.client.get(self.strip), "0 students need attention")

    def test_dismissing_hides_until_a_new_occasion(self) -> None:
        self.evidence(self.d.ana, 2, days_ago=20)
        self.client.force_login(self.d.tomas)
        rows = class_attention(self.d.c7a).rows
        stalled = next(r for r in rows if r.kind == "stalled" and r.name == "Ana A")
        response = self.client.post(
            self.dismiss, {"key": stalled.alert.key}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual((response.status_code, response.content), (200, b""))
        keys = [r.alert.key for r in class_attention(self.d.c7a).rows]
        self.assertNotIn(stalled.alert.key, keys)
        self.assertContains(self.client.get(self.url), "1 alert dismissed.")
        # New evidence, then a new stall: a new occasion, a new alert.
        self.evidence(self.d.ana, 2, days_ago=10)
        again = [r.alert.key for r in class_attention(self.d.c7a).rows if r.name == "Ana A"]
        self.assertTrue(any(k.startswith(f"stalled:{self.d.ana.pk}:") for k in again))

    def test_one_more_not_yet_alerts_again(self) -> None:
        self.not_yet(self.d.ana, 3)
        key = next(r.alert.key for r in class_attention(self.d.c7a).rows if r.kind == "notyet")
        self.assertEqual(key, f"notyet:{self.d.ana.pk}:3")
        self.client.force_login(self.d.tomas)
        # Without script: the panel again, without the alert.
        response = self.client.post(self.dismiss, {"key": key})
        self.assertRedirects(response, self.url)
        self.assertNotContains(self.client.get(self.url), "Still not mastered")
        self.not_yet(self.d.ana, 1)
        page = self.client.get(self.url)
        self.assertContains(page, "<span data-content>7.RP.A.1</span> (4)")
        self.assertContains(page, f'value="notyet:{self.d.ana.pk}:4"')

    def test_denials(self) -> None:
        # Anonymous: to the login page, for the panel, the strip and dismissing.
        for url in (self.url, self.strip):
            self.assertEqual(self.client.get(url).status_code, 302)
        self.assertEqual(self.client.post(self.dismiss, {"key": "off:1"}).status_code, 302)
        # A student of the class and the teacher of another class: nothing there.
        for user in (self.d.ana, self.d.uma):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.get(self.strip).status_code, 404)
                self.assertEqual(self.client.post(self.dismiss, {"key": "off:1"}).status_code, 404)
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.get(self.dismiss).status_code, 405)
        for tampered in ("off:1'; --", "", "stalled:1", "off:1:2", "x" * 200):
            with self.subTest(key=tampered):
                response = self.client.post(self.dismiss, {"key": tampered})
                self.assertEqual(response.status_code, 400)
        self.assertFalse(DismissedAlert.objects.exists())

    def test_the_school_admin_sees_and_dismisses_too(self) -> None:
        self.client.force_login(self.d.ada)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertEqual(self.client.get(self.strip).status_code, 200)
        self.client.post(self.dismiss, {"key": "off:1"})
        self.assertTrue(DismissedAlert.objects.filter(classroom=self.d.c7a, key="off:1").exists())

    def test_the_strip_counts_what_the_panel_leaves_out(self) -> None:
        for n in range(12):
            kid = make_user(f"kid{n}", User.Role.STUDENT, self.d.school, first_name=f"Kid{n}")
            Enrollment.objects.create(classroom=self.d.c7a, student=kid)
            self.joined(kid, self.today - timedelta(days=30))
        attention = class_attention(self.d.c7a, limit=5)
        self.assertEqual((len(attention.rows), attention.total), (5, 12))
        self.assertEqual(attention.more, {"stalled": 7})
        self.client.force_login(self.d.tomas)
        strip = self.client.get(self.strip)
        self.assertContains(strip, "12 students need attention")
        self.assertContains(strip, "4 more: the whole panel")
        self.assertContains(strip, 'class="alert-row', count=8)

    def test_the_panel_costs_the_same_for_a_bigger_class(self) -> None:
        """Every kind of alert in both classes, so every query runs in both."""
        self.goal(None, 10, 9)
        self.not_yet(self.d.ana, 3)
        self.evidence(self.d.ben, 4, standard=self.d.s2)
        self.goal(self.d.ben, 1, 9)

        def add_students(count: int) -> None:
            for _n in range(count):
                n = Enrollment.objects.filter(classroom=self.d.c7a).count()
                kid = make_user(f"kid{n}", User.Role.STUDENT, self.d.school, first_name=f"Kid{n}")
                Enrollment.objects.create(classroom=self.d.c7a, student=kid)
                self.goal(kid, 2, 3)
                self.evidence(kid, 4 if n % 2 else 1, days_ago=n % 12)

        def queries() -> int:
            with CaptureQueriesContext(connection) as q:
                class_attention(self.d.c7a)
            self.client.force_login(self.d.tomas)
            with CaptureQueriesContext(connection) as page:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(q) * 1000 + len(page)

        add_students(3)
        small = queries()
        self.assertEqual(Enrollment.objects.filter(classroom=self.d.c7a).count(), 5)
        add_students(35)
        self.assertEqual(queries(), small)
        self.assertLessEqual(small // 1000, 8)
