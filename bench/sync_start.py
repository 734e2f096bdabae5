"""The synchronized start (issue 14, target 3): a class, then a whole school, logging in
within a few seconds and opening a form, through gunicorn.

Each virtual student (load.py `start`, one asyncio loop, a new device each) begins at a
moment drawn uniformly over `--start-spread` seconds and:

  card-page   GET  /card/<key>/                   the login card's link: "Log in as Sam?"
  card-login  POST /card/<key>/                   logs in (302 to home)
  home        GET  /                              where the app sends them (their list of
                                                  classes: bench students are in two)
  map         GET  /classes/<c>/map/              their class's map
  ready       POST /classes/<c>/standards/<s>/ready/   "I'm ready", answered with the
                                                  answer sheet: the first question
                                                  (a redirect, then GET /attempts/<a>/,
                                                  "sheet", until decision 0017)

The figure is the time from the first request of the login to the answer sheet received.
With `--start-password N`, N more students log in with their password (GET /login/, POST
/login/: PBKDF2 with Django's iterations) for contrast. The server is a fresh gunicorn,
like the real-stack phase's; the students' cards carry keys the build made with the app's
own `User.new_card_key()` (only the SHA-256 is in the database).

Every student starts form F on a standard where they are "not yet" in their class and have
never opened form F (`free_cells`); a cell is used once in the whole run. Django is imported
inside the functions: this module is imported before django.setup().
"""

from __future__ import annotations

import argparse
import random
import time
import traceback
from typing import TYPE_CHECKING

from common import OUT, cpu_split, loadavg, log, machine_busy, pct, summary_ms
from server import (
    free_port,
    scan_server_log,
    server_cpu,
    server_side,
    start_server,
    stop_server,
    wait_healthy,
)
from stack import measure_bare, run_loader, warm_workers, write_plan

if TYPE_CHECKING:
    from build import School_  # imports the app's models: not at run time

SERVER_LOG = OUT / "server-start.log"
# Issue 14, target 3: p95 from the first request of the login to the first question.
TARGET_CLASS_S = 3.0
TARGET_SCHOOL_S = 30.0
# Sequential bare requests timed before the runs: the reference of "× bare".
BARE_REQUESTS = 300
START_STEPS = ["card-page", "card-login", "login-page", "login", "home", "map", "ready", "sheet"]


def free_cells(school: School_, status: str = "not_yet") -> dict[int, list[int]]:
    """Per student (in id order), the standards where the student has this status in their
    class and has never opened form F. For "not yet" (the default): where "I'm ready" opens
    form F now."""
    from masterymap.assessments.models import Attempt
    from masterymap.mastery.models import MasteryRecord

    opened = set(
        Attempt.objects.filter(form_id__in=school.long_form_of_standard.values()).values_list(
            "student_id", "form__standard_id"
        )
    )
    rows = MasteryRecord.objects.filter(
        classroom_id__in=school.small_class_ids, status=status
    ).values_list("student_id", "standard_id")
    free: dict[int, list[int]] = {}
    for cell in sorted(rows):
        if cell not in opened:
            free.setdefault(cell[0], []).append(cell[1])
    return free


def allot_cells(free: dict[int, list[int]], sizes: list[int]) -> list[list[tuple[int, int]]]:
    """(student, standard) cells for runs of the given sizes: within a run every student is
    different, and no cell serves twice. The largest run is served first; each run takes
    the students with the most cells left (ties: the lower id), so the small runs find
    students who still have a cell after the large one. A run that cannot be filled is
    shorter. Each run's cells come in student order."""
    left = {s: list(cells) for s, cells in free.items() if cells}
    out: list[list[tuple[int, int]]] = [[] for _ in sizes]
    for r in sorted(range(len(sizes)), key=lambda r: -sizes[r]):
        chosen = sorted(left, key=lambda s: (-len(left[s]), s))[: sizes[r]]
        out[r] = sorted((s, left[s].pop(0)) for s in chosen)
        left = {s: cells for s, cells in left.items() if cells}
    return out


def start_offsets(n: int, spread: float, rng: random.Random) -> list[float]:
    """When each of `n` students begins, in seconds from the run's start: uniformly random
    over `spread` seconds."""
    return [rng.uniform(0, spread) for _ in range(n)]


def _tasks(
    school: School_,
    cells: list[tuple[int, int]],
    login: str,
    spread: float,
    rng: random.Random,
    usernames: dict[int, str],
) -> list[dict]:
    from build import PASSWORD

    tasks = []
    for (student, standard), at in zip(cells, start_offsets(len(cells), spread, rng), strict=True):
        t = {
            "student": student,
            "standard": standard,
            "classroom": school.class_of_student[student],
            "login": login,
            "at": round(at, 4),
        }
        if login == "card":
            t["card_key"] = school.card_keys[student]
        else:
            t["username"], t["password"] = usernames[student], PASSWORD
        tasks.append(t)
    return tasks


