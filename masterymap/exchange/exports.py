"""The exports: row-based, one row per fact, all written by `tabular` as CSV or XLSX.

An `Exporter` knows its parameters (a class; a class and a student; a benchmark), how many
rows it will write (`estimate`, cheap) and how to build its `Table` (`build`). Both first
fetch their object through the access helper the page uses, so they raise exactly what the
page would (Http404) for someone who may not see it; nothing here checks roles itself.

Every exporter reads the same stored data as its page, in a fixed number of queries
whatever the number of students:

- grid: the class mastery grid (`mastery_grid`), one row per student × standard;
- tracker: a student's tracker (`student_tracker`), one row per standard;
- evidence: the class's evidence ledger, one row per evidence record;
- attempts: handed-in attempts with their answers, one row per answer;
- item-analysis: per item of the class's forms, as the error patterns page counts
  (`interventions.patterns.item_patterns`: each student once per item, by their latest
  answer);
- goals: the class goals page (`class_goals`, `students_goals`), one row per goal, and one
  per student without one;
- benchmark: a benchmark's results, one row per student × standard (the report's query).

Up to `INLINE_ROWS` rows are written in the request; a larger export runs as a background
job (`exchange.jobs.start_export`), which calls `write_export` as the request does.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO, Literal

from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masterymap.accounts.access import get_classroom_for_teacher, get_tracker_owner_for_user
from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.accounts.queries import classroom_roster
from masterymap.assessments.models import Attempt, Choice, FormItem, Item, Response
from masterymap.benchmarks.access import get_benchmark_for_teacher
from masterymap.benchmarks.actions import close_if_due
from masterymap.benchmarks.models import Benchmark, Sitting, SubScore
from masterymap.benchmarks.report import load_results as load_benchmark_results
from masterymap.evidence.models import Evidence
from masterymap.exchange.tabular import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    Table,
    write_csv,
    write_xlsx,
)
from masterymap.goals.models import Goal
from masterymap.goals.queries import GoalView, class_goals, students_goals
from masterymap.interventions.models import MissedItem
from masterymap.interventions.patterns import MissReason, item_patterns, stored_answer
from masterymap.interventions.reflections import TEACHER_REASON_LABELS
from masterymap.lib.ids import parse_id
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.phrases import format_number
from masterymap.mastery.queries.cells import Cell
from masterymap.mastery.queries.grid import mastery_grid
from masterymap.mastery.queries.tracker import student_tracker
from masterymap.mastery.sentences import (
    label_text,
    override_text,
    phrase_text,
    status_label,
    stored_text,
)
from masterymap.mastery.status import Status
from masterymap.standards.queries import map_standards

# At most this many rows are written in the request; a larger export runs in the background.
INLINE_ROWS = 5000
FORMATS: dict[str, str] = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}

Params = dict[str, int]
Scope = Literal["class", "tracker", "benchmark"]
# The parameters each scope needs, all database ids.
SCOPE_PARAMS: dict[str, tuple[str, ...]] = {
    "class": ("classroom",),
    "tracker": ("classroom", "student"),
    "benchmark": ("benchmark",),
}


@dataclass(frozen=True)
class Exporter:
    key: str
    title: str | Promise
    scope: Scope
    estimate: Callable[[User, Params], int]
    build: Callable[[User, Params], Table]
    description: str | Promise = ""

    @property
    def params(self) -> tuple[str, ...]:
        return SCOPE_PARAMS[self.scope]


class BadParams(ValueError):
    """A parameter missing or not an id; the message is for the person who asked."""


# What each parameter names, for the messages about a broken link.
PARAM_WORDS: dict[str, str | Promise] = {
    "classroom": gettext_lazy("class"),
    "student": gettext_lazy("student"),
    "benchmark": gettext_lazy("benchmark"),
}


def parse_params(exporter: Exporter, query: Mapping[str, str]) -> Params:
    """The exporter's parameters from a query string, each a database id."""
    params: Params = {}
    for name in exporter.params:
        raw = query.get(name)
        words = {"name": name, "what": PARAM_WORDS.get(name, name)}
        if raw is None or not raw.strip():
            raise BadParams(
                _("This link does not say which %(what)s to export (“%(name)s” is missing).")
                % words
            )
        value = parse_id(raw)
        if value is None:
            raise BadParams(
                _(
                    "This link does not name a %(what)s: “%(name)s” should be a number, "
                    "not “%(value)s”."
                )
                % {**words, "value": raw[:30]}
            )
        params[name] = value
    return params


