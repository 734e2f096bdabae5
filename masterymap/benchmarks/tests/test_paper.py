"""A benchmark on paper: the printed copy and its answer key, and the page where the teacher
types each student's paper answers (htmx rows, and plain posts without JavaScript)."""

from __future__ import annotations

from django.urls import reverse

from masterymap.assessments.actions import ChoiceInput, create_item
from masterymap.benchmarks import actions
from masterymap.benchmarks.models import Benchmark, Sitting, SittingAnswer
from masterymap.benchmarks.tests.helpers import BenchmarkCase
from masterymap.evidence.models import Evidence

HTMX = {"HX-Request": "true"}


def row_of(html: str, student_id: int) -> str:
    """A student's row on the entry page."""
    return html.split(f'id="paper-row-{student_id}"', 1)[1].split("</tr>", 1)[0]


class PaperCase(BenchmarkCase):
    def setUp(self) -> None:
        super().setUp()
        self.benchmark = self.opened()
        self.print_url = reverse("benchmarks:print", args=[self.benchmark.pk])
        self.paper_url = reverse("benchmarks:paper", args=[self.benchmark.pk])

    def row(self, student_id: object, letters: str) -> dict[str, object]:
        """What a row posts: one letter per question, in order ("-" leaves it blank)."""
        data: dict[str, object] = {"student": student_id}
        for number, letter in enumerate(letters, start=1):
            data[f"answer-{number}"] = "" if letter == "-" else letter
        return data

    def mixed_benchmark(self) -> Benchmark:
        """An open benchmark on s1 with one item of each other kind: select-all (B and C),
        numeric (12 ± 0.5), short text ("three quarters" or "3/4")."""
        multiple = create_item(
            standard=self.d.s1,
            kind="multiple",
            stem="Tick **B** and C",
            choices=[ChoiceInput("one"), ChoiceInput("two", True), ChoiceInput("three", True)],
        )
        numeric = create_item(
            standard=self.d.s1,
            kind="numeric",
            stem="How much is 3 × 4?",
            numeric_answer=12,
            tolerance=0.5,
        )
        text = create_item(
            standard=self.d.s1,
            kind="text",
            stem="Write 0.75 as a fraction in words",
            accepted_answers=["three quarters", "3/4"],
        )
        draft = actions.create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="Mixed kinds",
            standard_ids=[self.d.s1.pk],
            item_ids=[self.s1_bank[0].pk, multiple.pk, numeric.pk, text.pk],
        )
        return actions.open_benchmark(benchmark=draft)


