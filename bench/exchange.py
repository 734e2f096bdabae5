"""Data in and out, timed in process: the exports and importers of `masterymap.exchange`
called as the background job runner calls them (no request, no job row).

- `time_grid_export`: the class grid (one row per student × standard) written as XLSX and
  as CSV by `exports.write_export("grid", …)`, and the same rows built without a file; the
  XLSX is opened again with openpyxl and its rows counted, the CSV read back with `csv`;
- `time_case_import`: the Common Core maths CASE package (746 items) previewed (`plan`) and
  applied (`apply`) into a new map by the bench teacher, then previewed again into that map
  (nothing to change);
- `time_roster_import`: a OneRoster 1.1 zip of one class of `--students` students made with
  `masterymap.demo.files.oneroster_zip`, previewed and applied by a school admin of the bench
  school, then previewed again (nothing to change).

Every write happens inside `transaction.atomic()` and is rolled back (`set_rollback`), so the
later phases see the school exactly as the build left it. Each figure is the median of
`REPS` runs. Django is imported inside the functions: this module is imported before
django.setup().
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import ROOT, cpu_split, loadavg, log, machine_busy
from engine import QueryCounter

if TYPE_CHECKING:
    from build import School_  # imports the app's models: not at run time

REPS = 3
CASE_FILE = ("case", "ccss-math-casenetwork.json")


class Broken(AssertionError):
    """What was written or imported is not what it should be: reported as a problem."""


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise Broken(message)


def fixtures_dir() -> Path:
    """Where the shared fixture files are, as the exchange tests find them
    (masterymap/exchange/tests/fixtures.py): $MASTERYMAP_FIXTURES, else ../shared/fixtures
    beside the repository."""
    return Path(os.environ.get("MASTERYMAP_FIXTURES", ROOT.parent / "shared" / "fixtures"))


def _run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float, float, int]:
    """fn(*args, **kwargs)'s result, wall seconds, CPU seconds of this process, statements
    sent."""
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn(*args, **kwargs)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return result, wall, cpu, counter.n


def ticks_to(seen: list[tuple[int, int]]) -> Callable[[int, int], None]:
    """A progress callback keeping every (done, total) it is given."""

    def progress(done: int, total: int) -> None:
        seen.append((done, total))

    return progress


def _figure(runs: list[tuple[float, float, int]]) -> dict:
    """Median wall and CPU seconds of the runs, their spread, statements of the last run."""
    walls = [w for w, _, _ in runs]
    return {
        "n": len(runs),
        "seconds": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "cpu_s": round(statistics.median(c for _, c, _ in runs), 3),
        "queries": runs[-1][2],
    }


# --------------------------------------------------------------------------- out: the grid


def time_grid_export(school: School_, classroom_id: int, reps: int = REPS) -> dict:
    """The grid export of one class as XLSX and CSV, `reps` times each (median), and its rows
    built without a file (what the database and the exporter cost, before the writer)."""
    from openpyxl import load_workbook

    from masterymap.accounts.models import Classroom, Enrollment, User
    from masterymap.exchange.exports import EXPORTERS, write_export
    from masterymap.standards.models import Standard

    teacher = User.objects.get(pk=school.teacher_id)
    classroom = Classroom.objects.get(pk=classroom_id)
    students = Enrollment.objects.filter(classroom=classroom).count()
    standards = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id).count()
    params = {"classroom": classroom.pk}
    out: dict = {
        "classroom_id": classroom.pk,
        "classroom": classroom.name,
        "students": students,
        "standards": standards,
        "rows": students * standards,
    }

    # The rows, no file: the exporter's queries and row building on their own.
    def build() -> tuple[int, int]:
        table = EXPORTERS["grid"].build(teacher, params)
        return len(table.columns), sum(1 for _ in table.rows)

    runs = []
    columns = 0
    for _ in range(reps):
        (columns, n), wall, cpu, queries = _run(build)
        runs.append((wall, cpu, queries))
        _check(n == out["rows"], f"grid rows without a file: {n}, expected {out['rows']}")
    out["rows_only"] = _figure(runs)
    out["columns"] = columns
    for fmt in ("xlsx", "csv"):
        runs = []
        ticks: list[tuple[int, int]] = []
        data = b""
        filename = ""
        for _ in range(reps):
            buffer = io.BytesIO()
            ticks.clear()
            (filename, _type), wall, cpu, queries = _run(
                write_export, "grid", teacher, params, fmt, buffer, ticks_to(ticks)
            )
            runs.append((wall, cpu, queries))
            data = buffer.getvalue()
        # Read back what was written: a broken export must not pass for a fast one.
        if fmt == "xlsx":
            workbook = load_workbook(io.BytesIO(data), read_only=True)
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            written = sum(1 for _ in rows)
            workbook.close()
        else:
            reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
            header = next(reader, None)
            written = sum(1 for _ in reader)
        _check(
            written == out["rows"],
            f"grid {fmt}: {written} rows written, expected {students} students × "
            f"{standards} standards = {out['rows']}",
        )
        _check(bool(header) and len(header) == columns, f"grid {fmt}: header row {header!r}")
        _check(
            not ticks or ticks[-1][0] == out["rows"],
            f"grid {fmt}: the last progress report was {ticks[-1] if ticks else None}",
        )
        out[fmt] = {
            **_figure(runs),
            "bytes": len(data),
            "rows_read_back": written,
            "filename": filename,
            "progress_reports": len(ticks),
        }
        out[fmt]["rows_per_s"] = round(written / out[fmt]["seconds"]) if written else None
    return out


# --------------------------------------------------------------------------- in: CASE


def time_case_import(school: School_, path: Path, reps: int = REPS) -> dict:
    """The CASE package previewed and applied into a new map by the bench teacher (each
    apply rolled back), then previewed again into the map just made (nothing to change)."""
    from django.db import transaction

    from masterymap.accounts.models import User
    from masterymap.exchange.importers import Source
    from masterymap.exchange.registry import importers
    from masterymap.standards.models import MasteryMap, Standard, Unit

    importer = importers()["case"]
    teacher = User.objects.get(pk=school.teacher_id)
    package = path.read_bytes()
    options = {"target": "new", "title": "", "all_or_nothing": False}
    maps_before = MasteryMap.objects.count()

    def source(**extra: Any) -> Source:
        return Source(user=teacher, data=package, filename=path.name, options={**options, **extra})

    out: dict = {"file": path.name, "bytes": len(package)}
    plans, applies, replans = [], [], []
    for _ in range(reps):
        preview, wall, cpu, queries = _run(importer.plan, source())
        plans.append((wall, cpu, queries))
        _check(not preview.fatal, f"CASE preview refused: {preview.problems[:3]}")
        with transaction.atomic():
            plan, wall, cpu, queries = _run(importer.apply, source())
            applies.append((wall, cpu, queries))
            _check(not plan.refused(all_or_nothing=False), f"CASE refused: {plan.problems[:3]}")
            map_id = plan.facts["map_id"]
            made = Standard.all_objects.filter(mastery_map_id=map_id).count()
            units = Unit.objects.filter(mastery_map_id=map_id).count()
            counts = dict(plan.counts())
            announced = preview.counts()
            _check(
                made == counts.get("Standard", {}).get("create", -1),
                f"CASE: {made} standards in the new map, the plan said "
                f"{counts.get('Standard', {}).get('create')}",
            )
            again, wall, cpu, queries = _run(importer.plan, source(target=str(map_id)))
            replans.append((wall, cpu, queries))
            _check(not again.writes, "CASE: the same package again would change the map")
            transaction.set_rollback(True)
    _check(MasteryMap.objects.count() == maps_before, "CASE: the rolled-back map is still there")
    out.update(
        {
            "items": preview.facts.get("items") or preview.facts.get("count"),
            "title": next((c.label for c in preview.changes if c.action == "create"), ""),
            "standards_created": made,
            "units_created": units,
            "problems": len(plan.problems),
            "counts": counts,
            "preview_agrees": dict(announced) == counts,
            "plan": _figure(plans),
            "apply": _figure(applies),
            "replan": _figure(replans),
        }
    )
    return out


# --------------------------------------------------------------------------- in: OneRoster


def time_roster_import(school: School_, students: int, reps: int = REPS) -> dict:
    """A OneRoster zip of one class of `students` new students, previewed and applied by a
    school admin of the bench school (made for the run, rolled back with the rest), then
    previewed again (nothing to change)."""
    from django.db import transaction

    from masterymap.accounts.models import Classroom, School, User
    from masterymap.demo.files import oneroster_zip
    from masterymap.exchange.importers import Source
    from masterymap.exchange.registry import importers

    importer = importers()["oneroster"]
    bench_school = School.objects.get(pk=school.school_id)
    # Usernames no bench account has (the build's are teacher and student0001…).
    roster = oneroster_zip(
        school_name=bench_school.name,
        class_title="Imported maths",
        teacher=("rostered.teacher", "Rosa", "Lindqvist"),
        students=[(f"rostered{n:04d}", "Kid", f"Number {n}") for n in range(1, students + 1)],
    )
    options = {"org": "", "mastery_map": school.map_id, "all_or_nothing": True}
    users_before, classes_before = User.objects.count(), Classroom.objects.count()
    out: dict = {"students": students, "bytes": len(roster)}

    def source(admin: User) -> Source:
        return Source(user=admin, data=roster, filename="roster.zip", options=dict(options))

    plans, applies, replans = [], [], []
    for _ in range(reps):
        with transaction.atomic():
            admin = User.objects.create(
                username="bench-admin",
                first_name="Ada",
                last_name="Admin",
                role=User.Role.SCHOOL_ADMIN,
                school=bench_school,
            )
            preview, wall, cpu, queries = _run(importer.plan, source(admin))
            plans.append((wall, cpu, queries))
            _check(not preview.problems, f"roster preview: {preview.problems[:3]}")
            plan, wall, cpu, queries = _run(importer.apply, source(admin))
            applies.append((wall, cpu, queries))
            _check(not plan.refused(all_or_nothing=True), f"roster refused: {plan.problems[:3]}")
            made = User.objects.filter(
                school=bench_school, role=User.Role.STUDENT, sourced_id__startswith="usr-s-"
            ).count()
            _check(made == students, f"roster: {made} students made, expected {students}")
            counts = dict(plan.counts())
            again, wall, cpu, queries = _run(importer.plan, source(admin))
            replans.append((wall, cpu, queries))
            _check(not again.writes, "roster: the same file again would change the school")
            transaction.set_rollback(True)
    _check(
        (User.objects.count(), Classroom.objects.count()) == (users_before, classes_before),
        "roster: the rolled-back accounts or class are still there",
    )
    out.update(
        {
            "students_created": made,
            "counts": counts,
            "preview_agrees": dict(preview.counts()) == counts,
            "plan": _figure(plans),
            "apply": _figure(applies),
            "replan": _figure(replans),
        }
    )
    return out


# --------------------------------------------------------------------------- the phase


def run_exchange(args: argparse.Namespace, school: School_, report: dict) -> None:
    """Time the grid export, the CASE import and the roster import; fills report["exchange"]
    and notes every part that failed (or wrote the wrong thing) as a problem. With --quick
    the grid is a class of `--class-size`, not the whole school."""
    log("in process: data in and out (grid export, CASE import, roster import) …")
    ex: dict = {"reps": REPS}
    report["exchange"] = ex
    load_p, busy0, self0 = loadavg(), machine_busy(), time.process_time()
    classroom_id = school.small_class_ids[0] if args.quick else school.big_class_id
    fixtures = fixtures_dir()
    case_path = fixtures.joinpath(*CASE_FILE)
    parts: list[tuple[str, Callable[[], dict] | None, str]] = [
        ("export", lambda: time_grid_export(school, classroom_id), "grid export"),
        (
            "case",
            (lambda: time_case_import(school, case_path)) if case_path.exists() else None,
            "CASE import",
        ),
        ("roster", lambda: time_roster_import(school, args.students), "roster import"),
    ]
    for key, fn, label in parts:
        if fn is None:
            ex[key] = {"skipped": f"skipped: fixtures not found ({case_path})"}
            log(f"  {label}: {ex[key]['skipped']}")
            continue
        t0 = time.perf_counter()
        try:
            ex[key] = fn()
        except Exception as e:  # noqa: BLE001 - report the app's error, keep going
            ex[key] = {
                "error": f"{type(e).__name__}: {e}",
                "traceback": traceback.format_exc(limit=-4),
            }
            report["problems"].append(f"{label}: {ex[key]['error'][:500]}")
            log(f"  {label}: ERROR {ex[key]['error'][:300]}")
            continue
        ex[key]["phase_s"] = round(time.perf_counter() - t0, 1)
        r = ex[key]
        if key == "export":
            log(
                f"  grid export, {r['students']} students × {r['standards']} standards "
                f"({r['rows']} rows): XLSX {r['xlsx']['seconds']:.2f} s "
                f"({r['xlsx']['bytes'] / 1e6:.2f} MB), CSV {r['csv']['seconds']:.2f} s "
                f"({r['csv']['bytes'] / 1e6:.2f} MB), rows only {r['rows_only']['seconds']:.2f} s"
            )
        elif key == "case":
            log(
                f"  CASE {r['file']}: preview {r['plan']['seconds']:.2f} s, apply "
                f"{r['apply']['seconds']:.2f} s ({r['standards_created']} standards, "
                f"{r['units_created']} units), again {r['replan']['seconds']:.2f} s"
            )
        else:
            log(
                f"  roster of {r['students']} students: preview {r['plan']['seconds']:.2f} s, "
                f"apply {r['apply']['seconds']:.2f} s, again {r['replan']['seconds']:.2f} s"
            )
    busy1, self1 = machine_busy(), time.process_time()
    ex["cpu_split"] = {**cpu_split(busy0, busy1, self1 - self0, 0.0), "loadavg_before": load_p}
