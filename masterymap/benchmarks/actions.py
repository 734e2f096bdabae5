"""Writes for benchmarks: building, opening and closing them, sittings (online and paper),
reflections on a contradiction, mixed practice. The only home of their transactions.

Submitting spans apps (score → one piece of evidence per standard → levels), so it lives
here, above assessments, evidence and mastery, as the submit of a form lives in workflows.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.actions import AnswerTable, answer_rules, clean_answers, store_answers
from masterymap.assessments.models import Attempt, FormItem, Item
from masterymap.assessments.scoring import score_item
from masterymap.benchmarks.models import (
    Benchmark,
    BenchmarkItem,
    BenchmarkStandard,
    MixedAnswer,
    MixedPractice,
    Reflection,
    Sitting,
    SittingAnswer,
    SubScore,
)
from masterymap.benchmarks.pool import eligible_items, ordered_items
from masterymap.benchmarks.rules import (
    DEFAULT_LINE,
    MAX_ITEMS,
    MAX_PER_STANDARD,
    MAX_TIME_LIMIT,
    MIXED_SET_SIZE,
    Explanation,
    deadline,
    draw,
    mixed_set,
    sub_scores,
    too_late,
)
from masterymap.evidence import actions as ledger
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import recompute_records
from masterymap.mastery.engine import cell_facts, scale_for_classroom
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.scale import attempt_level
from masterymap.standards.models import Standard

TITLE_MAX = 200
NOTE_MAX = 2000


# --- Building ----------------------------------------------------------------------------


def _map_standards(classroom: Classroom, standard_ids: Sequence[int]) -> list[Standard]:
    ids = list(dict.fromkeys(standard_ids))
    if not ids:
        raise ActionError(_("Pick at least one standard for the benchmark."))
    found = {
        s.pk: s
        for s in Standard.objects.filter(pk__in=ids, mastery_map_id=classroom.mastery_map_id)
    }
    if len(found) != len(ids):
        raise ActionError(_("A benchmark can only cover standards on this class's map."))
    return [found[pk] for pk in ids]


def _check_items(
    classroom: Classroom, standard_ids: Sequence[int], item_ids: Sequence[int]
) -> None:
    """Refuse items outside the standards, or on a form a student may still take."""
    if len(item_ids) > MAX_ITEMS:
        raise ActionError(_("A benchmark has at most %(count)d questions.") % {"count": MAX_ITEMS})
    pool = eligible_items(classroom, standard_ids)
    allowed = {item_id for ids in pool.values() for item_id in ids}
    if not set(item_ids) <= allowed:
        in_standards = set(
            Item.objects.filter(pk__in=item_ids, standard_id__in=standard_ids).values_list(
                "pk", flat=True
            )
        )
        if not set(item_ids) <= in_standards:
            raise ActionError(_("A benchmark can only use items of the standards it covers."))
        raise ActionError(
            _(
                "A question you picked is on a form a student of this class may still take; "
                "on the benchmark it would give that form away. Pick another question."
            )
        )


@transaction.atomic
def create_benchmark(
    *,
    classroom: Classroom,
    by: User,
    title: str,
    standard_ids: Sequence[int],
    per_standard: int = 0,
    item_ids: Sequence[int] = (),
    line: int = DEFAULT_LINE,
    rng: random.Random | None = None,
    at: datetime | None = None,
) -> Benchmark:
    """A draft benchmark over these standards: with `item_ids` (built by hand), or with
    `per_standard` items of each drawn from the bank (benchmarks.rules.draw)."""
    at = at or timezone.now()
    title = title.strip()
    if not title:
        raise ActionError(_("Give the benchmark a title."))
    if len(title) > TITLE_MAX:
        raise ActionError(_("A title is at most %(count)d characters.") % {"count": TITLE_MAX})
    if not 0 <= per_standard <= MAX_PER_STANDARD:
        raise ActionError(
            _("Draw from 0 to %(count)d questions per standard.") % {"count": MAX_PER_STANDARD}
        )
    if not 1 <= line <= 100:
        raise ActionError(_("A mastery line is a percentage from 1 to 100."))
    standards = _map_standards(classroom, standard_ids)
    ids = [s.pk for s in standards]
    chosen = list(dict.fromkeys(item_ids))
    if not chosen and per_standard:
        drawn = draw(eligible_items(classroom, ids), per_standard, rng or random.Random())
        chosen = [item_id for sid in ids for item_id in drawn[sid]]
        if not chosen:
            raise ActionError(
                _(
                    "The bank has no question for these standards that is free to use: every "
                    "one is on a form a student may still take. Add questions to the bank."
                )
            )
    _check_items(classroom, ids, chosen)
    benchmark = Benchmark.objects.create(
        classroom=classroom, title=title, created_by=by, created_at=at
    )
    BenchmarkStandard.objects.bulk_create(
        BenchmarkStandard(benchmark=benchmark, standard=s, line=line, position=i)
        for i, s in enumerate(standards)
    )
    _write_items(benchmark, ids, chosen)
    return benchmark


def _write_items(
    benchmark: Benchmark, standard_ids: Sequence[int], item_ids: Sequence[int]
) -> None:
    """The items grouped by standard, in the standards' order, keeping the given order within."""
    by_standard = dict(Item.objects.filter(pk__in=item_ids).values_list("pk", "standard_id"))
    rank = {sid: i for i, sid in enumerate(standard_ids)}
    ordered = sorted(item_ids, key=lambda pk: rank[by_standard[pk]])
    BenchmarkItem.objects.filter(benchmark=benchmark).delete()
    BenchmarkItem.objects.bulk_create(
        BenchmarkItem(benchmark=benchmark, item_id=pk, position=i) for i, pk in enumerate(ordered)
    )


