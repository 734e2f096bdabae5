from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.core.management import call_command
from django.db.models import F
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Form, Item
from masterymap.benchmarks.models import Benchmark, Reflection
from masterymap.demo import content, files
from masterymap.demo.load import (
    DEMO_CARD_KEY,
    DEMO_PASSWORD,
    demo_student_usernames,
    load_demo,
)
from masterymap.exchange.importers import Source
from masterymap.exchange.registry import importers
from masterymap.interventions.inbox import grid_waiting, teacher_inbox
from masterymap.interventions.models import (
    ErrorAnalysis,
    GroupMember,
    MissedItem,
    PracticeAnswer,
    PracticeRun,
    Resource,
    RetakeUnlock,
    Route,
    RouteSettings,
    SmallGroup,
    Step,
    TutorOffer,
    TutorPair,
)
from masterymap.mastery.engine import retake_rules_for
from masterymap.mastery.models import MasteryRecord, ReviewDecision
from masterymap.mastery.retake import DEFAULT_RULES, Lock
from masterymap.standards.models import Standard
from masterymap.test import password_login


class DemoSchoolTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.first = load_demo()

    def test_keys_are_spread_over_the_choices_places(self) -> None:
        places = Counter()
        for item in Item.objects.filter(kind="single").prefetch_related("choices"):
            choices = list(item.choices.all())
            places[next(i for i, c in enumerate(choices) if c.is_correct)] += 1
        self.assertGreaterEqual(len(places), 3, places)
        self.assertLess(places[0], sum(places.values()) / 2, places)

    def test_every_unit_has_an_item_written_with_math(self) -> None:
        classroom = Classroom.objects.get(name="7A Maths")
        for unit in classroom.mastery_map.units.all():
            with self.subTest(unit=unit.title):
                self.assertTrue(
                    Item.objects.filter(standard__unit=unit, stem__contains="$").exists()
                )
        kept = Item.objects.get(keep_order=True)
        self.assertEqual(kept.choices.order_by("position").last().text, "All of the above")

    def test_every_unit_has_an_open_response_and_pictures_show(self) -> None:
        classroom = Classroom.objects.get(name="7A Maths")
        for unit in classroom.mastery_map.units.all():
            with self.subTest(unit=unit.title):
                self.assertTrue(
                    Item.objects.filter(standard__unit=unit, kind="open")
                    .exclude(rubric="")
                    .exists()
                )
        pictured = Item.objects.exclude(image="")
        self.assertGreaterEqual(pictured.count(), 2)
        self.assertTrue(all(item.image_alt for item in pictured))
        with_pictures = Item.objects.filter(choices__image__gt="").distinct().get()
        self.assertTrue(all(c.image_alt for c in with_pictures.choices.all()))
        # Written answers wait in Tomás's queue; one is scored, with a comment.
        self.client.force_login(User.objects.get(username="tomas"))
        queue = self.client.get(reverse("workflows:scoring-queue", args=[classroom.pk]))
        self.assertGreaterEqual(queue.content.decode().count("Save the score"), 2)
        scored = Attempt.objects.filter(form__label="C", status="submitted").get()
        self.assertTrue(scored.responses.exclude(comment="").exists())
        self.assertEqual(
            self.client.get(reverse("assessments:item-picture", args=[pictured[0].pk])).status_code,
            200,
        )

    def test_the_school_came_in_through_the_importers_and_a_second_import_changes_nothing(
        self,
    ) -> None:
        classroom = Classroom.objects.get(name="7A Maths")
        ada = User.objects.get(username="ada")
        tomas = User.objects.get(username="tomas")
        # The roster's ids on the class and every student, the QTI identifiers on the
        # questions with pictures and open responses: they came through the importers.
        self.assertEqual(classroom.sourced_id, files.CLASS_SOURCED_ID)
        students = User.objects.filter(enrollments__classroom=classroom, role="student")
        self.assertEqual(students.filter(sourced_id="").count(), 0)
        self.assertTrue(
            Item.objects.filter(kind="open", source_id__startswith="lakeside-").exists()
        )
        # The misconceptions QTI does not carry were written afterwards, as a teacher would.
        circle = Item.objects.get(source_id=files.item_identifier("7.G.B.4", 1))
        self.assertIn(
            "Found the circumference (2πr), not the area.",
            [c.misconception for c in circle.choices.all()],
        )
        # The demo's own files, previewed again, change nothing.
        standards = importers()["standards-csv"].plan(
            Source(
                tomas,
                files.standards_csv(content.UNITS),
                "standards.csv",
                {"target": str(classroom.mastery_map_id), "title": ""},
            )
        )
        self.assertEqual(standards.problems, [])
        self.assertFalse(standards.writes, standards.counts())
        roster = files.oneroster_zip(
            school_name="Lakeside Middle School",
            class_title="7A Maths",
            teacher=("tomas", *content.TEACHER),
            students=[
                (u, first, last)
                for (first, last), u in zip(content.STUDENTS, demo_student_usernames(), strict=True)
            ],
        )
        plan = importers()["oneroster"].plan(
            Source(ada, roster, "roster.zip", {"org": "", "mastery_map": None})
        )
        self.assertEqual(plan.problems, [])
        self.assertFalse(plan.writes, plan.counts())

    def test_loading_twice_changes_nothing(self) -> None:
        counts = (User.objects.count(), Attempt.objects.count(), Form.objects.count())
        second = load_demo()
        self.assertTrue(self.first.created)
        self.assertFalse(second.created)
        self.assertEqual(
            counts, (User.objects.count(), Attempt.objects.count(), Form.objects.count())
        )

    def test_the_class_looks_like_a_real_class_a_few_weeks_into_a_term(self) -> None:
        classroom = Classroom.objects.get(name="7A Maths")
        self.assertEqual(classroom.enrollments.count(), 25)
        standards = Standard.objects.filter(mastery_map=classroom.mastery_map)
        self.assertEqual(standards.count(), 12)
        self.assertEqual(standards.values("unit").distinct().count(), 3)
        for standard in standards:
            forms = list(standard.forms.all())
            self.assertGreaterEqual(len(forms), 2, standard.code)
            self.assertTrue(all(f.items.count() == 5 for f in forms), standard.code)
        statuses = set(MasteryRecord.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"mastered", "not_yet", "in_progress", "needs_review"})
        submitted = Attempt.objects.filter(status="submitted")
        self.assertGreater(submitted.count(), 150)
        # Retakes happen: the retake rules let students who looked back take form B.
        self.assertGreater(submitted.filter(form__label="B").count(), 30)
        now = timezone.now()
        oldest = submitted.order_by("submitted_at").first().submitted_at
        newest = submitted.order_by("-submitted_at").first().submitted_at
        self.assertGreater(oldest, now - timedelta(days=29))
        self.assertLess(newest, now)
        self.assertGreater(newest, now - timedelta(days=5))

    def test_the_demo_logins_from_the_readme_work(self) -> None:
        for username in ["tomas", "ada", "aaliyah.johnson", "mateo.hernandez"]:
            with self.subTest(username=username):
                self.assertTrue(password_login(self.client, username, DEMO_PASSWORD))
        # Ada manages accounts in the app; only the IT person opens the Django admin.
        ada = User.objects.get(username="ada")
        self.assertFalse(ada.is_staff or ada.is_superuser)
        self.assertTrue(password_login(self.client, "it.admin", DEMO_PASSWORD))
        # Aaliyah's login card link, from the README: the button logs her in.
        self.client.logout()
        card = f"/card/{DEMO_CARD_KEY}/"
        self.assertContains(self.client.get(card), "Log in as <span data-content>Aaliyah</span>?")
        self.client.post(card)
        self.assertEqual(self.client.get("/").wsgi_request.user.username, "aaliyah.johnson")
        self.client.logout()
        it = User.objects.get(username="it.admin")
        self.assertTrue(it.is_staff and it.is_superuser)
        self.assertIsNone(it.school_id)

    def test_the_school_admin_manages_people_in_the_app_and_not_in_the_django_admin(
        self,
    ) -> None:
        self.client.force_login(User.objects.get(username="ada"))
        people = self.client.get("/school/people/", {"role": "teacher"})
        self.assertContains(people, "Tomás Rivera")
        # A teacher who left: shown as deactivated, and she cannot log in.
        self.assertContains(people, "Helen Park")
        self.assertContains(people, "⏸ Deactivated", count=1)
        self.assertFalse(password_login(self.client, "helen.park", DEMO_PASSWORD))
        self.client.force_login(User.objects.get(username="ada"))
        admin = self.client.get("/admin/")
        self.assertEqual(admin.status_code, 302)
        self.assertIn("/admin/login/", admin["Location"])

    def test_the_command_prints_the_logins(self) -> None:
        from io import StringIO

        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertIn("already loaded", out.getvalue())
        self.assertIn("tomas", out.getvalue())
        self.assertIn(DEMO_PASSWORD, out.getvalue())
        self.assertIn(f"/card/{DEMO_CARD_KEY}/", out.getvalue())

    def test_spanish_speaking_students_see_a_spanish_interface_over_english_content(self) -> None:
        mateo = User.objects.get(first_name="Mateo")
        self.assertEqual(mateo.language, "es")
        # The request leaves Spanish active in this thread; later tests expect English.
        self.addCleanup(translation.activate, "en")
        self.client.force_login(mateo)
        classroom = Classroom.objects.get(enrollments__student=mateo)
        r = self.client.get(f"/classes/{classroom.pk}/map/")
        self.assertContains(r, '<html lang="es">')
        self.assertContains(r, "Mi registro")
        self.assertEqual(User.objects.filter(role=User.Role.STUDENT, language="es").count(), 2)


