"""Routes and resources per standard, "What next?" on the result page, the steps page and
the map card's route part (interventions.routes)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from unittest import mock

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.assessments.models import Attempt
from masterymap.interventions.models import (
    PracticeAnswer,
    PracticeRun,
    Resource,
    Route,
    RouteSettings,
    Step,
    TutoringOff,
)
from masterymap.interventions.routes import assign_route, finish_step, student_offer
from masterymap.test import BaseTestCase, make_standard_items
from masterymap.workflows.actions import start_attempt, submit_attempt

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PrivateMedia:
    """Resource files go to a temporary directory, removed after each test (the field's
    storage is built once, so it is pointed there too)."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        root = tempfile.mkdtemp(prefix="mm-resources-")
        self.addCleanup(shutil.rmtree, root, ignore_errors=True)  # type: ignore[attr-defined]
        overridden = override_settings(PRIVATE_MEDIA_ROOT=root)
        overridden.enable()
        self.addCleanup(overridden.disable)  # type: ignore[attr-defined]
        storage = FileSystemStorage(location=root, base_url=None)
        patcher = mock.patch.object(Resource._meta.get_field("file"), "storage", storage)
        patcher.start()
        self.addCleanup(patcher.stop)  # type: ignore[attr-defined]


class RoutesTestCase(BaseTestCase):
    def miss(self, student=None, *, twice: bool = False) -> Attempt:  # type: ignore[no-untyped-def]
        student = student or self.d.ana
        attempt = start_attempt(student=student, standard=self.d.s1)
        attempt = submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        if twice:
            self.open_retakes()
            attempt = start_attempt(student=student, standard=self.d.s1)
            attempt = submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        return attempt

    def result(self, attempt: Attempt) -> str:
        return self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()

    def routes_url(self, standard=None) -> str:  # type: ignore[no-untyped-def]
        return reverse("interventions:routes", args=[(standard or self.d.s1).pk])

    def steps_url(self, classroom=None, student=None) -> str:  # type: ignore[no-untyped-def]
        return reverse(
            "interventions:steps",
            args=[(classroom or self.d.c7a).pk, (student or self.d.ana).pk, self.d.s1.pk],
        )


