"""The teacher's inbox and the one-click retake unlock (issue 9, items 4 and 9): access,
the unlock action and the reads behind the inbox, its count in the navigation and the
grid's "waiting for you" panel.

The inbox gathers, across the classes a user teaches:
- requests for tutoring with the teacher and for a small group (open steps on those routes
  that no small group has taken up yet);
- locked retakes only the teacher can move on (`RetakeVerdict.needs_teacher`: the form limit
  reached, or no form left) or waiting for a step of a route, which the teacher may approve
  by unlocking;
- peer-tutor requests with no tutor found;
- small groups that meet today.

The inbox is the teacher's: a school admin sees the classes they teach, not every class of
the school (they open any class's grid, whose panel lists the same retakes).

The teacher's unlock lifts every lock but "no form left" (mastery/retake.py): with no form
left there is nothing to open, so the panel offers "Add a form" and "Assign a route"
instead of the button.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.interventions.access import inbox_classrooms, may_unlock_retakes
from masterymap.interventions.groups import groups_today, open_requests
from masterymap.interventions.models import (
    RetakeUnlock,
    Route,
    SmallGroup,
    Step,
    TutorPair,
)
from masterymap.interventions.retakes import (
    RetakeFacts,
    facts_for,
    sat_forms,
    student_retake,
    unmastered_sittings,
    usable_form_ids,
    usable_forms,
)
from masterymap.lib.errors import ActionError
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.retake import Lock
from masterymap.standards.models import Standard

MAX_NOTE = 300  # RetakeUnlock.note


# --- access -------------------------------------------------------------------------------


# --- the unlock ---------------------------------------------------------------------------


@transaction.atomic
def unlock_retake(
    *,
    classroom: Classroom,
    student: User,
    standard: Standard,
    by: User,
    at: datetime | None = None,
    note: str = "",
) -> RetakeUnlock:
    """The teacher opens the student's next form now: every lock (the wait, the reflection,
    the step, the form limit) is lifted until the student's next try. Refused when the
    student mastered the standard, has not tried it, has a form open, may retake already,
    or has no form left (add a form or assign a route instead).

    A second click (or a second tab) finds the unlock the first one wrote and returns it."""
    at = at or timezone.now()
    if not may_unlock_retakes(by, classroom):
        raise ActionError(_("Only a teacher of this class can unlock a retake."))
    if standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That standard is not on this class's map."))
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ActionError(
            _("The note is too long (%(max)s characters at most).") % {"max": MAX_NOTE}
        )
    # Serialise double clicks on PostgreSQL (SQLite's IMMEDIATE transactions already do).
    enrolled = (
        Enrollment.objects.select_for_update()
        .filter(classroom=classroom, student=student)
        .values_list("pk", flat=True)
    )
    if not list(enrolled):
        raise ActionError(_("That student is not in this class."))
    name = student.display_name
    status = (
        MasteryRecord.objects.filter(classroom=classroom, student=student, standard=standard)
        .values_list("status", flat=True)
        .first()
    )
    if status == MasteryRecord.State.MASTERED:
        raise ActionError(
            _("%(name)s has mastered %(code)s: there is no retake to unlock.")
            % {"name": name, "code": standard.code}
        )
    sat = sat_forms(student_ids=[student.pk], standard_ids=[standard.pk]).get(
        (student.pk, standard.pk), []
    )
    if any(s.submitted_at is None for s in sat):
        raise ActionError(
            _("%(name)s has a form of %(code)s open already.")
            % {"name": name, "code": standard.code}
        )
    facts = student_retake(
        classroom=classroom,
        student_id=student.pk,
        standard_id=standard.pk,
        sat=sat,
        usable=usable_forms([standard.pk]).get(standard.pk, set()),
        now=at,
    )
    if facts is None:
        raise ActionError(
            _("%(name)s has not taken %(code)s yet: nothing is locked.")
            % {"name": name, "code": standard.code}
        )
    if facts.state.unlocked_by_teacher:
        existing = (
            RetakeUnlock.objects.filter(classroom=classroom, student=student, standard=standard)
            .order_by("-at", "-pk")
            .first()
        )
        assert existing is not None
        return existing
    if Lock.NO_FORM_LEFT in facts.verdict.locks:
        raise ActionError(
            _(
                "%(name)s has taken every form of %(code)s: there is no form to open. "
                "Add a form, or assign a route."
            )
            % {"name": name, "code": standard.code}
        )
    if facts.verdict.open:
        raise ActionError(
            _("Nothing is locked: %(name)s may take the next form of %(code)s now.")
            % {"name": name, "code": standard.code}
        )
    return RetakeUnlock.objects.create(
        classroom=classroom, student=student, standard=standard, by=by, at=at, note=note
    )


# --- locked retakes -----------------------------------------------------------------------


def lock_reason(lock: Lock, facts: RetakeFacts) -> str:
    """Why a student's next form is locked, as the teacher reads it."""
    if lock is Lock.COOL_DOWN:
        ends = facts.verdict.unlocks_at
        if ends is None:
            return _("Waiting before the next form")
        return _("Waiting until %(day)s") % {"day": date_format(timezone.localtime(ends), "D j M")}
    if lock is Lock.REFLECTION:
        return _("Has not written the reflection on the last try")
    if lock is Lock.STEP:
        return _("No step of a route done since the last try: waits for your approval")
    if lock is Lock.FORM_LIMIT:
        count = facts.state.forms_taken
        return ngettext(
            "Has taken %(count)s form, the class's limit: you decide what comes next",
            "Has taken %(count)s forms, the class's limit: you decide what comes next",
            count,
        ) % {"count": count}
    return _("Has taken every form: no form left to open")