class DemoAfterTheScoreTests(TestCase):
    """Issue 9 a few weeks into the term: what comes after a score, in realistic use."""

    classroom: Classroom
    teacher: User

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo()
        cls.classroom = Classroom.objects.get(name="7A Maths")
        cls.teacher = User.objects.get(username="tomas")

    def test_resources_on_a_few_standards_and_one_standard_with_its_own_routes(self) -> None:
        kinds = set(Resource.objects.values_list("kind", flat=True))
        self.assertEqual(kinds, {"link", "video", "practice"})
        self.assertGreaterEqual(Resource.objects.values("standard").distinct().count(), 3)
        practice_set = Resource.objects.filter(kind="practice").first()
        assert practice_set is not None
        self.assertGreater(practice_set.items.count(), 0)
        self.assertEqual(
            list(RouteSettings.objects.values_list("standard__code", "offered")),
            [("7.RP.A.3", ["practice", "teacher", "small_group"])],
        )

    def test_the_class_keeps_the_default_retake_rules(self) -> None:
        for standard in Standard.objects.filter(mastery_map=self.classroom.mastery_map):
            self.assertEqual(retake_rules_for(self.classroom.pk, standard.pk), DEFAULT_RULES)

    def test_every_retake_followed_the_rules(self) -> None:
        """Form B opened on a later day than form A's result, after the look back at A was
        finished, or after the teacher unlocked it."""
        retakes = Attempt.objects.filter(form__label="B").select_related("form")
        self.assertTrue(retakes.exists())
        for retake in retakes:
            first = Attempt.objects.get(
                student=retake.student, form__standard=retake.form.standard_id, form__label="A"
            )
            assert first.submitted_at is not None
            unlocked = RetakeUnlock.objects.filter(
                student=retake.student,
                standard=retake.form.standard_id,
                at__gt=first.submitted_at,
                at__lte=retake.started_at,
            ).exists()
            if unlocked:
                continue
            self.assertGreater(
                timezone.localdate(retake.started_at), timezone.localdate(first.submitted_at)
            )
            analysis = ErrorAnalysis.objects.get(attempt=first)
            assert analysis.finished_at is not None
            self.assertLessEqual(analysis.finished_at, retake.started_at)

    def test_students_look_back_at_their_tries(self) -> None:
        finished = ErrorAnalysis.objects.filter(finished_at__isnull=False)
        self.assertGreater(finished.count(), 60)
        self.assertGreaterEqual(ErrorAnalysis.objects.filter(finished_at__isnull=True).count(), 2)
        self.assertGreater(finished.filter(read_at__isnull=False, read_by=self.teacher).count(), 5)
        self.assertTrue(finished.filter(read_at__isnull=True).exists())
        reasons = set(MissedItem.objects.values_list("reason", flat=True))
        self.assertLessEqual({"careless", "misread", "did_not_know", "misconception"}, reasons)
        # A misconception is only given for a wrong choice with a note (the item's).
        self.assertGreater(MissedItem.objects.filter(reason="misconception").count(), 10)
        self.assertGreater(MissedItem.objects.exclude(fix="").count(), 50)
        summaries = set(finished.values_list("summary", flat=True))
        self.assertGreater(len(summaries), 8)
        self.assertTrue(
            finished.filter(attempt__student__language="es", summary__contains="voy a").exists()
        )

    def test_students_took_steps_of_every_kind(self) -> None:
        steps = Step.objects.filter(classroom=self.classroom)
        done = steps.filter(done_at__isnull=False, cancelled_at__isnull=True)
        self.assertGreater(done.filter(route=Route.PRACTICE).count(), 5)
        self.assertGreater(done.filter(route=Route.RESOURCES).count(), 0)
        runs = PracticeRun.objects.filter(classroom=self.classroom, finished_at__isnull=False)
        self.assertGreater(runs.exclude(step=None).count(), 5)
        self.assertGreater(PracticeAnswer.objects.filter(is_correct=True).count(), 10)
        self.assertTrue(PracticeAnswer.objects.filter(is_correct=False).exists())
        open_steps = steps.filter(done_at__isnull=True, cancelled_at__isnull=True)
        for route in (Route.TEACHER, Route.SMALL_GROUP):
            with self.subTest(route=route):
                self.assertTrue(
                    open_steps.filter(route=route, chosen_by=F("student")).exists(), route
                )

    def test_peer_tutoring_in_every_state(self) -> None:
        self.assertGreater(TutorOffer.objects.filter(classroom=self.classroom).count(), 10)
        pairs = TutorPair.objects.filter(classroom=self.classroom)
        states = set(pairs.values_list("state", flat=True))
        self.assertLessEqual({"done", "accepted", "asked", "unmatched"}, states)
        for pair in pairs.filter(state="done"):
            self.assertIsNotNone(pair.tutee_confirmed_at)
            self.assertIsNotNone(pair.tutor_confirmed_at)
        self.assertTrue(pairs.filter(state="accepted", share_analysis=True).exists())
        self.assertTrue(pairs.filter(state="unmatched", tutor=None).exists())

    def test_a_group_meets_soon_and_one_met_with_attendance_marked(self) -> None:
        today = timezone.localdate()
        groups = SmallGroup.objects.filter(classroom=self.classroom, cancelled_at=None)
        soon = [g for g in groups if 0 <= (timezone.localdate(g.meets_at) - today).days <= 3]
        self.assertEqual(len(soon), 1)
        members = soon[0].members.all()
        self.assertIn(members.count(), (3, 4))
        for member in members:
            self.assertEqual(
                MasteryRecord.objects.get(
                    classroom=self.classroom, student=member.student, standard=soon[0].standard
                ).status,
                "not_yet",
            )
        past = GroupMember.objects.filter(group__meets_at__lt=timezone.now())
        self.assertTrue(past.filter(attended=True).exists())
        self.assertTrue(past.filter(attended=False).exists())

    def test_retakes_unlocked_locked_and_waiting_for_the_teacher(self) -> None:
        self.assertEqual(RetakeUnlock.objects.filter(by=self.teacher).count(), 1)
        waiting = grid_waiting(self.classroom)
        rows = [*waiting.awaiting, *waiting.other_locked]
        self.assertTrue(
            any(Lock.REFLECTION in r.locks and Lock.NO_FORM_LEFT not in r.locks for r in rows)
        )
        self.assertTrue(any(Lock.NO_FORM_LEFT in r.locks for r in waiting.awaiting))
        inbox = teacher_inbox(self.teacher)
        self.assertGreater(len(inbox.tutoring), 0)
        self.assertGreater(len(inbox.small_group), 0)
        self.assertGreater(len(inbox.retakes), 0)
        self.assertGreater(len(inbox.unmatched), 0)
        if timezone.localdate().weekday() < 5:  # on a weekend, the group meets on Monday
            self.assertEqual(len(inbox.groups), 1)

    def test_a_benchmark_taken_with_contradictions_explained_and_one_settled(self) -> None:
        benchmark = Benchmark.objects.get(title="Unit 1 check-up")
        self.assertEqual(benchmark.state, "closed")
        sittings = benchmark.sittings.filter(submitted_at__isnull=False)
        self.assertEqual(sittings.count(), 23)
        self.assertEqual(sittings.filter(source="paper").count(), 1)
        self.assertEqual(benchmark.lines.count(), 3)
        self.assertGreaterEqual(
            MasteryRecord.objects.filter(status="needs_review").count(), 1, "a contradiction"
        )
        self.assertEqual(Reflection.objects.count(), 2)
        self.assertEqual(ReviewDecision.objects.get().resolution, "keep")
        self.assertTrue(Benchmark.objects.get(title="Unit 2 test").is_draft)
        self.client.force_login(User.objects.get(username="tomas"))
        report = self.client.get(reverse("benchmarks:report", args=[benchmark.pk]))
        self.assertContains(report, "Review")

    def test_nothing_happened_after_now(self) -> None:
        now = timezone.now()
        for model, field in [
            (Step, "started_at"),
            (Step, "done_at"),
            (ErrorAnalysis, "updated_at"),
            (ErrorAnalysis, "read_at"),
            (PracticeAnswer, "answered_at"),
            (TutorPair, "requested_at"),
            (TutorPair, "answered_at"),
            (TutorPair, "tutor_confirmed_at"),
            (SmallGroup, "created_at"),
            (GroupMember, "marked_at"),
            (RetakeUnlock, "at"),
            (TutorOffer, "created_at"),
        ]:
            with self.subTest(model=model.__name__, field=field):
                self.assertFalse(model.objects.filter(**{f"{field}__gt": now}).exists())

    def test_the_teachers_and_a_students_pages_open(self) -> None:
        c = self.classroom.pk
        pair = TutorPair.objects.filter(state="accepted").select_related("tutee").first()
        assert pair is not None
        student = pair.tutee
        standard = pair.standard_id
        group = SmallGroup.objects.order_by("-meets_at").first()
        assert group is not None
        self.client.force_login(self.teacher)
        for url in [
            reverse("mastery:grid", args=[c]),
            reverse("interventions:inbox"),
            reverse("interventions:groups", args=[c]),
            reverse("interventions:group", args=[c, group.pk]),
            reverse("interventions:tutoring-class", args=[c]),
            reverse("interventions:patterns", args=[c, standard]),
            reverse("interventions:steps", args=[c, student.pk, standard]),
            reverse("interventions:routes", args=[standard]),
            reverse("workflows:tracker", args=[c, student.pk]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(student)
        self.addCleanup(translation.activate, "en")
        for url in [
            reverse("workflows:student-map", args=[c]),
            reverse("workflows:tracker", args=[c, student.pk]),
            reverse("interventions:tutor-pair", args=[pair.pk]),
            reverse("interventions:practice", args=[c, standard]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(pair.tutor)
        self.assertEqual(
            self.client.get(reverse("interventions:tutor-pair", args=[pair.pk])).status_code, 200
        )


class DemoWaitingListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo()

    def test_a_newcomer_waits_on_the_rosters_waiting_list(self) -> None:
        leo = User.objects.get(username="leo.fischer")
        classroom = Classroom.objects.get(name="7A Maths")
        self.assertFalse(leo.enrollments.exists())
        self.client.force_login(User.objects.get(username="tomas"))
        roster = self.client.get(f"/classes/{classroom.pk}/roster/")
        self.assertContains(roster, "Waiting to join (1)")
        self.assertContains(roster, "Leo Fischer")
        self.client.force_login(leo)
        self.assertEqual(self.client.get(f"/classes/{classroom.pk}/map/").status_code, 404)
        self.assertContains(self.client.get("/join/code/"), "Waiting for your teacher")
