"""The teacher's "needs attention" read: every alert of a class (goals.alerts) with what a
person reads beside it. A fixed number of queries whatever the class's size (tested): the
class's settings, roster, goals, mastered standards, last evidence, repeated *not yet*,
and dismissals, each in one aggregate query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from masterymap.accounts.models import Classroom, Enrollment
from masterymap.assessments.models import Attempt
from masterymap.evidence.models import Evidence
from masterymap.goals import alerts as rules
from masterymap.goals.models import DismissedAlert, Goal, PublicMap
from masterymap.goals.queries import GoalView, day_text, mastered_in_class, view_goals
from masterymap.standards.models import Standard

MARKS = {
    rules.Kind.OFF_TRACK: "⚠",
    rules.Kind.STALLED: "⏸",
    rules.Kind.NOT_YET_AGAIN: "↻",
    rules.Kind.REACHED: "★",
    rules.Kind.PASSED: "★",
}


def kind_label(kind: rules.Kind) -> str:
    return {
        rules.Kind.OFF_TRACK: gettext("Off track"),
        rules.Kind.STALLED: gettext("Stalled"),
        rules.Kind.NOT_YET_AGAIN: gettext("Not yet three times"),
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
        return self.alert.kind in (rules.Kind.REACHED, rules.Kind.PASSED)


@dataclass(frozen=True)
class Attention:
    rows: list[AlertRow]
    dismissed: int
    stalled_after: int

    @cached_property
    def groups(self) -> list[tuple[str, str, str, list[AlertRow]]]:
        """(kind, mark, label, rows) for each kind with alerts, reached and passed together."""
        out: list[tuple[str, str, str, list[AlertRow]]] = []
        for kind in (rules.Kind.OFF_TRACK, rules.Kind.STALLED, rules.Kind.NOT_YET_AGAIN):
            rows = [r for r in self.rows if r.alert.kind is kind]
            if rows:
                out.append((kind.value, MARKS[kind], kind_label(kind), rows))
        cheers = [r for r in self.rows if r.celebrate]
        if cheers:
            out.append(("reached", "★", gettext("To celebrate"), cheers))
        return out

    @property
    def needing_help(self) -> int:
        return sum(1 for r in self.rows if not r.celebrate)


def class_attention(classroom: Classroom, *, today: date | None = None) -> Attention:
    """Every alert of `classroom` not dismissed, with its words and link."""
    today = today or timezone.localdate()
    stalled_after = next(
        iter(PublicMap.objects.filter(classroom=classroom).values_list("stalled_after", flat=True)),
        5,
    )
    roster = {
        sid: (first, last, username, joined)
        for sid, first, last, username, joined in Enrollment.objects.filter(
            classroom=classroom
        ).values_list(
            "student_id",
            "student__first_name",
            "student__last_name",
            "student__username",
            "created_at",
        )
    }
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
    # Stalled: the last evidence on this class's map (or the day they joined).
    last = dict(
        Evidence.objects.filter(
            student_id__in=Enrollment.objects.filter(classroom=classroom).values("student_id"),
            standard__mastery_map_id=classroom.mastery_map_id,
        )
        .values("student_id")
        .annotate(last=Max("assessed_on"))
        .values_list("student_id", "last")
        .order_by()
    )
    for sid, (_f, _l, _u, joined) in roster.items():
        since = last.get(sid) or timezone.localdate(joined)
        alert = rules.stalled(sid, since, today, stalled_after)
        if alert is not None:
            found.append(alert)
    # The same standard told *not yet* three times or more (Attempt.mastered is what the
    # result page told the student), and not mastered now.
    repeated = list(
        Attempt.objects.filter(
            status=Attempt.Status.SUBMITTED,
            mastered=False,
            student_id__in=Enrollment.objects.filter(classroom=classroom).values("student_id"),
            form__standard__mastery_map_id=classroom.mastery_map_id,
        )
        .values_list("student_id", "form__standard_id")
        .annotate(times=Count("id"))
        .filter(times__gte=rules.NOT_YET_TIMES)
        .order_by()
    )
    codes: dict[int, str] = {}
    if repeated:
        done = {
            (m.student_id, m.standard_id)
            for m in mastered_in_class(classroom, student_ids={s for s, _st, _n in repeated})
        }
        codes = dict(
            Standard.objects.filter(pk__in={st for _s, st, _n in repeated}).values_list(
                "pk", "code"
            )
        )
        for sid, standard_id, times in repeated:
            alert = rules.not_yet_again(sid, standard_id, times, (sid, standard_id) in done)
            if alert is not None:
                found.append(alert)
    dismissed = set(
        DismissedAlert.objects.filter(classroom=classroom).values_list("key", flat=True)
    )
    shown = rules.undismissed(found, dismissed)
    rows = []
    for alert in shown:
        if alert.student_id is None:
            name = gettext("The class")
            url = reverse("goals:class-goals", args=[classroom.pk])
        else:
            first, last_name, username, _joined = roster[alert.student_id]
            name = f"{first} {last_name}".strip() or username
            url = reverse("workflows:tracker", args=[classroom.pk, alert.student_id])
        rows.append(AlertRow(alert, name, url, _reason(alert, views, codes)))
    return Attention(rows=rows, dismissed=len(found) - len(shown), stalled_after=stalled_after)


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
        return format_html(
            gettext("{code} came out not yet {n} times."),
            code=format_html("<span data-content>{}</span>", codes.get(alert.standard_id or 0, "")),
            n=alert.times,
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
