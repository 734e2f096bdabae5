"""Load generator: virtual students taking a form over HTTP, and a bare-view baseline.

Runs as its own process (no Django imported), driving a server on 127.0.0.1 with httpx.
Each virtual student is one worker process at a time (multiprocessing), so `concurrency`
students are mid-form at once and latencies are not skewed by a shared event loop or GIL.

    python bench/load.py forms    --plan PLAN.json --out RESULT.json
    python bench/load.py baseline --url http://127.0.0.1:PORT/healthz/ --requests 3000 \
                                  --concurrency 8 --out RESULT.json

A virtual student (one task of the "forms" plan) does what a student's browser does:

  map       GET  /classes/<c>/map/                       their map, where "I'm ready" is
  start     POST /classes/<c>/standards/<s>/ready/       "I'm ready" (302 to the attempt)
  open      GET  /attempts/<a>/                          the answer sheet
  autosave  POST /attempts/<a>/autosave/   × items       one per answered question, each
                                                         carrying that question only
                                                         (static/js/attempt.js; measured
                                                         by tests/browser/
                                                         test_autosave_pattern.py)
  submit    POST /attempts/<a>/submit/                   (302 to the result)
  result    GET  /attempts/<a>/                          the scored result

It logs in with a session cookie made beforehand (password hashing is not what we
measure) and a CSRF cookie of its own; the CSRF token sent back is the one found on the
page (hx-headers or csrfmiddlewaretoken) when there is one.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import secrets
import string
import sys
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path

import httpx

STEPS = ["map", "start", "open", "autosave", "submit", "result"]
TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class _SheetParser(HTMLParser):
    """Inputs and CSRF token of the answer sheet page."""

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


def parse_sheet(html: str) -> tuple[list[int], dict[int, dict], str | None]:
    """Item ids in page order, per item {"type": radio|checkbox|text, "values": [...]}, token."""
    p = _SheetParser()
    p.feed(html)
    order: list[int] = []
    items: dict[int, dict] = {}
    for a in p.inputs:
        name = a.get("name", "")
        m = re.fullmatch(r"shown-(\d+)", name)
        if m:
            iid = int(m.group(1))
            if iid not in items:
                order.append(iid)
                items[iid] = {"type": "text", "values": []}
            continue
        m = re.fullmatch(r"item-(\d+)", name)
        if m:
            iid = int(m.group(1))
            if iid not in items:
                order.append(iid)
                items[iid] = {"type": "text", "values": []}
            t = a.get("type", "text").lower()
            if t in ("radio", "checkbox"):
                items[iid]["type"] = t
                items[iid]["values"].append(a.get("value", ""))
    return order, items, p.csrf


def _answer(iid: int, info: dict, keys: dict, rng: random.Random, p_right: float) -> list[str]:
    key = keys.get(str(iid))
    good = rng.random() < p_right
    if key is not None:
        ans = key["right"] if good else key["wrong"]
        if info["type"] in ("radio", "checkbox"):
            # Only ever post choice ids the page showed.
            ans = [v for v in ans if v in info["values"]] or info["values"][:1]
        return list(ans)
    if info["type"] == "radio":
        return [rng.choice(info["values"])]
    if info["type"] == "checkbox":
        return rng.sample(info["values"], k=min(2, len(info["values"])))
    return ["12"]


def autosave_post(token: str, iid: int, answer: list[str]) -> dict[str, str | list[str]]:
    """One autosave as attempt.js sends it: the question that changed, and nothing else."""
    data: dict[str, str | list[str]] = {"csrfmiddlewaretoken": token, f"shown-{iid}": "1"}
    if answer:
        data[f"item-{iid}"] = answer
    return data


def _new_csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


class StepError(Exception):
    pass


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
            headers={"User-Agent": "masterymap-bench"},
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
                r = timed("map", "GET", f"/classes/{task['classroom']}/map/")
                _, _, page_token = parse_sheet(r.text)
                token = page_token or token
            r = timed(
                "start",
                "POST",
                f"/classes/{task['classroom']}/standards/{task['standard']}/ready/",
                expect=(302, 303),
                data={"csrfmiddlewaretoken": token},
                headers={"X-CSRFToken": token},
            )
            location = r.headers.get("location", "")
            m = re.search(r"/attempts/(\d+)/", location)
            if not m:
                raise StepError(
                    f"start: redirected to {location!r}, not to an attempt "
                    "(did the student get form F? see messages)"
                )
            attempt = int(m.group(1))
            r = timed("open", "GET", f"/attempts/{attempt}/")
            order, items, page_token = parse_sheet(r.text)
            token = page_token or token
            if not order:
                raise StepError(f"open: no shown-<id>/item-<id> inputs on /attempts/{attempt}/")
            answers: dict[int, list[str]] = {}
            hx = {
                "HX-Request": "true",
                "HX-Current-URL": f"{base}/attempts/{attempt}/",
                "X-CSRFToken": token,
            }

            def sheet_post() -> dict[str, str | list[str]]:
                data: dict[str, str | list[str]] = {"csrfmiddlewaretoken": token}
                for iid in order:
                    data[f"shown-{iid}"] = "1"
                    if answers.get(iid):
                        data[f"item-{iid}"] = answers[iid]
                return data

            for iid in order:
                answers[iid] = _answer(iid, items[iid], cfg["keys"], rng, cfg["p_right"])
                if cfg["think"]:
                    time.sleep(cfg["think"])
                timed(
                    "autosave",
                    "POST",
                    f"/attempts/{attempt}/autosave/",
                    data=autosave_post(token, iid, answers[iid]),
                    headers=hx,
                )
            r = timed(
                "submit",
                "POST",
                f"/attempts/{attempt}/submit/",
                expect=(302, 303),
                data=sheet_post(),
                headers={"X-CSRFToken": token},
            )
            if f"/attempts/{attempt}/" not in r.headers.get("location", ""):
                raise StepError(f"submit: redirected to {r.headers.get('location')!r}")
            r = timed("result", "GET", f"/attempts/{attempt}/")
            out["items"] = len(order)
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
    with httpx.Client(timeout=TIMEOUT, headers={"User-Agent": "masterymap-bench"}) as client:
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("forms")
    f.add_argument("--plan", required=True)
    f.add_argument("--out", required=True)
    b = sub.add_parser("baseline")
    b.add_argument("--url", required=True)
    b.add_argument("--requests", type=int, default=3000)
    b.add_argument("--concurrency", type=int, default=8)
    b.add_argument("--out", required=True)
    b.add_argument("--step", default="healthz", help="label for the server-side request log")
    args = ap.parse_args(argv)
    for url in (getattr(args, "url", None),):
        if url and not re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?/", url):
            print("refusing: the load generator only drives 127.0.0.1", file=sys.stderr)
            return 2
    if args.cmd == "forms":
        plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
        if not re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?$", plan["base_url"]):
            print("refusing: the load generator only drives 127.0.0.1", file=sys.stderr)
            return 2
        result = cmd_forms(args)
    else:
        result = cmd_baseline(args)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
