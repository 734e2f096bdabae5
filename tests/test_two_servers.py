"""The district recipe (docs/deploy.md, "Several app servers"): two app servers on one
database, and a student whose requests alternate between them. Their session, their
sitting, their autosaved answers and their submit must all hold whichever server answers:
nothing lives in one process. Two gunicorn processes on free ports over a throwaway SQLite
file (several processes on one database, as several machines on one PostgreSQL); about 20
seconds a test. And a server killed outright (SIGKILL) keeps every answer it acknowledged."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Run in a fresh process against the throwaway database: the test school, a session for
# Ana made the way a login makes one, and the right answer to each question of 7.RP.A.1.
SETUP = """
import json
from django.test import Client
from masterymap.test import build_school
d = build_school()
client = Client()
client.force_login(d.ana)
answers = {}
for form in (d.s1_form_a, d.s1_form_b):
    for fi in form.form_items.select_related("item"):
        item = fi.item
        if item.kind in ("single", "multiple"):
            answers[item.pk] = [str(c.pk) for c in item.choices.all() if c.is_correct]
        elif item.kind == "numeric":
            answers[item.pk] = ["12"]
        else:
            answers[item.pk] = ["three quarters"]
print(json.dumps({
    "session": client.cookies["sessionid"].value,
    "classroom": d.c7a.pk,
    "standard": d.s1.pk,
    "answers": answers,
}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "DATABASE_URL"):
        env.pop(name, None)
    env.update(
        {
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            # DEBUG on only so the servers need no collectstatic; the sharing is the same.
            "DEBUG": "true",
            "SECRET_KEY": "the same on every server",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "false",
            "DJANGO_SETTINGS_MODULE": "masterymap.settings",
        }
    )
    return env


@pytest.fixture
def two_servers(tmp_path) -> Iterator[tuple[list[str], dict]]:
    env = server_env(tmp_path)
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True
    )
    school = json.loads(made.stdout.decode().strip().splitlines()[-1])
    school["servers"] = servers = []
    bases = []
    for n in range(2):
        port = free_port()
        log = (tmp_path / f"server-{n}.log").open("w")
        servers.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "masterymap.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/healthz/", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"{base} did not start"
                time.sleep(0.3)
        yield bases, school
    finally:
        for server in servers:
            with contextlib.suppress(ProcessLookupError):  # a test killed it already
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


def begin(base: str, school: dict) -> tuple[httpx.Client, dict[str, str], int, str, list[int]]:
    """Ana opens the map and presses "I'm ready" on `base`: her client, the headers a page
    sends, the sitting's id and address, and the questions on its sheet."""
    c, s = school["classroom"], school["standard"]
    client = httpx.Client(cookies={"sessionid": school["session"]}, timeout=20)
    page = client.get(f"{base}/classes/{c}/map/")
    assert page.status_code == 200 and "Ana" in page.text
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.text)
    assert token, "no CSRF token on the map"
    headers = {"X-CSRFToken": token.group(1), "Referer": base + "/"}
    ready = client.post(f"{base}/classes/{c}/standards/{s}/ready/", headers=headers)
    assert ready.status_code == 200, ready.text[:300]
    named = re.search(r'<link rel="canonical" href="(/attempts/(\d+)/)">', ready.text)
    assert named, "the sheet names its address"
    shown = sorted({int(i) for i in re.findall(r'name="shown-(\d+)"', ready.text)})
    assert shown, "no questions on the sheet"
    return client, headers, int(named.group(2)), named.group(1), shown


def answer_all(
    client: httpx.Client,
    base: str,
    headers: dict[str, str],
    attempt_id: int,
    shown: list[int],
    school: dict,
) -> dict[str, list[str]]:
    """Answer each question right on `base`, one acknowledged autosave per answer (each
    also carrying the answers before it). The form data, for the submit."""
    posted: dict[str, list[str]] = {}
    for item_id in shown:
        posted[f"shown-{item_id}"] = ["1"]
        posted[f"item-{item_id}"] = school["answers"][str(item_id)]
        saved = client.post(
            f"{base}/attempts/{attempt_id}/autosave/",
            data=posted,
            headers={**headers, "Referer": base + "/", "HX-Request": "true"},
        )
        assert saved.status_code == 200 and "All answers saved" in saved.text, saved.text[:300]
    return posted


def test_answers_acknowledged_survive_a_killed_server(two_servers, tmp_path) -> None:
    """Each autosave is acknowledged only once its answer is committed: killing the server
    (SIGKILL, no shutdown, no checkpoint) right after loses none of them. The other server
    shows them all on the sheet, and so does the database file read afresh once both are
    killed."""
    (a, b), school = two_servers
    client, headers, attempt_id, sheet_url, shown = begin(a, school)
    answer_all(client, a, headers, attempt_id, shown, school)
    server_a, server_b = school["servers"]
    os.killpg(server_a.pid, signal.SIGKILL)
    server_a.wait(timeout=20)
    with pytest.raises(httpx.TransportError):
        httpx.get(a + "/healthz/", timeout=2)

    sheet = client.get(f"{b}{sheet_url}")
    assert sheet.status_code == 200
    inputs = re.findall(r"<input[^>]*>", sheet.text)
    for item_id in shown:
        for answer in school["answers"][str(item_id)]:
            [tag] = [
                t for t in inputs if f'name="item-{item_id}"' in t and f'value="{answer}"' in t
            ]
            if 'type="radio"' in tag or 'type="checkbox"' in tag:
                assert " checked" in tag, tag

    os.killpg(server_b.pid, signal.SIGKILL)
    server_b.wait(timeout=20)
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        stored = dict(
            db.execute(
                "SELECT item_id, answer FROM assessments_response WHERE attempt_id = ?",
                [attempt_id],
            ).fetchall()
        )
    assert {i: json.loads(a) for i, a in stored.items()} == {
        i: school["answers"][str(i)] for i in shown
    }


def test_a_student_takes_a_form_through_two_servers(two_servers, tmp_path) -> None:
    (a, b), school = two_servers
    # Signed in, and "I'm ready", on A (which answers with the sheet, naming its address).
    client, headers, attempt_id, sheet_url, shown = begin(a, school)
    # The session lives in the database, so B knows Ana too.
    assert client.get(f"{b}/classes/{school['classroom']}/map/").status_code == 200

    # … the sheet and every autosave on B …
    sheet = client.get(f"{b}{sheet_url}")
    assert sheet.status_code == 200
    assert shown == sorted({int(i) for i in re.findall(r'name="shown-(\d+)"', sheet.text)})
    posted = answer_all(client, b, headers, attempt_id, shown, school)

    # … and the submit on A, whose result B shows.
    done = client.post(f"{a}/attempts/{attempt_id}/submit/", data=posted, headers=headers)
    assert done.status_code == 200 and "100" in done.text, done.text[:300]
    result = client.get(f"{b}/attempts/{attempt_id}/")
    assert result.status_code == 200 and "100" in result.text

    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        status, percent = db.execute(
            "SELECT status, percent FROM assessments_attempt WHERE id = ?", [attempt_id]
        ).fetchone()
        answered = db.execute(
            "SELECT COUNT(*) FROM assessments_response WHERE attempt_id = ? AND answer != '[]'",
            [attempt_id],
        ).fetchone()[0]
    assert (status, percent, answered) == ("submitted", 100.0, len(shown))
