"""Capacity (issue 14, target 2): how many students one server keeps working at a
realistic pace, with autosave p95 < 100 ms and p99 < 250 ms.

A simulated student is one open attempt on form F (a student × standard: the cells where
the student is "not yet" and never opened form F first, then, when a step wants more,
cells they have mastered — the app would not open a form there, but an autosave neither
knows nor asks). Students hold several attempts when there are more attempts than
students, and share their session (one per student, made beforehand as the real-stack
phase does). The attempts are opened in the database beforehand as `open_sitting` makes
them (their records are not refreshed: an autosave does not read them).

The load generator (load.py `capacity`, one asyncio loop on raw sockets) is an open loop:
each simulated student answers a question every `--capacity-pace` seconds (uniformly
random, 10–30 by default), and each answer is one autosave, built by
`load.autosave_request` exactly as the browser builds it. The number of students grows in
steps of `--capacity-step-seconds`; it stops stepping once the limits are clearly broken
(load.should_stop). Before the steps it opens some answer sheets and checks that the page
shows the questions and choices in the order the autosaves post them.

Django is imported inside the functions: this module is imported before django.setup().
"""

from __future__ import annotations

import argparse
import secrets
import string
import time
import traceback
from typing import TYPE_CHECKING

from common import OUT, cpu_split, loadavg, log, pct, summary_ms
from server import free_port, scan_server_log, server_side, start_server, stop_server, wait_healthy
from stack import make_sessions, measure_bare, run_loader, warm_workers, write_plan
from sync_start import free_cells

if TYPE_CHECKING:
    from build import School_  # imports the app's models: not at run time

SERVER_LOG = OUT / "server-capacity.log"
TARGET_STUDENTS = 5000  # issue 14, target 2
P95_LIMIT_MS = 100.0
P99_LIMIT_MS = 250.0
BARE_REQUESTS = 300
CHECK_SHEETS = 20  # answer sheets opened to check the planned order against the page


def interleave(by_student: dict[int, list[int]], n: int) -> list[tuple[int, int]]:
    """Up to `n` (student, standard) cells spread over the students: every student's first
    cell (in student order), then every student's second, and so on."""
    out: list[tuple[int, int]] = []
    rank = 0
    deepest = max((len(v) for v in by_student.values()), default=0)
    while len(out) < n and rank < deepest:
        for student in sorted(by_student):
            cells = by_student[student]
            if rank < len(cells):
                out.append((student, cells[rank]))
                if len(out) == n:
                    break
        rank += 1
    return out


def capacity_cells(school: School_, n: int) -> tuple[list[tuple[int, int]], int]:
    """`n` cells for simulated students, and how many of them are "not yet" cells (the
    rest are mastered cells, used only when the "not yet" ones run out)."""
    not_yet = interleave(free_cells(school), n)
    if len(not_yet) >= n:
        return not_yet, n
    mastered = interleave(free_cells(school, "mastered"), n - len(not_yet))
    return not_yet + mastered, len(not_yet)


def open_attempts(school: School_, cells: list[tuple[int, int]]) -> list[dict]:
    """An open attempt on form F per cell, as `open_sitting` makes it, in one transaction;
    with each attempt's answer sheet as its page shows it: the questions and their choices
    in the attempt's own order (assessments.order), as load.Question rows."""
    from django.db import transaction
    from django.db.models import Prefetch
    from django.utils import timezone

    from masterymap.assessments.models import Attempt, Choice, Form, FormItem
    from masterymap.assessments.order import attempt_seed, question_order
    from masterymap.assessments.queries import ordered_choices

    now = timezone.now()
    with transaction.atomic():
        attempts = Attempt.objects.bulk_create(
            Attempt(student_id=st, form_id=school.long_form_of_standard[sd], started_at=now)
            for st, sd in cells
        )
    form_ids = set(school.long_form_of_standard.values())
    shuffle = dict(Form.objects.filter(pk__in=form_ids).values_list("pk", "shuffle_items"))
    items_of: dict[int, list] = {}
    for fi in (
        FormItem.objects.filter(form_id__in=form_ids)
        .select_related("item")
        .prefetch_related(
            Prefetch("item__choices", Choice.objects.order_by("position", "id"), "choice_list")
        )
        .order_by("form_id", "position", "id")
    ):
        items_of.setdefault(fi.form_id, []).append(fi.item)
    out = []
    for a in attempts:
        seed = attempt_seed(a.pk)
        sheet = []
        for item in question_order(items_of[a.form_id], seed=seed, shuffle=shuffle[a.form_id]):
            if item.has_choices:
                kind = "checkbox" if item.kind == "multiple" else "radio"
                values = [str(c.pk) for c in ordered_choices(item, seed)]
                sheet.append([item.pk, kind, values])
            else:
                sheet.append([item.pk, "text", []])
        out.append({"attempt": a.pk, "student": a.student_id, "sheet": sheet})
    return out


