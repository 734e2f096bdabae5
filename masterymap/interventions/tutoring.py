"""Peer tutoring (issue 9, item 7): offers, requests, suggestions, pairs and sessions.

- Offers: a student who mastered a standard in a class offers to tutor it there.
- Asking: a student who is not there yet asks; the pure rule (`tutors.suggest_tutors`) picks
  the classmate to ask first, spreading requests. With nobody to ask the request waits for
  the teacher (state UNMATCHED: the inbox lists those). Asking starts a step on the peer
  route, which the session, once both confirm it, marks done (a "route step done" for the
  retake rules).
- The tutor accepts or declines. A declined request moves on to the next suggestion (never
  back to anyone who declined that tutee on that standard): the declined pair stays as it
  was, and a new pair carries the request and the step on. A tutee who asks someone else
  instead ends the pair they leave the same way. Nothing is deleted.
- Before accepting, the tutor sees only that a classmate asks for help on the standard;
  after, the tutee's name and, only if the tutee shares it, their error analysis on that
  standard (reasons, fixes, the reflection; never levels, scores or anything else).
- Either side ends an open pair; the teacher ends any, assigns a tutor by hand to a request
  nobody could take, and switches peer tutoring off for the class or for one student (who
  then neither offers nor is suggested).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.assessments.models import Attempt
from masterymap.interventions.models import (
    ErrorAnalysis,
    Route,
    Step,
    TutoringOff,
    TutorOffer,
    TutorPair,
)
from masterymap.interventions.sql import moment, table
from masterymap.interventions.tutors import Candidate, suggest_tutors
from masterymap.lib.errors import ActionError
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard

State = TutorPair.State
OPEN_STATES = tuple(TutorPair.OPEN_STATES)
PAST_SHOWN = 100  # past pairs listed on the teacher's page, newest first


def short_name(user: User | None) -> str:
    """How a classmate is named in tutoring: first name and last initial ("Ben B.")."""
    if user is None:
        return ""
    first = user.first_name.strip()
    last = user.last_name.strip()
    if not first:
        return user.display_name
    return f"{first} {last[0]}." if last else first


# --- access ---------------------------------------------------------------------------------


# --- reads ----------------------------------------------------------------------------------


def tutoring_off(classroom: Classroom, student: User | None = None) -> bool:
    """Whether peer tutoring is switched off for the class (or for `student` in it)."""
    wanted = Q(student__isnull=True)
    if student is not None:
        wanted |= Q(student=student)
    return TutoringOff.objects.filter(wanted, classroom=classroom).exists()


def has_mastered(classroom: Classroom, student: User, standard: Standard) -> bool:
    return MasteryRecord.objects.filter(
        classroom=classroom,
        student=student,
        standard=standard,
        status=MasteryRecord.State.MASTERED,
    ).exists()


def _count(qs: Any) -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values("tutor_id").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def candidates(classroom: Classroom, standard: Standard) -> list[Candidate]:
    """Every student of the class as the suggestion rule sees them for `standard`. One
    query."""
    me = OuterRef("pk")
    rows = (
        User.objects.filter(enrollments__classroom=classroom)
        .annotate(
            c_mastered=Exists(
                MasteryRecord.objects.filter(
                    classroom=classroom,
                    standard=standard,
                    student=me,
                    status=MasteryRecord.State.MASTERED,
                )
            ),
            c_offers=Exists(
                TutorOffer.objects.filter(classroom=classroom, standard=standard, tutor=me)
            ),
            c_off=Exists(
                TutoringOff.objects.filter(classroom=classroom).filter(
                    Q(student__isnull=True) | Q(student=me)
                )
            ),
            c_open=_count(
                TutorPair.objects.filter(classroom=classroom, tutor=me, state__in=OPEN_STATES)
            ),
            c_given=_count(
                TutorPair.objects.filter(classroom=classroom, tutor=me, state=State.DONE)
            ),
        )
        .order_by("pk")
        .values_list("pk", "c_mastered", "c_offers", "c_off", "c_open", "c_given")
    )
    return [
        Candidate(
            student_id=pk,
            mastered=mastered,
            offers=offers,
            allowed=not off,
            open_pairs=open_pairs,
            sessions_given=given,
        )
        for pk, mastered, offers, off, open_pairs, given in rows
    ]


def _decliners(classroom_id: int, tutee_id: int, standard_id: int) -> set[int]:
    """Who declined this tutee on this standard in this class: never asked again."""
    return {
        tutor_id
        for tutor_id in TutorPair.objects.filter(
            classroom_id=classroom_id,
            tutee_id=tutee_id,
            standard_id=standard_id,
            state=State.DECLINED,
        ).values_list("tutor_id", flat=True)
        if tutor_id is not None
    }


def suggestions(
    *, classroom: Classroom, standard: Standard, tutee: User, leave_out: Iterable[int] = ()
) -> list[int]:
    """Ids of the classmates to suggest to `tutee`, the one to ask first first, leaving out
    those who declined them on this standard and `leave_out`. Two queries."""
    skip = _decliners(classroom.pk, tutee.pk, standard.pk) | set(leave_out)
    pool = [c for c in candidates(classroom, standard) if c.student_id not in skip]
    return [c.student_id for c in suggest_tutors(tutee.pk, pool)]


def open_pair(*, classroom: Classroom, tutee: User, standard: Standard) -> TutorPair | None:
    """The tutee's open request on the standard, if any (one at a time)."""
    return (
        TutorPair.objects.filter(
            classroom=classroom, tutee=tutee, standard=standard, state__in=OPEN_STATES
        )
        .select_related("classroom", "standard", "tutee", "tutor", "step")
        .order_by("-requested_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class SharedMiss:
    reason: str  # the tutee's reason, in their words ("I misread the question")
    fix: str


@dataclass(frozen=True)
class SharedAnalysis:
    """One look back at a try, as a tutor may read it: no score, no level, no item."""

    form_label: str
    submitted_at: datetime | None
    misses: list[SharedMiss]
    summary: str


def shared_analyses(pair: TutorPair) -> list[SharedAnalysis]:
    """The tutee's error analyses on the pair's standard, newest try first: what a tutor
    reads when the tutee shares them. Two queries."""
    analyses = (
        ErrorAnalysis.objects.filter(
            attempt__student_id=pair.tutee_id, attempt__form__standard_id=pair.standard_id
        )
        .select_related("attempt__form")
        .prefetch_related("misses")
        .order_by("-attempt__submitted_at", "-pk")
    )
    found = []
    for a in analyses:
        misses = [
            SharedMiss(m.get_reason_display() if m.reason else "", m.fix)
            for m in a.misses.all()
            if m.reason or m.fix.strip()
        ]
        if misses or a.summary.strip():
            found.append(
                SharedAnalysis(a.attempt.form.label, a.attempt.submitted_at, misses, a.summary)
            )
    return found


@dataclass(frozen=True)
class Suggested:
    student_id: int
    name: str


@dataclass
class PairPage:
    """The tutoring page of one pair, for its tutee or its tutor."""

    pair: TutorPair
    role: str  # "tutee" or "tutor"
    tutor_name: str
    tutee_name: str  # empty for the tutor until they accept
    others: list[Suggested]  # the tutee may ask one of them instead
    analyses: list[SharedAnalysis] | None  # None: not shared (or not for this reader)

    @property
    def is_open(self) -> bool:
        return self.pair.state in OPEN_STATES

    @property
    def my_confirmation(self) -> datetime | None:
        p = self.pair
        return p.tutee_confirmed_at if self.role == "tutee" else p.tutor_confirmed_at

    @property
    def their_confirmation(self) -> datetime | None:
        p = self.pair
        return p.tutor_confirmed_at if self.role == "tutee" else p.tutee_confirmed_at


def pair_page(pair: TutorPair, user: User) -> PairPage:
    """What `user` (the pair's tutee or tutor, checked by the access helper) sees of it."""
    if pair.tutee_id == user.pk:
        others: list[Suggested] = []
        if pair.state in (State.UNMATCHED, State.ASKED):
            ids = suggestions(
                classroom=pair.classroom,
                standard=pair.standard,
                tutee=pair.tutee,
                leave_out=[pair.tutor_id] if pair.tutor_id else [],
            )
            people = {u.pk: u for u in User.objects.filter(pk__in=ids)}
            others = [Suggested(pk, short_name(people[pk])) for pk in ids if pk in people]
        return PairPage(pair, "tutee", short_name(pair.tutor), short_name(pair.tutee), others, None)
    accepted = pair.state in (State.ACCEPTED, State.DONE)
    # The tutor reads the analysis only while they tutor, and only if the tutee shares it.
    analyses = (
        shared_analyses(pair) if pair.state == State.ACCEPTED and pair.share_analysis else None
    )
    return PairPage(
        pair,
        "tutor",
        short_name(pair.tutor),
        short_name(pair.tutee) if accepted else "",
        [],
        analyses,
    )


def successor(pair: TutorPair) -> TutorPair | None:
    """The open pair that carries a request on after `pair` was declined or left."""
    if pair.state in OPEN_STATES:
        return None
    return open_pair(classroom=pair.classroom, tutee=pair.tutee, standard=pair.standard)


@dataclass
class UnmatchedRow:
    pair: TutorPair
    choices: list[tuple[int, str]]  # students who mastered the standard and may tutor


@dataclass
class StudentSwitch:
    student: User
    on: bool
    offers: int


@dataclass
class OfferRow:
    standard: Standard
    tutors: list[str]


@dataclass
class ClassTutoringPage:
    class_on: bool
    open_pairs: list[TutorPair]
    past_pairs: list[TutorPair]
    unmatched: list[UnmatchedRow]
    offers: list[OfferRow]
    students: list[StudentSwitch]


def class_page(classroom: Classroom) -> ClassTutoringPage:
    """Everything on the class's peer-tutoring page. Six queries, whatever the number of
    pairs, offers and students."""
    pairs = list(
        TutorPair.objects.filter(classroom=classroom)
        .select_related("standard", "tutee", "tutor", "ended_by")
        .order_by("-requested_at", "-pk")
    )
    open_pairs = [p for p in pairs if p.state in OPEN_STATES]
    open_pairs.sort(key=lambda p: (p.requested_at, p.pk))
    past = [p for p in pairs if p.state not in OPEN_STATES][:PAST_SHOWN]
    switched = list(
        TutoringOff.objects.filter(classroom=classroom).values_list("student_id", flat=True)
    )
    class_on = None not in switched
    off = {s for s in switched if s is not None}
    students = list(
        User.objects.filter(enrollments__classroom=classroom).order_by(
            "last_name", "first_name", "username"
        )
    )
    names = {s.pk: short_name(s) for s in students}
    offers_by_standard: dict[int, list[int]] = defaultdict(list)
    offer_rows = list(
        TutorOffer.objects.filter(classroom=classroom)
        .select_related("standard")
        .order_by("standard__position", "standard__code", "created_at")
    )
    standards: dict[int, Standard] = {}
    for o in offer_rows:
        standards[o.standard_id] = o.standard
        offers_by_standard[o.standard_id].append(o.tutor_id)
    unmatched = [p for p in open_pairs if p.state == State.UNMATCHED]
    mastered: dict[int, list[int]] = defaultdict(list)
    if unmatched:
        for student_id, standard_id in MasteryRecord.objects.filter(
            classroom=classroom,
            standard_id__in={p.standard_id for p in unmatched},
            status=MasteryRecord.State.MASTERED,
        ).values_list("student_id", "standard_id"):
            if student_id not in off and student_id in names:
                mastered[standard_id].append(student_id)
    return ClassTutoringPage(
        class_on=class_on,
        open_pairs=open_pairs,
        past_pairs=past,
        unmatched=[
            UnmatchedRow(
                p,
                sorted(
                    ((s, names[s]) for s in mastered[p.standard_id] if s != p.tutee_id),
                    key=lambda c: c[1],
                ),
            )
            for p in unmatched
        ],
        offers=[
            OfferRow(standards[sid], [names[t] for t in tutors if t in names])
            for sid, tutors in offers_by_standard.items()
        ],
        students=[
            StudentSwitch(
                s, s.pk not in off, sum(1 for t in offers_by_standard.values() if s.pk in t)
            )
            for s in students
        ],
    )


@dataclass(frozen=True)
class Session:
    code: str  # the standard's
    with_name: str  # the other side's first name
    on: datetime


@dataclass
class TrackerTutoring:
    given: list[Session] = field(default_factory=list)
    received: list[Session] = field(default_factory=list)


@lru_cache(maxsize=4)
def _sessions_sql(vendor: str) -> str:
    """A student's sessions held in a class, with both sides' names. Written out: through
    the ORM (three joined models) this read cost every tracker about 1 ms of CPU to build,
    for a query that usually finds nothing."""
    pair, standard, user = table(TutorPair), table(Standard), table(User)
    return (
        "SELECT p.id, p.tutor_id, s.code, p.requested_at, p.tutee_confirmed_at,"
        " p.tutor_confirmed_at, te.first_name, te.last_name, te.username,"
        f" tr.first_name, tr.last_name, tr.username FROM {pair} p"
        f" JOIN {standard} s ON s.id = p.standard_id"
        f" JOIN {user} te ON te.id = p.tutee_id LEFT JOIN {user} tr ON tr.id = p.tutor_id"
        " WHERE p.classroom_id = %(room)s AND p.state = %(done)s"
        " AND (p.tutor_id = %(student)s OR p.tutee_id = %(student)s)"
    )


def _short(first: str | None, last: str | None, username: str | None) -> str:
    """As `_first`, from a row: the first name, else the display name."""
    return (first or "").strip() or f"{first or ''} {last or ''}".strip() or (username or "")


def tracker_context(classroom: Classroom, student: User) -> dict[str, Any]:
    """What the tracker shows about `student`'s tutoring in `classroom`: the sessions they
    gave and received (both sides confirmed), newest first. One query."""
    found = TrackerTutoring()
    params: dict[str, int | str] = {
        "room": classroom.pk,
        "done": State.DONE.value,
        "student": student.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(_sessions_sql(connection.vendor), params)
        rows = cursor.fetchall()
    held = []
    for pk, tutor_id, code, requested, tutee_ok, tutor_ok, *names in rows:
        times = [t for t in (moment(tutee_ok), moment(tutor_ok)) if t is not None]
        on = max(times) if times else moment(requested)
        assert on is not None
        held.append((on, pk, tutor_id, code, names))
    for on, _pk, tutor_id, code, names in sorted(held, reverse=True):
        if tutor_id == student.pk:
            found.given.append(Session(code, _short(*names[:3]), on))
        else:
            found.received.append(Session(code, _short(*names[3:]), on))
    return {"tutoring": found, "tutoring_student": student}


def _first(user: User | None) -> str:
    if user is None:
        return ""
    return user.first_name.strip() or user.display_name


@dataclass
class OwnOffer:
    standard: Standard
    offered: bool


@dataclass
class OffersPage:
    """A student's page of offers to tutor: every standard they mastered in the class, in
    map order, and whether they offer it."""

    tutoring_on: bool
    standards: list[OwnOffer]

    @property
    def offered(self) -> int:
        return sum(1 for row in self.standards if row.offered)


def offers_page(classroom: Classroom, student: User) -> OffersPage:
    """What the student's offers page shows. Three queries."""
    mastered = Standard.objects.filter(
        Exists(
            MasteryRecord.objects.filter(
                classroom=classroom,
                student=student,
                standard=OuterRef("pk"),
                status=MasteryRecord.State.MASTERED,
            )
        ),
        mastery_map_id=classroom.mastery_map_id,
    ).select_related("unit")
    offered = set(
        TutorOffer.objects.filter(classroom=classroom, tutor=student).values_list(
            "standard_id", flat=True
        )
    )
    return OffersPage(
        tutoring_on=not tutoring_off(classroom, student),
        standards=[OwnOffer(s, s.pk in offered) for s in mastered],
    )


# --- writes: offers -------------------------------------------------------------------------


def _refuse_if_off(classroom: Classroom, student: User) -> None:
    if tutoring_off(classroom, student):
        raise ActionError(_("Your teacher has switched peer tutoring off here."))


@transaction.atomic
def offer_to_tutor(
    *, classroom: Classroom, student: User, standard: Standard, at: datetime | None = None
) -> TutorOffer:
    """The student offers to tutor a standard they mastered in this class."""
    _refuse_if_off(classroom, student)
    if not has_mastered(classroom, student, standard):
        raise ActionError(_("You can offer to tutor a standard once you have mastered it."))
    offer, _created = TutorOffer.objects.get_or_create(
        classroom=classroom,
        tutor=student,
        standard=standard,
        defaults={"created_at": at or timezone.now()},
    )
    return offer


@transaction.atomic
def stop_offering(*, classroom: Classroom, student: User, standard: Standard) -> None:
    """Withdraw the offer (requests already accepted go on)."""
    TutorOffer.objects.filter(classroom=classroom, tutor=student, standard=standard).delete()


# --- writes: requests -----------------------------------------------------------------------


def _lock_class(classroom: Classroom) -> None:
    """Requests in a class are matched one at a time, so two tutees asking at once are not
    both sent to the same free tutor."""
    Classroom.objects.select_for_update().filter(pk=classroom.pk).first()


def _lock(pair: TutorPair) -> TutorPair:
    return (
        TutorPair.objects.select_for_update(of=("self",))
        .select_related("classroom", "standard", "tutee", "tutor", "step")
        .get(pk=pair.pk)
    )


def _latest_attempt(student: User, standard: Standard) -> Attempt | None:
    return (
        Attempt.objects.filter(
            student=student, form__standard=standard, status=Attempt.Status.SUBMITTED
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _carry_on(old: TutorPair, *, at: datetime, leave_out: Iterable[int] = ()) -> TutorPair:
    """A new pair carrying `old`'s request and step to the next suggestion, or to the
    teacher when there is none."""
    ids = suggestions(
        classroom=old.classroom, standard=old.standard, tutee=old.tutee, leave_out=leave_out
    )
    return TutorPair.objects.create(
        classroom=old.classroom,
        standard=old.standard,
        tutee=old.tutee,
        tutor_id=ids[0] if ids else None,
        step=old.step,
        state=State.ASKED if ids else State.UNMATCHED,
        share_analysis=old.share_analysis,
        requested_at=at,
    )


@transaction.atomic
def ask_for_tutor(
    *, classroom: Classroom, student: User, standard: Standard, at: datetime | None = None
) -> TutorPair:
    """A student who is not there yet asks for a peer tutor: a step on the peer route and
    a pair with the first suggestion (ASKED), or nobody yet (UNMATCHED: the teacher's inbox
    shows it). Asking again while a request is open returns that request."""
    at = at or timezone.now()
    _lock_class(classroom)
    if not classroom.enrollments.filter(student=student).exists():
        raise ActionError(_("Only students of this class can ask for a peer tutor here."))
    if standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That standard is not on this class's map."))
    existing = open_pair(classroom=classroom, tutee=student, standard=standard)
    if existing is not None:
        if existing.step is None or existing.step.cancelled_at is None:
            return existing
        # Its step was cancelled elsewhere ("Change my mind"): that request is over.
        existing.state = State.ENDED
        existing.ended_at = at
        existing.ended_by = student
        existing.save(update_fields=["state", "ended_at", "ended_by"])
    _refuse_if_off(classroom, student)
    if has_mastered(classroom, student, standard):
        raise ActionError(_("You have mastered this standard already."))
    step = (
        Step.objects.filter(
            classroom=classroom,
            student=student,
            standard=standard,
            done_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .order_by("-started_at", "-pk")
        .first()
    )
    if step is not None and step.route != Route.PEER:
        raise ActionError(_("You already have a step: mark it done or change your mind first."))
    if step is None:
        step = Step.objects.create(
            classroom=classroom,
            student=student,
            standard=standard,
            route=Route.PEER,
            after_attempt=_latest_attempt(student, standard),
            chosen_by=student,
            started_at=at,
        )
    ids = suggestions(classroom=classroom, standard=standard, tutee=student)
    return TutorPair.objects.create(
        classroom=classroom,
        standard=standard,
        tutee=student,
        tutor_id=ids[0] if ids else None,
        step=step,
        state=State.ASKED if ids else State.UNMATCHED,
        requested_at=at,
    )


@transaction.atomic
def ask_another_tutor(
    *, pair: TutorPair, tutor_id: int, by: User, at: datetime | None = None
) -> TutorPair:
    """The tutee asks one of the other suggestions instead, before anyone accepted. From
    nobody yet, the pair itself asks them; from someone, that pair ends and a new one asks."""
    at = at or timezone.now()
    _lock_class(pair.classroom)
    pair = _lock(pair)
    if by.pk != pair.tutee_id:
        raise ActionError(_("Only the student who asked can choose their tutor."))
    if pair.state not in (State.UNMATCHED, State.ASKED):
        raise ActionError(_("This request has been answered already."))
    leave_out = [pair.tutor_id] if pair.tutor_id else []
    if tutor_id not in suggestions(
        classroom=pair.classroom, standard=pair.standard, tutee=pair.tutee, leave_out=leave_out
    ):
        raise ActionError(_("That classmate cannot be asked right now. Pick another."))
    if pair.state == State.UNMATCHED:
        pair.tutor_id = tutor_id
        pair.state = State.ASKED
        pair.requested_at = at
        pair.save(update_fields=["tutor", "state", "requested_at"])
        return pair
    pair.state = State.ENDED
    pair.ended_at = at
    pair.ended_by = by
    pair.save(update_fields=["state", "ended_at", "ended_by"])
    return TutorPair.objects.create(
        classroom=pair.classroom,
        standard=pair.standard,
        tutee=pair.tutee,
        tutor_id=tutor_id,
        step=pair.step,
        state=State.ASKED,
        share_analysis=pair.share_analysis,
        requested_at=at,
    )


@transaction.atomic
def assign_tutor(
    *, pair: TutorPair, tutor_id: int, by: User, at: datetime | None = None
) -> TutorPair:
    """The teacher picks a tutor by hand for a request nobody could take: a student of the
    class who mastered the standard, peer tutoring not switched off for them. They are
    asked like any tutor (they accept or decline)."""
    at = at or timezone.now()
    _lock_class(pair.classroom)
    pair = _lock(pair)
    if pair.state != State.UNMATCHED:
        raise ActionError(_("This request has a tutor already."))
    tutor = User.objects.filter(pk=tutor_id, enrollments__classroom=pair.classroom).first()
    if tutor is None or tutor.pk == pair.tutee_id:
        raise ActionError(_("Pick a student of this class."))
    if not has_mastered(pair.classroom, tutor, pair.standard):
        raise ActionError(_("Pick a student who has mastered this standard."))
    if tutoring_off(pair.classroom, tutor):
        raise ActionError(_("Peer tutoring is switched off for that student."))
    pair.tutor = tutor
    pair.state = State.ASKED
    pair.requested_at = at
    pair.save(update_fields=["tutor", "state", "requested_at"])
    return pair


@transaction.atomic
def accept_request(*, pair: TutorPair, by: User, at: datetime | None = None) -> TutorPair:
    """The asked tutor says yes."""
    pair = _lock(pair)
    if by.pk != pair.tutor_id:
        raise ActionError(_("Only the classmate who was asked can answer."))
    if pair.state == State.ACCEPTED:
        return pair
    if pair.state != State.ASKED:
        raise ActionError(_("This request is no longer open."))
    _refuse_if_off(pair.classroom, by)
    pair.state = State.ACCEPTED
    pair.answered_at = at or timezone.now()
    pair.save(update_fields=["state", "answered_at"])
    return pair


@transaction.atomic
def decline_request(*, pair: TutorPair, by: User, at: datetime | None = None) -> TutorPair:
    """The asked tutor says no: the request moves on to the next suggestion (never back to
    anyone who declined this tutee on this standard), or to the teacher. Returns the pair
    that carries the request now."""
    at = at or timezone.now()
    _lock_class(pair.classroom)
    pair = _lock(pair)
    if by.pk != pair.tutor_id:
        raise ActionError(_("Only the classmate who was asked can answer."))
    if pair.state != State.ASKED:
        raise ActionError(_("This request is no longer open."))
    pair.state = State.DECLINED
    pair.answered_at = at
    pair.save(update_fields=["state", "answered_at"])
    return _carry_on(pair, at=at)


def _close_step(step: Step | None, *, by: User, at: datetime, done: bool) -> None:
    if step is None:
        return
    step = Step.objects.select_for_update().get(pk=step.pk)
    if not step.is_open:
        return
    if done:
        step.done_at, step.done_by = at, by
        step.save(update_fields=["done_at", "done_by"])
    else:
        step.cancelled_at, step.cancelled_by = at, by
        step.save(update_fields=["cancelled_at", "cancelled_by"])


@transaction.atomic
def confirm_session(*, pair: TutorPair, by: User, at: datetime | None = None) -> TutorPair:
    """The tutee or the tutor confirms the session happened. Once both have, the pair is
    done and the tutee's step on the peer route is done (by the second to confirm)."""
    at = at or timezone.now()
    pair = _lock(pair)
    if pair.state == State.DONE:
        return pair
    if pair.state != State.ACCEPTED:
        raise ActionError(_("Only a session the tutor accepted can be confirmed."))
    if by.pk == pair.tutee_id:
        if pair.tutee_confirmed_at is None:
            pair.tutee_confirmed_at = at
    elif by.pk == pair.tutor_id:
        if pair.tutor_confirmed_at is None:
            pair.tutor_confirmed_at = at
    else:
        raise ActionError(_("Only the tutor and the student tutored confirm a session."))
    fields = ["tutee_confirmed_at", "tutor_confirmed_at"]
    if pair.tutee_confirmed_at is not None and pair.tutor_confirmed_at is not None:
        pair.state = State.DONE
        fields.append("state")
        _close_step(pair.step, by=by, at=at, done=True)
    pair.save(update_fields=fields)
    return pair


@transaction.atomic
def end_pair(*, pair: TutorPair, by: User, at: datetime | None = None) -> TutorPair:
    """End an open pair: the tutee (any time), the tutor (once they accepted; before, they
    decline), or a teacher of the class (the view checks). The tutee's step is cancelled."""
    at = at or timezone.now()
    pair = _lock(pair)
    if pair.state not in OPEN_STATES:
        raise ActionError(_("This tutoring is over already."))
    if by.is_student:
        if by.pk == pair.tutor_id and pair.state == State.ASKED:
            raise ActionError(_("Answer the request instead: accept or decline it."))
        if by.pk not in (pair.tutee_id, pair.tutor_id):
            raise ActionError(_("Only the tutor and the student tutored can end this."))
    pair.state = State.ENDED
    pair.ended_at = at
    pair.ended_by = by
    pair.save(update_fields=["state", "ended_at", "ended_by"])
    _close_step(pair.step, by=by, at=at, done=False)
    return pair


@transaction.atomic
def set_share_analysis(*, pair: TutorPair, by: User, share: bool) -> TutorPair:
    """The tutee decides whether their tutor may read their error analysis on the standard."""
    pair = _lock(pair)
    if by.pk != pair.tutee_id:
        raise ActionError(_("Only the student tutored decides what their tutor may see."))
    if pair.state not in OPEN_STATES:
        raise ActionError(_("This tutoring is over already."))
    if pair.share_analysis != share:
        pair.share_analysis = share
        pair.save(update_fields=["share_analysis"])
    return pair


# --- writes: the teacher's switches -----------------------------------------------------------


@transaction.atomic
def switch_tutoring(
    *,
    classroom: Classroom,
    on: bool,
    by: User,
    student: User | None = None,
    at: datetime | None = None,
) -> None:
    """Switch peer tutoring on or off for the class (no student) or for one student of it
    (who then neither offers nor is suggested)."""
    if (
        student is not None
        and not Enrollment.objects.filter(classroom=classroom, student=student).exists()
    ):
        raise ActionError(_("That student is not in this class."))
    rows = TutoringOff.objects.filter(classroom=classroom)
    rows = (
        rows.filter(student=student) if student is not None else rows.filter(student__isnull=True)
    )
    if on:
        rows.delete()
    elif not rows.exists():
        TutoringOff.objects.create(
            classroom=classroom, student=student, by=by, at=at or timezone.now()
        )
