"""Which bank items a benchmark may use (never one on a form a student of the class may
still take: its key must not reach them through the benchmark), and the items it uses."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from masterymap.accounts.models import Classroom
from masterymap.assessments.models import Attempt, FormItem, Item
from masterymap.benchmarks.models import BenchmarkItem


def eligible_items(classroom: Classroom, standard_ids: Iterable[int]) -> dict[int, list[int]]:
    """Per standard, the ids of its bank items that are on no form, or only on forms every
    student of the class has already submitted; never an archived item. An archived form
    still withholds its items until every student has submitted it: a sitting open on it
    can still be handed in, and it may be restored. Three queries."""
    standards = list(standard_ids)
    enrolled = list(classroom.enrollments.values_list("student_id", flat=True))
    used_up: set[int] = set()
    if enrolled:
        used_up = set(
            Attempt.objects.filter(
                status=Attempt.Status.SUBMITTED,
                student_id__in=enrolled,
                form__standard_id__in=standards,
            )
            .values("form_id")
            .annotate(students=Count("student_id", distinct=True))
            .filter(students__gte=len(enrolled))
            .values_list("form_id", flat=True)
        )
    withheld = set(
        FormItem.objects.filter(form__standard_id__in=standards)
        .exclude(form_id__in=used_up)
        .values_list("item_id", flat=True)
    )
    pool: dict[int, list[int]] = {standard_id: [] for standard_id in standards}
    for item_id, standard_id in (
        # Scored at once, per standard: no open-response question (it waits for a teacher).
        Item.objects.filter(standard_id__in=standards, archived_at__isnull=True)
        .exclude(kind=Item.Kind.OPEN)
        .order_by("pk")
        .values_list("pk", "standard_id")
    ):
        if item_id not in withheld:
            pool[standard_id].append(item_id)
    return pool


def ordered_items(benchmark_id: int) -> list[Item]:
    """A benchmark's items in its order, with their standard and choices. Two queries."""
    return [
        bi.item
        for bi in BenchmarkItem.objects.filter(benchmark_id=benchmark_id)
        .select_related("item__standard")
        .prefetch_related("item__choices")
        .order_by("position", "id")
    ]