def _draft(benchmark: Benchmark) -> Benchmark:
    benchmark = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if not benchmark.is_draft:
        raise ActionError(_("This benchmark is already open; its questions can no longer change."))
    return benchmark


@transaction.atomic
def set_items(*, benchmark: Benchmark, item_ids: Sequence[int]) -> Benchmark:
    """Replace a draft's questions (the teacher removed or added some)."""
    benchmark = _draft(benchmark)
    standard_ids = list(benchmark.lines.values_list("standard_id", flat=True))
    chosen = list(dict.fromkeys(item_ids))
    _check_items(benchmark.classroom, standard_ids, chosen)
    _write_items(benchmark, standard_ids, chosen)
    return benchmark


@transaction.atomic
def set_lines(*, benchmark: Benchmark, lines: Mapping[int, int]) -> Benchmark:
    """The mastery line of each standard (percent of its points)."""
    benchmark = _draft(benchmark)
    rows = {row.standard_id: row for row in benchmark.lines.all()}
    for standard_id, line in lines.items():
        if standard_id not in rows:
            raise ActionError(_("That standard is not on this benchmark."))
        if not 1 <= line <= 100:
            raise ActionError(_("A mastery line is a percentage from 1 to 100."))
        rows[standard_id].line = line
    BenchmarkStandard.objects.bulk_update(list(rows.values()), ["line"])
    return benchmark


@transaction.atomic
def open_benchmark(
    *,
    benchmark: Benchmark,
    time_limit_minutes: int | None = None,
    closes_at: datetime | None = None,
    at: datetime | None = None,
) -> Benchmark:
    """Open a draft for the whole class at once, with an optional time limit and close time."""
    at = at or timezone.now()
    benchmark = _draft(benchmark)
    if time_limit_minutes is not None and not 1 <= time_limit_minutes <= MAX_TIME_LIMIT:
        raise ActionError(
            _("A time limit is from 1 to %(count)d minutes.") % {"count": MAX_TIME_LIMIT}
        )
    if closes_at is not None and closes_at <= at:
        raise ActionError(_("The close time must be in the future."))
    standard_ids = list(benchmark.lines.values_list("standard_id", flat=True))
    item_ids = list(benchmark.benchmark_items.values_list("item_id", flat=True))
    covered = set(Item.objects.filter(pk__in=item_ids).values_list("standard_id", flat=True))
    if not item_ids:
        raise ActionError(_("Add questions before opening the benchmark."))
    if covered != set(standard_ids):
        raise ActionError(
            _("Every standard of the benchmark needs at least one question, or remove it.")
        )
    # Forms may have been made from the bank since the draft: check again.
    _check_items(benchmark.classroom, standard_ids, item_ids)
    benchmark.state = Benchmark.State.OPEN
    benchmark.time_limit_minutes = time_limit_minutes or None
    benchmark.closes_at = closes_at
    benchmark.opened_at = at
    benchmark.save(update_fields=["state", "time_limit_minutes", "closes_at", "opened_at"])
    return benchmark


