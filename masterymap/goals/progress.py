"""What the goals pages show: a student's goals with their plots (on top of the private
tracker) and the teacher's class goals page (class goals, every student's goals and pace,
check-ins to confirm, suggestions waiting, the spread of levels per standard)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masterymap.accounts.models import Classroom, User
from masterymap.goals import plots
from masterymap.goals.models import CheckIn, Goal
from masterymap.goals.pace import PaceState
from masterymap.goals.practice_run import CODE as PRACTICE_CODE
from masterymap.goals.queries import (
    STATE_LABELS,
    STATE_MARKS,
    GoalView,
    class_goals,
    day_text,
    student_goals,
    students_goals,
)
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.status import STATUS_LABELS, Status
from masterymap.standards.models import Standard

NOT_STARTED_LABEL = _(STATUS_LABELS[Status.NOT_STARTED])


def _with_plot(view: GoalView, today: date) -> GoalView:
    view.plot = plots.progress_plot(
        days=view.days,
        target=view.goal.target,
        set_on=view.goal.set_on,
        deadline=view.goal.deadline,
        projected=view.pace.projected,
        today=today,
        day_label=day_text,
        id_prefix=f"goal-{view.goal.pk}",
    )
    return view


def tracker_goals(
    classroom: Classroom, student: User, *, today: date | None = None
) -> list[GoalView]:
    """The student's goals (their own, suggested ones, the class's), each with its plot."""
    today = today or timezone.localdate()
    views = student_goals(classroom, student, today=today)
    return [_with_plot(v, today) if v.goal.state == Goal.State.ACTIVE else v for v in views]


@dataclass
class ClassGoalsPage:
    class_goals: list[GoalView]
    student_goals: list[GoalView]
    suggested: list[Goal]
    to_confirm: list[CheckIn]
    states: list[tuple[str, str, str, int]]  # (state, mark, label, how many student goals)
    spread: plots.SpreadPlot | None
    has_practice_run: bool
    students_without_goal: int = 0
    notes: list[str] = field(default_factory=list)


def _spread(classroom: Classroom) -> plots.SpreadPlot | None:
    """Per standard, how many students are at each level (and how many not started)."""
    standards = list(
        Standard.objects.filter(mastery_map_id=classroom.mastery_map_id).order_by(
            "unit__position", "unit_id", "position", "pk"
        )
    )
    if not standards:
        return None
    scale = scale_for_classroom(classroom)
    enrolled = classroom.enrollments.count()
    counts: dict[int, Counter[int]] = {s.pk: Counter() for s in standards}
    rows = (
        MasteryRecord.objects.filter(classroom=classroom, student__enrollments__classroom=classroom)
        .exclude(status=MasteryRecord.State.NOT_STARTED)
        .values_list("standard_id", "level", "override_level")
        .order_by()
    )
    for standard_id, level, override in rows:
        shown = override if override is not None else level
        if shown is None or standard_id not in counts:
            continue
        # A level between two of the scale's counts with the one below (3.4 is a 3).
        value = max((lv.value for lv in scale.levels if lv.value <= shown), default=scale.min_value)
        counts[standard_id][value] += 1
    return plots.spread_plot(
        rows=[
            (
                s.code,
                s.i_can,
                [(lv.label, counts[s.pk][lv.value], lv.colour) for lv in scale.levels],
                enrolled - sum(counts[s.pk].values()),
            )
            for s in standards
        ],
        not_started_label=str(NOT_STARTED_LABEL),
        id_prefix="spread",
    )


def class_page(classroom: Classroom, *, today: date) -> ClassGoalsPage:
    """The teacher's goals page for one class."""
    goals = class_goals(classroom, today=today)
    students = students_goals(classroom, today=today)
    tally = Counter(v.pace.state for v in students)
    states = [
        (s.value, STATE_MARKS[s], str(STATE_LABELS[s]), tally[s])
        for s in (PaceState.OFF_TRACK, PaceState.ON_TRACK, PaceState.REACHED, PaceState.PASSED)
    ]
    to_confirm = [c for v in students for c in v.check_ins if c.confirmed_at is None]
    suggested = list(
        Goal.objects.filter(classroom=classroom, state=Goal.State.SUGGESTED)
        .select_related("student", "unit")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    with_goal = {v.goal.student_id for v in students}
    return ClassGoalsPage(
        class_goals=[_with_plot(v, today) for v in goals],
        student_goals=students,
        suggested=suggested,
        to_confirm=sorted(to_confirm, key=lambda c: (c.on, c.pk)),
        states=states,
        spread=_spread(classroom),
        has_practice_run=Standard.objects.filter(
            mastery_map_id=classroom.mastery_map_id, code=PRACTICE_CODE
        ).exists(),
        students_without_goal=classroom.enrollments.exclude(student_id__in=with_goal).count(),
    )
