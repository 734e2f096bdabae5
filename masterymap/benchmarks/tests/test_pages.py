"""The benchmark pages as people use them: a teacher builds and opens one, a student takes it
(no key before handing in), reads the result by standard, explains a contradiction and gets
the next step; the teacher reviews and decides; mixed practice; and every denial."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from masterymap.assessments.models import Item
from masterymap.benchmarks import actions
from masterymap.benchmarks.models import Benchmark, MixedPractice, Reflection, Sitting
from masterymap.benchmarks.tests.helpers import BenchmarkCase
from masterymap.mastery.models import MasteryRecord, ReviewDecision


class TeacherPageTests(BenchmarkCase):
    def test_a_teacher_builds_a_benchmark_from_the_bank_and_opens_it(self) -> None:
        self.client.force_login(self.d.tomas)
        grid = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(grid, reverse("benchmarks:list", args=[self.d.c7a.pk]))
        page = self.client.get(reverse("benchmarks:list", args=[self.d.c7a.pk]))
        self.assertContains(page, "New benchmark")
        response = self.client.post(
            reverse("benchmarks:create", args=[self.d.c7a.pk]),
            {
                "title": "Unit 1 test",
                "standards": [self.d.s1.pk, self.d.s2.pk],
                "per_standard": "2",
                "line": "70",
            },
        )
        benchmark = Benchmark.objects.get()
        self.assertRedirects(response, reverse("benchmarks:benchmark", args=[benchmark.pk]))
        draft = self.client.get(reverse("benchmarks:benchmark", args=[benchmark.pk]))
        self.assertContains(draft, "4 questions")
        self.assertContains(draft, 'value="70"')
        self.assertNotContains(draft, self.d.s1_items[0].stem, msg_prefix="form items withheld")
        opened = self.client.post(
            reverse("benchmarks:open", args=[benchmark.pk]), {"time_limit": "40"}
        )
        self.assertRedirects(opened, reverse("benchmarks:benchmark", args=[benchmark.pk]))
        benchmark.refresh_from_db()
        self.assertEqual((benchmark.state, benchmark.time_limit_minutes), ("open", 40))

    def test_a_bad_build_is_refused_with_the_reason_and_writes_nothing(self) -> None:
        self.client.force_login(self.d.tomas)
        response = self.client.post(
            reverse("benchmarks:create", args=[self.d.c7a.pk]),
            {
                "title": "T",
                "standards": ["99999999999999999999"],
                "per_standard": "2",
                "line": "80",
            },
        )
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Benchmark.objects.exists())
        draft = actions.create_benchmark(
            classroom=self.d.c7a, by=self.d.tomas, title="T", standard_ids=[self.d.s1.pk]
        )
        self.client.post(
            reverse("benchmarks:items", args=[draft.pk]), {"item": [self.d.s1_items[0].pk]}
        )
        self.assertEqual(draft.benchmark_items.count(), 0, "a form's item is refused")

    def test_students_and_other_teachers_never_reach_the_teachers_pages(self) -> None:
        benchmark = self.opened()
        urls = [
            ("get", reverse("benchmarks:list", args=[self.d.c7a.pk])),
            ("get", reverse("benchmarks:benchmark", args=[benchmark.pk])),
            ("post", reverse("benchmarks:close", args=[benchmark.pk])),
            ("post", reverse("benchmarks:items", args=[benchmark.pk])),
            (
                "get",
                reverse("benchmarks:review", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk]),
            ),
        ]
        for user in (self.d.ana, self.d.uma):
            self.client.force_login(user)
            for method, url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        benchmark.refresh_from_db()
        self.assertTrue(benchmark.is_open)


class StudentPageTests(BenchmarkCase):
    def test_a_student_takes_it_without_ever_seeing_a_key_then_reads_the_result(self) -> None:
        self.master(self.d.ana, self.d.s1)
        self.master(self.d.ana, self.d.s2)
        benchmark = self.opened()
        self.client.force_login(self.d.ana)
        home = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(home, "Start the benchmark")
        started = self.client.post(reverse("benchmarks:take", args=[benchmark.pk]))
        sitting = Sitting.objects.get(student=self.d.ana)
        self.assertRedirects(started, reverse("benchmarks:sitting", args=[sitting.pk]))
        sheet = self.client.get(reverse("benchmarks:sitting", args=[sitting.pk]))
        self.assertContains(sheet, "Hand in")
        self.assertNotContains(sheet, "BENCH-FEEDBACK")
        self.assertNotContains(sheet, "Guessed", msg_prefix="no misconception note")
        self.assertNotContains(sheet, "correct")
        answers = self.answers(benchmark, {self.d.s1.pk: 0, self.d.s2.pk: 3})
        saved = self.client.post(
            reverse("benchmarks:sitting-autosave", args=[sitting.pk]), self.post_data(answers)
        )
        self.assertContains(saved, "All answers saved")
        reload = self.client.get(reverse("benchmarks:sitting", args=[sitting.pk]))
        self.assertContains(reload, "checked", count=6)
        done = self.client.post(reverse("benchmarks:sitting-submit", args=[sitting.pk]), {})
        self.assertRedirects(done, reverse("benchmarks:sitting", args=[sitting.pk]))
        result = self.client.get(reverse("benchmarks:sitting", args=[sitting.pk]))
        self.assertContains(result, "3/6")
        self.assertContains(result, "Needs review")
        self.assertContains(result, "I make different decisions when standards are mixed")
        reflect = self.client.post(
            reverse("benchmarks:reflect", args=[sitting.pk]),
            {"standard": self.d.s1.pk, "explanation": "more_practice", "note": "Rushed"},
        )
        self.assertEqual(reflect.status_code, 302)
        after = self.client.get(reverse("benchmarks:sitting", args=[sitting.pk]))
        self.assertContains(after, "Take a fresh form on")
        self.assertContains(
            after, reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk])
        )
        self.assertEqual(Reflection.objects.get().note, "Rushed")
        late = self.client.post(
            reverse("benchmarks:sitting-autosave", args=[sitting.pk]), self.post_data(answers)
        )
        self.assertEqual(late.status_code, 422)
        self.assertContains(late, "already handed in", status_code=422)

    def test_the_grid_shows_needs_review_and_the_teacher_decides_with_a_reason(self) -> None:
        self.master(self.d.ana, self.d.s1)
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(sitting=sitting, answers=self.answers(benchmark, {}))
        self.client.force_login(self.d.tomas)
        grid = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(grid, "status-needs-review")
        self.assertContains(grid, "Needs review")
        cell = self.client.get(
            reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        )
        review_url = reverse("benchmarks:review", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        self.assertContains(cell, review_url)
        review = self.client.get(review_url)
        tracker = self.client.get(reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk]))
        self.assertContains(tracker, "A benchmark disagrees")
        self.assertContains(tracker, review_url)
        self.assertContains(review, "Unit 1 test")
        self.assertContains(review, "below the line of 80")
        missing = self.client.post(review_url, {"resolution": "reopen", "reason": ""})
        self.assertEqual(missing.status_code, 422)
        self.assertFalse(ReviewDecision.objects.exists())
        decided = self.client.post(review_url, {"resolution": "reopen", "reason": "Retake it"})
        self.assertRedirects(decided, reverse("mastery:grid", args=[self.d.c7a.pk]))
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )
        self.assertEqual(record.status, "not_yet")
        self.assertContains(self.client.get(review_url), "Retake it")

    def test_a_student_never_sees_another_students_sitting(self) -> None:
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(sitting=sitting, answers=self.answers(benchmark, {}))
        self.client.force_login(self.d.ben)
        for name in ("sitting", "sitting-autosave", "sitting-submit", "reflect"):
            method = self.client.get if name == "sitting" else self.client.post
            with self.subTest(name):
                self.assertEqual(
                    method(reverse(f"benchmarks:{name}", args=[sitting.pk])).status_code, 404
                )
        self.client.force_login(self.d.cara)
        self.assertEqual(
            self.client.post(reverse("benchmarks:take", args=[benchmark.pk])).status_code, 404
        )
        self.client.force_login(self.d.tomas)
        self.assertContains(
            self.client.get(reverse("benchmarks:sitting", args=[sitting.pk])), "handed in"
        )

    def test_a_draft_is_invisible_to_students(self) -> None:
        draft = actions.create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="Secret draft",
            standard_ids=[self.d.s1.pk],
            per_standard=1,
        )
        self.client.force_login(self.d.ana)
        self.assertNotContains(
            self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk])), "Secret draft"
        )
        self.assertEqual(
            self.client.post(reverse("benchmarks:take", args=[draft.pk])).status_code, 404
        )


class PublicAndGoalsTests(BenchmarkCase):
    def test_a_standard_that_needs_review_stays_mastered_in_public_until_reopened(self) -> None:
        from masterymap.goals.board import board
        from masterymap.goals.queries import mastered_in_class
        from masterymap.mastery.actions import decide_review

        self.master(self.d.ana, self.d.s1, days_ago=3)
        before = board(self.d.c7a)
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(sitting=sitting, answers=self.answers(benchmark, {}))
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )
        self.assertEqual(record.status, "needs_review")
        during = board(self.d.c7a)
        self.assertEqual(during.total_mastered, before.total_mastered, "private until decided")
        [mastered] = mastered_in_class(self.d.c7a, student_ids=[self.d.ana.pk])
        self.assertEqual(mastered.on, self.today - timedelta(days=3), "from the day mastered")
        kept = decide_review(record=record, resolution="keep", reason="Fine", by=self.d.tomas)
        self.assertEqual(kept.status, "mastered")
        after = board(self.d.c7a)
        self.assertEqual(after.total_mastered, before.total_mastered)
        self.assertEqual(after.celebrate, [], "keeping it is no new mastery to celebrate")
        [mastered] = mastered_in_class(self.d.c7a, student_ids=[self.d.ana.pk])
        self.assertEqual(mastered.on, self.today - timedelta(days=3))


class MixedPracticePageTests(BenchmarkCase):
    def test_a_student_practises_mixed_questions_with_feedback(self) -> None:
        self.master(self.d.ana, self.d.s1)
        self.master(self.d.ana, self.d.s2)
        self.client.force_login(self.d.ana)
        url = reverse("benchmarks:mixed", args=[self.d.c7a.pk])
        self.assertContains(self.client.get(url), "Start a mixed set")
        self.client.post(reverse("benchmarks:mixed-start", args=[self.d.c7a.pk]))
        practice = MixedPractice.objects.get()
        page = self.client.get(url)
        self.assertContains(page, "0 of 6 answered")
        self.assertNotContains(page, "BENCH-FEEDBACK")
        item = Item.objects.get(pk=practice.item_ids[0])
        yes = item.choices.get(is_correct=True)
        checked = self.client.post(
            reverse("benchmarks:mixed-check", args=[practice.pk, item.pk]),
            {f"item-{item.pk}": [yes.pk]},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(checked, "Right.")
        self.assertContains(checked, "BENCH-FEEDBACK")
        self.client.force_login(self.d.ben)
        self.assertEqual(
            self.client.post(
                reverse("benchmarks:mixed-check", args=[practice.pk, item.pk])
            ).status_code,
            404,
        )