# --- Shared helpers --------------------------------------------------------------------------


def _level(value: float | None) -> float | None:
    """A level as every page shows it (`scale.format_level`: at most 2 decimals)."""
    return None if value is None else float(format_number(value))


def _local(moment: datetime | None) -> datetime | None:
    """A stored time in the school's time zone, as the pages show it (Excel has none)."""
    return None if moment is None else timezone.localtime(moment).replace(tzinfo=None)


def _plain(markdown: str) -> str:
    """Markdown as it was typed, on one line."""
    return " ".join(markdown.split())


def _classroom(user: User, params: Params) -> Classroom:
    return get_classroom_for_teacher(user, params["classroom"])


def _enrolled(classroom: Classroom) -> QuerySet[Enrollment, Any]:
    """The class's students, as a subquery."""
    return Enrollment.objects.filter(classroom=classroom).values("student_id")


def _last_evidence(
    classroom: Classroom, standard_ids: list[int], student_ids: list[int] | None = None
) -> dict[tuple[int, int], date]:
    """The newest assessed date of the evidence that counts (not superseded) per
    (student, standard): the evidence the levels are calculated from. One query."""
    qs = Evidence.objects.filter(standard_id__in=standard_ids).current()
    if student_ids is None:
        qs = qs.filter(student_id__in=_enrolled(classroom))
    else:
        qs = qs.filter(student_id__in=student_ids)
    return {
        (student_id, standard_id): last
        for student_id, standard_id, last in qs.values("student_id", "standard_id")
        .annotate(last=Max("assessed_on"))
        .values_list("student_id", "standard_id", "last")
        .order_by()
    }


def _cell_cells(cell: Cell) -> list[object]:
    """Level, level name, status and whether a teacher set the level, as the grid shows."""
    level = _level(cell.level)
    return [
        level,
        label_text(cell.level_label) if level is not None and cell.level_label else "",
        status_label(cell.status),
        cell.overridden,
    ]


def _cell_columns() -> list[Column]:
    return [
        Column(_("Level"), "float"),
        Column(_("Level name")),
        Column(_("Status")),
        Column(_("Level set by a teacher"), "bool"),
    ]


def _student_columns() -> list[Column]:
    return [
        Column(_("Student ID"), "int"),
        Column(_("Username")),
        Column(_("Student")),
    ]


def _student_cells(student: User) -> list[object]:
    return [student.pk, student.username, student.display_name]


# --- grid ------------------------------------------------------------------------------------


def _grid_estimate(user: User, params: Params) -> int:
    classroom = _classroom(user, params)
    return Enrollment.objects.filter(classroom=classroom).count() * len(map_standards(classroom))


def _grid_build(user: User, params: Params) -> Table:
    classroom = _classroom(user, params)
    grid = mastery_grid(classroom=classroom, detail=True)
    standards = [c.standard for c in grid.columns]
    last = _last_evidence(classroom, [s.pk for s in standards])

    def rows() -> Iterator[list[object]]:
        for row in grid.rows:
            for cell in row.cells:
                standard = cell.standard
                yield [
                    *_student_cells(row.student),
                    standard.unit.title,
                    standard.pk,
                    standard.code,
                    standard.i_can,
                    *_cell_cells(cell),
                    cell.evidence_count,
                    last.get((row.student.pk, standard.pk)),
                ]

    columns = [
        *_student_columns(),
        Column(_("Unit")),
        Column(_("Standard ID"), "int"),
        Column(_("Standard")),
        Column(_("I can")),
        *_cell_columns(),
        Column(_("Evidence records"), "int"),
        Column(_("Last evidence"), "date"),
    ]
    return Table(
        name=classroom.name,
        columns=columns,
        rows=rows(),
        size=len(grid.rows) * len(standards),
    )


