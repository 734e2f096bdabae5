"""Load generator: virtual students over HTTP, and a bare-view baseline.

Runs as its own process (no Django imported), driving a server on 127.0.0.1.

    python bench/load.py forms    --plan PLAN.json --out RESULT.json
    python bench/load.py baseline --url http://127.0.0.1:PORT/healthz/ --requests 3000 \
                                  --concurrency 8 --out RESULT.json
    python bench/load.py start    --plan PLAN.json --out RESULT.json
    python bench/load.py capacity --plan PLAN.json --out RESULT.json

"forms" and "baseline" use httpx, one worker process per concurrent virtual student
(multiprocessing), so latencies are not skewed by a shared event loop or GIL. A virtual
student of the "forms" plan does what a student's browser does (FORM_REQUESTS below;
tests/browser/test_autosave_pattern.py checks Chromium against it, request by request):

  map       GET  /classes/<c>/map/                       their map, where "I'm ready" is
  start     POST /classes/<c>/standards/<s>/ready/       "I'm ready": answered with the
                                                         answer sheet itself
  autosave  POST /attempts/<a>/autosave/   × items       one per answered question,
                                                         carrying that question only
                                                         (autosave_request: as
                                                         static/js/attempt.js sends it)
  submit    POST /attempts/<a>/submit/                   answered with the scored result

("I'm ready" and submit answered with a redirect, and the sheet and the result were two more
requests, "open" and "result", until decision 0017.)

It logs in with a session cookie made beforehand (password hashing is not what it
measures) and a CSRF cookie of its own; the CSRF token sent back is the one found on the
page (hx-headers or csrfmiddlewaretoken) when there is one.

"start" and "capacity" drive hundreds or thousands of students at once, so they use one
asyncio event loop and a small HTTP/1.1 client on raw sockets (`fetch`): a process or a
thread per student would cost the two cores more than the server does.

- start: students begin at planned moments (spread over a few seconds), each on a new
  device: log in (the login card's link, or the password), follow where the app sends
  them, open their class's map, press "I'm ready" and receive the answer sheet.
- capacity: an open loop. Each simulated student (one open attempt) answers a question
  every 10–30 s (uniformly random), each answer one autosave; arrivals follow the
  schedule whatever the server's latency (latency is measured from the scheduled moment,
  so a late loader or a slow server cannot hide queueing). The number of students grows
  step by step; the loader stops stepping once the limits are clearly broken.

Every request carries `X-Bench-Step` (the gunicorn hooks group the server's own timings by
it); the rest of each request is what the browser sends.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import multiprocessing as mp
import os
import random
import re
import resource
import secrets
import string
import sys
import time
import traceback
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote_plus, urlsplit

import httpx
from common import machine_busy, pct
from server import server_cpu

STEPS = ["map", "start", "autosave", "submit"]
# One completed form, request by request, as the browser sends it: the map, "I'm ready"
# (answered with the answer sheet), one autosave per answered question, submit (answered
# with the result). tests/browser/test_autosave_pattern.py holds Chromium to this list.
FORM_REQUESTS = {
    "map": ("GET", "/classes/{classroom}/map/"),
    "start": ("POST", "/classes/{classroom}/standards/{standard}/ready/"),
    "autosave": ("POST", "/attempts/{attempt}/autosave/"),
    "submit": ("POST", "/attempts/{attempt}/submit/"),
}


def form_requests(
    *, classroom: int, standard: int, attempt: int, answered: int
) -> list[tuple[str, str]]:
    """(method, path) of every request of one completed form with `answered` questions
    answered, in order: what the virtual student sends and the browser was seen to send."""
    ids = {"classroom": classroom, "standard": standard, "attempt": attempt}
    steps = ["map", "start", *["autosave"] * answered, "submit"]
    return [(FORM_REQUESTS[s][0], FORM_REQUESTS[s][1].format(**ids)) for s in steps]


def form_path(step: str, **ids: int) -> str:
    """The path of one step of FORM_REQUESTS."""
    return FORM_REQUESTS[step][1].format(**ids)


# The attempt's address, as its page names it (workflows.views.attempts).
CANONICAL = re.compile(r'<link rel="canonical" href="/attempts/(\d+)/">')
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
TIMEOUT_S = 60.0
USER_AGENT = "masterymap-bench"


# --------------------------------------------------------------------------- pages


class _PageParser(HTMLParser):
    """Inputs and CSRF token of a page (the answer sheet, the map, a login page)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inputs: list[dict[str, str]] = []
        self.csrf: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if "hx-headers" in a and self.csrf is None:
            try:
                headers = json.loads(a["hx-headers"])
                self.csrf = headers.get("X-CSRFToken") or headers.get("x-csrftoken") or self.csrf
            except ValueError:
                m = re.search(r'X-CSRFToken"?\s*:\s*"([A-Za-z0-9]+)"', a["hx-headers"])
                if m:
                    self.csrf = m.group(1)
        if tag in ("input", "textarea", "select"):
            if a.get("name") == "csrfmiddlewaretoken" and a.get("value"):
                self.csrf = self.csrf or a["value"]
            a.setdefault("type", "text" if tag == "input" else tag)
            self.inputs.append(a)
        if tag == "meta" and a.get("name") in ("csrf-token", "csrf_token") and a.get("content"):
            self.csrf = self.csrf or a["content"]


