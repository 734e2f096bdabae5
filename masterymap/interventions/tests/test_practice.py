"""Practice: items on no form the student still has to take, immediate right or wrong with
the feedback and the key, repeatable, never evidence (interventions.routes)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.assessments.models import Item
from masterymap.evidence.models import Evidence
from masterymap.interventions.models import PracticeAnswer, PracticeRun, Resource, Route, Step
from masterymap.interventions.routes import assign_route
from masterymap.mastery.models import LevelChange, MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


class PracticeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Two bank items on no form: practice material from the start.
        cls.extra_single = create_item(
            standard=cls.d.s1,
            kind="single",
            stem="PRACTICE-ONLY: pick Four.",
            feedback="PRACTICE-FEEDBACK four",
            choices=[
                ChoiceInput("Three", False, "Counted one short"),
                ChoiceInput("Four", True),
            ],
        )
        cls.extra_numeric = create_item(
            standard=cls.d.s1,
            kind="numeric",
            stem="PRACTICE-ONLY: 2 × 6?",
            numeric_answer=12,
            feedback="PRACTICE-FEEDBACK twelve",
        )

    def url(self, classroom=None, standard=None) -> str:  # type: ignore[no-untyped-def]
        return reverse(
            "interventions:practice",
            args=[(classroom or self.d.c7a).pk, (standard or self.d.s1).pk],
        )

    def start(self, **data: object) -> PracticeRun:
        self.client.post(
            reverse("interventions:practice-start", args=[self.d.c7a.pk, self.d.s1.pk]), data
        )
        return PracticeRun.objects.latest("pk")

    def check(self, run: PracticeRun, item: Item, answer: list[str], htmx: bool = True):  # type: ignore[no-untyped-def]
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        return self.client.post(
            reverse("interventions:practice-check", args=[run.pk, item.pk]),
            {"answer": answer},
            **headers,
        )

    def take_both_forms(self) -> None:
        self.open_retakes()
        for _ in range(2):
            attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
            submit_attempt(attempt=attempt, answers=self.answers_for(right=False))

    def test_it_draws_only_items_on_no_form_still_to_take(self) -> None:
        self.client.force_login(self.d.ana)
        page = self.client.get(self.url()).content.decode()
        self.assertIn("drawn from the 2 questions you may practise now", page)
        run = self.start()
        self.assertEqual(set(run.item_ids), {self.extra_single.pk, self.extra_numeric.pk})
        page = self.client.get(self.url()).content.decode()
        self.assertIn("PRACTICE-ONLY", page)
        # Nothing of the forms' items, and nothing of any key before a check.
        for secret in ("Pick <strong>Right</strong>", "SECRET-FEEDBACK", "PRACTICE-FEEDBACK"):
            self.assertNotIn(secret, page)
        self.assertNotIn("(correct)", page)

    def test_once_every_form_is_taken_every_item_may_be_practised(self) -> None:
        self.take_both_forms()
        self.client.force_login(self.d.ana)
        run = self.start()
        self.assertEqual(len(run.item_ids), 5)
        self.assertLessEqual(set(run.item_ids), set(Item.objects.values_list("pk", flat=True)))
        self.assertEqual(len(set(run.item_ids)), 5)

    def test_a_check_says_right_or_wrong_with_the_feedback_and_the_key(self) -> None:
        self.client.force_login(self.d.ana)
        run = self.start()
        right = self.check(run, self.extra_numeric, ["12"])
        self.assertContains(right, "✓ Right")
        self.assertContains(right, "PRACTICE-FEEDBACK twelve")
        wrong_choice = self.extra_single.choices.get(text="Three")
        wrong = self.check(run, self.extra_single, [str(wrong_choice.pk)])
        self.assertContains(wrong, "✗ Not right")
        self.assertContains(wrong, "Four</span> <strong>(correct)</strong>")
        self.assertContains(wrong, "Why this is tempting: Counted one short")
        answers = PracticeAnswer.objects.filter(run=run).order_by("pk")
        self.assertEqual([a.is_correct for a in answers], [True, False])
        # A second check of the same question keeps the first answer.
        self.check(run, self.extra_numeric, ["13"])
        self.assertTrue(PracticeAnswer.objects.get(run=run, item=self.extra_numeric).is_correct)

    def test_a_blank_answer_is_not_checked(self) -> None:
        self.client.force_login(self.d.ana)
        run = self.start()
        r = self.check(run, self.extra_numeric, [""])
        self.assertContains(r, "Type an answer first.", status_code=422)
        self.assertFalse(PracticeAnswer.objects.exists())

    def test_practice_never_counts_as_evidence(self) -> None:
        self.client.force_login(self.d.ana)
        records = list(MasteryRecord.objects.values_list("pk", "level", "status"))
        changes = LevelChange.objects.count()
        run = self.start()
        self.check(run, self.extra_numeric, ["12"])
        self.check(run, self.extra_single, [str(self.extra_single.choices.get(text="Four").pk)])
        self.client.post(reverse("interventions:practice-finish", args=[run.pk]))
        self.assertFalse(Evidence.objects.exists())
        self.assertEqual(list(MasteryRecord.objects.values_list("pk", "level", "status")), records)
        self.assertEqual(LevelChange.objects.count(), changes)

    def test_it_can_be_repeated(self) -> None:
        self.client.force_login(self.d.ana)
        first = self.start()
        self.check(first, self.extra_numeric, ["12"])
        self.client.post(reverse("interventions:practice-finish", args=[first.pk]))
        page = self.client.get(self.url()).content.decode()
        self.assertIn("Last practice", page)
        self.assertIn("1 right of 1 answered", page)
        second = self.start()
        self.assertNotEqual(first.pk, second.pk)
        # A finished run takes no more answers.
        r = self.check(first, self.extra_single, [str(self.extra_single.choices.first().pk)])
        self.assertEqual(r.status_code, 422)

    def test_an_item_put_on_a_form_still_to_take_disappears_from_the_run(self) -> None:
        self.client.force_login(self.d.ana)
        run = self.start()
        create_form(standard=self.d.s1, item_ids=[self.extra_numeric.pk])  # form C
        page = self.client.get(self.url()).content.decode()
        self.assertNotIn("2 × 6?", page)
        r = self.check(run, self.extra_numeric, ["12"])
        self.assertNotIn(b"PRACTICE-FEEDBACK twelve", r.content)
        self.assertFalse(PracticeAnswer.objects.exists())

    def test_nothing_to_practise_says_so(self) -> None:
        self.client.force_login(self.d.ana)
        page = self.client.get(self.url(standard=self.d.s2)).content.decode()
        self.assertIn("There is nothing to practise here right now", page)
        self.client.post(
            reverse("interventions:practice-start", args=[self.d.c7a.pk, self.d.s2.pk])
        )
        self.assertFalse(PracticeRun.objects.exists())

    def test_a_practice_set_limits_the_draw(self) -> None:
        practice_set = Resource.objects.create(
            standard=self.d.s1, kind="practice", title="Just one", created_at=timezone.now()
        )
        # One item of the set is on forms still to take: only the other is drawn.
        practice_set.items.set([self.extra_single, self.d.s1_items[0]])
        self.client.force_login(self.d.ana)
        self.assertContains(self.client.get(self.url()), "Practise the set:")
        run = self.start(resource=practice_set.pk)
        self.assertEqual(run.item_ids, [self.extra_single.pk])
        self.assertEqual(run.resource, practice_set)

    def test_the_run_joins_the_open_practice_step_which_finishing_can_mark_done(self) -> None:
        step = assign_route(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            route=Route.PRACTICE,
            by=self.d.tomas,
        )
        self.client.force_login(self.d.ana)
        run = self.start()
        self.assertEqual(run.step, step)
        self.assertContains(self.client.get(self.url()), "Finish and mark my step done")
        self.client.post(
            reverse("interventions:practice-finish", args=[run.pk]), {"step_done": "1"}
        )
        step.refresh_from_db()
        run.refresh_from_db()
        self.assertEqual(step.done_by, self.d.ana)
        self.assertIsNotNone(run.finished_at)

    def test_denials(self) -> None:
        self.client.force_login(self.d.ana)
        run = self.start()
        # Another student: neither the page of a class they are not in, nor Ana's run.
        self.client.force_login(self.d.cara)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.check(run, self.extra_numeric, ["12"]).status_code, 404)
        self.client.force_login(self.d.ben)
        self.assertEqual(self.check(run, self.extra_numeric, ["12"]).status_code, 404)
        r = self.client.post(reverse("interventions:practice-finish", args=[run.pk]))
        self.assertEqual(r.status_code, 404)
        self.client.force_login(self.d.dev)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        # Teachers and admins: practice is a student's page.
        for user in (self.d.tomas, self.d.uma, self.d.zed, self.d.ada):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 404)
            self.assertEqual(self.check(run, self.extra_numeric, ["12"]).status_code, 404)
        self.assertFalse(PracticeAnswer.objects.exists())
        run.refresh_from_db()
        self.assertIsNone(run.finished_at)
        self.assertFalse(Step.objects.exists())
