"""Benchmarks as the actions run them: building from the bank without giving a form away,
sittings with a form's guarantees, one piece of evidence per standard, needs review and the
teacher's decision, paper answers, reflections and mixed practice."""

from __future__ import annotations

import random
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from masterymap.assessments.models import Item
from masterymap.benchmarks import actions
from masterymap.benchmarks.models import Benchmark, Sitting, SubScore
from masterymap.benchmarks.rules import GRACE
from masterymap.benchmarks.tests.helpers import BenchmarkCase
from masterymap.evidence.models import Evidence
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import decide_review, preview_policy, set_policy
from masterymap.mastery.models import MasteryRecord, ReviewDecision
from masterymap.workflows.actions import start_attempt, submit_attempt


class BuildingTests(BenchmarkCase):
    def test_drawn_from_the_bank_never_from_a_form_a_student_may_still_take(self) -> None:
        benchmark = self.opened(per_standard=5)
        items = set(benchmark.benchmark_items.values_list("item_id", flat=True))
        self.assertEqual(items, {i.pk for i in self.s1_bank + self.s2_bank})
        on_forms = {i.pk for i in self.d.s1_items}
        self.assertFalse(items & on_forms, "s1's form items are withheld: ana has not sat them")

    def test_a_hand_picked_form_item_is_refused_with_the_reason(self) -> None:
        with self.assertRaisesMessage(ActionError, "may still take"):
            actions.create_benchmark(
                classroom=self.d.c7a,
                by=self.d.tomas,
                title="By hand",
                standard_ids=[self.d.s1.pk],
                item_ids=[self.d.s1_items[0].pk],
            )
        self.assertFalse(Benchmark.objects.exists())

    def test_a_form_every_student_has_sat_frees_its_items(self) -> None:
        self.open_retakes()
        # s1's items are on forms A and B: free only once both students sat both.
        for student in (self.d.ana, self.d.ben):
            for _form in "AB":
                attempt = start_attempt(student=student, standard=self.d.s1, classroom=self.d.c7a)
                submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        benchmark = actions.create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="By hand",
            standard_ids=[self.d.s1.pk],
            item_ids=[self.d.s1_items[0].pk],
        )
        self.assertEqual(benchmark.benchmark_items.count(), 1)

    def test_standards_from_another_map_and_bad_settings_are_refused(self) -> None:
        rows = [
            ({"standard_ids": []}, "at least one standard"),
            ({"title": " "}, "title"),
            ({"per_standard": 99}, "Draw from 0"),
            ({"line": 0}, "mastery line"),
        ]
        for change, message in rows:
            with self.subTest(message):
                data: dict[str, object] = {
                    "classroom": self.d.c7a,
                    "by": self.d.tomas,
                    "title": "T",
                    "standard_ids": [self.d.s1.pk],
                    "per_standard": 1,
                }
                data.update(change)
                with self.assertRaisesMessage(ActionError, message):
                    actions.create_benchmark(**data)  # type: ignore[arg-type]

    def test_opening_needs_a_question_per_standard_and_a_future_close_time(self) -> None:
        draft = actions.create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="T",
            standard_ids=[self.d.s1.pk, self.d.s2.pk],
            item_ids=[self.s1_bank[0].pk],
        )
        with self.assertRaisesMessage(ActionError, "Every standard"):
            actions.open_benchmark(benchmark=draft)
        actions.remove_standard(benchmark=draft, standard_id=self.d.s2.pk)
        with self.assertRaisesMessage(ActionError, "future"):
            actions.open_benchmark(benchmark=draft, closes_at=timezone.now() - timedelta(hours=1))
        opened = actions.open_benchmark(benchmark=draft, time_limit_minutes=30)
        self.assertEqual((opened.state, opened.time_limit_minutes), ("open", 30))
        with self.assertRaisesMessage(ActionError, "already open"):
            actions.set_items(benchmark=opened, item_ids=[])


