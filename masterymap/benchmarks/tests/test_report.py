"""The teacher's benchmark report and its results as CSV (the exchange app's "benchmark"
export, which replaced report.csv): the numbers per standard and per question, the
contradictions to review and who is ready for the next form, a spreadsheet that never runs a
student's name as a formula, who may see it, and a query count that does not grow with the
class."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localdate, localtime

from masterymap.accounts.models import User
from masterymap.assessments.actions import create_item
from masterymap.benchmarks import actions
from masterymap.benchmarks.models import Benchmark, Sitting
from masterymap.benchmarks.report import benchmark_report
from masterymap.benchmarks.tests.helpers import BenchmarkCase
from masterymap.mastery.actions import set_policy


class ReportCase(BenchmarkCase):
    def sit(self, benchmark: Benchmark, student: User, right: dict[int, int]) -> Sitting:
        sitting = actions.start_sitting(benchmark=benchmark, student=student)
        sitting, _now = actions.submit_sitting(
            sitting=sitting, answers=self.answers(benchmark, right)
        )
        return sitting

    def page_url(self, benchmark: Benchmark) -> str:
        return reverse("benchmarks:report", args=[benchmark.pk])

    def csv_url(self, benchmark: Benchmark) -> str:
        export = reverse("exchange:export-download", args=["benchmark", "csv"])
        return f"{export}?benchmark={benchmark.pk}"


class NumbersTests(ReportCase):
    def test_each_standard_shows_its_sittings_mean_and_who_met_the_line(self) -> None:
        benchmark = self.opened()
        s1, s2 = self.d.s1.pk, self.d.s2.pk
        self.sit(benchmark, self.d.ana, {s1: 1, s2: 3})
        self.sit(benchmark, self.d.ben, {s1: 3, s2: 0})
        report = benchmark_report(benchmark)
        self.assertEqual((report.handed_in, report.enrolled), (2, 2))
        rows = {row.standard.pk: row for row in report.standards}
        self.assertEqual([row.standard.pk for row in report.standards], [s1, s2])
        self.assertEqual(
            (rows[s1].sittings, rows[s1].met, rows[s1].line, rows[s1].mean_percent),
            (2, 1, 80, 66.7),
        )
        self.assertEqual((rows[s2].sittings, rows[s2].met, rows[s2].mean_percent), (2, 1, 50.0))

        self.client.force_login(self.d.tomas)
        r = self.client.get(self.page_url(benchmark))
        self.assertContains(r, "2 of 2 students handed it in")
        self.assertContains(r, "1 of 2 met the line", count=2)
        self.assertContains(r, "66.7 %")
        self.assertContains(r, "I can find unit rates")
        self.assertContains(r, '<span class="std-code" data-content>7.RP.A.1</span>', html=False)
        self.assertContains(r, reverse("benchmarks:benchmark", args=[benchmark.pk]))
        self.assertContains(r, self.csv_url(benchmark))
        self.assertContains(r, '<span class="badge bench-state bench-state-open">Open</span>')

    def test_each_question_shows_percent_correct_and_who_picked_each_choice(self) -> None:
        benchmark = self.opened()
        s1, s2 = self.d.s1.pk, self.d.s2.pk
        self.sit(benchmark, self.d.ana, {s1: 1, s2: 3})
        self.sit(benchmark, self.d.ben, {s1: 3, s2: 0})
        items = benchmark_report(benchmark).items
        self.assertEqual([i.number for i in items], [1, 2, 3, 4, 5, 6])
        self.assertEqual([i.code for i in items], ["7.RP.A.1"] * 3 + ["7.RP.A.2"] * 3)
        self.assertEqual([i.percent_correct for i in items], [100.0, 50.0, 50.0, 50, 50, 50])
        second = items[1]
        self.assertEqual(second.excerpt, "7.RP.A.1 bank question 2")
        picks = [(c.letter, c.is_key, c.students, c.misconception) for c in second.choices]
        self.assertEqual(picks, [("A", True, 1, ""), ("B", False, 1, "Guessed")])
        self.assertEqual([c.students for c in items[0].choices], [2, 0])

        self.client.force_login(self.d.tomas)
        r = self.client.get(self.page_url(benchmark))
        self.assertContains(r, '<span class="key-word">key</span>', count=6, html=False)
        self.assertContains(r, "Guessed")
        self.assertContains(r, "1 of 2")

    def test_typed_answers_show_the_most_common_wrong_ones_and_the_blanks(self) -> None:
        numeric = create_item(
            standard=self.d.s2, kind="numeric", stem="What is **3 × 4**?", numeric_answer=12
        )
        text = create_item(
            standard=self.d.s2, kind="text", stem="Say 1/2 in words.", accepted_answers=["half"]
        )
        draft = actions.create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="Typed",
            standard_ids=[self.d.s2.pk],
            item_ids=[numeric.pk, text.pk],
        )
        benchmark = actions.open_benchmark(benchmark=draft)
        for student, typed in [(self.d.ana, ["13", "Third"]), (self.d.ben, [" 13", ""])]:
            sitting = actions.start_sitting(benchmark=benchmark, student=student)
            actions.submit_sitting(
                sitting=sitting,
                answers={numeric.pk: [typed[0]], text.pk: [typed[1]] if typed[1] else []},
            )
        first, second = benchmark_report(benchmark).items
        self.assertEqual(first.excerpt, "What is 3 × 4?", "the stem as plain text")
        self.assertEqual([(w.text, w.students) for w in first.wrong_answers], [("13", 2)])
        self.assertEqual((first.percent_correct, first.choices), (0.0, []))
        self.assertEqual([(w.text, w.students) for w in second.wrong_answers], [("Third", 1)])
        self.assertEqual(second.blank, 1)
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.page_url(benchmark))
        self.assertContains(r, "Most common wrong answers:", count=2)
        self.assertContains(r, "1 left it blank")

    def test_before_anyone_hands_it_in_the_report_says_so_without_numbers(self) -> None:
        benchmark = self.opened()
        actions.start_sitting(benchmark=benchmark, student=self.d.ana)  # not handed in
        report = benchmark_report(benchmark)
        self.assertEqual(report.handed_in, 0)
        self.assertEqual([row.mean_percent for row in report.standards], [None, None])
        self.assertEqual({i.percent_correct for i in report.items}, {None})
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.page_url(benchmark))
        self.assertContains(r, "0 of 2 students handed it in")
        self.assertContains(r, "No contradiction")


class StudentListsTests(ReportCase):
    def test_a_contradiction_is_listed_with_the_review_link_and_the_students_reflection(
        self,
    ) -> None:
        self.master(self.d.ana, self.d.s1)
        self.master(self.d.ana, self.d.s2)
        benchmark = self.opened()
        sitting = self.sit(benchmark, self.d.ana, {self.d.s1.pk: 1, self.d.s2.pk: 3})
        actions.reflect(
            sitting=sitting,
            standard_id=self.d.s1.pk,
            explanation="more_practice",
            note="I rushed the ratios",
        )
        report = benchmark_report(benchmark)
        self.assertEqual(
            [(c.student, c.standard, c.percent, c.line) for c in report.contradictions],
            [(self.d.ana, self.d.s1, 33.3, 80)],
        )
        self.assertEqual(report.ready, [], "s2 is mastered: nothing to confirm")
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.page_url(benchmark))
        review = reverse("benchmarks:review", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        self.assertContains(r, f'href="{review}"')
        self.assertContains(r, "I need more practice on this standard")
        self.assertContains(r, "I rushed the ratios")
        self.assertContains(r, "33.3 % (line 80 %)")
        self.assertNotContains(r, "No contradiction")

    def test_a_contradiction_not_yet_explained_says_so(self) -> None:
        self.master(self.d.ana, self.d.s1)
        benchmark = self.opened()
        self.sit(benchmark, self.d.ana, {self.d.s1.pk: 0, self.d.s2.pk: 0})
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.page_url(benchmark))
        self.assertContains(r, "Not explained yet")
        self.assertEqual(
            [c.standard for c in benchmark_report(benchmark).contradictions], [self.d.s1]
        )

    def test_met_the_line_but_not_mastered_is_ready_for_the_next_form(self) -> None:
        # One piece of evidence is not enough on s2 in this class: the benchmark alone
        # leaves Ben in progress there.
        set_policy(
            classroom=self.d.c7a,
            standard=self.d.s2,
            method="most_recent",
            params={},
            min_evidence=2,
            kinds=None,
            weights={},
            by=self.d.tomas,
        )
        benchmark = self.opened()
        self.sit(benchmark, self.d.ben, {self.d.s1.pk: 0, self.d.s2.pk: 3})
        report = benchmark_report(benchmark)
        self.assertEqual(
            [(row.student, row.standard, row.status) for row in report.ready],
            [(self.d.ben, self.d.s2, "in_progress")],
        )
        self.assertEqual(report.contradictions, [], "s1 was never mastered")
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.page_url(benchmark))
        tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ben.pk])
        self.assertContains(r, f'href="{tracker}"')
        self.assertContains(r, '<span class="badge status-in-progress">In progress</span>')


class CsvTests(ReportCase):
    def rows(self, benchmark: Benchmark) -> tuple[bytes, list[list[str]]]:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.csv_url(benchmark))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            r["Content-Disposition"],
            f'attachment; filename="benchmark-unit-1-test-{localdate().isoformat()}.csv"',
        )
        text = r.content.decode("utf-8")
        return r.content, list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))

    def test_one_row_per_student_and_standard_after_a_header_and_a_bom(self) -> None:
        benchmark = self.opened()
        self.sit(benchmark, self.d.ben, {self.d.s1.pk: 3, self.d.s2.pk: 0})
        actions.enter_paper_sitting(
            benchmark=benchmark,
            student=self.d.ana,
            typed=["A", "B", "B", "A", "A", "A"],
            by=self.d.tomas,
        )
        content, rows = self.rows(benchmark)
        self.assertTrue(content.startswith(b"\xef\xbb\xbf"), "Excel reads the accents right")
        self.assertEqual(
            rows[0],
            [
                "Sitting ID",
                "Student ID",
                "Username",
                "Student",
                "Standard",
                "Points",
                "Max points",
                "Score",
                "Line (%)",
                "Met the line",
                "Level",
                "Status now",
                "Source",
                "Handed in",
            ],
        )
        self.assertEqual(len(rows), 5, "a header, then 2 students × 2 standards")
        ana_s1, ana_s2, ben_s1, ben_s2 = (row[2:] for row in rows[1:])
        self.assertEqual(rows[1][1], str(self.d.ana.pk))
        self.assertEqual(
            ana_s1[:9], ["ana", "Ana A", "7.RP.A.1", "1", "3", "33.3", "80", "FALSE", "1"]
        )
        self.assertEqual(ana_s1[10], "Paper, typed in by a teacher")
        self.assertEqual(ana_s2[:8], ["ana", "Ana A", "7.RP.A.2", "3", "3", "100", "80", "TRUE"])
        self.assertEqual(ana_s2[9], "Mastered")
        self.assertEqual(ben_s1[2:8], ["7.RP.A.1", "3", "3", "100", "80", "TRUE"])
        self.assertEqual((ben_s2[5], ben_s2[9], ben_s2[10]), ("0", "Not yet", "Online"))
        submitted = Sitting.objects.get(student=self.d.ben).submitted_at
        assert submitted is not None
        # The school's local time, as a spreadsheet reads a date and time.
        self.assertRegex(ben_s2[11], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        self.assertEqual(ben_s2[11], localtime(submitted).strftime("%Y-%m-%d %H:%M:%S"))

    def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(self) -> None:
        self.d.ben.first_name, self.d.ben.last_name = '=HYPERLINK("http://evil.test","x")', ""
        self.d.ben.save(update_fields=["first_name", "last_name"])
        benchmark = self.opened()
        self.sit(benchmark, self.d.ben, {self.d.s1.pk: 3})
        _content, rows = self.rows(benchmark)
        self.assertEqual(rows[1][3], '\'=HYPERLINK("http://evil.test","x")')


class AccessTests(ReportCase):
    def test_students_and_teachers_of_other_classes_get_404_and_visitors_log_in(self) -> None:
        benchmark = self.opened()
        for url in (self.page_url(benchmark), self.csv_url(benchmark)):
            with self.subTest(url):
                for user in (self.d.ana, self.d.uma):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, 404)
                self.client.logout()
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertIn(reverse("accounts:login"), r["Location"])
                self.client.force_login(self.d.tomas)
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(self.client.post(url).status_code, 405)

    def test_the_school_admin_sees_the_report(self) -> None:
        benchmark = self.opened()
        self.client.force_login(self.d.ada)
        self.assertEqual(self.client.get(self.page_url(benchmark)).status_code, 200)


class QueryCountTests(ReportCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_report_and_the_export_load_in_a_fixed_number_of_queries(self) -> None:
        self.master(self.d.ana, self.d.s1)
        benchmark = self.opened()
        sitting = self.sit(benchmark, self.d.ana, {self.d.s1.pk: 1, self.d.s2.pk: 3})
        actions.reflect(sitting=sitting, standard_id=self.d.s1.pk, explanation="more_practice")
        self.client.force_login(self.d.tomas)
        page, export = self.count(self.page_url(benchmark)), self.count(self.csv_url(benchmark))
        self.master(self.d.ben, self.d.s1)
        sitting = self.sit(benchmark, self.d.ben, {self.d.s1.pk: 0, self.d.s2.pk: 2})
        actions.reflect(sitting=sitting, standard_id=self.d.s1.pk, explanation="mixed_practice")
        report = benchmark_report(benchmark)
        self.assertEqual((report.handed_in, len(report.contradictions)), (2, 2))
        self.assertEqual(self.count(self.page_url(benchmark)), page)
        self.assertEqual(self.count(self.csv_url(benchmark)), export)
        with self.assertNumQueries(9):
            benchmark_report(benchmark)