@dataclass
class Question:
    """One question of an answer sheet as the page shows it: its item id, its input type
    (radio, checkbox or text) and, for choices, the choice ids in the page's order."""

    item: int
    type: str
    values: list[str] = field(default_factory=list)

    def to_json(self) -> list:
        return [self.item, self.type, self.values]

    @classmethod
    def from_json(cls, row: list) -> Question:
        return cls(int(row[0]), row[1], list(row[2]))


def parse_sheet(html: str) -> tuple[list[Question], str | None]:
    """The questions of an answer sheet in page order, and the page's CSRF token."""
    p = _PageParser()
    p.feed(html)
    sheet: list[Question] = []
    by_item: dict[int, Question] = {}
    for a in p.inputs:
        m = re.fullmatch(r"(shown|item)-(\d+)", a.get("name", ""))
        if not m:
            continue
        iid = int(m.group(2))
        if iid not in by_item:
            by_item[iid] = Question(iid, "text")
            sheet.append(by_item[iid])
        t = a.get("type", "text").lower()
        if m.group(1) == "item" and t in ("radio", "checkbox"):
            by_item[iid].type = t
            by_item[iid].values.append(a.get("value", ""))
    return sheet, p.csrf


_TOKEN = re.compile(
    r"""hx-headers='\{"X-CSRFToken": "([A-Za-z0-9]+)"\}'"""
    r"""|name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)\""""
)
_QUESTION = re.compile(r'name="shown-\d+"')


def page_token(html: str) -> str | None:
    """The CSRF token a page carries (hx-headers on <body>, or a form's hidden input). A
    regular expression first: parsing a whole map page costs the loader milliseconds."""
    m = _TOKEN.search(html)
    if m:
        return m.group(1) or m.group(2)
    p = _PageParser()
    p.feed(html)
    return p.csrf


# --------------------------------------------------------------------------- what the browser sends


def _answer(q: Question, keys: dict, rng: random.Random, p_right: float) -> list[str]:
    key = keys.get(str(q.item))
    good = rng.random() < p_right
    if key is not None:
        ans = key["right"] if good else key["wrong"]
        if q.type in ("radio", "checkbox"):
            # Only ever post choice ids the page showed.
            ans = [v for v in ans if v in q.values] or q.values[:1]
        return list(ans)
    if q.type == "radio":
        return [rng.choice(q.values)]
    if q.type == "checkbox":
        return rng.sample(q.values, k=min(2, len(q.values)))
    return ["12"]


def answer_values(q: Question, given: list[str]) -> list[str]:
    """What the page's controls hold for a question: the checked choices in the page's
    order (whatever order they were picked in), or the typed words ([] for an empty box)."""
    if q.type in ("radio", "checkbox"):
        return [v for v in q.values if v in given]
    return [given[0]] if given and given[0] else []


def sheet_fields(
    sheet: list[Question], answers: dict[int, list[str]], token: str
) -> list[tuple[str, str]]:
    """The answer sheet's <form> as the browser submits it: every named control in page
    order — the CSRF input, then per question its `shown-<id>` and its answer: the checked
    choices, or the text box's value, sent even when empty."""
    fields = [("csrfmiddlewaretoken", token)]
    for q in sheet:
        fields.append((f"shown-{q.item}", "1"))
        if q.type in ("radio", "checkbox"):
            fields += [(f"item-{q.item}", v) for v in answer_values(q, answers.get(q.item, []))]
        else:
            given = answers.get(q.item, [])
            fields.append((f"item-{q.item}", given[0] if given else ""))
    return fields


def form_body(fields: list[tuple[str, str]]) -> bytes:
    """application/x-www-form-urlencoded as browsers write it (URLSearchParams, and a
    <form>'s submit): spaces as "+", everything but letters, digits and *-._ escaped."""
    return "&".join(f"{_www(k)}={_www(v)}" for k, v in fields).encode()


def _www(text: str) -> str:
    # Python keeps "~" as is; the WHATWG serializer escapes it.
    return quote_plus(text, safe="*").replace("~", "%7E")


