"""Mastery Map benchmark: build a big school, time the heavy pages, load the real stack.

    .venv/bin/python bench/run.py            # full run (600 students, 40 standards, …)
    .venv/bin/python bench/run.py --quick    # a small run to check that everything works

It reports figures; it passes or fails nothing (it exits non-zero only when it could not
measure). See bench/README.md for what each figure means. Everything it writes goes to
bench/out/ (git-ignored): the database, collected static files, the server log, the
report (report.txt) and the figures (report.json).

This file only reads the options and runs the phases in order:

    build.py    migrate, build the school (and recompute its records), collectstatic
    pages.py    the heavy pages, in process
    exchange.py data in and out, in process: grid export, CASE and roster imports
    stack.py    gunicorn (server.py) driven by the load generator (load.py)
    engine.py   the mastery engine's costs, in process, the server stopped
    sync_start.py  a class, then a school, logging in at once and opening a form (gunicorn)
    capacity.py    how many students at a realistic pace one server keeps working (gunicorn)
    report.py   report.txt and report.json

(common.py holds what they share: paths, statistics, /proc figures, Django setup.)
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime

from capacity import run_capacity
from common import (
    bench_database_url,
    cores,
    database_facts,
    log,
    machine,
    reset_out,
    setup_django,
)
from engine import run_engine
from exchange import run_exchange
from pages import run_pages
from report import write_report
from stack import run_stack, server_log_problems
from sync_start import run_sync_start

# The phases after the build, in the order they run (--only picks some).
PHASES = ["pages", "exchange", "stack", "engine", "start", "capacity"]


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.replace(" ", "").split(",") if x]


def _pace(text: str) -> tuple[float, float]:
    lo, hi = (float(x) for x in text.replace("–", ",").replace("-", ",").split(","))
    if not 0 < lo <= hi:
        raise argparse.ArgumentTypeError("a pace is LOW,HIGH seconds, 0 < LOW <= HIGH")
    return lo, hi


def _sizes(text: str) -> tuple[int, int]:
    sizes = _ints(text)
    if len(sizes) != 2:
        raise argparse.ArgumentTypeError("two sizes: a class and a school, e.g. 30,600")
    return sizes[0], sizes[1]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Mastery Map benchmark (reports figures).")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="tiny run to check it works (60 students, 8 standards, 30 forms; the grid "
        "export is of a class of 30)",
    )
    ap.add_argument("--students", type=int, default=600)
    ap.add_argument("--standards", type=int, default=40)
    ap.add_argument(
        "--attempts",
        type=int,
        default=5,
        help="submitted attempts per student per standard (forms A, B, …)",
    )
    ap.add_argument("--class-size", type=int, default=30)
    ap.add_argument(
        "--no-responses",
        action="store_true",
        help="do not store item responses for the historical attempts",
    )
    ap.add_argument(
        "--reps", type=int, default=15, help="repeats of the 30-student grid and tracker"
    )
    ap.add_argument("--reps-big", type=int, default=5, help="repeats of the big-class grid")
    ap.add_argument(
        "--load-students",
        type=int,
        default=200,
        help="virtual students who each complete one form over HTTP",
    )
    ap.add_argument("--concurrency", type=int, default=8, help="virtual students at once")
    ap.add_argument(
        "--load-seconds",
        type=float,
        default=150,
        help="stop starting new students after this many seconds",
    )
    ap.add_argument(
        "--no-map",
        action="store_true",
        help="virtual students skip loading their map before 'I'm ready'",
    )
    ap.add_argument(
        "--submit-samples",
        type=int,
        default=40,
        help="fresh attempts submitted in process to time the added cost of updating levels",
    )
    ap.add_argument(
        "--no-policy",
        action="store_true",
        help="skip timing the policy changes (preview + set) on the big class",
    )
    ap.add_argument("--baseline-requests", type=int, default=3000)
    ap.add_argument(
        "--only",
        type=lambda t: [p for p in t.split(",") if p],
        default=None,
        metavar="PHASES",
        help=f"after the build, run only these phases (comma-separated: {','.join(PHASES)})",
    )
    ap.add_argument(
        "--no-start", action="store_true", help="skip the synchronized start (log in at once)"
    )
    ap.add_argument(
        "--start-sizes",
        type=_sizes,
        default=(30, 600),
        metavar="CLASS,SCHOOL",
        help="students logging in with their card within --start-spread seconds: a class "
        "(target p95 ≤ 3 s) and a school (≤ 30 s)",
    )
    ap.add_argument(
        "--start-spread", type=float, default=10, help="seconds over which the students begin"
    )
    ap.add_argument(
        "--start-password",
        type=int,
        default=30,
        help="students of the class-sized run repeated with the password login (0: skip)",
    )
    ap.add_argument(
        "--no-capacity", action="store_true", help="skip the capacity phase (open-loop autosaves)"
    )
    ap.add_argument(
        "--capacity-steps",
        type=_ints,
        default=[500, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 8000],
        metavar="N,N,…",
        help="simulated students of each step (it stops once the limits are clearly broken)",
    )
    ap.add_argument(
        "--capacity-step-seconds", type=float, default=30, help="length of each capacity step"
    )
    ap.add_argument(
        "--capacity-pace",
        type=_pace,
        default=(10.0, 30.0),
        metavar="LOW,HIGH",
        help="seconds between a simulated student's answers (uniformly random)",
    )
    ap.add_argument("--workers", type=int, default=0, help="server workers (default 2 × cores)")
    ap.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    ap.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.quick:
        defaults = {
            "students": 60,
            "standards": 8,
            "reps": 5,
            "reps_big": 3,
            "load_students": 30,
            "concurrency": 4,
            "load_seconds": 60,
            "baseline_requests": 500,
            "submit_samples": 10,
            "start_sizes": (10, 60),
            "start_spread": 2,
            "start_password": 10,
            "capacity_steps": [60, 120],
            "capacity_step_seconds": 4,
        }
        for k, v in defaults.items():
            if getattr(args, k) == ap.get_default(k):
                setattr(args, k, v)
    unknown = set(args.only or []) - set(PHASES)
    if unknown:
        ap.error(f"--only: unknown phases {', '.join(sorted(unknown))} (phases: {PHASES})")
    skip = {"start": args.no_start, "capacity": args.no_capacity}
    args.phases = [p for p in PHASES if p in (args.only or PHASES) and not skip.get(p)]
    args.workers = args.workers or 2 * cores()
    if args.worker_class == "sync":
        args.threads = 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t_run = time.perf_counter()
    report: dict = {
        "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "args": vars(args),
        "problems": [],
    }
    reset_out()
    # DATABASE_URL set: a fresh PostgreSQL database of the bench's own on that server.
    setup_django(database_url=bench_database_url())
    report["machine"] = machine()
    report["database"] = database_facts()
    nproc, label = report["machine"]["nproc"], report["database"]["label"]
    log(f"Mastery Map benchmark · {nproc} cores · {label}")

    import build  # imports the app's models: only after django.setup()

    seconds = report["phase_seconds"] = {}
    t = time.perf_counter()
    school = build.prepare_database(args, report)
    seconds["build"] = round(time.perf_counter() - t, 1)
    used: list[dict] = []

    def stack() -> None:
        used.extend(run_stack(args, school, report))

    phases = {
        "pages": lambda: run_pages(args, school, report),
        # In process, every write rolled back: the later phases see the same school.
        "exchange": lambda: run_exchange(args, school, report),
        "stack": stack,
        # In process again, the server stopped: the mastery engine's own costs.
        "engine": lambda: run_engine(args, school, report, used),
        # Each on a fresh server, after the engine (whose figures their open attempts
        # would change); they take their cells from the database, after the others'.
        "start": lambda: run_sync_start(args, school, report),
        "capacity": lambda: run_capacity(args, school, report),
    }
    for name in args.phases:
        t = time.perf_counter()
        phases[name]()
        seconds[name] = round(time.perf_counter() - t, 1)
    server_log_problems(report)

    report["run_s"] = round(time.perf_counter() - t_run, 1)
    text = write_report(report)
    log("")
    log(text)
    return 0 if measured_anything(report) else 1


def measured_anything(report: dict) -> bool:
    """The exit status: when the real stack ran, whether its students completed forms (as
    before); otherwise whether any phase that ran measured something."""
    phases = report["args"]["phases"]
    if "stack" in phases:
        return report.get("forms", {}).get("completed", 0) > 0
    measured = {
        "pages": bool(report.get("pages")),
        "exchange": bool(report.get("exchange")),
        "engine": bool(report.get("submit_cost")),
        "start": any(r.get("completed") for r in report.get("sync_start", {}).get("runs", [])),
        "capacity": any(s.get("requests") for s in report.get("capacity", {}).get("steps", [])),
    }
    ran = [measured[p] for p in phases if p in measured]
    return any(ran) or not ran


if __name__ == "__main__":
    sys.exit(main())
