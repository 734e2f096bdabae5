"""The mastery engine's own costs, timed in process (wall and CPU of this process).

- `recompute_school`: recompute_records of every class, the full recompute of a school
  (called by build.py, which needs the records anyway);
- `time_submit_cost`: what updating levels adds to each submitted attempt;
- `time_policy_changes`: preview_policy then set_policy on the big class;
- `time_benchmark`: a 30-item benchmark handed in by a class of 30, and its report.

`run_engine` runs the last two after the real stack, with the server stopped, so nothing
competes for the CPU. Statements are counted with `QueryCounter`, not
CaptureQueriesContext: see its docstring. Django is imported inside the functions: this
module is imported before django.setup().
"""

from __future__ import annotations

import argparse
import statistics
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from common import log, summary_ms
from stack import pick_tasks

if TYPE_CHECKING:
    from build import School_  # imports the app's models: not at run time

# The policy changes timed on the big class, one after the other from the default.
POLICY_STEPS: list[tuple[str, dict]] = [
    ("decaying_average", {"rate": 0.65}),
    ("m_of_n", {"m": 3, "n": 4}),
]


class QueryCounter:
    """Counts the statements a block sends (connection.execute_wrapper): unlike
    CaptureQueriesContext it does not render every statement's SQL with its parameters,
    which would inflate the timing of bulk inserts and updates."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def recompute_school(classrooms: list, *, big_id: int, log: Callable[[str], None] = print) -> dict:
    """`recompute_records` for every class, timed: the full recompute of a school.

    Per class: seconds, records written, queries issued. The small classes are summed (and
    their slowest shown); the big class is reported on its own.
    """
    from django.db import connection
    from django.db.models import Count

    from masterymap.mastery.actions import recompute_records
    from masterymap.mastery.models import LevelChange, MasteryRecord

    per_class = []
    t_all = time.perf_counter()
    for c in classrooms:
        before = LevelChange.objects.count()
        t0 = time.perf_counter()
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            changed = recompute_records(classroom=c, why="bench build")
        secs = time.perf_counter() - t0
        per_class.append(
            {
                "classroom_id": c.pk,
                "big": c.pk == big_id,
                "seconds": round(secs, 3),
                "changed": changed,
                "level_changes_written": LevelChange.objects.count() - before,
                "queries": counter.n,
            }
        )
    total = time.perf_counter() - t_all
    records = dict(
        MasteryRecord.objects.values_list("classroom_id").annotate(n=Count("id")).order_by()
    )
    for row in per_class:
        row["records"] = records.get(row["classroom_id"], 0)
    small = [r for r in per_class if not r["big"]]
    big = next(r for r in per_class if r["big"])
    out = {
        "classes": len(per_class),
        "total_s": round(total, 2),
        "records": sum(records.values()),
        "small_classes": len(small),
        "small_total_s": round(sum(r["seconds"] for r in small), 2),
        "small_max_s": max((r["seconds"] for r in small), default=0.0),
        "small_queries_each": max((r["queries"] for r in small), default=0),
        "big_s": big["seconds"],
        "big_records": big["records"],
        "big_queries": big["queries"],
        "per_class": per_class,
    }
    out["records_per_s"] = round(out["records"] / total) if total else None
    log(
        f"    full recompute: {out['classes']} classes, {out['records']} records in "
        f"{total:.1f} s ({out['small_classes']} small classes {out['small_total_s']:.1f} s, "
        f"the big class {big['seconds']:.1f} s)"
    )
    return out


def time_submit_cost(school: School_, cells: list[dict], seed: int) -> dict:
    """In process, per fresh attempt on the 10-item form: `submit_attempt` as the app runs it
    (scoring + evidence row + level update of every class of the student) against the same
    call with `evidence.actions.add_attempt_evidence` and `refresh_student_standard` replaced
    by no-ops (scoring only). Both are rolled back, in alternating order, on the same attempt;
    then the real submit is run once more and committed. The evidence and level-update calls of the
    full runs are timed on their own too."""
    import random
    from contextlib import contextmanager

    from django.db import connection, transaction
    from django.utils import timezone

    import masterymap.workflows.actions as aa
    from masterymap.accounts.models import User
    from masterymap.standards.models import Standard

    rng = random.Random(seed)
    real_evidence, real_refresh = aa.ledger.add_attempt_evidence, aa.refresh_student_standard
    counter = QueryCounter()
    parts: dict[str, list[float]] = {}
    part_queries: dict[str, list[int]] = {}

    def timed(name, fn):
        def wrapper(*a, **kw):
            q0, t0 = counter.n, time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                parts.setdefault(name, []).append(time.perf_counter() - t0)
                part_queries.setdefault(name, []).append(counter.n - q0)

        return wrapper

    @contextmanager
    def patched(evidence, refresh):
        aa.ledger.add_attempt_evidence, aa.refresh_student_standard = evidence, refresh
        try:
            yield
        finally:
            aa.ledger.add_attempt_evidence, aa.refresh_student_standard = (
                real_evidence,
                real_refresh,
            )

    def run(attempt, answers, *, commit: bool) -> tuple[float, float, int]:
        q0 = counter.n
        with transaction.atomic():
            t0, c0 = time.perf_counter(), time.process_time()
            aa.submit_attempt(attempt=attempt, answers=answers, at=timezone.now())
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            if not commit:
                transaction.set_rollback(True)
        return wall, cpu, counter.n - q0

    def noop(**kw):
        return None

    keys = school.long_form_keys
    rows = {"scoring": [], "full": [], "committed": [], "start": []}
    errors: list[str] = []
    with connection.execute_wrapper(counter):
        for i, cell in enumerate(cells):
            try:
                student = User.objects.get(pk=cell["student"])
                standard = Standard.objects.get(pk=cell["standard"])
                q0, t0, c0 = counter.n, time.perf_counter(), time.process_time()
                attempt = aa.start_attempt(student=student, standard=standard)
                rows["start"].append(
                    (time.perf_counter() - t0, time.process_time() - c0, counter.n - q0)
                )
                item_ids = list(
                    attempt.form.form_items.order_by("position").values_list("item_id", flat=True)
                )
                answers = {
                    iid: (keys[iid].right if rng.random() < 0.8 else keys[iid].wrong)
                    for iid in item_ids
                }
                order = ["scoring", "full"] if i % 2 == 0 else ["full", "scoring"]
                for variant in order:
                    if variant == "scoring":
                        with patched(noop, noop):
                            rows["scoring"].append(run(attempt, answers, commit=False))
                    else:
                        with patched(
                            timed("evidence", real_evidence), timed("levels", real_refresh)
                        ):
                            rows["full"].append(run(attempt, answers, commit=False))
                with patched(timed("evidence_c", real_evidence), timed("levels_c", real_refresh)):
                    rows["committed"].append(run(attempt, answers, commit=True))
            except Exception as e:  # noqa: BLE001 - report, keep going
                errors.append(f"{type(e).__name__}: {e}")

    def stats(xs: list[tuple[float, float, int]]) -> dict:
        if not xs:
            return {"n": 0}
        walls = [w for w, _, _ in xs]
        return {
            "n": len(xs),
            "wall": summary_ms(walls),
            "cpu_mean_ms": round(1000 * statistics.fmean(c for _, c, _ in xs), 2),
            "queries": round(statistics.fmean(q for _, _, q in xs), 1),
        }

    out = {k: stats(v) for k, v in rows.items()}
    paired = list(zip(rows["scoring"], rows["full"], strict=False))
    if paired:
        added = [f[0] - s[0] for s, f in paired]
        added_cpu = [f[1] - s[1] for s, f in paired]
        out["added"] = {
            "n": len(paired),
            "wall_mean_ms": round(1000 * statistics.fmean(added), 2),
            "wall_p50_ms": round(1000 * statistics.median(added), 2),
            "cpu_mean_ms": round(1000 * statistics.fmean(added_cpu), 2),
            "queries": round(
                statistics.fmean(f[2] - s[2] for s, f in paired),
                1,
            ),
        }
    for name in ("evidence", "levels"):
        if parts.get(name):
            out[name] = {
                "n": len(parts[name]),
                "wall_mean_ms": round(1000 * statistics.fmean(parts[name]), 2),
                "wall_p50_ms": round(1000 * statistics.median(parts[name]), 2),
                "queries": round(statistics.fmean(part_queries[name]), 1),
            }
    out["errors"] = errors[:5]
    out["n_errors"] = len(errors)
    return out


def time_policy_changes(school: School_, steps: list[tuple[str, dict]]) -> list[dict]:
    """preview_policy then set_policy on the big class (every student × every standard),
    one method after another: seconds (wall and CPU), records, changes, statements."""
    from django.db import connection

    from masterymap.accounts.models import Classroom, User
    from masterymap.mastery.actions import preview_policy, set_policy
    from masterymap.mastery.models import LevelChange, MasteryRecord

    big = Classroom.objects.get(pk=school.big_class_id)
    teacher = User.objects.get(pk=school.teacher_id)
    out = []
    for method, params in steps:
        row: dict = {"method": method, "params": params}
        kw = {
            "classroom": big,
            "standard": None,
            "method": method,
            "params": params,
            "min_evidence": 1,
            "kinds": None,
            "weights": {},
        }
        try:
            before = dict(MasteryRecord.objects.filter(classroom=big).values_list("id", "status"))
            changes0 = LevelChange.objects.count()
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                t0, c0 = time.perf_counter(), time.process_time()
                pv = preview_policy(**kw)
                row["preview"] = {
                    "seconds": round(time.perf_counter() - t0, 2),
                    "cpu_s": round(time.process_time() - c0, 2),
                    "queries": counter.n,
                    "records": pv.records,
                    "status_changes": pv.status_changes,
                    "level_changes": pv.level_changes,
                    "newly_mastered": pv.newly_mastered,
                    "no_longer_mastered": pv.no_longer_mastered,
                }
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                t0, c0 = time.perf_counter(), time.process_time()
                changed = set_policy(**kw, by=teacher)
                secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            after = dict(MasteryRecord.objects.filter(classroom=big).values_list("id", "status"))
            row["set"] = {
                "seconds": round(secs, 2),
                "cpu_s": round(cpu, 2),
                "queries": counter.n,
                "records": len(after),
                "changed": changed,
                "status_changes": sum(1 for k, v in after.items() if before.get(k) != v),
                "level_changes_written": LevelChange.objects.count() - changes0,
                "mastered_after": sum(1 for v in after.values() if v == "mastered"),
            }
            row["preview_agrees"] = row["preview"]["status_changes"] == row["set"]["status_changes"]
        except Exception as e:  # noqa: BLE001
            row["error"] = f"{type(e).__name__}: {e}"
            row["traceback"] = traceback.format_exc(limit=-4)
        out.append(row)
        p, st = row.get("preview"), row.get("set")
        log(
            f"  {method:<18} "
            + (
                f"preview {p['seconds']:.2f} s ({p['queries']} queries) · "
                f"set {st['seconds']:.2f} s ({st['queries']} queries), "
                f"{st['status_changes']} status changes"
                if p and st
                else "ERROR " + row.get("error", "?")[:300]
            )
        )
    return out


def run_engine(args: argparse.Namespace, school: School_, report: dict, used: list[dict]) -> None:
    """The submit cost (on cells the real stack did not `use`), then the policy changes
    unless --no-policy; fills report["submit_cost"] and report["policy"]."""
    log(f"in process: submit_attempt with and without the level update ({args.submit_samples}) …")
    taken = {(t["student"], t["standard"]) for t in used}
    every_cell, _ = pick_tasks(school, len(school.not_yet_cells), 0, args.seed + 1)
    fresh = [t for t in every_cell if (t["student"], t["standard"]) not in taken]
    fresh = fresh[: args.submit_samples]
    try:
        report["submit_cost"] = time_submit_cost(school, fresh, args.seed)
        sc = report["submit_cost"]
        if sc.get("n_errors"):
            report["problems"].append(
                f"in-process submits: {sc['n_errors']} errors, e.g. {sc['errors'][0][:300]}"
            )
        if "added" in sc:
            log(
                f"  scoring only {sc['scoring']['wall']['p50']} ms, with evidence + levels "
                f"{sc['full']['wall']['p50']} ms (p50); added {sc['added']['wall_mean_ms']} ms, "
                f"{sc['added']['queries']} queries per attempt"
            )
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"submit cost phase failed: {type(e).__name__}: {e}")
        log(traceback.format_exc())
    log("in process: a 30-item benchmark over 6 standards, handed in by a class of 30 …")
    try:
        report["benchmark"] = time_benchmark(school, args.seed)
        bm = report["benchmark"]
        if bm.get("n_errors"):
            report["problems"].append(
                f"benchmark submits: {bm['n_errors']} errors, e.g. {bm['errors'][0][:300]}"
            )
        if "submit" in bm:
            log(
                f"  submit_sitting p50 {bm['submit']['wall']['p50']} ms, CPU "
                f"{bm['submit']['cpu_mean_ms']} ms, {bm['submit']['queries']} statements; "
                f"report p50 {bm['report']['wall']['p50']} ms, {bm['report']['queries']} queries"
            )
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"benchmark phase failed: {type(e).__name__}: {e}")
        log(traceback.format_exc())
    if args.no_policy:
        return
    log(f"in process: policy changes on the big class ({args.students} students) …")
    report["policy"] = time_policy_changes(school, POLICY_STEPS)
    for row in report["policy"]:
        if "error" in row:
            report["problems"].append(f"policy {row['method']}: {row['error'][:400]}")
        elif not row.get("preview_agrees"):
            report["problems"].append(
                f"policy {row['method']}: the preview announced "
                f"{row['preview']['status_changes']} status changes, saving made "
                f"{row['set']['status_changes']}"
            )


BENCHMARK_STANDARDS = 6
BENCHMARK_ITEMS_PER_STANDARD = 5


def time_benchmark(school: School_, seed: int) -> dict:
    """Issue 11: a 30-item benchmark over 6 standards, opened in one class of 30; every
    student of the class starts it and hands it in (`submit_sitting`: scoring, one piece
    of evidence per standard, the levels of every class of the student), committed, timed
    one by one (wall, CPU, statements); then the teacher's report on the 30 sittings, in
    process through the test client, and its CSV."""
    import random

    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from masterymap.accounts.models import Classroom, User
    from masterymap.assessments.models import FormItem
    from masterymap.benchmarks import actions as bench_actions
    from masterymap.benchmarks.models import (
        Benchmark,
        BenchmarkItem,
        BenchmarkStandard,
    )

    rng = random.Random(seed)
    classroom = Classroom.objects.get(pk=school.small_class_ids[0])
    standard_ids = school.standard_ids[:BENCHMARK_STANDARDS]
    # The long forms' items: the bench's bank (the eligibility rule is not what is timed).
    item_ids = []
    for sid in standard_ids:
        form_id = school.long_form_of_standard[sid]
        ids = list(
            FormItem.objects.filter(form_id=form_id)
            .order_by("position")
            .values_list("item_id", flat=True)[:BENCHMARK_ITEMS_PER_STANDARD]
        )
        item_ids += ids
    now = timezone.now()
    benchmark = Benchmark.objects.create(
        classroom=classroom,
        title="Bench unit test",
        state=Benchmark.State.OPEN,
        opened_at=now,
        created_at=now,
        created_by_id=school.teacher_id,
    )
    BenchmarkStandard.objects.bulk_create(
        BenchmarkStandard(benchmark=benchmark, standard_id=sid, position=i)
        for i, sid in enumerate(standard_ids)
    )
    BenchmarkItem.objects.bulk_create(
        BenchmarkItem(benchmark=benchmark, item_id=pk, position=i) for i, pk in enumerate(item_ids)
    )
    students = list(User.objects.filter(enrollments__classroom=classroom).order_by("pk"))
    rows: list[tuple[float, float, int]] = []
    errors: list[str] = []
    for student in students:
        try:
            sitting = bench_actions.start_sitting(benchmark=benchmark, student=student)
            answers = {}
            for pk in item_ids:
                info = school.long_form_keys.get(pk)
                if info is not None:
                    answers[pk] = info.right if rng.random() < 0.7 else info.wrong
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                t0, c0 = time.perf_counter(), time.process_time()
                bench_actions.submit_sitting(sitting=sitting, answers=answers)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            rows.append((wall, cpu, counter.n))
        except Exception as e:  # noqa: BLE001 - report, keep going
            errors.append(f"{type(e).__name__}: {e}")
    out: dict = {
        "items": len(item_ids),
        "standards": len(standard_ids),
        "class_size": len(students),
        "errors": errors[:3],
        "n_errors": len(errors),
    }
    if rows:
        out["submit"] = {
            "n": len(rows),
            "wall": summary_ms([w for w, _, _ in rows]),
            "cpu_mean_ms": round(1000 * statistics.fmean(c for _, c, _ in rows), 2),
            "cpu_p50_ms": round(1000 * statistics.median(c for _, c, _ in rows), 2),
            "queries": round(statistics.fmean(q for _, _, q in rows), 1),
        }
    teacher = User.objects.get(pk=school.teacher_id)
    client = Client(raise_request_exception=True)
    client.force_login(teacher)
    # The results as CSV: the exchange app's "benchmark" export (it replaced report.csv).
    export = reverse("exchange:export-download", args=["benchmark", "csv"])
    for key, url in (
        ("report", reverse("benchmarks:report", kwargs={"benchmark_id": benchmark.pk})),
        ("csv", f"{export}?benchmark={benchmark.pk}"),
    ):
        resp = client.get(url)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            client.get(url)
        times, cpu = [], []
        for _ in range(20):
            t0, c0 = time.perf_counter(), time.process_time()
            client.get(url)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        out[key] = {
            "status": resp.status_code,
            "bytes": len(resp.content),
            "queries": counter.n,
            "wall": summary_ms(times),
            "cpu_p50_ms": round(1000 * statistics.median(cpu), 2),
        }
    return out