class PrintTests(PaperCase):
    def test_the_copy_lists_every_question_with_lettered_boxes_and_no_key(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.print_url)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertContains(r, '<h1 id="paper-title" data-content>Unit 1 test</h1>', html=False)
        self.assertContains(r, "Class: <span data-content>7A</span>")
        for item in self.s1_bank + self.s2_bank:
            self.assertIn(f"{item.standard.code} bank question", html)
        self.assertEqual(html.count('class="paper-q"'), 6)
        self.assertEqual(html.count('<strong class="paper-letter">A</strong>'), 6)
        self.assertEqual(html.count('<strong class="paper-letter">B</strong>'), 6)
        self.assertEqual(html.count('class="paper-box"'), 12)
        self.assertEqual(html.count('<span class="paper-code" data-content>7.RP.A.1</span>'), 3)
        self.assertIn(">Name<", html)
        self.assertIn(">Date<", html)
        self.assertNotIn("paper-key", html.replace('href="' + self.print_url + '?key=1"', ""))
        self.assertNotIn("Answer key", html)
        self.assertContains(r, f'href="{self.print_url}?key=1"')
        self.assertContains(r, "data-print")
        self.assertContains(r, "js/print.js")

    def test_with_key_1_the_key_follows_with_the_correct_letters(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.print_url, {"key": "1"})
        self.assertEqual(r.status_code, 200)
        key = r.content.decode().split('class="paper-key"', 1)[1]
        self.assertIn("Answer key", key)
        self.assertEqual(key.count('<strong class="key paper-key-letters">A</strong>'), 6)
        self.assertEqual(key.count("<td data-content>7.RP.A.2</td>"), 3)
        self.assertNotIn(">B</strong>", key)
        self.assertContains(r, "Print without the answer key")

    def test_the_key_gives_every_letter_ticked_and_the_typed_answers(self) -> None:
        benchmark = self.mixed_benchmark()
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("benchmarks:print", args=[benchmark.pk]), {"key": "1"})
        copy, key = r.content.decode().split('class="paper-key"', 1)
        self.assertIn("Select all that apply.", copy)
        self.assertIn("Your answer (a number)", copy)
        self.assertEqual(copy.count('class="paper-write"'), 2)
        self.assertIn("Tick <strong>B</strong> and C", copy)
        self.assertIn('<strong class="key paper-key-letters">B, C</strong>', key)
        self.assertIn("<span data-content>12 (± 0.5)</span>", key)
        self.assertIn(
            "<span data-content>three quarters</span> or <span data-content>3/4</span>", key
        )

    def test_students_and_other_teachers_get_404(self) -> None:
        for user in (self.d.ana, self.d.uma):
            self.client.force_login(user)
            for url in (self.print_url, self.print_url + "?key=1", self.paper_url):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            r = self.client.post(self.paper_url, self.row(self.d.ana.pk, "AAAAAA"))
            self.assertEqual(r.status_code, 404)
        self.assertFalse(Sitting.objects.exists())

    def test_the_copy_reads_in_two_queries_after_the_benchmark(self) -> None:
        self.client.force_login(self.d.tomas)
        self.client.get(self.print_url)  # the session and user, cached
        # session, user, benchmark, items (with standards), choices
        with self.assertNumQueries(5):
            self.client.get(self.print_url)


class EntryPageTests(PaperCase):
    def test_a_row_per_student_with_a_named_box_per_question(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.paper_url)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertLess(
            html.index(f'id="paper-row-{self.d.ana.pk}"'),
            html.index(f'id="paper-row-{self.d.ben.pk}"'),
        )
        self.assertNotIn(f"paper-row-{self.d.cara.pk}", html)
        self.assertEqual(html.count('class="paper-in paper-in-single"'), 12)
        self.assertContains(r, 'aria-label="Ana A, question 3"')
        self.assertContains(r, 'aria-label="Ben B, question 6"')
        self.assertEqual(html.count('maxlength="1" pattern="[A-Ba-b]"'), 12)
        self.assertEqual(html.count('autocomplete="off"'), 12)
        self.assertIn('<th scope="col" class="paper-num"><abbr title="7.RP.A.1', html)
        self.assertEqual(html.count('<th scope="row"'), 2)
        self.assertEqual(html.count('<form id="paper-form-'), 2)
        self.assertContains(r, f'form="paper-form-{self.d.ana.pk}" name="answer-1"')
        self.assertContains(r, "js/paper_entry.js")

    def test_typed_answers_get_wider_boxes_and_select_all_a_few_letters(self) -> None:
        benchmark = self.mixed_benchmark()
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("benchmarks:paper", args=[benchmark.pk]))
        html = r.content.decode()
        self.assertEqual(html.count('class="paper-in paper-in-multiple"'), 2)
        self.assertIn('pattern="[A-Ca-c, ]*"', html)
        self.assertEqual(html.count('class="paper-in paper-in-typed"'), 4)
        self.assertEqual(html.count('inputmode="decimal"'), 2)

    def test_a_student_who_handed_in_shows_the_score_and_no_boxes(self) -> None:
        sitting = actions.start_sitting(benchmark=self.benchmark, student=self.d.ana)
        answers = self.answers(self.benchmark, {self.d.s1.pk: 1, self.d.s2.pk: 3})
        actions.submit_sitting(sitting=sitting, answers=answers)
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.paper_url)
        html = r.content.decode()
        ana_row = row_of(html, self.d.ana.pk)
        self.assertIn("Handed in:", ana_row)
        self.assertIn('<strong class="paper-score">4/6 · 67 %</strong>', ana_row)
        self.assertIn("(Online)", ana_row)
        self.assertNotIn("<input", ana_row)
        self.assertNotIn("<form", ana_row)
        self.assertIn('aria-label="Ben B, question 1"', html)
        self.assertContains(r, "1 of 2 students handed in")

    def test_a_sitting_started_online_still_takes_paper_answers(self) -> None:
        actions.start_sitting(benchmark=self.benchmark, student=self.d.ben)
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.paper_url)
        ben_row = row_of(r.content.decode(), self.d.ben.pk)
        self.assertIn("(started online)", ben_row)
        self.assertIn('aria-label="Ben B, question 1"', ben_row)
        r = self.client.post(self.paper_url, self.row(self.d.ben.pk, "AAABBB"), headers=HTMX)
        self.assertContains(r, "3/6 · 50 %")
        sitting = Sitting.objects.get(student=self.d.ben)
        self.assertEqual((sitting.source, sitting.points), ("paper", 3))

    def test_the_page_reads_in_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.d.tomas)
        self.client.get(self.paper_url)
        # session, user, benchmark, items (with standards), choices, sittings, roster
        with self.assertNumQueries(7):
            self.client.get(self.paper_url)

    def test_a_draft_says_to_open_it_first_and_refuses_answers(self) -> None:
        draft = actions.create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="Draft",
            standard_ids=[self.d.s1.pk],
            item_ids=[self.s1_bank[0].pk],
        )
        url = reverse("benchmarks:paper", args=[draft.pk])
        self.client.force_login(self.d.tomas)
        r = self.client.get(url)
        self.assertContains(r, "Open it first")
        self.assertNotContains(r, "paper-in")
        r = self.client.post(url, self.row(self.d.ana.pk, "A"), headers=HTMX)
        self.assertContains(r, "Open the benchmark before entering paper answers.", status_code=422)
        self.assertFalse(Sitting.objects.exists())


