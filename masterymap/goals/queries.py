"""Goals with their progress and pace, read for a student's tracker, the class's goals page,
the public map and the alerts: a bounded number of queries whatever the class's size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from django.db import connection
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.goals import pace as pace_rules
from masterymap.goals.models import CheckIn, Goal
from masterymap.lib.html import with_content
from masterymap.lib.rows import aware_datetime
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.phrases import Phrase
from masterymap.mastery.sentences import phrase_html
from masterymap.standards.models import Standard

MASTERED = MasteryRecord.State.MASTERED
# A standard that *needs review* (a benchmark disagreed) still counts as mastered for goals,
# pace and the public map until the teacher reopens it: the decision is pending, and the
# contradiction is private (decision 0008).
REVIEW = MasteryRecord.State.NEEDS_REVIEW


def day_text(day: date) -> str:
    """A day as a sentence writes it, in the reader's language ("12 January")."""
    return formats.date_format(day, "j F")


class Mastered(NamedTuple):
    """One standard a student has mastered now, and the day they (last) mastered it. A
    tuple: a big class's alerts build twenty thousand, and a frozen dataclass took four
    times as long to build."""

    student_id: int
    standard_id: int
    on: date


def mastered_in_class(
    classroom: Classroom, *, student_ids: Iterable[int] | None = None
) -> list[Mastered]:
    """Every standard mastered now in the class (by the students given, or all), with the day
    it became mastered (`MasteryRecord.mastered_at`, or its `updated_at`). A standard that
    needs review counts, from the day it was mastered; a teacher keeping it mastered is no
    new mastery; an archived standard is off the map and does not count; nor does a student
    no longer enrolled (their records stay as the class's history). One query, written out:
    through the ORM, building it cost a tracker more than running it."""
    record = connection.ops.quote_name(MasteryRecord._meta.db_table)
    enrollment = connection.ops.quote_name(Enrollment._meta.db_table)
    standard = connection.ops.quote_name(Standard._meta.db_table)
    params: list[int | str] = [classroom.pk, MASTERED, REVIEW]
    only = ""
    if student_ids is not None:
        ids = [int(i) for i in student_ids]
        if not ids:
            return []
        only = f" AND r.student_id IN ({', '.join(['%s'] * len(ids))})"
        params.extend(ids)
    # The roster and the standards joined, not as IN lists: with those, SQLite read the
    # records through the (class, student, standard) index, one look-up per cell, twice the
    # time for a class of 600 (bench/). The time comes as text, turned into a day below once
    # per distinct value.
    sql = f"""SELECT r.student_id, r.standard_id, COALESCE(r.mastered_at, r.updated_at)
      FROM {record} r
        JOIN {enrollment} e ON e.classroom_id = r.classroom_id AND e.student_id = r.student_id
        JOIN {standard} s ON s.id = r.standard_id AND s.archived_at IS NULL
      WHERE r.classroom_id = %s AND r.status IN (%s, %s){only}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # The school's time zone once, not once per row (timezone.localdate looks it up), and
    # each distinct timestamp turned into a day once (a recompute stamps many records alike).
    zone = timezone.get_current_timezone()
    days: dict[object, date] = {}
    found = []
    for student_id, standard_id, since in rows:
        day = days.get(since)
        if day is None:
            day = days[since] = aware_datetime(since).astimezone(zone).date()
        found.append(Mastered(student_id, standard_id, day))
    return found


@dataclass
class GoalView:
    """A goal as people read it: what, how far, the pace sentence and the points to plot."""

    goal: Goal
    pace: pace_rules.Pace
    days: list[date]  # the day of each unit of progress, in order (for the plot)
    standards: list[Standard] = field(default_factory=list)  # a chosen list's standards
    check_ins: list[CheckIn] = field(default_factory=list)
    plot: object | None = None  # goals.plots.ProgressPlot, where a page draws it

    @property
    def state(self) -> str:
        return self.pace.state.value

    @property
    def done(self) -> int:
        return self.pace.done

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.pace.done / self.goal.target))

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.pace.state])

    @property
    def mark(self) -> str:
        return STATE_MARKS[self.pace.state]

    @cached_property
    def sentence(self) -> Phrase:
        """The pace in a sentence, written when read: the alerts of a class of 600 read it
        for the few goals they list, not for the hundreds they weigh."""
        return pace_rules.sentence(
            self.pace,
            day_text,
            whole_class=self.goal.student_id is None,
            counted=self.goal.kind == Goal.Kind.COUNTED,
        )

    @property
    def sentence_html(self) -> SafeString:
        return phrase_html(self.sentence)

    @property
    def heading(self) -> SafeString:
        """What the goal is, in a line: "Master 8 standards by 15 January"."""
        goal, by = self.goal, day_text(self.goal.deadline)
        if goal.kind == Goal.Kind.COUNTED:
            return with_content(
                gettext("%(what)s: %(n)s by %(day)s")
                % {"n": goal.target, "day": by, "what": "%(what)s"},
                what=goal.title,
            )
        if goal.kind == Goal.Kind.LIST:
            text = ngettext(
                "Master the %(n)s chosen standard by %(day)s",
                "Master the %(n)s chosen standards by %(day)s",
                goal.target,
            ) % {"n": goal.target, "day": by}
            return with_content(text)
        if goal.unit is not None:
            text = ngettext(
                "Master %(n)s standard of %(unit)s by %(day)s",
                "Master %(n)s standards of %(unit)s by %(day)s",
                goal.target,
            ) % {"n": goal.target, "day": by, "unit": "%(unit)s"}
            return with_content(text, unit=goal.unit.title)
        text = ngettext(
            "Master %(n)s standard by %(day)s", "Master %(n)s standards by %(day)s", goal.target
        ) % {"n": goal.target, "day": by}
        return with_content(text)


STATE_LABELS = {
    pace_rules.PaceState.ON_TRACK: _("On track"),
    pace_rules.PaceState.OFF_TRACK: _("Off track"),
    pace_rules.PaceState.REACHED: _("Reached"),
    pace_rules.PaceState.PASSED: _("Passed"),
}
# Marks beside the words, so a state is never told by colour alone.
STATE_MARKS = {
    pace_rules.PaceState.ON_TRACK: "→",
    pace_rules.PaceState.OFF_TRACK: "⚠",
    pace_rules.PaceState.REACHED: "★",
    pace_rules.PaceState.PASSED: "★",
}


def _in_scope(goal: Goal, standard_unit: dict[int, int], chosen: set[int]) -> set[int] | None:
    """The standards a standards goal counts (None: every standard of the map)."""
    if goal.kind == Goal.Kind.LIST:
        return chosen
    if goal.unit_id is not None:
        return {s for s, u in standard_unit.items() if u == goal.unit_id}
    return None


def view_goals(
    classroom: Classroom,
    goals: list[Goal],
    *,
    today: date | None = None,
    mastered: list[Mastered] | None = None,
) -> list[GoalView]:
    """Each goal with its progress and pace. Queries: the chosen lists, the check-ins, the
    map's standards and (unless given) the class's mastered standards: four at most."""
    today = today or timezone.localdate()
    if not goals:
        return []
    chosen: dict[int, list[Standard]] = defaultdict(list)
    lists = [g.pk for g in goals if g.kind == Goal.Kind.LIST]
    if lists:
        through = Goal.standards.through.objects.filter(goal_id__in=lists)
        for row in through.select_related("standard").order_by("standard__position"):
            chosen[row.goal_id].append(row.standard)
    counted = [g.pk for g in goals if g.kind == Goal.Kind.COUNTED]
    check_ins: dict[int, list[CheckIn]] = defaultdict(list)
    if counted:
        for c in CheckIn.objects.filter(goal_id__in=counted).select_related("confirmed_by"):
            check_ins[c.goal_id].append(c)
    standard_unit: dict[int, int] = {}
    if any(g.unit_id is not None for g in goals):
        standard_unit = dict(
            Standard.objects.filter(mastery_map_id=classroom.mastery_map_id).values_list(
                "pk", "unit_id"
            )
        )
    if mastered is None and any(g.kind != Goal.Kind.COUNTED for g in goals):
        students = {g.student_id for g in goals}
        mastered = mastered_in_class(
            classroom, student_ids=None if None in students else [s for s in students if s]
        )
    by_student: dict[int, list[Mastered]] = defaultdict(list)
    for m in mastered or []:
        by_student[m.student_id].append(m)
    views = []
    for goal in goals:
        if goal.kind == Goal.Kind.COUNTED:
            days = [c.on for c in check_ins[goal.pk] for _n in range(c.amount)]
        else:
            scope = _in_scope(goal, standard_unit, {s.pk for s in chosen[goal.pk]})
            pool = mastered or [] if goal.student_id is None else by_student[goal.student_id]
            days = [m.on for m in pool if scope is None or m.standard_id in scope]
        days.sort()
        line = pace_rules.FinishLine(goal.target, goal.deadline, goal.set_on)
        p = pace_rules.pace(line, days, today=today)
        views.append(
            GoalView(
                goal=goal,
                pace=p,
                days=days,
                standards=chosen[goal.pk],
                check_ins=check_ins[goal.pk],
            )
        )
    return views


def student_goals(
    classroom: Classroom, student: User, *, today: date | None = None
) -> list[GoalView]:
    """A student's own goals (active and suggested), then the class's, with pace."""
    # Written out, with no join and no ORDER BY (sorted below): the tracker reads this for
    # every student, most of whom have no goal; a unit is read only for a goal naming one.
    table = connection.ops.quote_name(Goal._meta.db_table)
    goals = list(
        Goal.objects.raw(
            f"SELECT * FROM {table} WHERE classroom_id = %s"
            " AND (student_id = %s OR student_id IS NULL) AND state IN (%s, %s)",
            [classroom.pk, student.pk, Goal.State.ACTIVE, Goal.State.SUGGESTED],
        )
    )
    # Class goals count the whole class; the student's own count only theirs.
    mastered = None
    if any(g.student_id is None and g.kind != Goal.Kind.COUNTED for g in goals):
        mastered = mastered_in_class(classroom)
    views = view_goals(classroom, goals, today=today, mastered=mastered)
    # The student's own first (nulls last on both databases): sorted here.
    return sorted(views, key=lambda v: (v.goal.student_id is None, v.goal.deadline, v.goal.pk))


def class_goals(classroom: Classroom, *, today: date | None = None) -> list[GoalView]:
    """The class's goals, with pace."""
    goals = list(
        Goal.objects.filter(
            classroom=classroom, student__isnull=True, state=Goal.State.ACTIVE
        ).select_related("unit", "set_by")
    )
    return view_goals(classroom, goals, today=today)


def students_goals(classroom: Classroom, *, today: date | None = None) -> list[GoalView]:
    """Every active student goal in the class, with pace (the teacher's overview, alerts)."""
    goals = list(
        Goal.objects.filter(classroom=classroom, student__isnull=False, state=Goal.State.ACTIVE)
        .select_related("unit", "student")
        .order_by("student__last_name", "student__first_name", "deadline", "pk")
    )
    mastered = mastered_in_class(classroom) if goals else []
    return view_goals(classroom, goals, today=today, mastered=mastered)