# --- tracker ---------------------------------------------------------------------------------


def _tracker_estimate(user: User, params: Params) -> int:
    classroom, _student = get_tracker_owner_for_user(user, params["classroom"], params["student"])
    return len(map_standards(classroom))


def _explanation(cell: Cell) -> str:
    """The sentence the tracker shows, as plain text."""
    if cell.overridden:
        return override_text(cell.override_reason)
    if not cell.sentence and not cell.sentence_phrase:
        return ""
    return stored_text(cell.sentence_phrase, cell.sentence)


def _tracker_build(user: User, params: Params) -> Table:
    classroom, student = get_tracker_owner_for_user(user, params["classroom"], params["student"])
    tracker = student_tracker(classroom=classroom, student=student)
    standard_ids = [row.cell.standard.pk for unit in tracker.units for row in unit.rows]
    last = _last_evidence(classroom, standard_ids, [student.pk])
    rows = []
    for unit in tracker.units:
        for row in unit.rows:
            cell = row.cell
            standard = cell.standard
            handed_in = [a for a in row.attempts if a.submitted_at is not None]
            latest = handed_in[-1] if handed_in else None
            rows.append(
                [
                    unit.unit.title,
                    standard.pk,
                    standard.code,
                    standard.statement,
                    standard.i_can,
                    *_cell_cells(cell),
                    _explanation(cell),
                    cell.evidence_count,
                    len(handed_in),
                    latest.form_label if latest else "",
                    _local(latest.submitted_at) if latest else None,
                    latest.percent if latest else None,
                    latest.result_label if latest else "",
                    last.get((student.pk, standard.pk)),
                ]
            )
    columns = [
        Column(_("Unit")),
        Column(_("Standard ID"), "int"),
        Column(_("Standard")),
        Column(_("Statement")),
        Column(_("I can")),
        *_cell_columns(),
        Column(_("Why"), width=60),
        Column(_("Evidence records"), "int"),
        Column(_("Attempts handed in"), "int"),
        Column(_("Last form")),
        Column(_("Last form handed in"), "datetime"),
        Column(_("Last form score"), "percent"),
        Column(_("Last form result")),
        Column(_("Last evidence"), "date"),
    ]
    return Table(
        name=f"{classroom.name} {student.display_name}",
        columns=columns,
        rows=rows,
        size=len(rows),
    )


# --- evidence --------------------------------------------------------------------------------


def _evidence_count(classroom: Classroom, standard_ids: list[int]) -> int:
    return Evidence.objects.filter(
        student_id__in=_enrolled(classroom), standard_id__in=standard_ids
    ).count()


def _evidence_estimate(user: User, params: Params) -> int:
    classroom = _classroom(user, params)
    return _evidence_count(classroom, [s.pk for s in map_standards(classroom)])


