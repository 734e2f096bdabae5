"""A student's status on one standard from their level: one table row per docstring rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import TestCase

from masterymap.mastery.status import (
    BenchmarkFacts,
    Readiness,
    Resolution,
    Status,
    readiness,
    status_for,
)


class StatusForTests(TestCase):
    def test_each_rule_of_the_docstring(self) -> None:
        rows = [
            ("nothing at all", None, False, False, False, Status.NOT_STARTED),
            ("only an open sitting", None, False, False, True, Status.IN_PROGRESS),
            ("evidence but no level yet", None, False, True, False, Status.IN_PROGRESS),
            ("a level at the mastery cut", 3.0, True, True, False, Status.MASTERED),
            ("mastered with a retake open", 3.5, True, True, True, Status.MASTERED),
            ("a level below the cut", 2.0, False, True, False, Status.NOT_YET),
            ("below the cut, retake open", 2.0, False, True, True, Status.IN_PROGRESS),
        ]
        for description, level, mastered, has_evidence, open_sitting, expected in rows:
            with self.subTest(description):
                self.assertIs(
                    status_for(
                        level=level,
                        mastered=mastered,
                        has_evidence=has_evidence,
                        open_sitting=open_sitting,
                    ),
                    expected,
                )

    def test_every_status_has_the_label_a_teacher_reads(self) -> None:
        self.assertEqual(
            [s.label for s in Status],
            ["Not started", "In progress", "Not yet", "Mastered", "Needs review"],
        )

    def test_needs_review_and_the_teachers_decisions(self) -> None:
        bench = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
        before, after = bench - timedelta(days=1), bench + timedelta(days=1)
        later = bench + timedelta(days=2)
        keep, reopen = Resolution.KEEP, Resolution.REOPEN
        B = BenchmarkFacts
        rows = [
            # (what, mastered by the level now, open sitting, facts, status)
            ("no benchmark", True, False, B(), Status.MASTERED),
            ("mastered, then below the cut", True, False, B(bench, True), Status.NEEDS_REVIEW),
            (
                "the benchmark counted and pulled the level down: still a contradiction",
                False,
                False,
                B(bench, True),
                Status.NEEDS_REVIEW,
            ),
            (
                "a fresh form open meanwhile: still for the teacher to decide",
                True,
                True,
                B(bench, True, newest_other_at=later),
                Status.NEEDS_REVIEW,
            ),
            ("below the cut, never mastered", False, False, B(bench, False), Status.NOT_YET),
            (
                "below the cut, never mastered, retaking",
                False,
                True,
                B(bench, False),
                Status.IN_PROGRESS,
            ),
            ("kept", True, False, B(bench, True, keep, after), Status.MASTERED),
            (
                "kept, though the benchmark pulled the level down",
                False,
                False,
                B(bench, True, keep, after),
                Status.MASTERED,
            ),
            (
                "kept, then a newer form below the cut: the policy decides again",
                False,
                False,
                B(bench, True, keep, after, newest_other_at=later),
                Status.NOT_YET,
            ),
            (
                "kept before a newer benchmark below: asks again",
                True,
                False,
                B(bench, True, keep, before),
                Status.NEEDS_REVIEW,
            ),
            ("reopened: not yet", True, False, B(bench, True, reopen, after), Status.NOT_YET),
            (
                "reopened, a fresh form open",
                True,
                True,
                B(bench, True, reopen, after),
                Status.NOT_YET,
            ),
            (
                "reopened, then mastered again on a newer form",
                True,
                False,
                B(bench, True, reopen, after, newest_other_at=later),
                Status.MASTERED,
            ),
            (
                "reopened, then not yet on a newer form",
                False,
                False,
                B(bench, True, reopen, after, newest_other_at=later),
                Status.NOT_YET,
            ),
        ]
        for what, mastered, open_sitting, facts, expected in rows:
            with self.subTest(what):
                self.assertIs(
                    status_for(
                        level=3.0 if mastered else 2.0,
                        mastered=mastered,
                        has_evidence=True,
                        open_sitting=open_sitting,
                        benchmark=facts,
                    ),
                    expected,
                )

    def test_a_benchmark_at_or_above_the_cut_changes_nothing(self) -> None:
        for mastered in (True, False):
            with self.subTest(mastered=mastered):
                plain = status_for(
                    level=3.0 if mastered else 2.0,
                    mastered=mastered,
                    has_evidence=True,
                    open_sitting=False,
                )
                with_benchmark = status_for(
                    level=3.0 if mastered else 2.0,
                    mastered=mastered,
                    has_evidence=True,
                    open_sitting=False,
                    benchmark=BenchmarkFacts(below_at=None, mastered_before=True),
                )
                self.assertIs(plain, with_benchmark)


class ReadinessTests(TestCase):
    """The one rule for "I'm ready": the map's button and starting an attempt both ask it."""

    def test_each_rule(self) -> None:
        rows = [
            # status, open sitting, forms left → what "I'm ready" does
            (Status.NOT_STARTED, False, 2, Readiness.START),
            (Status.NOT_YET, False, 1, Readiness.START),
            (Status.IN_PROGRESS, True, 0, Readiness.RESUME),
            (Status.MASTERED, True, 1, Readiness.RESUME),  # an open sitting is always resumed
            (Status.MASTERED, False, 1, Readiness.MASTERED),  # a spare form stays spare
            (Status.NOT_YET, False, 0, Readiness.NO_FORM_LEFT),
            (Status.IN_PROGRESS, False, 0, Readiness.NO_FORM_LEFT),  # no sitting to continue
        ]
        for status, open_sitting, forms_left, expected in rows:
            with self.subTest(status=status, open_sitting=open_sitting, forms_left=forms_left):
                got = readiness(status=status, open_sitting=open_sitting, forms_left=forms_left)
                self.assertEqual(got, expected)
                self.assertEqual(got.may_start, expected in (Readiness.RESUME, Readiness.START))

    def test_every_status_has_one_css_class_with_a_label(self) -> None:
        self.assertEqual(Status.NOT_YET.css_class, "status-not-yet")
        self.assertEqual(
            {s.css_class for s in Status}, {f"status-{s.value.replace('_', '-')}" for s in Status}
        )
        self.assertTrue(all(s.label for s in Status))
