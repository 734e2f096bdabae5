"""The heavy pages, timed in process with Django's test client (no server, no network).

Each page goes through URL routing, middleware, the view and the template with DEBUG off.
The bare view (GET /healthz/, no database, no template) is timed the same way, last: each
page's p50 divided by its p50 is the page's "x_bare_view", which depends less on the
machine's speed than milliseconds do. Django is imported inside the functions: this module
is imported before django.setup().
"""

from __future__ import annotations

import argparse
import gzip
import time
import traceback
from typing import TYPE_CHECKING

from common import cpu_split, loadavg, log, machine_busy, pct, summary_ms

if TYPE_CHECKING:
    from build import School_  # imports the app's models: not at run time
    from django.test import Client

# Every page is asked for as a browser asks: gzip accepted (its time includes compressing).
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}

# The key of the bare view in report["pages"]: the in-process reference ("× bare view").
BARE_VIEW = "bare_view"


def _replay(connection, sql: str) -> float:
    """Seconds the database takes to run a captured statement and fetch all its rows, on
    the driver's own connection (sqlite3 or psycopg; no ORM)."""
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


def measure_page(
    client: Client, url: str, n: int, *, replay: bool = True
) -> tuple[dict, list[float]]:
    """One page, asked for gzipped: a cold request (its time, status and sizes), then one
    with its queries captured (and, with `replay`, replayed on the driver: "sql_ms"), then
    `n` timed requests (wall and CPU of this process). Returns the figures and the `n` wall
    times in seconds; an error (status or exception) is reported in "error", not raised."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    r: dict = {"url": url}
    times: list[float] = []
    try:
        t0 = time.perf_counter()
        resp = client.get(url, **GZIP)
        r["cold_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        r["status"] = resp.status_code
        # What travels (gzipped, as every browser asks) and the page itself.
        r["bytes_sent"] = len(resp.content)
        gzipped = resp.get("Content-Encoding") == "gzip"
        r["bytes"] = len(gzip.decompress(resp.content)) if gzipped else len(resp.content)
        if resp.status_code not in (200, 204):
            r["error"] = f"HTTP {resp.status_code}: {resp.content[:300]!r}"
            return r, times
        with CaptureQueriesContext(connection) as q:
            client.get(url, **GZIP)
        r["queries"] = len(q.captured_queries)
        if replay:
            timed_sql = [(_replay(connection, x["sql"]), x["sql"]) for x in q.captured_queries]
            r["sql_ms"] = round(1000 * sum(d for d, _ in timed_sql), 1)
            r["slowest_sql"] = [
                {"ms": round(d * 1000, 2), "sql": sql[:300]}
                for d, sql in sorted(timed_sql, key=lambda x: x[0], reverse=True)[:3]
            ]
        reset_queries()
        cpu = []
        for _ in range(n):
            t0, c0 = time.perf_counter(), time.process_time()
            client.get(url, **GZIP)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        r["timing"] = summary_ms(times)
        # CPU time of this process: what the page costs, even on a busy machine.
        r["cpu"] = summary_ms(cpu)
    except Exception as e:  # noqa: BLE001 - report the app's error, keep going
        r["error"] = f"{type(e).__name__}: {e}"
        r["traceback"] = traceback.format_exc(limit=-4)
    return r, times


def time_pages(school: School_, reps: int, reps_big: int) -> dict:
    """In-process: the test client through URL routing, middleware, views and templates."""
    from django.test import Client
    from django.urls import reverse

    from masterymap.accounts.models import User

    teacher = User.objects.get(pk=school.teacher_id)
    student = User.objects.get(pk=school.student_ids[0])
    small = school.class_of_student[student.pk]
    tc = Client(raise_request_exception=True)
    tc.force_login(teacher)
    sc = Client(raise_request_exception=True)
    sc.force_login(student)

    tracker = reverse("workflows:tracker", kwargs={"classroom_id": small, "student_id": student.pk})
    from masterymap.accounts.models import Classroom
    from masterymap.goals.board import fingerprint

    public_map = reverse("goals:public-map", kwargs={"classroom_id": small})
    public_board = reverse("goals:public-map-board", kwargs={"classroom_id": small})
    public_poll = public_board + "?v=" + fingerprint(Classroom.objects.get(pk=small))
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
        # What the grid loads right after itself (htmx): the retakes waiting for the
        # teacher. Not part of target 4's figure; shown because the teacher waits for it.
        (
            f"grid's waiting list ({school.counts['class_size']} students)",
            "waiting_class",
            tc,
            reverse("interventions:grid-waiting", kwargs={"classroom_id": small}),
            reps,
        ),
        (
            f"grid's waiting list ({school.counts['big_class_size']} students)",
            "waiting_big",
            tc,
            reverse("interventions:grid-waiting", kwargs={"classroom_id": school.big_class_id}),
            reps_big,
        ),
        ("student tracker (as the student)", "tracker", sc, tracker, reps),
        ("student tracker (as the teacher)", "tracker_teacher", tc, tracker, reps),
        (
            "student map (their home)",
            "student_map",
            sc,
            reverse("workflows:student-map", kwargs={"classroom_id": small}),
            reps,
        ),
        # Issue 10: the projector's page, its update when something public changed (the
        # cost of one redraw for every viewer) and its poll when nothing did (what an open
        # projector costs every few seconds); the big class's projector and alerts panel.
        ("public class map (30 students)", "public_map", tc, public_map, reps),
        ("public map update, changed", "public_map_update", tc, public_board + "?v=old", reps),
        ("public map poll, unchanged (204)", "public_map_poll", tc, public_poll, reps),
        (
            f"public class map ({school.counts['big_class_size']} students)",
            "public_map_big",
            tc,
            reverse("goals:public-map", kwargs={"classroom_id": school.big_class_id}),
            reps_big,
        ),
        (
            f"needs attention ({school.counts['big_class_size']} students)",
            "attention_big",
            tc,
            reverse("goals:attention", kwargs={"classroom_id": school.big_class_id}),
            reps_big,
        ),
        # Last, so the pages are timed exactly as before (the first page's cold request is
        # still the process's first); anonymous, like the real stack's baseline.
        (
            "bare view GET /healthz/",
            BARE_VIEW,
            Client(raise_request_exception=True),
            "/healthz/",
            reps,
        ),
    ]
    # Timed as a server worker serves them: it froze what it had loaded at start and
    # collects the young less often (masterymap/lib/gc_pause.py, called by wsgi.py).
    # Without this, what the build left in this process made the collector's passes cost
    # one big page or another some 40-50 ms more, differing from run to run.
    from masterymap.lib.gc_pause import settle_after_start

    settle_after_start(lambda: None)
    results = {}
    p50_s: dict[str, float] = {}  # unrounded, for the ratios: the bare view is well under 1 ms
    for label, key, client, url, n in pages:
        r, times = measure_page(client, url, n)
        r = {"label": label, **r}
        if times:
            p50_s[key] = pct(times, 50)
        results[key] = r
        t = r.get("timing", {})
        log(
            f"  {label:<36} {'ERROR ' + r['error'][:200] if 'error' in r else ''}"
            + (
                f"p50 {t['p50']:8.1f} ms  p95 {t['p95']:8.1f} ms  {r['queries']:3d} queries  "
                f"{r['bytes'] / 1024:8.0f} KiB ({r['bytes_sent'] / 1024:.0f} sent)"
                if t
                else ""
            )
        )
    r, times = _time_locked_waiting_list(school, tc, reps_big)
    if times:
        p50_s["waiting_big_locked"] = pct(times, 50)
    # Shown under the empty list it is the long version of (timed last: nothing before
    # it moves).
    ordered: dict = {}
    for key, page in results.items():
        ordered[key] = page
        if key == "waiting_big":
            ordered["waiting_big_locked"] = r
    results = ordered
    bare = p50_s.get(BARE_VIEW)
    if bare:
        results[BARE_VIEW]["p50_exact_ms"] = round(1000 * bare, 3)
        for key, p50 in p50_s.items():
            results[key]["x_bare_view"] = round(p50 / bare, 2)
    return results


# How many locked retakes the big class's waiting list is timed with, at most.
LOCKED_RETAKES = 1000


def _time_locked_waiting_list(school: School_, client: Client, n: int) -> tuple[dict, list[float]]:
    """The big class's waiting list with about LOCKED_RETAKES locked retakes. In the school
    as built every *not yet* student wrote the reflection on their last sitting, so the
    list is empty ("grid's waiting list" above times finding that out). Here the
    reflections of the first students of the class, in id order, are unwritten again
    until about LOCKED_RETAKES of their cells are locked; the list is timed, then all of
    it is rolled back: the later phases see the school as built."""
    from django.urls import reverse

    class_id = school.big_class_id
    url = reverse("interventions:grid-waiting", kwargs={"classroom_id": class_id})
    big = school.counts["big_class_size"]
    try:
        locked, r, times = _locked_and_timed(class_id, client, url, n)
    except Exception as e:  # noqa: BLE001 - report it as a page's error, as measure_page does
        label = f"waiting list ({big}), locked"
        return {"label": label, "url": url, "error": f"{type(e).__name__}: {e}"}, []
    return {"label": f"waiting list ({big}), {locked:,} locked", **r}, times


def _locked_and_timed(
    class_id: int, client: Client, url: str, n: int
) -> tuple[int, dict, list[float]]:
    """Lock the retakes (see above), count them, time the list, roll it all back."""
    from django.db import transaction

    from masterymap.accounts.models import Classroom
    from masterymap.interventions.inbox import grid_waiting
    from masterymap.interventions.models import ErrorAnalysis
    from masterymap.mastery.models import MasteryRecord

    with transaction.atomic():
        not_yet: dict[int, int] = {}
        for student_id in MasteryRecord.objects.filter(
            classroom_id=class_id, status=MasteryRecord.State.NOT_YET
        ).values_list("student_id", flat=True):
            not_yet[student_id] = not_yet.get(student_id, 0) + 1
        chosen, cells = [], 0
        for student_id in sorted(not_yet):
            if cells >= LOCKED_RETAKES:
                break
            chosen.append(student_id)
            cells += not_yet[student_id]
        ErrorAnalysis.objects.filter(
            attempt__student_id__in=chosen, finished_at__isnull=False
        ).update(finished_at=None)
        waiting = grid_waiting(Classroom.objects.get(pk=class_id))
        locked = len(waiting.awaiting) + len(waiting.other_locked)
        r, times = measure_page(client, url, n)
        transaction.set_rollback(True)
    return locked, r, times


def run_pages(args: argparse.Namespace, school: School_, report: dict) -> None:
    """Time the pages; fills report["pages"] and report["pages_cpu_split"] (how busy the
    machine was meanwhile) and notes every page that failed as a problem."""
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