class SittingTests(BenchmarkCase):
    def test_submit_scores_each_standard_and_records_benchmark_evidence_at_once(self) -> None:
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        answers = self.answers(benchmark, {self.d.s1.pk: 1, self.d.s2.pk: 3})
        sitting, now = actions.submit_sitting(sitting=sitting, answers=answers)
        self.assertTrue(now)
        parts = {p.standard_id: p for p in SubScore.objects.filter(sitting=sitting)}
        self.assertEqual(
            (parts[self.d.s1.pk].percent, parts[self.d.s1.pk].meets_line), (33.3, False)
        )
        self.assertEqual(
            (parts[self.d.s2.pk].percent, parts[self.d.s2.pk].meets_line), (100.0, True)
        )
        evidence = Evidence.objects.filter(student=self.d.ana, kind="benchmark")
        self.assertEqual(evidence.count(), 2)
        self.assertEqual(parts[self.d.s2.pk].evidence.level, 4, "100 % earns the top level")
        self.assertEqual(parts[self.d.s1.pk].evidence.level, 1)
        self.assertIn("Unit 1 test", parts[self.d.s1.pk].evidence.note)
        self.assertEqual((sitting.points, sitting.max_points, sitting.percent), (4, 6, 66.7))
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s2
        )
        self.assertEqual(record.status, "mastered", "the benchmark counts under the default policy")

    def test_submitting_twice_changes_nothing(self) -> None:
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        answers = self.answers(benchmark, {self.d.s1.pk: 3})
        actions.submit_sitting(sitting=sitting, answers=answers)
        again, now = actions.submit_sitting(
            sitting=sitting, answers=self.answers(benchmark, {self.d.s1.pk: 0})
        )
        self.assertFalse(now)
        self.assertEqual(Evidence.objects.filter(kind="benchmark").count(), 2)
        self.assertEqual(again.points, 3)
        self.assertEqual(actions.start_sitting(benchmark=benchmark, student=self.d.ana), again)

    def test_autosaved_answers_survive_and_a_tampered_answer_changes_nothing(self) -> None:
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        answers = self.answers(benchmark, {self.d.s1.pk: 3, self.d.s2.pk: 3})
        self.assertEqual(actions.save_sitting_answers(sitting=sitting, answers=answers), 6)
        foreign = self.d.s1_items[0]
        with self.assertRaises(ActionError):
            actions.save_sitting_answers(sitting=sitting, answers={foreign.pk: ["x"]})
        other_choice = str(self.s2_bank[0].choices.first().pk)  # type: ignore[union-attr]
        with self.assertRaisesMessage(ActionError, "not on this question"):
            actions.save_sitting_answers(
                sitting=sitting, answers={self.s1_bank[0].pk: [other_choice]}
            )
        sitting, _now = actions.submit_sitting(sitting=sitting, answers={})
        self.assertEqual(sitting.points, 6, "what was autosaved is scored")

    def test_after_the_deadline_only_what_was_saved_counts(self) -> None:
        benchmark = self.opened(time_limit_minutes=20)
        start = timezone.now()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana, at=start)
        actions.save_sitting_answers(
            sitting=sitting, answers=self.answers(benchmark, {self.d.s1.pk: 1}), at=start
        )
        late = start + timedelta(minutes=20) + GRACE + timedelta(seconds=5)
        with self.assertRaisesMessage(ActionError, "Time is up"):
            actions.save_sitting_answers(
                sitting=sitting, answers=self.answers(benchmark, {self.d.s1.pk: 3}), at=late
            )
        sitting, _ = actions.submit_sitting(
            sitting=sitting, answers=self.answers(benchmark, {self.d.s1.pk: 3}), at=late
        )
        self.assertEqual(sitting.points, 1)

    def test_only_students_of_the_class_start_and_only_while_open(self) -> None:
        benchmark = self.opened()
        with self.assertRaisesMessage(ActionError, "Only students of this class"):
            actions.start_sitting(benchmark=benchmark, student=self.d.cara)
        actions.close_benchmark(benchmark=benchmark, by=self.d.tomas)
        benchmark.refresh_from_db()
        with self.assertRaisesMessage(ActionError, "not open"):
            actions.start_sitting(benchmark=benchmark, student=self.d.ben)

    def test_past_its_close_time_it_closes_when_the_teacher_looks(self) -> None:
        start = timezone.now()
        benchmark = self.opened(closes_at=start + timedelta(hours=1))
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ben, at=start)
        actions.save_sitting_answers(
            sitting=sitting, answers=self.answers(benchmark, {self.d.s1.pk: 3}), at=start
        )
        same = actions.close_if_due(benchmark=benchmark, by=self.d.tomas, at=start)
        self.assertTrue(same.is_open, "not due yet")
        with self.assertRaisesMessage(ActionError, "closed"):
            actions.start_sitting(
                benchmark=benchmark, student=self.d.ana, at=start + timedelta(hours=2)
            )
        # The hour passes.
        Benchmark.objects.filter(pk=benchmark.pk).update(closes_at=start - timedelta(minutes=1))
        self.client.force_login(self.d.tomas)
        page = self.client.get(reverse("benchmarks:report", args=[benchmark.pk]))
        self.assertEqual(page.status_code, 200)
        benchmark.refresh_from_db()
        self.assertEqual(benchmark.state, "closed")
        sitting.refresh_from_db()
        self.assertEqual(sitting.points, 3, "handed in with what it saved")

    def test_closing_hands_in_open_sittings_with_their_saved_answers(self) -> None:
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ben)
        actions.save_sitting_answers(
            sitting=sitting, answers=self.answers(benchmark, {self.d.s2.pk: 2})
        )
        self.assertEqual(actions.close_benchmark(benchmark=benchmark, by=self.d.tomas), 1)
        sitting.refresh_from_db()
        self.assertTrue(sitting.is_submitted)
        self.assertEqual(sitting.points, 2)