@transaction.atomic
def remove_standard(*, benchmark: Benchmark, standard_id: int) -> Benchmark:
    """Take a standard, and its questions, off a draft."""
    benchmark = _draft(benchmark)
    if benchmark.lines.count() <= 1:
        raise ActionError(_("A benchmark covers at least one standard."))
    deleted, _rows = benchmark.lines.filter(standard_id=standard_id).delete()
    if not deleted:
        raise ActionError(_("That standard is not on this benchmark."))
    benchmark.benchmark_items.filter(item__standard_id=standard_id).delete()
    return benchmark


@transaction.atomic
def close_benchmark(*, benchmark: Benchmark, by: User, at: datetime | None = None) -> int:
    """Close an open benchmark: sittings still open are handed in with the answers saved so
    far. Returns how many were handed in."""
    at = at or timezone.now()
    benchmark = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if not benchmark.is_open:
        raise ActionError(_("Only an open benchmark can be closed."))
    benchmark.state = Benchmark.State.CLOSED
    benchmark.closed_at = at
    benchmark.save(update_fields=["state", "closed_at"])
    handed_in = 0
    for sitting in Sitting.objects.filter(benchmark=benchmark, submitted_at__isnull=True):
        _score_sitting(sitting, None, by=by, at=at)
        handed_in += 1
    return handed_in


def close_if_due(*, benchmark: Benchmark, by: User, at: datetime | None = None) -> Benchmark:
    """A benchmark past its close time is closed when its teacher next looks at it (nothing
    runs in the background for it): the sittings still open are handed in with what they
    saved, so the teacher's pages count everyone."""
    at = at or timezone.now()
    if benchmark.is_open and benchmark.closes_at is not None and benchmark.closes_at <= at:
        with transaction.atomic():
            close_benchmark(benchmark=benchmark, by=by, at=at)
        benchmark.refresh_from_db()
    return benchmark


# --- Sittings ------------------------------------------------------------------------------


def start_sitting(*, benchmark: Benchmark, student: User, at: datetime | None = None) -> Sitting:
    """The student's sitting: resumed if they started one, else a new one (one each)."""
    at = at or timezone.now()
    existing = Sitting.objects.filter(benchmark=benchmark, student=student).first()
    if existing is not None:
        return existing
    if not benchmark.is_open:
        raise ActionError(_("This benchmark is not open."))
    if benchmark.closes_at is not None and at >= benchmark.closes_at:
        raise ActionError(_("This benchmark has closed."))
    if not benchmark.classroom.enrollments.filter(student=student).exists():
        raise ActionError(_("Only students of this class take this benchmark."))
    ends = deadline(
        started_at=at,
        time_limit_minutes=benchmark.time_limit_minutes,
        closes_at=benchmark.closes_at,
    )
    try:
        with transaction.atomic():
            return Sitting.objects.create(
                benchmark=benchmark, student=student, started_at=at, deadline=ends
            )
    except IntegrityError:
        return Sitting.objects.get(benchmark=benchmark, student=student)


def _locked(sitting: Sitting) -> Sitting:
    return Sitting.objects.select_for_update().select_related("benchmark").get(pk=sitting.pk)


ANSWERS = AnswerTable(SittingAnswer, "sitting")


def _store(sitting: Sitting, clean: Mapping[int, list[str]]) -> int:
    return store_answers(ANSWERS, sitting.pk, clean)


