"""Build the benchmark school straight into the database with bulk_create.

`prepare_database()` is the bench's first phase: migrate, `build_school()`, check the status
mix, ANALYZE, collectstatic. Import this module after django.setup() (it imports the
app's models); `build_school()` wants a migrated, empty database. Everything is
deterministic for a given seed. The school:

- one School, one teacher, one MasteryMap of `units` units holding `standards` standards;
- per standard: `attempts` parallel 5-item forms (A, B, … E for attempts=5) that every
  student has sat, and one 10-item form after them (F) that nobody has sat yet — the
  load phase makes students sit it through the real request stack;
- items of mixed kinds (single choice, multiple choice, numeric, short text), 4 choices on
  the choice items, each item on exactly one form;
- `students` students, in classes of `class_size` (all on the same map) and all of them
  also enrolled in one big class (the "600-student grid"), each with a login card's key
  (`User.new_card_key()`: only its SHA-256 is stored; `School_.card_keys` keeps the keys);
- for every student × standard: `attempts` submitted attempts on the 5-item forms, in
  order, hours apart, with scores drawn from the student's ability and the standard's
  difficulty (improving with each retake), the `mastered` flag set exactly as
  scoring.score_form would, optionally their item responses, and one Evidence row of kind
  "assessment" per attempt, as `evidence.actions.add_attempt_evidence` writes it (level
  from `mastery.scale.attempt_level` on the default scale, raw score, assessed_on = the
  local date of submission, recorded_at, recorded_by = the student, the attempt). The app
  opens a retake only after "not yet", so every sitting but the last one is below the
  threshold; the last one decides under the default "most recent" policy (mastered for
  most cells, "not yet" for the rest — `not_yet_cells`, where a student may still start
  the 10-item form); every student stays "not yet" on at least MIN_NOT_YET standards
  (`_keep_some_not_yet`), so each has a form to open in the synchronized start;
- then, outside the bulk transaction, the MasteryRecord rows of every class (each small
  class and the big one) computed by the real engine:
  `masterymap.mastery.actions.recompute_records(classroom=c, why="bench build")` for each
  classroom, timed (`School_.recompute`): a full recompute of the school, from evidence
  (`engine.recompute_school`).

Responses (5 per attempt) and evidence (1 per attempt) are inserted with executemany rather
than bulk_create: building hundreds of thousands of model instances would dominate the
build time.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from common import DB, log
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from engine import recompute_school

from masterymap.accounts.models import Classroom, Enrollment, School, User
from masterymap.assessments.models import Attempt, Choice, Form, FormItem, Item, Response
from masterymap.evidence.models import Evidence
from masterymap.goals.models import Goal, PrivacyMode, PublicMap
from masterymap.interventions.models import ErrorAnalysis
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.scale import DEFAULT_SCALE, attempt_level
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.standards.symbols import COLOURS, ICONS

THRESHOLD = 80
SHORT_FORM_ITEMS = 5
LONG_FORM_ITEMS = 10
SHORT_KINDS = ["single", "single", "multiple", "numeric", "text"]
LONG_KINDS = ["single", "multiple", "numeric", "text", "single"] * 2
BATCH = 2000
PASSWORD = "bench-only-password"
# Every student is "not yet" on at least this many standards (see _keep_some_not_yet).
MIN_NOT_YET = 3

# Data: left packed, as ruff format would put one name per line.
# fmt: off
FIRST = [
    "Aaliyah", "Mateo", "Priya", "Ethan", "Sofia", "Jamal", "Emily", "Liam", "Fatima", "Noah",
    "Zoe", "Diego", "Hannah", "Malik", "Ava", "Kenji", "Isabella", "Xavier", "Amara", "Lucas",
    "Grace", "Omar", "Chloe", "Dmitri", "Leilani",
]
LAST = [
    "Johnson", "Hernández", "Patel", "Nguyen", "García", "Washington", "Chen", "O'Brien",
    "Hassan", "Kowalski", "Williams", "Ramírez", "Kim", "Brown", "Thompson", "Tanaka", "Rossi",
    "Jackson", "Okonkwo", "Silva", "Yazzie", "Abdullah", "Martin", "Petrov",
]
# fmt: on


@dataclass
class ItemKeyInfo:
    """What the load generator needs to answer an item right or wrong (it never sees this
    through the page: answer keys do not reach the answer sheet)."""

    kind: str
    right: list[str]
    wrong: list[str]


@dataclass
class School_:
    school_id: int = 0
    teacher_id: int = 0
    map_id: int = 0
    unit_ids: list[int] = field(default_factory=list)
    standard_ids: list[int] = field(default_factory=list)
    student_ids: list[int] = field(default_factory=list)
    small_class_ids: list[int] = field(default_factory=list)
    big_class_id: int = 0
    # student id -> the key of their login card (the database holds only its SHA-256)
    card_keys: dict[int, str] = field(default_factory=dict)
    # student id -> the small class they are in
    class_of_student: dict[int, int] = field(default_factory=dict)
    # standard id -> the untaken 10-item form's id
    long_form_of_standard: dict[int, int] = field(default_factory=dict)
    # (student id, standard id) whose last sitting was "not yet": the only cells where the
    # app lets the student start the next form (it refuses a new form after mastery)
    not_yet_cells: list[tuple[int, int]] = field(default_factory=list)
    # item id -> key info, for the long forms' items only
    long_form_keys: dict[int, ItemKeyInfo] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # the full recompute of every class from the evidence (recompute_records per class)
    recompute: dict[str, object] = field(default_factory=dict)


def _keep_some_not_yet(
    attempts: list[Attempt], answers: list[list[bool]], last_sittings: list[int], max_fail: int
) -> None:
    """Leave the student "not yet" on at least MIN_NOT_YET standards: a strong student may
    have mastered every one, and then has no standard where "I'm ready" opens form F (the
    synchronized start needs one per student, after the other phases took theirs). The
    last sittings of their last standards miss the threshold instead, by dropping right
    answers as the earlier sittings do. It draws no random numbers: the rest of the
    school is the same as without it."""
    missing = MIN_NOT_YET - sum(1 for idx in last_sittings if not attempts[idx].mastered)
    for idx in reversed(last_sittings):
        if missing <= 0:
            return
        att = attempts[idx]
        if not att.mastered:
            continue
        right = answers[idx]
        while sum(right) > max_fail:
            right[right.index(True)] = False
        att.points = sum(right)
        att.percent = round(100 * att.points / SHORT_FORM_ITEMS, 1)
        att.mastered = False
        missing -= 1


def _chunks(seq, size=BATCH):
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _stem(code: str, n: int, kind: str) -> str:
    if kind == "numeric":
        return (
            f"**{code}, question {n}.** A recipe uses 3 cups of flour for 4 cakes. "
            f"How many cups for {n + 4} cakes?"
        )
    if kind == "text":
        return f"**{code}, question {n}.** Name the relationship between *x* and *y* when y = {n}x."
    if kind == "multiple":
        return f"**{code}, question {n}.** Select **all** the ratios equivalent to {n}:{n + 1}."
    return f"**{code}, question {n}.** Which expression is equivalent to {n}(x + {n + 2})?"


def make_map(
    *, school: School, teacher: User, title: str, standards: int, standards_per_unit: int
) -> tuple[MasteryMap, list[Unit], list[Standard]]:
    """A mastery map of `standards` standards in units of `standards_per_unit`."""
    mmap = MasteryMap.objects.create(school=school, title=title, created_by=teacher)
    n_units = -(-standards // standards_per_unit)
    units = Unit.objects.bulk_create(
        Unit(mastery_map=mmap, title=f"Unit {u + 1}", position=u) for u in range(n_units)
    )
    icons, colours = list(ICONS), list(COLOURS)
    stds = Standard.objects.bulk_create(
        Standard(
            mastery_map=mmap,
            unit=units[j // standards_per_unit],
            code=f"7.B{j // standards_per_unit + 1}.{j % standards_per_unit + 1}",
            statement=f"Benchmark standard {j + 1}: solve problems with ratios and rates.",
            i_can=f"I can solve ratio problem type {j + 1}.",
            icon=icons[j % len(icons)],
            colour=colours[j % len(colours)],
            position=j % standards_per_unit,
        )
        for j in range(standards)
    )
    return mmap, units, stds


@dataclass
class Bank:
    """The items, choices and forms of a map's standards (`make_bank`)."""

    items: list[Item]
    choices: list[Choice]
    forms: list[Form]
    # (standard index, form index) -> form; form 0..attempts-1 are the 5-item forms
    form_of: dict[tuple[int, int], Form]
    items_of_form: dict[int, list[Item]]
    choices_of: dict[int, list[Choice]]
    long_form_of_standard: dict[int, int]
    long_form_keys: dict[int, ItemKeyInfo]