def autosave_request(
    *,
    base_url: str,
    attempt: int,
    sheet: list[Question],
    answers: dict[int, list[str]],
    changed: list[int],
    token: str,
) -> tuple[str, dict[str, str], bytes]:
    """The autosave the answer sheet's browser sends for the questions in `changed` (the
    ones changed since the last save, in the order they were changed; the caller passes
    only questions whose answer differs from the one last sent): (path, headers, body).
    Every virtual student builds its autosaves here, so when the page changes what it
    sends (attempt_page.html, static/js/attempt.js), this is the one place to follow it.

    Today (decision 0012; measured in Chromium by tests/browser/test_autosave_pattern.py):
    attempt.js `fetch`es a URLSearchParams body — the form's CSRF token, then for each
    changed question its `shown-<id>` and its answer (`answer_values`: nothing for a box
    left empty) — with the X-CSRFToken and HX-Request headers it sets, and what a browser
    adds to a same-origin fetch (the body's Content-Type, Origin, Referer, Accept)."""
    by_item = {q.item: q for q in sheet}
    fields = [("csrfmiddlewaretoken", token)]
    for iid in changed:
        fields.append((f"shown-{iid}", "1"))
        fields += [(f"item-{iid}", v) for v in answer_values(by_item[iid], answers.get(iid, []))]
    page = f"{base_url}/attempts/{attempt}/"
    headers = {
        "X-CSRFToken": token,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "Accept": "*/*",
        "Origin": base_url,
        "Referer": page,
    }
    return form_path("autosave", attempt=attempt), headers, form_body(fields)


def submit_request(
    *,
    base_url: str,
    attempt: int,
    sheet: list[Question],
    answers: dict[int, list[str]],
    token: str,
) -> tuple[str, dict[str, str], bytes]:
    """The browser's own submit of the answer sheet's <form> (no htmx): (path, headers, body)."""
    page = f"{base_url}/attempts/{attempt}/"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": base_url,
        "Referer": page,
    }
    body = form_body(sheet_fields(sheet, answers, token))
    return form_path("submit", attempt=attempt), headers, body


def _new_csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


class StepError(Exception):
    pass


# --------------------------------------------------------------------------- forms (httpx)


def _check(resp: httpx.Response, step: str, expect: tuple[int, ...]) -> None:
    if resp.status_code not in expect:
        body = resp.text[:300].replace("\n", " ")
        raise StepError(
            f"{step}: HTTP {resp.status_code} {resp.request.method} {resp.request.url.path}: {body}"
        )


def run_student(task: dict) -> dict:
    """One virtual student taking one form. Returns per-step timings (seconds)."""
    cfg = _CFG
    if time.monotonic() > cfg["deadline"]:
        return {"skipped": True}
    base = cfg["base_url"]
    rng = random.Random(task["seed"])
    csrf_secret = _new_csrf_secret()
    timings: dict[str, list[float]] = {s: [] for s in STEPS}
    out = {"skipped": False, "ok": False, "timings": timings, "error": None, "mastered": None}
    t_begin = time.perf_counter()
    try:
        with httpx.Client(
            base_url=base,
            timeout=TIMEOUT,
            follow_redirects=False,
            cookies={"sessionid": task["session"], "csrftoken": csrf_secret},
            headers={"User-Agent": USER_AGENT},
        ) as client:

            def timed(step: str, method: str, url: str, expect=(200,), **kw) -> httpx.Response:
                # The step name lets the server-side hooks (gunicorn_conf.py) group requests.
                kw["headers"] = {**kw.get("headers", {}), "X-Bench-Step": step}
                t0 = time.perf_counter()
                resp = client.request(method, url, **kw)
                dt = time.perf_counter() - t0
                _check(resp, step, expect)
                timings[step].append(dt)
                return resp

            token = csrf_secret
            if cfg["with_map"]:
                r = timed("map", "GET", form_path("map", classroom=task["classroom"]))
                token = page_token(r.text) or token
            r = timed(
                "start",
                "POST",
                form_path("start", classroom=task["classroom"], standard=task["standard"]),
                data={"csrfmiddlewaretoken": token},
                headers={"X-CSRFToken": token},
            )
            m = CANONICAL.search(r.text)
            if not m:
                raise StepError(
                    "start: not an answer sheet (did the student get form F? see messages)"
                )
            attempt = int(m.group(1))
            sheet, page_tok = parse_sheet(r.text)
            token = page_tok or token
            if not sheet:
                raise StepError(f"open: no shown-<id>/item-<id> inputs on /attempts/{attempt}/")
            answers: dict[int, list[str]] = {}
            for q in sheet:
                answers[q.item] = _answer(q, cfg["keys"], rng, cfg["p_right"])
                if cfg["think"]:
                    time.sleep(cfg["think"])
                path, headers, body = autosave_request(
                    base_url=base,
                    attempt=attempt,
                    sheet=sheet,
                    answers=answers,
                    changed=[q.item],
                    token=token,
                )
                timed("autosave", "POST", path, content=body, headers=headers)
            path, headers, body = submit_request(
                base_url=base, attempt=attempt, sheet=sheet, answers=answers, token=token
            )
            r = timed("submit", "POST", path, content=body, headers=headers)
            found = CANONICAL.search(r.text)
            if not found or int(found.group(1)) != attempt or "result-banner" not in r.text:
                raise StepError(f"submit: not the result of attempt {attempt}")
            out["items"] = len(sheet)
            out["ok"] = True
    except StepError as e:
        out["error"] = str(e)
    except httpx.HTTPError as e:
        out["error"] = f"{type(e).__name__}: {e}"
    except Exception as e:  # noqa: BLE001 - report, never crash the pool
        out["error"] = f"{type(e).__name__}: {e} | {traceback.format_exc(limit=2)}"
    out["total"] = time.perf_counter() - t_begin
    out["finished_at"] = time.monotonic()
    return out