@transaction.atomic
def save_sitting_answers(
    *, sitting: Sitting, answers: Mapping[int, Sequence[str]], at: datetime | None = None
) -> int:
    """Autosave. Refused once submitted, or after the deadline (what was saved stays)."""
    at = at or timezone.now()
    sitting = _locked(sitting)
    if sitting.is_submitted:
        raise ActionError(_("This benchmark was already handed in; your answers are saved."))
    if too_late(sitting.deadline, at):
        raise ActionError(_("Time is up: the answers saved before the end will be scored."))
    rules = answer_rules(ordered_items(sitting.benchmark_id))
    return _store(sitting, clean_answers(rules, answers))


@transaction.atomic
def submit_sitting(
    *,
    sitting: Sitting,
    answers: Mapping[int, Sequence[str]],
    by: User | None = None,
    at: datetime | None = None,
) -> tuple[Sitting, bool]:
    """Hand in: store the final answers (unless time is up), score each standard, record
    one piece of *benchmark* evidence per standard and update the levels, in one
    transaction. Idempotent: a sitting already handed in is returned as it is, with False."""
    at = at or timezone.now()
    sitting = _locked(sitting)
    if sitting.is_submitted:
        return sitting, False
    late = too_late(sitting.deadline, at)
    _score_sitting(sitting, None if late else answers, by=by or sitting.student, at=at)
    return sitting, True


def _score_sitting(
    sitting: Sitting, answers: Mapping[int, Sequence[str]] | None, *, by: User, at: datetime
) -> None:
    benchmark = sitting.benchmark
    items = ordered_items(benchmark.pk)
    if answers is not None:
        _store(sitting, clean_answers(answer_rules(items), answers))
    saved = {a.item_id: a for a in SittingAnswer.objects.filter(sitting=sitting)}
    lines = dict(benchmark.lines.values_list("standard_id", "line"))
    scores, standards = sub_scores(
        [(item.standard_id, item.key()) for item in items],
        [saved[item.pk].answer if item.pk in saved else [] for item in items],
        lines,
    )
    rows = []
    for item, score in zip(items, scores, strict=True):
        row = saved.get(item.pk) or SittingAnswer(sitting=sitting, item=item, answer=[])
        row.is_correct, row.points = score.correct, score.points
        rows.append(row)
    SittingAnswer.objects.bulk_create([r for r in rows if r.pk is None])
    SittingAnswer.objects.bulk_update(
        [r for r in rows if r.pk is not None], ["is_correct", "points"]
    )
    classroom = benchmark.classroom
    scale = scale_for_classroom(classroom)
    codes = dict(Standard.objects.filter(pk__in=lines).values_list("pk", "code"))
    sub_rows = []
    for part in standards:
        level = attempt_level(scale, part.percent, met_threshold=part.meets_line)
        # Written in the language of whoever handed it in, as a teacher's note is.
        note = _("Benchmark %(title)s: %(points)s/%(max_points)s on %(code)s") % {
            "title": benchmark.title,
            "points": part.points,
            "max_points": part.max_points,
            "code": codes.get(part.standard_id, ""),
        }
        evidence = ledger.add_benchmark_evidence(
            student_id=sitting.student_id,
            standard_id=part.standard_id,
            level=level,
            percent=part.percent,
            note=note,
            recorded_by=by,
            at=at,
        )
        sub_rows.append(
            SubScore(
                sitting=sitting,
                standard_id=part.standard_id,
                points=part.points,
                max_points=part.max_points,
                percent=part.percent,
                line=lines.get(part.standard_id, DEFAULT_LINE),
                meets_line=part.meets_line,
                level=level,
                evidence=evidence,
            )
        )
    SubScore.objects.bulk_create(sub_rows)
    points = sum(s.points for s in scores)
    max_points = sum(s.max_points for s in scores)
    sitting.points, sitting.max_points = points, max_points
    sitting.percent = round(100 * points / max_points, 1) if max_points else 0.0
    sitting.submitted_at = at
    sitting.save(update_fields=["points", "max_points", "percent", "submitted_at"])
    _refresh_levels(sitting, [s.standard_id for s in standards], by=by, at=at)


