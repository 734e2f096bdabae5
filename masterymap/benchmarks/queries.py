"""What the benchmark pages show: the teacher's build page, the student's list, answer sheet
and result (with the contradictions and the next steps), the review of a *needs review*, and
mixed practice. Reads only; each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Item
from masterymap.assessments.order import sitting_seed
from masterymap.assessments.queries import SheetItem, choice_letter, ordered_choices, sheet_items
from masterymap.benchmarks.models import (
    Benchmark,
    BenchmarkStandard,
    MixedAnswer,
    MixedPractice,
    Reflection,
    Sitting,
    SittingAnswer,
    SubScore,
)
from masterymap.benchmarks.pool import eligible_items, ordered_items
from masterymap.benchmarks.rules import EXPLANATION_LABELS, Explanation, NextStep, next_step
from masterymap.evidence.models import Evidence
from masterymap.lib.markdown import render_inline, render_markdown
from masterymap.lib.statements import Compiled
from masterymap.mastery.models import MasteryRecord, ReviewDecision
from masterymap.standards.models import Standard

# --- The teacher's build page ------------------------------------------------------------


@dataclass(frozen=True)
class BankItem:
    item: Item
    number: int  # its place on the benchmark, 0 when not on it
    stem_html: SafeString


@dataclass
class StandardPart:
    standard: Standard
    line: int
    chosen: list[BankItem] = field(default_factory=list)
    spare: list[BankItem] = field(default_factory=list)


@dataclass(frozen=True)
class BuildPage:
    benchmark: Benchmark
    parts: list[StandardPart]
    items: int
    points: int
    handed_in: int
    started: int
    enrolled: int


def build_page(benchmark: Benchmark) -> BuildPage:
    """The standards with their lines, the questions on the benchmark and (for a draft) the
    bank's questions free to add; how many students started and handed in."""
    lines = list(benchmark.lines.select_related("standard").order_by("position", "id"))
    chosen_ids = list(
        benchmark.benchmark_items.order_by("position", "id").values_list("item_id", flat=True)
    )
    number = {item_id: n for n, item_id in enumerate(chosen_ids, start=1)}
    spare_ids: set[int] = set()
    if benchmark.is_draft:
        pool = eligible_items(benchmark.classroom, [line.standard_id for line in lines])
        spare_ids = {i for ids in pool.values() for i in ids} - set(chosen_ids)
    items = Item.objects.filter(pk__in=[*chosen_ids, *spare_ids]).order_by("pk")
    parts = {
        line.standard_id: StandardPart(standard=line.standard, line=line.line) for line in lines
    }
    for item in items:
        part = parts.get(item.standard_id)
        if part is None:
            continue
        row = BankItem(item=item, number=number.get(item.pk, 0), stem_html=_stem(item.stem))
        (part.chosen if row.number else part.spare).append(row)
    for part in parts.values():
        part.chosen.sort(key=lambda r: r.number)
    sittings = list(
        Sitting.objects.filter(benchmark=benchmark).values_list("submitted_at", flat=True)
    )
    return BuildPage(
        benchmark=benchmark,
        parts=list(parts.values()),
        items=len(chosen_ids),
        points=sum(r.item.points for p in parts.values() for r in p.chosen),
        handed_in=sum(1 for at in sittings if at is not None),
        started=len(sittings),
        enrolled=benchmark.classroom.enrollments.count(),
    )


def _stem(text: str) -> SafeString:
    return mark_safe(render_markdown(text))


@dataclass(frozen=True)
class ListRow:
    benchmark: Benchmark
    standards: list[str]
    handed_in: int


def class_benchmarks(classroom: Classroom) -> list[ListRow]:
    """The class's benchmarks, newest first, with their standards and hand-ins. Three
    queries."""
    benchmarks = list(Benchmark.objects.filter(classroom=classroom))
    ids = [b.pk for b in benchmarks]
    codes: dict[int, list[str]] = {}
    for bid, code in (
        BenchmarkStandard.objects.filter(benchmark_id__in=ids)
        .order_by("position", "id")
        .values_list("benchmark_id", "standard__code")
    ):
        codes.setdefault(bid, []).append(code)
    handed: dict[int, int] = {}
    for bid in Sitting.objects.filter(benchmark_id__in=ids, submitted_at__isnull=False).values_list(
        "benchmark_id", flat=True
    ):
        handed[bid] = handed.get(bid, 0) + 1
    return [ListRow(b, codes.get(b.pk, []), handed.get(b.pk, 0)) for b in benchmarks]


# --- Students ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentBenchmark:
    benchmark: Benchmark
    sitting: Sitting | None

    @property
    def handed_in(self) -> bool:
        return self.sitting is not None and self.sitting.is_submitted


