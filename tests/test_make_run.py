"""`make run` serves the demo as production would, on a fresh database: DEBUG off (the
friendly 404, never a traceback), static files served, and a clear message, not a traceback,
when the port is taken. Starts the real thing (migrate, demo, collectstatic, gunicorn) in a
subprocess on a free port with a throwaway SQLite database; about 15 seconds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def run_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Not the outer make's flags, nor its database or settings: a fresh SQLite file.
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "DATABASE_URL", "DEBUG", "SECRET_KEY"):
        env.pop(name, None)
    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    env["STATIC_ROOT"] = str(tmp_path / "static")
    return env


@pytest.fixture
def served(tmp_path):
    """`make run PORT=<free>`, up and answering; stopped (its whole process group) after."""
    port = free_port()
    log = (tmp_path / "make-run.log").open("w")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=run_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"make run stopped: {(tmp_path / 'make-run.log').read_text()}")
            try:
                get(base + "/")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"make run did not answer: {(tmp_path / 'make-run.log').read_text()}"
                    )
                time.sleep(0.5)
        yield port, base, tmp_path
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_make_run_serves_like_production_and_refuses_a_busy_port(served) -> None:
    port, base, tmp_path = served

    status, body = get(base + "/no-such-page/")
    assert status == 404
    assert "This page does not exist" in body  # templates/404.html, the friendly page
    for debug_page in ("Traceback", "DEBUG = True", "Page not found <span>", "URLconf"):
        assert debug_page not in body

    status, css = get(base + "/static/css/app.css")
    assert status == 200
    assert ":root" in css

    status, login = get(base + "/login/")
    assert status == 200

    busy = subprocess.run(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=run_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert busy.returncode != 0
    assert (
        f"Port {port} is busy: another program (maybe an earlier `make run`) is using it. "
        f"Stop it, or choose another port: make run PORT={port + 1}"
    ) in busy.stderr
    assert "Traceback" not in busy.stderr + busy.stdout