def _refresh_levels(sitting: Sitting, standard_ids: list[int], *, by: User, at: datetime) -> None:
    """Every class of the student on the benchmark's map, all its standards at once."""
    student_id = sitting.student_id
    classrooms = list(
        Classroom.objects.filter(
            enrollments__student_id=student_id,
            mastery_map_id=sitting.benchmark.classroom.mastery_map_id,
        ).order_by("pk")
    )
    facts = cell_facts([student_id], standard_ids)
    why = _("benchmark %(title)s: %(percent)s %%") % {
        "title": sitting.benchmark.title,
        "percent": number_format(sitting.percent or 0),
    }
    for classroom in classrooms:
        recompute_records(
            classroom=classroom,
            student_ids=[student_id],
            standard_ids=standard_ids,
            why=why[:300],
            by=by,
            new_evidence=True,
            at=at,
            facts=facts,
        )


def paper_answers(items: Sequence[Item], typed: Sequence[str]) -> dict[int, list[str]]:
    """What a teacher typed from a paper sheet, one entry per question, as answers: a choice
    item's letters (A, B… ; "AC" for select-all) become its choices' ids, a typed answer is
    kept as written. ActionError names the question whose letter is not one of its own."""
    answers: dict[int, list[str]] = {}
    for number, (item, text) in enumerate(zip(items, typed, strict=True), start=1):
        text = text.strip()
        if not item.has_choices:
            answers[item.pk] = [text] if text else []
            continue
        choices = list(item.choices.all())
        letters = [c for c in text.upper() if not c.isspace() and c != ","]
        picked = []
        for letter in letters:
            index = ord(letter) - ord("A")
            if not 0 <= index < len(choices):
                raise ActionError(
                    _("Question %(number)d has no choice %(letter)s.")
                    % {"number": number, "letter": letter}
                )
            picked.append(str(choices[index].pk))
        if item.kind == Item.Kind.SINGLE and len(picked) > 1:
            raise ActionError(_("Question %(number)d takes one letter.") % {"number": number})
        answers[item.pk] = list(dict.fromkeys(picked))
    return answers


@transaction.atomic
def enter_paper_sitting(
    *,
    benchmark: Benchmark,
    student: User,
    typed: Sequence[str],
    by: User,
    at: datetime | None = None,
) -> Sitting:
    """A teacher types a student's paper answers (one entry per question, in order); they
    are scored as an online sitting is."""
    at = at or timezone.now()
    benchmark = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if benchmark.is_draft:
        raise ActionError(_("Open the benchmark before entering paper answers."))
    if not benchmark.classroom.enrollments.filter(student=student).exists():
        raise ActionError(_("That student is not in this class."))
    items = ordered_items(benchmark.pk)
    if len(typed) != len(items):
        raise ActionError(_("Enter one answer per question (leave a blank one empty)."))
    answers = paper_answers(items, typed)
    sitting = Sitting.objects.filter(benchmark=benchmark, student=student).first()
    if sitting is not None and sitting.is_submitted:
        raise ActionError(
            _("%(name)s already handed this benchmark in.") % {"name": student.display_name}
        )
    if sitting is None:
        sitting = Sitting.objects.create(
            benchmark=benchmark,
            student=student,
            source=Sitting.Source.PAPER,
            started_at=at,
            entered_by=by,
        )
    else:
        sitting.source, sitting.entered_by, sitting.deadline = Sitting.Source.PAPER, by, None
        sitting.save(update_fields=["source", "entered_by", "deadline"])
    sitting.benchmark = benchmark
    _score_sitting(sitting, answers, by=by, at=at)
    return sitting


# --- After the score -----------------------------------------------------------------------


