"""The benchmark's pure helpers (bench/): what the virtual browser posts, how the capacity
phase judges a step and picks the capacity, how the synchronized start shares out cells.
No database, no server; well under a second."""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import TestCase
from urllib.parse import parse_qsl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from capacity import interleave  # noqa: E402
from load import (  # noqa: E402
    Question,
    autosave_request,
    capacity_of,
    form_body,
    form_requests,
    page_token,
    parse_head,
    parse_sheet,
    sheet_fields,
    should_stop,
    step_verdict,
)
from sync_start import allot_cells  # noqa: E402

SHEET = [
    Question(11, "radio", ["101", "102", "103"]),
    Question(12, "checkbox", ["201", "202", "203"]),
    Question(13, "text"),
]

PAGE = """<body hx-headers='{"X-CSRFToken": "tok123"}'><form id="attempt-form">
<input type="hidden" name="csrfmiddlewaretoken" value="tok123">
<div hx-post="/attempts/5/autosave/">
<fieldset><input type="hidden" name="shown-11" value="1">
<label><input type="radio" name="item-11" value="101"></label>
<label><input type="radio" name="item-11" value="102"></label>
<label><input type="radio" name="item-11" value="103"></label></fieldset>
<fieldset><input type="hidden" name="shown-12" value="1">
<label><input type="checkbox" name="item-12" value="201"></label>
<label><input type="checkbox" name="item-12" value="202"></label>
<label><input type="checkbox" name="item-12" value="203"></label></fieldset>
<fieldset><input type="hidden" name="shown-13" value="1">
<label><input type="text" name="item-13" value=""></label></fieldset>
</div></form></body>"""


class TheBrowsersAutosaveTest(TestCase):
    def test_it_reads_the_questions_and_token_of_an_answer_sheet(self):
        sheet, token = parse_sheet(PAGE)
        self.assertEqual(sheet, SHEET)
        self.assertEqual(token, "tok123")

    def test_it_finds_the_csrf_token_of_any_page(self):
        self.assertEqual(page_token(PAGE), "tok123")
        form = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="f1">'
        self.assertEqual(page_token(form), "f1")
        self.assertIsNone(page_token("<p>no form</p>"))

    def test_a_submit_posts_every_question_in_page_order_with_empty_text_boxes(self):
        fields = sheet_fields(SHEET, {11: ["102"]}, "tok")
        self.assertEqual(
            fields,
            [
                ("csrfmiddlewaretoken", "tok"),
                ("shown-11", "1"),
                ("item-11", "102"),
                ("shown-12", "1"),
                ("shown-13", "1"),
                ("item-13", ""),
            ],
        )

    def test_checked_choices_go_in_the_pages_order_not_the_order_picked(self):
        fields = sheet_fields(SHEET, {12: ["203", "201"]}, "tok")
        self.assertEqual([v for k, v in fields if k == "item-12"], ["201", "203"])

    def test_it_encodes_the_body_as_browsers_do(self):
        self.assertEqual(
            form_body([("item-13", "a b/c~"), ("x", "é*")]), b"item-13=a+b%2Fc%7E&x=%C3%A9*"
        )

    def test_an_autosave_carries_only_the_changed_questions_as_attempt_js_sends_them(self):
        path, headers, body = autosave_request(
            base_url="http://127.0.0.1:8000",
            attempt=5,
            sheet=SHEET,
            answers={11: ["101"], 12: ["203", "201"], 13: ["12"]},
            changed=[12, 13],
            token="tok",
        )
        self.assertEqual(path, "/attempts/5/autosave/")
        self.assertEqual(
            parse_qsl(body.decode(), keep_blank_values=True),
            [
                ("csrfmiddlewaretoken", "tok"),
                ("shown-12", "1"),
                ("item-12", "201"),
                ("item-12", "203"),
                ("shown-13", "1"),
                ("item-13", "12"),
            ],
        )
        self.assertEqual(headers["HX-Request"], "true")
        self.assertEqual(headers["X-CSRFToken"], "tok")

    def test_an_autosave_of_a_cleared_box_says_shown_and_nothing_else(self):
        _, _, body = autosave_request(
            base_url="http://127.0.0.1:8000",
            attempt=5,
            sheet=SHEET,
            answers={13: [""]},
            changed=[13],
            token="tok",
        )
        self.assertEqual(body, b"csrfmiddlewaretoken=tok&shown-13=1")


class TheFormsRequestsTest(TestCase):
    def test_a_ten_question_form_is_thirteen_requests_in_the_browsers_order(self):
        sent = form_requests(classroom=3, standard=7, attempt=42, answered=10)
        self.assertEqual(len(sent), 13)
        self.assertEqual(sent[0], ("GET", "/classes/3/map/"))
        self.assertEqual(sent[1], ("POST", "/classes/3/standards/7/ready/"))
        self.assertEqual(sent[2:12], [("POST", "/attempts/42/autosave/")] * 10)
        self.assertEqual(sent[12], ("POST", "/attempts/42/submit/"))

    def test_the_autosave_the_virtual_student_builds_goes_where_the_list_says(self):
        path, _, _ = autosave_request(
            base_url="http://x", attempt=42, sheet=SHEET, answers={}, changed=[11], token="t"
        )
        self.assertEqual(path, form_requests(classroom=3, standard=7, attempt=42, answered=1)[2][1])