def _csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def summarise_step(step: dict, *, bare: dict) -> dict:
    """One step's figures: rate, latencies, the verdict, the server's and the load
    generator's CPU, how busy the machine was."""
    from load import step_verdict

    lat = step["latencies_ms"]
    wall = step["window"][1] - step["window"][0]
    busy0, busy1 = step["busy"]
    p50 = pct(lat, 50)
    bare_p50 = bare.get("latency_p50_exact_ms")
    bare_cpu = bare.get("server_cpu_per_request_ms")
    cpu_per = 1000 * step["server_cpu_s"] / step["requests"] if step["requests"] else None
    return {
        "students": step["students"],
        "requests": step["requests"],
        "requests_per_s": round(step["requests"] / wall, 1) if wall else None,
        "failed": step["failed"],
        "errors": step["errors"],
        "merged": step["merged"],
        "latency": summary_ms([x / 1000 for x in lat]),
        "x_bare_view": round(p50 / bare_p50, 1) if p50 is not None and bare_p50 else None,
        "lag_ms": summary_ms([x / 1000 for x in step["lag_ms"]]),
        "verdict": step_verdict(lat, step["failed"], p95_ms=P95_LIMIT_MS, p99_ms=P99_LIMIT_MS),
        "server_cpu_s": round(step["server_cpu_s"], 2),
        "server_cpu_per_autosave_ms": round(cpu_per, 2) if cpu_per is not None else None,
        "cpu_x_bare_request": round(cpu_per / bare_cpu, 1) if cpu_per and bare_cpu else None,
        "loader_cpu_s": round(step["loader_cpu_s"], 2),
        "cpu_split": cpu_split(busy0, busy1, step["server_cpu_s"], step["loader_cpu_s"]),
        "window": step["window"],
    }


def prepare_capacity(
    args: argparse.Namespace, school: School_, report: dict
) -> tuple[dict, list[dict]]:
    """Open the attempts, make the sessions: the phase's figures so far, and the simulated
    students (attempt, session, CSRF secret, answer sheet) for the load generator."""
    from django.db import connection

    steps = sorted(set(args.capacity_steps))
    cells, n_not_yet = capacity_cells(school, max(steps))
    if len(cells) < max(steps):
        report["problems"].append(
            f"capacity: only {len(cells)} cells can hold an open form F; steps above are cut"
        )
        steps = [n for n in steps if n <= len(cells)] or [len(cells)]
    log(
        f"capacity: opening {len(cells)} attempts on form F ({n_not_yet} on 'not yet' cells, "
        f"{len(cells) - n_not_yet} on mastered ones) …"
    )
    sims = open_attempts(school, cells)
    students = sorted({s["student"] for s in sims})
    sessions = make_sessions(students)
    csrf = {s: _csrf_secret() for s in students}
    for s in sims:
        s["session"], s["csrf"] = sessions[s["student"]], csrf[s["student"]]
    connection.close()
    per_student: dict[int, int] = {}
    for s in sims:
        per_student[s["student"]] = per_student.get(s["student"], 0) + 1

    out: dict = {
        "target_students": TARGET_STUDENTS,
        "p95_limit_ms": P95_LIMIT_MS,
        "p99_limit_ms": P99_LIMIT_MS,
        "pace_s": list(args.capacity_pace),
        "step_seconds": args.capacity_step_seconds,
        "steps_planned": steps,
        "attempts": len(sims),
        "attempts_not_yet": n_not_yet,
        "attempts_mastered": len(sims) - n_not_yet,
        "students": len(students),
        "attempts_per_student_max": max(per_student.values(), default=0),
        "workers": args.workers,
        "worker_class": args.worker_class,
        "steps": [],
    }
    return out, sims