def summarise_start(res: dict, *, target_s: float, bare_p50_s: float | None) -> dict:
    """Login-to-sheet p50/p95/max (seconds) of the students who got their sheet, the
    failures grouped by message, each step's latencies, and how late the loader began."""
    outs = res["students"]
    done = [o for o in outs if o["ok"]]
    totals = [o["total"] for o in done]
    errors: dict[str, int] = {}
    for o in outs:
        if not o["ok"]:
            msg = (o["error"] or "?")[:300]
            errors[msg] = errors.get(msg, 0) + 1
    steps = {}
    for step in START_STEPS:
        vals = [x for o in outs for x in o["timings"].get(step, [])]
        if vals:
            steps[step] = summary_ms(vals)
    p50, p95 = pct(totals, 50), pct(totals, 95)
    return {
        "students": len(outs),
        "completed": len(done),
        "failed": len(outs) - len(done),
        "errors": errors,
        "login_to_sheet_s": {
            "n": len(totals),
            "p50": round(p50, 2) if p50 is not None else None,
            "p95": round(p95, 2) if p95 is not None else None,
            "max": round(max(totals), 2) if totals else None,
        },
        "target_p95_s": target_s,
        "p95_of_target": round(p95 / target_s, 2) if p95 is not None else None,
        "x_bare_view": round(p50 / bare_p50_s) if p50 is not None and bare_p50_s else None,
        "steps": steps,
        "lag_ms": summary_ms([o["lag"] for o in outs]),
        "wall_s": round(res["wall"], 2),
        "loader_cpu_s": round(res["loader_cpu"], 2),
    }


def run_sync_start(args: argparse.Namespace, school: School_, report: dict) -> None:
    """The synchronized start; fills report["sync_start"]."""
    from django.db import connection

    from masterymap.accounts.models import User

    rng = random.Random(args.seed * 31 + 3)
    class_n, school_n = args.start_sizes
    runs = [("card", class_n, TARGET_CLASS_S)]
    if args.start_password:
        runs.append(("password", args.start_password, TARGET_CLASS_S))
    runs.append(("card", school_n, TARGET_SCHOOL_S))
    try:
        free = free_cells(school)
        usernames = dict(User.objects.filter(pk__in=free).values_list("pk", "username"))
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"synchronized start could not start: {type(e).__name__}: {e}")
        log(traceback.format_exc())
        return
    finally:
        connection.close()
    # A few students (one per worker) warm the fresh server up first.
    allotted = allot_cells(free, [args.workers] + [n for _, n, _ in runs])
    for (login, n, _), cells in zip(runs, allotted[1:], strict=True):
        if len(cells) < n:
            report["problems"].append(
                f"synchronized start: only {len(cells)} students have a standard open for "
                f"form F; the {login} run of {n} has {len(cells)}"
            )

    out: dict = {
        "spread_s": args.start_spread,
        "workers": args.workers,
        "worker_class": args.worker_class,
        "runs": [],
    }
    report["sync_start"] = out
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log(f"synchronized start: gunicorn on 127.0.0.1:{port} ({args.workers} workers) …")
    windows: list[tuple[float, float]] = []
    proc = start_server(args, port, SERVER_LOG)
    try:
        wait_healthy(port, proc, log_path=SERVER_LOG)
        time.sleep(1.0)
        # Fresh workers: bare requests, then a few students log in, not measured.
        warm_workers(port, args.workers)
        warm = _tasks(school, allotted[0], "card", 1.0, rng, usernames)
        w = run_loader(
            ["start", "--plan", str(write_plan("start", {"base_url": base, "tasks": warm}))]
        )
        werr = [o["error"] for o in w["students"] if o["error"]]
        if werr:
            log(f"  warm-up errors ({len(werr)}): {werr[0][:300]}")
        out["bare"] = measure_bare(port, proc.pid, BARE_REQUESTS)
        bare_p50 = (out["bare"].get("latency_p50_exact_ms") or 0) / 1000 or None
        for (login, _n, target), cells in zip(runs, allotted[1:], strict=True):
            if not cells:
                continue
            time.sleep(1.0)
            tasks = _tasks(school, cells, login, args.start_spread, rng, usernames)
            log(
                f"  {len(tasks)} students log in ({login}) within {args.start_spread:g} s "
                "and open form F …"
            )
            before = loadavg()
            cpu0, busy0 = server_cpu(proc.pid), machine_busy()
            res = run_loader(
                ["start", "--plan", str(write_plan("start", {"base_url": base, "tasks": tasks}))]
            )
            cpu, busy1 = server_cpu(proc.pid) - cpu0, machine_busy()
            windows.append((busy0[0], busy1[0]))
            run = {
                "login": login,
                **summarise_start(res, target_s=target, bare_p50_s=bare_p50),
                "server_cpu_s": round(cpu, 2),
                "server_cpu_per_student_ms": round(1000 * cpu / len(tasks)),
                "loadavg_before": before,
                "cpu_split": cpu_split(busy0, busy1, cpu, res["loader_cpu"]),
            }
            out["runs"].append(run)
            t = run["login_to_sheet_s"]
            log(
                f"    login to sheet p50 {t['p50']} s, p95 {t['p95']} s, max {t['max']} s "
                f"(target p95 ≤ {target:g} s); {run['failed']} failed"
            )
            for msg, k in list(run["errors"].items())[:3]:
                report["problems"].append(
                    f"synchronized start ({len(tasks)}, {login}): {k}× {msg[:300]}"
                )
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"synchronized start stopped: {type(e).__name__}: {e}")
        log(traceback.format_exc())
    finally:
        stop_server(proc)
    # Workers write their request logs when they exit.
    for run, (t0, t1) in zip(out["runs"], windows, strict=False):
        run["server_side"] = server_side(t0, t1)
    out["server_log"] = scan_server_log(SERVER_LOG)