def _evidence_build(user: User, params: Params) -> Table:
    classroom = _classroom(user, params)
    standards = {s.pk: s for s in map_standards(classroom)}
    students = {s.pk: s for s in classroom_roster(classroom)}
    scale = scale_for_classroom(classroom)
    kinds = dict(Evidence.Kind.choices)
    records = (
        Evidence.objects.filter(student_id__in=list(students), standard_id__in=list(standards))
        .order_by("assessed_on", "recorded_at", "id")
        .values_list(
            "id",
            "assessed_on",
            "recorded_at",
            "student_id",
            "standard_id",
            "kind",
            "level",
            "raw_score",
            "recorded_by__first_name",
            "recorded_by__last_name",
            "recorded_by__username",
            "note",
            "attempt_id",
            "supersedes_id",
            "superseded_by__id",
        )
    )

    def rows() -> Iterator[list[object]]:
        for (
            pk,
            assessed_on,
            recorded_at,
            student_id,
            standard_id,
            kind,
            level,
            raw,
            first,
            last,
            username,
            note,
            attempt_id,
            corrects,
            corrected_by,
        ) in records.iterator(chunk_size=2000):
            student, standard = students[student_id], standards[standard_id]
            recorder = f"{first or ''} {last or ''}".strip() or (username or "")
            yield [
                pk,
                assessed_on,
                _local(recorded_at),
                *_student_cells(student),
                standard.unit.title,
                standard.pk,
                standard.code,
                str(kinds.get(kind, kind)),
                _level(level),
                label_text(scale.label_for(level)),
                raw,
                recorder,
                note,
                attempt_id,
                corrects,
                corrected_by,
                corrected_by is None,
            ]

    columns = [
        Column(_("Evidence ID"), "int"),
        Column(_("Assessed on"), "date"),
        Column(_("Recorded at"), "datetime"),
        *_student_columns(),
        Column(_("Unit")),
        Column(_("Standard ID"), "int"),
        Column(_("Standard")),
        Column(_("Kind")),
        Column(_("Level"), "float"),
        Column(_("Level name")),
        Column(_("Score"), "percent"),
        Column(_("Recorded by")),
        Column(_("Note"), width=50),
        Column(_("Attempt ID"), "int"),
        Column(_("Corrects evidence ID"), "int"),
        Column(_("Corrected by evidence ID"), "int"),
        Column(_("Counts"), "bool"),
    ]
    return Table(
        name=classroom.name,
        columns=columns,
        rows=rows(),
        size=_evidence_count(classroom, list(standards)),
    )


# --- attempts --------------------------------------------------------------------------------

HANDED_IN = [Attempt.Status.SUBMITTED, Attempt.Status.AWAITING]


def _attempts_estimate(user: User, params: Params) -> int:
    classroom = _classroom(user, params)
    standards = [s.pk for s in map_standards(classroom)]
    return Response.objects.filter(
        attempt__student_id__in=_enrolled(classroom),
        attempt__form__standard_id__in=standards,
        attempt__status__in=HANDED_IN,
    ).count()


def _answer_text(answer: object, kind: str, choices: dict[int, str]) -> str:
    """The student's answer in words: the choices they picked (by their text, joined with
    "; "), or what they typed."""
    values = [str(v) for v in answer] if isinstance(answer, list) else []
    if Item.kind_has_choices(kind):
        picked = []
        for value in values:
            if value.isascii() and value.isdigit() and int(value) in choices:
                picked.append(_plain(choices[int(value)]))
        return "; ".join(picked)
    return values[0] if values else ""