def run_baseline_batch(task: dict) -> dict:
    """`n` sequential GETs of a bare view by one client."""
    cfg = _CFG
    lat: list[float] = []
    errors: list[str] = []
    with httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(task["n"]):
            t0 = time.perf_counter()
            try:
                r = client.get(cfg["url"], headers={"X-Bench-Step": cfg.get("step", "healthz")})
                dt = time.perf_counter() - t0
                if r.status_code == 200:
                    lat.append(dt)
                else:
                    errors.append(f"HTTP {r.status_code}")
            except httpx.HTTPError as e:
                errors.append(f"{type(e).__name__}: {e}")
    return {"lat": lat, "errors": errors}


_CFG: dict = {}


def _init(cfg: dict) -> None:
    _CFG.clear()
    _CFG.update(cfg)


def _cpu_self_and_children() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def cmd_forms(args: argparse.Namespace) -> dict:
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    tasks = plan["tasks"]
    cfg = {
        "base_url": plan["base_url"],
        "keys": plan["keys"],
        "p_right": plan.get("p_right", 0.8),
        "with_map": plan.get("with_map", True),
        "think": plan.get("think", 0.0),
        "deadline": time.monotonic() + plan["max_seconds"],
    }
    conc = max(1, min(plan["concurrency"], len(tasks)))
    cpu0 = _cpu_self_and_children()
    t0 = time.monotonic()
    with mp.Pool(conc, initializer=_init, initargs=(cfg,)) as pool:
        outs = list(pool.imap_unordered(run_student, tasks, chunksize=1))
        wall = time.monotonic() - t0
    cpu = _cpu_self_and_children() - cpu0
    return {"wall": wall, "loader_cpu": cpu, "concurrency": conc, "students": outs}


def cmd_baseline(args: argparse.Namespace) -> dict:
    per = max(1, args.requests // (args.concurrency * 4))
    tasks = []
    left = args.requests
    while left > 0:
        tasks.append({"n": min(per, left)})
        left -= per
    cpu0 = _cpu_self_and_children()
    t0 = time.monotonic()
    with mp.Pool(
        args.concurrency, initializer=_init, initargs=({"url": args.url, "step": args.step},)
    ) as pool:
        outs = list(pool.imap_unordered(run_baseline_batch, tasks, chunksize=1))
        wall = time.monotonic() - t0
    cpu = _cpu_self_and_children() - cpu0
    lat = [x for o in outs for x in o["lat"]]
    errors = [e for o in outs for e in o["errors"]]
    return {
        "wall": wall,
        "loader_cpu": cpu,
        "concurrency": args.concurrency,
        "latencies": lat,
        "errors": errors,
    }


# --------------------------------------------------------------------------- raw HTTP (asyncio)


class Reply(NamedTuple):
    status: int
    headers: dict[str, str]  # lower-case names; the last value of a repeated header
    cookies: dict[str, str | None]  # Set-Cookie: name -> value (None: the cookie is deleted)
    body: bytes  # decompressed

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def parse_head(raw: bytes) -> tuple[int, dict[str, str], dict[str, str | None]]:
    """Status, headers and cookies set, from an HTTP/1.1 response head."""
    lines = raw.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    cookies: dict[str, str | None] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            pair, _, attrs = value.partition(";")
            cname, _, cvalue = pair.partition("=")
            gone = cvalue.strip('"') == "" or "max-age=0" in attrs.lower()
            cookies[cname.strip()] = None if gone else cvalue
        else:
            headers[name] = value
    return status, headers, cookies


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await reader.readline()
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


async def fetch(
    host: str,
    port: int,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes = b"",
    timeout: float = TIMEOUT_S,
) -> Reply:
    """One request on a new connection, as a browser's first request to a server does.

    Each request says `Connection: close`: the bench's sync workers close every
    connection after one response anyway (gunicorn's sync worker has no keep-alive), and a
    student's next request comes 10–30 s later, long after any keep-alive would end."""
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            head = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
            head += [f"{k}: {v}" for k, v in headers.items()]
            if body or method == "POST":
                head.append(f"Content-Length: {len(body)}")
            head.append("Connection: close")
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            status, rh, cookies = parse_head(await reader.readuntil(b"\r\n\r\n"))
            if "content-length" in rh:
                data = await reader.readexactly(int(rh["content-length"]))
            elif rh.get("transfer-encoding", "").lower() == "chunked":
                data = await _read_chunked(reader)
            else:
                data = await reader.read()
        finally:
            writer.close()
    if rh.get("content-encoding") == "gzip":
        data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
    elif rh.get("content-encoding") == "deflate":
        data = zlib.decompress(data)
    return Reply(status, rh, cookies, data)


class Browser:
    """One device: a cookie jar and the headers a browser sends, with each request timed
    under its step's name."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None) -> None:
        u = urlsplit(base_url)
        self.base = base_url
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.cookies: dict[str, str] = dict(cookies or {})
        self.timings: dict[str, list[float]] = {}
        self.url = base_url + "/"  # the page shown, for Referer

    async def request(
        self,
        step: str,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        expect: tuple[int, ...] = (200,),
    ) -> Reply:
        h = {
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",
            "X-Bench-Step": step,
        }
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        t0 = time.monotonic()
        r = await fetch(self.host, self.port, method, path, h, body)
        self.timings.setdefault(step, []).append(time.monotonic() - t0)
        for name, value in r.cookies.items():
            if value is None:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if r.status not in expect:
            text = r.text[:300].replace("\n", " ")
            raise StepError(f"{step}: HTTP {r.status} {method} {path}: {text}")
        if method == "GET" and r.status == 200:
            self.url = self.base + path
        return r

    async def post_form(
        self, step: str, path: str, fields: list[tuple[str, str]], expect: tuple[int, ...]
    ) -> Reply:
        """A plain HTML form posted by the browser (no htmx)."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.base,
            "Referer": self.url,
        }
        return await self.request(
            step, "POST", path, headers=headers, body=form_body(fields), expect=expect
        )