def make_bank(stds: list[Standard], attempts: int) -> Bank:
    """Per standard, `attempts` 5-item forms and one 10-item form after them, each item on
    exactly one form, 4 choices on the choice items."""
    standards = len(stds)
    item_plan: list[tuple[int, int, str]] = []  # (standard index, form index, kind)
    items: list[Item] = []
    for j, std in enumerate(stds):
        n = 0
        for f in range(attempts + 1):
            kinds = LONG_KINDS if f == attempts else SHORT_KINDS
            for kind in kinds:
                n += 1
                item_plan.append((j, f, kind))
                items.append(
                    Item(
                        standard=std,
                        kind=kind,
                        stem=_stem(std.code, n, kind),
                        points=1,
                        numeric_answer=float(n + 4) * 0.75 if kind == "numeric" else None,
                        tolerance=0.01 if kind == "numeric" else 0,
                        accepted_answers="proportional\ndirectly proportional"
                        if kind == "text"
                        else "",
                        feedback="Write the ratio as a unit rate first.",
                    )
                )
    items = Item.objects.bulk_create(items, batch_size=BATCH)
    choices: list[Choice] = []
    for item in items:
        if item.kind == "single":
            correct = {0}
        elif item.kind == "multiple":
            correct = {0, 2}
        else:
            continue
        for p in range(4):
            choices.append(
                Choice(
                    item=item,
                    text=f"Option {p + 1}: ${p + 2}x + {p}$",
                    is_correct=p in correct,
                    misconception="" if p in correct else "Added instead of multiplying.",
                    position=p,
                )
            )
    choices = Choice.objects.bulk_create(choices, batch_size=BATCH)
    choices_of: dict[int, list[Choice]] = {}
    for c in choices:
        choices_of.setdefault(c.item_id, []).append(c)

    labels = [chr(ord("A") + f) for f in range(attempts + 1)]
    forms = Form.objects.bulk_create(
        Form(standard=std, label=labels[f], threshold=THRESHOLD)
        for std in stds
        for f in range(attempts + 1)
    )
    form_of = {
        (j, f): forms[j * (attempts + 1) + f] for j in range(standards) for f in range(attempts + 1)
    }
    form_items: list[FormItem] = []
    items_of_form: dict[int, list[Item]] = {}
    pos: dict[int, int] = {}
    for (j, f, _kind), item in zip(item_plan, items, strict=True):
        form = form_of[(j, f)]
        form_items.append(FormItem(form=form, item=item, position=pos.get(form.pk, 0)))
        pos[form.pk] = pos.get(form.pk, 0) + 1
        items_of_form.setdefault(form.pk, []).append(item)
    FormItem.objects.bulk_create(form_items, batch_size=BATCH)
    long_form_of_standard: dict[int, int] = {}
    long_form_keys: dict[int, ItemKeyInfo] = {}
    for j, std in enumerate(stds):
        long_form = form_of[(j, attempts)]
        long_form_of_standard[std.pk] = long_form.pk
        for item in items_of_form[long_form.pk]:
            long_form_keys[item.pk] = _key_info(item, choices_of.get(item.pk, []))
    return Bank(
        items=items,
        choices=choices,
        forms=forms,
        form_of=form_of,
        items_of_form=items_of_form,
        choices_of=choices_of,
        long_form_of_standard=long_form_of_standard,
        long_form_keys=long_form_keys,
    )