def _shown_to_students(classroom: int) -> QuerySet[Benchmark]:
    return Benchmark.objects.filter(
        classroom_id=classroom, state__in=[Benchmark.State.OPEN, Benchmark.State.CLOSED]
    )


def _sittings_of(student: int, benchmarks: list[int]) -> QuerySet[Sitting]:
    return Sitting.objects.filter(benchmark_id__in=benchmarks, student_id=student)


# Compiled once (`lib.statements`): every student's map reads them, before every form.
_SHOWN_TO_STUDENTS = Compiled(_shown_to_students)
_SITTINGS_OF = Compiled(_sittings_of)


def student_benchmarks(classroom: Classroom, student: User) -> list[StudentBenchmark]:
    """The benchmarks of the class a student can see (open ones, and closed ones they sat),
    with their sitting. Two queries (one when the class has none)."""
    benchmarks = _SHOWN_TO_STUDENTS.objects(classroom=classroom.pk)
    sittings = {
        s.benchmark_id: s
        for s in _SITTINGS_OF.objects(student=student.pk, benchmarks=[b.pk for b in benchmarks])
    }
    return [
        StudentBenchmark(b, sittings.get(b.pk)) for b in benchmarks if b.is_open or b.pk in sittings
    ]


@dataclass(frozen=True)
class SheetOption:
    id: str
    letter: str
    html: SafeString
    selected: bool


def answer_sheet(sitting: Sitting) -> list[tuple[SheetItem, str]]:
    """The questions with the answers saved so far, each with its standard's code; no key,
    no feedback (`assessments.queries.sheet_items`, as a form's sheet). Three queries."""
    saved = {a.item_id: [str(v) for v in a.answer] for a in sitting.answers.all()}
    items = ordered_items(sitting.benchmark_id)
    sheet = sheet_items(items, saved, seed=sitting_seed(sitting.pk))
    return list(zip(sheet, [i.standard.code for i in items], strict=True))


@dataclass(frozen=True)
class ResultPart:
    """One standard on the student's result: the sub-score and what it means for them."""

    sub_score: SubScore
    status: str  # the record's status now, in the benchmark's class
    contradiction: bool  # needs review, and this benchmark was below the line
    ready_for_form: bool  # met the line on a standard not yet mastered
    reflection: Reflection | None
    step: NextStep | None  # the step offered for the reflection

    @property
    def standard(self) -> Standard:
        return self.sub_score.standard


@dataclass(frozen=True)
class ResultQuestion:
    number: int
    code: str
    stem_html: SafeString
    given: str  # the student's answer as they gave it (letters, or what they typed)
    correct: bool


@dataclass(frozen=True)
class SittingResult:
    sitting: Sitting
    parts: list[ResultPart]
    questions: list[ResultQuestion]

    @property
    def contradictions(self) -> list[ResultPart]:
        return [p for p in self.parts if p.contradiction]

    @property
    def ready(self) -> list[ResultPart]:
        return [p for p in self.parts if p.ready_for_form]


def sitting_result(sitting: Sitting) -> SittingResult:
    """A handed-in sitting: each standard's sub-score, the contradictions with mastery, the
    standards it shows ready for the next form, and each question right or wrong (never the
    key: the bank's questions may yet go on a form). Six queries."""
    parts = list(SubScore.objects.filter(sitting=sitting).select_related("standard").order_by("id"))
    standard_ids = [p.standard_id for p in parts]
    statuses = dict(
        MasteryRecord.objects.filter(
            classroom_id=sitting.benchmark.classroom_id,
            student_id=sitting.student_id,
            standard_id__in=standard_ids,
        ).values_list("standard_id", "status")
    )
    reflections = {r.standard_id: r for r in Reflection.objects.filter(sitting=sitting)}
    result_parts = []
    for part in parts:
        status = statuses.get(part.standard_id, MasteryRecord.State.NOT_STARTED)
        reflection = reflections.get(part.standard_id)
        result_parts.append(
            ResultPart(
                sub_score=part,
                status=status,
                contradiction=status == MasteryRecord.State.NEEDS_REVIEW and not part.meets_line,
                ready_for_form=part.meets_line
                and status not in (MasteryRecord.State.MASTERED, MasteryRecord.State.NEEDS_REVIEW),
                reflection=reflection,
                step=next_step(Explanation(reflection.explanation)) if reflection else None,
            )
        )
    answers = {a.item_id: a for a in SittingAnswer.objects.filter(sitting=sitting)}
    questions = []
    for number, item in enumerate(ordered_items(sitting.benchmark_id), start=1):
        answer = answers.get(item.pk)
        given = [str(v) for v in answer.answer] if answer else []
        if item.has_choices:
            order = ordered_choices(item, sitting_seed(sitting.pk))
            letters = {str(c.pk): choice_letter(i) for i, c in enumerate(order)}
            shown = ", ".join(letters.get(v, "?") for v in given)
        else:
            shown = given[0] if given else ""
        questions.append(
            ResultQuestion(
                number=number,
                code=item.standard.code,
                stem_html=_stem(item.stem),
                given=shown,
                correct=bool(answer and answer.is_correct),
            )
        )
    return SittingResult(sitting=sitting, parts=result_parts, questions=questions)