class NeedsReviewTests(BenchmarkCase):
    def record(self, standard_id: int) -> MasteryRecord:
        return MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard_id=standard_id
        )

    def test_mastered_then_low_on_the_benchmark_needs_review_until_the_teacher_decides(
        self,
    ) -> None:
        self.master(self.d.ana, self.d.s1)
        self.master(self.d.ana, self.d.s2)
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(
            sitting=sitting, answers=self.answers(benchmark, {self.d.s1.pk: 1, self.d.s2.pk: 3})
        )
        self.assertEqual(self.record(self.d.s1.pk).status, "needs_review")
        self.assertEqual(self.record(self.d.s2.pk).status, "mastered")
        with self.assertRaisesMessage(ActionError, "reason"):
            decide_review(
                record=self.record(self.d.s1.pk), resolution="keep", reason=" ", by=self.d.tomas
            )
        kept = decide_review(
            record=self.record(self.d.s1.pk),
            resolution="keep",
            reason="Careless on the day; solid in class",
            by=self.d.tomas,
        )
        self.assertEqual(kept.status, "mastered")
        self.assertEqual(ReviewDecision.objects.get().decided_by, self.d.tomas)
        with self.assertRaisesMessage(ActionError, "no longer needs review"):
            decide_review(record=kept, resolution="reopen", reason="x", by=self.d.tomas)
        history = list(kept.changes.values_list("to_status", flat=True))
        self.assertEqual(history[-2:], ["needs_review", "mastered"])

    def test_reopened_is_not_yet_until_a_fresh_form_decides(self) -> None:
        self.open_retakes()
        self.master(self.d.ana, self.d.s1)
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(sitting=sitting, answers=self.answers(benchmark, {}))
        reopened = decide_review(
            record=self.record(self.d.s1.pk),
            resolution="reopen",
            reason="Retake it",
            by=self.d.tomas,
        )
        self.assertEqual(reopened.status, "not_yet")
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        self.assertEqual(self.record(self.d.s1.pk).status, "mastered")

    def test_a_policy_change_recomputes_needs_review_with_everything_else(self) -> None:
        self.master(self.d.ana, self.d.s1)
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(sitting=sitting, answers=self.answers(benchmark, {}))
        rows = [
            # (policy, what the level becomes, status): benchmarks counted or not, the
            # contradiction stays for the teacher to see.
            ({"method": "most_recent", "kinds": None}, 1.0, "needs_review"),
            ({"method": "highest", "kinds": None}, 4.0, "needs_review"),
            ({"method": "most_recent", "kinds": ["one_on_one"]}, 4.0, "needs_review"),
        ]
        for policy, level, status in rows:
            with self.subTest(policy):
                impact = preview_policy(
                    classroom=self.d.c7a,
                    standard=None,
                    method=policy["method"],
                    params={},
                    min_evidence=1,
                    kinds=policy["kinds"],
                    weights={},
                )
                self.assertEqual(
                    [
                        c
                        for c in impact.changes
                        if c.student_id == self.d.ana.pk and c.standard_id == self.d.s1.pk
                    ],
                    [],
                    "the preview announces no status change for the cell",
                )
                set_policy(
                    classroom=self.d.c7a,
                    standard=None,
                    method=policy["method"],
                    params={},
                    min_evidence=1,
                    kinds=policy["kinds"],
                    weights={},
                    by=self.d.tomas,
                )
                record = self.record(self.d.s1.pk)
                self.assertEqual((record.level, record.status), (level, status))

    def test_a_benchmark_low_on_a_standard_never_mastered_is_no_contradiction(self) -> None:
        benchmark = self.opened()
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(sitting=sitting, answers=self.answers(benchmark, {}))
        self.assertEqual(self.record(self.d.s1.pk).status, "not_yet")


