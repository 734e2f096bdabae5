"""A benchmark scenario on the shared test school: bank items free to use on s1 and s2."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from masterymap.accounts.models import User
from masterymap.assessments.actions import ChoiceInput, create_item
from masterymap.assessments.models import Item
from masterymap.benchmarks import actions
from masterymap.benchmarks.models import Benchmark
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence


def bank_items(standard: Standard, n: int) -> list[Item]:
    """`n` single-choice items on no form: the key is the first choice, "Yes"."""
    return [
        create_item(
            standard=standard,
            kind="single",
            stem=f"{standard.code} bank question {i}",
            feedback=f"BENCH-FEEDBACK-{standard.code}-{i}",
            choices=[ChoiceInput("Yes", True), ChoiceInput("No", False, "Guessed")],
        )
        for i in range(1, n + 1)
    ]


class BenchmarkCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.s1_bank = bank_items(self.d.s1, 3)
        self.s2_bank = bank_items(self.d.s2, 3)

    def master(self, student: User, standard: Standard, days_ago: int = 1) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=student,
            standard=standard,
            kind="one_on_one",
            level=4,
            assessed_on=self.today - timedelta(days=days_ago),
            at=timezone.now() - timedelta(days=days_ago),
        )

    def opened(self, per_standard: int = 3, **options: object) -> Benchmark:
        benchmark = actions.create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="Unit 1 test",
            standard_ids=[self.d.s1.pk, self.d.s2.pk],
            per_standard=per_standard,
            rng=random.Random(1),
        )
        return actions.open_benchmark(benchmark=benchmark, **options)  # type: ignore[arg-type]

    def answers(self, benchmark: Benchmark, right: dict[int, int]) -> dict[int, list[str]]:
        """Answers getting `right[standard_id]` questions of each standard right, in order."""
        given: dict[int, list[str]] = {}
        counts: dict[int, int] = {}
        for bi in benchmark.benchmark_items.select_related("item").order_by("position"):
            item = bi.item
            n = counts.get(item.standard_id, 0)
            counts[item.standard_id] = n + 1
            yes, no = item.choices.order_by("position")
            given[item.pk] = [str((yes if n < right.get(item.standard_id, 0) else no).pk)]
        return given