def _local(base: str, location: str) -> str:
    return location[len(base) :] if location.startswith(base) else location


# --------------------------------------------------------------------------- start


async def start_student(b: Browser, task: dict) -> None:
    """Log in on a new device, follow the app to the class's map, press "I'm ready" on the
    task's standard and receive the answer sheet. Raises StepError on anything else."""
    if task["login"] == "card":
        path = f"/card/{task['card_key']}/"
        token = page_token((await b.request("card-page", "GET", path)).text)
        if not token:
            raise StepError("card-page: no CSRF token on the page")
        r = await b.post_form(
            "card-login", path, [("csrfmiddlewaretoken", token)], expect=(302, 303)
        )
    else:
        token = page_token((await b.request("login-page", "GET", "/login/")).text)
        if not token:
            raise StepError("login-page: no CSRF token on the page")
        fields = [
            ("csrfmiddlewaretoken", token),
            ("username", task["username"]),
            ("password", task["password"]),
        ]
        r = await b.post_form("login", "/login/", fields, expect=(302, 303))
    # Wherever the app sends a student who just logged in (home: their map, or their list
    # of classes when they are in several).
    map_path = form_path("map", classroom=task["classroom"])
    for _ in range(5):
        location = _local(b.base, r.headers.get("location", ""))
        if not location.startswith("/"):
            raise StepError(f"login: redirected to {location!r}")
        step = "map" if location == map_path else "home" if location == "/" else "redirect"
        r = await b.request(step, "GET", location, expect=(200, 302, 303))
        if r.status == 200:
            break
    else:
        raise StepError("login: more than 5 redirects")
    if b.url != b.base + map_path:
        # A list of classes: the student opens theirs.
        if f'href="{map_path}"' not in r.text:
            raise StepError(f"{b.url}: no link to {map_path}")
        r = await b.request("map", "GET", map_path)
    ready = form_path("start", classroom=task["classroom"], standard=task["standard"])
    if f'action="{ready}"' not in r.text:
        raise StepError(f'map: no "I\'m ready" for standard {task["standard"]}')
    token = page_token(r.text)
    if not token:
        raise StepError("map: no CSRF token on the page")
    # Answered with the answer sheet itself (decision 0017).
    r = await b.post_form("ready", ready, [("csrfmiddlewaretoken", token)], expect=(200,))
    if not CANONICAL.search(r.text) or not _QUESTION.search(r.text):
        raise StepError("ready: not an answer sheet")


async def _start_one(task: dict, base_url: str, t_zero: float) -> dict:
    due = t_zero + task["at"]
    await asyncio.sleep(max(0.0, due - time.monotonic()))
    began = time.monotonic()
    b = Browser(base_url)
    out: dict = {"ok": False, "error": None, "lag": began - due, "timings": b.timings}
    try:
        await start_student(b, task)
        out["ok"] = True
    except StepError as e:
        out["error"] = str(e)
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
        out["error"] = f"{type(e).__name__}: {e}"
    except Exception as e:  # noqa: BLE001 - report, never stop the others
        out["error"] = f"{type(e).__name__}: {e} | {traceback.format_exc(limit=2)}"
    # From the first request of the login to the answer sheet received (or the failure).
    out["total"] = time.monotonic() - began
    return out


