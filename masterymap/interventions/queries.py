"""What a student's map and tracker show after the score, per standard: whether the next
form is locked and why, the current step of their route, a small group they are invited
to, their peer-tutoring pairs and offers. Three queries for a map with none of these (rules,
events, nothing else), one more per kind of thing shown when there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import CharField, F, IntegerField, Q, Value
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import Classroom, User
from masterymap.interventions.models import (
    ErrorAnalysis,
    GroupMember,
    RetakeUnlock,
    SmallGroup,
    Step,
    TutoringOff,
    TutorOffer,
    TutorPair,
)
from masterymap.mastery.engine import retake_rules_by_standard
from masterymap.mastery.queries.tracker import Tracker, TrackerRow
from masterymap.mastery.retake import RetakeState, retake
from masterymap.mastery.status import Status

from .retakes import RetakeFacts


@dataclass
class CardExtras:
    """After-the-score facts for one standard of one student's map."""

    retake: RetakeFacts | None = None  # None: no submitted attempt, or mastered
    last_attempt_id: int | None = None  # the latest submitted attempt
    analysis_finished: bool = False  # of the latest submitted attempt
    current_step: Step | None = None  # the newest step still open
    steps_done: int = 0
    group: SmallGroup | None = None  # the next small group they are invited to
    tutee_pair: TutorPair | None = None  # their open request for a peer tutor
    tutee_done: TutorPair | None = None  # their latest peer-tutoring session held
    tutor_pairs: list[TutorPair] = field(default_factory=list)  # pairs where they tutor
    offered: bool = False  # they offered to tutor this standard

    @property
    def locked(self) -> bool:
        return self.retake is not None and not self.retake.verdict.open

    @property
    def shows_anything(self) -> bool:
        """Whether the card has a lock, a step, a group or a pair to show (the offer to
        tutor aside): the map includes the card's part only then."""
        return bool(
            self.locked
            or self.current_step
            or self.group
            or self.tutee_pair
            or self.tutee_done
            or self.tutor_pairs
        )


