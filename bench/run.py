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
    report.py   report.txt and report.json

(common.py holds what they share: paths, statistics, /proc figures, Django setup.)
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime

from common import bench_database_url, cores, database_facts, log, machine, reset_out, setup_django
from engine import run_engine
from exchange import run_exchange
from pages import run_pages
from report import write_report
from stack import run_stack, server_log_problems


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
        }
        for k, v in defaults.items():
            if getattr(args, k) == ap.get_default(k):
                setattr(args, k, v)
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

    school = build.prepare_database(args, report)
    run_pages(args, school, report)
    # In process, every write rolled back: the later phases see the same school.
    run_exchange(args, school, report)
    used = run_stack(args, school, report)
    # In process again, the server stopped: the mastery engine's own costs.
    run_engine(args, school, report, used)
    server_log_problems(report)

    report["run_s"] = round(time.perf_counter() - t_run, 1)
    text = write_report(report)
    log("")
    log(text)
    measured_ok = "forms" in report and report["forms"]["completed"] > 0
    return 0 if measured_ok else 1


if __name__ == "__main__":
    sys.exit(main())
