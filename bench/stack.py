"""The real stack: virtual students taking form F through gunicorn, and a bare-view baseline.

`run_stack` starts the server (server.py), warms it up, runs the baseline (GET /healthz/)
and the forms phase with the load generator (load.py, in its own processes), stops the
server, then checks the database the students wrote to. Each step's p50 is also given as
a multiple of the baseline's p50 ("x_bare_view"). Django is imported inside the
functions: this module is imported before django.setup().
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import traceback
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from common import (
    BENCH,
    OUT,
    ROOT,
    SERVER_LOG,
    cpu_split,
    engine_expects,
    loadavg,
    log,
    machine_busy,
    pct,
    summary_ms,
)
from server import (
    free_port,
    scan_server_log,
    server_cpu,
    server_rss_mib,
    server_side,
    start_server,
    stop_server,
    wait_healthy,
)

if TYPE_CHECKING:
    from build import School_  # imports the app's models: not at run time


def make_sessions(student_ids: list[int]) -> dict[int, str]:
    """A logged-in session per student, written straight to the session table."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from masterymap.accounts.backends import BACKEND
    from masterymap.accounts.models import User

    store = SessionStore()
    rows, keys = [], {}
    expire = timezone.now() + timedelta(hours=12)
    for user in User.objects.filter(pk__in=student_ids):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys[user.pk] = key
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def pick_tasks(
    school: School_, n_measure: int, n_warm: int, seed: int
) -> tuple[list[dict], list[dict]]:
    """Distinct (student, standard) cells where the student may start form F: their last
    sitting was "not yet" (the app refuses a new form after mastery). Spread over students:
    everyone's first such cell, then everyone's second, … Warm-up cells come after."""
    by_student: dict[int, list[int]] = {}
    for student, standard in school.not_yet_cells:
        by_student.setdefault(student, []).append(standard)
    order = []
    rank = 0
    while len(order) < len(school.not_yet_cells):
        for student in school.student_ids:
            cells = by_student.get(student, [])
            if rank < len(cells):
                order.append({"student": student, "standard": cells[rank]})
        rank += 1
    measure, warm = order[:n_measure], order[n_measure : n_measure + n_warm]
    for i, t in enumerate(measure + warm):
        t["classroom"] = school.class_of_student[t["student"]]
        t["seed"] = seed * 100003 + i
    return measure, warm


def forms_plan(
    args: argparse.Namespace,
    school: School_,
    port: int,
    tasks: list[dict],
    max_seconds: float,
    conc: int,
) -> Path:
    """The load generator's instructions for a forms phase, written to bench/out/."""
    keys = {
        str(k): {"kind": v.kind, "right": v.right, "wrong": v.wrong}
        for k, v in school.long_form_keys.items()
    }
    plan = {
        "base_url": f"http://127.0.0.1:{port}",
        "keys": keys,
        "p_right": 0.8,
        "with_map": not args.no_map,
        "max_seconds": max_seconds,
        "concurrency": conc,
        "tasks": tasks,
    }
    path = OUT / f"plan-{time.monotonic_ns()}.json"
    path.write_text(json.dumps(plan))
    return path


def run_loader(argv: list[str]) -> dict:
    """Run load.py in its own process (no Django, no shared GIL with us) and read its result."""
    out = OUT / f"load-{argv[0]}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, str(BENCH / "load.py"), *argv, "--out", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(out.read_text())


def write_plan(kind: str, plan: dict) -> Path:
    """A plan for the load generator, written to bench/out/ (removed by the next run)."""
    path = OUT / f"plan-{kind}-{time.monotonic_ns()}.json"
    path.write_text(json.dumps(plan))
    return path


def warm_workers(port: int, workers: int) -> None:
    """Bare requests, `workers` at a time, until every worker has answered some: a worker
    imports the app when it boots, and that CPU must not land in a measured figure."""
    healthz = f"http://127.0.0.1:{port}/healthz/"
    conc = ["--concurrency", str(workers)]
    run_loader(["baseline", "--url", healthz, "--requests", str(20 * workers), *conc])


