"""gunicorn hooks for the benchmark: where each request's time goes, inside the worker.

Only requests carrying the load generator's `X-Bench-Step` header are recorded. For each,
from /proc/thread-self/schedstat (Linux): CPU time of the handling thread, time it sat
runnable but waiting for a CPU (other processes, other workers, the load generator), and
the rest of the wall time, which is time blocked (SQLite's busy-wait for the write lock,
disk). Lines go to $BENCH_REQLOG_DIR/reqlog-<pid>.tsv when the worker exits:

    <monotonic end> <step> <wall s> <cpu s> <runqueue s> <status>

Everything else is gunicorn's defaults (the command line sets workers, binding, class).
"""

from __future__ import annotations

import os
import time

_DIR = os.environ.get("BENCH_REQLOG_DIR", "")
_lines: list[str] = []


def _schedstat() -> tuple[int, int]:
    try:
        with open("/proc/thread-self/schedstat") as f:
            cpu, wait, _ = f.read().split()
        return int(cpu), int(wait)
    except (OSError, ValueError):
        return 0, 0


def pre_request(worker, req):
    if not _DIR:
        return
    step = next((v for k, v in req.headers if k == "X-BENCH-STEP"), None)
    if step:
        cpu, wait = _schedstat()
        req._bench = (step, time.monotonic(), cpu, wait)


def post_request(worker, req, environ, resp):
    mark = getattr(req, "_bench", None)
    if mark is None:
        return
    step, t0, cpu0, wait0 = mark
    cpu, wait = _schedstat()
    t1 = time.monotonic()
    status = getattr(resp, "status_code", None) or str(getattr(resp, "status", "")).split(" ")[0]
    _lines.append(
        f"{t1:.6f}\t{step}\t{t1 - t0:.6f}\t{(cpu - cpu0) / 1e9:.6f}\t{(wait - wait0) / 1e9:.6f}"
        f"\t{status}\n"
    )


def worker_exit(server, worker):
    if _DIR and _lines:
        with open(os.path.join(_DIR, f"reqlog-{os.getpid()}.tsv"), "a") as f:
            f.writelines(_lines)