@dataclass(frozen=True)
class WaitingRetake:
    """A student whose next form on a standard is locked."""

    classroom: Classroom
    student: User
    standard: Standard
    facts: RetakeFacts

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it is locked, in words: worked out only for the rows a page shows (a list
        shows 50 at a time; a class of 600 can have thousands locked)."""
        return tuple(lock_reason(lock, self.facts) for lock in self.locks)

    @property
    def key(self) -> str:
        return f"{self.classroom.pk}-{self.student.pk}-{self.standard.pk}"

    @property
    def locks(self) -> tuple[Lock, ...]:
        return self.facts.verdict.locks

    @property
    def awaits_teacher(self) -> bool:
        """Only the teacher moves them on (limit reached, no form left) or they wait for a
        step the teacher may approve: the inbox's kind."""
        return self.facts.verdict.needs_teacher or Lock.STEP in self.locks

    @property
    def may_unlock(self) -> bool:
        return Lock.NO_FORM_LEFT not in self.locks


def waiting_retakes(
    classrooms: Sequence[Classroom], *, now: datetime | None = None
) -> list[WaitingRetake]:
    """Every locked retake in these classes: students not at mastery, with no form open,
    whose next form is locked now. By class, student, then map order.

    Queries: three for all the classes together (enrolments, standards, usable forms),
    then per class one for the sittings on the cells it does not count as mastered and at
    most four more when there are any (its rules, reflections, steps done, unlocks:
    `retakes.facts_for`), and one for the students listed, when there are any. None grows
    with the number of students, attempts or requests."""
    if not classrooms:
        return []
    now = now or timezone.now()
    # Ids in name order; the users themselves only for the rows found (a class of 600
    # usually has few, and 1,200 model instances were a tenth of its waiting list).
    students: dict[int, list[int]] = defaultdict(list)
    for classroom_id, student_id in (
        Enrollment.objects.filter(classroom__in=classrooms)
        .order_by("student__last_name", "student__first_name", "student__username")
        .values_list("classroom_id", "student_id")
    ):
        students[classroom_id].append(student_id)
    standards = {
        s.pk: s
        for s in Standard.objects.filter(
            mastery_map_id__in={c.mastery_map_id for c in classrooms}
        ).select_related("unit")
    }
    place = {pk: n for n, pk in enumerate(standards)}  # the model's (map) order
    usable = usable_form_ids(list(standards))
    found: list[tuple[Classroom, int, int, RetakeFacts]] = []
    for classroom in classrooms:
        mine = students.get(classroom.pk, [])
        if not mine:
            continue
        on_map = [pk for pk, s in standards.items() if s.mastery_map_id == classroom.mastery_map_id]
        # A cell with a form open is not there: the student is taking it, nothing waits.
        sittings = unmastered_sittings(
            classroom, student_ids=mine, standard_ids=on_map, usable=usable
        )
        if not sittings:
            continue
        facts = facts_for(classroom=classroom, sittings=sittings, now=now)
        order = {pk: n for n, pk in enumerate(mine)}
        found.extend(
            (classroom, student_id, standard_id, fact)
            for (student_id, standard_id), fact in sorted(
                facts.items(), key=lambda kv: (order[kv[0][0]], place[kv[0][1]])
            )
            if not fact.verdict.open
        )
    if not found:
        return []
    users = User.objects.in_bulk({student_id for _c, student_id, _s, _f in found})
    return [
        WaitingRetake(
            classroom=classroom,
            student=users[student_id],
            standard=standards[standard_id],
            facts=fact,
        )
        for classroom, student_id, standard_id, fact in found
    ]