def measure_bare(port: int, pid: int, requests: int) -> dict:
    """The reference of the asyncio phases: `requests` sequential GET /healthz/ through the
    load generator's raw client (no queueing: one at a time). Latency in ms, and the
    server's CPU per request."""
    plan = {"base_url": f"http://127.0.0.1:{port}", "server_pid": pid, "requests": requests}
    res = run_loader(["bare", "--plan", str(write_plan("bare", plan))])
    lat = res["latencies"]
    p50 = pct(lat, 50)
    return {
        "requests": len(lat),
        "errors": len(res["errors"]),
        "latency": summary_ms(lat),
        "latency_p50_exact_ms": round(1000 * p50, 3) if p50 else None,
        "server_cpu_per_request_ms": round(1000 * res["server_cpu"] / len(lat), 3) if lat else None,
    }


def summarise_forms(res: dict, cpu: float, bare_p50_s: float | None = None) -> dict:
    """Throughput, per-step latencies, CPU per form and errors of a forms phase. With the
    bare view's p50 latency of the same run, each step's p50 is also given as a multiple of
    it ("x_bare_view")."""
    from load import STEPS

    outs = res["students"]
    done = [o for o in outs if o.get("ok")]
    failed = [o for o in outs if not o.get("skipped") and not o.get("ok")]
    skipped = [o for o in outs if o.get("skipped")]
    steps = {}
    for s in STEPS:
        vals = [x for o in done + failed for x in o.get("timings", {}).get(s, [])]
        if vals:
            steps[s] = summary_ms(vals)
            if bare_p50_s:
                # From the unrounded latencies: summary_ms keeps 0.1 ms.
                steps[s]["x_bare_view"] = round(pct(vals, 50) / bare_p50_s, 2)
    errors: dict[str, int] = {}
    for o in failed:
        msg = (o.get("error") or "?")[:400]
        errors[msg] = errors.get(msg, 0) + 1
    wall = res["wall"]
    n_req = sum(len(v) for o in done + failed for v in o.get("timings", {}).values())
    return {
        "concurrency": res["concurrency"],
        "attempted": len(done) + len(failed),
        "completed": len(done),
        "failed": len(failed),
        "skipped_deadline": len(skipped),
        "wall_s": round(wall, 2),
        "forms_per_s": round(len(done) / wall, 2) if wall else None,
        "requests": n_req,
        "requests_per_s": round(n_req / wall, 1) if wall else None,
        "requests_per_form": (sum(len(v) for v in done[0]["timings"].values()) if done else None),
        "items_per_form": (done[0].get("items") if done else None),
        "form_total": summary_ms([o["total"] for o in done]),
        "steps": steps,
        "server_cpu_s": round(cpu, 2),
        "server_cpu_per_form_ms": round(1000 * cpu / len(done), 1) if done else None,
        "loader_cpu_s": round(res["loader_cpu"], 2),
        "errors": errors,
    }


