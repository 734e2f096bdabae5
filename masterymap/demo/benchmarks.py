"""The demo class's benchmark (issue 11): a unit check-up over the first three standards,
built from the bank, opened for the class three days ago, taken online by most and on paper
by one, and closed. Students do well where they mastered, with a few contradictions (a
mastered standard below the line), which show as *needs review*: two students explained
theirs, and the teacher settled one. A second benchmark is still a draft."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Item
from masterymap.assessments.queries import choice_letter
from masterymap.benchmarks import actions
from masterymap.benchmarks.models import Benchmark, BenchmarkItem
from masterymap.mastery.actions import decide_review
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard

TITLE = "Unit 1 check-up"
DRAFT_TITLE = "Unit 2 test"


def _answer(item: Item, right: bool, rng: random.Random) -> list[str]:
    """An online answer: right, or a plausible wrong one."""
    if item.has_choices:
        choices = list(item.choices.all())
        pool = [c for c in choices if c.is_correct == right] or choices
        return [str(rng.choice(pool).pk)]
    if item.kind == Item.Kind.NUMERIC:
        value = item.numeric_answer or 0
        return [f"{value:g}" if right else f"{value + rng.choice([1, 2, 10]):g}"]
    return [item.accepted_list[0] if right else "not sure"]


def _typed(item: Item, answer: list[str]) -> str:
    """The same answer as a teacher types it from paper: letters for choices."""
    if item.has_choices:
        letters = {str(c.pk): choice_letter(i) for i, c in enumerate(item.choices.all())}
        return "".join(letters[a] for a in answer)
    return answer[0] if answer else ""


def load_benchmarks(
    *,
    teacher: User,
    classroom: Classroom,
    students: list[User],
    standards: list[Standard],
    today: datetime,
    rng: random.Random,
) -> int:
    """The benchmarks of the demo class; returns how many sittings were handed in."""
    covered = standards[:3]
    built = today - timedelta(days=4)
    benchmark = actions.create_benchmark(
        classroom=classroom,
        by=teacher,
        title=TITLE,
        standard_ids=[s.pk for s in covered],
        per_standard=3,
        # Two of three questions on a standard meet the line: one slip is not a contradiction.
        line=65,
        rng=rng,
        at=built,
    )
    opened_at = today - timedelta(days=3, hours=2)
    benchmark = actions.open_benchmark(benchmark=benchmark, time_limit_minutes=40, at=opened_at)
    items = [
        bi.item
        for bi in BenchmarkItem.objects.filter(benchmark=benchmark)
        .select_related("item")
        .prefetch_related("item__choices")
        .order_by("position")
    ]
    mastered = {
        (student_id, standard_id)
        for student_id, standard_id in MasteryRecord.objects.filter(
            classroom=classroom, status=MasteryRecord.State.MASTERED
        ).values_list("student_id", "standard_id")
    }
    # Three students who mastered a standard slip on it when it is mixed with the others.
    slips: dict[int, int] = {}
    for student in students:
        done = [s.pk for s in covered if (student.pk, s.pk) in mastered]
        if len(done) >= 2 and len(slips) < 3:
            slips[student.pk] = rng.choice(done)
    sat = 0
    present = students[:-2]  # two were away that day
    paper_student = present[-1]
    for n, student in enumerate(present):
        at = opened_at + timedelta(minutes=5 + n)
        answers: dict[int, list[str]] = {}
        for item in items:
            if slips.get(student.pk) == item.standard_id:
                right = rng.random() < 0.2
            elif (student.pk, item.standard_id) in mastered:
                right = rng.random() < 0.88
            else:
                right = rng.random() < 0.5
            answers[item.pk] = _answer(item, right, rng)
        if student == paper_student:
            actions.enter_paper_sitting(
                benchmark=benchmark,
                student=student,
                typed=[_typed(item, answers[item.pk]) for item in items],
                by=teacher,
                at=at + timedelta(hours=3),
            )
        else:
            sitting = actions.start_sitting(benchmark=benchmark, student=student, at=at)
            actions.submit_sitting(sitting=sitting, answers=answers, at=at + timedelta(minutes=31))
        sat += 1
    benchmark.refresh_from_db()
    actions.close_benchmark(benchmark=benchmark, by=teacher, at=today - timedelta(days=2))
    _after(benchmark, classroom, teacher, today)
    draft = actions.create_benchmark(
        classroom=classroom,
        by=teacher,
        title=DRAFT_TITLE,
        standard_ids=[s.pk for s in standards[4:8]],
        per_standard=2,
        rng=rng,
        at=today - timedelta(hours=5),
    )
    assert draft.is_draft
    return sat


def _after(benchmark: Benchmark, classroom: Classroom, teacher: User, today: datetime) -> None:
    """Two students explain their contradiction; the teacher settles the first."""
    reviews = list(
        MasteryRecord.objects.filter(
            classroom=classroom, status=MasteryRecord.State.NEEDS_REVIEW
        ).order_by("student__last_name", "standard_id")
    )
    explanations = ["mixed_decisions", "more_practice"]
    for record, explanation in zip(reviews, explanations, strict=False):
        sitting = benchmark.sittings.get(student_id=record.student_id)
        actions.reflect(
            sitting=sitting,
            standard_id=record.standard_id,
            explanation=explanation,
            note="I mixed up which rule to use when the questions were all together."
            if explanation == "mixed_decisions"
            else "",
            at=today - timedelta(days=2, hours=-3),
        )
    if reviews:
        decide_review(
            record=reviews[0],
            resolution="keep",
            reason="Solid on the fresh check at the station; the slip was choosing the method.",
            by=teacher,
            at=today - timedelta(days=1),
        )
