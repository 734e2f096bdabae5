"""The teacher's "needs attention" read: every alert of a class (goals.alerts) with what a
person reads beside it. A fixed number of queries whatever the class's size (tested): the
class's settings, the roster with each student's last evidence, goals, mastered standards,
repeated *not yet*, and dismissals, each in one query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from masterymap.accounts.models import Classroom, Enrollment
from masterymap.evidence.models import Evidence
from masterymap.goals import alerts as rules
from masterymap.goals.models import DismissedAlert, Goal, PublicMap
from masterymap.goals.queries import GoalView, day_text, mastered_in_class, view_goals
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard

MARKS = {
    rules.Kind.OFF_TRACK: "⚠",
    rules.Kind.STALLED: "⏸",
    rules.Kind.NOT_YET_AGAIN: "↻",
    rules.Kind.REACHED: "★",
    rules.Kind.PASSED: "★",
}
CELEBRATE = (rules.Kind.REACHED, rules.Kind.PASSED)
# A student stuck on many standards: the reason names this many (the most tried first) and
# counts the rest, so the line stays readable.
LISTED_STANDARDS = 5


def kind_label(kind: rules.Kind) -> str:
    return {
        rules.Kind.OFF_TRACK: gettext("Off track"),
        rules.Kind.STALLED: gettext("Stalled"),
        rules.Kind.NOT_YET_AGAIN: gettext("Not yet after three tries"),
        rules.Kind.REACHED: gettext("Goal reached"),
        rules.Kind.PASSED: gettext("Goal passed"),
    }[kind]


@dataclass(frozen=True)
class AlertRow:
    alert: rules.Alert
    name: str
    url: str
    reason: SafeString

    @property
    def kind(self) -> str:
        return self.alert.kind.value

    @property
    def mark(self) -> str:
        return MARKS[self.alert.kind]

    @property
    def label(self) -> str:
        return kind_label(self.alert.kind)

    @property
    def celebrate(self) -> bool:
        return self.alert.kind in CELEBRATE


@dataclass(frozen=True)
class Attention:
    rows: list[AlertRow]
    dismissed: int
    stalled_after: int
    more: dict[str, int] = field(default_factory=dict)  # per kind: alerts left out
    # Students (the class counting as one) with an alert that asks for help, those left out
    # of `rows` included: a student both off track and stalled is one student.
    needing_help: int = 0

    @property
    def total(self) -> int:
        """Every alert not dismissed, those left out of `rows` included."""
        return len(self.rows) + sum(self.more.values())

    @cached_property
    def groups(self) -> list[tuple[str, str, str, list[AlertRow], int]]:
        """(kind, mark, label, rows, left out) for each kind with alerts, reached and passed
        together."""
        out: list[tuple[str, str, str, list[AlertRow], int]] = []
        for kind in (rules.Kind.OFF_TRACK, rules.Kind.STALLED, rules.Kind.NOT_YET_AGAIN):
            rows = [r for r in self.rows if r.alert.kind is kind]
            if rows:
                out.append(
                    (kind.value, MARKS[kind], kind_label(kind), rows, self.more.get(kind.value, 0))
                )
        cheers = [r for r in self.rows if r.celebrate]
        if cheers:
            left = self.more.get("reached", 0) + self.more.get("passed", 0)
            out.append(("reached", "★", gettext("To celebrate"), cheers, left))
        return out


GROUP_LIMIT = 40


def class_attention(
    classroom: Classroom, *, today: date | None = None, limit: int = GROUP_LIMIT
) -> Attention:
    """Every alert of `classroom` not dismissed, with its words and link."""
    today = today or timezone.localdate()
    stalled_after = next(
        iter(PublicMap.objects.filter(classroom=classroom).values_list("stalled_after", flat=True)),
        5,
    )
    # Stalled: the last evidence on this class's map (or the day they joined).
    # `assessed_on`, not `recorded_at`: the day the student did the work. Evidence typed in
    # today about last month's product is not new work, and a paper form scanned on Monday
    # was done when it was sat. Each student's newest row on the map, read through the
    # (student, day, standard) index from the newest back: one step for most students,
    # where the maximum over all their rows read 120,000 of them for a class of 600 (bench/).
    on_map = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id).order_by()
    newest = (
        Evidence.objects.filter(
            student_id=OuterRef("student_id"), standard_id__in=on_map.values("pk")
        )
        .order_by("-assessed_on")
        .values("assessed_on")[:1]
    )
    roster: dict[int, tuple[str, str, str, datetime]] = {}
    last: dict[int, date] = {}
    for sid, first, last_name, username, joined, newest_day in (
        Enrollment.objects.filter(classroom=classroom)
        .annotate(newest=Subquery(newest))
        .values_list(
            "student_id",
            "student__first_name",
            "student__last_name",
            "student__username",
            "created_at",
            "newest",
        )
    ):
        roster[sid] = (first, last_name, username, joined)
        if newest_day is not None:
            last[sid] = newest_day
    found: list[rules.Alert] = []
    # Goals: off track, reached, passed (the class's and each student's).
    goals = list(
        Goal.objects.filter(classroom=classroom, state=Goal.State.ACTIVE).select_related("unit")
    )
    views: dict[int, GoalView] = {}
    if goals:
        mastered = (
            mastered_in_class(classroom) if any(g.kind != Goal.Kind.COUNTED for g in goals) else []
        )
        for v in view_goals(classroom, goals, today=today, mastered=mastered):
            if v.goal.student_id is not None and v.goal.student_id not in roster:
                continue
            alert = rules.goal_alert(v.goal.pk, v.goal.student_id, v.state)
            if alert is not None:
                found.append(alert)
                views[v.goal.pk] = v
    for sid, (_f, _l, _u, joined) in roster.items():
        since = last.get(sid) or timezone.localdate(joined)
        alert = rules.stalled(sid, since, today, stalled_after)
        if alert is not None:
            found.append(alert)
    # Standards tried three times or more and not mastered now. "Told *not yet*" is what a
    # student hears after a submitted attempt that did not bring mastery, and the record
    # holds exactly that: `attempts_count` counts the student's submitted (not superseded)
    # attempts on the standard, each scored at once, and a new sitting is refused once
    # mastered, so every one of them on a standard not mastered now ended in *not yet* (an
    # open retake only makes the status "in progress"). Teacher-recorded checks below the
    # cut are not counted: those are conversations, not a verdict the student was handed.
    # One indexed read of the records, no pass over the class's attempts.
    tries: dict[int, dict[int, int]] = {}
    for sid, standard_id, n in (
        MasteryRecord.objects.filter(classroom=classroom, attempts_count__gte=rules.NOT_YET_TIMES)
        # Standards on the map: an archived one is no longer the student's to master.
        .filter(standard_id__in=on_map.values("pk"))
        .exclude(
            status__in=[
                MasteryRecord.State.MASTERED,
                MasteryRecord.State.NEEDS_REVIEW,
                MasteryRecord.State.NOT_STARTED,
            ]
        )
        .values_list("student_id", "standard_id", "attempts_count")
    ):
        if sid in roster:
            tries.setdefault(sid, {})[standard_id] = n
    for sid, mine in tries.items():
        alert = rules.not_yet_again(sid, mine)
        if alert is not None:
            found.append(alert)
    dismissed = set(
        DismissedAlert.objects.filter(classroom=classroom).values_list("key", flat=True)
    )
    shown = rules.undismissed(found, dismissed)
    needing_help = len({a.student_id for a in shown if a.kind not in CELEBRATE})
    # The most urgent first in each kind, and at most `limit` of each: a class of 600 gets a
    # panel a person can act on, and the rest as a count.
    kept: list[rules.Alert] = []
    more: dict[str, int] = {}
    for kind in rules.ORDER:
        alerts = sorted((a for a in shown if a.kind is kind), key=lambda a: _urgency(a, views))
        kept.extend(alerts[:limit])
        if len(alerts) > limit:
            more[kind.value] = len(alerts) - limit
    codes = (
        dict(
            Standard.objects.filter(mastery_map_id=classroom.mastery_map_id).values_list(
                "pk", "code"
            )
        )
        if any(a.stuck for a in kept)
        else {}
    )
    rows = []
    for alert in kept:
        if alert.student_id is None:
            name = gettext("The class")
            url = reverse("goals:class-goals", args=[classroom.pk])
        else:
            first, last_name, username, _joined = roster[alert.student_id]
            name = f"{first} {last_name}".strip() or username
            url = reverse("workflows:tracker", args=[classroom.pk, alert.student_id])
        rows.append(AlertRow(alert, name, url, _reason(alert, views, codes)))
    return Attention(
        rows=rows,
        dismissed=len(found) - len(shown),
        stalled_after=stalled_after,
        more=more,
        needing_help=needing_help,
    )


def _urgency(alert: rules.Alert, views: dict[int, GoalView]) -> tuple[float, ...]:
    """Sorts the most urgent first: the furthest behind, the longest stalled, the most tries."""
    if alert.kind is rules.Kind.STALLED:
        return (-alert.school_days,)
    if alert.kind is rules.Kind.NOT_YET_AGAIN:
        return (-len(alert.stuck), -sum(n for _s, n in alert.stuck))
    view = views.get(alert.goal_id or 0)
    if alert.kind is rules.Kind.OFF_TRACK and view is not None:
        need = view.pace.needed_per_week
        return (-(float(need - view.pace.per_week) if need is not None else 1e9),)
    return (0.0,)


def _reason(alert: rules.Alert, views: dict[int, GoalView], codes: dict[int, str]) -> SafeString:
    if alert.kind is rules.Kind.STALLED:
        assert alert.since is not None
        return format_html(
            "{}",
            ngettext(
                "No new evidence for %(n)s school day (the last on %(day)s).",
                "No new evidence for %(n)s school days (the last on %(day)s).",
                alert.school_days,
            )
            % {"n": alert.school_days, "day": day_text(alert.since)},
        )
    if alert.kind is rules.Kind.NOT_YET_AGAIN:
        listed = format_html_join(
            ", ",
            "<span data-content>{}</span> ({})",
            ((codes.get(standard, ""), n) for standard, n in alert.stuck[:LISTED_STANDARDS]),
        )
        rest = len(alert.stuck) - LISTED_STANDARDS
        if rest > 0:
            others = ngettext("%(n)s more standard", "%(n)s more standards", rest) % {"n": rest}
            listed = format_html("{}, {}", listed, others)
        return format_html(
            gettext("Still not mastered after three tries or more: {list}."), list=listed
        )
    view = views[alert.goal_id or 0]
    progress = gettext("%(done)s of %(target)s") % {"done": view.done, "target": view.goal.target}
    if alert.kind is rules.Kind.OFF_TRACK:
        pace = view.pace
        if pace.needed_per_week is None:
            need = gettext("the deadline has gone by")
        else:
            need = gettext("now %(now)s a week, the deadline needs %(need)s a week") % {
                "now": pace.per_week,
                "need": pace.needed_per_week,
            }
        return format_html("{} · {} · {}", view.heading, progress, need)
    return format_html("{} · {}", view.heading, progress)