@dataclass(frozen=True)
class GridWaiting:
    """The grid's panel: who waits for the teacher, and every other locked retake."""

    awaiting: list[WaitingRetake]
    other_locked: list[WaitingRetake]


def grid_waiting(classroom: Classroom, *, now: datetime | None = None) -> GridWaiting:
    rows = waiting_retakes([classroom], now=now)
    return GridWaiting(
        awaiting=[r for r in rows if r.awaits_teacher],
        other_locked=[r for r in rows if not r.awaits_teacher],
    )


# --- the inbox ----------------------------------------------------------------------------


def unmatched_requests(classrooms: Sequence[Classroom]) -> list[TutorPair]:
    """Peer-tutor requests no tutor could be found for. Oldest first. One query."""
    return list(
        TutorPair.objects.filter(classroom__in=classrooms, state=TutorPair.State.UNMATCHED)
        .select_related("tutee", "standard", "classroom")
        .order_by("requested_at", "pk")
    )


@dataclass
class Inbox:
    """What waits for a teacher across their classes."""

    classrooms: list[Classroom]
    tutoring: list[Step] = field(default_factory=list)
    small_group: list[Step] = field(default_factory=list)
    retakes: list[WaitingRetake] = field(default_factory=list)
    unmatched: list[TutorPair] = field(default_factory=list)
    groups: list[SmallGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.tutoring)
            + len(self.small_group)
            + len(self.retakes)
            + len(self.unmatched)
            + len(self.groups)
        )


def teacher_inbox(user: User, *, now: datetime | None = None) -> Inbox:
    """The inbox of `user` (a teacher or admin; 404 for a student).

    Queries: one for the classes and, when they teach any, three for the requests and the
    groups plus `waiting_retakes`' (three, then at most five per class). The number of
    students, attempts and requests never adds a query; each class adds at most five."""
    now = now or timezone.now()
    classrooms = inbox_classrooms(user)
    if not classrooms:
        return Inbox(classrooms=[])
    steps = open_requests(classrooms)
    return Inbox(
        classrooms=classrooms,
        tutoring=[s for s in steps if s.route == Route.TEACHER],
        small_group=[s for s in steps if s.route == Route.SMALL_GROUP],
        retakes=[r for r in waiting_retakes(classrooms, now=now) if r.awaits_teacher],
        unmatched=unmatched_requests(classrooms),
        groups=groups_today(classrooms, timezone.localdate(now)),
    )