# Most points a 5-item sitting can score and still miss the threshold.
MAX_FAIL = max(p for p in range(SHORT_FORM_ITEMS + 1) if p * 100 < THRESHOLD * SHORT_FORM_ITEMS)


@dataclass(frozen=True)
class Sitting:
    """One submitted sitting of a 5-item form, as `draw_cell` draws it."""

    right: list[bool]
    points: int
    percent: float
    mastered: bool
    started: datetime
    submitted: datetime


def draw_cell(
    rng: random.Random, *, ability: float, difficulty: float, attempts: int, t_cell: datetime
) -> list[Sitting]:
    """A student's `attempts` sittings of one standard's 5-item forms, in order, hours apart
    from some minutes after `t_cell`: each item right with a chance drawn from the student's
    ability and the standard's difficulty, improving with each retake. The app opens a
    retake only after "not yet", so every sitting but the last one misses the threshold."""
    t_cell += timedelta(minutes=rng.randint(0, 600))
    sittings = []
    for a in range(attempts):
        p = min(0.99, max(0.02, ability - difficulty + 0.06 * a + rng.gauss(0, 0.08)))
        right = [rng.random() < p for _ in range(SHORT_FORM_ITEMS)]
        if a < attempts - 1:
            # Drop right answers until it missed the threshold.
            while sum(right) > MAX_FAIL:
                right[right.index(True)] = False
        points = sum(right)
        started = t_cell + timedelta(hours=20 * a, minutes=rng.randint(0, 30))
        submitted = started + timedelta(minutes=rng.randint(4, 15))
        sittings.append(
            Sitting(
                right=right,
                points=points,
                percent=round(100 * points / SHORT_FORM_ITEMS, 1),
                mastered=points * 100 >= THRESHOLD * SHORT_FORM_ITEMS,
                started=started,
                submitted=submitted,
            )
        )
    return sittings


