"""Reads for the teacher's benchmark report, and the results its export writes
(`load_results`, read by exchange.exports).

The report is about the class as it is now: sittings handed in by students still enrolled
(a student who left drops out of it, as they drop out of the grid). Everything is loaded
in a fixed number of queries, whatever the number of students or items, then counted here.

- Per standard: its sub-scores (one per sitting), their mean, and how many met the line.
- Per item: percent correct of the sittings handed in (a blank is wrong), how many picked
  each choice (a select-all answer counts once for each choice picked), and for a typed
  answer the most common wrong ones (trimmed, compared without case).
- Contradictions: the student's record on a standard *needs review* and their sub-score
  here is below the line. Ready for the next form: the sub-score meets the line and the
  record is neither mastered nor waiting for review.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, replace

from django.db.models import Prefetch
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from masterymap.accounts.models import User
from masterymap.assessments.models import Choice, Item
from masterymap.assessments.queries import choice_letter
from masterymap.benchmarks.models import (
    Benchmark,
    BenchmarkItem,
    BenchmarkStandard,
    Reflection,
    Sitting,
    SittingAnswer,
    SubScore,
)
from masterymap.lib.markdown import render_inline, render_markdown
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.sentences import status_label
from masterymap.mastery.status import Status
from masterymap.standards.models import Standard

EXCERPT_CHARS = 90
TOP_WRONG = 3


@dataclass(frozen=True)
class StandardRow:
    standard: Standard
    line: int
    sittings: int
    met: int
    mean_percent: float | None  # None: nobody handed it in yet


@dataclass(frozen=True)
class ChoiceCount:
    letter: str
    html: SafeString
    is_key: bool
    misconception: str
    students: int


@dataclass(frozen=True)
class WrongAnswer:
    text: str
    students: int


@dataclass(frozen=True)
class ItemRow:
    number: int
    item_id: int
    code: str
    excerpt: str
    has_choices: bool
    sittings: int
    correct: int
    blank: int
    choices: list[ChoiceCount]
    wrong_answers: list[WrongAnswer]

    @property
    def percent_correct(self) -> float | None:
        return None if not self.sittings else round(100 * self.correct / self.sittings, 1)


@dataclass(frozen=True)
class StudentOnStandard:
    """A student's sub-score on one standard, next to their record's status now."""

    student: User
    standard: Standard
    percent: float
    line: int
    status: str
    explanation: str = ""  # their reflection's explanation, when they wrote one
    note: str = ""

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_css(self) -> str:
        return Status(self.status).css_class


@dataclass(frozen=True)
class Report:
    benchmark: Benchmark
    enrolled: int
    handed_in: int
    standards: list[StandardRow]
    items: list[ItemRow]
    contradictions: list[StudentOnStandard]
    ready: list[StudentOnStandard]


@dataclass(frozen=True)
class Results:
    """What both the report and the export read: lines, sittings handed in, their
    sub-scores and the records now."""

    lines: list[BenchmarkStandard]
    enrolled: list[int]
    sittings: list[Sitting]
    sub_scores: list[SubScore]
    statuses: dict[tuple[int, int], str]  # (student, standard) → status value


def load_results(benchmark: Benchmark) -> Results:
    """Five queries."""
    lines = list(benchmark.lines.select_related("standard").order_by("position", "id"))
    enrolled = list(benchmark.classroom.enrollments.values_list("student_id", flat=True))
    sittings = list(
        Sitting.objects.filter(
            benchmark=benchmark, submitted_at__isnull=False, student_id__in=enrolled
        )
        .select_related("student")
        .order_by("pk")
    )
    by_id = {s.pk: s for s in sittings}
    sub_scores = list(SubScore.objects.filter(sitting_id__in=list(by_id)).order_by("pk"))
    for part in sub_scores:
        # The sittings are loaded already: no query per sub-score for its student.
        part.sitting = by_id[part.sitting_id]
    standard_ids = [line.standard_id for line in lines]
    statuses = {
        (student_id, standard_id): status
        for student_id, standard_id, status in MasteryRecord.objects.filter(
            classroom_id=benchmark.classroom_id,
            standard_id__in=standard_ids,
            student_id__in=[s.student_id for s in sittings],
        ).values_list("student_id", "standard_id", "status")
    }
    return Results(lines, enrolled, sittings, sub_scores, statuses)


def _plain_text(markdown: str) -> str:
    text = html.unescape(strip_tags(render_markdown(markdown)))
    return Truncator(" ".join(text.split())).chars(EXCERPT_CHARS)


def _standard_rows(loaded: Results) -> list[StandardRow]:
    by_standard: dict[int, list[SubScore]] = {}
    for part in loaded.sub_scores:
        by_standard.setdefault(part.standard_id, []).append(part)
    rows = []
    for line in loaded.lines:
        parts = by_standard.get(line.standard_id, [])
        mean = round(sum(p.percent for p in parts) / len(parts), 1) if parts else None
        rows.append(
            StandardRow(
                standard=line.standard,
                line=line.line,
                sittings=len(parts),
                met=sum(1 for p in parts if p.meets_line),
                mean_percent=mean,
            )
        )
    return rows


def _item_rows(benchmark: Benchmark, loaded: Results, codes: dict[int, str]) -> list[ItemRow]:
    """Three queries: the items, their choices, the answers of the sittings handed in."""
    items: list[Item] = [
        bi.item
        for bi in BenchmarkItem.objects.filter(benchmark=benchmark)
        .select_related("item")
        .prefetch_related(Prefetch("item__choices", to_attr="choice_list"))
        .order_by("position", "id")
    ]
    answers: dict[int, list[tuple[list[str], bool]]] = {}
    for item_id, answer, correct in SittingAnswer.objects.filter(
        sitting_id__in=[s.pk for s in loaded.sittings]
    ).values_list("item_id", "answer", "is_correct"):
        answers.setdefault(item_id, []).append(([str(v) for v in answer or []], bool(correct)))
    sittings = len(loaded.sittings)
    rows = []
    for number, item in enumerate(items, start=1):
        given = answers.get(item.pk, [])
        picked: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        spelled: dict[str, str] = {}  # the first spelling of each wrong answer
        blank = 0
        for answer, correct in given:
            if not [v for v in answer if v.strip()]:
                blank += 1
            elif item.has_choices:
                picked.update(set(answer))
            elif not correct:
                text = answer[0].strip()
                key = text.casefold()
                spelled.setdefault(key, text)
                wrong[key] += 1
        choices: list[Choice] = getattr(item, "choice_list", [])
        rows.append(
            ItemRow(
                number=number,
                item_id=item.pk,
                code=codes.get(item.standard_id, ""),
                excerpt=_plain_text(item.stem),
                has_choices=item.has_choices,
                sittings=sittings,
                correct=sum(1 for _answer, correct in given if correct),
                blank=blank,
                choices=[
                    ChoiceCount(
                        letter=choice_letter(position),
                        html=mark_safe(render_inline(c.text)),  # nh3 cleaned it
                        is_key=c.is_correct,
                        misconception=c.misconception,
                        students=picked[str(c.pk)],
                    )
                    for position, c in enumerate(choices)
                ]
                if item.has_choices
                else [],
                wrong_answers=[
                    WrongAnswer(text=spelled[key], students=n)
                    # Most first; ties in a fixed order, so the page never reshuffles.
                    for key, n in sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WRONG]
                ],
            )
        )
    return rows


def _by_name(row: StudentOnStandard, rank: dict[int, int]) -> tuple[int, str, str]:
    return (rank[row.standard.pk], row.student.display_name.casefold(), row.student.username)


def benchmark_report(benchmark: Benchmark) -> Report:
    """The whole report, in nine queries (whatever the class's size or the item count)."""
    loaded = load_results(benchmark)
    standards = {line.standard_id: line.standard for line in loaded.lines}
    rank = {line.standard_id: i for i, line in enumerate(loaded.lines)}
    reflections = {
        (r.sitting_id, r.standard_id): r
        for r in Reflection.objects.filter(sitting_id__in=[s.pk for s in loaded.sittings])
    }
    contradictions, ready = [], []
    for part in loaded.sub_scores:
        if part.standard_id not in standards:
            continue  # a standard taken off the benchmark since (not possible once open)
        student = part.sitting.student
        status = loaded.statuses.get((student.pk, part.standard_id), Status.NOT_STARTED.value)
        row = StudentOnStandard(
            student=student,
            standard=standards[part.standard_id],
            percent=part.percent,
            line=part.line,
            status=status,
        )
        if status == Status.NEEDS_REVIEW and not part.meets_line:
            reflection = reflections.get((part.sitting_id, part.standard_id))
            if reflection is not None:
                row = replace(
                    row,
                    explanation=str(reflection.get_explanation_display()),
                    note=reflection.note,
                )
            contradictions.append(row)
        elif part.meets_line and status not in (Status.MASTERED, Status.NEEDS_REVIEW):
            ready.append(row)
    contradictions.sort(key=lambda r: _by_name(r, rank))
    ready.sort(key=lambda r: _by_name(r, rank))
    codes = {sid: s.code for sid, s in standards.items()}
    return Report(
        benchmark=benchmark,
        enrolled=len(loaded.enrolled),
        handed_in=len(loaded.sittings),
        standards=_standard_rows(loaded),
        items=_item_rows(benchmark, loaded, codes),
        contradictions=contradictions,
        ready=ready,
    )
