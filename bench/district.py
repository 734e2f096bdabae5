"""`make bench-district`: a district on PostgreSQL, and what a teacher and a student wait for
at that size.

    DATABASE_URL=$(bash .ci/postgres.sh) .venv/bin/python bench/district.py
    .venv/bin/python bench/district.py --students 5000 --classes 200 --schools 4  # a small one
    .venv/bin/python bench/district.py --reuse    # time the district built last time again

It needs DATABASE_URL (PostgreSQL) and builds in a database of its own on that server,
`bench_district_<name>` (pgdb.py: made afresh, never DATABASE_URL's own, dropped only when
the bench made it). By default 100,000 students in 40 schools, 4,000 classes of 25 and 10
million evidence rows:

- per school: teachers (5 classes each), one mastery map of 40 standards with their forms
  and items (build.make_map, build.make_bank: forms A–E of 5 items, F of 10 nobody has sat),
  its students and classes, every student in one class, a public class map per class;
- per student: the first `--cells` (20) standards of the map started, each with `--attempts`
  (5) submitted sittings of forms A–E drawn as the school bench draws them
  (build.draw_cell: scores from the student's ability and the standard's difficulty,
  improving with each retake, every sitting but the last below the threshold), streamed
  into the attempts table with COPY; one assessment Evidence row per attempt written from
  it in SQL, as evidence.actions.add_attempt_evidence writes it (level from
  mastery.scale.attempt_level, raw score, local date, "Form X: p/5"); the error analysis a
  student still "not yet" wrote on their last sitting (the default retake rules ask for
  it); a goal per student (build.draw_goal). No item responses: 50 million rows that none
  of the timed pages read;
- the big tables' secondary indexes and foreign keys are dropped while they load and made
  again after (pg_get_indexdef / pg_get_constraintdef), then VACUUM ANALYZE;
- the mastery records by the real engine: `recompute_records` of every class, as the
  school bench does, timed (records per second, seconds per class), then VACUUM ANALYZE.

Then, in process (as pages.py and engine.py time them), over many classes and students:
the class grid as the class's teacher, the tracker as the student, and submit_attempt of a
fresh 10-item form (engine.time_submit_cost: rolled back, and committed), each with its
target. Everything goes to bench/out/district.txt and district.json; the database stays
(its comment records the sizes and the build) for `--reuse`. It reports; it fails nothing
on time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pgdb
from common import (
    OUT,
    cpu_split,
    database_facts,
    engine_expects,
    loadavg,
    log,
    machine,
    machine_busy,
    pct,
    setup_django,
    summary_ms,
)

# The targets at district size, in milliseconds (p95 is what is compared).
TARGETS = {"grid": 50.0, "tracker": 20.0, "submit": 20.0}
BIG_TABLES = ("assessments_attempt", "evidence_evidence")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="Mastery Map district benchmark on PostgreSQL (needs DATABASE_URL)."
    )
    ap.add_argument("--students", type=int, default=100_000)
    ap.add_argument("--classes", type=int, default=4_000, help="every student is in one")
    ap.add_argument("--schools", type=int, default=40, help="each with its own map")
    ap.add_argument("--standards", type=int, default=40, help="on each school's map")
    ap.add_argument(
        "--cells", type=int, default=20, help="standards each student has started (the first)"
    )
    ap.add_argument(
        "--attempts", type=int, default=5, help="submitted sittings per started standard"
    )
    ap.add_argument("--classes-per-teacher", type=int, default=5)
    ap.add_argument(
        "--grid-classes", type=int, default=40, help="classes whose grid is timed (random)"
    )
    ap.add_argument("--tracker-students", type=int, default=60, help="students' trackers timed")
    ap.add_argument("--reps", type=int, default=5, help="timed requests per class or student")
    ap.add_argument(
        "--submit-samples", type=int, default=100, help="fresh 10-item attempts submitted"
    )
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="time the district built by an earlier run with the same sizes, if finished",
    )
    ap.add_argument(
        "--records-check",
        type=int,
        default=300,
        help="cells whose records are re-checked against the engine re-run on their evidence",
    )
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if not 0 < args.schools <= args.classes <= args.students:
        ap.error("need 0 < --schools ≤ --classes ≤ --students")
    if not 0 < args.cells <= args.standards:
        ap.error("need 0 < --cells ≤ --standards")
    if not 1 <= args.attempts <= 20:
        ap.error("--attempts is 1 to 20 (forms A, B, …)")
    return args


def sizes_of(args: argparse.Namespace) -> dict:
    """What makes two districts the same (the database's mark compares it for --reuse)."""
    keys = ("students", "classes", "schools", "standards", "cells", "attempts", "seed")
    return {k: getattr(args, k) for k in keys} | {"per_teacher": args.classes_per_teacher}


def spread(total: int, parts: int) -> list[int]:
    """`total` in `parts` near-equal whole parts, the larger first."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


# --------------------------------------------------------------------------- the build


class Lap:
    """Timed build steps, logged as they end."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.t0 = self.t = time.perf_counter()

    def __call__(self, name: str) -> None:
        t = time.perf_counter()
        self.timings[name] = round(t - self.t, 1)
        log(f"  {name:<44} {t - self.t:7.1f} s   (build so far {(t - self.t0) / 60:5.1f} min)")
        self.t = t


@contextmanager
def indexes_dropped(tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the tables' secondary indexes, unique and foreign-key constraints while they
    load, and make them again after: one sort per index and one join per foreign key
    instead of ten million index insertions and deferred checks. The primary keys and
    check constraints stay."""
    from django.db import connection

    saved: list[tuple[str, str, str, str]] = []  # (table, kind, name, definition)
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
                [table],
            )
            saved += [(table, "constraint", n, d) for n, d in cur.fetchall()]
            cur.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [table],
            )
            saved += [(table, "index", n, d) for n, d in cur.fetchall()]
        for table, kind, name, _d in saved:
            if kind == "constraint":
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            else:
                cur.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cur:
        # Indexes first (unique ones among the constraints), then the foreign keys, whose
        # check reads the referenced tables' primary keys.
        order = {"index": 0, "constraint": 1}
        for table, kind, name, definition in sorted(
            saved, key=lambda s: (order[s[1]], "FOREIGN KEY" in s[3])
        ):
            if kind == "index":
                cur.execute(definition)
            else:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def build_district(args: argparse.Namespace, now: datetime) -> dict:
    """Migrate and build the district (module docstring); returns the build's figures."""
    from build import FIRST, LAST, PASSWORD, make_bank, make_map
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from masterymap.accounts.models import Classroom, Enrollment, School, User
    from masterymap.goals.models import PrivacyMode, PublicMap

    lap = Lap()
    call_command("migrate", verbosity=0, interactive=False)
    lap("migrate")
    with connection.cursor() as cur:
        # For the bulk work only (reset below: the pages are timed with the server's own):
        # room to sort while making indexes.
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET work_mem = '256MB'")

    rng = random.Random(args.seed)
    password = make_password(PASSWORD)
    students_of_school = spread(args.students, args.schools)
    classes_of_school = spread(args.classes, args.schools)
    schools: list[SimpleNamespace] = []
    n_teachers = 0
    student_no = 0
    for k in range(args.schools):
        with transaction.atomic():
            school = School.objects.create(name=f"District school {k + 1:02d}")
            n_classes = classes_of_school[k]
            teachers = User.objects.bulk_create(
                User(
                    username=f"s{k + 1:02d}teacher{t + 1:03d}",
                    first_name=FIRST[(t + 7) % len(FIRST)],
                    last_name=LAST[(t + k) % len(LAST)],
                    role=User.Role.TEACHER,
                    school=school,
                    password=password,
                )
                for t in range(-(-n_classes // args.classes_per_teacher))
            )
            n_teachers += len(teachers)
            _mmap, _units, stds = make_map(
                school=school,
                teacher=teachers[0],
                title=f"Grade 7 Mathematics ({school.name})",
                standards=args.standards,
                standards_per_unit=10,
            )
            bank = make_bank(stds, args.attempts)
            classes = Classroom.objects.bulk_create(
                Classroom(
                    school=school, name=f"Period {c + 1:03d}", mastery_map=stds[0].mastery_map
                )
                for c in range(n_classes)
            )
            Classroom.teachers.through.objects.bulk_create(
                Classroom.teachers.through(
                    classroom_id=c.pk, user_id=teachers[i // args.classes_per_teacher].pk
                )
                for i, c in enumerate(classes)
            )
            n_students = students_of_school[k]
            student_ids: list[int] = []
            for g0 in range(0, n_students, 5000):  # batches: no 100,000 instances at once
                batch = User.objects.bulk_create(
                    User(
                        username=f"d{student_no + i + 1:06d}",
                        first_name=FIRST[(student_no + i) % len(FIRST)],
                        last_name=LAST[((student_no + i) // len(FIRST)) % len(LAST)],
                        role=User.Role.STUDENT,
                        school=school,
                        password=password,
                    )
                    for i in range(g0, min(n_students, g0 + 5000))
                )
                student_ids += [s.pk for s in batch]
            student_no += n_students
            # Consecutive students share a class: classes of near-equal size.
            sizes = spread(n_students, n_classes)
            class_of: list[int] = []
            for c, size in zip(classes, sizes, strict=True):
                class_of += [c.pk] * size
            Enrollment.objects.bulk_create(
                (
                    Enrollment(classroom_id=cid, student_id=sid)
                    for sid, cid in zip(student_ids, class_of, strict=True)
                ),
                batch_size=5000,
            )
            PublicMap.objects.bulk_create(
                PublicMap(
                    classroom_id=c.pk, privacy_mode=PrivacyMode.FIRST_INITIAL, norms="We cheer."
                )
                for c in classes
            )
        schools.append(
            SimpleNamespace(
                student_ids=student_ids,
                class_of=class_of,
                # form ids of the 5-item forms: [standard index][sitting]
                forms=[
                    [bank.form_of[(j, a)].pk for a in range(args.attempts)]
                    for j in range(args.cells)
                ],
            )
        )
    lap(f"{args.schools} schools: maps, forms, people, classes")

    with indexes_dropped(BIG_TABLES):
        n_attempts = copy_attempts(args, schools, rng, now)
        lap(f"attempts: {n_attempts:,} rows (COPY)")
        n_evidence = insert_evidence()
        lap(f"evidence: {n_evidence:,} rows (INSERT … SELECT)")
        n_analyses = insert_error_analyses(chr(ord("A") + args.attempts - 1))
        lap(f"error analyses: {n_analyses:,}")
    lap("indexes and foreign keys made again")
    n_goals = insert_goals(args, schools, rng, now)
    lap(f"goals: {n_goals:,}")
    vacuum_analyze()
    lap("VACUUM ANALYZE")
    del schools
    with connection.cursor() as cur:
        cur.execute("RESET maintenance_work_mem")
        cur.execute("RESET work_mem")

    recompute = recompute_district()
    lap(f"records: recompute_records of {recompute['classes']:,} classes")
    vacuum_analyze()
    lap("VACUUM ANALYZE")
    counts = district_counts()
    counts.update(teachers=n_teachers, goals=n_goals)
    return {
        "counts": counts,
        "timings": lap.timings,
        "total_s": round(time.perf_counter() - lap.t0, 1),
        "recompute": recompute,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "built_at": now.strftime("%Y-%m-%d %H:%M UTC"),
    }


def copy_attempts(
    args: argparse.Namespace, schools: list[SimpleNamespace], rng: random.Random, now: datetime
) -> int:
    """Every student's sittings (build.draw_cell), streamed into the attempts table with
    COPY in one transaction: nothing but the current row is kept in memory."""
    from build import SHORT_FORM_ITEMS, draw_cell
    from django.db import connection, transaction

    start = now - timedelta(days=2 * args.standards + 14)
    n = 0
    t0 = time.perf_counter()
    total = args.students * args.cells * args.attempts
    next_log = total // 10
    with transaction.atomic(), connection.cursor() as cur:
        raw = cur.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        sql = (
            "COPY assessments_attempt (student_id, form_id, status, started_at, submitted_at,"
            " points, max_points, percent, mastered) FROM STDIN"
        )
        with raw.copy(sql) as copy:
            for school in schools:
                difficulty = [rng.uniform(-0.12, 0.12) for _ in range(args.standards)]
                for sid in school.student_ids:
                    ability = min(0.97, max(0.25, rng.gauss(0.66, 0.14)))
                    for j, forms in enumerate(school.forms):
                        sittings = draw_cell(
                            rng,
                            ability=ability,
                            difficulty=difficulty[j],
                            attempts=args.attempts,
                            t_cell=start + timedelta(days=2 * j),
                        )
                        for form_id, s in zip(forms, sittings, strict=True):
                            copy.write_row(
                                (
                                    sid,
                                    form_id,
                                    "submitted",
                                    s.started,
                                    s.submitted,
                                    s.points,
                                    SHORT_FORM_ITEMS,
                                    s.percent,
                                    s.mastered,
                                )
                            )
                        n += len(sittings)
                    if n >= next_log:
                        next_log += total // 10
                        rate = n / (time.perf_counter() - t0)
                        log(f"    {n:,} of {total:,} attempts ({rate:,.0f}/s)")
    return n


def insert_evidence() -> int:
    """One assessment Evidence row per attempt, as add_attempt_evidence writes it: the level
    from attempt_level on the default scale (worked out here for each possible score), the
    raw score, the local date of submission, recorded by the student, "Form X: p/m"."""
    from django.conf import settings
    from django.db import connection, transaction

    from masterymap.mastery.scale import DEFAULT_SCALE, attempt_level

    with connection.cursor() as cur:
        cur.execute("SELECT DISTINCT percent, mastered FROM assessments_attempt")
        levels = [
            (
                percent,
                mastered,
                float(attempt_level(DEFAULT_SCALE, percent, met_threshold=mastered)),
            )
            for percent, mastered in cur.fetchall()
        ]
    values = ", ".join(["(%s::float8, %s::boolean, %s::float8)"] * len(levels))
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"""
            INSERT INTO evidence_evidence (student_id, standard_id, kind, level, raw_score,
                assessed_on, recorded_at, recorded_by_id, note, attempt_id, supersedes_id)
            SELECT a.student_id, f.standard_id, 'assessment', l.level, a.percent,
                (a.submitted_at AT TIME ZONE %s)::date, a.submitted_at, a.student_id,
                'Form ' || f.label || ': ' || a.points || '/' || a.max_points, a.id, NULL
            FROM assessments_attempt a
            JOIN assessments_form f ON f.id = a.form_id
            JOIN (VALUES {values}) AS l (percent, mastered, level)
                ON l.percent = a.percent AND l.mastered = a.mastered
            WHERE a.status = 'submitted'
            ORDER BY a.id
            """,
            [settings.TIME_ZONE, *[x for row in levels for x in row]],
        )
        return cur.rowcount


def insert_error_analyses(last_label: str) -> int:
    """The error analysis of every last sitting that missed the threshold: the default
    retake rules ask for it before the next form opens (build.py does the same)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO interventions_erroranalysis (attempt_id, summary, created_at,
                updated_at, finished_at, read_at, read_by_id)
            SELECT a.id, 'Check the signs before I add.', a.submitted_at, a.submitted_at,
                a.submitted_at, NULL, NULL
            FROM assessments_attempt a JOIN assessments_form f ON f.id = a.form_id
            WHERE f.label = %s AND NOT a.mastered
            """,
            [last_label],
        )
        return cur.rowcount


def insert_goals(
    args: argparse.Namespace, schools: list[SimpleNamespace], rng: random.Random, now: datetime
) -> int:
    """A goal per student in their class (build.draw_goal), in batches."""
    from build import draw_goal
    from django.db import transaction

    from masterymap.goals.models import Goal

    n = 0
    with transaction.atomic():
        for school in schools:
            goals = [
                draw_goal(rng, classroom_id=cid, student_id=sid, standards=args.standards, now=now)
                for sid, cid in zip(school.student_ids, school.class_of, strict=True)
            ]
            Goal.objects.bulk_create(goals, batch_size=5000)
            n += len(goals)
    return n


def vacuum_analyze() -> None:
    """Statistics for the planner and the visibility map for index-only scans, as a
    database that has lived a while has them (autovacuum would, later)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")


def recompute_district() -> dict:
    """`recompute_records` of every class, one transaction each as in the app: the real
    engine writes every record and its first LevelChange. Timed per class."""
    from django.db import connection

    from masterymap.accounts.models import Classroom
    from masterymap.mastery.actions import recompute_records

    classes = list(Classroom.objects.order_by("pk"))
    seconds: list[float] = []
    cpu0, t_all = time.process_time(), time.perf_counter()
    for i, c in enumerate(classes):
        t0 = time.perf_counter()
        recompute_records(classroom=c, why="bench build")
        seconds.append(time.perf_counter() - t0)
        if (i + 1) % max(1, len(classes) // 10) == 0:
            done = time.perf_counter() - t_all
            log(
                f"    {i + 1:,} of {len(classes):,} classes in {done:.0f} s "
                f"(about {done / (i + 1) * (len(classes) - i - 1):.0f} s to go)"
            )
    total = time.perf_counter() - t_all
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM mastery_masteryrecord")
        records = cur.fetchone()[0]
    return {
        "classes": len(classes),
        "records": records,
        "total_s": round(total, 1),
        "cpu_s": round(time.process_time() - cpu0, 1),
        "records_per_s": round(records / total) if total else None,
        "per_class": summary_ms(seconds),
    }


def district_counts() -> dict:
    """Row counts of what was built, and the status mix of the records."""
    from django.db import connection

    tables = {
        "students": "SELECT count(*) FROM accounts_user WHERE role = 'student'",
        "schools": "SELECT count(*) FROM accounts_school",
        "classes": "SELECT count(*) FROM accounts_classroom",
        "standards": "SELECT count(*) FROM standards_standard",
        "forms": "SELECT count(*) FROM assessments_form",
        "items": "SELECT count(*) FROM assessments_item",
        "attempts": "SELECT count(*) FROM assessments_attempt",
        "evidence": "SELECT count(*) FROM evidence_evidence",
        "error_analyses": "SELECT count(*) FROM interventions_erroranalysis",
        "mastery_records": "SELECT count(*) FROM mastery_masteryrecord",
        "level_changes": "SELECT count(*) FROM mastery_levelchange",
    }
    out: dict = {}
    with connection.cursor() as cur:
        for key, sql in tables.items():
            cur.execute(sql)
            out[key] = cur.fetchone()[0]
        cur.execute("SELECT status, count(*) FROM mastery_masteryrecord GROUP BY 1 ORDER BY 1")
        out["status_mix"] = dict(cur.fetchall())
    return out


# --------------------------------------------------------------------------- the timings


def check_records(n: int, seed: int) -> dict:
    """A random sample of cells: does each stored record (level, status, counts) agree with
    the engine re-run on its evidence (cell_facts and common.engine_expects, as the school
    bench's check after the load)? Whatever wrote the records, this is what the pages show."""
    from django.db import connection

    from masterymap.accounts.models import Classroom
    from masterymap.mastery.engine import cell_facts, policies_for_classroom, scale_for_classroom
    from masterymap.mastery.models import MasteryRecord

    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM mastery_masteryrecord")
        top = cur.fetchone()[0] or 0
    rng = random.Random(seed)
    ids = rng.sample(range(1, top + 1), min(n, top))
    records = list(MasteryRecord.objects.filter(pk__in=ids))
    checked = mismatches = 0
    examples: list[str] = []
    classes = {c.pk: c for c in Classroom.objects.filter(pk__in={r.classroom_id for r in records})}
    for rec in records:
        classroom = classes[rec.classroom_id]
        key = (rec.student_id, rec.standard_id)
        facts = cell_facts([rec.student_id], [rec.standard_id]).get(key)
        scale, policies = scale_for_classroom(classroom), policies_for_classroom(classroom)
        checked += 1
        if facts is None:
            mismatches += 1
            examples.append(f"record {rec.pk}: no evidence")
            continue
        want, level = engine_expects(rec, facts, policies.for_standard(rec.standard_id), scale)
        if (
            rec.status != want
            or rec.level != level
            or rec.evidence_count != facts.evidence_count
            or rec.attempts_count != facts.assessments
            or rec.latest_percent != facts.latest_percent
        ):
            mismatches += 1
            examples.append(
                f"record {rec.pk}: stored {rec.status}/{rec.level}/{rec.evidence_count}, "
                f"expected {want}/{level}/{facts.evidence_count}"
            )
    return {"checked": checked, "mismatches": mismatches, "examples": examples[:5]}


def pool(label: str, samples: list[tuple[dict, list[float]]], target: float | None) -> dict:
    """One line of the table: every timed request of every sampled class or student."""
    times = [t for _r, ts in samples for t in ts]
    ok = [r for r, ts in samples if ts]
    errors = [r["error"] for r, _ts in samples if "error" in r]
    out: dict = {"label": label, "target_ms": target, "subjects": len(samples)}
    out["timing"] = summary_ms(times)
    if ok:
        out["cold"] = summary_ms([r["cold_ms"] / 1000 for r in ok])
        out["cpu_p50_ms"] = round(pct([r["cpu"]["p50"] for r in ok], 50), 1)
        out["queries_max"] = max(r["queries"] for r in ok)
        out["kib"] = round(pct([r["bytes"] for r in ok], 50) / 1024)
        out["sent_kib"] = round(pct([r["bytes_sent"] for r in ok], 50) / 1024, 1)
        first = ok[0]
        out["sql_ms_first"] = first.get("sql_ms")
        out["slowest_sql_first"] = first.get("slowest_sql")
    out["errors"] = errors[:3]
    out["n_errors"] = len(errors)
    if times:
        out["p50_s"] = pct(times, 50)
    return out


def time_district(args: argparse.Namespace, report: dict) -> dict:
    """The class grid as the class's teacher, the tracker as the student, submit_attempt of
    a fresh 10-item form; plus the bare view as the reference. Random classes and students
    (seeded); nothing from the build is needed, so --reuse times the same way."""
    from build import _key_info
    from django.test import Client
    from django.urls import reverse
    from engine import time_submit_cost
    from pages import measure_page

    from masterymap.accounts.models import Classroom, Enrollment, User
    from masterymap.assessments.models import Choice, FormItem

    rng = random.Random(args.seed + 1)
    out: dict = {}
    enrolled = list(Enrollment.objects.order_by("pk").values_list("classroom_id", "student_id"))
    class_ids = sorted({c for c, _s in enrolled})
    size = dict.fromkeys(class_ids, 0)
    for c, _s in enrolled:
        size[c] += 1

    log(f"class grids of {args.grid_classes} random classes, as their teacher …")
    picked = rng.sample(class_ids, min(args.grid_classes, len(class_ids)))
    teacher_of = dict(
        Classroom.teachers.through.objects.filter(classroom_id__in=picked)
        .order_by("classroom_id", "user_id")
        .values_list("classroom_id", "user_id")
    )
    users = User.objects.in_bulk({*teacher_of.values()})
    n_standards = args.standards
    grids = []
    for i, cid in enumerate(picked):
        client = Client(raise_request_exception=True)
        client.force_login(users[teacher_of[cid]])
        url = reverse("mastery:grid", kwargs={"classroom_id": cid})
        grids.append(measure_page(client, url, args.reps, replay=i == 0))
    lo, hi = min(size[c] for c in picked), max(size[c] for c in picked)
    students = f"{lo}" if lo == hi else f"{lo}–{hi}"
    grid_label = f"class grid ({students} students × {n_standards} standards)"
    out["grid"] = pool(grid_label, grids, TARGETS["grid"])
    _log_line(out["grid"])

    log(f"trackers of {args.tracker_students} random students, as the student …")
    chosen = rng.sample(enrolled, min(args.tracker_students, len(enrolled)))
    users = User.objects.in_bulk({s for _c, s in chosen})
    trackers = []
    for i, (cid, sid) in enumerate(chosen):
        client = Client(raise_request_exception=True)
        client.force_login(users[sid])
        url = reverse("workflows:tracker", kwargs={"classroom_id": cid, "student_id": sid})
        trackers.append(measure_page(client, url, args.reps, replay=i == 0))
    out["tracker"] = pool("student tracker (as the student)", trackers, TARGETS["tracker"])
    _log_line(out["tracker"])

    log("bare view GET /healthz/ (the reference) …")
    bare = measure_page(Client(raise_request_exception=True), "/healthz/", 200, replay=False)
    out["bare"] = pool("bare view GET /healthz/", [bare], None)
    _log_line(out["bare"])

    log(f"submit_attempt of a fresh 10-item form, {args.submit_samples} random students …")
    cells = submit_cells(args, rng, enrolled)
    standards = {c["standard"] for c in cells}
    long_forms = dict(
        FormItem.objects.filter(
            form__standard_id__in=standards, form__label=chr(ord("A") + args.attempts)
        ).values_list("item_id", "form_id")
    )
    items = {
        fi.item_id: fi.item
        for fi in FormItem.objects.filter(item_id__in=long_forms).select_related("item")
    }
    choices: dict[int, list] = {}
    for ch in Choice.objects.filter(item_id__in=long_forms).order_by("item_id", "position"):
        choices.setdefault(ch.item_id, []).append(ch)
    keys = {pk: _key_info(item, choices.get(pk, [])) for pk, item in items.items()}
    busy0 = machine_busy()
    out["submit"] = time_submit_cost(SimpleNamespace(long_form_keys=keys), cells, args.seed)
    out["submit"]["cells"] = len(cells)
    out["submit"]["cpu_split"] = cpu_split(busy0, machine_busy(), 0.0, 0.0)
    sc = out["submit"]
    if "committed" in sc and sc["committed"].get("n"):
        log(
            f"  committed p50 {sc['committed']['wall']['p50']} ms, p95 "
            f"{sc['committed']['wall']['p95']} ms; rolled back p50 {sc['full']['wall']['p50']} "
            f"ms ({sc['n_errors']} errors)"
        )
    return out


def submit_cells(
    args: argparse.Namespace, rng: random.Random, enrolled: list[tuple[int, int]]
) -> list[dict]:
    """Random students' cells where they may start form F: their record says "not yet"
    and they have not sat F (an earlier --reuse run's submits took some)."""
    from masterymap.assessments.models import Attempt
    from masterymap.mastery.models import MasteryRecord

    long_label = chr(ord("A") + args.attempts)
    students = [s for _c, s in rng.sample(enrolled, min(len(enrolled), 4 * args.submit_samples))]
    waiting: dict[int, list[int]] = {}
    for sid, std in (
        MasteryRecord.objects.filter(student_id__in=students, status="not_yet")
        .order_by("student_id", "standard_id")
        .values_list("student_id", "standard_id")
    ):
        waiting.setdefault(sid, []).append(std)
    taken = set(
        Attempt.objects.filter(student_id__in=students, form__label=long_label).values_list(
            "student_id", "form__standard_id"
        )
    )
    cells = []
    for sid in students:
        free = [s for s in waiting.get(sid, []) if (sid, s) not in taken]
        if free:
            cells.append({"student": sid, "standard": rng.choice(free)})
        if len(cells) == args.submit_samples:
            break
    return cells


def _log_line(r: dict) -> None:
    t = r.get("timing", {})
    if not t.get("n"):
        log(f"  {r['label']}: ERROR {r['errors'][:1]}")
        return
    log(
        f"  {r['label']:<44} p50 {t['p50']:7.1f} ms  p95 {t['p95']:7.1f} ms  "
        f"({t['n']} requests, {r['subjects']} subjects, {r.get('queries_max')} queries)"
    )


# --------------------------------------------------------------------------- the report


def fmt_report(r: dict) -> str:
    m, db, b, c = r["machine"], r["database"], r["build"], r["build"]["counts"]
    s = r["sizes"]
    t = r["timings"]
    L = ["MASTERY MAP DISTRICT BENCHMARK (PostgreSQL) — " + r["started_at"], "=" * 78]
    L.append(f"machine   nproc {m['nproc']} · {m['cpu_model']} · {m['memory']}")
    L.append(f"          Python {m['python']} · Django {m['django']}")
    st = db.get("settings", {})
    L.append(
        f"database  {db['label']} · {db['size_mib'] / 1024:.1f} GiB · shared_buffers "
        f"{st.get('shared_buffers')}, work_mem {st.get('work_mem')}, fsync {st.get('fsync')}, "
        f"synchronous_commit {st.get('synchronous_commit')}"
    )
    L.append("")
    how = "built by an earlier run" if r["reused"] else "built by this run"
    L.append(f"DISTRICT ({how}, {b['built_at']}{', timed again: --reuse' if r['reused'] else ''})")
    L.append(
        f"  {c['students']:,} students in {c['schools']} schools · {c['classes']:,} classes "
        f"(every student in one) · {c['teachers']:,} teachers ({s['per_teacher']} classes each)"
    )
    L.append(
        f"  one map per school: {s['standards']} standards, {c['forms']:,} forms "
        f"(A–{chr(ord('A') + s['attempts'] - 1)} of 5 items, "
        f"{chr(ord('A') + s['attempts'])} of 10), {c['items']:,} items in all"
    )
    L.append(
        f"  per student: the first {s['cells']} standards started, {s['attempts']} sittings "
        f"each: {c['attempts']:,} submitted attempts, {c['evidence']:,} evidence rows "
        f"(one per attempt), {c['error_analyses']:,} error analyses, {c['goals']:,} goals; "
        "no item responses"
    )
    rc = b["recompute"]
    L.append(
        f"  {c['mastery_records']:,} mastery records and {c['level_changes']:,} level changes "
        f"by the real engine (recompute_records of every class): {rc['classes']:,} classes "
        f"in {rc['total_s']:.0f} s, {rc['records_per_s']:,} records/s, per class p50 "
        f"{rc['per_class']['p50']} ms / p95 {rc['per_class']['p95']} ms"
    )
    L.append("  status mix: " + ", ".join(f"{k} {v:,}" for k, v in c["status_mix"].items()))
    ck = r.get("records_check", {})
    if ck:
        L.append(
            f"  records re-checked against the engine re-run on their evidence: "
            f"{ck['checked']} random cells, {ck['mismatches']} disagree"
        )
    L.append(
        f"  >>> built in {b['total_s'] / 60:.1f} min (peak memory of the bench process "
        f"{b['peak_rss_mib']} MiB)"
    )
    L.append("  steps: " + " · ".join(f"{k} {v:.0f} s" for k, v in b["timings"].items()))
    L.append("")
    L.append("AT DISTRICT SIZE, IN PROCESS (Django test client, DEBUG off, gzip; as pages.py)")
    L.append(
        "  (p50/p95 over every timed request of every sampled class or student, after one "
        "cold request each;"
    )
    L.append("   × bare: p50 ÷ the bare view's p50 timed the same way; target: the issue's)")
    bare_s = t["bare"].get("p50_s")
    L.append(
        f"  {'what':<46} {'p50 ms':>7} {'p95 ms':>7} {'target':>7} {'× bare':>7} "
        f"{'cold p50':>8} {'CPU ms':>7} {'queries':>7} {'KiB':>5} {'n':>5}"
    )
    for key in ("grid", "tracker"):
        p = t[key]
        tm = p.get("timing", {})
        if not tm.get("n"):
            L.append(f"  {p['label']:<46} ERROR {p['errors'][:1]}")
            continue
        x = f"{p['p50_s'] / bare_s:.0f}" if bare_s else "?"
        L.append(
            f"  {p['label']:<46} {tm['p50']:7.1f} {tm['p95']:7.1f} {_target(p, tm):>7} {x:>7} "
            f"{p['cold']['p50']:8.1f} {p['cpu_p50_ms']:7.1f} {p['queries_max']:7d} "
            f"{p['kib']:5d} {tm['n']:5d}"
        )
    sc = t["submit"]
    for key, label in (
        ("committed", "submit_attempt, 10 items, committed"),
        ("full", "submit_attempt, same, rolled back"),
        ("scoring", "  the same, evidence + levels stubbed out"),
        ("start", 'start_attempt ("I\'m ready") before it'),
    ):
        v = sc.get(key, {})
        if not v.get("n"):
            continue
        w = v["wall"]
        target = _target({"target_ms": TARGETS["submit"]}, w) if key == "committed" else ""
        x = f"{w['p50'] / 1000 / bare_s:.0f}" if bare_s else "?"
        L.append(
            f"  {label:<46} {w['p50']:7.1f} {w['p95']:7.1f} {target:>7} {x:>7} "
            f"{'':>8} {v['cpu_mean_ms']:7.1f} {v['queries']:7.0f} {'':>5} {w['n']:5d}"
        )
    if "added" in sc:
        L.append(
            f"  updating levels adds {sc['added']['wall_mean_ms']} ms (p50 "
            f"{sc['added']['wall_p50_ms']}) and {sc['added']['queries']} statements per submit"
        )
    tb = t["bare"].get("timing", {})
    if tb.get("n"):
        L.append(
            f"  bare view GET /healthz/: p50 {1000 * bare_s:.3f} ms, p95 {tb['p95']} ms "
            f"({tb['n']} requests)"
        )
    for key in ("grid", "tracker"):
        p = t[key]
        if p.get("slowest_sql_first"):
            q = p["slowest_sql_first"][0]
            L.append(
                f"  {key}: SQL of the first sample {p['sql_ms_first']} ms; slowest "
                f"{q['ms']} ms: {q['sql'][:110]}"
            )
    cs = r.get("timing_cpu_split", {})
    if cs:
        L.append(
            f"  machine busy {cs['machine_cores_busy']} cores while timing: this process "
            f"{cs['server_cores']}, other processes {cs['other_cores']} (load average "
            f"before: {cs.get('loadavg_before')})"
        )
    if r["problems"]:
        L += ["", "PROBLEMS"] + [f"  - {p}" for p in r["problems"]]
    L.append("")
    L.append(f"total run time {r['run_s'] / 60:.1f} min · figures in {OUT / 'district.json'}")
    return "\n".join(L)


def _target(p: dict, timing: dict) -> str:
    """ "≤ 50 ✓" when the p95 is within the target, "≤ 50 ✗" when not (a figure, not a
    failure)."""
    target = p.get("target_ms")
    if target is None:
        return ""
    return f"≤{target:.0f} {'✓' if timing['p95'] <= target else '✗'}"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url or not pgdb.is_postgres(url):
        log(
            "bench-district needs PostgreSQL: set DATABASE_URL=postgres://user:pass@host:port/db "
            "(the role needs CREATEDB; a throw-away local server: "
            "DATABASE_URL=$(bash .ci/postgres.sh) make bench-district)"
        )
        return 2
    t_run = time.perf_counter()
    now = datetime.now(UTC)
    name = pgdb.bench_name(url, "bench_district_")
    sizes = sizes_of(args)
    try:
        mark = pgdb.read_mark(url, name)
        reuse = bool(args.reuse and mark and mark.get("complete") and mark.get("sizes") == sizes)
        if args.reuse and not reuse:
            log(f"no finished district of these sizes in {name} to reuse: building one")
        if reuse:
            db_url = pgdb.with_database(url, name)
        else:
            db_url = pgdb.fresh_database(url, name, complete=False, sizes=sizes)
    except pgdb.BenchDatabaseError as e:
        log(f"bench-district: {e}")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    setup_django(database_url=db_url)
    report: dict = {
        "started_at": now.strftime("%Y-%m-%d %H:%M UTC"),
        "args": vars(args),
        "sizes": sizes,
        "reused": reuse,
        "problems": [],
        "machine": machine(),
    }
    log(f"Mastery Map district benchmark · {pgdb.where(db_url)} · {sizes}")
    if reuse:
        report["build"] = mark["build"]
        log(f"reusing the district built {mark['build']['built_at']}")
        # Brought to the code's schema: a later migration (an index dropped, say) is timed too.
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    else:
        log("building the district …")
        report["build"] = build_district(args, now)
        pgdb.write_mark(url, name, complete=True, sizes=sizes, build=report["build"])
    from build import database_mib  # only after setup_django: it imports the models

    report["database"] = database_facts()
    report["database"]["size_mib"] = database_mib()
    log(f"re-checking {args.records_check} random records against the engine …")
    report["records_check"] = check_records(args.records_check, args.seed)
    if report["records_check"]["mismatches"]:
        report["problems"].append(
            f"{report['records_check']['mismatches']} records disagree with the engine, e.g. "
            f"{report['records_check']['examples'][0]}"
        )
    load_before, busy0, self0 = loadavg(), machine_busy(), time.process_time()
    try:
        report["timings"] = time_district(args, report)
    except Exception as e:  # noqa: BLE001 - report what was measured
        report["problems"].append(f"timing failed: {type(e).__name__}: {e}")
        log(traceback.format_exc())
        report["timings"] = {}
    report["timing_cpu_split"] = {
        **cpu_split(busy0, machine_busy(), time.process_time() - self0, 0.0),
        "loadavg_before": load_before,
    }
    for key in ("grid", "tracker"):
        if report["timings"].get(key, {}).get("n_errors"):
            p = report["timings"][key]
            report["problems"].append(f"{p['label']}: {p['n_errors']} errors, {p['errors'][0]}")
    sc = report["timings"].get("submit", {})
    if sc.get("n_errors"):
        report["problems"].append(f"submits: {sc['n_errors']} errors, e.g. {sc['errors'][0]}")
    report["run_s"] = round(time.perf_counter() - t_run, 1)
    (OUT / "district.json").write_text(json.dumps(report, indent=2, default=str), "utf-8")
    if not report["timings"]:
        return 1
    text = fmt_report(report)
    (OUT / "district.txt").write_text(text + "\n", "utf-8")
    log("")
    log(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