async def _start(plan: dict) -> dict:
    t_zero = time.monotonic() + 0.2
    outs = await asyncio.gather(*(_start_one(t, plan["base_url"], t_zero) for t in plan["tasks"]))
    return {"students": list(outs), "wall": time.monotonic() - t_zero}


def cmd_start(args: argparse.Namespace) -> dict:
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    cpu0 = _cpu_self_and_children()
    res = asyncio.run(_start(plan))
    res["loader_cpu"] = _cpu_self_and_children() - cpu0
    return res


# --------------------------------------------------------------------------- bare view (asyncio)


async def _bare(base_url: str, n: int) -> dict:
    """`n` sequential GET /healthz/ through the raw client: the reference ("× bare")."""
    b = Browser(base_url)
    errors: list[str] = []
    for _ in range(n):
        try:
            await b.request("healthz", "GET", "/healthz/")
        except (StepError, OSError, TimeoutError) as e:
            errors.append(str(e)[:200])
    return {"latencies": b.timings.get("healthz", []), "errors": errors}


def cmd_bare(args: argparse.Namespace) -> dict:
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    cpu0 = _cpu_self_and_children()
    server0 = server_cpu(plan["server_pid"]) if plan.get("server_pid") else 0.0
    t0 = time.monotonic()
    res = asyncio.run(_bare(plan["base_url"], plan["requests"]))
    res["wall"] = time.monotonic() - t0
    res["server_cpu"] = (server_cpu(plan["server_pid"]) - server0) if plan.get("server_pid") else 0
    res["loader_cpu"] = _cpu_self_and_children() - cpu0
    return res


# --------------------------------------------------------------------------- capacity


def step_verdict(lat_ms: list[float], n_errors: int, *, p95_ms: float, p99_ms: float) -> str:
    """ "meets" when a step's autosaves kept both limits (p95 and p99 strictly under them)
    and none failed; "broken" when it is clearly past them (p95 or p99 at twice its limit
    or more, or more than 1 % failed); otherwise "misses"."""
    n = len(lat_ms) + n_errors
    if n == 0:
        return "misses"
    p95, p99 = pct(lat_ms, 95), pct(lat_ms, 99)
    if n_errors > 0.01 * n or p95 is None or p95 >= 2 * p95_ms or p99 >= 2 * p99_ms:
        return "broken"
    if n_errors or p95 >= p95_ms or p99 >= p99_ms:
        return "misses"
    return "meets"


def should_stop(verdicts: list[str]) -> bool:
    """Stop stepping once the limits are clearly broken: the last step is "broken", or
    the last two both missed (one miss may be noise from other work on the machine)."""
    if not verdicts:
        return False
    if verdicts[-1] == "broken":
        return True
    return len(verdicts) >= 2 and all(v != "meets" for v in verdicts[-2:])


def capacity_of(steps: list[dict]) -> int | None:
    """The largest number of students of a step that met both limits (None: none did)."""
    met = [s["students"] for s in steps if s.get("verdict") == "meets"]
    return max(met) if met else None


@dataclass
class _Sim:
    """A simulated student: one open attempt, answered one question at a time."""

    attempt: int
    sheet: list[Question]
    cookie: str
    token: str
    rng: random.Random
    answers: dict[int, list[str]] = field(default_factory=dict)
    asked: int = 0
    dirty: list[int] = field(default_factory=list)  # changed since the last save sent
    busy: bool = False
    pending: tuple[int, float] | None = None  # (step, due) of the oldest answer waiting