@transaction.atomic
def reflect(
    *,
    sitting: Sitting,
    standard_id: int,
    explanation: str,
    note: str = "",
    at: datetime | None = None,
) -> Reflection:
    """The student says which explanation fits a standard that scored below its line; a
    second answer replaces the first."""
    at = at or timezone.now()
    if explanation not in {e.value for e in Explanation}:
        raise ActionError(_("Pick the explanation that fits best."))
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ActionError(_("A note is at most %(count)d characters.") % {"count": NOTE_MAX})
    part = SubScore.objects.filter(sitting=sitting, standard_id=standard_id).first()
    if part is None:
        raise ActionError(_("That standard is not on this benchmark."))
    if part.meets_line:
        raise ActionError(_("You met the line on this standard: there is nothing to explain."))
    reflection, _created = Reflection.objects.update_or_create(
        sitting=sitting,
        standard_id=standard_id,
        defaults={"explanation": explanation, "note": note, "written_at": at},
    )
    return reflection


def mixed_pool(classroom: Classroom, student: User) -> dict[int, list[int]]:
    """Bank items of the standards the student mastered in this class (or that need review),
    minus any on a form they still have to take or on a benchmark still open to them."""
    standard_ids = list(
        MasteryRecord.objects.filter(
            classroom=classroom,
            student=student,
            status__in=[MasteryRecord.State.MASTERED, MasteryRecord.State.NEEDS_REVIEW],
            standard__archived_at__isnull=True,  # an archived standard is off the map
        ).values_list("standard_id", flat=True)
    )
    on_open_benchmark = BenchmarkItem.objects.filter(
        benchmark__classroom=classroom, benchmark__state=Benchmark.State.OPEN
    ).exclude(benchmark__sittings__student=student, benchmark__sittings__submitted_at__isnull=False)
    submitted = Attempt.objects.filter(
        student_id=student.pk, form_id=OuterRef("form_id"), status=Attempt.Status.SUBMITTED
    )
    withheld = (
        FormItem.objects.filter(item__standard_id__in=standard_ids)
        .exclude(Exists(submitted))
        .values("item_id")
    )
    pool: dict[int, list[int]] = {sid: [] for sid in standard_ids}
    for item_id, standard_id in (
        # Practice checks itself at once: no open-response question (a teacher scores those).
        Item.objects.filter(standard_id__in=standard_ids, archived_at__isnull=True)
        .exclude(kind=Item.Kind.OPEN)
        .exclude(pk__in=on_open_benchmark.values("item_id"))
        .exclude(pk__in=withheld)
        .order_by("pk")
        .values_list("pk", "standard_id")
    ):
        pool[standard_id].append(item_id)
    return pool


@transaction.atomic
def start_mixed_practice(
    *,
    classroom: Classroom,
    student: User,
    rng: random.Random | None = None,
    at: datetime | None = None,
) -> MixedPractice:
    """A mixed practice set from the student's mastered standards. Writes no evidence."""
    at = at or timezone.now()
    chosen = mixed_set(mixed_pool(classroom, student), MIXED_SET_SIZE, rng or random.Random())
    if len(chosen) < 2:
        raise ActionError(
            _(
                "There is not enough to mix yet: master a few more standards, or ask your "
                "teacher for more practice questions."
            )
        )
    return MixedPractice.objects.create(
        classroom=classroom, student=student, item_ids=chosen, started_at=at
    )


@transaction.atomic
def check_mixed_answer(
    *,
    practice: MixedPractice,
    item_id: int,
    answer: Sequence[str],
    at: datetime | None = None,
) -> tuple[Item, MixedAnswer]:
    """Score one practice answer at once. A second check of the same item returns the first."""
    at = at or timezone.now()
    practice = MixedPractice.objects.select_for_update().get(pk=practice.pk)
    if item_id not in (practice.item_ids or []):
        raise ActionError(_("That question is not in this practice."))
    existing = MixedAnswer.objects.filter(practice=practice, item_id=item_id).first()
    item = Item.objects.select_related("standard").prefetch_related("choices").get(pk=item_id)
    if existing is not None:
        return item, existing
    given = clean_answers(answer_rules([item]), {item.pk: answer})[item.pk]
    scored = score_item(item.key(), given)
    saved = MixedAnswer.objects.create(
        practice=practice, item=item, answer=given, is_correct=scored.correct, answered_at=at
    )
    return item, saved