def _attempts_build(user: User, params: Params) -> Table:
    classroom = _classroom(user, params)
    standards = {s.pk: s for s in map_standards(classroom)}
    students = {s.pk: s for s in classroom_roster(classroom)}
    attempts = {
        a["id"]: a
        for a in Attempt.objects.filter(
            student_id__in=list(students),
            form__standard_id__in=list(standards),
            status__in=HANDED_IN,
        ).values(
            "id",
            "student_id",
            "form_id",
            "form__label",
            "form__standard_id",
            "status",
            "started_at",
            "submitted_at",
            "points",
            "max_points",
            "percent",
            "mastered",
        )
    }
    form_ids = {a["form_id"] for a in attempts.values()}
    # Each item's number on its form, as the form builder shows it.
    numbers: dict[tuple[int, int], int] = {}
    counter: dict[int, int] = defaultdict(int)
    for form_id, item_id in (
        FormItem.objects.filter(form_id__in=form_ids)
        .order_by("form_id", "position", "id")
        .values_list("form_id", "item_id")
    ):
        counter[form_id] += 1
        numbers[(form_id, item_id)] = counter[form_id]
    responses = list(
        Response.objects.filter(attempt_id__in=list(attempts)).values_list(
            "attempt_id", "item_id", "item__kind", "answer", "is_correct", "points"
        )
    )
    choice_items = {
        item_id for _a, item_id, kind, *_rest in responses if Item.kind_has_choices(kind)
    }
    choices = dict(Choice.objects.filter(item_id__in=choice_items).values_list("id", "text"))
    kinds = dict(Item.Kind.choices)
    statuses = dict(Attempt.Status.choices)

    def order(response: tuple[object, ...]) -> tuple[object, ...]:
        attempt = attempts[int(str(response[0]))]
        number = numbers.get((attempt["form_id"], int(str(response[1]))), 10**6)
        return (attempt["submitted_at"] or attempt["started_at"], attempt["id"], number)

    responses.sort(key=order)

    def rows() -> Iterator[list[object]]:
        for attempt_id, item_id, kind, answer, correct, points in responses:
            attempt = attempts[attempt_id]
            standard = standards[attempt["form__standard_id"]]
            yield [
                attempt_id,
                *_student_cells(students[attempt["student_id"]]),
                standard.unit.title,
                standard.code,
                attempt["form__label"],
                _local(attempt["started_at"]),
                _local(attempt["submitted_at"]),
                str(statuses.get(attempt["status"], attempt["status"])),
                attempt["points"],
                attempt["max_points"],
                attempt["percent"],
                attempt["mastered"],
                numbers.get((attempt["form_id"], item_id)),
                item_id,
                str(kinds.get(kind, kind)),
                _answer_text(answer, kind, choices),
                correct,
                points,
            ]

    columns = [
        Column(_("Attempt ID"), "int"),
        *_student_columns(),
        Column(_("Unit")),
        Column(_("Standard")),
        Column(_("Form")),
        Column(_("Started"), "datetime"),
        Column(_("Handed in"), "datetime"),
        Column(_("Attempt status")),
        Column(_("Attempt points"), "int"),
        Column(_("Attempt max points"), "int"),
        Column(_("Attempt score"), "percent"),
        Column(_("Form mastered"), "bool"),
        Column(_("Question number"), "int"),
        Column(_("Item ID"), "int"),
        Column(_("Item kind")),
        Column(_("Answer"), width=40),
        Column(_("Correct"), "bool"),
        Column(_("Points"), "int"),
    ]
    return Table(
        name=classroom.name,
        columns=columns,
        rows=rows(),
        size=len(responses),
    )


# --- item analysis ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _ItemPlace:
    item: Item
    forms: list[str]
    number: int | None  # its number on its (first) form


def _analysis_items(standard_ids: list[int]) -> list[_ItemPlace]:
    """The items on the forms of these standards, in map order, then form and number.
    Two queries."""
    places: dict[int, _ItemPlace] = {}
    rows = (
        FormItem.objects.filter(form__standard_id__in=standard_ids)
        .select_related("item", "form")
        .order_by("form__standard_id", "form__label", "position", "id")
    )
    counter: dict[int, int] = defaultdict(int)
    for form_item in rows:
        counter[form_item.form_id] += 1
        place = places.get(form_item.item_id)
        if place is None:
            places[form_item.item_id] = _ItemPlace(
                form_item.item, [form_item.form.label], counter[form_item.form_id]
            )
        else:
            place.forms.append(form_item.form.label)
    return list(places.values())


def _item_analysis_estimate(user: User, params: Params) -> int:
    classroom = _classroom(user, params)
    standards = [s.pk for s in map_standards(classroom)]
    return (
        FormItem.objects.filter(form__standard_id__in=standards)
        .values("item_id")
        .distinct()
        .count()
    )