class PaperTests(BenchmarkCase):
    def test_letters_typed_from_paper_score_as_online(self) -> None:
        benchmark = self.opened()
        n = benchmark.benchmark_items.count()
        typed = ["A", "b", "B", "a", "A", " "][:n]
        sitting = actions.enter_paper_sitting(
            benchmark=benchmark, student=self.d.ben, typed=typed, by=self.d.tomas
        )
        self.assertEqual((sitting.source, sitting.points, sitting.max_points), ("paper", 3, 6))
        self.assertEqual(sitting.entered_by, self.d.tomas)
        with self.assertRaisesMessage(ActionError, "already handed"):
            actions.enter_paper_sitting(
                benchmark=benchmark, student=self.d.ben, typed=typed, by=self.d.tomas
            )

    def test_a_letter_the_question_does_not_have_changes_nothing(self) -> None:
        benchmark = self.opened()
        typed = ["A", "Q", "A", "A", "A", "A"]
        with self.assertRaisesMessage(ActionError, "Question 2 has no choice Q"):
            actions.enter_paper_sitting(
                benchmark=benchmark, student=self.d.ben, typed=typed, by=self.d.tomas
            )
        self.assertFalse(Sitting.objects.exists())
        self.assertFalse(Evidence.objects.filter(kind="benchmark").exists())


class ReflectionAndPracticeTests(BenchmarkCase):
    def test_the_student_explains_a_standard_below_the_line_and_practises_mixed(self) -> None:
        self.master(self.d.ana, self.d.s1)
        self.master(self.d.ana, self.d.s2)
        benchmark = self.opened(per_standard=2)
        sitting = actions.start_sitting(benchmark=benchmark, student=self.d.ana)
        actions.submit_sitting(
            sitting=sitting, answers=self.answers(benchmark, {self.d.s1.pk: 0, self.d.s2.pk: 2})
        )
        with self.assertRaisesMessage(ActionError, "nothing to explain"):
            actions.reflect(sitting=sitting, standard_id=self.d.s2.pk, explanation="more_practice")
        with self.assertRaisesMessage(ActionError, "explanation"):
            actions.reflect(sitting=sitting, standard_id=self.d.s1.pk, explanation="bogus")
        actions.reflect(sitting=sitting, standard_id=self.d.s1.pk, explanation="more_practice")
        again = actions.reflect(
            sitting=sitting, standard_id=self.d.s1.pk, explanation="mixed_decisions"
        )
        self.assertEqual(again.explanation, "mixed_decisions")
        benchmark.refresh_from_db()
        actions.close_benchmark(benchmark=benchmark, by=self.d.tomas)
        practice = actions.start_mixed_practice(
            classroom=self.d.c7a, student=self.d.ana, rng=random.Random(2)
        )
        standards = set(
            Item.objects.filter(pk__in=practice.item_ids).values_list("standard_id", flat=True)
        )
        self.assertEqual(standards, {self.d.s1.pk, self.d.s2.pk}, "mixed across standards")
        self.assertFalse(set(practice.item_ids) & {i.pk for i in self.d.s1_items})
        item = practice.item_ids[0]
        yes = str(Item.objects.get(pk=item).choices.get(is_correct=True).pk)
        _item, answer = actions.check_mixed_answer(practice=practice, item_id=item, answer=[yes])
        self.assertTrue(answer.is_correct)
        self.assertFalse(Evidence.objects.filter(kind="assessment").exists(), "never evidence")
