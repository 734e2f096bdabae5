"""The class mastery grid, the cell view, the student's map and the private tracker."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masterymap.accounts.models import Enrollment, User
from masterymap.assessments.actions import create_form
from masterymap.mastery.queries.grid import mastery_grid
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase, make_standard_items
from masterymap.workflows.actions import start_attempt, submit_attempt


class GridTests(BaseTestCase):
    def grid(self, user: User, classroom_id: int | None = None, query: str = ""):
        self.client.force_login(user)
        return self.client.get(
            reverse("mastery:grid", args=[classroom_id or self.d.c7a.pk]) + query
        )

    def test_the_grid_shows_each_students_status_with_counts_per_standard(self) -> None:
        a = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=a, answers=self.answers_for(right=True))
        start_attempt(student=self.d.ben, standard=self.d.s1)
        r = self.grid(self.d.tomas)
        html = r.content.decode()
        self.assertIn('status-mastered" href="', html)
        # A cell shows the level (100 % earns 4, Exceeds), not the percent.
        self.assertIn('aria-label="Ana A, 7.RP.A.1: Mastered · level 4"', html)
        self.assertIn("</svg><span>4</span></a>", html)
        self.assertIn('aria-label="Ben B, 7.RP.A.1: In progress"', html)
        self.assertIn('aria-label="Ana A, 7.RP.A.2: Not started"', html)
        # Only an overridden cell has a tooltip: the sticky heads show name and code.
        self.assertNotIn('title="Ana A', html)
        cell_url = reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        self.assertIn(f'href="{cell_url}"', html)
        # Each name opens the student's tracker.
        tracker = reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk])
        self.assertIn(f'<a href="{tracker}" data-content>Ana A</a>', html)
        grid = r.context["grid"]
        s1_counts = grid.columns[0].counts
        self.assertEqual(
            [s1_counts[s] for s in s1_counts], [1, 0, 0, 1, 0]
        )  # mastered, needs review, not yet, in progress, not started
        self.assertEqual(grid.columns[1].counts["not_started"], 2)

    def test_each_column_head_shows_the_symbol_and_code_with_i_can_as_title_escaped(
        self,
    ) -> None:
        Standard.objects.filter(pk=self.d.s2.pk).update(
            code='7.<b>"X"', i_can="I can <script>alert(1)</script> & more"
        )
        html = self.grid(self.d.tomas).content.decode()
        self.assertIn(
            '<th scope="col" title="I can &lt;script&gt;alert(1)&lt;/script&gt; &amp; more">'
            '<span class="col-head"><svg class="sym',
            html,
        )
        self.assertIn("<span data-content>7.&lt;b&gt;&quot;X&quot;</span></span></th>", html)
        self.assertNotIn("<script>alert(1)", html)
        self.assertEqual(
            html.count('<span class="col-head">'),
            Standard.objects.filter(mastery_map=self.d.c7a.mastery_map).count(),
        )

    def test_a_student_who_left_the_class_is_neither_a_row_nor_counted(self) -> None:
        for student in (self.d.ana, self.d.ben):
            a = start_attempt(student=student, standard=self.d.s1)
            submit_attempt(attempt=a, answers=self.answers_for(right=True))
        Enrollment.objects.filter(classroom=self.d.c7a, student=self.d.ben).delete()
        grid = self.grid(self.d.tomas).context["grid"]
        self.assertEqual([row.name for row in grid.rows], ["Ana A"])
        self.assertEqual(grid.rows[0].mastered, 1)
        self.assertEqual(grid.columns[0].counts["mastered"], 1)
        self.assertEqual(sum(grid.columns[1].counts.values()), 1)
        # The export reads every field of the same records, and counts the same.
        full = mastery_grid(classroom=self.d.c7a, detail=True)
        self.assertEqual([c.counts for c in full.columns], [c.counts for c in grid.columns])
        self.assertEqual(
            [[(c.status, c.level) for c in row.cells] for row in full.rows],
            [[(c.status, c.level) for c in row.cells] for row in grid.rows],
        )

    def test_the_unit_filter_keeps_only_that_units_standards(self) -> None:
        other = self.d.grade7.units.create(title="Geometry", position=2)
        Standard.objects.create(
            mastery_map=self.d.grade7, unit=other, code="7.G.A.1", statement="s", i_can="I can"
        )
        r = self.grid(self.d.tomas, query=f"?unit={other.pk}")
        self.assertContains(r, "7.G.A.1")
        self.assertNotContains(r, "7.RP.A.1</span>")
        htmx = self.client.get(
            reverse("mastery:grid", args=[self.d.c7a.pk]) + f"?unit={other.pk}",
            headers={"HX-Request": "true"},
        )
        self.assertNotContains(htmx, "<html")
        self.assertContains(htmx, 'id="mastery-grid"')

    def test_it_hides_other_classes_from_teachers_and_students(self) -> None:
        for user in (self.d.uma, self.d.ana, self.d.zed):
            with self.subTest(user=user.username):
                self.assertEqual(self.grid(user).status_code, 404)
        self.assertEqual(self.grid(self.d.ada).status_code, 200)

    def test_the_grid_reads_a_fixed_number_of_queries_whatever_the_class_size(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("mastery:grid", args=[self.d.c7a.pk])
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        self._grow_the_class(students=12, standards=6)
        with CaptureQueriesContext(connection) as big:
            r = self.client.get(url)
        self.assertEqual(len(r.context["grid"].rows), 14)
        self.assertEqual(len(big), len(small))
        self.assertLessEqual(len(big), 8)

    def _grow_the_class(self, *, students: int, standards: int) -> None:
        for n in range(standards):
            standard = Standard.objects.create(
                mastery_map=self.d.grade7,
                unit=self.d.unit1,
                code=f"X.{n}",
                statement="s",
                i_can="I can",
                position=10 + n,
            )
            items = make_standard_items(standard)
            create_form(standard=standard, item_ids=[i.pk for i in items])
        for n in range(students):
            student = User.objects.create(
                username=f"extra{n}", role="student", school=self.d.school
            )
            Enrollment.objects.create(classroom=self.d.c7a, student=student)
            a = start_attempt(student=student, standard=self.d.s1)
            submit_attempt(attempt=a, answers=self.answers_for(right=n % 2 == 0))


class CellTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    def test_a_cell_shows_the_students_attempts_item_by_item(self) -> None:
        a = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=a, answers=self.answers_for(right=False))
        start_attempt(student=self.d.ana, standard=self.d.s1)
        self.client.force_login(self.d.tomas)
        r = self.client.get(
            reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        )
        self.assertContains(r, "Form A")
        self.assertContains(r, "0/4")
        self.assertContains(r, "Why this is tempting: Misread")
        self.assertContains(r, "Form B")
        self.assertContains(r, "Not submitted yet")

    def test_a_cell_is_refused_across_classes_and_to_other_students(self) -> None:
        # A student may open their own cell ("show the math"): see test_math_views.
        cases = [
            (self.d.uma, self.d.c7a, self.d.ana),
            (self.d.tomas, self.d.c7a, self.d.cara),
            (self.d.ben, self.d.c7a, self.d.ana),
            (self.d.cara, self.d.c7a, self.d.ana),
        ]
        for user, classroom, student in cases:
            with self.subTest(user=user.username, student=student.username):
                self.client.force_login(user)
                url = reverse("mastery:cell", args=[classroom.pk, student.pk, self.d.s1.pk])
                self.assertEqual(self.client.get(url).status_code, 404)


class TrackerTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    def url(self, student: User) -> str:
        return reverse("workflows:tracker", args=[self.d.c7a.pk, student.pk])

    def test_the_tracker_lists_every_standard_with_status_and_attempt_history(self) -> None:
        a = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=a, answers=self.answers_for(right=False))
        b = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=b, answers=self.answers_for(right=True))
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url(self.d.ana))
        self.assertContains(r, "My tracker")
        self.assertContains(r, "1 of 2 standards mastered")
        html = r.content.decode()
        self.assertRegex(html, r"Form A</a> · [^<]+ · 0 % · Not yet")
        self.assertRegex(html, r"Form B</a> · [^<]+ · 100 % · Mastered")
        self.assertIn("7.RP.A.2", html)

    def test_only_the_student_and_their_teachers_open_the_tracker(self) -> None:
        for user, expected in [
            (self.d.ana, 200),
            (self.d.tomas, 200),
            (self.d.ada, 200),
            (self.d.ben, 404),
            (self.d.cara, 404),
            (self.d.uma, 404),
            (self.d.zed, 404),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url(self.d.ana)).status_code, expected)

    def test_the_tracker_reads_a_fixed_number_of_queries_whatever_the_history(self) -> None:
        self.client.force_login(self.d.ana)
        with CaptureQueriesContext(connection) as empty:
            self.client.get(self.url(self.d.ana))
        for n in range(5):
            standard = Standard.objects.create(
                mastery_map=self.d.grade7,
                unit=self.d.unit1,
                code=f"Y.{n}",
                statement="s",
                i_can="I can",
                position=20 + n,
            )
            for _ in range(2):  # forms A and B, each with its own items
                create_form(
                    standard=standard, item_ids=[i.pk for i in make_standard_items(standard)]
                )
            for _ in range(2):
                a = start_attempt(student=self.d.ana, standard=standard)
                submit_attempt(attempt=a, answers={})
        with CaptureQueriesContext(connection) as full:
            r = self.client.get(self.url(self.d.ana))
        self.assertEqual(r.context["tracker"].total, 7)
        self.assertEqual(len(full), len(empty))
        # The records and attempts, the after-the-score facts, analyses, tutoring sessions and
        # goals (one query while the student has none).
        self.assertLessEqual(len(full), 13)


class StudentMapTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    def test_the_map_shows_every_standard_with_symbol_status_and_im_ready(self) -> None:
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, "I can find unit rates")
        self.assertContains(r, 'aria-label="Blue star"')
        self.assertContains(r, "I'm ready</button>", count=1)
        self.assertContains(r, "No assessment for this standard yet")  # s2 has no forms

    def test_a_student_who_took_every_form_is_told_their_teacher_decides(self) -> None:
        for _ in range(2):
            a = start_attempt(student=self.d.ana, standard=self.d.s1)
            submit_attempt(attempt=a, answers=self.answers_for(right=False))
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, "You have taken every form: your teacher decides what comes next.")
        self.assertContains(r, "Your teacher has been told")
        self.assertNotContains(r, "I'm ready</button>")

    def test_a_mastered_standard_offers_no_retake(self) -> None:
        a = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=a, answers=self.answers_for(right=True))
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, "Mastered. Well done!")
        self.assertNotContains(r, "I'm ready</button>")

    def test_teachers_and_other_students_do_not_get_a_students_map(self) -> None:
        for user in (self.d.tomas, self.d.cara):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                url = reverse("workflows:student-map", args=[self.d.c7a.pk])
                self.assertEqual(self.client.get(url).status_code, 404)