def check_database(school: School_, measured: list[dict]) -> dict:
    """After the load: did every completed form land (with its evidence), and does every
    touched record, in every class of the student, agree with the engine re-run on its
    evidence? The re-evaluation uses the pure pieces (cell_facts, then common.engine_expects),
    not recompute_records, and the attempt counts come from the attempts table."""
    from django.db import connection

    from masterymap.accounts.models import Classroom
    from masterymap.assessments.models import Attempt, Response
    from masterymap.evidence.models import Evidence
    from masterymap.mastery.engine import cell_facts, policies_for_classroom, scale_for_classroom
    from masterymap.mastery.models import MasteryRecord

    connection.close()  # see the server's writes
    long_forms = list(school.long_form_of_standard.values())
    att = Attempt.objects.filter(form_id__in=long_forms)
    submitted = att.filter(status=Attempt.Status.SUBMITTED)
    out = {
        "long_form_attempts": att.count(),
        "submitted": submitted.count(),
        "left_in_progress": att.filter(status=Attempt.Status.IN_PROGRESS).count(),
        "mastered": att.filter(mastered=True).count(),
        "responses_on_long_forms": Response.objects.filter(attempt__in=att).count(),
        "evidence_on_long_forms": Evidence.objects.filter(attempt__in=att).count(),
        "submitted_without_evidence": submitted.filter(evidence__isnull=True).count(),
    }
    pairs = {(t["student"], t["standard"]) for t in measured}
    students = {s for s, _ in pairs}
    standards = {s for _, s in pairs}
    n_submitted: dict[tuple[int, int], int] = {}
    for key in Attempt.objects.filter(
        student_id__in=students, status=Attempt.Status.SUBMITTED
    ).values_list("student_id", "form__standard_id"):
        n_submitted[key] = n_submitted.get(key, 0) + 1
    facts = cell_facts(students, standards)
    classes = {school.class_of_student[s] for s in students} | {school.big_class_id}
    checked = mismatches = 0
    examples = []
    for classroom in Classroom.objects.filter(pk__in=classes):
        scale, policies = scale_for_classroom(classroom), policies_for_classroom(classroom)
        enrolled = set(classroom.enrollments.values_list("student_id", flat=True))
        stored = {
            (r.student_id, r.standard_id): r
            for r in MasteryRecord.objects.filter(classroom=classroom, student_id__in=students)
        }
        for key in pairs:
            if key[0] not in enrolled:
                continue
            checked += 1
            f = facts.get(key)
            rec = stored.get(key)
            if f is None or rec is None:
                mismatches += 1
                examples.append(f"class {classroom.pk} cell {key}: no evidence or no record")
                continue
            want, level = engine_expects(rec, f, policies.for_standard(key[1]), scale)
            n = n_submitted.get(key, 0)
            if (
                rec.status != want
                or rec.level != level
                or rec.attempts_count != n
                or rec.evidence_count != n
            ):
                mismatches += 1
                examples.append(
                    f"class {classroom.pk} cell {key}: stored {rec.status}/{rec.level}/"
                    f"{rec.attempts_count}/{rec.evidence_count}, expected {want}/{level}/{n}/{n}"
                )
    out["cells_checked"] = len(pairs)
    out["records_checked"] = checked
    out["record_mismatches"] = mismatches
    out["mismatch_examples"] = examples[:5]
    return out


def _phase(pid: int, loader_argv: list[str]) -> tuple[dict, float, dict, tuple[float, float]]:
    """Run the load generator once, measuring the server's CPU and the machine around it.
    Returns the loader's result, the server's CPU seconds, the CPU split and the window."""
    load_before = loadavg()
    cpu0, busy0 = server_cpu(pid), machine_busy()
    res = run_loader(loader_argv)
    cpu, busy1 = server_cpu(pid) - cpu0, machine_busy()
    split = {
        "loadavg_before": load_before,
        "cpu_split": cpu_split(busy0, busy1, cpu, res["loader_cpu"]),
    }
    return res, cpu, split, (busy0[0], busy1[0])


