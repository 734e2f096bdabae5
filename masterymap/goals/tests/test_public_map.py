"""The public class map: what each privacy mode shows, opting out, nothing private in the
markup or its updates, who may see it, the cheap poll, and its bounded cost."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from unittest.mock import patch

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import Enrollment, User
from masterymap.goals import actions, board
from masterymap.goals.models import ALIASES, PublicMap
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase, make_user
from masterymap.workflows.actions import record_evidence


def board_part(html: str) -> str:
    """The page from the board on: the top bar names whoever is logged in."""
    return html[html.index('id="public-board"') :]


class PublicMapTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("goals:public-map", args=[self.d.c7a.pk])
        self.poll = reverse("goals:public-map-board", args=[self.d.c7a.pk])

    def evidence(
        self,
        student: User,
        level: float,
        note: str = "",
        standard: Standard | None = None,
        at: datetime | None = None,
    ) -> None:
        at = at or timezone.now()
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=student,
            standard=standard or self.d.s1,
            kind="one_on_one",
            level=level,
            assessed_on=timezone.localdate(at),
            note=note,
            at=at,
        )

    def goal(self, student: User | None, *, public: bool, target: int = 1) -> None:
        actions.set_goal(
            classroom=self.d.c7a,
            student=student,
            kind="standards",
            target=target,
            deadline=timezone.localdate() + timedelta(days=10),
            public=public,
            by=student or self.d.tomas,
            at=timezone.now() - timedelta(days=2),
        )

    def mode(self, mode: str) -> None:
        actions.save_public_map(
            classroom=self.d.c7a,
            privacy_mode=mode,
            norms="We cheer.",
            stalled_after=5,
            by=self.d.tomas,
        )

    def page(self, user: User | None = None) -> str:
        self.client.force_login(user or self.d.tomas)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return board_part(response.content.decode())

    def test_each_privacy_mode_names_students_as_chosen(self) -> None:
        self.evidence(self.d.ana, 4)
        actions.save_profile(
            classroom=self.d.c7a, student=self.d.ana, alias="otter", avatar="rocket", opt_out=False
        )
        rows = [
            # (mode, must show, must not show)
            ("full_name", ["Ana A", "Ben B"], ["Otter"]),
            ("first_initial", ["Ana A.", "Ben B."], ["Otter"]),
            ("alias", ["Otter", "🚀", "1 classmate is counted but not shown"], ["Ana", "Ben"]),
            ("counts_only", ["1 of 2"], ["Ana", "Ben", "Otter"]),
        ]
        for mode, shown, hidden in rows:
            with self.subTest(mode):
                self.mode(mode)
                html = self.page(self.d.ben)
                for text in shown:
                    self.assertIn(text, html)
                for text in hidden:
                    self.assertNotIn(text, html)

    def test_the_default_is_counts_only(self) -> None:
        self.evidence(self.d.ana, 4)
        html = self.page()
        self.assertIn("1 of 2", html)
        self.assertNotIn("Ana A", html)

    def test_first_name_and_initial_never_falls_back_to_the_username(self) -> None:
        # A username is often the full name ("ben.brown"): without a first name, counted only.
        User.objects.filter(pk=self.d.ben.pk).update(first_name="", last_name="Brown")
        self.mode("first_initial")
        html = self.page(self.d.ana)
        self.assertNotIn(">ben<", html)
        self.assertNotIn("Brown", html)
        self.assertIn("Ana A.", html)
        self.assertIn("1 classmate is counted but not shown", html)

    def test_celebrate_names_todays_masteries_and_public_goals_reached_only(self) -> None:
        self.mode("first_initial")
        self.goal(self.d.ana, public=False)  # reached, private: never on the map
        self.goal(self.d.ben, public=True)  # reached, public: celebrated
        self.goal(None, public=False, target=1)  # the teacher kept this class goal private
        self.evidence(self.d.ana, 4, at=timezone.now() - timedelta(days=1))  # yesterday
        self.evidence(self.d.ben, 4)
        html = self.page(self.d.ana)
        celebrate = html[html.index('class="celebrate"') : html.index('class="public-total"')]
        self.assertIn("<strong data-content>Ben B.</strong> mastered", celebrate)
        self.assertIn("Ben B.</strong> reached a goal", celebrate)
        self.assertNotIn("Ana", celebrate, "yesterday's mastery and a private goal")
        self.assertNotIn("lass goal", html)
        # A public class goal shows with its progress; reached, it is celebrated.
        self.goal(None, public=True, target=2)
        html = self.page(self.d.ana)
        self.assertIn("We reached our class goal: 2!", html)
        self.assertIn("Class goal:", html)
        # Under counts only nobody is named, and a reached public goal is a count.
        self.mode("counts_only")
        html = self.page(self.d.ana)
        self.assertNotIn("Ben", html)
        self.assertIn("1 standard mastered today", html)
        self.assertIn("1 classmate reached a goal", html)

    def test_mastered_today_is_the_schools_day(self) -> None:
        """Midnight to midnight where the school is, not in UTC: five minutes before the
        school's midnight is yesterday, five after is today."""
        self.mode("first_initial")
        today = timezone.localdate()
        midnight = timezone.make_aware(datetime.combine(today, time.min))
        self.evidence(self.d.ana, 4, at=midnight - timedelta(minutes=5))
        self.evidence(self.d.ben, 4, at=midnight + timedelta(minutes=5))
        celebrate = " ".join(board.board(self.d.c7a, today=today).celebrate)
        self.assertIn("Ben B.", celebrate)
        self.assertNotIn("Ana", celebrate)
        yesterday = " ".join(board.board(self.d.c7a, today=today - timedelta(days=1)).celebrate)
        self.assertIn("Ana A.", yesterday)
        self.assertNotIn("Ben", yesterday)
        self.assertEqual(board.board(self.d.c7a, today=today + timedelta(days=1)).celebrate, [])

    def test_a_busy_day_names_the_newest_shown_and_counts_the_rest(self) -> None:
        self.mode("first_initial")
        now = timezone.now()
        self.evidence(self.d.ana, 4, at=now - timedelta(minutes=30))
        self.evidence(self.d.ben, 4, at=now - timedelta(minutes=20))
        self.evidence(self.d.ana, 4, standard=self.d.s2, at=now - timedelta(minutes=10))
        # Ana's second is the newest, but she is not shown: counted, and Ben named.
        actions.save_profile(
            classroom=self.d.c7a, student=self.d.ana, alias="", avatar="", opt_out=True
        )
        with patch.object(board, "CELEBRATE_NAMED", 1):
            celebrate = board.board(self.d.c7a).celebrate
        self.assertEqual(len(celebrate), 2, celebrate)
        self.assertIn("Ben B.</strong> mastered", celebrate[0])
        self.assertEqual(celebrate[1], "and 2 more standards mastered today")

    def test_a_student_who_opts_out_is_counted_never_named(self) -> None:
        self.mode("full_name")
        self.evidence(self.d.ben, 4)
        self.client.force_login(self.d.ben)
        self.client.post(
            reverse("goals:public-profile", args=[self.d.c7a.pk]),
            {"alias": "", "avatar": "", "opt_out": "on"},
        )
        html = self.page(self.d.ana)
        self.assertNotIn("Ben", html)
        self.assertIn("1 of 2", html, "still counted on the standard")
        self.assertIn("1 classmate is counted but not shown", html)
        # The teacher sees who opted out on the settings page.
        self.client.force_login(self.d.tomas)
        settings = self.client.get(reverse("goals:public-map-settings", args=[self.d.c7a.pk]))
        self.assertContains(settings, "Ben B")

    def test_nothing_private_reaches_the_map_or_its_updates(self) -> None:
        self.mode("full_name")
        self.evidence(self.d.ana, 1, note="SECRET-NOTE")  # not yet, with a private note
        self.evidence(self.d.ben, 4)
        actions.set_goal(
            classroom=self.d.c7a,
            student=self.d.ana,
            kind="counted",
            title="SECRET-GOAL",
            target=1,
            deadline=timezone.localdate() + timedelta(days=3),
            by=self.d.ana,
        )
        self.client.force_login(self.d.ben)
        for url in (self.url, self.poll):
            html = self.client.get(url).content.decode()
            if url == self.url:
                html = board_part(html)
            for private in ("SECRET-NOTE", "SECRET-GOAL", "Not yet", "not yet", "Beginning"):
                with self.subTest(url=url, private=private):
                    self.assertNotIn(private, html)
            self.assertIn("Ben B</strong> mastered", html, "the celebrate strip")

    def test_who_may_see_it(self) -> None:
        anonymous = self.client.get(self.url)
        self.assertEqual(anonymous.status_code, 302)
        for user in (
            self.d.cara,
            self.d.uma,
            self.d.zed,
        ):  # another class, another teacher, another school
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.get(self.poll).status_code, 404)
        # Settings are the teacher's; the alias page is a student's.
        self.client.force_login(self.d.ana)
        settings = reverse("goals:public-map-settings", args=[self.d.c7a.pk])
        self.assertEqual(self.client.get(settings).status_code, 404)
        self.client.force_login(self.d.tomas)
        profile = reverse("goals:public-profile", args=[self.d.c7a.pk])
        self.assertEqual(self.client.get(profile).status_code, 404)

    def test_the_poll_answers_204_until_something_public_changes(self) -> None:
        self.client.force_login(self.d.tomas)
        version = self.client.get(self.url).context["board"].version
        unchanged = self.client.get(self.poll, {"v": version})
        self.assertEqual(unchanged.status_code, 204)
        self.assertEqual(unchanged.content, b"")
        self.evidence(self.d.ana, 4)
        changed = self.client.get(self.poll, {"v": version})
        self.assertContains(changed, "1 of 2")
        self.assertNotEqual(changed.context["board"].version, version)

    def enrol(self, n: int) -> None:
        """`n` more students in 7A, each mastering a standard, with an alias; every 7th opts out."""
        start = User.objects.filter(username__startswith="kid").count()
        for k in range(start, start + n):
            student = make_user(f"kid{k}", User.Role.STUDENT, self.d.school, first_name=f"Kid{k}")
            Enrollment.objects.create(classroom=self.d.c7a, student=student)
            self.evidence(student, 4, standard=self.d.s1 if k % 2 else self.d.s2)
            actions.save_profile(
                classroom=self.d.c7a,
                student=student,
                alias=list(ALIASES)[k],
                avatar="star",
                opt_out=k % 7 == 0,
            )

    def costs(self) -> tuple[int, int, int]:
        """Queries of (the page, an unchanged poll, a changed poll), for the teacher."""
        self.client.force_login(self.d.tomas)
        with CaptureQueriesContext(connection) as page:
            version = self.client.get(self.url).context["board"].version
        with CaptureQueriesContext(connection) as same:
            self.assertEqual(self.client.get(self.poll, {"v": version}).status_code, 204)
        with CaptureQueriesContext(connection) as changed:
            self.assertEqual(self.client.get(self.poll, {"v": "old"}).status_code, 200)
        return len(page), len(same), len(changed)

    def test_the_cost_per_viewer_does_not_grow_with_the_class(self) -> None:
        modes = ("full_name", "first_initial", "alias", "counts_only")
        self.goal(self.d.ana, public=True)
        self.goal(None, public=True, target=40)
        self.enrol(3)  # 5 students
        small = {}
        for mode in modes:
            self.mode(mode)
            small[mode] = self.costs()
        self.enrol(25)  # 30 students
        for mode in modes:
            with self.subTest(mode):
                self.mode(mode)
                self.assertEqual(self.costs(), small[mode])
                # An unchanged poll: session, user, the class (access), the fingerprint.
                self.assertLessEqual(small[mode][1], 4)
                self.assertLessEqual(small[mode][2], 12)

    def test_a_mastery_elsewhere_reaches_the_next_poll(self) -> None:
        self.mode("first_initial")
        self.enrol(28)
        self.client.force_login(self.d.ana)
        version = self.client.get(self.url).context["board"].version
        self.assertEqual(self.client.get(self.poll, {"v": version}).status_code, 204)
        before = self.client.get(self.poll).context["board"]
        self.evidence(self.d.ben, 4, standard=self.d.s2)
        response = self.client.get(self.poll, {"v": version})
        self.assertEqual(response.status_code, 200)
        board = response.context["board"]
        self.assertEqual(board.total_mastered, before.total_mastered + 1)
        self.assertContains(response, "Ben B.</strong> mastered")
        self.assertContains(response, f'?v={board.version}"')
        self.assertNotContains(response, "<html", msg_prefix="only the board, not a page")

    def test_settings_and_profile_forms(self) -> None:
        self.client.force_login(self.d.tomas)
        settings = reverse("goals:public-map-settings", args=[self.d.c7a.pk])
        bad = self.client.post(settings, {"privacy_mode": "everything", "stalled_after": "5"})
        self.assertContains(bad, "Select a valid choice", status_code=400)
        self.assertFalse(PublicMap.objects.exists())
        zero = self.client.post(settings, {"privacy_mode": "alias", "stalled_after": "0"})
        self.assertContains(zero, "greater than or equal to 1", status_code=400)
        self.client.post(
            settings, {"privacy_mode": "alias", "norms": "Kindness first.", "stalled_after": "4"}
        )
        saved = PublicMap.objects.get()
        self.assertEqual(
            (saved.privacy_mode, saved.norms, saved.stalled_after), ("alias", "Kindness first.", 4)
        )
        self.assertIn("Kindness first.", self.page(self.d.ana))
        profile = reverse("goals:public-profile", args=[self.d.c7a.pk])
        self.client.force_login(self.d.ana)
        self.client.post(profile, {"alias": "fox", "avatar": "star"})
        self.client.force_login(self.d.ben)
        taken = self.client.post(profile, {"alias": "fox", "avatar": ""})
        self.assertContains(taken, "A classmate picked Fox already", status_code=400)
        self.assertEqual(self.client.post(profile, {"avatar": "dragon"}).status_code, 400)
        ok = self.client.post(profile, {"alias": "owl", "avatar": "bolt", "opt_out": ""})
        self.assertRedirects(ok, self.url)
        self.client.force_login(self.d.tomas)
        self.assertIn("Owl", self.page())