class _Capacity:
    def __init__(self, plan: dict) -> None:
        self.plan = plan
        self.base = plan["base_url"]
        u = urlsplit(self.base)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.keys, self.p_right = plan["keys"], plan.get("p_right", 0.8)
        self.rng = random.Random(plan["seed"])
        self.sims = [
            _Sim(
                attempt=s["attempt"],
                sheet=[Question.from_json(q) for q in s["sheet"]],
                cookie=f"sessionid={s['session']}; csrftoken={s['csrf']}",
                token=s["csrf"],
                rng=random.Random(plan["seed"] * 7919 + i),
            )
            for i, s in enumerate(plan["sims"])
        ]
        n = len(plan["steps"])
        self.lat: list[list[float]] = [[] for _ in range(n)]
        self.lag: list[list[float]] = [[] for _ in range(n)]
        self.errors: list[dict[str, int]] = [{} for _ in range(n)]
        self.merged = [0] * n
        self.inflight: dict[int, tuple[int, float]] = {}
        self.tasks: set[asyncio.Task] = set()

    # -- one simulated student's requests

    def answer(self, s: _Sim) -> None:
        """The student answers their next question; after the last they revise from the
        first, always to a different answer (the same one would change nothing on the
        page, and send nothing)."""
        q = s.sheet[s.asked % len(s.sheet)]
        s.asked += 1
        before = s.answers.get(q.item)
        now = _answer(q, self.keys, s.rng, self.p_right)
        if before is not None and answer_values(q, now) == answer_values(q, before):
            right = _answer(q, self.keys, s.rng, 1.0)
            now = _answer(q, self.keys, s.rng, 0.0) if now == right else right
        s.answers[q.item] = now
        if q.item not in s.dirty:
            s.dirty.append(q.item)

    def trigger(self, s: _Sim, k: int, due: float) -> None:
        """An answer at `due`: saved now, or, while this student's last save is in flight,
        right after it together with every other answer given meanwhile (attempt.js: one
        save at a time)."""
        self.answer(s)
        if s.busy:
            if s.pending is None:
                s.pending = (k, due)  # latency counts from the oldest waiting answer
            else:
                self.merged[k] += 1
            return
        t = asyncio.create_task(self.send(s, k, due))
        self.tasks.add(t)
        t.add_done_callback(self.tasks.discard)

    async def autosave(self, s: _Sim) -> str | None:
        """One autosave of the questions changed since the last, exactly as the browser
        builds it; None when saved, else why not (the questions are then sent again with
        the next save, as attempt.js does)."""
        changed, s.dirty = s.dirty, []
        path, headers, body = autosave_request(
            base_url=self.base,
            attempt=s.attempt,
            sheet=s.sheet,
            answers=s.answers,
            changed=changed,
            token=s.token,
        )
        h = {
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
            "Cookie": s.cookie,
            "X-Bench-Step": "autosave",
            **headers,
        }
        try:
            r = await fetch(self.host, self.port, "POST", path, h, body)
            if r.status == 200 and b"save-ok" in r.body:
                return None
            error = f"HTTP {r.status}: {r.text[:160]}".replace("\n", " ")
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
            error = f"{type(e).__name__}: {e}"[:200]
        s.dirty = changed + [i for i in s.dirty if i not in changed]
        return error

    async def send(self, s: _Sim, k: int, due: float) -> None:
        s.busy = True
        try:
            while True:
                key = id(asyncio.current_task())
                self.inflight[key] = (k, due)
                sent = time.monotonic()
                try:
                    error = await self.autosave(s)
                finally:
                    self.inflight.pop(key, None)
                if error:
                    self.errors[k][error] = self.errors[k].get(error, 0) + 1
                else:
                    # From the moment the schedule says the student answered.
                    self.lat[k].append(time.monotonic() - due)
                    self.lag[k].append(sent - due)
                if s.pending is None:
                    return
                (k, due), s.pending = s.pending, None
        finally:
            s.busy = False

    # -- before the steps: the sheets checked against the real pages, workers warmed

    async def check_sheets(self, n: int) -> dict:
        """GET the answer sheet of `n` attempts: the page must show the questions and
        choices in the order the plan computed (else the autosaves would not be the
        browser's)."""
        mismatches = []
        for s in self.sims[:n]:
            b = Browser(self.base)
            b.cookies = dict(x.split("=", 1) for x in s.cookie.split("; "))
            try:
                r = await b.request("open", "GET", f"/attempts/{s.attempt}/")
                seen = parse_sheet(r.text)[0]
                if [q.to_json() for q in seen] != [q.to_json() for q in s.sheet]:
                    mismatches.append(f"attempt {s.attempt}: the page's sheet differs from plan")
            except (StepError, OSError, TimeoutError) as e:
                mismatches.append(f"attempt {s.attempt}: {e}"[:300])
        return {"checked": min(n, len(self.sims)), "mismatches": mismatches}

    async def warm(self, n: int) -> list[str]:
        """`n` autosaves, 4 at a time, not measured: fresh workers compile their code."""
        errors: list[str] = []
        sims = self.sims[: max(1, min(n, len(self.sims)))]
        for i in range(0, n, 4):
            batch = [sims[(i + j) % len(sims)] for j in range(min(4, n - i))]
            for s in batch:
                self.answer(s)
            errors += [e for e in await asyncio.gather(*(self.autosave(s) for s in batch)) if e]
        return errors

    # -- the steps

    def _sample(self) -> dict:
        pid = self.plan.get("server_pid")
        return {
            "server_cpu": server_cpu(pid) if pid else 0.0,
            "loader_cpu": _cpu_self_and_children(),
            "busy": machine_busy(),
        }

    async def run(self) -> dict:
        plan = self.plan
        steps, span = plan["steps"], plan["step_seconds"]
        lo, hi = plan["pace"]
        heap: list[tuple[float, int]] = []
        active = 0
        verdicts: list[str] = []
        windows: list[tuple[float, float]] = []
        samples = [self._sample()]
        stopped = "the last step was reached"
        start = time.monotonic() + 0.1
        for k, n in enumerate(steps):
            t0, t1 = start + k * span, start + (k + 1) * span
            # New students join at the step's start: their first answer comes within one
            # of their own intervals, so the rate is steady from the start.
            for i in range(active, n):
                first = t0 + self.rng.random() * self.rng.uniform(lo, hi)
                heapq.heappush(heap, (first, i))
            active = n
            while True:
                now = time.monotonic()
                while heap and heap[0][0] <= now and heap[0][0] < t1:
                    due, i = heapq.heappop(heap)
                    self.trigger(self.sims[i], k, due)
                    heapq.heappush(heap, (due + self.rng.uniform(lo, hi), i))
                if now >= t1:
                    break
                wake = min(heap[0][0], t1) if heap else t1
                await asyncio.sleep(max(0.0, wake - time.monotonic()))
            windows.append((t0, t1))
            samples.append(self._sample())
            # What is known now: saves answered, and those still waiting (at least as
            # old as they are).
            now = time.monotonic()
            waiting = [now - due for kk, due in self.inflight.values() if kk == k]
            lat_ms = [1000 * x for x in self.lat[k] + waiting]
            verdicts.append(
                step_verdict(
                    lat_ms,
                    sum(self.errors[k].values()),
                    p95_ms=plan["p95_ms"],
                    p99_ms=plan["p99_ms"],
                )
            )
            if should_stop(verdicts):
                stopped = f"the limits were clearly broken at {n} students"
                break
        # The last saves still in flight, then what never came back counts as failed.
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=plan.get("drain_seconds", 30))
        for kk, _due in list(self.inflight.values()):
            msg = "no answer before the end of the phase"
            self.errors[kk][msg] = self.errors[kk].get(msg, 0) + 1
        for t in list(self.tasks):
            t.cancel()
        out_steps = []
        for k, (t0, t1) in enumerate(windows):
            n_err = sum(self.errors[k].values())
            lat_ms = [1000 * x for x in self.lat[k]]
            s0, s1 = samples[k], samples[k + 1]
            out_steps.append(
                {
                    "students": steps[k],
                    "window": [t0, t1],
                    "requests": len(self.lat[k]) + n_err,
                    "ok": len(self.lat[k]),
                    "failed": n_err,
                    "errors": self.errors[k],
                    "merged": self.merged[k],
                    "latencies_ms": lat_ms,
                    "lag_ms": [1000 * x for x in self.lag[k]],
                    "verdict": step_verdict(
                        lat_ms, n_err, p95_ms=plan["p95_ms"], p99_ms=plan["p99_ms"]
                    ),
                    "server_cpu_s": s1["server_cpu"] - s0["server_cpu"],
                    "loader_cpu_s": s1["loader_cpu"] - s0["loader_cpu"],
                    "busy": [s0["busy"], s1["busy"]],
                }
            )
        return {"steps": out_steps, "stopped": stopped}