def _item_analysis_build(user: User, params: Params) -> Table:
    """Counted as the error patterns page counts (`reflections.error_patterns`, one standard
    at a time there, the whole map here): submitted attempts of the class's students, each
    student once per item by their latest answer."""
    classroom = _classroom(user, params)
    standards = {s.pk: s for s in map_standards(classroom)}
    rank = {pk: i for i, pk in enumerate(standards)}
    places = _analysis_items(list(standards))
    attempts = Attempt.objects.filter(
        student_id__in=_enrolled(classroom),
        form__standard_id__in=list(standards),
        status=Attempt.Status.SUBMITTED,
    ).values("pk")
    responses = list(
        Response.objects.filter(attempt_id__in=attempts, is_correct__isnull=False)
        .order_by("attempt__submitted_at", "attempt_id")
        .values_list("attempt_id", "item_id", "attempt__student_id", "is_correct", "answer")
    )
    known = {p.item.pk for p in places}
    # Items answered but on no form now (taken off it since) still get their row.
    extra = {r[1] for r in responses} - known
    if extra:
        for item in Item.objects.filter(pk__in=extra, standard_id__in=list(standards)):
            places.append(_ItemPlace(item, [], None))
    places.sort(key=lambda p: (rank.get(p.item.standard_id, len(rank)), p.number is None))
    items = {p.item.pk: p.item for p in places}
    choices: dict[int, list[Choice]] = defaultdict(list)
    for choice in Choice.objects.filter(item_id__in=list(items)):
        choices[choice.item_id].append(choice)
    given: dict[tuple[int, int], MissReason] = {
        (attempt_id, item_id): MissReason(reason)
        for attempt_id, item_id, reason in MissedItem.objects.filter(
            analysis__attempt_id__in=attempts
        )
        .exclude(reason="")
        .values_list("analysis__attempt_id", "item_id", "reason")
        if reason in {r.value for r in MissReason}
    }
    answers = []
    times: dict[int, int] = defaultdict(int)
    for attempt_id, item_id, student_id, is_correct, answer in responses:
        answered = items.get(item_id)
        if answered is None:
            continue
        times[item_id] += 1
        answers.append(
            stored_answer(
                item_id=item_id,
                student_id=student_id,
                is_correct=is_correct,
                answer=answer,
                has_choices=answered.has_choices,
                reason=given.get((attempt_id, item_id)),
            )
        )
    right = {pk: {c.pk for c in choices[pk] if c.is_correct} for pk in items}
    patterns = {p.item_id: p for p in item_patterns(answers, right)}
    kinds = dict(Item.Kind.choices)
    rows = []
    for place in places:
        item = place.item
        standard = standards[item.standard_id]
        pattern = patterns.get(item.pk)
        by_id = {c.pk: c for c in choices[item.pk]}
        top = pattern.wrong_choices[0] if pattern and pattern.wrong_choices else None
        top_choice = by_id.get(top[0]) if top else None
        reason = pattern.reasons[0] if pattern and pattern.reasons else None
        percent = pattern.percent_correct if pattern else None
        rows.append(
            [
                standard.unit.title,
                standard.code,
                ", ".join(place.forms),
                place.number,
                item.pk,
                str(kinds.get(item.kind, item.kind)),
                _plain(item.stem),
                item.points,
                times[item.pk],
                pattern.students if pattern else 0,
                pattern.correct if pattern else 0,
                None if percent is None else round(percent, 1),
                _plain(top_choice.text) if top_choice else "",
                top[1] if top else None,
                top_choice.misconception if top_choice else "",
                str(TEACHER_REASON_LABELS[reason[0]]) if reason else "",
                reason[1] if reason else None,
                pattern.no_reason if pattern else None,
            ]
        )
    columns = [
        Column(_("Unit")),
        Column(_("Standard")),
        Column(_("Form")),
        Column(_("Question number"), "int"),
        Column(_("Item ID"), "int"),
        Column(_("Item kind")),
        Column(_("Question"), width=50),
        Column(_("Points"), "int"),
        Column(_("Times answered"), "int"),
        Column(_("Students"), "int"),
        Column(_("Students right"), "int"),
        Column(_("Percent correct"), "percent"),
        Column(_("Most chosen wrong choice"), width=30),
        Column(_("Students who chose it"), "int"),
        Column(_("Why it is tempting"), width=30),
        Column(_("Most given reason for a miss")),
        Column(_("Students who gave it"), "int"),
        Column(_("Misses with no reason given"), "int"),
    ]
    return Table(
        name=classroom.name,
        columns=columns,
        rows=rows,
        size=len(rows),
    )


# --- goals -----------------------------------------------------------------------------------


def _goals_estimate(user: User, params: Params) -> int:
    classroom = _classroom(user, params)
    goals = Goal.objects.filter(classroom=classroom, state=Goal.State.ACTIVE).count()
    return goals + Enrollment.objects.filter(classroom=classroom).count()


def _heading(view: GoalView) -> str:
    """ "Master 8 standards by 15 January", as text."""
    return html.unescape(strip_tags(str(view.heading)))


