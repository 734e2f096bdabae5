"""The floor under target 1: what the least an acknowledged autosave could be costs the
real stack, whatever the app does inside it.

Target 1 asks for at most 15 ms of server CPU per completed 10-item form, every answer
autosaved and acknowledged. A form is 13 requests (the map, "I'm ready", ten autosaves,
submit: decision 0017). This starts gunicorn as `make bench` does (4 sync workers, the
bench's hooks) with one extra URL that exists only here (floor_urls.py):

- POST /floor/: signed in (the session and the user read from the database), CSRF
  checked, one row written and committed, 204. No form, no answer, no template.

and times, one request after another, each on a new connection, the server's CPU (master
and workers, from /proc) per request:

- the bare view (GET /healthz/, no cookie): the bench's reference;
- /floor/ through the app's middleware (what a school needs: security headers, CSP, the
  idle session, languages, compression, request limits);
- /floor/ through Django's minimum for a signed-in POST (session, CSRF, auth:
  FLOOR_MINIMAL in floor_settings.py).

Before timing, it checks that /floor/ is the write it claims: refused without a session
(a redirect to sign in) and without the CSRF token (403), and with both it answers 204
and the row changed. It works on a copy of the bench school (bench/out/floor.sqlite3,
or in BENCH_OUT; `make bench` first), SQLite only.

    .venv/bin/python bench/floor.py [-n 3000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time
from types import SimpleNamespace

from common import BENCH, OUT, SERVER_ENV, TARGET_1_MS, copy_school, setup_django
from server import free_port, server_cpu, start_server, stop_server, wait_healthy
from stack import make_sessions

COPY = OUT / "floor.sqlite3"
LOG = OUT / "server-floor.log"
CSRF = "f" * 32  # a CSRF secret, sent as the cookie and the header
FORM_REQUESTS = 13
AUTOSAVES = 10


def request(port: int, method: str, path: str, *, session: str = "", csrf: bool = True) -> int:
    """One request on a new connection, as a browser without keep-alive; its status."""
    cookies = [f"csrftoken={CSRF}"] if csrf else []
    if session:
        cookies.append(f"sessionid={session}")
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if cookies:
        head += f"Cookie: {'; '.join(cookies)}\r\n"
    body = b""
    if method == "POST":
        body = b"q=1"
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(body)}\r\n"
        if csrf:
            head += f"X-CSRFToken: {CSRF}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(data[9:12])


def _last_login(user_id: int) -> object:
    from masterymap.accounts.models import User

    return User.objects.filter(pk=user_id).values_list("last_login", flat=True).get()


def check_floor(port: int, session: str, user_id: int) -> list[str]:
    """What makes /floor/ an acknowledged save: refused when it should be, written when
    acknowledged. Problems, in words (none when all is well)."""
    problems = []
    before = _last_login(user_id)
    if (s := request(port, "POST", "/floor/", csrf=True)) != 302:
        problems.append(f"without a session /floor/ answered {s}, not a redirect to sign in")
    if (s := request(port, "POST", "/floor/", session=session, csrf=False)) != 403:
        problems.append(f"without the CSRF token /floor/ answered {s}, not 403")
    if _last_login(user_id) != before:
        problems.append("a refused request wrote the row")
    if (s := request(port, "POST", "/floor/", session=session)) != 204:
        problems.append(f"signed in with the token /floor/ answered {s}, not 204")
    if _last_login(user_id) == before:
        problems.append("an acknowledged /floor/ did not write the row")
    return problems


def cpu_per_request(pid: int, port: int, n: int, method: str, path: str, session: str) -> float:
    """Server CPU in ms per request over `n` requests, after as many (at most 400) to warm
    every worker."""
    for _ in range(min(n, 400)):
        request(port, method, path, session=session)
    before = server_cpu(pid)
    for _ in range(n):
        request(port, method, path, session=session)
    return 1000 * (server_cpu(pid) - before) / n


def measure(minimal: bool, n: int, session: str, user_id: int) -> dict[str, float]:
    SERVER_ENV["DJANGO_SETTINGS_MODULE"] = "floor_settings"
    SERVER_ENV["PYTHONPATH"] = f"{BENCH}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"
    if minimal:
        SERVER_ENV["FLOOR_MINIMAL"] = "1"
    else:
        SERVER_ENV.pop("FLOOR_MINIMAL", None)
    port = free_port()
    server = SimpleNamespace(workers=4, worker_class="sync", threads=1)
    proc = start_server(server, port, LOG)  # type: ignore[arg-type]
    try:
        wait_healthy(port, proc, log_path=LOG)
        time.sleep(1.0)
        problems = check_floor(port, session, user_id)
        if problems:
            sys.exit("/floor/ is not an acknowledged save: " + "; ".join(problems))
        out = {"floor": cpu_per_request(proc.pid, port, n, "POST", "/floor/", session)}
        if not minimal:
            out["bare"] = cpu_per_request(proc.pid, port, n, "GET", "/healthz/", "")
        return out
    finally:
        stop_server(proc)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=3000, help="requests timed, each figure")
    parser.add_argument("--rounds", type=int, default=2, help="servers started, each kind")
    args = parser.parse_args(argv)
    copy_school(COPY)
    SERVER_ENV["SQLITE_PATH"] = str(COPY)
    setup_django()
    from django.db import connection

    from masterymap.accounts.models import Enrollment

    user_id = Enrollment.objects.order_by("student_id").values_list("student_id", flat=True)[0]
    session = make_sessions([user_id])[user_id]
    connection.close()  # the server writes the same file

    figures: dict[str, list[float]] = {"bare": [], "app": [], "django": []}
    for r in range(args.rounds):
        print(f"round {r + 1}: the app's middleware, then Django's minimum …", flush=True)
        app = measure(False, args.n, session, user_id)
        figures["bare"].append(app["bare"])
        figures["app"].append(app["floor"])
        figures["django"].append(measure(True, args.n, session, user_id)["floor"])
    print("checked: /floor/ is refused without a session or the CSRF token, and writes its row")
    print(f"server CPU per request, {args.n} requests a figure (each round's, then the median):")
    names = {
        "bare": "bare view, GET /healthz/",
        "app": "floor save, the app's middleware",
        "django": "floor save, Django's minimum",
    }
    for key, name in names.items():
        each = ", ".join(f"{v:.3f}" for v in figures[key])
        print(f"  {name:34s} {each} ms   median {statistics.median(figures[key]):.3f} ms")
    app, django_ = statistics.median(figures["app"]), statistics.median(figures["django"])
    print(f"a form at the floor ({FORM_REQUESTS} requests, each only signed in and one write):")
    print(
        f"  the app's middleware {FORM_REQUESTS * app:.1f} ms, Django's minimum "
        f"{FORM_REQUESTS * django_:.1f} ms; its {AUTOSAVES} autosaves alone "
        f"{AUTOSAVES * app:.1f} and {AUTOSAVES * django_:.1f} ms (target 1: ≤ {TARGET_1_MS:g} ms)"
    )


if __name__ == "__main__":
    main()