def run_capacity(args: argparse.Namespace, school: School_, report: dict) -> None:
    """The capacity phase; fills report["capacity"]."""
    from load import capacity_of

    try:
        out, sims = prepare_capacity(args, school, report)
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"capacity phase could not start: {type(e).__name__}: {e}")
        log(traceback.format_exc())
        return
    report["capacity"] = out
    steps = out["steps_planned"]
    port = free_port()
    log(f"capacity: gunicorn on 127.0.0.1:{port} ({args.workers} workers) …")
    proc = start_server(args, port, SERVER_LOG)
    raw_steps: list[dict] = []
    try:
        wait_healthy(port, proc, log_path=SERVER_LOG)
        time.sleep(1.0)
        warm_workers(port, args.workers)
        out["bare"] = measure_bare(port, proc.pid, BARE_REQUESTS)
        keys = {
            str(k): {"kind": v.kind, "right": v.right, "wrong": v.wrong}
            for k, v in school.long_form_keys.items()
        }
        plan = {
            "base_url": f"http://127.0.0.1:{port}",
            "server_pid": proc.pid,
            "steps": steps,
            "step_seconds": args.capacity_step_seconds,
            "pace": list(args.capacity_pace),
            "p95_ms": P95_LIMIT_MS,
            "p99_ms": P99_LIMIT_MS,
            "keys": keys,
            "p_right": 0.8,
            "seed": args.seed,
            "check_sheets": CHECK_SHEETS,
            "warm": 20 * args.workers,
            "drain_seconds": 30,
            "sims": [{k: s[k] for k in ("attempt", "session", "csrf", "sheet")} for s in sims],
        }
        log(
            f"  steps of {args.capacity_step_seconds:g} s: {', '.join(map(str, steps))} "
            f"students, an answer each every {args.capacity_pace[0]:g}–"
            f"{args.capacity_pace[1]:g} s …"
        )
        out["loadavg_before"] = loadavg()
        res = run_loader(["capacity", "--plan", str(write_plan("capacity", plan))])
        raw_steps = res["steps"]
        out["stopped"] = res["stopped"]
        out["check"] = res["check"]
        out["loader_cpu_s"] = round(res["loader_cpu"], 2)
        out["wall_s"] = round(res["wall"], 1)
        for m in res["check"]["mismatches"][:3]:
            report["problems"].append(f"capacity: answer sheet check: {m}")
        if res["warm_errors"]:
            report["problems"].append(f"capacity warm-up: {res['warm_errors'][0][:300]}")
        for st in raw_steps:
            s = summarise_step(st, bare=out["bare"])
            out["steps"].append(s)
            lat = s["latency"]
            log(
                f"    {s['students']:>6} students: {s['requests_per_s']} autosaves/s, p50 "
                f"{lat.get('p50')} / p95 {lat.get('p95')} / p99 {lat.get('p99')} ms, "
                f"{s['failed']} failed — {s['verdict']}"
            )
            for msg, k in list(s["errors"].items())[:2]:
                report["problems"].append(f"capacity ({s['students']}): {k}× {msg[:300]}")
        out["capacity"] = capacity_of(out["steps"])
        out["of_target"] = round((out["capacity"] or 0) / TARGET_STUDENTS, 2)
        log(f"  >>> capacity {out['capacity']} students (target ≥ {TARGET_STUDENTS})")
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"capacity phase stopped: {type(e).__name__}: {e}")
        log(traceback.format_exc())
    finally:
        stop_server(proc)
    # Workers write their request logs when they exit.
    for s in out["steps"]:
        t0, t1 = s.pop("window")
        s["server_side"] = server_side(t0, t1)
    out["server_log"] = scan_server_log(SERVER_LOG)
