"""Where students stand with the retake rules (mastery.retake): the facts the pure rule
needs, read in a bounded number of queries, for one student (the map, "I'm ready") or a
whole class (the inbox, the grid's waiting list).

What counts since the last submitted attempt:
- reflected: the error analysis of that attempt is finished;
- step done: a step of the route on that standard was done after it;
- unlocked: a teacher unlocked the retake after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Value
from django.utils import timezone

from masterymap.accounts.models import Classroom
from masterymap.assessments.models import Attempt, Form
from masterymap.interventions.models import ErrorAnalysis, RetakeUnlock, Step
from masterymap.lib.rows import aware_datetime
from masterymap.mastery.engine import retake_rules_by_standard, retake_rules_for
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.retake import RetakeRules, RetakeState, RetakeVerdict, retake

Cell = tuple[int, int]  # (student_id, standard_id)


class SatForm(NamedTuple):
    """One attempt as the rules see it. A tuple, not a dataclass: a big class's waiting
    list makes tens of thousands of them, and a frozen dataclass is slow to make."""

    attempt_id: int
    form_label: str
    submitted_at: datetime | None
    # Handed in with written answers the teacher has not scored yet.
    awaiting: bool = False


@dataclass(frozen=True)
class RetakeFacts:
    rules: RetakeRules
    state: RetakeState
    verdict: RetakeVerdict
    last_attempt_id: int | None  # the latest submitted attempt, whose reflection counts


class Sittings(NamedTuple):
    """A cell's sittings as the retake rule counts them, every form handed in."""

    taken: int  # forms sat
    forms_left: int  # usable forms not sat yet
    last_attempt_id: int  # the latest handed in, whose reflection counts
    last_submitted: datetime


def _latest(sat: list[SatForm]) -> SatForm | None:
    submitted = [s for s in sat if s.submitted_at is not None]
    return max(submitted, key=lambda s: (s.submitted_at, s.attempt_id)) if submitted else None


def facts_for(
    *,
    classroom: Classroom,
    sittings: dict[Cell, Sittings],
    now: datetime | None = None,
) -> dict[Cell, RetakeFacts]:
    """The retake verdict for every cell in `sittings`. Four queries at most, whatever the
    number of cells: rules, finished analyses, steps done, unlocks."""
    if not sittings:
        return {}
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    class_rules, own_rules = retake_rules_by_standard(classroom.pk)
    students = {cell[0] for cell in sittings}
    standards = {cell[1] for cell in sittings}
    # By student and standard, not by the latest attempts' ids: thousands of those in a
    # big class, each prepared by the ORM (a third of the waiting list's time, bench/).
    reflected = set(
        ErrorAnalysis.objects.filter(
            attempt__student_id__in=students,
            attempt__form__standard_id__in=standards,
            finished_at__isnull=False,
        ).values_list("attempt_id", flat=True)
    )
    done: dict[Cell, datetime] = {}
    for student_id, standard_id, done_at in Step.objects.filter(
        classroom=classroom,
        student_id__in=students,
        standard_id__in=standards,
        done_at__isnull=False,
        cancelled_at__isnull=True,
    ).values_list("student_id", "standard_id", "done_at"):
        cell = (student_id, standard_id)
        assert done_at is not None
        done[cell] = max(done_at, done.get(cell, done_at))
    unlocked: dict[Cell, datetime] = {}
    for student_id, standard_id, at in RetakeUnlock.objects.filter(
        classroom=classroom, student_id__in=students, standard_id__in=standards
    ).values_list("student_id", "standard_id", "at"):
        cell = (student_id, standard_id)
        unlocked[cell] = max(at, unlocked.get(cell, at))
    facts: dict[Cell, RetakeFacts] = {}
    for cell, sat in sittings.items():
        since = sat.last_submitted
        rules = own_rules.get(cell[1], class_rules)
        state = RetakeState(
            forms_taken=sat.taken,
            forms_left=sat.forms_left,
            last_submitted=since,
            reflected=sat.last_attempt_id in reflected,
            step_done=done.get(cell, since) > since,
            unlocked_by_teacher=unlocked.get(cell, since) > since,
        )
        facts[cell] = RetakeFacts(
            rules, state, retake(rules, state, now=now, zone=zone), sat.last_attempt_id
        )
    return facts