class ResponseHeadTest(TestCase):
    def test_it_reads_status_headers_and_cookies_set_or_deleted(self):
        raw = (
            b"HTTP/1.1 302 Found\r\nLocation: /\r\nContent-Length: 0\r\n"
            b"Set-Cookie: sessionid=abc; HttpOnly; Path=/\r\n"
            b'Set-Cookie: old=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/\r\n\r\n'
        )
        status, headers, cookies = parse_head(raw)
        self.assertEqual(status, 302)
        self.assertEqual(headers["location"], "/")
        self.assertEqual(cookies, {"sessionid": "abc", "old": None})


class CapacityVerdictTest(TestCase):
    def test_a_step_under_both_limits_with_no_failure_meets_them(self):
        self.assertEqual(step_verdict([10.0] * 100, 0, p95_ms=100, p99_ms=250), "meets")

    def test_a_step_with_one_failed_autosave_misses(self):
        self.assertEqual(step_verdict([10.0] * 200, 1, p95_ms=100, p99_ms=250), "misses")

    def test_a_p99_at_the_limit_misses_and_at_twice_the_limit_is_broken(self):
        tail = [10.0] * 97 + [250.0] * 3
        self.assertEqual(step_verdict(tail, 0, p95_ms=100, p99_ms=250), "misses")
        tail = [10.0] * 97 + [600.0] * 3
        self.assertEqual(step_verdict(tail, 0, p95_ms=100, p99_ms=250), "broken")

    def test_more_than_one_percent_failed_is_broken(self):
        self.assertEqual(step_verdict([10.0] * 97, 3, p95_ms=100, p99_ms=250), "broken")

    def test_an_empty_step_does_not_meet_the_limits(self):
        self.assertEqual(step_verdict([], 0, p95_ms=100, p99_ms=250), "misses")

    def test_the_ramp_stops_when_broken_or_after_two_misses_in_a_row(self):
        self.assertFalse(should_stop(["meets", "misses"]))
        self.assertTrue(should_stop(["meets", "broken"]))
        self.assertTrue(should_stop(["misses", "misses"]))
        self.assertFalse(should_stop(["misses", "meets"]))

    def test_the_capacity_is_the_largest_step_meeting_the_limits(self):
        steps = [
            {"students": 500, "verdict": "meets"},
            {"students": 1000, "verdict": "misses"},
            {"students": 2000, "verdict": "meets"},
            {"students": 3000, "verdict": "broken"},
        ]
        self.assertEqual(capacity_of(steps), 2000)
        self.assertIsNone(capacity_of([{"students": 500, "verdict": "broken"}]))


class CellsTest(TestCase):
    def test_interleave_takes_every_students_first_cell_before_any_second(self):
        cells = interleave({2: [20, 21], 1: [10, 11, 12], 3: [30]}, 5)
        self.assertEqual(cells, [(1, 10), (2, 20), (3, 30), (1, 11), (2, 21)])
        self.assertEqual(len(interleave({1: [10]}, 5)), 1)

    def test_allot_never_uses_a_cell_twice_nor_a_student_twice_in_a_run(self):
        free = {s: [100 + s, 200 + s] for s in range(1, 7)}
        free[7] = [107]
        small, big = allot_cells(free, [3, 7])
        self.assertEqual(len(big), 7)
        self.assertEqual(len({s for s, _ in small}), 3)
        self.assertFalse(set(small) & set(big))
        # The small run goes to students who still had a cell after the big one.
        self.assertNotIn(7, {s for s, _ in small})

    def test_a_run_that_cannot_be_filled_is_shorter(self):
        (run,) = allot_cells({1: [10], 2: [20]}, [5])
        self.assertEqual(run, [(1, 10), (2, 20)])


class TargetsTableTests(TestCase):
    """The report's issue-14 table judges each figure against its target."""

    def test_each_figure_is_judged_against_its_target(self) -> None:
        from report import _targets_lines

        report = {
            "baseline": {"server_cpu_per_request_ms": 1.0},
            "forms": {"server_cpu_per_form_ms": 150.0},
            "pages": {
                "grid_class": {"timing": {"p50": 9.5}, "x_bare_view": 30.0},
                "grid_big": {"timing": {"p50": 160.0}, "bytes_sent": 2_000_000},
                "public_map_big": {"timing": {"p50": 140.0}, "bytes_sent": 200_000},
                "attention_big": {"timing": {"p50": 176.0}},
            },
            "capacity": {
                "capacity": 5000,
                "target_students": 5000,
                "steps": [{"verdict": "meets", "x_bare_view": 8.0}],
            },
            "server": {"worker_rss_mib": 86},
        }
        rows = {line.split("  ")[1].strip(): line for line in _targets_lines(report)[3:-1]}
        self.assertIn("NOT MET", rows["1 server CPU per completed 10-item form"])
        self.assertIn("150", rows["1 server CPU per completed 10-item form"])
        self.assertRegex(rows["4 class grid (30 × 40), in process p50"], r" met ")
        self.assertIn("NOT MET", rows["4 600-student grid, in process p50"])
        self.assertIn("NOT MET", rows["4 600-student grid, sent (gzip)"])
        # The projector and the alerts panel of the big class are held to the big grid's bound.
        self.assertRegex(rows["4 600-student projector view, in process p50"], r" met ")
        self.assertRegex(rows["4 600-student projector view, sent (gzip)"], r" met ")
        self.assertIn("NOT MET", rows["4 600-student needs attention, in process p50"])
        self.assertIn("≤ 150 ms", rows["4 600-student needs attention, in process p50"])
        self.assertRegex(rows["2 capacity (autosave p95 < 100, p99 < 250 ms)"], r" met ")
        self.assertRegex(rows["6 peak RSS per server worker"], r" met ")
        # Nothing measured, nothing claimed: no engine rows without the engine phase.
        self.assertFalse(any(k.startswith("5 ") for k in rows))