def _goal_cells(view: GoalView) -> list[object]:
    goal, pace = view.goal, view.pace
    return [
        goal.pk,
        _heading(view),
        str(goal.get_kind_display()),
        goal.title,
        goal.unit.title if goal.unit_id is not None and goal.unit is not None else "",
        goal.target,
        view.done,
        view.percent,
        goal.set_on,
        goal.deadline,
        goal.public,
        view.state_label,
        float(pace.per_week),
        None if pace.needed_per_week is None else float(pace.needed_per_week),
        pace.projected,
        phrase_text(view.sentence),
    ]


def _goals_build(user: User, params: Params) -> Table:
    classroom = _classroom(user, params)
    today = timezone.localdate()
    class_views = class_goals(classroom, today=today)
    student_views = students_goals(classroom, today=today)
    roster = classroom_roster(classroom)
    with_goal = {v.goal.student_id for v in student_views}
    blank_goal: list[object] = [None, _("No goal yet"), *[None] * 14]
    rows: list[list[object]] = []
    for view in class_views:
        rows.append([_("The whole class"), None, "", "", *_goal_cells(view)])
    for view in student_views:
        student = view.goal.student
        assert student is not None
        rows.append([_("A student"), *_student_cells(student), *_goal_cells(view)])
    for student in roster:
        if student.pk not in with_goal:
            rows.append([_("A student"), *_student_cells(student), *blank_goal])
    columns = [
        Column(_("Goal of")),
        *_student_columns(),
        Column(_("Goal ID"), "int"),
        Column(_("Goal"), width=40),
        Column(_("Kind")),
        Column(_("What")),
        Column(_("Unit")),
        Column(_("Target"), "int"),
        Column(_("Done"), "int"),
        Column(_("Progress"), "percent"),
        Column(_("Set on"), "date"),
        Column(_("Deadline"), "date"),
        Column(_("Public"), "bool"),
        Column(_("Pace")),
        Column(_("Standards a week now"), "float"),
        Column(_("Standards a week needed"), "float"),
        Column(_("Projected to reach it"), "date"),
        Column(_("Sentence"), width=60),
    ]
    return Table(
        name=classroom.name,
        columns=columns,
        rows=rows,
        size=len(rows),
    )


# --- benchmark -------------------------------------------------------------------------------


def _benchmark_estimate(user: User, params: Params) -> int:
    benchmark = get_benchmark_for_teacher(user, params["benchmark"])
    enrolled = _enrolled(benchmark.classroom)
    return SubScore.objects.filter(
        sitting__benchmark=benchmark,
        sitting__submitted_at__isnull=False,
        sitting__student_id__in=enrolled,
    ).count()


def _benchmark_build(user: User, params: Params) -> Table:
    """The report's results (`benchmarks.report`'s query): one row per student × standard of
    the sittings handed in by students still enrolled, students by name, standards in the
    benchmark's order. A benchmark past its close time is closed first, as the report page
    does, so the sittings still open are counted."""
    benchmark: Benchmark = get_benchmark_for_teacher(user, params["benchmark"])
    benchmark = close_if_due(benchmark=benchmark, by=user)
    loaded = load_benchmark_results(benchmark)
    standards = {line.standard_id: line.standard for line in loaded.lines}
    rank = {line.standard_id: i for i, line in enumerate(loaded.lines)}
    parts: Sequence[SubScore] = sorted(
        loaded.sub_scores,
        key=lambda p: (
            p.sitting.student.display_name.casefold(),
            p.sitting.student.username,
            rank.get(p.standard_id, len(rank)),
        ),
    )
    sources = dict(Sitting.Source.choices)
    rows = []
    for part in parts:
        sitting, student = part.sitting, part.sitting.student
        standard = standards.get(part.standard_id)
        status = loaded.statuses.get((student.pk, part.standard_id), Status.NOT_STARTED.value)
        rows.append(
            [
                sitting.pk,
                *_student_cells(student),
                standard.code if standard else "",
                part.points,
                part.max_points,
                part.percent,
                part.line,
                part.meets_line,
                _level(part.level),
                status_label(status),
                str(sources.get(sitting.source, sitting.source)),
                _local(sitting.submitted_at),
            ]
        )
    columns = [
        Column(_("Sitting ID"), "int"),
        *_student_columns(),
        Column(_("Standard")),
        Column(_("Points"), "int"),
        Column(_("Max points"), "int"),
        Column(_("Score"), "percent"),
        Column(_("Line (%)"), "int"),
        Column(_("Met the line"), "bool"),
        Column(_("Level"), "float"),
        Column(_("Status now")),
        Column(_("Source")),
        Column(_("Handed in"), "datetime"),
    ]
    return Table(
        name=benchmark.title,
        columns=columns,
        rows=rows,
        size=len(rows),
    )