@dataclass
class MapExtras:
    cards: dict[int, CardExtras]
    tutoring_on: bool  # neither the class nor this student has peer tutoring switched off
    offer_prefix: str = ""  # "/classes/1/standards/": + "<id>/tutor/offer/", reversed once

    def for_row(self, row: TrackerRow) -> CardExtras:
        return self.cards.get(row.cell.standard.pk) or CardExtras()


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def map_extras(
    *, classroom: Classroom, student: User, tracker: Tracker, now: datetime | None = None
) -> MapExtras:
    now = now or timezone.now()
    rows = {row.cell.standard.pk: row for unit in tracker.units for row in unit.rows}
    last: dict[int, tuple[int, datetime]] = {}
    for standard_id, row in rows.items():
        submitted = [a for a in row.attempts if a.submitted_at is not None]
        if submitted:
            newest = max(submitted, key=lambda a: (a.submitted_at, a.id))
            assert newest.submitted_at is not None
            last[standard_id] = (newest.id, newest.submitted_at)
    mine = Q(classroom=classroom, student=student)
    today = timezone.localdate(now)
    # One round trip for everything that may have happened on the map: (what, standard,
    # when, row id, the group's id for a membership).
    columns = ("e_what", "e_sid", "e_at", "e_rid", "e_extra")

    def tagged(qs, what: str, sid: str, at: str, extra: str = ""):  # type: ignore[no-untyped-def]
        return (
            qs.order_by()
            .annotate(
                e_what=_text(what),
                e_sid=F(sid) if sid else Value(0, output_field=IntegerField()),
                e_at=F(at),
                e_rid=F("pk"),
                e_extra=F(extra) if extra else Value(0, output_field=IntegerField()),
            )
            .values_list(*columns)
        )

    events = tagged(
        ErrorAnalysis.objects.filter(
            attempt_id__in=[a for a, _at in last.values()], finished_at__isnull=False
        ),
        "reflected",
        "attempt__form__standard_id",
        "finished_at",
    ).union(
        tagged(
            Step.objects.filter(mine, cancelled_at__isnull=True, done_at__isnull=True),
            "step",
            "standard_id",
            "started_at",
        ),
        tagged(
            Step.objects.filter(mine, cancelled_at__isnull=True, done_at__isnull=False),
            "step_done",
            "standard_id",
            "done_at",
        ),
        tagged(RetakeUnlock.objects.filter(mine), "unlock", "standard_id", "at"),
        tagged(
            GroupMember.objects.filter(
                student=student,
                group__classroom=classroom,
                group__cancelled_at__isnull=True,
                group__meets_at__date__gte=today,
            ),
            "group",
            "group__standard_id",
            "group__meets_at",
            "group_id",
        ),
        tagged(
            TutorPair.objects.filter(
                classroom=classroom, tutee=student, state__in=TutorPair.OPEN_STATES
            ),
            "tutee",
            "standard_id",
            "requested_at",
        ),
        tagged(
            TutorPair.objects.filter(
                classroom=classroom, tutee=student, state=TutorPair.State.DONE
            ),
            "tutee_done",
            "standard_id",
            "requested_at",
        ),
        tagged(
            TutorPair.objects.filter(
                classroom=classroom, tutor=student, state__in=TutorPair.OPEN_STATES
            ),
            "tutor",
            "standard_id",
            "requested_at",
        ),
        tagged(
            TutorOffer.objects.filter(classroom=classroom, tutor=student),
            "offer",
            "standard_id",
            "created_at",
        ),
        tagged(
            TutoringOff.objects.filter(
                Q(student__isnull=True) | Q(student=student), classroom=classroom
            ),
            "off",
            "",
            "at",
        ),
        all=True,
    )
    seen: dict[str, list[tuple[int, datetime | None, int, int]]] = defaultdict(list)
    for what, sid, at, rid, extra in events:
        seen[what].append((sid, at, rid, extra))
    cards: dict[int, CardExtras] = defaultdict(CardExtras)
    reflected = {sid for sid, _at, _rid, _o in seen["reflected"]}
    done_after: dict[int, datetime] = {}
    for sid, at, _rid, _o in seen["step_done"]:
        if at is not None:
            done_after[sid] = max(at, done_after.get(sid, at))
            cards[sid].steps_done += 1
    unlocked: dict[int, datetime] = {}
    for sid, at, _rid, _o in seen["unlock"]:
        if at is not None:
            unlocked[sid] = max(at, unlocked.get(sid, at))
    for sid, _at, _rid, _o in seen["offer"]:
        cards[sid].offered = True
    # The retake rules, only where a retake is possible: not yet there, no sitting open.
    waiting = [
        sid
        for sid, row in rows.items()
        if sid in last and row.cell.status is not Status.MASTERED and not row.open_sitting
    ]
    # Read even with nothing to decide, so the map's query count never depends on the
    # student's history.
    class_rules, own_rules = retake_rules_by_standard(classroom.pk)
    zone = timezone.get_current_timezone()
    for sid in waiting:
        row, (attempt_id, since) = rows[sid], last[sid]
        rules = own_rules.get(sid, class_rules)
        state = RetakeState(
            forms_taken=len(row.attempts),
            forms_left=row.forms_left,
            last_submitted=since,
            reflected=sid in reflected,
            step_done=done_after.get(sid, since) > since,
            unlocked_by_teacher=unlocked.get(sid, since) > since,
        )
        cards[sid].retake = RetakeFacts(
            rules, state, retake(rules, state, now=now, zone=zone), attempt_id
        )
    for sid, (attempt_id, _since) in last.items():
        cards[sid].last_attempt_id = attempt_id
        cards[sid].analysis_finished = sid in reflected
    # Details only for what there is to show.
    open_steps = [rid for _sid, _at, rid, _x in seen["step"]]
    if open_steps:
        for step in Step.objects.filter(pk__in=open_steps).select_related("resource"):
            current = cards[step.standard_id].current_step
            if current is None or (step.started_at, step.pk) > (current.started_at, current.pk):
                cards[step.standard_id].current_step = step
    group_ids = [rid for _sid, _at, _mid, rid in seen["group"]]
    if group_ids:
        for group in SmallGroup.objects.filter(pk__in=group_ids).order_by("meets_at", "pk"):
            if cards[group.standard_id].group is None:
                cards[group.standard_id].group = group
    pair_ids = [rid for kind in ("tutee", "tutee_done", "tutor") for _s, _a, rid, _o in seen[kind]]
    if pair_ids:
        pairs = TutorPair.objects.filter(pk__in=pair_ids).select_related("tutor", "tutee")
        for pair in pairs.order_by("requested_at", "pk"):
            if pair.tutee_id != student.pk:
                cards[pair.standard_id].tutor_pairs.append(pair)
            elif pair.state == TutorPair.State.DONE:
                cards[pair.standard_id].tutee_done = pair  # the latest wins
            else:
                cards[pair.standard_id].tutee_pair = pair
    offer = reverse("interventions:tutor-offer", args=[classroom.pk, 1])
    return MapExtras(
        cards=dict(cards),
        tutoring_on=not seen["off"],
        offer_prefix=offer.removesuffix("1/tutor/offer/"),
    )