def run_stack(args: argparse.Namespace, school: School_, report: dict) -> list[dict]:
    """The whole real-stack phase; fills report["server"], ["baseline"], ["forms"],
    ["db_check"] and ["server_log"]. Returns every cell it used (measured and warm-up),
    which the in-process submits must not reuse."""
    from django.db import connection

    n_warm = max(args.workers, args.concurrency)
    measured, warm = pick_tasks(school, args.load_students, n_warm, args.seed)
    if len(measured) < args.load_students:
        report["problems"].append(
            f"only {len(measured)} cells are open for a new form (not yet mastered); "
            f"measuring {len(measured)} students instead of {args.load_students}"
        )
    sessions = make_sessions(sorted({t["student"] for t in measured + warm}))
    for t_ in measured + warm:
        t_["session"] = sessions[t_["student"]]
    connection.close()

    port = free_port()
    log(f"starting gunicorn on 127.0.0.1:{port} ({args.workers} {args.worker_class} workers) …")
    windows: dict[str, tuple[float, float]] = {}
    proc = start_server(args, port)
    try:
        wait_healthy(port, proc)
        time.sleep(1.0)
        pid = proc.pid
        report["server"] = {
            "command": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(proc.cmd)),
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
        }
        healthz = f"http://127.0.0.1:{port}/healthz/"
        conc = ["--concurrency", str(args.concurrency)]

        log("warming up (bare view, then a few forms; not measured) …")
        run_loader(["baseline", "--url", healthz, "--requests", str(20 * args.workers), *conc])
        plan = forms_plan(args, school, port, warm, 60, args.concurrency)
        w = run_loader(["forms", "--plan", str(plan)])
        werr = [o["error"] for o in w["students"] if o.get("error")]
        if werr:
            log(f"  warm-up errors ({len(werr)}): {werr[0][:400]}")

        log(f"baseline: {args.baseline_requests} × GET /healthz/ …")
        bl, cpu, split, windows["baseline"] = _phase(
            pid,
            ["baseline", "--url", healthz, "--requests", str(args.baseline_requests), *conc],
        )
        ok = len(bl["latencies"])
        bare_p50 = pct(bl["latencies"], 50)
        report["baseline"] = {
            "concurrency": bl["concurrency"],
            "ok": ok,
            "errors": len(bl["errors"]),
            "wall_s": round(bl["wall"], 2),
            "requests_per_s": round(ok / bl["wall"], 1) if bl["wall"] else 0,
            "latency": summary_ms(bl["latencies"]),
            "server_cpu_s": round(cpu, 2),
            "server_cpu_per_request_ms": round(1000 * cpu / ok, 3) if ok else None,
            "loader_cpu_s": round(bl["loader_cpu"], 2),
            **split,
            # What the steps' "x_bare_view" divide by (latency["p50"] is rounded to 0.1 ms).
            "latency_p50_exact_ms": round(1000 * bare_p50, 3) if bare_p50 else None,
        }
        log(f"  {report['baseline']['requests_per_s']} requests/s")

        log(
            f"forms: {len(measured)} virtual students, {args.concurrency} at once, "
            f"limit {args.load_seconds:.0f} s …"
        )
        plan = forms_plan(args, school, port, measured, args.load_seconds, args.concurrency)
        fr, cpu, split, windows["forms"] = _phase(pid, ["forms", "--plan", str(plan)])
        report["forms"] = {**summarise_forms(fr, cpu, bare_p50), **split}
        rss = server_rss_mib(pid)
        workers_rss = [v for k, v in rss.items() if k != pid]
        report["server"]["worker_rss_mib"] = max(workers_rss) if workers_rss else None
        f = report["forms"]
        log(
            f"  {f['forms_per_s']} forms/s, {f['failed']} failed, "
            f"server CPU {f['server_cpu_per_form_ms']} ms/form"
        )
        for msg in list(f["errors"])[:3]:
            report["problems"].append(f"form flow error ({f['errors'][msg]}×): {msg[:400]}")
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"real-stack phase stopped: {type(e).__name__}: {e}")
        log(traceback.format_exc())
    finally:
        stop_server(proc)
    # Workers write their request logs when they exit.
    for phase, (t0, t1) in windows.items():
        if phase in report:
            report[phase]["server_side"] = server_side(t0, t1)

    try:
        d = report["db_check"] = check_database(school, measured)
        if d["record_mismatches"]:
            report["problems"].append(
                f"{d['record_mismatches']} mastery records disagree with their evidence "
                "after the load"
            )
        if d["submitted_without_evidence"]:
            report["problems"].append(
                f"{d['submitted_without_evidence']} submitted attempts have no evidence row"
            )
        if d["left_in_progress"]:
            report["problems"].append(
                f"{d['left_in_progress']} attempts were left in progress (a step failed mid-form)"
            )
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"database check failed: {type(e).__name__}: {e}")
    report["server_log"] = scan_server_log()
    return measured + warm


def server_log_problems(report: dict) -> None:
    """What the server logs say (the real stack's and those of the later phases, each
    with its own server), as problems (listed last, after the in-process phases)."""
    logs = [
        ("", report.get("server_log")),
        ("synchronized start: ", report.get("sync_start", {}).get("server_log")),
        ("capacity: ", report.get("capacity", {}).get("server_log")),
    ]
    for where, g in logs:
        if not g:
            continue
        if g["database_is_locked"]:
            report["problems"].append(
                f"{where}'database is locked' {g['database_is_locked']}× in the server log"
            )
        if g["internal_server_errors"] or g["tracebacks"] or g["worker_timeouts"]:
            report["problems"].append(
                f"{where}server log: {g['internal_server_errors']} internal server errors, "
                f"{g['tracebacks']} tracebacks, {g['worker_timeouts']} worker timeouts "
                f"(see {g.get('path', SERVER_LOG)})"
            )
