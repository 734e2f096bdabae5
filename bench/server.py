"""The gunicorn server under test: start it, wait for it, stop it, and read what it cost.

CPU comes from /proc/<pid>/stat of the master and its workers; where each request's time
went inside a worker comes from the request logs that `gunicorn_conf.py` writes when the
workers exit; the server log is scanned for lock errors and tracebacks.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import BENCH, CLK, OUT, ROOT, SERVER_ENV, SERVER_LOG, pct, summary_ms


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    args: argparse.Namespace, port: int, log_path: Path = SERVER_LOG
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port`, its output to `log_path` (each phase that starts a
    server keeps its own log)."""
    env = {**os.environ, "BENCH_REQLOG_DIR": str(OUT)}
    # The bench's database only: SERVER_ENV names it (DATABASE_URL there for PostgreSQL).
    env.pop("DATABASE_URL", None)
    env.update(SERVER_ENV)
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
    logf = open(log_path, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc.cmd = cmd  # type: ignore[attr-defined]
    return proc


def wait_healthy(
    port: int, proc: subprocess.Popen, seconds: float = 60, log_path: Path = SERVER_LOG
) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {log_path}")
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            if r.status_code == 200 and server_pids(proc.pid):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer /healthz/ in {seconds:.0f} s; see {log_path}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --------------------------------------------------------------------------- server CPU


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after "(comm)"; comm may hold spaces.
    return raw[raw.rindex(")") + 2 :].split()


def server_pids(master: int) -> list[int]:
    """The master's children: its workers."""
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


def server_rss_mib(master: int) -> dict[int, int]:
    """Peak resident memory (VmHWM) per process of the server, in MiB."""
    out = {}
    for pid in [master, *server_pids(master)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM"):
                    out[pid] = int(line.split()[1]) // 1024
        except OSError:
            pass
    return out


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


def scan_server_log(log_path: Path = SERVER_LOG) -> dict:
    """Counts of lock errors, 500s, tracebacks and worker timeouts, and a few such lines."""
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    lines = text.splitlines()
    interesting = [
        line
        for line in lines
        if any(w in line for w in ("Error", "error", "locked", "Traceback", "TIMEOUT", "Exception"))
    ]
    return {
        "path": str(log_path),
        "database_is_locked": text.count("database is locked"),
        "internal_server_errors": text.count("Internal Server Error"),
        "tracebacks": text.count("Traceback"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "excerpt": interesting[:15],
    }