class EntryPostTests(PaperCase):
    def test_an_htmx_row_is_scored_and_comes_back_with_the_score(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.paper_url, self.row(self.d.ben.pk, "ABaB-A"), headers=HTMX)
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertTrue(html.strip().startswith(f'<tr id="paper-row-{self.d.ben.pk}"'))
        self.assertNotIn("<html", html)
        self.assertIn('<strong class="paper-score">3/6 · 50 %</strong>', html)
        self.assertIn("Saved and scored:", html)
        self.assertIn('role="status"', html)
        self.assertNotIn("<input", html)
        sitting = Sitting.objects.get(benchmark=self.benchmark, student=self.d.ben)
        self.assertEqual(
            (sitting.source, sitting.points, sitting.max_points, sitting.entered_by),
            ("paper", 3, 6, self.d.tomas),
        )
        self.assertIsNotNone(sitting.submitted_at)
        self.assertEqual(Evidence.objects.filter(student=self.d.ben, kind="benchmark").count(), 2)

    def test_a_plain_post_is_scored_and_goes_back_with_a_message(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.paper_url, self.row(self.d.ana.pk, "AAAAAA"), follow=True)
        self.assertRedirects(r, self.paper_url + f"#paper-row-{self.d.ana.pk}")
        self.assertContains(r, "Saved: <span data-content>Ana A</span> scored 6/6 · 100 %.")
        sitting = Sitting.objects.get(benchmark=self.benchmark, student=self.d.ana)
        self.assertEqual((sitting.points, sitting.percent), (6, 100.0))
        html = r.content.decode()
        ana_row = row_of(html, self.d.ana.pk)
        self.assertNotIn("<input", ana_row)

    def test_a_letter_the_question_lacks_is_422_with_the_reason_and_writes_nothing(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.paper_url, self.row(self.d.ben.pk, "AQbA-A"), headers=HTMX)
        self.assertEqual(r.status_code, 422)
        html = r.content.decode()
        self.assertTrue(html.strip().startswith(f'<tr id="paper-row-{self.d.ben.pk}"'))
        self.assertRegex(html, r'role="alert">.*Question 2 has no choice Q\.')
        # What was typed stays, to be corrected.
        self.assertIn('name="answer-2" value="Q"', html)
        self.assertIn('name="answer-3" value="b"', html)
        self.assertIn('name="answer-5" value=""', html)
        self.assertFalse(Sitting.objects.exists())
        self.assertFalse(SittingAnswer.objects.exists())
        self.assertFalse(Evidence.objects.filter(kind="benchmark").exists())

    def test_a_refused_plain_post_shows_the_page_again_with_the_row_and_its_reason(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.paper_url, self.row(self.d.ben.pk, "AAAB-Z"))
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, "Question 6 has no choice Z.", status_code=422)
        self.assertContains(r, "<html", status_code=422)
        self.assertContains(r, 'name="answer-6" value="Z"', status_code=422)
        self.assertContains(r, 'aria-label="Ana A, question 1"', status_code=422)
        self.assertFalse(Sitting.objects.exists())

    def test_two_letters_on_a_single_choice_question_are_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        data = self.row(self.d.ben.pk, "AAAAAA") | {"answer-1": "AB"}
        r = self.client.post(self.paper_url, data, headers=HTMX)
        self.assertContains(r, "Question 1 takes one letter.", status_code=422)
        self.assertFalse(Sitting.objects.exists())

    def test_a_student_who_already_handed_in_is_refused_and_keeps_the_score(self) -> None:
        actions.enter_paper_sitting(
            benchmark=self.benchmark, student=self.d.ana, typed=["A"] * 6, by=self.d.tomas
        )
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.paper_url, self.row(self.d.ana.pk, "BBBBBB"), headers=HTMX)
        self.assertContains(r, "already handed this benchmark in", status_code=422)
        self.assertEqual(Sitting.objects.get(student=self.d.ana).points, 6)

    def test_a_student_of_another_class_is_404(self) -> None:
        self.client.force_login(self.d.tomas)
        for headers in ({}, HTMX):
            r = self.client.post(
                self.paper_url, self.row(self.d.cara.pk, "AAAAAA"), headers=headers
            )
            self.assertEqual(r.status_code, 404)
        self.assertFalse(Sitting.objects.exists())

    def test_a_tampered_student_id_is_404_never_a_server_error(self) -> None:
        self.client.force_login(self.d.tomas)
        for student in ("abc", "99999999999999999999", "", "-1", "0", "1.5", "٣"):
            with self.subTest(student=student):
                r = self.client.post(self.paper_url, self.row(student, "AAAAAA"), headers=HTMX)
                self.assertEqual(r.status_code, 404)
        r = self.client.post(self.paper_url, {"answer-1": "A"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Sitting.objects.exists())

    def test_the_print_page_takes_no_post_and_the_entry_page_no_put(self) -> None:
        self.client.force_login(self.d.tomas)
        self.assertEqual(self.client.put(self.paper_url).status_code, 405)
        self.assertEqual(self.client.post(self.print_url).status_code, 405)

    def test_every_kind_of_question_is_typed_and_scored(self) -> None:
        benchmark = self.mixed_benchmark()
        url = reverse("benchmarks:paper", args=[benchmark.pk])
        self.client.force_login(self.d.tomas)
        data = {"student": self.d.ana.pk, "answer-1": "a", "answer-2": "cb"}
        data |= {"answer-3": " 12.4 ", "answer-4": "3/4\x00"}
        r = self.client.post(url, data, headers=HTMX)
        self.assertContains(r, '<strong class="paper-score">4/4 · 100 %</strong>')
        sitting = Sitting.objects.get(benchmark=benchmark, student=self.d.ana)
        typed = dict(sitting.answers.values_list("item__kind", "answer"))
        self.assertEqual((typed["numeric"], typed["text"]), (["12.4"], ["3/4"]))
        self.assertEqual(len(typed["multiple"]), 2)