async def _capacity(plan: dict) -> dict:
    cap = _Capacity(plan)
    check = await cap.check_sheets(plan.get("check_sheets", 0))
    warm_errors = await cap.warm(plan.get("warm", 0))
    await asyncio.sleep(0.5)
    res = await cap.run()
    return {**res, "check": check, "warm_errors": warm_errors[:5]}


def cmd_capacity(args: argparse.Namespace) -> dict:
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    # Thousands of sockets may be open at once when the server falls behind.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    cpu0 = _cpu_self_and_children()
    t0 = time.monotonic()
    res = asyncio.run(_capacity(plan))
    res["wall"] = time.monotonic() - t0
    res["loader_cpu"] = _cpu_self_and_children() - cpu0
    return res


# --------------------------------------------------------------------------- main


def _loopback(url: str) -> bool:
    return bool(re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?/?$", url))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("forms", "start", "capacity", "bare"):
        p = sub.add_parser(name)
        p.add_argument("--plan", required=True)
        p.add_argument("--out", required=True)
    b = sub.add_parser("baseline")
    b.add_argument("--url", required=True)
    b.add_argument("--requests", type=int, default=3000)
    b.add_argument("--concurrency", type=int, default=8)
    b.add_argument("--out", required=True)
    b.add_argument("--step", default="healthz", help="label for the server-side request log")
    args = ap.parse_args(argv)
    if args.cmd == "baseline":
        if not re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?/", args.url):
            print("refusing: the load generator only drives 127.0.0.1", file=sys.stderr)
            return 2
        result = cmd_baseline(args)
    else:
        plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
        if not _loopback(plan["base_url"]):
            print("refusing: the load generator only drives 127.0.0.1", file=sys.stderr)
            return 2
        commands = {"forms": cmd_forms, "start": cmd_start, "capacity": cmd_capacity}
        result = commands.get(args.cmd, cmd_bare)(args)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
