"""The exports: each one's rows are what its page shows, in a fixed number of queries
whatever the class's size; each refuses exactly whom its page refuses; the download is a
file named for what it holds, written in the request when small and in the background when
large; and a bad link gets a 400 with a message, never a server error."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import openpyxl
import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import Enrollment, User
from masterymap.assessments.models import Attempt, Form
from masterymap.benchmarks import actions as bench
from masterymap.benchmarks.models import Benchmark
from masterymap.benchmarks.report import benchmark_report
from masterymap.benchmarks.tests.helpers import bank_items
from masterymap.exchange import exports
from masterymap.exchange.exports import EXPORTERS, Params, write_export
from masterymap.exchange.models import Job
from masterymap.exchange.tabular import Table
from masterymap.exchange.views.exports import download_url
from masterymap.goals.actions import set_goal
from masterymap.interventions.reflections import error_patterns
from masterymap.mastery.actions import set_retake_rules
from masterymap.mastery.retake import RetakeRules
from masterymap.mastery.scale import format_level
from masterymap.test import SchoolData, build_school, make_user
from masterymap.workflows.actions import record_evidence, start_attempt, submit_attempt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Scene:
    d: SchoolData
    today: date
    benchmark: Benchmark


def _answers(form: Form, *, right: bool) -> dict[int, list[str]]:
    """Answers to the four items of an s1 form (test.make_standard_items), all right or all
    wrong."""
    items = {fi.item.kind: fi.item for fi in form.form_items.select_related("item")}
    choices = {
        (kind, c.text): str(c.pk)
        for kind in ("single", "multiple")
        for c in items[kind].choices.all()
    }
    if right:
        return {
            items["single"].pk: [choices[("single", "Right")]],
            items["numeric"].pk: ["12.5"],
            items["multiple"].pk: [choices[("multiple", "B")], choices[("multiple", "C")]],
            items["text"].pk: ["Three Quarters"],
        }
    return {
        items["single"].pk: [choices[("single", "Wrong")]],
        items["numeric"].pk: ["13"],
        items["multiple"].pk: [choices[("multiple", "A")]],
        items["text"].pk: [""],
    }


def _sit_form(d: SchoolData, student: User, *, right: bool) -> Attempt:
    attempt = start_attempt(student=student, standard=d.s1, classroom=d.c7a)
    return submit_attempt(attempt=attempt, answers=_answers(attempt.form, right=right))


def _sit_benchmark(benchmark: Benchmark, student: User, right: dict[int, int]) -> None:
    """Get `right[standard_id]` questions of each standard right."""
    given: dict[int, list[str]] = {}
    counts: dict[int, int] = {}
    for bi in benchmark.benchmark_items.select_related("item").order_by("position"):
        item = bi.item
        n = counts.get(item.standard_id, 0)
        counts[item.standard_id] = n + 1
        yes, no = item.choices.order_by("position")
        given[item.pk] = [str((yes if n < right.get(item.standard_id, 0) else no).pk)]
    sitting = bench.start_sitting(benchmark=benchmark, student=student)
    bench.submit_sitting(sitting=sitting, answers=given)


def _add_student(scene: Scene, n: int) -> User:
    """One more student of 7A with a form handed in, a check, a goal and a benchmark."""
    d = scene.d
    student = make_user(
        f"extra{n}", User.Role.STUDENT, d.school, first_name="Extra", last_name=str(n)
    )
    Enrollment.objects.create(classroom=d.c7a, student=student)
    _sit_form(d, student, right=n % 2 == 0)
    record_evidence(
        recorded_by=d.tomas,
        classroom=d.c7a,
        student=student,
        standard=d.s2,
        kind="one_on_one",
        level=2,
        assessed_on=scene.today,
    )
    set_goal(
        classroom=d.c7a,
        student=student,
        kind="standards",
        target=2,
        deadline=scene.today + timedelta(days=20),
        by=student,
    )
    _sit_benchmark(scene.benchmark, student, {d.s1.pk: 2, d.s2.pk: 1})
    return student


@pytest.fixture
def scene(db) -> Scene:
    """7A: Ana masters s1 on form A; Ben misses form A, and gets a one-on-one check on s2
    whose note would run as a formula. Ana has a goal, and so does the class. Both sit the
    benchmark on s1 and s2."""
    d = build_school()
    today = timezone.localdate()
    set_retake_rules(
        classroom=d.c7a,
        standard=None,
        rules=RetakeRules(cool_down_days=0, reflection_required=False),
        by=d.tomas,
    )
    _sit_form(d, d.ana, right=True)
    _sit_form(d, d.ben, right=False)
    record_evidence(
        recorded_by=d.tomas,
        classroom=d.c7a,
        student=d.ben,
        standard=d.s2,
        kind="one_on_one",
        level=3,
        assessed_on=today - timedelta(days=2),
        note="=SUM(A1:A9)",
    )
    set_goal(
        classroom=d.c7a,
        student=d.ana,
        kind="standards",
        target=2,
        deadline=today + timedelta(days=30),
        by=d.ana,
    )
    set_goal(
        classroom=d.c7a,
        student=None,
        kind="standards",
        target=4,
        deadline=today + timedelta(days=60),
        by=d.tomas,
    )
    bank = bank_items(d.s1, 3) + bank_items(d.s2, 3)
    benchmark = bench.create_benchmark(
        classroom=d.c7a,
        by=d.tomas,
        title="Unit 1 test",
        standard_ids=[d.s1.pk, d.s2.pk],
        item_ids=[item.pk for item in bank],
    )
    benchmark = bench.open_benchmark(benchmark=benchmark)
    _sit_benchmark(benchmark, d.ana, {d.s1.pk: 3, d.s2.pk: 1})
    _sit_benchmark(benchmark, d.ben, {d.s1.pk: 1, d.s2.pk: 3})
    return Scene(d, today, benchmark)


def _records(table: Table) -> list[dict[str, object]]:
    titles = [c.title for c in table.columns]
    records = []
    for row in table.rows:
        assert len(row) == len(titles)
        records.append(dict(zip(titles, row, strict=True)))
    return records


def _build(key: str, user: User, **params: int) -> list[dict[str, object]]:
    return _records(EXPORTERS[key].build(user, params))


def _class(scene: Scene) -> Params:
    return {"classroom": scene.d.c7a.pk}


# --- Each export is what its page shows ------------------------------------------------------


def test_the_grid_export_is_the_grid_page_cell_by_cell(client, scene: Scene) -> None:
    d = scene.d
    client.force_login(d.tomas)
    grid = client.get(reverse("mastery:grid", args=[d.c7a.pk])).context["grid"]
    rows = _build("grid", d.tomas, classroom=d.c7a.pk)
    shown = [
        (r.student.username, c.standard.code, c.level_text, c.label)
        for r in grid.rows
        for c in r.cells
    ]
    exported = [
        (
            r["Username"],
            r["Standard"],
            "" if r["Level"] is None else format_level(float(str(r["Level"]))),
            r["Status"],
        )
        for r in rows
    ]
    assert exported == shown
    assert len(rows) == 2 * 2  # Ana and Ben × s1 and s2
    by_cell = {(r["Username"], r["Standard"]): r for r in rows}
    ana = by_cell[("ana", "7.RP.A.1")]
    assert ana["Status"] == "Mastered" and ana["Level name"] and isinstance(ana["Level"], float)
    assert ana["Last evidence"] == scene.today and ana["Student"] == "Ana A"
    assert ana["Evidence records"] == 2  # not on the grid page: read for the export only
    ben = by_cell[("ben", "7.RP.A.2")]
    assert ben["Last evidence"] == scene.today  # the benchmark, after the check two days ago
    # Cara is in 7B, Dev in 8C: not in 7A's grid.
    assert {r["Username"] for r in rows} == {"ana", "ben"}


def test_the_tracker_export_is_the_tracker_page_standard_by_standard(client, scene: Scene) -> None:
    d = scene.d
    client.force_login(d.ben)
    tracker = client.get(reverse("workflows:tracker", args=[d.c7a.pk, d.ben.pk])).context["tracker"]
    rows = _build("tracker", d.ben, classroom=d.c7a.pk, student=d.ben.pk)
    shown = [
        (row.cell.standard.code, row.cell.label, row.cell.level_text)
        for unit in tracker.units
        for row in unit.rows
    ]
    exported = [
        (
            r["Standard"],
            r["Status"],
            "" if r["Level"] is None else format_level(float(str(r["Level"]))),
        )
        for r in rows
    ]
    assert exported == shown
    s1 = rows[0]
    assert (s1["Last form"], s1["Last form result"], s1["Attempts handed in"]) == (
        "A",
        "Not yet",
        1,
    )
    assert s1["Last form score"] == 0 and s1["Why"]
    # The teacher exports the same rows.
    assert _build("tracker", d.tomas, classroom=d.c7a.pk, student=d.ben.pk) == rows


def test_the_evidence_export_lists_every_record_of_the_class(scene: Scene) -> None:
    d = scene.d
    rows = _build("evidence", d.tomas, classroom=d.c7a.pk)
    # Ana: form A and two benchmark sub-scores; Ben: form A, the check, two sub-scores.
    kinds = sorted((r["Username"], r["Kind"]) for r in rows)
    assert kinds == [
        ("ana", "Assessment attempt"),
        ("ana", "Benchmark"),
        ("ana", "Benchmark"),
        ("ben", "Assessment attempt"),
        ("ben", "Benchmark"),
        ("ben", "Benchmark"),
        ("ben", "One-on-one check (battle the boss)"),
    ]
    check = next(r for r in rows if r["Kind"].startswith("One-on-one"))  # type: ignore[union-attr]
    assert check["Assessed on"] == scene.today - timedelta(days=2)
    assert (check["Level"], check["Level name"], check["Counts"]) == (3.0, "Mastered", True)
    assert check["Recorded by"] == "Tomás" and check["Note"] == "=SUM(A1:A9)"
    attempt = next(r for r in rows if r["Username"] == "ana" and r["Kind"] == "Assessment attempt")
    assert attempt["Score"] == 100 and attempt["Attempt ID"]
    # In assessed order.
    assert [r["Assessed on"] for r in rows] == sorted(r["Assessed on"] for r in rows)  # type: ignore[type-var]


def test_the_attempts_export_has_one_row_per_answer_in_words(scene: Scene) -> None:
    d = scene.d
    rows = _build("attempts", d.tomas, classroom=d.c7a.pk)
    assert len(rows) == 8  # two attempts of four questions
    ana = {r["Item kind"]: r for r in rows if r["Username"] == "ana"}
    assert ana["Single choice"]["Answer"] == "Right"
    assert ana["Multiple choice (select all that apply)"]["Answer"] == "B; C"
    assert ana["Numeric answer"]["Answer"] == "12.5"
    assert ana["Short text"]["Answer"] == "Three Quarters"
    assert all(r["Correct"] is True and r["Points"] == 1 for r in ana.values())
    assert {r["Question number"] for r in ana.values()} == {1, 2, 3, 4}
    first = next(iter(ana.values()))
    assert (first["Form"], first["Attempt score"], first["Form mastered"]) == ("A", 100, True)
    ben = [r for r in rows if r["Username"] == "ben"]
    assert all(r["Correct"] is False for r in ben)
    assert {r["Answer"] for r in ben} == {"Wrong", "13", "A", ""}


def test_an_attempt_still_in_progress_is_not_exported(scene: Scene) -> None:
    d = scene.d
    start_attempt(student=d.ben, standard=d.s1, classroom=d.c7a)  # form B, open
    rows = _build("attempts", d.tomas, classroom=d.c7a.pk)
    assert {r["Form"] for r in rows} == {"A"}


def test_the_item_analysis_export_counts_as_the_error_patterns_page(scene: Scene) -> None:
    d = scene.d
    rows = _build("item-analysis", d.tomas, classroom=d.c7a.pk)
    # Every question of forms A and B, answered or not.
    assert len(rows) == 8
    assert [r["Form"] for r in rows] == ["A"] * 4 + ["B"] * 4
    page = {p.item_id: p for p in error_patterns(d.c7a, d.s1).items}
    answered = [r for r in rows if r["Times answered"]]
    assert len(answered) == 4 == len(page)
    for row in answered:
        pattern = page[int(str(row["Item ID"]))]
        assert row["Students"] == pattern.students == 2
        assert row["Students right"] == pattern.correct == 1
        assert round(float(str(row["Percent correct"]))) == pattern.percent_correct == 50
    single = next(r for r in answered if r["Item kind"] == "Single choice")
    assert (single["Most chosen wrong choice"], single["Students who chose it"]) == ("Wrong", 1)
    assert single["Why it is tempting"] == "Misread"
    unanswered = [r for r in rows if not r["Times answered"]]
    assert all(r["Percent correct"] is None for r in unanswered)


def test_the_goals_export_is_the_goals_page(client, scene: Scene) -> None:
    d = scene.d
    client.force_login(d.tomas)
    page = client.get(reverse("goals:class-goals", args=[d.c7a.pk])).context["page"]
    rows = _build("goals", d.tomas, classroom=d.c7a.pk)
    whole = [r for r in rows if r["Student ID"] is None]
    assert [(r["Goal ID"], r["Done"], r["Pace"]) for r in whole] == [
        (v.goal.pk, v.done, v.state_label) for v in page.class_goals
    ]
    own = [r for r in rows if r["Goal ID"] is not None and r["Student ID"] is not None]
    assert [(r["Username"], r["Done"], r["Target"], r["Pace"], r["Deadline"]) for r in own] == [
        (v.goal.student.username, v.done, v.goal.target, v.state_label, v.goal.deadline)
        for v in page.student_goals
    ]
    assert own[0]["Goal"] == "Master 2 standards by " + own[0]["Deadline"].strftime("%-d %B")  # type: ignore[union-attr]
    # Ben has no goal yet: a row says so, as the page counts him.
    assert [r["Username"] for r in rows if r["Goal ID"] is None] == ["ben"]
    assert page.students_without_goal == 1


def test_the_benchmark_export_is_the_reports_results(scene: Scene) -> None:
    d = scene.d
    rows = _build("benchmark", d.tomas, benchmark=scene.benchmark.pk)
    assert [(r["Username"], r["Standard"]) for r in rows] == [
        ("ana", "7.RP.A.1"),
        ("ana", "7.RP.A.2"),
        ("ben", "7.RP.A.1"),
        ("ben", "7.RP.A.2"),
    ]
    ana_s1 = rows[0]
    assert (ana_s1["Points"], ana_s1["Max points"], ana_s1["Score"]) == (3, 3, 100.0)
    assert ana_s1["Met the line"] is True and ana_s1["Line (%)"] == 80
    assert ana_s1["Source"] == "Online" and ana_s1["Handed in"] is not None
    report = benchmark_report(scene.benchmark)
    means = {row.standard.code: row.mean_percent for row in report.standards}
    for code in ("7.RP.A.1", "7.RP.A.2"):
        scores = [float(str(r["Score"])) for r in rows if r["Standard"] == code]
        assert round(sum(scores) / len(scores), 1) == means[code]


# --- Who may export what ---------------------------------------------------------------------

CLASS_KEYS = ["grid", "evidence", "attempts", "item-analysis", "goals"]


@pytest.mark.parametrize("key", CLASS_KEYS)
def test_class_exports_refuse_whom_the_class_pages_refuse(key: str, scene: Scene) -> None:
    d = scene.d
    exporter = EXPORTERS[key]
    for outsider in (d.uma, d.zed, d.ana):
        with pytest.raises(Http404):
            exporter.estimate(outsider, _class(scene))
        with pytest.raises(Http404):
            exporter.build(outsider, _class(scene))
    # The school admin sees every class of her school.
    assert exporter.estimate(d.ada, _class(scene)) >= 0
    assert _records(exporter.build(d.ada, _class(scene))) == _records(
        exporter.build(d.tomas, _class(scene))
    )


def test_a_student_exports_only_their_own_tracker(scene: Scene) -> None:
    d = scene.d
    tracker = EXPORTERS["tracker"]
    assert tracker.estimate(d.ana, {"classroom": d.c7a.pk, "student": d.ana.pk}) == 2
    for user, classroom, student in (
        (d.ben, d.c7a, d.ana),  # another student's
        (d.cara, d.c7a, d.cara),  # their own, in a class they are not in
        (d.uma, d.c7a, d.ana),  # a teacher of another class
        (d.zed, d.c7a, d.ana),  # another school
        (d.tomas, d.c7a, d.cara),  # his own student, but not in this class
    ):
        params = {"classroom": classroom.pk, "student": student.pk}
        with pytest.raises(Http404):
            tracker.estimate(user, params)
        with pytest.raises(Http404):
            tracker.build(user, params)


def test_benchmark_results_are_for_the_classes_teachers_only(scene: Scene) -> None:
    d = scene.d
    params = {"benchmark": scene.benchmark.pk}
    for outsider in (d.uma, d.zed, d.ana):
        with pytest.raises(Http404):
            EXPORTERS["benchmark"].estimate(outsider, params)
        with pytest.raises(Http404):
            EXPORTERS["benchmark"].build(outsider, params)
    assert EXPORTERS["benchmark"].estimate(d.ada, params) == 4


def test_pages_and_downloads_refuse_outsiders_and_send_visitors_to_log_in(
    client, scene: Scene
) -> None:
    d = scene.d
    urls = [
        reverse("exchange:exports-class", args=[d.c7a.pk]),
        reverse("exchange:exports-tracker", args=[d.c7a.pk, d.ana.pk]),
        download_url("grid", "csv", _class(scene)),
        download_url("tracker", "xlsx", {"classroom": d.c7a.pk, "student": d.ana.pk}),
        download_url("benchmark", "csv", {"benchmark": scene.benchmark.pk}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    for outsider in (d.uma, d.zed, d.ben):
        client.force_login(outsider)
        for url in urls:
            assert client.get(url).status_code == 404, (outsider.username, url)
    assert not Job.objects.exists()


# --- The pages and the download --------------------------------------------------------------


def test_the_class_exports_page_offers_every_export_and_the_benchmarks(
    client, scene: Scene
) -> None:
    d = scene.d
    client.force_login(d.tomas)
    response = client.get(reverse("exchange:exports-class", args=[d.c7a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for key in CLASS_KEYS:
        for fmt in ("csv", "xlsx"):
            assert download_url(key, fmt, _class(scene)).replace("&", "&amp;") in page
    assert download_url("benchmark", "xlsx", {"benchmark": scene.benchmark.pk}) in page
    assert "Unit 1 test" in page and 'style="' not in page and "<script>" not in page


def test_a_student_finds_the_export_of_their_own_tracker(client, scene: Scene) -> None:
    d = scene.d
    client.force_login(d.ana)
    tracker = client.get(reverse("workflows:tracker", args=[d.c7a.pk, d.ana.pk])).content.decode()
    page_url = reverse("exchange:exports-tracker", args=[d.c7a.pk, d.ana.pk])
    assert page_url in tracker
    page = client.get(page_url).content.decode()
    assert "Export my tracker" in page
    url = download_url("tracker", "csv", {"classroom": d.c7a.pk, "student": d.ana.pk})
    assert url.replace("&", "&amp;") in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["Unit", "Standard ID", "Standard"] and len(rows) == 3


def test_a_small_export_downloads_at_once_as_a_named_xlsx(client, scene: Scene) -> None:
    d = scene.d
    d.c7a.name = "7th Grade Math"
    d.c7a.save()
    client.force_login(d.tomas)
    response = client.get(download_url("grid", "xlsx", _class(scene)))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    stamp = scene.today.isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="grid-7th-grade-math-{stamp}.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2" and sheet.max_row == 5
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Student ID", "Username", "Student"]
    level = header.index("Level")
    levels = {(r[1].value, r[5].value): r[level].value for r in sheet.iter_rows(min_row=2)}
    grid = client.get(reverse("mastery:grid", args=[d.c7a.pk])).context["grid"]
    for row in grid.rows:
        for cell in row.cells:
            value = levels[(row.student.username, cell.standard.code)]
            assert (format_level(value) if value is not None else "") == cell.level_text
    assert not Job.objects.exists()


def test_a_name_a_spreadsheet_would_run_is_exported_as_text(client, scene: Scene) -> None:
    d = scene.d
    d.ana.first_name, d.ana.last_name = '=HYPERLINK("http://evil","x")', ""
    d.ana.save()
    client.force_login(d.tomas)
    text = client.get(download_url("grid", "csv", _class(scene))).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    evidence = client.get(download_url("evidence", "csv", _class(scene))).content.decode()
    assert "'=SUM(A1:A9)" in evidence
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(download_url("grid", "xlsx", _class(scene))).content)
    ).active
    names = {c.value for c in sheet["C"][1:]}
    assert '\'=HYPERLINK("http://evil","x")' in names
    assert all(c.data_type == "s" for c in sheet["C"])


def test_a_large_export_runs_in_the_background_and_ends_with_the_file(
    client, scene: Scene, monkeypatch
) -> None:
    d = scene.d
    monkeypatch.setattr("masterymap.exchange.views.exports.INLINE_ROWS", 3)
    client.force_login(d.tomas)
    response = client.get(download_url("grid", "xlsx", _class(scene)))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "exchange:job", args=[job.pk]
    )
    # The test settings run tasks at once: the file is ready.
    assert (job.kind, job.status, job.owner_id) == ("grid", "ready", d.tomas.pk)
    assert job.result_name.startswith("grid-7a-") and job.result_name.endswith(".xlsx")
    download = client.get(reverse("exchange:job-download", args=[job.pk]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "does not say which class to export (“classroom” is missing)"),
        ("?classroom=", "does not say which class to export (“classroom” is missing)"),
        ("?classroom=seven", "does not name a class: “classroom” should be a number"),
        ("?classroom=-1", "does not name a class: “classroom” should be a number"),
        (
            "?classroom=99999999999999999999999",
            "does not name a class: “classroom” should be a number",
        ),
        ("?classroom=1.5", "does not name a class: “classroom” should be a number"),
    ],
)
def test_a_missing_or_broken_parameter_is_a_400_with_a_message(
    client, scene: Scene, query: str, message: str
) -> None:
    client.force_login(scene.d.tomas)
    response = client.get(reverse("exchange:export-download", args=["grid", "csv"]) + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_export_or_format_is_a_404(client, scene: Scene) -> None:
    client.force_login(scene.d.tomas)
    for key, fmt in (("marks", "csv"), ("grid", "pdf"), ("grid", "XLSX")):
        url = reverse("exchange:export-download", args=[key, fmt]) + "?classroom=1"
        assert client.get(url).status_code == 404
    # A class that does not exist looks like one that is not yours.
    assert client.get(download_url("grid", "csv", {"classroom": 10**9})).status_code == 404


def test_write_export_reports_progress_and_names_the_file(scene: Scene) -> None:
    seen: list[tuple[int, int]] = []
    out = io.BytesIO()
    filename, content_type = write_export(
        "evidence", scene.d.tomas, _class(scene), "csv", out, lambda n, t: seen.append((n, t))
    )
    assert filename == f"evidence-7a-{scene.today.isoformat()}.csv"
    assert content_type == "text/csv; charset=utf-8"
    assert seen == [(7, 7)]
    assert out.getvalue().count(b"\r\n") == 8


def test_the_pages_link_to_their_exports(client, scene: Scene) -> None:
    d = scene.d
    client.force_login(d.tomas)
    class_page = reverse("exchange:exports-class", args=[d.c7a.pk])
    assert class_page in client.get(reverse("mastery:grid", args=[d.c7a.pk])).content.decode()
    goals = client.get(reverse("goals:class-goals", args=[d.c7a.pk])).content.decode()
    assert download_url("goals", "xlsx", _class(scene)).replace("&", "&amp;") in goals
    patterns = client.get(
        reverse("interventions:patterns", args=[d.c7a.pk, d.s1.pk])
    ).content.decode()
    assert download_url("item-analysis", "xlsx", _class(scene)) in patterns
    report = client.get(reverse("benchmarks:report", args=[scene.benchmark.pk])).content.decode()
    assert download_url("benchmark", "xlsx", {"benchmark": scene.benchmark.pk}) in report
    tracker = client.get(reverse("workflows:tracker", args=[d.c7a.pk, d.ben.pk])).content.decode()
    assert reverse("exchange:exports-tracker", args=[d.c7a.pk, d.ben.pk]) in tracker


# --- Query counts ----------------------------------------------------------------------------


def _run(key: str, user: User, params: Params) -> Callable[[], None]:
    def run() -> None:
        EXPORTERS[key].estimate(user, params)
        write_export(key, user, params, "xlsx", io.BytesIO(), lambda n, t: None)

    return run


@pytest.mark.parametrize("key", [*CLASS_KEYS, "tracker", "benchmark"])
def test_the_query_count_does_not_grow_with_the_class(
    key: str, scene: Scene, django_assert_max_num_queries
) -> None:
    d = scene.d
    params = {
        "tracker": {"classroom": d.c7a.pk, "student": d.ana.pk},
        "benchmark": {"benchmark": scene.benchmark.pk},
    }.get(key, _class(scene))
    run = _run(key, d.tomas, params)
    with CaptureQueriesContext(connection) as few:
        run()
    for n in range(6):
        _add_student(scene, n)
    assert exports.Enrollment.objects.filter(classroom=d.c7a).count() == 8
    with django_assert_max_num_queries(len(few.captured_queries)):
        run()
