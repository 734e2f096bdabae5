"""Small groups and requests for the teacher (issue 9, item 8): access, reads and actions.

- The board, per class: the class's *not yet* students by standard (in map order), and on
  each standard by the reasons they gave in the error analysis of their latest attempt;
  with them, everyone who asked for help (an open step on the route "tutoring with the
  teacher" or "join a small group") and is in no group yet, even when not *not yet*.
- Forming a group: the teacher ticks students of one standard, picks a time and writes a
  note. Each member's open request is linked to their membership; a member who did not ask
  gets a step on the route "join a small group", chosen by the teacher, so the log says
  what they did.
- After the session: "came" marks the member's step done (a route step counts for the
  retake rules); "did not come" leaves it open, so the request shows on the board again.
  Attendance can be changed: "came" changed to "did not come" withdraws the done step (it
  is cancelled, so it no longer counts) and opens a new one.
- A cancelled group keeps its rows; its members' steps stay open and show on the board
  again. Before a group meets, the teacher adds or removes members; a removed member's
  step is cancelled when the group made it, and stays open when the student asked.

A request is "taken up" while its step is linked to a membership of a group that is not
cancelled, unless the student did not come (`open_requests`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Choice, Form, Response
from masterymap.interventions.models import GroupMember, MissedItem, Route, SmallGroup, Step
from masterymap.interventions.reflections import TEACHER_REASON_LABELS
from masterymap.lib.errors import ActionError
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard

REQUEST_ROUTES = (Route.TEACHER, Route.SMALL_GROUP)
USUAL_TIME = time(9, 0)  # a class's usual time, until classes have a timetable
MAX_NOTE = 500
PAST_SHOWN = 20  # past and cancelled groups listed on the board, newest first
EARLIEST_DAYS = 14  # a group may be recorded after it met, up to two weeks back
LATEST_DAYS = 366  # and planned up to a year ahead

Reason = MissedItem.Reason
REASON_ORDER = [r.value for r in Reason]


# --- access -----------------------------------------------------------------------------------


# --- reads shared with the inbox ----------------------------------------------------------------


def _taken_up() -> Exists:
    """A group that is not cancelled holds the request, and the student did not miss it:
    a membership with the step, or (a membership made without it) with the student, on the
    standard, in a group formed since they asked."""
    return Exists(
        GroupMember.objects.filter(group__cancelled_at__isnull=True)
        .filter(Q(attended__isnull=True) | Q(attended=True))
        .filter(
            Q(step=OuterRef("pk"))
            | Q(
                step__isnull=True,
                student=OuterRef("student"),
                group__classroom=OuterRef("classroom"),
                group__standard=OuterRef("standard"),
                group__created_at__gte=OuterRef("started_at"),
            )
        )
    )


def _open_requests(classrooms: Iterable[Classroom]) -> QuerySet[Step]:
    return (
        Step.objects.filter(
            classroom__in=list(classrooms),
            route__in=REQUEST_ROUTES,
            done_at__isnull=True,
            cancelled_at__isnull=True,
        )
        # Only students still enrolled in the class.
        .filter(student__enrollments__classroom=F("classroom"))
        .exclude(_taken_up())
        .select_related("student", "standard", "classroom")
        .order_by("started_at", "pk")
    )


def open_requests(classrooms: Sequence[Classroom]) -> list[Step]:
    """Open steps asking for the teacher (tutoring with the teacher, joining a small group)
    that no group holds: none, a cancelled one, or one the student did not come to. Oldest
    first; `step.chosen_by_id == step.student_id` when the student asked (a step the
    teacher gave is one left over from a cancelled or missed group). One query."""
    return list(_open_requests(classrooms))


def groups_today(classrooms: Sequence[Classroom], today: date) -> list[SmallGroup]:
    """Groups (not cancelled) meeting on `today` in the school's calendar, by time, with
    their number of members (`member_count`) and of those marked as having come
    (`came_count`). One query."""
    start, end = _day_bounds(today)
    return list(
        SmallGroup.objects.filter(
            classroom__in=list(classrooms),
            cancelled_at__isnull=True,
            meets_at__gte=start,
            meets_at__lt=end,
        )
        .select_related("standard", "classroom")
        .annotate(
            member_count=Count("members", distinct=True),
            came_count=Count("members", filter=Q(members__attended=True), distinct=True),
        )
        .order_by("meets_at", "pk")
    )


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def next_meeting(now: datetime | None = None) -> datetime:
    """When a new group meets unless the teacher says otherwise: the next school day (the
    next weekday) at the class's usual time, in the school's time zone."""
    day = timezone.localdate(now or timezone.now()) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, USUAL_TIME, tzinfo=timezone.get_current_timezone())


# --- the board ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReasonLine:
    """One reason and who gave it, e.g. "Didn't know how: Ana, Ben"."""

    label: str
    names: list[str]


@dataclass
class BoardStudent:
    student: User
    name: str
    not_yet: bool
    status_label: str  # the record's status, shown when it is not *not yet*
    request: Step | None  # their open request, in no group
    group: SmallGroup | None  # the next group on this standard they are in

    @property
    def asked(self) -> bool:
        """They asked for help themselves (a step the teacher gave is "waiting")."""
        return self.request is not None and self.request.chosen_by_id == self.student.pk

    @property
    def ticked(self) -> bool:
        """Ticked when the form opens: whoever has a request no group holds."""
        return self.request is not None


@dataclass
class BoardStandard:
    standard: Standard
    students: list[BoardStudent]
    reasons: list[ReasonLine]

    @property
    def requests(self) -> int:
        return sum(1 for s in self.students if s.request is not None)


@dataclass
class GroupRow:
    group: SmallGroup
    names: list[str]
    member_count: int
    came: int
    marked: int

    @property
    def unmarked(self) -> int:
        return self.member_count - self.marked


@dataclass
class Board:
    standards: list[BoardStandard]
    upcoming: list[GroupRow]
    past: list[GroupRow]
    default_time: str  # for <input type="datetime-local">
    requests: int = field(default=0)


def local_input(at: datetime) -> str:
    """`at` as <input type="datetime-local"> wants it, in the school's time zone."""
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def _latest_attempts(
    classroom: Classroom, not_yet: set[tuple[int, int]], asked: set[tuple[int, int]]
) -> dict[tuple[int, int], int]:
    """The latest submitted attempt per (student, standard): on the cells the class counts
    as *not yet* (`not_yet`, read from their records) and on those with a request (`asked`).
    Two queries.

    From the records, not from every attempt of the class's students: those were 100,000
    rows for a class of 600, to keep a fifth (190 ms of the board's 540, bench/)."""
    latest: dict[tuple[int, int], int] = {}
    if not_yet:
        q = connection.ops.quote_name
        sql = f"""SELECT a.id, a.student_id, f.standard_id
          FROM {q(MasteryRecord._meta.db_table)} r
            JOIN {q(Form._meta.db_table)} f ON f.standard_id = r.standard_id
            JOIN {q(Attempt._meta.db_table)} a
              ON a.student_id = r.student_id AND a.form_id = f.id
          WHERE r.classroom_id = %s AND r.status = %s AND a.status = %s
          ORDER BY a.submitted_at, a.id"""
        params: list[int | str] = [
            classroom.pk,
            MasteryRecord.State.NOT_YET.value,
            Attempt.Status.SUBMITTED.value,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for attempt_id, student_id, standard_id in cursor.fetchall():
                if (student_id, standard_id) in not_yet:
                    latest[(student_id, standard_id)] = attempt_id
    if asked:
        for attempt_id, student_id, standard_id in (
            Attempt.objects.filter(
                student_id__in={s for s, _ in asked},
                form__standard_id__in={s for _, s in asked},
                status=Attempt.Status.SUBMITTED,
            )
            .order_by("submitted_at", "pk")
            .values_list("pk", "student_id", "form__standard_id")
        ):
            if (student_id, standard_id) in asked:
                latest[(student_id, standard_id)] = attempt_id
    return latest


def _reasons_given(attempt_ids: Iterable[int]) -> dict[int, set[tuple[str, str]]]:
    """Per attempt: the reasons given in its error analysis, as (reason, belief); the belief
    is the misconception note of the wrong choice picked, for "believed the idea behind
    their choice". Three queries at most, whatever the number of attempts."""
    attempt_ids = list(attempt_ids)
    given: dict[int, set[tuple[str, str]]] = defaultdict(set)
    if not attempt_ids:
        return given
    misconceived: list[tuple[int, int]] = []
    for attempt_id, item_id, reason in (
        MissedItem.objects.filter(analysis__attempt_id__in=attempt_ids)
        .exclude(reason="")
        .values_list("analysis__attempt_id", "item_id", "reason")
    ):
        if reason == Reason.MISCONCEPTION:
            misconceived.append((attempt_id, item_id))
        elif reason in REASON_ORDER:
            given[attempt_id].add((reason, ""))
    if misconceived:
        items = {item_id for _a, item_id in misconceived}
        notes = dict(
            Choice.objects.filter(item_id__in=items, is_correct=False)
            .exclude(misconception="")
            .values_list("pk", "misconception")
        )
        picked = {
            (attempt_id, item_id): answer
            for attempt_id, item_id, answer in Response.objects.filter(
                attempt_id__in={a for a, _i in misconceived}, item_id__in=items
            ).values_list("attempt_id", "item_id", "answer")
        }
        for key in misconceived:
            beliefs = sorted(
                {
                    notes[int(v)]
                    for v in (picked.get(key) or [])
                    if str(v).isascii() and str(v).isdigit() and int(v) in notes
                }
            )
            for belief in beliefs or [""]:
                given[key[0]].add((Reason.MISCONCEPTION, belief))
    return given


def _reason_label(reason: str, belief: str) -> str:
    if reason == Reason.MISCONCEPTION and belief:
        return _("Believed: “%(belief)s”") % {"belief": belief}
    return str(TEACHER_REASON_LABELS[reason])


def _reason_lines(
    students: list[BoardStudent], given: dict[int, set[tuple[str, str]]]
) -> list[ReasonLine]:
    by_reason: dict[tuple[str, str], list[str]] = defaultdict(list)
    without: list[str] = []
    for s in students:
        reasons = given.get(s.student.pk, set())
        if not reasons:
            without.append(s.name)
        for key in reasons:
            by_reason[key].append(s.name)
    lines = [
        ReasonLine(_reason_label(*key), names)
        for key, names in sorted(
            by_reason.items(), key=lambda kv: (REASON_ORDER.index(kv[0][0]), kv[0][1])
        )
    ]
    if without:
        lines.append(ReasonLine(_("No analysis yet"), without))
    return lines


def _group_rows(groups: Iterable[SmallGroup], *, with_names: bool) -> list[GroupRow]:
    rows = []
    for g in groups:
        members = list(g.members.all()) if with_names else []
        rows.append(
            GroupRow(
                group=g,
                names=sorted(m.student.display_name for m in members),
                member_count=g.member_count,  # type: ignore[attr-defined]
                came=g.came_count,  # type: ignore[attr-defined]
                marked=g.marked_count,  # type: ignore[attr-defined]
            )
        )
    return rows


def _with_counts(qs: QuerySet[SmallGroup]) -> QuerySet[SmallGroup]:
    return qs.select_related("standard", "cancelled_by").annotate(
        member_count=Count("members", distinct=True),
        came_count=Count("members", filter=Q(members__attended=True), distinct=True),
        marked_count=Count("members", filter=Q(members__attended__isnull=False), distinct=True),
    )


def board(classroom: Classroom, *, now: datetime | None = None) -> Board:
    """The class's board. A fixed number of queries, whatever the number of students,
    standards, requests and groups: thirteen at most (the requests; the records, their
    students and standards; the groups coming, their members and those members' names,
    and the past ones; the latest attempts, and those on requests; the reasons given,
    three)."""
    now = now or timezone.now()
    today_start, _end = _day_bounds(timezone.localdate(now))
    requests = list(
        _open_requests([classroom]).select_related(None).select_related("student", "standard__unit")
    )
    requested: dict[tuple[int, int], Step] = {}
    for step in requests:  # oldest first: keep the newest
        requested[(step.student_id, step.standard_id)] = step
    asked_students = {s for s, _ in requested}
    asked_standards = {s for _, s in requested}
    # The records as plain rows, their students and standards read once each: a record
    # with its student, standard and unit built as models was four objects per row, 17,000
    # for a class of 600 (bench/).
    records = list(
        MasteryRecord.objects.filter(classroom=classroom, student__enrollments__classroom=classroom)
        .filter(
            Q(status=MasteryRecord.State.NOT_YET)
            | Q(student_id__in=asked_students, standard_id__in=asked_standards)
        )
        .values_list("student_id", "standard_id", "status")
    )
    users = {u.pk: u for u in User.objects.filter(pk__in={r[0] for r in records})}
    on_board = {
        s.pk: s
        for s in Standard.all_objects.filter(pk__in={r[1] for r in records}).select_related("unit")
    }
    upcoming_groups = list(
        _with_counts(
            SmallGroup.objects.filter(
                classroom=classroom, cancelled_at__isnull=True, meets_at__gte=today_start
            )
        )
        .prefetch_related("members__student")
        .order_by("meets_at", "pk")
    )
    past_groups = list(
        _with_counts(
            SmallGroup.objects.filter(classroom=classroom).filter(
                Q(meets_at__lt=today_start) | Q(cancelled_at__isnull=False)
            )
        ).order_by("-meets_at", "-pk")[:PAST_SHOWN]
    )
    in_group: dict[tuple[int, int], SmallGroup] = {}
    for g in upcoming_groups:
        for m in g.members.all():
            # Invited and not marked yet (today's group may have met already).
            if m.attended is None:
                in_group.setdefault((m.student_id, g.standard_id), g)

    entries: dict[tuple[int, int], BoardStudent] = {}
    standards: dict[int, Standard] = {}
    not_yet_cells: set[tuple[int, int]] = set()
    for student_id, standard_id, status in records:
        key = (student_id, standard_id)
        not_yet = status == MasteryRecord.State.NOT_YET
        if not not_yet and key not in requested:
            continue
        standard = on_board[standard_id]
        # An archived standard is off the map: no group to form on it (a request still shows).
        if standard.archived_at is not None and key not in requested:
            continue
        standards[standard_id] = standard
        if not_yet:
            not_yet_cells.add(key)
        student = users[student_id]
        entries[key] = BoardStudent(
            student=student,
            name=student.display_name,
            not_yet=not_yet,
            status_label="" if not_yet else str(MasteryRecord.State(status).label),
            request=requested.get(key),
            group=in_group.get(key),
        )
    for key, step in requested.items():
        if key not in entries:  # no record yet: not started
            standards[step.standard_id] = step.standard
            entries[key] = BoardStudent(
                student=step.student,
                name=step.student.display_name,
                not_yet=False,
                status_label=str(MasteryRecord.State.NOT_STARTED.label),
                request=step,
                group=in_group.get(key),
            )
    latest = _latest_attempts(classroom, not_yet_cells, set(requested) & set(entries))
    reasons_by_attempt = _reasons_given(latest.values())
    by_standard: dict[int, list[BoardStudent]] = defaultdict(list)
    for (_student_id, standard_id), entry in entries.items():
        by_standard[standard_id].append(entry)
    rows = []
    for standard_id, standard in sorted(
        standards.items(),
        key=lambda kv: (kv[1].unit.position, kv[1].unit_id, kv[1].position, kv[1].pk),
    ):
        students = sorted(
            by_standard[standard_id],
            key=lambda s: (s.request is None, s.name.casefold(), s.student.pk),
        )
        given = {
            s.student.pk: reasons_by_attempt.get(latest.get((s.student.pk, standard_id), 0), set())
            for s in students
        }
        rows.append(BoardStandard(standard, students, _reason_lines(students, given)))
    return Board(
        standards=rows,
        upcoming=_group_rows(upcoming_groups, with_names=True),
        past=_group_rows(past_groups, with_names=False),
        default_time=local_input(next_meeting(now)),
        requests=len(requested),
    )


# --- one group ----------------------------------------------------------------------------------


@dataclass
class MemberRow:
    member: GroupMember
    name: str
    asked: bool  # their step is a request they made

    @property
    def step_done(self) -> bool:
        step = self.member.step
        return step is not None and step.done_at is not None and step.cancelled_at is None


@dataclass
class GroupPage:
    group: SmallGroup
    members: list[MemberRow]
    candidates: list[User]  # students of the class who may be added
    may_change_members: bool  # not cancelled, not met yet
    may_mark: bool  # not cancelled, meets today or met
    may_cancel: bool


def _may_change_members(group: SmallGroup, now: datetime) -> bool:
    return group.cancelled_at is None and group.meets_at > now


def _may_mark(group: SmallGroup, now: datetime) -> bool:
    return group.cancelled_at is None and timezone.localdate(group.meets_at) <= timezone.localdate(
        now
    )


def group_page(group: SmallGroup, *, now: datetime | None = None) -> GroupPage:
    """One group with its members, their attendance and steps. Two queries."""
    now = now or timezone.now()
    members = list(
        GroupMember.objects.filter(group=group)
        .select_related("student", "step", "marked_by")
        .order_by("student__last_name", "student__first_name", "student__username", "pk")
    )
    may_change = _may_change_members(group, now)
    candidates: list[User] = []
    if may_change:
        candidates = list(
            User.objects.filter(enrollments__classroom_id=group.classroom_id)
            .exclude(pk__in=[m.student_id for m in members])
            .order_by("last_name", "first_name", "username")
        )
    return GroupPage(
        group=group,
        members=[
            MemberRow(
                m,
                m.student.display_name,
                m.step is not None and m.step.chosen_by_id == m.student_id,
            )
            for m in members
        ],
        candidates=candidates,
        may_change_members=may_change,
        may_mark=_may_mark(group, now),
        may_cancel=group.cancelled_at is None and not any(m.attended for m in members),
    )


# --- actions ------------------------------------------------------------------------------------


def _lock_group(group: SmallGroup) -> SmallGroup:
    return (
        SmallGroup.objects.select_for_update(of=("self",))
        .select_related("classroom", "standard")
        .get(pk=group.pk)
    )


def _check_time(meets_at: datetime, at: datetime) -> None:
    today = timezone.localdate(at)
    day = timezone.localdate(meets_at)
    if day < today - timedelta(days=EARLIEST_DAYS):
        raise ActionError(_("Pick a time from the last two weeks on, or in the days ahead."))
    if day > today + timedelta(days=LATEST_DAYS):
        raise ActionError(_("Pick a time within the next year."))


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ActionError(_("The note is too long (500 characters at most)."))
    return note


def _enrolled(classroom: Classroom, student_ids: Iterable[int]) -> dict[int, User]:
    return {
        u.pk: u
        for u in User.objects.filter(
            pk__in=list(student_ids), enrollments__classroom=classroom, role=User.Role.STUDENT
        )
    }


def _step_for(
    *, classroom: Classroom, student: User, standard: Standard, by: User, at: datetime
) -> Step:
    """The student's open request on the standard (the newest), or a new step on the route
    "join a small group", chosen by the teacher."""
    asked = (
        Step.objects.filter(
            classroom=classroom,
            student=student,
            standard=standard,
            route__in=REQUEST_ROUTES,
            done_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .order_by("-started_at", "-pk")
        .first()
    )
    if asked is not None:
        return asked
    latest = (
        Attempt.objects.filter(
            student=student, form__standard=standard, status=Attempt.Status.SUBMITTED
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )
    return Step.objects.create(
        classroom=classroom,
        student=student,
        standard=standard,
        route=Route.SMALL_GROUP,
        after_attempt=latest,
        chosen_by=by,
        started_at=at,
    )


@transaction.atomic
def form_group(
    *,
    classroom: Classroom,
    standard: Standard,
    student_ids: Sequence[int],
    meets_at: datetime,
    note: str = "",
    by: User,
    at: datetime | None = None,
) -> SmallGroup:
    """Gather students of the class on one standard at a time. Every id must name a student
    of the class, or nothing is created. The same group posted twice (a double click) is
    returned, not made again."""
    at = at or timezone.now()
    if standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That standard is not on this class's map."))
    wanted = set(student_ids)
    if not wanted:
        raise ActionError(_("Tick at least one student for the group."))
    students = _enrolled(classroom, wanted)
    if set(students) != wanted:
        raise ActionError(_("Only students of this class can be in its groups."))
    _check_time(meets_at, at)
    note = _clean_note(note)
    Classroom.objects.select_for_update().filter(pk=classroom.pk).first()
    same_time = SmallGroup.objects.filter(
        classroom=classroom, standard=standard, meets_at=meets_at, cancelled_at__isnull=True
    ).prefetch_related("members")
    for other in same_time:
        members = {m.student_id for m in other.members.all()}
        if members == wanted and other.note == note:
            return other
        if members & wanted:
            raise ActionError(
                _("Some of these students are already in a group on this standard at that time.")
            )
    group = SmallGroup.objects.create(
        classroom=classroom,
        standard=standard,
        meets_at=meets_at,
        note=note,
        created_by=by,
        created_at=at,
    )
    for student in sorted(students.values(), key=lambda u: u.pk):
        step = _step_for(classroom=classroom, student=student, standard=standard, by=by, at=at)
        GroupMember.objects.create(group=group, student=student, step=step)
    return group


@transaction.atomic
def mark_attendance(
    *, member: GroupMember, attended: bool, by: User, at: datetime | None = None
) -> GroupMember:
    """The teacher marks whether a member came. "Came" marks their step done; "did not
    come" leaves it open (and, after "came", withdraws the done step and opens a new one)."""
    at = at or timezone.now()
    group = _lock_group(member.group)
    if group.cancelled_at is not None:
        raise ActionError(_("This group was cancelled."))
    if not _may_mark(group, at):
        raise ActionError(_("Mark who came once the group has met."))
    member = GroupMember.objects.select_related("student", "step").get(pk=member.pk)
    if member.attended is attended:
        return member
    step = Step.objects.select_for_update().get(pk=member.step_id) if member.step_id else None
    if attended:
        if step is None or step.cancelled_at is not None:
            step = Step.objects.create(
                classroom=group.classroom,
                student=member.student,
                standard=group.standard,
                route=Route.SMALL_GROUP,
                chosen_by=by,
                started_at=at,
            )
        if step.done_at is None:
            step.done_at = at
            step.done_by = by
            step.save(update_fields=["done_at", "done_by"])
    elif member.attended and step is not None and step.done_at is not None:
        # Withdrawn, not undone: the log keeps that it was marked done.
        if step.cancelled_at is None:
            step.cancelled_at = at
            step.cancelled_by = by
            step.save(update_fields=["cancelled_at", "cancelled_by"])
        step = Step.objects.create(
            classroom=group.classroom,
            student=member.student,
            standard=group.standard,
            route=step.route,
            after_attempt=step.after_attempt,
            note=step.note,
            chosen_by=by,
            started_at=at,
        )
    member.step = step
    member.attended = attended
    member.marked_at = at
    member.marked_by = by
    member.save(update_fields=["step", "attended", "marked_at", "marked_by"])
    return member


@transaction.atomic
def cancel_group(*, group: SmallGroup, by: User, at: datetime | None = None) -> SmallGroup:
    """Cancel a group. Its rows stay; its members' steps stay open, so their requests show
    on the board again."""
    at = at or timezone.now()
    group = _lock_group(group)
    if group.cancelled_at is not None:
        return group
    if group.members.filter(attended=True).exists():
        raise ActionError(_("Students came to this group: it met, so it cannot be cancelled."))
    group.cancelled_at = at
    group.cancelled_by = by
    group.save(update_fields=["cancelled_at", "cancelled_by"])
    return group


def _refuse_unless_changeable(group: SmallGroup, at: datetime) -> None:
    if group.cancelled_at is not None:
        raise ActionError(_("This group was cancelled."))
    if not _may_change_members(group, at):
        raise ActionError(_("This group has met: its members can no longer change."))


@transaction.atomic
def add_member(
    *, group: SmallGroup, student_id: int, by: User, at: datetime | None = None
) -> GroupMember:
    """Add a student of the class to a group before it meets."""
    at = at or timezone.now()
    group = _lock_group(group)
    _refuse_unless_changeable(group, at)
    student = _enrolled(group.classroom, [student_id]).get(student_id)
    if student is None:
        raise ActionError(_("Only students of this class can be in its groups."))
    existing = GroupMember.objects.filter(group=group, student=student).first()
    if existing is not None:
        return existing
    step = _step_for(
        classroom=group.classroom, student=student, standard=group.standard, by=by, at=at
    )
    return GroupMember.objects.create(group=group, student=student, step=step)


def _made_by_group(step: Step, group: SmallGroup) -> bool:
    """The step was opened for the group (by the teacher, not asked for by the student)."""
    return (
        step.route == Route.SMALL_GROUP
        and step.chosen_by_id != step.student_id
        and step.started_at >= group.created_at
    )


@transaction.atomic
def remove_member(*, member: GroupMember, by: User, at: datetime | None = None) -> User:
    """Take a student out of a group before it meets. A step the group opened for them is
    cancelled; a request they made stays open, so it shows on the board again. Returns the
    student taken out."""
    at = at or timezone.now()
    group = _lock_group(member.group)
    _refuse_unless_changeable(group, at)
    member = GroupMember.objects.select_related("student", "step").get(pk=member.pk)
    step, student = member.step, member.student
    member.delete()
    # A step the group opened (and no other group holds) goes with the membership.
    if (
        step is not None
        and step.is_open
        and _made_by_group(step, group)
        and not GroupMember.objects.filter(step=step).exists()
    ):
        step.cancelled_at = at
        step.cancelled_by = by
        step.save(update_fields=["cancelled_at", "cancelled_by"])
    return student
