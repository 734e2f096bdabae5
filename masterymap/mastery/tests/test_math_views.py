"""Show the math: the cell page a student (their own) and their teachers read, and its
what-if box."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.mastery.actions import set_policy
from masterymap.mastery.engine import cell_facts, policies_for_classroom, scale_for_classroom
from masterymap.mastery.models import MasteryPolicy
from masterymap.mastery.policy import what_if
from masterymap.mastery.scale import format_level
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence, start_attempt, submit_attempt

HTMX = {"HX-Request": "true"}


class ShowTheMathTests(BaseTestCase):
    def setUp(self) -> None:
        self.today = timezone.localdate()

    def record(self, level: float, days_ago: int, kind: str = "one_on_one", note: str = ""):
        return record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=kind,
            level=level,
            assessed_on=self.today - timedelta(days=days_ago),
            note=note,
        )

    def url(self, name: str = "mastery:cell", student=None, classroom=None) -> str:
        student = student or self.d.ana
        classroom = classroom or self.d.c7a
        return reverse(name, args=[classroom.pk, student.pk, self.d.s1.pk])

    def test_a_student_reads_their_own_math(self) -> None:
        self.record(2, days_ago=6, note="Ratio tables, two slips")
        self.record(3, days_ago=2)
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Show the math")
        self.assertContains(r, '<strong class="level-big">3</strong>')
        # "3 Mastered Mastered" no more: the label repeating the status badge is left out.
        self.assertNotContains(r, '<span class="level-label">')
        self.assertContains(r, 'fill="#1e8449"')  # the scale's colour for Mastered
        self.assertContains(r, '<span class="badge status-mastered">Mastered</span>')
        self.assertContains(r, '<dd id="method-summary">Most recent')
        # The policy in a student's words, and the math step by step.
        self.assertContains(r, "You need at least 1 piece of evidence before a level shows.")
        self.assertContains(r, "What counts: every kind of evidence")
        self.assertNotContains(r, "Minimum evidence")
        self.assertNotContains(r, "Kinds that count")
        self.assertContains(
            r,
            "<li>Scores in the order they were assessed: 2, 3</li>"
            "<li>The level is the latest score: 3</li>",
        )
        self.assertContains(r, "Mastered: the most recently assessed of the 2 scores is 3.")
        self.assertContains(r, "Ratio tables, two slips")
        self.assertContains(r, "One-on-one check (battle the boss)")
        self.assertContains(r, "If my next score is")
        self.assertContains(r, "Level history")
        # Students never see the override form.
        self.assertNotContains(r, "Override the level")
        self.assertNotContains(r, self.url("mastery:override"))

    def test_a_teacher_reads_the_decaying_average_step_by_step(self) -> None:
        MasteryPolicy.objects.create(
            classroom=self.d.c7a, method="decaying_average", params={"rate": 0.65}
        )
        for level, days_ago in [(2, 9), (3, 6), (4, 2)]:
            self.record(level, days_ago=days_ago)
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url())
        self.assertContains(r, "Minimum evidence")
        self.assertContains(r, "Kinds that count")
        self.assertContains(
            r,
            "<li>Start with the first score: 2</li>"
            "<li>0.65 × 3 + 0.35 × 2 = 2.65</li>"
            "<li>0.65 × 4 + 0.35 × 2.65 = 3.53</li>",
        )
        # A level that differs from its status keeps its label: 2 · Approaching, not yet.
        self.record(2, days_ago=0)
        r = self.client.get(self.url())
        self.assertContains(r, '<span class="level-label">Approaching</span>')

    def test_nobody_else_reads_a_students_math(self) -> None:
        self.record(3, days_ago=1)
        cases = [
            (self.d.ben, self.url()),  # a classmate
            (self.d.cara, self.url()),  # another class's student
            (self.d.uma, self.url()),  # a teacher of another class
            (self.d.zed, self.url()),  # another school's admin
            (self.d.tomas, self.url(student=self.d.cara)),  # Cara is in 7B, not 7A
            (self.d.ana, self.url(classroom=self.d.c7b)),  # Ana is not in 7B
        ]
        for user, url in cases:
            with self.subTest(user=user.username, url=url):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.get(url + "what-if/?score=3").status_code, 404)
        for user in (self.d.tomas, self.d.ada):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 200)

    def test_evidence_is_listed_in_assessed_order_even_when_entered_out_of_order(self) -> None:
        self.record(3, days_ago=1, note="third")
        self.record(1, days_ago=9, note="first")
        self.record(2, days_ago=5, note="second")
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url())
        html = r.content.decode()
        notes = ("first", "second", "third")
        positions = [html.index(f'<p class="evidence-note">{note}</p>') for note in notes]
        self.assertEqual(positions, sorted(positions))
        self.assertEqual([e.level_text for e in r.context["math"].evidence], ["1", "2", "3"])
        # The most recently *assessed* score counts (3), not the last one typed in (2).
        self.assertContains(r, "Mastered: the most recently assessed of the 3 scores is 3.")

    def test_evidence_of_a_kind_the_class_does_not_count_is_marked(self) -> None:
        self.record(3, days_ago=2)
        self.record(1, days_ago=1, kind="product")
        set_policy(
            classroom=self.d.c7a,
            standard=None,
            method="most_recent",
            params={},
            min_evidence=1,
            kinds=["one_on_one"],
            weights={},
            by=self.d.tomas,
        )
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url())
        self.assertContains(r, "1 of these is of a kind this class does not count")
        self.assertContains(r, "What counts: One-on-one check (battle the boss).")
        self.assertContains(
            r, "<li>1 piece of evidence is left out: this class does not count its kind</li>"
        )

    def test_the_what_if_box_runs_the_same_calculation(self) -> None:
        self.record(1, days_ago=10)
        self.record(3, days_ago=5)
        set_policy(
            classroom=self.d.c7a,
            standard=None,
            method="decaying_average",
            params={"rate": 0.65},
            min_evidence=1,
            kinds=None,
            weights={},
            by=self.d.tomas,
        )
        facts = cell_facts([self.d.ana.pk], [self.d.s1.pk])[(self.d.ana.pk, self.d.s1.pk)]
        expected = what_if(
            facts.observations,
            policies_for_classroom(self.d.c7a).for_standard(self.d.s1.pk),
            scale_for_classroom(self.d.c7a),
            next_score=4,
            assessed_on=self.today,
            recorded_at=timezone.now(),
        )
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url("mastery:what-if") + "?score=4", headers=HTMX)
        self.assertNotContains(r, "<html")
        self.assertContains(r, 'id="what-if-result"')
        shown = f"{format_level(expected.level)} · {expected.label}"
        self.assertEqual(shown, "3.41 · Mastered")
        self.assertContains(r, "If my next score is 4, my level becomes <strong")
        self.assertContains(r, shown)
        self.assertContains(r, expected.sentence.replace("'", "&#x27;"))
        # Nothing was recorded: the page still shows the real level.
        page = self.client.get(self.url())
        self.assertContains(page, '<strong class="level-big">2.3</strong>')

    def test_the_what_if_box_works_without_javascript(self) -> None:
        self.record(2, days_ago=3)
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url("mastery:what-if") + "?score=3")
        self.assertContains(r, "<html")
        self.assertContains(r, "my level becomes <strong")
        self.assertContains(r, "3 · Mastered</strong>")
        self.assertContains(r, '<option value="3" selected>')
        r = self.client.get(self.url("mastery:what-if") + "?score=9", headers=HTMX)
        self.assertContains(r, "Pick a score from the list.")

    def test_a_teacher_sees_the_override_form_and_the_attempts_item_by_item(self) -> None:
        a = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=a, answers=self.answers_for(right=False))
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url())
        self.assertContains(r, "Override the level")
        self.assertContains(r, "Assessment attempt")
        self.assertContains(r, "Why this is tempting: Misread")
        # The student's name is the school's words, marked as such (data-content).
        self.assertContains(r, "If <span data-content>Ana A</span>'s next score is")

    def test_the_page_reads_a_fixed_number_of_queries_whatever_the_evidence(self) -> None:
        self.record(2, days_ago=9)
        self.client.force_login(self.d.ana)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url())
        for days_ago in range(1, 8):
            self.record(1 + days_ago % 4, days_ago=days_ago)
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(self.url())
        self.assertEqual(len(r.context["math"].evidence), 8)
        self.assertEqual(len(many), len(few))
