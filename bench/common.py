"""What every bench module shares: paths, the server's environment, statistics, how busy the
whole machine is (/proc), and Django's setup.

Nothing here imports Django at module level, so `run.py --help` needs no database.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# BENCH_OUT: another folder for everything a run writes (the tests run a quick bench there,
# leaving the last real run's school in bench/out/ for breakdown.py).
OUT = Path(os.environ.get("BENCH_OUT") or BENCH / "out").resolve()
DB = OUT / "bench.sqlite3"
STATIC = OUT / "static"
SERVER_LOG = OUT / "server.log"
# Issue 14's target 1: server CPU per completed 10-item form, at most (report.py, floor.py).
TARGET_1_MS = 15.0

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

CLK = os.sysconf("SC_CLK_TCK")


def log(msg: str = "") -> None:
    print(msg, flush=True)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


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
    """n, p50/p95/p99, mean and max in milliseconds of durations given in seconds."""
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


# --------------------------------------------------------------------------- the machine


def machine() -> dict:
    """CPU, memory and versions: part of every figure."""
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


def cpu_split(
    busy0: tuple[float, float], busy1: tuple[float, float], server_s: float, loader_s: float
) -> dict:
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


# --------------------------------------------------------------------------- setup


def _shown_path(path: Path) -> str:
    """`path` from the project's folder when it is inside it (bench/out/…), else whole."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def copy_school(dst: Path) -> None:
    """A copy of the school the last run built (DB) at `dst`, for the tools that write to it
    (breakdown.py, floor.py); exits when there is none."""
    if not DB.exists():
        sys.exit(f"{DB} is missing: run `make bench` (or bench/run.py --only pages) first")
    # The bench leaves its database in WAL mode: copy the log too, or the copy is stale.
    for suffix in ("", "-wal", "-shm"):
        src, copy = DB.with_name(DB.name + suffix), dst.with_name(dst.name + suffix)
        copy.unlink(missing_ok=True)
        if src.exists():
            shutil.copyfile(src, copy)


def reset_out() -> None:
    """Empty OUT (bench/out/, or BENCH_OUT) of the previous run's database, static files,
    plans and logs."""
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
    for p in OUT.glob("server-*.log"):
        p.unlink()


def bench_database_url(prefix: str = "bench_") -> str | None:
    """With DATABASE_URL set (PostgreSQL), a fresh database of the bench's own on that
    server (bench/pgdb.py: made again on every run, never the URL's own); None without it:
    the bench's SQLite file. Exits with a message when it cannot have one."""
    import pgdb

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return None
    if not pgdb.is_postgres(url):
        sys.exit(f"bench: DATABASE_URL must be postgres://user:pass@host:port/db, not {url!r}")
    try:
        return pgdb.fresh_database(url, pgdb.bench_name(url, prefix))
    except pgdb.BenchDatabaseError as e:
        sys.exit(f"bench: {e}")


def setup_django(*, database_url: str | None = None) -> None:
    """Django on the bench's database: `database_url` (one of the bench's own, see
    bench_database_url), else the SQLite file SERVER_ENV names. The server the real-stack
    phase starts gets the same one."""
    # Never benchmark (or wipe) someone's database: only the one chosen here is used.
    os.environ.pop("DATABASE_URL", None)
    SERVER_ENV.pop("DATABASE_URL", None)
    if database_url:
        SERVER_ENV["DATABASE_URL"] = database_url
    os.environ.update(SERVER_ENV)
    # The in-process test client talks to host "testserver".
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def database_facts() -> dict:
    """Which database the figures are of (after setup_django): engine, where, version, and
    for PostgreSQL the server settings that move them (its size: build.database_mib)."""
    import sqlite3

    from django.db import connection

    if connection.vendor == "postgresql":
        import pgdb

        url = SERVER_ENV["DATABASE_URL"]
        facts = pgdb.server_facts(connection)
        return {
            "engine": "postgresql",
            "where": pgdb.where(url),
            "label": f"PostgreSQL {facts['version']} · {pgdb.where(url)}",
            **facts,
        }
    return {
        "engine": "sqlite",
        "where": str(DB),
        "label": f"SQLite {sqlite3.sqlite_version} · {_shown_path(DB)}",
        "version": sqlite3.sqlite_version,
    }


def engine_expects(record: Any, facts: Any, policy: Any, scale: Any) -> tuple[str, Any]:
    """What the engine, re-run on a cell's evidence (`cell_facts`), says its stored record
    should hold: (status, level). The level is the calculation's; the status follows the
    level shown, so a teacher's override counts. Shared by the checks after the load
    (stack.py) and of the district's records (district.py)."""
    from masterymap.mastery.engine import cell_outcome, record_decision

    # The engine's own rule (as recomputing runs it), not a copy of it: a check that
    # restated the rule would agree with itself when the rule changed.
    outcome = cell_outcome(facts, policy, scale, record.override_level, record_decision(record))
    return outcome.status, outcome.level
