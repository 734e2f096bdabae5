"""Mastery Map benchmark: build a big school, time the heavy pages, load the real stack.

    .venv/bin/python bench/run.py            # full run (600 students, 40 standards, …)
    .venv/bin/python bench/run.py --quick    # a small run to check that everything works

It reports figures; it passes or fails nothing (it exits non-zero only when it could not
measure). See bench/README.md for what each figure means. Everything it writes goes to
bench/out/ (git-ignored): the database, collected static files, the server log, the
report (report.txt) and the figures (report.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DB = OUT / "bench.sqlite3"
STATIC = OUT / "static"
SERVER_LOG = OUT / "server.log"

SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Plain HTTP on loopback: cookies must not be marked Secure or no client sends them back.
    "SECURE_COOKIES": "false",
    "SQLITE_PATH": str(DB),
    "STATIC_ROOT": str(STATIC),
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "masterymap.settings",
}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Mastery Map benchmark (reports figures).")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="tiny run to check it works (60 students, 8 standards, 30 forms)",
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


# --------------------------------------------------------------------------- statistics


def pct(values: list[float], p: float) -> float | None:
    """Percentile by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary_ms(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50": round(pct(ms, 50), 1),
        "p95": round(pct(ms, 95), 1),
        "p99": round(pct(ms, 99), 1),
        "mean": round(statistics.fmean(ms), 1),
        "max": round(max(ms), 1),
    }


# --------------------------------------------------------------------------- machine


