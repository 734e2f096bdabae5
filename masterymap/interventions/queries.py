"""What a student's map and tracker show after the score, per standard: whether the next
form is locked and why, the current step of their route, a small group they are invited
to, their peer-tutoring pairs and offers. Three queries for a map with none of these (rules,
events, nothing else), one more per kind of thing shown when there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Form
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
from .sql import moment, table


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
    offers: int = 0  # standards they offer to tutor (made on the offers page)

    def for_row(self, row: TrackerRow) -> CardExtras:
        return self.cards.get(row.cell.standard.pk) or CardExtras()


@lru_cache(maxsize=4)
def _events_sql(vendor: str) -> str:
    """Everything that may have happened on one student's map, in one round trip:
    (what, standard, when, row id, extra). Written out: the same union built through the
    ORM (ten querysets) cost the map about 5 ms of CPU per view, for a query the database
    runs in a fraction of one. Plain SQL that both SQLite and PostgreSQL read."""
    analysis, attempt, form = table(ErrorAnalysis), table(Attempt), table(Form)
    step, unlock, member, group = (
        table(Step),
        table(RetakeUnlock),
        table(GroupMember),
        table(SmallGroup),
    )
    pair, offer, off = table(TutorPair), table(TutorOffer), table(TutoringOff)
    open_states = ", ".join(f"%(open{i})s" for i in range(len(TutorPair.OPEN_STATES)))
    parts = [
        # The reflected attempt's id: the caller keeps only each standard's latest attempt.
        f"SELECT 'reflected', f.standard_id, x.finished_at, x.attempt_id, 0 FROM {analysis} x"
        f" JOIN {attempt} a ON a.id = x.attempt_id JOIN {form} f ON f.id = a.form_id"
        " WHERE a.student_id = %(student)s AND x.finished_at IS NOT NULL",
        f"SELECT 'step', standard_id, started_at, id, 0 FROM {step} WHERE classroom_id = %(room)s"
        " AND student_id = %(student)s AND cancelled_at IS NULL AND done_at IS NULL",
        f"SELECT 'step_done', standard_id, done_at, id, 0 FROM {step}"
        " WHERE classroom_id = %(room)s AND student_id = %(student)s"
        " AND cancelled_at IS NULL AND done_at IS NOT NULL",
        f"SELECT 'unlock', standard_id, at, id, 0 FROM {unlock}"
        " WHERE classroom_id = %(room)s AND student_id = %(student)s",
        f"SELECT 'group', g.standard_id, g.meets_at, m.id, g.id FROM {member} m"
        f" JOIN {group} g ON g.id = m.group_id WHERE m.student_id = %(student)s"
        " AND g.classroom_id = %(room)s AND g.cancelled_at IS NULL"
        " AND g.meets_at >= %(day_start)s",
        f"SELECT 'tutee', standard_id, requested_at, id, 0 FROM {pair}"
        f" WHERE classroom_id = %(room)s AND tutee_id = %(student)s AND state IN ({open_states})",
        f"SELECT 'tutee_done', standard_id, requested_at, id, 0 FROM {pair}"
        " WHERE classroom_id = %(room)s AND tutee_id = %(student)s AND state = %(done)s",
        f"SELECT 'tutor', standard_id, requested_at, id, 0 FROM {pair}"
        f" WHERE classroom_id = %(room)s AND tutor_id = %(student)s AND state IN ({open_states})",
        f"SELECT 'offer', standard_id, created_at, id, 0 FROM {offer}"
        " WHERE classroom_id = %(room)s AND tutor_id = %(student)s",
        f"SELECT 'off', 0, at, id, 0 FROM {off} WHERE classroom_id = %(room)s"
        " AND (student_id IS NULL OR student_id = %(student)s)",
    ]
    return " UNION ALL ".join(parts)


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
    today = timezone.localdate(now)
    day_start = datetime.combine(today, time.min, tzinfo=timezone.get_current_timezone())
    params: dict[str, int | str | None] = {
        "room": classroom.pk,
        "student": student.pk,
        "day_start": connection.ops.adapt_datetimefield_value(day_start),
        "done": TutorPair.State.DONE.value,
        **{f"open{i}": state.value for i, state in enumerate(TutorPair.OPEN_STATES)},
    }
    with connection.cursor() as cursor:
        cursor.execute(_events_sql(connection.vendor), params)
        events = cursor.fetchall()
    seen: dict[str, list[tuple[int, datetime | None, int, int]]] = defaultdict(list)
    for what, sid, at, rid, extra in events:
        seen[what].append((sid, moment(at), rid, extra))
    cards: dict[int, CardExtras] = defaultdict(CardExtras)
    latest_ids = {attempt_id for attempt_id, _since in last.values()}
    reflected = {sid for sid, _at, rid, _o in seen["reflected"] if rid in latest_ids}
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
    return MapExtras(cards=dict(cards), tutoring_on=not seen["off"], offers=len(seen["offer"]))