def _usable(standard_ids: Iterable[int], column: str) -> dict[int, set[Any]]:
    usable: dict[int, set[Any]] = defaultdict(set)
    for standard_id, value in (
        Form.objects.filter(
            standard_id__in=list(standard_ids), form_items__isnull=False, archived_at__isnull=True
        )
        .values_list("standard_id", column)
        .distinct()
    ):
        usable[standard_id].add(value)
    return usable


def usable_forms(standard_ids: Iterable[int]) -> dict[int, set[str]]:
    """Each standard's form labels that have items and are not archived. One query."""
    return _usable(standard_ids, "label")


def usable_form_ids(standard_ids: Iterable[int]) -> dict[int, set[int]]:
    """`usable_forms` by id (a label names one form of a standard). One query."""
    return _usable(standard_ids, "id")


def sat_forms(
    *, student_ids: Iterable[int], standard_ids: Iterable[int]
) -> dict[Cell, list[SatForm]]:
    """Every attempt of these students on these standards, oldest first. One query."""
    attempts = Attempt.objects.filter(
        student_id__in=list(student_ids), form__standard_id__in=list(standard_ids)
    )
    sat: dict[Cell, list[SatForm]] = defaultdict(list)
    for attempt_id, student_id, standard_id, label, submitted_at, status in attempts.order_by(
        "started_at", "id"
    ).values_list("id", "student_id", "form__standard_id", "form__label", "submitted_at", "status"):
        sat[(student_id, standard_id)].append(
            SatForm(attempt_id, label, submitted_at, status == Attempt.Status.AWAITING)
        )
    return sat


def unmastered_sittings(
    classroom: Classroom,
    *,
    student_ids: Iterable[int],
    standard_ids: Iterable[int],
    usable: dict[int, set[int]],
) -> dict[Cell, Sittings]:
    """The sittings of every cell `classroom` does not count as mastered (a record not
    mastered, or no record at all) where the student sat a form and has none open, summed
    up per cell in the database. `usable`: each standard's usable forms (`usable_form_ids`).
    One query, written out.

    Which attempts: most of a class's cells are mastered, and their attempts were most of
    the rows. Asking for every attempt and keeping those whose record is not mastered (NOT
    EXISTS) made SQLite look up 120,000 attempts and as many records for the class of 600
    (313 ms of SQL, bench/); starting from the records not mastered reads only the
    attempts kept. The second half finds cells without a record: distinct cells first,
    from the attempts' index alone, then one look-up per cell, not per attempt. Usually
    every cell has its record (one per class, student and standard: a unique constraint),
    so that half runs only when the class has fewer records than cells: a count on the
    records' index, evaluated once (32 → 6 ms for the class of 600).

    Why summed up here: after a term of retakes the class of 600 had 24,000 cells not
    mastered and 129,000 attempts on them. Each row made into Python (a timestamp parsed
    and made aware, a tuple) cost more than the SQL; a row per cell is what the rule needs
    (bench/, decision 0018)."""
    students = sorted({int(i) for i in student_ids})
    standards = sorted({int(i) for i in standard_ids})
    if not students or not standards:
        return {}
    q = connection.ops.quote_name
    record, form, attempt = (
        q(MasteryRecord._meta.db_table),
        q(Form._meta.db_table),
        q(Attempt._meta.db_table),
    )
    some_students = ", ".join(["%s"] * len(students))
    some_standards = ", ".join(["%s"] * len(standards))
    usable_ids = sorted({i for ids in usable.values() for i in ids})
    # "IN (NULL)" is never true: no form of these standards is usable.
    some_usable = ", ".join(["%s"] * len(usable_ids)) or "NULL"
    columns = (
        "a.id AS id, a.student_id AS student_id, f.standard_id AS standard_id, "
        "f.id AS form_id, a.submitted_at AS submitted_at"
    )
    sql = f"""WITH sat AS (
    SELECT {columns}
      FROM {record} r
        JOIN {form} f ON f.standard_id = r.standard_id
        JOIN {attempt} a ON a.student_id = r.student_id AND a.form_id = f.id
      WHERE r.classroom_id = %s AND r.status <> %s
        AND r.student_id IN ({some_students}) AND r.standard_id IN ({some_standards})
    UNION ALL
    SELECT {columns}
      FROM (SELECT DISTINCT a2.student_id AS student_id, f2.standard_id AS standard_id
              FROM {attempt} a2 JOIN {form} f2 ON f2.id = a2.form_id
              WHERE a2.student_id IN ({some_students}) AND f2.standard_id IN ({some_standards})
                AND (SELECT COUNT(*) FROM {record} r0
                     WHERE r0.classroom_id = %s AND r0.student_id IN ({some_students})
                       AND r0.standard_id IN ({some_standards})) < %s
           ) c
        JOIN {form} f ON f.standard_id = c.standard_id
        JOIN {attempt} a ON a.student_id = c.student_id AND a.form_id = f.id
      WHERE NOT EXISTS (
        SELECT 1 FROM {record} r
        WHERE r.classroom_id = %s AND r.student_id = c.student_id
          AND r.standard_id = c.standard_id)
  ),
  cells AS (
    SELECT student_id, standard_id, COUNT(*) AS taken,
        COUNT(DISTINCT CASE WHEN form_id IN ({some_usable}) THEN form_id END) AS usable_sat,
        MAX(submitted_at) AS last_submitted
      FROM sat
      GROUP BY student_id, standard_id
      HAVING COUNT(submitted_at) = COUNT(*)
  )
SELECT c.student_id, c.standard_id, c.taken, c.usable_sat, c.last_submitted, MAX(s.id)
  FROM cells c
    JOIN sat s ON s.student_id = c.student_id AND s.standard_id = c.standard_id
      AND s.submitted_at = c.last_submitted
  GROUP BY c.student_id, c.standard_id, c.taken, c.usable_sat, c.last_submitted"""
    # The latest handed in: the greatest time, then the greatest id (as `_latest`).
    params: list[int | str] = [
        classroom.pk,
        MasteryRecord.State.MASTERED.value,
        *students,
        *standards,
        *students,
        *standards,
        classroom.pk,
        *students,
        *standards,
        len(students) * len(standards),
        classroom.pk,
        *usable_ids,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        (student_id, standard_id): Sittings(
            taken,
            len(usable.get(standard_id, ())) - usable_sat,
            last_id,
            aware_datetime(last_submitted),
        )
        for student_id, standard_id, taken, usable_sat, last_submitted, last_id in rows
    }


