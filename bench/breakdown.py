"""Where the CPU of the student's path and of a page goes, in process, on the bench school.

`make bench` says how much each step costs on the real stack; this says why. It runs the
app in this process (Django's test client, DEBUG off) on a copy of the school that
`make bench` built (bench/out/bench.sqlite3), so the writes of the student's path never
touch the bench's own database. The copy is the school as the bench left it: after a full
`make bench` it holds the load's sittings too (thousands left open by the capacity phase),
which makes some teacher pages heavier than the pages phase saw; `bench/run.py --only
pages` leaves the school as built.

    .venv/bin/python bench/breakdown.py student [-n 40] [--profile STEP] [--sort tottime]
    .venv/bin/python bench/breakdown.py page URL [--as teacher|student] [-n 20] [--profile] [--sql]

- student: N students of the small classes, one after another, each completing form F on
  a standard they have "not yet" as the virtual student does (bench/load.py,
  FORM_REQUESTS: the map, "I'm ready", one autosave per question, submit). It prints the
  median CPU time of each step and their sum per form; `--profile STEP` runs that step
  under cProfile instead (its time is then left out of the sum).
- page: one page, `-n` times, as the bench's teacher or a student; the URL may name
  {big} (the class of 600), {class} (a small class) and {student} (a student of it).
  It prints the median CPU time and the number of queries; `--sql` lists them,
  `--profile` profiles ten more requests. The pages `make bench` times, for example:
  /classes/{big}/ (the grid of 600), /classes/{big}/public-map/ (its projector),
  /classes/{big}/attention/, /classes/{class}/students/{student}/tracker/,
  /classes/{class}/map/ --as student.

The copy is made once (bench/out/breakdown.sqlite3, or in BENCH_OUT) and reused until
`--fresh` or until `make bench` builds a new school: each run of `student` uses up some
"not yet" cells, and says so when none are left.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from common import DB, OUT, SERVER_ENV, copy_school, setup_django

COPY = OUT / "breakdown.sqlite3"


def _copy(fresh: bool) -> None:
    if fresh or not COPY.exists() or not DB.exists() or COPY.stat().st_mtime < DB.stat().st_mtime:
        copy_school(COPY)
    SERVER_ENV["SQLITE_PATH"] = str(COPY)


def _cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def _print_profile(prof: cProfile.Profile, sort: str, limit: int) -> None:
    pstats.Stats(prof).sort_stats(sort).print_stats(limit)


def _cells(n: int) -> list[tuple[int, int, int]]:
    """(student, small class, standard) where "I'm ready" opens form F, as in the bench's
    forms phase: a cell of a small class whose last sitting was "not yet", form F never
    submitted. A sitting of F the bench opened and left open (its capacity phase) is
    removed from the copy first, and the record recomputed without it, so the student
    starts F afresh."""
    from masterymap.accounts.models import User
    from masterymap.assessments.models import Attempt
    from masterymap.mastery.actions import refresh_student_standard
    from masterymap.mastery.models import MasteryRecord
    from masterymap.standards.models import Standard

    submitted = set(
        Attempt.objects.filter(form__label="F", submitted_at__isnull=False).values_list(
            "student_id", "form__standard_id"
        )
    )
    cells: list[tuple[int, int, int]] = []
    records = (
        MasteryRecord.objects.filter(status__in=["not_yet", "in_progress"])
        .exclude(classroom__name="Whole school")
        .order_by("student_id", "standard_id")
        .values_list("student_id", "classroom_id", "standard_id")
    )
    for student, classroom, standard in records.iterator():
        if (student, standard) not in submitted:
            cells.append((student, classroom, standard))
            submitted.add((student, standard))
            if len(cells) == n:
                break
    for student, _classroom, standard in cells:
        if Attempt.objects.filter(
            student_id=student, form__standard_id=standard, form__label="F"
        ).delete()[0]:
            refresh_student_standard(
                student=User.objects.get(pk=student),
                standard=Standard.objects.get(pk=standard),
                why="bench/breakdown.py: the bench's open sitting removed",
            )
    return cells


BASE = "http://testserver"


def _as_client(headers: dict[str, str]) -> dict[str, Any]:
    """A browser's request headers as the test client takes them."""
    rest = {k: v for k, v in headers.items() if k != "Content-Type"}
    return {"content_type": headers["Content-Type"], "headers": rest}