def machine() -> dict:
    import sqlite3

    import django

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    try:
        gver = subprocess.run(
            [str(Path(sys.executable).parent / "gunicorn"), "--version"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        gver = "?"
    return {
        "nproc": nproc,
        "cpu_model": model or platform.processor(),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn": gver,
    }


# --------------------------------------------------------------------------- server CPU


CLK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after "(comm)"; comm may hold spaces.
    return raw[raw.rindex(")") + 2 :].split()


def server_pids(master: int) -> list[int]:
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            f = _stat(int(d.name))
            if f and int(f[1]) == master:  # f[1] is ppid
                kids.append(int(d.name))
    return kids


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) of the server: master, live workers, reaped workers."""
    total = 0
    f = _stat(master)
    if f:
        # utime, stime, cutime, cstime are fields 14–17 (1-based) of /proc/pid/stat.
        total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    for pid in server_pids(master):
        g = _stat(pid)
        if g:
            total += int(g[11]) + int(g[12])
    return total / CLK


def machine_busy() -> tuple[float, float]:
    """(monotonic time, busy CPU seconds of the whole machine so far) from /proc/stat."""
    try:
        f = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in f[:8])
        return time.monotonic(), (user + nice + system + irq + softirq + steal) / CLK
    except (OSError, ValueError):
        return time.monotonic(), 0.0


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def cpu_split(busy0, busy1, server_s: float, loader_s: float) -> dict:
    """How busy the machine was over a phase, in cores: server, load generator, the rest."""
    wall = busy1[0] - busy0[0]
    total = busy1[1] - busy0[1]
    return {
        "wall_s": round(wall, 2),
        "machine_cores_busy": round(total / wall, 2) if wall else None,
        "server_cores": round(server_s / wall, 2) if wall else None,
        "loader_cores": round(loader_s / wall, 2) if wall else None,
        "other_cores": round(max(0.0, total - server_s - loader_s) / wall, 2) if wall else None,
    }


def server_side(t0: float, t1: float) -> dict:
    """Per step, where a request's time went inside the worker (gunicorn_conf.py hooks)."""
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for path in OUT.glob("reqlog-*.tsv"):
        for line in path.read_text().splitlines():
            try:
                end, step, wall, cpu, runq, _status = line.split("\t")
            except ValueError:
                continue
            if t0 <= float(end) <= t1:
                rows.setdefault(step, []).append((float(wall), float(cpu), float(runq)))
    out = {}
    for step, xs in rows.items():
        walls = [w for w, _, _ in xs]
        blocked = [max(0.0, w - c - q) for w, c, q in xs]
        out[step] = {
            "n": len(xs),
            "wall": summary_ms(walls),
            "cpu_mean_ms": round(1000 * statistics.fmean(c for _, c, _ in xs), 2),
            "runqueue_mean_ms": round(1000 * statistics.fmean(q for _, _, q in xs), 2),
            "blocked_mean_ms": round(1000 * statistics.fmean(blocked), 2),
            "blocked_p95_ms": round(1000 * pct(blocked, 95), 1),
        }
    return out


def server_rss_mib(master: int) -> dict:
    out = {}
    for pid in [master, *server_pids(master)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM"):
                    out[pid] = int(line.split()[1]) // 1024
        except OSError:
            pass
    return out


# --------------------------------------------------------------------------- phases


def log(msg: str = "") -> None:
    print(msg, flush=True)


def reset_out() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.glob("bench.sqlite3*"):
        p.unlink()
    for p in (STATIC,):
        if p.exists():
            shutil.rmtree(p)
    for p in OUT.glob("plan-*.json"):
        p.unlink()
    for p in OUT.glob("load-*.json"):
        p.unlink()
    for p in OUT.glob("reqlog-*.tsv"):
        p.unlink()


def setup_django() -> None:
    os.environ.pop("DATABASE_URL", None)  # never benchmark (or wipe) someone's PostgreSQL
    os.environ.update(SERVER_ENV)
    # The in-process test client talks to host "testserver".
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _replay(connection, sql: str) -> float:
    """Seconds SQLite takes to run a captured statement and fetch all its rows (no ORM)."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return 0.0
    raw = connection.connection.cursor()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        raw.execute(sql).fetchall()
        best = min(best, time.perf_counter() - t0)
    raw.close()
    return best


def time_pages(school, reps: int, reps_big: int) -> dict:
    """In-process: the test client through URL routing, middleware, views and templates."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from masterymap.accounts.models import User

    teacher = User.objects.get(pk=school.teacher_id)
    student = User.objects.get(pk=school.student_ids[0])
    small = school.class_of_student[student.pk]
    tc = Client(raise_request_exception=True)
    tc.force_login(teacher)
    sc = Client(raise_request_exception=True)
    sc.force_login(student)

    pages = [
        (
            f"class grid ({school.counts['class_size']} students)",
            "grid_class",
            tc,
            reverse("mastery:grid", kwargs={"classroom_id": small}),
            reps,
        ),
        (
            f"big grid ({school.counts['big_class_size']} students)",
            "grid_big",
            tc,
            reverse("mastery:grid", kwargs={"classroom_id": school.big_class_id}),
            reps_big,
        ),
        (
            "student tracker (as the student)",
            "tracker",
            sc,
            reverse("mastery:tracker", kwargs={"classroom_id": small, "student_id": student.pk}),
            reps,
        ),
        (
            "student tracker (as the teacher)",
            "tracker_teacher",
            tc,
            reverse("mastery:tracker", kwargs={"classroom_id": small, "student_id": student.pk}),
            reps,
        ),
        (
            "student map (their home)",
            "student_map",
            sc,
            reverse("mastery:student-map", kwargs={"classroom_id": small}),
            reps,
        ),
    ]
    results = {}
    for label, key, client, url, n in pages:
        r = {"label": label, "url": url}
        try:
            t0 = time.perf_counter()
            resp = client.get(url)
            r["cold_ms"] = round((time.perf_counter() - t0) * 1000, 1)
            r["status"] = resp.status_code
            r["bytes"] = len(resp.content)
            if resp.status_code != 200:
                r["error"] = f"HTTP {resp.status_code}: {resp.content[:300]!r}"
                results[key] = r
                continue
            with CaptureQueriesContext(connection) as q:
                client.get(url)
            r["queries"] = len(q.captured_queries)
            timed_sql = [(_replay(connection, x["sql"]), x["sql"]) for x in q.captured_queries]
            r["sql_ms"] = round(1000 * sum(d for d, _ in timed_sql), 1)
            r["slowest_sql"] = [
                {"ms": round(d * 1000, 2), "sql": sql[:300]}
                for d, sql in sorted(timed_sql, key=lambda x: x[0], reverse=True)[:3]
            ]
            reset_queries()
            times, cpu = [], []
            for _ in range(n):
                t0, c0 = time.perf_counter(), time.process_time()
                client.get(url)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            r["timing"] = summary_ms(times)
            # CPU time of this process: what the page costs, even on a busy machine.
            r["cpu"] = summary_ms(cpu)
        except Exception as e:  # noqa: BLE001 - report the app's error, keep going
            r["error"] = f"{type(e).__name__}: {e}"
            r["traceback"] = traceback.format_exc(limit=-4)
        results[key] = r
        t = r.get("timing", {})
        log(
            f"  {label:<36} {'ERROR ' + r['error'][:200] if 'error' in r else ''}"
            + (
                f"p50 {t['p50']:8.1f} ms  p95 {t['p95']:8.1f} ms  {r['queries']:3d} queries  "
                f"{r['bytes'] / 1024:8.0f} KiB"
                if t
                else ""
            )
        )
    return results


def make_sessions(student_ids: list[int]) -> dict[int, str]:
    """A logged-in session per student, written straight to the session table."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from masterymap.accounts.models import User

    store = SessionStore()
    rows, keys = [], {}
    expire = timezone.now() + timedelta(hours=12)
    for user in User.objects.filter(pk__in=student_ids):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys[user.pk] = key
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, port: int) -> subprocess.Popen:
    env = {**os.environ, **SERVER_ENV, "BENCH_REQLOG_DIR": str(OUT)}
    env.pop("DATABASE_URL", None)
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "masterymap.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(args.workers),
        "-k",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
        "--chdir",
        str(ROOT),
        "--error-logfile",
        "-",
        "-c",
        str(BENCH / "gunicorn_conf.py"),
    ]
    logf = open(SERVER_LOG, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc.cmd = cmd  # type: ignore[attr-defined]
    return proc


def wait_healthy(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {SERVER_LOG}")
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            if r.status_code == 200 and server_pids(proc.pid):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer /healthz/ in {seconds:.0f} s; see {SERVER_LOG}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def run_loader(argv: list[str]) -> dict:
    out = OUT / f"load-{argv[0]}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, str(BENCH / "load.py"), *argv, "--out", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(out.read_text())


def forms_plan(args, school, port: int, tasks: list[dict], max_seconds: float, conc: int) -> Path:
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


def pick_tasks(school, n_measure: int, n_warm: int, seed: int) -> tuple[list[dict], list[dict]]:
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


def summarise_forms(res: dict, cpu: float) -> dict:
    from load import STEPS  # type: ignore[import-not-found]

    outs = res["students"]
    done = [o for o in outs if o.get("ok")]
    failed = [o for o in outs if not o.get("skipped") and not o.get("ok")]
    skipped = [o for o in outs if o.get("skipped")]
    steps = {}
    for s in STEPS:
        vals = [x for o in done + failed for x in o.get("timings", {}).get(s, [])]
        if vals:
            steps[s] = summary_ms(vals)
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


def check_database(school, measured: list[dict]) -> dict:
    """After the load: did every completed form land (with its evidence), and does every
    touched record, in every class of the student, agree with the engine re-run on its
    evidence? The re-evaluation uses the pure pieces (cell_facts, evaluate, status_for),
    not recompute_records, and the attempt counts come from the attempts table."""
    from django.db import connection

    from masterymap.accounts.models import Classroom
    from masterymap.assessments.models import Attempt, Response
    from masterymap.evidence.models import Evidence
    from masterymap.mastery.engine import cell_facts, policies_for_classroom, scale_for_classroom
    from masterymap.mastery.models import MasteryRecord
    from masterymap.mastery.policy import evaluate
    from masterymap.mastery.status import status_for

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
            ev = evaluate(f.observations, policies.for_standard(key[1]), scale)
            level = rec.override_level if rec.override_level is not None else ev.level
            want = status_for(
                level=level,
                mastered=scale.is_mastered(level),
                has_evidence=bool(f.observations),
                open_sitting=f.open_sitting,
            ).value
            n = n_submitted.get(key, 0)
            if (
                rec.status != want
                or rec.level != ev.level
                or rec.attempts_count != n
                or rec.evidence_count != n
            ):
                mismatches += 1
                examples.append(
                    f"class {classroom.pk} cell {key}: stored {rec.status}/{rec.level}/"
                    f"{rec.attempts_count}/{rec.evidence_count}, expected {want}/{ev.level}/{n}/{n}"
                )
    out["cells_checked"] = len(pairs)
    out["records_checked"] = checked
    out["record_mismatches"] = mismatches
    out["mismatch_examples"] = examples[:5]
    return out


class QueryCounter:
    """Counts the statements a block sends (connection.execute_wrapper): unlike
    CaptureQueriesContext it does not render every statement's SQL with its parameters,
    which would inflate the timing of bulk inserts and updates."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def time_submit_cost(school, cells: list[dict], seed: int) -> dict:
    """In process, per fresh attempt on the 10-item form: `submit_attempt` as the app runs it
    (scoring + evidence row + level update of every class of the student) against the same
    call with `record_attempt_evidence` and `refresh_student_standard` replaced by no-ops
    (scoring only). Both are rolled back, in alternating order, on the same attempt; then the
    real submit is run once more and committed. The evidence and level-update calls of the
    full runs are timed on their own too."""
    import random
    from contextlib import contextmanager

    from django.db import connection, transaction
    from django.utils import timezone

    import masterymap.assessments.actions as aa
    from masterymap.accounts.models import User
    from masterymap.standards.models import Standard

    rng = random.Random(seed)
    real_evidence, real_refresh = aa.record_attempt_evidence, aa.refresh_student_standard
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
        aa.record_attempt_evidence, aa.refresh_student_standard = evidence, refresh
        try:
            yield
        finally:
            aa.record_attempt_evidence, aa.refresh_student_standard = real_evidence, real_refresh

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


def time_policy_changes(school, steps: list[tuple[str, dict]]) -> list[dict]:
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


def scan_server_log() -> dict:
    text = SERVER_LOG.read_text(errors="replace") if SERVER_LOG.exists() else ""
    lines = text.splitlines()
    interesting = [
        line
        for line in lines
        if any(w in line for w in ("Error", "error", "locked", "Traceback", "TIMEOUT", "Exception"))
    ]
    return {
        "database_is_locked": text.count("database is locked"),
        "internal_server_errors": text.count("Internal Server Error"),
        "tracebacks": text.count("Traceback"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "excerpt": interesting[:15],
    }


# --------------------------------------------------------------------------- report


def _split_line(x: dict) -> str:
    c = x.get("cpu_split") or {}
    if not c.get("machine_cores_busy") and c.get("machine_cores_busy") != 0:
        return ""
    return (
        f"    machine busy {c['machine_cores_busy']} cores: server {c['server_cores']}, "
        f"load generator {c['loader_cores']}, other processes {c['other_cores']} "
        f"(load average before: {x.get('loadavg_before', '?')})"
    )


def _side_lines(x: dict) -> list[str]:
    side = x.get("server_side")
    if not side:
        return []
    out = [
        "    inside the server, per request (gunicorn hooks; blocked = SQLite lock wait, disk):",
        f"    {'step':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'queued':>8} "
        f"{'blocked':>8} {'blk p95':>8}",
    ]
    order = ["healthz", "map", "start", "open", "autosave", "submit", "result"]
    for step in sorted(side, key=lambda k: order.index(k) if k in order else 99):
        v = side[step]
        out.append(
            f"    {step:<10} {v['n']:6d} {v['wall']['p50']:8.1f} {v['wall']['p95']:8.1f} "
            f"{v['cpu_mean_ms']:8.1f} {v['runqueue_mean_ms']:8.1f} {v['blocked_mean_ms']:8.1f} "
            f"{v['blocked_p95_ms']:8.1f}"
        )
    return out


# The issue-2 run on this machine (before the evidence ledger and mastery policies): the
# figures the new ones are compared with. Only meaningful for the default sizes.
ISSUE2 = {
    "forms_per_s": 4.86,
    "server_cpu_per_form_ms": 264.6,
    "bare_requests_per_s": 521,
    "grid_class_p50_ms": 83,
    "grid_big_p50_ms": 1332,
    "tracker_p50_ms": 55,
}
DEFAULT_SIZES = {"students": 600, "standards": 40, "attempts": 5, "class_size": 30}


def _engine_lines(r: dict) -> list[str]:
    L: list[str] = []
    rc = r.get("build", {}).get("recompute")
    pol = r.get("policy")
    sc = r.get("submit_cost")
    if not (rc or pol or sc):
        return L
    L.append("")
    L.append("MASTERY ENGINE, IN PROCESS (the server stopped; wall and CPU of this process)")
    if rc:
        L.append(
            "  full recompute of the school (recompute_records per class, from the evidence, "
            "writing every record and its first LevelChange):"
        )
        L.append(
            f"    >>> {rc['classes']} classes, {rc['records']} records in {rc['total_s']:.1f} s "
            f"({rc['records_per_s']} records/s) — {'seconds' if rc['total_s'] < 60 else 'MINUTES'}"
        )
        L.append(
            f"    {rc['small_classes']} classes of {r['build']['counts']['class_size']}: "
            f"{rc['small_total_s']:.2f} s together (slowest {rc['small_max_s']:.2f} s, "
            f"{rc['small_queries_each']} statements each) · the class of "
            f"{r['build']['counts']['big_class_size']}: {rc['big_s']:.2f} s, {rc['big_records']} "
            f"records, {rc['big_queries']} statements"
        )
    if pol:
        n = r["build"]["counts"]
        L.append("")
        L.append(
            f"  policy change on the class of {n['big_class_size']} × {n['standards']} standards "
            "(preview_policy, then set_policy: save + recompute every record):"
        )
        L.append(
            f"    {'to method':<28} {'preview s':>9} {'CPU s':>6} {'stmts':>5} "
            f"{'set s':>7} {'CPU s':>6} {'stmts':>5} {'records':>7} {'status±':>7} "
            f"{'level±':>7} {'mastered':>8}"
        )
        for row in pol:
            name = row["method"] + (
                " " + ",".join(f"{k}={v}" for k, v in row["params"].items())
                if row["params"]
                else ""
            )
            if "error" in row:
                L.append(f"    {name:<28} ERROR: {row['error'][:200]}")
                continue
            p, st = row["preview"], row["set"]
            L.append(
                f"    {name:<28} {p['seconds']:9.2f} {p['cpu_s']:6.2f} {p['queries']:5d} "
                f"{st['seconds']:7.2f} {st['cpu_s']:6.2f} {st['queries']:5d} {st['records']:7d} "
                f"{st['status_changes']:7d} {st['level_changes_written']:7d} "
                f"{st['mastered_after']:8d}"
                + ("" if row.get("preview_agrees") else "  (preview disagreed)")
            )
        L.append(
            "    (status±: records whose status changed; level±: LevelChange rows written; "
            "preview status changes agree with what saving did unless marked)"
        )
    if sc and "added" in sc:
        a = sc["added"]
        L.append("")
        L.append(
            f"  submit_attempt on a fresh 10-item attempt, {a['n']} attempts, each run both ways "
            "and rolled back (alternating order), then once for real:"
        )
        L.append(f"    {'variant':<44} {'p50 ms':>8} {'mean ms':>8} {'CPU ms':>8} {'stmts':>6}")
        for key, label in (
            ("scoring", "scoring only (evidence + levels stubbed out)"),
            ("full", "as the app runs it (+ evidence + levels)"),
            ("committed", "as the app runs it, committed"),
            ("start", 'start_attempt ("I\'m ready"; also refreshes)'),
        ):
            v = sc.get(key) or {}
            if v.get("n"):
                L.append(
                    f"    {label:<44} {v['wall']['p50']:8.1f} {v['wall']['mean']:8.1f} "
                    f"{v['cpu_mean_ms']:8.1f} {v['queries']:6.1f}"
                )
        L.append(
            f"    >>> updating levels adds {a['wall_mean_ms']:.1f} ms (p50 {a['wall_p50_ms']:.1f}) "
            f"and {a['queries']:.0f} statements per submitted attempt "
            f"(CPU {a['cpu_mean_ms']:.1f} ms)"
        )
        parts = [
            f"{label} {sc[k]['wall_mean_ms']:.1f} ms / {sc[k]['queries']:.0f} statements"
            for k, label in (
                ("evidence", "record_attempt_evidence"),
                ("levels", "refresh_student_standard (every class of the student)"),
            )
            if k in sc
        ]
        if parts:
            L.append("    of which " + "; ".join(parts))
    return L


def _issue2_lines(r: dict) -> list[str]:
    a = r["args"]
    if any(a.get(k) != v for k, v in DEFAULT_SIZES.items()) or a.get("quick"):
        return ["", "COMPARED WITH ISSUE 2: not shown (only for the default sizes)"]
    pages, f, bl = r.get("pages", {}), r.get("forms") or {}, r.get("baseline") or {}

    def p50(key):
        return (pages.get(key) or {}).get("timing", {}).get("p50")

    rows = [
        ("students per second (forms/s)", ISSUE2["forms_per_s"], f.get("forms_per_s")),
        (
            "server CPU per completed form, ms",
            ISSUE2["server_cpu_per_form_ms"],
            f.get("server_cpu_per_form_ms"),
        ),
        ("bare view, requests/s", ISSUE2["bare_requests_per_s"], bl.get("requests_per_s")),
        ("class grid (30) p50, ms", ISSUE2["grid_class_p50_ms"], p50("grid_class")),
        ("big grid (600) p50, ms", ISSUE2["grid_big_p50_ms"], p50("grid_big")),
        ("student tracker p50, ms", ISSUE2["tracker_p50_ms"], p50("tracker")),
    ]
    L = ["", "COMPARED WITH ISSUE 2 (its run on this machine, before the evidence ledger)"]
    L.append(f"  {'figure':<36} {'issue 2':>9} {'now':>9} {'ratio':>7}")
    for label, old, new in rows:
        ratio = f"{new / old:7.2f}" if new and old else "      ?"
        L.append(f"  {label:<36} {old:9} {new if new is not None else '?':>9} {ratio}")
    L.append("  (raw rates depend on how busy the machine was: compare the bare-view line first)")
    return L


def fmt_report(r: dict) -> str:
    L: list[str] = []
    m, a = r["machine"], r["args"]
    L.append("MASTERY MAP BENCHMARK — " + r["started_at"])
    L.append("=" * 78)
    L.append(f"machine   nproc {m['nproc']} · {m['cpu_model']} · {m['memory']}")
    L.append(
        f"          Python {m['python']} · Django {m['django']} · SQLite {m['sqlite']} · "
        f"{m['gunicorn']}"
    )
    L.append(f"          {m['os']}")
    b = r["build"]
    c = b["counts"]
    L.append("")
    L.append("SCHOOL (built with bulk_create into a fresh SQLite file)")
    L.append(
        f"  {c['students']} students · {c['standards']} standards in {c['units']} units · "
        f"{c['classes_small']} classes of {c['class_size']} + one class of "
        f"{c['big_class_size']}, all on one map"
    )
    L.append(
        f"  {c['forms']} forms ({a['attempts']} × 5 items + 1 × 10 items per standard) · "
        f"{c['items']} items · {c['choices']} choices"
    )
    L.append(
        f"  {c['attempts']} submitted attempts ({a['attempts']} per student per standard) · "
        f"{c['responses']} item responses"
        f"{' (historical responses not created)' if not c['responses'] else ''} · "
        f"{c['evidence']} evidence rows (one per attempt)"
    )
    L.append(
        f"  {c['mastery_records']} mastery records (one per class × student × standard: "
        f'recompute_records of every class, default policy "most recent")'
    )
    L.append(
        "  status mix (each cell once; the big class says the same): "
        + ", ".join(f"{k} {v}" for k, v in b["status_mix"].items())
    )
    L.append(
        f"  built in {b['timings']['total']:.1f} s (+ migrate {b['migrate_s']:.1f} s, "
        f"collectstatic {b['collectstatic_s']:.1f} s) · database {b['db_mib']:.0f} MiB"
    )
    L.append(
        "  build steps: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in b["timings"].items() if k != "total")
    )
    L.append("")
    L.append(
        "PAGES, IN PROCESS (Django test client: routing, middleware, view, template; DEBUG off)"
    )
    L.append("  (p50/p95: wall time; CPU ms: median CPU time of this process per request, which a")
    L.append(
        "   busy machine does not inflate; SQL ms: the page's SELECTs replayed on raw sqlite3,"
    )
    L.append("   rows fetched — the rest of the page time is Python: ORM, view and template)")
    L.append(
        f"  {'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'cold ms':>8} {'queries':>7} "
        f"{'SQL ms':>7} {'KiB':>6} {'n':>3}"
    )
    for p in r["pages"].values():
        if "error" in p:
            L.append(f"  {p['label']:<34} ERROR: {p['error'][:300]}")
            continue
        t = p["timing"]
        L.append(
            f"  {p['label']:<34} {t['p50']:8.1f} {t['p95']:8.1f} {p['cpu']['p50']:8.1f} "
            f"{p['cold_ms']:8.1f} "
            f"{p['queries']:7d} {p['sql_ms']:7.1f} {p['bytes'] / 1024:6.0f} {t['n']:3d}"
        )
    c = r.get("pages_cpu_split") or {}
    if c.get("wall_s"):
        L.append(
            f"  machine busy {c['machine_cores_busy']} cores while timing: this process "
            f"{c['server_cores']}, other processes {c['other_cores']} "
            f"(load average before: {c['loadavg_before']})"
        )
    slow = [(p["label"], q) for p in r["pages"].values() for q in p.get("slowest_sql", [])[:1]]
    if slow:
        L.append("  slowest SQL statement of each page:")
        for label, q in slow:
            L.append(f"    {q['ms']:7.1f} ms  {label}: {q['sql'][:110]}")
    s = r.get("server")
    if s:
        L.append("")
        L.append("REAL STACK (gunicorn on 127.0.0.1, load generator in separate processes)")
        L.append(f"  server: {s['command']}")
        L.append(
            f"  workers {s['workers']} × {s['worker_class']} (threads {s['threads']}), "
            f"peak RSS per worker ~{s.get('worker_rss_mib', '?')} MiB"
        )
        bl = r.get("baseline")
        if bl:
            L.append("")
            L.append(f"  BASELINE bare Django view GET /healthz/, {bl['concurrency']} clients:")
            L.append(
                f"    {bl['requests_per_s']:.0f} requests/s  ({bl['ok']} requests in "
                f"{bl['wall_s']:.1f} s, {bl['errors']} errors) · latency p50 "
                f"{bl['latency']['p50']} / p95 {bl['latency']['p95']} / p99 "
                f"{bl['latency']['p99']} ms"
            )
            L.append(f"    server CPU {bl['server_cpu_per_request_ms']:.2f} ms per request")
            if _split_line(bl):
                L.append(_split_line(bl))
            L.extend(_side_lines(bl))
        f = r.get("forms")
        if f:
            L.append("")
            L.append(
                f"  FORMS: {f['concurrency']} virtual students at once, each: "
                + ("GET map, " if not a["no_map"] else "")
                + f"POST I'm ready, GET answer sheet, {f['items_per_form']} × autosave, submit, "
                "GET result"
            )
            L.append(
                f"    completed {f['completed']} / attempted {f['attempted']} "
                f"(failed {f['failed']}, not started before the time limit "
                f"{f['skipped_deadline']}) in {f['wall_s']:.1f} s"
            )
            L.append(
                f"    >>> {f['forms_per_s']} students per second complete a "
                f"{f['items_per_form']}-item form ({f['requests_per_s']} requests/s)"
            )
            L.append(
                f"    >>> server CPU per completed form: {f['server_cpu_per_form_ms']} ms "
                f"({f['server_cpu_s']} s total; load generator used {f['loader_cpu_s']} s)"
            )
            if _split_line(f):
                L.append(_split_line(f))
            t = f["form_total"]
            L.append(
                f"    whole form, wall: p50 {t.get('p50')} / p95 {t.get('p95')} / "
                f"p99 {t.get('p99')} ms"
            )
            L.append(
                f"    {'step':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
            )
            for step, st in f["steps"].items():
                L.append(
                    f"    {step:<10} {st['n']:6d} {st['p50']:8.1f} {st['p95']:8.1f} "
                    f"{st['p99']:8.1f} {st['max']:8.1f}"
                )
            L.extend(_side_lines(f))
            if f["errors"]:
                L.append("    errors:")
                for msg, n in list(f["errors"].items())[:8]:
                    L.append(f"      {n} × {msg[:300]}")
            if bl and f["forms_per_s"]:
                L.append(
                    f"    comparable figures: one completed form costs the server as much "
                    f"CPU as {f['server_cpu_per_form_ms'] / bl['server_cpu_per_request_ms']:.0f}"
                    f" bare requests; forms/s ÷ bare requests/s = "
                    f"{f['forms_per_s'] / bl['requests_per_s']:.4f}"
                )
        d = r.get("db_check")
        if d:
            L.append("")
            L.append(
                f"  database after the load: {d['submitted']} long-form attempts submitted, "
                f"{d['left_in_progress']} left in progress, {d['mastered']} mastered; "
                f"{d['evidence_on_long_forms']} evidence rows for them "
                f"({d['submitted_without_evidence']} submitted without evidence)"
            )
            L.append(
                f"    {d['cells_checked']} touched cells re-checked in every class of the "
                f"student ({d['records_checked']} records): {d['record_mismatches']} disagree "
                "with the engine re-run on their evidence"
            )
            for ex in d.get("mismatch_examples", [])[:3]:
                L.append(f"    | {ex}")
        g = r.get("server_log")
        if g:
            L.append(
                f"  server log: {g['database_is_locked']} 'database is locked', "
                f"{g['internal_server_errors']} internal server errors, "
                f"{g['tracebacks']} tracebacks, {g['worker_timeouts']} worker timeouts"
            )
            for line in g["excerpt"][:6]:
                L.append(f"    | {line[:160]}")
    L.extend(_engine_lines(r))
    L.extend(_issue2_lines(r))
    if r.get("problems"):
        L.append("")
        L.append("PROBLEMS")
        for p in r["problems"]:
            L.append(f"  - {p}")
    L.append("")
    L.append(f"total run time {r['run_s']:.0f} s · figures in {OUT / 'report.json'}")
    return "\n".join(L)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t_run = time.perf_counter()
    report: dict = {
        "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "args": vars(args),
        "problems": [],
    }
    reset_out()
    setup_django()
    report["machine"] = machine()
    sys.path.insert(0, str(BENCH))

    import build  # type: ignore[import-not-found]
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    log(f"Mastery Map benchmark · {report['machine']['nproc']} cores · database {DB}")
    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - t
    log(f"migrated in {migrate_s:.1f} s; building the school …")
    school = build.build_school(
        students=args.students,
        standards=args.standards,
        attempts=args.attempts,
        class_size=args.class_size,
        responses=not args.no_responses,
        seed=args.seed,
        log=log,
    )
    log(f"built in {school.timings['total']:.1f} s: {school.counts}")
    from masterymap.mastery.models import MasteryRecord

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
    with connection.cursor() as cur:
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.execute("ANALYZE")
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
        "db_mib": round(DB.stat().st_size / 2**20, 1),
    }

    log("timing pages in process …")
    load_p, busy0, self0 = loadavg(), machine_busy(), time.process_time()
    report["pages"] = time_pages(school, args.reps, args.reps_big)
    busy1, self1 = machine_busy(), time.process_time()
    report["pages_cpu_split"] = {
        **cpu_split(busy0, busy1, self1 - self0, 0.0),
        "loadavg_before": load_p,
    }
    for p in report["pages"].values():
        if "error" in p:
            report["problems"].append(f"{p['label']} ({p['url']}): {p['error'][:500]}")

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

        log("warming up (bare view, then a few forms; not measured) …")
        run_loader(
            [
                "baseline",
                "--url",
                healthz,
                "--requests",
                str(20 * args.workers),
                "--concurrency",
                str(args.concurrency),
            ]
        )
        plan = forms_plan(args, school, port, warm, 60, args.concurrency)
        w = run_loader(["forms", "--plan", str(plan)])
        werr = [o["error"] for o in w["students"] if o.get("error")]
        if werr:
            log(f"  warm-up errors ({len(werr)}): {werr[0][:400]}")

        log(f"baseline: {args.baseline_requests} × GET /healthz/ …")
        load_bl = loadavg()
        cpu0, busy0 = server_cpu(pid), machine_busy()
        bl = run_loader(
            [
                "baseline",
                "--url",
                healthz,
                "--requests",
                str(args.baseline_requests),
                "--concurrency",
                str(args.concurrency),
            ]
        )
        cpu, busy1 = server_cpu(pid) - cpu0, machine_busy()
        windows["baseline"] = (busy0[0], busy1[0])
        ok = len(bl["latencies"])
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
            "loadavg_before": load_bl,
            "cpu_split": cpu_split(busy0, busy1, cpu, bl["loader_cpu"]),
        }
        log(f"  {report['baseline']['requests_per_s']} requests/s")

        log(
            f"forms: {len(measured)} virtual students, {args.concurrency} at once, "
            f"limit {args.load_seconds:.0f} s …"
        )
        plan = forms_plan(args, school, port, measured, args.load_seconds, args.concurrency)
        load_f = loadavg()
        cpu0, busy0 = server_cpu(pid), machine_busy()
        fr = run_loader(["forms", "--plan", str(plan)])
        cpu, busy1 = server_cpu(pid) - cpu0, machine_busy()
        windows["forms"] = (busy0[0], busy1[0])
        report["forms"] = summarise_forms(fr, cpu)
        report["forms"]["loadavg_before"] = load_f
        report["forms"]["cpu_split"] = cpu_split(busy0, busy1, cpu, fr["loader_cpu"])
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
        report["db_check"] = check_database(school, measured)
        if report["db_check"]["record_mismatches"]:
            report["problems"].append(
                f"{report['db_check']['record_mismatches']} mastery records disagree with "
                "their evidence after the load"
            )
        if report["db_check"]["submitted_without_evidence"]:
            report["problems"].append(
                f"{report['db_check']['submitted_without_evidence']} submitted attempts have "
                "no evidence row"
            )
        if report["db_check"]["left_in_progress"]:
            report["problems"].append(
                f"{report['db_check']['left_in_progress']} attempts were left in progress "
                "(a step failed mid-form)"
            )
    except Exception as e:  # noqa: BLE001
        report["problems"].append(f"database check failed: {type(e).__name__}: {e}")
    report["server_log"] = scan_server_log()

    # In process again, the server stopped: the mastery engine's own costs.
    log(f"in process: submit_attempt with and without the level update ({args.submit_samples}) …")
    used = {(t["student"], t["standard"]) for t in measured + warm}
    every_cell, _ = pick_tasks(school, len(school.not_yet_cells), 0, args.seed + 1)
    fresh = [t for t in every_cell if (t["student"], t["standard"]) not in used]
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
    if not args.no_policy:
        log(f"in process: policy changes on the big class ({args.students} students) …")
        report["policy"] = time_policy_changes(
            school,
            [
                ("decaying_average", {"rate": 0.65}),
                ("m_of_n", {"m": 3, "n": 4}),
            ],
        )
        for row in report["policy"]:
            if "error" in row:
                report["problems"].append(f"policy {row['method']}: {row['error'][:400]}")
            elif not row.get("preview_agrees"):
                report["problems"].append(
                    f"policy {row['method']}: the preview announced "
                    f"{row['preview']['status_changes']} status changes, saving made "
                    f"{row['set']['status_changes']}"
                )
    g = report["server_log"]
    if g["database_is_locked"]:
        report["problems"].append(
            f"'database is locked' {g['database_is_locked']}× in the server log"
        )
    if g["internal_server_errors"] or g["tracebacks"]:
        report["problems"].append(
            f"server log: {g['internal_server_errors']} internal server errors, "
            f"{g['tracebacks']} tracebacks (see {SERVER_LOG})"
        )

    report["run_s"] = round(time.perf_counter() - t_run, 1)
    text = fmt_report(report)
    (OUT / "report.txt").write_text(text + "\n", encoding="utf-8")
    (OUT / "report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    log("")
    log(text)
    measured_ok = "forms" in report and report["forms"]["completed"] > 0
    return 0 if measured_ok else 1


if __name__ == "__main__":
    sys.exit(main())