# --- The registry ----------------------------------------------------------------------------

EXPORTERS: dict[str, Exporter] = {
    e.key: e
    for e in (
        Exporter(
            "grid",
            gettext_lazy("Mastery grid"),
            "class",
            _grid_estimate,
            _grid_build,
            gettext_lazy("Every student × standard: level, status, evidence count, last date."),
        ),
        Exporter(
            "evidence",
            gettext_lazy("Evidence ledger"),
            "class",
            _evidence_estimate,
            _evidence_build,
            gettext_lazy("Every evidence record: date, student, standard, kind, level, note."),
        ),
        Exporter(
            "attempts",
            gettext_lazy("Attempts and answers"),
            "class",
            _attempts_estimate,
            _attempts_build,
            gettext_lazy("Every answer of every attempt handed in, right or wrong."),
        ),
        Exporter(
            "item-analysis",
            gettext_lazy("Item analysis"),
            "class",
            _item_analysis_estimate,
            _item_analysis_build,
            gettext_lazy("Every question on the forms: percent correct, most chosen wrong choice."),
        ),
        Exporter(
            "goals",
            gettext_lazy("Goals and pace"),
            "class",
            _goals_estimate,
            _goals_build,
            gettext_lazy("Every goal with its progress and pace; students without one."),
        ),
        Exporter(
            "tracker",
            gettext_lazy("Student tracker"),
            "tracker",
            _tracker_estimate,
            _tracker_build,
            gettext_lazy("Every standard: level, status, why, last attempt."),
        ),
        Exporter(
            "benchmark",
            gettext_lazy("Benchmark results"),
            "benchmark",
            _benchmark_estimate,
            _benchmark_build,
            gettext_lazy("Every student × standard sub-score, with the status now."),
        ),
    )
}
CLASS_EXPORTERS = [e for e in EXPORTERS.values() if e.scope == "class"]


# --- Writing ---------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^a-z0-9-]+")


def export_filename(table: Table, exporter: Exporter, fmt: str, today: date) -> str:
    """A safe file name from the export and what it is of (the table's name: a class, a
    class and a student, a benchmark): "grid-7a-2026-12-05.xlsx" (ASCII, lower case, no
    spaces)."""
    name = slugify(table.name)[:60].strip("-")
    stem = _UNSAFE_NAME.sub("-", f"{exporter.key}-{name}" if name else exporter.key)
    return f"{stem}-{today.isoformat()}.{fmt}"


def write_export(
    exporter: str,
    user: User,
    params: dict[str, int],
    fmt: str,
    out: BinaryIO,
    progress: Callable[[int, int], None],
) -> tuple[str, str]:
    """Build the export and write it to `out` as `fmt` ("csv" or "xlsx"); returns (file name,
    content type). Raises Http404 for someone who may not read it, as the page does.

    Written in the user's own language (else the one active), in the request and in the
    background alike."""
    spec = EXPORTERS[exporter]
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt!r}")
    with translation.override(user.interface_language or translation.get_language()):
        table = spec.build(user, params)
        total = table.size or 0

        def report(done: int) -> None:
            progress(done, max(total, done))

        writer = write_xlsx if fmt == "xlsx" else write_csv
        writer(table, out, report)
        filename = export_filename(table, spec, fmt, timezone.localdate())
    return filename, FORMATS[fmt]