def cmd_student(args: argparse.Namespace) -> None:
    from django.test import Client
    from load import (
        CANONICAL,
        autosave_request,
        form_path,
        page_token,
        parse_sheet,
        submit_request,
    )

    from masterymap.accounts.models import User

    cells = _cells(args.n)
    if not cells:
        sys.exit("no 'not yet' cell left where form F was never submitted: use --fresh")
    steps: dict[str, list[float]] = {}
    prof = cProfile.Profile()
    # CSRF checked as for a browser (the test client skips it unless told).
    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    client.get("/healthz/")

    def timed(step: str, path: str, *args_: Any, **kw: Any) -> Any:
        """POST (GET for the map) `path` as the student, timed or profiled as `step`."""
        send = client.get if step == "map" else client.post
        if step == args.profile:
            prof.enable()
            try:
                return send(path, *args_, **kw)
            finally:
                prof.disable()
        cpu, out = _cpu(lambda: send(path, *args_, **kw))
        steps.setdefault(step, []).append(cpu)
        return out

    for student, classroom, standard in cells:
        client.logout()
        client.force_login(User.objects.get(pk=student))
        r = timed("map", form_path("map", classroom=classroom))
        token = page_token(r.content.decode()) or ""
        r = timed(
            "start",
            form_path("start", classroom=classroom, standard=standard),
            {"csrfmiddlewaretoken": token},
            headers={"X-CSRFToken": token},
        )
        found = CANONICAL.search(r.content.decode())
        if r.status_code != 200 or not found:
            sys.exit(f'student {student}: "I\'m ready" on standard {standard} gave no sheet')
        attempt = int(found.group(1))
        sheet, sheet_token = parse_sheet(r.content.decode())
        token = sheet_token or token
        answers: dict[int, list[str]] = {}
        # What the browser sends, built where the virtual student builds it (bench/load.py).
        for q in sheet:
            answers[q.item] = [q.values[0]] if q.values else ["12"]
            path, headers, body = autosave_request(
                base_url=BASE,
                attempt=attempt,
                sheet=sheet,
                answers=answers,
                changed=[q.item],
                token=token,
            )
            r = timed("autosave", path, body, **_as_client(headers))
            if r.status_code != 200:
                sys.exit(f"autosave of attempt {attempt}: HTTP {r.status_code}")
        path, headers, body = submit_request(
            base_url=BASE, attempt=attempt, sheet=sheet, answers=answers, token=token
        )
        r = timed("submit", path, body, **_as_client(headers))
        if r.status_code != 200 or "result-banner" not in r.content.decode():
            sys.exit(f"submit of attempt {attempt}: HTTP {r.status_code}, no result")
    print(f"{len(cells)} students, each completing form F (CPU of this process, median)")
    total = 0.0
    for step, values in steps.items():
        ms = 1000 * statistics.median(values)
        per_form = ms * (len(values) / len(cells))
        total += per_form
        print(f"  {step:9s} n={len(values):4d}  {ms:6.2f} ms   per form {per_form:6.1f} ms")
    print(f"  sum per form {total:.1f} ms" + (f" (without {args.profile})" if args.profile else ""))
    if args.profile:
        _print_profile(prof, args.sort, args.limit)


def cmd_page(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from masterymap.accounts.models import Classroom, User

    big = Classroom.objects.get(name="Whole school")
    small = Classroom.objects.exclude(pk=big.pk).order_by("name").first()
    student = small.enrollments.order_by("student_id").values_list("student_id", flat=True)[0]
    url = args.url.format(big=big.pk, **{"class": small.pk, "student": student})
    user = (
        User.objects.get(username="teacher")
        if args.who == "teacher"
        else User.objects.get(pk=student)
    )
    client = Client(raise_request_exception=True)
    client.force_login(user)
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    print(f"{url} as {user.username}: HTTP {first.status_code}, {len(first.content)} bytes")
    if first.status_code != 200:
        sys.exit("not a page: see the URL above")
    cpu = [_cpu(lambda: client.get(url, HTTP_ACCEPT_ENCODING="gzip"))[0] for _ in range(args.n)]
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    print(
        f"  CPU median {1000 * statistics.median(cpu):.2f} ms over {args.n}; "
        f"{len(queries.captured_queries)} queries"
    )
    if args.sql:
        for q in queries.captured_queries:
            print(f"    {q['time']}  {q['sql'][:240]}")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(10):
            client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        prof.disable()
        _print_profile(prof, args.sort, args.limit)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--fresh", action="store_true", help="copy the bench database again")
    common.add_argument("--sort", default="cumtime", help="cProfile order (cumtime, tottime)")
    common.add_argument("--limit", type=int, default=40, help="rows of the profile")
    s = sub.add_parser("student", parents=[common], help="the student's path, step by step")
    s.add_argument("-n", type=int, default=40, help="students, one after another")
    s.add_argument("--profile", choices=["map", "start", "autosave", "submit"])
    p = sub.add_parser("page", parents=[common], help="one page")
    p.add_argument("url")
    p.add_argument("--as", dest="who", choices=["teacher", "student"], default="teacher")
    p.add_argument("-n", type=int, default=20)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--sql", action="store_true")
    args = parser.parse_args(argv)
    _copy(args.fresh)
    setup_django()
    {"student": cmd_student, "page": cmd_page}[args.command](args)


if __name__ == "__main__":
    main()