class RoutesPageTests(PrivateMedia, RoutesTestCase):
    def test_the_standard_editor_links_to_the_routes_page(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(reverse("standards:standard-edit", args=[self.d.s1.pk]))
        self.assertContains(page, self.routes_url())

    def test_the_defaults_show_when_nothing_is_configured(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.routes_url())
        self.assertContains(page, "Nothing chosen yet, so the defaults apply")
        # s1 has bank items, no resources: practice, peer, teacher, group.
        self.assertContains(
            page,
            "Practise again · Work with a peer tutor · Tutoring with the teacher · "
            "Join a small group",
        )

    def test_only_editors_of_the_standard_reach_the_page(self) -> None:
        for user, status in [
            (self.d.tomas, 200),
            (self.d.ada, 200),  # the school admin edits every map of the school
            (self.d.uma, 404),
            (self.d.zed, 404),
            (self.d.ana, 404),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.routes_url()).status_code, status)
        self.client.force_login(self.d.uma)
        r = self.client.post(
            reverse("interventions:resource-add", args=[self.d.s1.pk]),
            {"kind": "link", "title": "X", "url": "https://example.org/"},
        )
        self.assertEqual(r.status_code, 404)
        r = self.client.post(
            reverse("interventions:routes-offered", args=[self.d.s1.pk]), {"routes": ["peer"]}
        )
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Resource.objects.exists())
        self.assertFalse(RouteSettings.objects.exists())

    def test_the_teacher_chooses_the_routes(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("interventions:routes-offered", args=[self.d.s1.pk])
        self.client.post(url, {"routes": ["teacher", "practice"]})
        self.assertEqual(RouteSettings.objects.get().offered, ["practice", "teacher"])
        page = self.client.get(self.routes_url())
        self.assertContains(page, "<strong>Practise again · Tutoring with the teacher</strong>")
        # None ticked is refused: a student must always have a way forward.
        page = self.client.post(url, {}, follow=True)
        self.assertContains(page, "Offer at least one route")
        self.assertEqual(RouteSettings.objects.get().offered, ["practice", "teacher"])
        self.client.post(reverse("interventions:routes-defaults", args=[self.d.s1.pk]))
        self.assertFalse(RouteSettings.objects.exists())

    def test_a_link_needs_a_title_and_a_web_address(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("interventions:resource-add", args=[self.d.s1.pk])
        r = self.client.post(url, {"kind": "link", "title": "Rates", "url": "javascript:alert(1)"})
        self.assertContains(r, "starting with http:// or https://", status_code=422)
        r = self.client.post(url, {"kind": "video", "title": "", "url": "https://v.example/1"})
        self.assertEqual(r.status_code, 422)
        self.assertFalse(Resource.objects.exists())
        r = self.client.post(
            url, {"kind": "video", "title": "Unit rates", "url": "https://v.example/1"}
        )
        self.assertRedirects(r, self.routes_url())
        resource = Resource.objects.get()
        self.assertEqual((resource.kind, resource.created_by), ("video", self.d.tomas))
        self.assertContains(self.client.get(self.routes_url()), "https://v.example/1")

    def test_a_file_of_the_wrong_type_is_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("interventions:resource-add", args=[self.d.s1.pk])
        fake = SimpleUploadedFile(
            "notes.pdf", b"<html><script>x</script></html>", "application/pdf"
        )
        r = self.client.post(url, {"kind": "file", "title": "Notes", "file": fake})
        self.assertContains(r, "is not a photo, PDF, audio or video file", status_code=422)
        self.assertFalse(Resource.objects.exists())

    def test_a_file_is_served_to_the_class_on_the_map_only_as_a_download(self) -> None:
        self.client.force_login(self.d.tomas)
        upload = SimpleUploadedFile("worked examples.pdf", PDF, "application/pdf")
        self.client.post(
            reverse("interventions:resource-add", args=[self.d.s1.pk]),
            {"kind": "file", "title": "Worked examples", "file": upload},
        )
        resource = Resource.objects.get()
        self.assertEqual(resource.content_type, "application/pdf")
        url = reverse("interventions:resource-file", args=[resource.pk])
        for user, status in [
            (self.d.tomas, 200),
            (self.d.ada, 200),
            (self.d.ana, 200),
            (self.d.cara, 200),
            (self.d.dev, 404),
            (self.d.uma, 404),
            (self.d.zed, 404),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(url)
                self.assertEqual(r.status_code, status)
                if status == 200:
                    self.assertTrue(r["Content-Disposition"].startswith("attachment"))
                    self.assertEqual(r["X-Content-Type-Options"], "nosniff")
                    self.assertEqual(b"".join(r.streaming_content), PDF)  # type: ignore[attr-defined]
        # Once removed, students no longer get it.
        self.client.force_login(self.d.tomas)
        self.client.post(reverse("interventions:resource-remove", args=[resource.pk]))
        self.client.force_login(self.d.ana)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_practice_set_takes_items_of_this_standard_only(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("interventions:resource-add", args=[self.d.s1.pk])
        single = self.d.s1_items[0]
        self.client.post(url, {"kind": "practice", "title": "Warm-up", "items": [single.pk]})
        practice_set = Resource.objects.get()
        self.assertEqual(list(practice_set.items.all()), [single])
        # s2 has no items: a practice set cannot be made there.
        r = self.client.post(
            reverse("interventions:resource-add", args=[self.d.s2.pk]),
            {"kind": "practice", "title": "Nothing"},
        )
        self.assertContains(r, "no bank items to practise yet", status_code=422)

    def test_remove_undo_and_reorder(self) -> None:
        self.client.force_login(self.d.tomas)
        add = reverse("interventions:resource-add", args=[self.d.s1.pk])
        for title in ("First", "Second", "Third"):
            self.client.post(add, {"kind": "link", "title": title, "url": "https://e.org/"})
        first, second, third = Resource.objects.order_by("position")
        self.client.post(
            reverse("interventions:resource-move", args=[third.pk]), {"direction": "up"}
        )
        titles = list(Resource.objects.order_by("position").values_list("title", flat=True))
        self.assertEqual(titles, ["First", "Third", "Second"])
        self.client.post(reverse("interventions:resource-remove", args=[first.pk]))
        first.refresh_from_db()
        self.assertIsNotNone(first.removed_at)
        page = self.client.get(self.routes_url())
        self.assertContains(page, "1 removed resource")
        self.assertContains(page, "Undo remove")
        self.client.post(reverse("interventions:resource-restore", args=[first.pk]))
        first.refresh_from_db()
        self.assertIsNone(first.removed_at)


class WhatNextTests(RoutesTestCase):
    def test_not_yet_offers_the_routes_and_a_pick_is_a_logged_step(self) -> None:
        attempt = self.miss()
        self.client.force_login(self.d.ana)
        page = self.result(attempt)
        self.assertIn('id="what-next"', page)
        self.assertIn("Tutoring with the teacher", page)
        self.assertIn("Join a small group", page)
        r = self.client.post(
            reverse("interventions:route-choose", args=[attempt.pk]), {"route": "teacher"}
        )
        self.assertRedirects(
            r,
            reverse("workflows:attempt", args=[attempt.pk]) + "#what-next",
            fetch_redirect_response=False,
        )
        step = Step.objects.get()
        self.assertEqual(
            (step.route, step.chosen_by, step.after_attempt, step.classroom, step.student),
            (Route.TEACHER, self.d.ana, attempt, self.d.c7a, self.d.ana),
        )
        self.assertIsNotNone(step.started_at)
        page = self.result(attempt)
        self.assertIn("You chose: tutoring with the teacher", page)
        self.assertIn("Change my mind", page)
        # A second pick while one is open is refused.
        self.client.post(
            reverse("interventions:route-choose", args=[attempt.pk]), {"route": "small_group"}
        )
        self.assertEqual(Step.objects.count(), 1)

    def test_practice_goes_to_the_practice_page(self) -> None:
        attempt = self.miss()
        self.client.force_login(self.d.ana)
        r = self.client.post(
            reverse("interventions:route-choose", args=[attempt.pk]), {"route": "practice"}
        )
        # Form A's questions, now sat, are free to practise (form B has its own).
        self.assertRedirects(
            r, reverse("interventions:practice", args=[self.d.c7a.pk, self.d.s1.pk])
        )
        self.assertEqual(Step.objects.get().route, Route.PRACTICE)

    def test_a_resource_pick_names_the_resource(self) -> None:
        resource = Resource.objects.create(
            standard=self.d.s1,
            kind="link",
            title="Rates explained",
            url="https://e.org/rates",
            created_at=timezone.now(),
        )
        attempt = self.miss()
        self.client.force_login(self.d.ana)
        page = self.result(attempt)
        self.assertIn("Rates explained", page)
        # One form for every route: a resource's button sends the resource alone.
        self.assertIn(f'name="resource" value="{resource.pk}"', page)
        self.client.post(
            reverse("interventions:route-choose", args=[attempt.pk]), {"resource": resource.pk}
        )
        step = Step.objects.get()
        self.assertEqual((step.route, step.resource), (Route.RESOURCES, resource))
        page = self.result(attempt)
        self.assertIn("https://e.org/rates", page)

    def test_done_and_change_my_mind(self) -> None:
        attempt = self.miss()
        self.client.force_login(self.d.ana)
        choose = reverse("interventions:route-choose", args=[attempt.pk])
        self.client.post(choose, {"route": "teacher"})
        step = Step.objects.get()
        self.client.post(reverse("interventions:step-cancel", args=[step.pk]))
        step.refresh_from_db()
        self.assertEqual(step.cancelled_by, self.d.ana)
        self.assertIn("Pick one way to get there", self.result(attempt))
        self.client.post(choose, {"route": "small_group"})
        second = Step.objects.latest("pk")
        # A small group is done when the teacher says the student came, not by the student.
        self.client.post(reverse("interventions:step-done", args=[second.pk]))
        second.refresh_from_db()
        self.assertIsNone(second.done_at)
        self.client.post(reverse("interventions:step-cancel", args=[second.pk]))
        make_standard_items(self.d.s1)  # bank items on no form: something to practise
        self.client.post(choose, {"route": "practice"})
        third = Step.objects.latest("pk")
        self.client.post(reverse("interventions:step-done", args=[third.pk]))
        third.refresh_from_db()
        self.assertEqual(third.done_by, self.d.ana)
        self.assertIsNotNone(third.done_at)

    def test_with_every_form_used_the_routes_are_still_offered(self) -> None:
        attempt = self.miss(twice=True)
        self.client.force_login(self.d.ana)
        page = self.result(attempt)
        self.assertIn('id="what-next"', page)
        # Every form taken: every item may be practised now.
        self.assertIn("Practise again", page)

    def test_nothing_to_pick_when_mastered_or_not_the_latest_or_not_the_student(self) -> None:
        first = self.miss()
        self.open_retakes()
        second = submit_attempt(
            attempt=start_attempt(student=self.d.ana, standard=self.d.s1),
            answers=self.answers_for(right=True),
        )
        self.client.force_login(self.d.ana)
        self.assertNotIn('id="what-next"', self.result(second))
        self.assertNotIn('id="what-next"', self.result(first))
        other = self.miss(self.d.ben)
        self.client.force_login(self.d.tomas)
        self.assertNotIn('id="what-next"', self.result(other))
        r = self.client.post(
            reverse("interventions:route-choose", args=[first.pk]), {"route": "teacher"}
        )
        self.assertEqual(r.status_code, 404)

    def test_another_student_cannot_pick_for_you(self) -> None:
        attempt = self.miss()
        self.client.force_login(self.d.ben)
        r = self.client.post(
            reverse("interventions:route-choose", args=[attempt.pk]), {"route": "teacher"}
        )
        self.assertEqual(r.status_code, 404)
        self.client.force_login(self.d.ana)
        step = assign_route(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            route="teacher",
            by=self.d.tomas,
        )
        self.client.force_login(self.d.ben)
        for name in ("step-done", "step-cancel"):
            r = self.client.post(reverse(f"interventions:{name}", args=[step.pk]))
            self.assertEqual(r.status_code, 404)
        step.refresh_from_db()
        self.assertTrue(step.is_open)

    def test_what_next_costs_the_result_page_one_query_three_with_settings_and_resources(
        self,
    ) -> None:
        attempt = self.miss()
        self.client.force_login(self.d.ana)
        url = reverse("workflows:attempt", args=[attempt.pk])

        def extra_queries() -> int:
            self.client.get(url)
            with CaptureQueriesContext(connection) as offered:
                self.client.get(url)
            with (
                mock.patch("masterymap.interventions.routes.result_context", return_value={}),
                CaptureQueriesContext(connection) as without,
            ):
                self.client.get(url)
            return len(offered) - len(without)

        self.assertEqual(extra_queries(), 1)  # nothing configured: the facts alone
        RouteSettings.objects.create(standard=self.d.s1, offered=["practice", "resources"])
        Resource.objects.create(
            standard=self.d.s1,
            kind="link",
            title="Rates explained",
            url="https://e.org/rates",
            created_at=timezone.now(),
        )
        self.assertEqual(extra_queries(), 3)
        self.assertContains(self.client.get(url), "Rates explained")

    def test_peer_tutoring_switched_off_drops_the_peer_route(self) -> None:
        def routes() -> list[str]:
            offer = student_offer(classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1)
            return offer.routes

        self.assertIn("peer", routes())
        TutoringOff.objects.create(
            classroom=self.d.c7a, student=self.d.ana, by=self.d.tomas, at=timezone.now()
        )
        self.assertNotIn("peer", routes())
        self.assertEqual(routes(), ["teacher", "small_group"])


class StepsPageTests(RoutesTestCase):
    def test_the_cell_page_links_to_the_steps_page(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(
            reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        )
        self.assertContains(page, self.steps_url())

    def test_only_the_class_teachers_see_a_students_steps(self) -> None:
        for user, url, status in [
            (self.d.tomas, self.steps_url(), 200),
            (self.d.ada, self.steps_url(), 200),
            (self.d.uma, self.steps_url(), 404),
            (self.d.zed, self.steps_url(), 404),
            (self.d.ana, self.steps_url(), 404),  # students never get the teacher's page
            (self.d.ben, self.steps_url(), 404),
            (self.d.tomas, self.steps_url(classroom=self.d.c7b), 404),  # Ana is not in 7B
        ]:
            with self.subTest(user=user.username, url=url):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
        self.client.force_login(self.d.uma)
        r = self.client.post(self.steps_url() + "assign/", {"route": "teacher"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Step.objects.exists())

    def test_the_teacher_assigns_marks_done_cancels_and_reopens(self) -> None:
        attempt = self.miss()
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            self.steps_url() + "assign/", {"route": "small_group", "note": "Tuesday lunch"}
        )
        self.assertRedirects(r, self.steps_url())
        step = Step.objects.get()
        self.assertEqual(
            (step.route, step.chosen_by, step.after_attempt, step.note),
            (Route.SMALL_GROUP, self.d.tomas, attempt, "Tuesday lunch"),
        )
        # One open step at a time.
        r = self.client.post(self.steps_url() + "assign/", {"route": "teacher"})
        self.assertContains(r, "already has an open step", status_code=422)
        self.client.post(reverse("interventions:step-done", args=[step.pk]))
        step.refresh_from_db()
        self.assertEqual(step.done_by, self.d.tomas)
        self.client.post(reverse("interventions:step-reopen", args=[step.pk]))
        step.refresh_from_db()
        # The done step is withdrawn (so it no longer counts as done) and a new one starts.
        self.assertEqual(step.cancelled_by, self.d.tomas)
        reopened = Step.objects.latest("pk")
        self.assertTrue(reopened.is_open)
        self.assertEqual((reopened.route, reopened.chosen_by), (Route.SMALL_GROUP, self.d.tomas))
        self.client.post(reverse("interventions:step-cancel", args=[reopened.pk]))
        reopened.refresh_from_db()
        self.assertEqual(reopened.cancelled_by, self.d.tomas)
        page = self.client.get(self.steps_url()).content.decode()
        self.assertIn("↺ Reopened", page)
        self.assertIn("✗ Cancelled", page)
        self.assertIn("Tuesday lunch", page)
        # Students cannot reopen, even their own steps.
        self.client.force_login(self.d.ana)
        r = self.client.post(reverse("interventions:step-reopen", args=[reopened.pk]))
        self.assertEqual(r.status_code, 404)

    def test_the_practice_effort_is_shown(self) -> None:
        run = PracticeRun.objects.create(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            item_ids=[i.pk for i in self.d.s1_items[:2]],
            started_at=timezone.now(),
        )
        for item, right in zip(self.d.s1_items[:2], [True, False], strict=True):
            PracticeAnswer.objects.create(
                run=run, item=item, answer=["x"], is_correct=right, answered_at=timezone.now()
            )
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.steps_url()).content.decode()
        self.assertIn('<dd id="effort-answered">2</dd>', page)
        self.assertIn('<dd id="effort-percent">1 · 50 %</dd>', page)

    def test_the_steps_page_runs_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.d.tomas)

        def add(n: int) -> None:
            for _ in range(n):
                step = assign_route(
                    classroom=self.d.c7a,
                    student=self.d.ana,
                    standard=self.d.s1,
                    route="teacher",
                    by=self.d.tomas,
                )
                finish_step(step=step, by=self.d.tomas)
                run = PracticeRun.objects.create(
                    classroom=self.d.c7a,
                    student=self.d.ana,
                    standard=self.d.s1,
                    item_ids=[self.d.s1_items[0].pk],
                    started_at=timezone.now(),
                )
                PracticeAnswer.objects.create(
                    run=run,
                    item=self.d.s1_items[0],
                    answer=["x"],
                    is_correct=True,
                    answered_at=timezone.now(),
                )

        add(2)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(self.steps_url()).status_code, 200)
        add(10)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(self.client.get(self.steps_url()).status_code, 200)
        self.assertEqual(len(many), len(few))


class CardTests(RoutesTestCase):
    def map_page(self) -> str:
        self.client.force_login(self.d.ana)
        return self.client.get(
            reverse("workflows:student-map", args=[self.d.c7a.pk])
        ).content.decode()

    def test_a_locked_card_points_to_the_routes_while_you_wait(self) -> None:
        attempt = self.miss()  # the default rules: a day's wait and a reflection
        page = self.map_page()
        self.assertIn("While you wait:", page)
        self.assertIn(reverse("workflows:attempt", args=[attempt.pk]) + "#what-next", page)

    def test_the_card_shows_the_current_step_with_done(self) -> None:
        self.miss()
        step = assign_route(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            route="practice",
            by=self.d.tomas,
            at=timezone.now() - timedelta(minutes=1),
        )
        page = self.map_page()
        self.assertIn("Your step: practise again", page)
        self.assertIn(reverse("interventions:practice", args=[self.d.c7a.pk, self.d.s1.pk]), page)
        self.assertIn(reverse("interventions:step-done", args=[step.pk]), page)
        self.assertNotIn("While you wait:", page)
        r = self.client.post(
            reverse("interventions:step-done", args=[step.pk]),
            {"next": reverse("workflows:student-map", args=[self.d.c7a.pk])},
        )
        self.assertRedirects(r, reverse("workflows:student-map", args=[self.d.c7a.pk]))
        step.refresh_from_db()
        self.assertEqual(step.done_by, self.d.ana)