def explanation_choices() -> list[tuple[str, str]]:
    """The three explanations, as (value, English label) for the reflection form."""
    return [(e.value, EXPLANATION_LABELS[e]) for e in Explanation]


# --- The review of a needs review ---------------------------------------------------------


@dataclass(frozen=True)
class ReviewBenchmark:
    sub_score: SubScore
    reflection: Reflection | None


@dataclass(frozen=True)
class ReviewPage:
    record: MasteryRecord | None
    evidence: list[Evidence]  # newest first
    benchmarks: list[ReviewBenchmark]  # this student's sub-scores on the standard, newest first
    decisions: list[ReviewDecision]
    mastered_on: datetime | None  # the latest change into mastered, before the contradiction


def review_page(classroom: Classroom, student: User, standard: Standard) -> ReviewPage:
    """What disagrees with what on one student × standard: the evidence, the benchmark
    sub-scores with the student's explanations, the decisions so far. Five queries."""
    record = MasteryRecord.objects.filter(
        classroom=classroom, student=student, standard=standard
    ).first()
    evidence = list(
        Evidence.objects.filter(student=student, standard=standard)
        .current()
        .order_by("-assessed_on", "-recorded_at", "-id")[:12]
    )
    subs = list(
        SubScore.objects.filter(
            sitting__student=student,
            standard=standard,
            sitting__benchmark__classroom=classroom,
        )
        .select_related("sitting__benchmark")
        .order_by("-sitting__submitted_at", "-id")
    )
    reflections = {
        (r.sitting_id, r.standard_id): r
        for r in Reflection.objects.filter(
            sitting_id__in=[s.sitting_id for s in subs], standard=standard
        )
    }
    decisions = list(
        ReviewDecision.objects.filter(classroom=classroom, student=student, standard=standard)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
    )
    mastered_on = None
    if record is not None:
        mastered_on = (
            record.changes.filter(to_status=MasteryRecord.State.MASTERED)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
    return ReviewPage(
        record=record,
        evidence=evidence,
        benchmarks=[ReviewBenchmark(s, reflections.get((s.sitting_id, standard.pk))) for s in subs],
        decisions=decisions,
        mastered_on=mastered_on,
    )


# --- Mixed practice ------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeQuestion:
    number: int
    item: Item
    stem_html: SafeString
    options: list[SheetOption]
    answer: MixedAnswer | None
    feedback_html: SafeString


@dataclass(frozen=True)
class MixedPage:
    practice: MixedPractice | None
    questions: list[PracticeQuestion]

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answer is not None)

    @property
    def right(self) -> int:
        return sum(1 for q in self.questions if q.answer is not None and q.answer.is_correct)


def mixed_page(classroom: Classroom, student: User) -> MixedPage:
    """The student's newest mixed practice set with its answers. Four queries."""
    practice = (
        MixedPractice.objects.filter(classroom=classroom, student=student)
        .order_by("-started_at", "-id")
        .first()
    )
    if practice is None:
        return MixedPage(None, [])
    answers = {a.item_id: a for a in practice.answers.all()}
    items = {
        i.pk: i
        for i in Item.objects.filter(pk__in=practice.item_ids or [])
        .select_related("standard")
        .prefetch_related("choices")
    }
    questions = []
    for number, item_id in enumerate(practice.item_ids or [], start=1):
        item = items.get(item_id)
        if item is None:
            continue
        questions.append(practice_question(number, item, answers.get(item_id)))
    return MixedPage(practice, questions)


def practice_question(number: int, item: Item, answer: MixedAnswer | None) -> PracticeQuestion:
    """One question of a mixed set; once answered, marked with its feedback."""
    given = [str(v) for v in answer.answer] if answer else []
    options = [
        SheetOption(
            id=str(c.pk),
            letter=choice_letter(i),
            html=mark_safe(render_inline(c.text)),
            selected=str(c.pk) in given,
        )
        for i, c in enumerate(item.choices.all())
    ]
    return PracticeQuestion(
        number=number,
        item=item,
        stem_html=_stem(item.stem),
        options=options if item.has_choices else [],
        answer=answer,
        feedback_html=_stem(item.feedback) if answer and item.feedback else SafeString(""),
    )