def draw_goal(
    rng: random.Random, *, classroom_id: int, student_id: int, standards: int, now: datetime
) -> Goal:
    """A student's finish line in a class, set three weeks ago: master a random share of
    the map's standards by a date in the next two months, public half of the time."""
    return Goal(
        classroom_id=classroom_id,
        student_id=student_id,
        kind=Goal.Kind.STANDARDS,
        target=rng.randint(max(1, standards // 2), standards),
        deadline=(now + timedelta(days=rng.randint(5, 60))).date(),
        set_on=(now - timedelta(days=21)).date(),
        public=rng.random() < 0.5,
        set_by_id=student_id,
        created_at=now,
        updated_at=now,
    )


def build_school(
    *,
    students: int = 600,
    standards: int = 40,
    attempts: int = 5,
    class_size: int = 30,
    standards_per_unit: int = 10,
    responses: bool = True,
    seed: int = 7,
    now: datetime | None = None,
    log=print,
) -> School_:
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    out = School_()
    t0 = time.perf_counter()

    def lap(name: str, since: float) -> float:
        t = time.perf_counter()
        out.timings[name] = round(t - since, 2)
        log(f"  {name:<28} {t - since:6.1f} s")
        return t

    with transaction.atomic():
        t = time.perf_counter()
        school = School.objects.create(name="Benchmark Middle School")
        password = make_password(PASSWORD)
        teacher = User.objects.create(
            username="teacher",
            first_name="Tomás",
            last_name="Rivera",
            role=User.Role.TEACHER,
            school=school,
            password=password,
        )
        mmap, units, stds = make_map(
            school=school,
            teacher=teacher,
            title="Grade 7 Mathematics (benchmark)",
            standards=standards,
            standards_per_unit=standards_per_unit,
        )
        n_units = len(units)
        out.school_id, out.teacher_id, out.map_id = school.pk, teacher.pk, mmap.pk
        out.unit_ids = [u.pk for u in units]
        out.standard_ids = [s.pk for s in stds]
        t = lap("map, units, standards", t)

        bank = make_bank(stds, attempts)
        items, choices, forms = bank.items, bank.choices, bank.forms
        form_of, items_of_form, choices_of = bank.form_of, bank.items_of_form, bank.choices_of
        out.long_form_of_standard = bank.long_form_of_standard
        out.long_form_keys = bank.long_form_keys
        t = lap("items, choices, forms", t)

        # People and classes.
        student_objs = [
            User(
                username=f"student{i + 1:04d}",
                first_name=FIRST[i % len(FIRST)],
                last_name=f"{LAST[(i // len(FIRST)) % len(LAST)]}-{i + 1}",
                role=User.Role.STUDENT,
                school=school,
                password=password,
            )
            for i in range(students)
        ]
        # Every student's login card, as the app makes it: only the key's SHA-256 is stored;
        # the synchronized start logs in with the keys themselves.
        card_keys = [s.new_card_key() for s in student_objs]
        student_objs = User.objects.bulk_create(student_objs, batch_size=BATCH)
        out.student_ids = [s.pk for s in student_objs]
        out.card_keys = {s.pk: key for s, key in zip(student_objs, card_keys, strict=True)}
        n_small = -(-students // class_size)
        small = Classroom.objects.bulk_create(
            Classroom(school=school, name=f"Period {k + 1:02d}", mastery_map=mmap)
            for k in range(n_small)
        )
        big = Classroom.objects.create(school=school, name="Whole school", mastery_map=mmap)
        Classroom.teachers.through.objects.bulk_create(
            Classroom.teachers.through(classroom_id=c.pk, user_id=teacher.pk) for c in [*small, big]
        )
        enrolments = []
        for i, s in enumerate(student_objs):
            klass = small[i // class_size]
            out.class_of_student[s.pk] = klass.pk
            enrolments.append(Enrollment(classroom=klass, student=s))
            enrolments.append(Enrollment(classroom=big, student=s))
        Enrollment.objects.bulk_create(enrolments, batch_size=BATCH)
        out.small_class_ids = [c.pk for c in small]
        out.big_class_id = big.pk
        t = lap("students, classes", t)

        # History: attempts, their evidence (+ responses). Records come after, from the engine.
        ability = [min(0.97, max(0.25, rng.gauss(0.66, 0.14))) for _ in range(students)]
        difficulty = [rng.uniform(-0.12, 0.12) for _ in range(standards)]
        start = now - timedelta(days=2 * standards + 14)
        n_attempts = n_responses = n_evidence = 0
        ops = connection.ops
        r_table = ops.quote_name(Response._meta.db_table)
        insert_response = (
            f"INSERT INTO {r_table} (attempt_id, item_id, answer, is_correct, points, updated_at,"
            " photo, photo_type, comment) VALUES (%s, %s, %s, %s, %s, %s, '', '', '')"
        )
        e_table = ops.quote_name(Evidence._meta.db_table)
        insert_evidence = (
            f"INSERT INTO {e_table} (student_id, standard_id, kind, level, raw_score, "
            "assessed_on, recorded_at, recorded_by_id, note, attempt_id, supersedes_id)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL)"
        )
        standard_of_form = {f.pk: f.standard_id for f in forms}
        label_of_form = {f.pk: f.label for f in forms}
        # Insert student by student (in groups) so memory stays flat.
        group = max(1, 20000 // max(1, standards * attempts))
        for g0 in range(0, students, group):
            g_students = range(g0, min(students, g0 + group))
            attempt_objs: list[Attempt] = []
            answers_for: list[list[bool]] = []
            for i in g_students:
                sid = out.student_ids[i]
                last_sittings: list[int] = []  # per standard, its last sitting in attempt_objs
                for j in range(standards):
                    for a, sitting in enumerate(
                        draw_cell(
                            rng,
                            ability=ability[i],
                            difficulty=difficulty[j],
                            attempts=attempts,
                            t_cell=start + timedelta(days=2 * j),
                        )
                    ):
                        attempt_objs.append(
                            Attempt(
                                student_id=sid,
                                form=form_of[(j, a)],
                                status=Attempt.Status.SUBMITTED,
                                started_at=sitting.started,
                                submitted_at=sitting.submitted,
                                points=sitting.points,
                                max_points=SHORT_FORM_ITEMS,
                                percent=sitting.percent,
                                mastered=sitting.mastered,
                            )
                        )
                        answers_for.append(sitting.right)
                    if attempts:
                        last_sittings.append(len(attempt_objs) - 1)
                if attempts:
                    _keep_some_not_yet(attempt_objs, answers_for, last_sittings, MAX_FAIL)
                    # Under "most recent" the last sitting decides: still open for form F.
                    out.not_yet_cells += [
                        (sid, stds[j].pk)
                        for j, idx in enumerate(last_sittings)
                        if not attempt_objs[idx].mastered
                    ]
            attempt_objs = Attempt.objects.bulk_create(attempt_objs, batch_size=BATCH)
            n_attempts += len(attempt_objs)
            # A student still "not yet" wrote the error analysis of their last sitting, as
            # the default retake rules ask before the next form opens (issue 9).
            waiting = set(out.not_yet_cells)
            last_sitting = {
                (att.student_id, standard_of_form[att.form_id]): att for att in attempt_objs
            }
            ErrorAnalysis.objects.bulk_create(
                [
                    ErrorAnalysis(
                        attempt=att,
                        summary="Check the signs before I add.",
                        created_at=att.submitted_at,
                        updated_at=att.submitted_at,
                        finished_at=att.submitted_at,
                    )
                    for cell, att in last_sitting.items()
                    if cell in waiting
                ],
                batch_size=BATCH,
            )
            # One Evidence row per submitted attempt, as add_attempt_evidence writes it.
            evidence_rows = [
                (
                    att.student_id,
                    standard_of_form[att.form_id],
                    Evidence.Kind.ASSESSMENT.value,
                    float(attempt_level(DEFAULT_SCALE, att.percent, met_threshold=att.mastered)),
                    att.percent,
                    ops.adapt_datefield_value(timezone.localdate(att.submitted_at)),
                    ops.adapt_datetimefield_value(att.submitted_at),
                    att.student_id,
                    f"Form {label_of_form[att.form_id]}: {att.points}/{att.max_points}",
                    att.pk,
                )
                for att in attempt_objs
            ]
            # And the teacher's one-on-one check of each student, on their first mastered
            # standard, at the level of the sitting that mastered it, an hour later: what
            # most students have besides forms. It changes no status, but the pages that
            # read the student's other evidence (their map, the tracker) now meet some.
            checked: set[int] = set()
            for (student_id, standard_id), att in last_sitting.items():
                if att.mastered and student_id not in checked:
                    checked.add(student_id)
                    evidence_rows.append(
                        (
                            student_id,
                            standard_id,
                            Evidence.Kind.ONE_ON_ONE.value,
                            float(attempt_level(DEFAULT_SCALE, att.percent, met_threshold=True)),
                            None,
                            ops.adapt_datefield_value(timezone.localdate(att.submitted_at)),
                            ops.adapt_datetimefield_value(att.submitted_at + timedelta(hours=1)),
                            out.teacher_id,
                            "Explained it back to me with a new example.",
                            None,
                        )
                    )
            with connection.cursor() as cur:
                cur.executemany(insert_evidence, evidence_rows)
            n_evidence += len(evidence_rows)
            if responses:
                # 5 rows per attempt (600 000 for the full school): plain executemany, as
                # bulk_create would spend most of the build building model instances.
                rows = []
                for att, right in zip(attempt_objs, answers_for, strict=True):
                    stamp = ops.adapt_datetimefield_value(att.submitted_at)
                    for item, ok in zip(items_of_form[att.form_id], right, strict=True):
                        key = _key_info(item, choices_of.get(item.pk, []))
                        answer = json.dumps(key.right if ok else key.wrong)
                        rows.append((att.pk, item.pk, answer, ok, 1 if ok else 0, stamp))
                with connection.cursor() as cur:
                    cur.executemany(insert_response, rows)
                n_responses += len(rows)
    # (the lap includes the commit of the bulk transaction)
    t = lap(
        "attempts, evidence, responses" if responses else "attempts, evidence (no responses)", t
    )

    # Records: the real engine, class by class, each in its own transaction as in the app.
    out.recompute = recompute_school([*small, big], big_id=big.pk, log=log)
    t = lap("records: recompute all classes", t)
    n_records = MasteryRecord.objects.count()

    # Goals (issue 10): every student has a finish line in their class and in the big one,
    # set three weeks ago, so the alerts panel and the public map read a realistic class.
    Goal.objects.bulk_create(
        (
            draw_goal(rng, classroom_id=cid, student_id=s.pk, standards=standards, now=now)
            for i, s in enumerate(student_objs)
            for cid in (small[i // class_size].pk, big.pk)
        ),
        batch_size=BATCH,
    )
    PublicMap.objects.bulk_create(
        PublicMap(classroom_id=c.pk, privacy_mode=PrivacyMode.FIRST_INITIAL, norms="We cheer.")
        for c in [*small, big]
    )
    t = lap("goals", t)

    out.counts = {
        "students": students,
        "standards": standards,
        "units": n_units,
        "items": len(items),
        "choices": len(choices),
        "forms": len(forms),
        "classes_small": len(small),
        "class_size": class_size,
        "big_class_size": students,
        "attempts": n_attempts,
        "responses": n_responses,
        "evidence": n_evidence,
        "mastery_records": n_records,
    }
    out.timings["total"] = round(time.perf_counter() - t0, 2)
    return out


def prepare_database(args: argparse.Namespace, report: dict) -> School_:
    """Migrate, build the school, check its status mix, ANALYZE, collectstatic; fills
    report["build"] and returns the school."""
    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - t
    log(f"migrated in {migrate_s:.1f} s; building the school …")
    school = build_school(
        students=args.students,
        standards=args.standards,
        attempts=args.attempts,
        class_size=args.class_size,
        responses=not args.no_responses,
        seed=args.seed,
        log=log,
    )
    log(f"built in {school.timings['total']:.1f} s: {school.counts}")
    # Each cell once (the small classes); the big class must say the same under one policy.
    mix = dict(
        MasteryRecord.objects.filter(classroom_id__in=school.small_class_ids)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    big_mix = dict(
        MasteryRecord.objects.filter(classroom_id=school.big_class_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    if mix != big_mix:
        report["problems"].append(
            f"the big class's statuses {big_mix} differ from the small classes' {mix}"
        )
    analyze_database()
    t = time.perf_counter()
    try:
        call_command("collectstatic", verbosity=0, interactive=False)
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"collectstatic failed: {type(e).__name__}: {e}")
    collect_s = time.perf_counter() - t
    report["build"] = {
        "counts": school.counts,
        "timings": school.timings,
        "migrate_s": round(migrate_s, 2),
        "collectstatic_s": round(collect_s, 2),
        "status_mix": mix,
        "big_status_mix": big_mix,
        "recompute": school.recompute,
        "db_mib": database_mib(),
    }
    return school


def analyze_database() -> None:
    """Give the planner statistics after a bulk load, as a production database has them."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            # Fold the WAL into the file too: its size is reported.
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("ANALYZE")
        else:
            # VACUUM too: it sets the visibility map, without which PostgreSQL's index-only
            # scans visit every freshly loaded row (autovacuum would, minutes later).
            # Outside a transaction: Django runs in autocommit here.
            cur.execute("VACUUM (ANALYZE)")


def database_mib() -> float:
    """The database's size on disk."""
    if connection.vendor == "sqlite":
        return round(DB.stat().st_size / 2**20, 1)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_database_size(current_database())")
        return round(cur.fetchone()[0] / 2**20, 1)


_key_cache: dict[int, ItemKeyInfo] = {}


def _key_info(item: Item, choices: list[Choice]) -> ItemKeyInfo:
    cached = _key_cache.get(item.pk)
    if cached is not None:
        return cached
    if item.kind in ("single", "multiple"):
        right = [str(c.pk) for c in choices if c.is_correct]
        wrong = [str(c.pk) for c in choices if not c.is_correct][:1]
    elif item.kind == "numeric":
        right, wrong = [f"{item.numeric_answer:g}"], [f"{item.numeric_answer + 1:g}"]
    else:
        right, wrong = ["proportional"], ["additive"]
    info = ItemKeyInfo(item.kind, right, wrong)
    _key_cache[item.pk] = info
    return info