def student_retake(
    *,
    classroom: Classroom,
    student_id: int,
    standard_id: int,
    sat: list[SatForm],
    usable: set[str],
    now: datetime | None = None,
) -> RetakeFacts | None:
    """The retake verdict for one student on one standard, given their attempts on it and
    its usable form labels; None before their first submitted attempt (nothing to retake).
    Two queries: the rules, and one for what happened since the last attempt."""
    last = _latest(sat)
    if last is None or last.submitted_at is None:
        return None
    now = now or timezone.now()
    rules = retake_rules_for(classroom.pk, standard_id)
    since = last.submitted_at
    # Analysis finished, step done, teacher's unlock: one round trip, not three.
    mine = {"classroom_id": classroom.pk, "student_id": student_id, "standard_id": standard_id}
    happened = set(
        ErrorAnalysis.objects.filter(attempt_id=last.attempt_id, finished_at__isnull=False)
        .order_by()
        .annotate(what=Value("reflected"))
        .values_list("what", flat=True)
        .union(
            Step.objects.filter(**mine, done_at__gt=since, cancelled_at__isnull=True)
            .order_by()
            .annotate(what=Value("step"))
            .values_list("what", flat=True),
            RetakeUnlock.objects.filter(**mine, at__gt=since)
            .order_by()
            .annotate(what=Value("unlocked"))
            .values_list("what", flat=True),
            all=True,
        )
    )
    state = RetakeState(
        forms_taken=len(sat),
        forms_left=len(usable - {s.form_label for s in sat}),
        last_submitted=since,
        reflected="reflected" in happened,
        step_done="step" in happened,
        unlocked_by_teacher="unlocked" in happened,
    )
    verdict = retake(rules, state, now=now, zone=timezone.get_current_timezone())
    return RetakeFacts(rules, state, verdict, last.attempt_id)
