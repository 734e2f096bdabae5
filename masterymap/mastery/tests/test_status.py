"""A student's status on one standard from their attempts: one table row per docstring rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import TestCase

from masterymap.mastery.status import AttemptFact, Status, status_for

MONDAY = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return MONDAY + timedelta(minutes=minutes)


def submitted(
    started: int, finished: int, *, mastered: bool | None, attempt_id: int = 0
) -> AttemptFact:
    return AttemptFact(
        started_at=at(started), submitted_at=at(finished), mastered=mastered, attempt_id=attempt_id
    )


def open_sitting(started: int, *, attempt_id: int = 0) -> AttemptFact:
    return AttemptFact(
        started_at=at(started), submitted_at=None, mastered=None, attempt_id=attempt_id
    )


class StatusForTests(TestCase):
    def assert_rows(self, rows: list[tuple[str, list[AttemptFact], Status]]) -> None:
        for description, attempts, expected in rows:
            with self.subTest(description):
                self.assertIs(status_for(attempts), expected)

    def test_no_attempt_at_all_is_not_started(self) -> None:
        rows = [("an empty list", []), ("an empty iterator", iter([]))]
        for description, attempts in rows:
            with self.subTest(description):
                self.assertIs(status_for(attempts), Status.NOT_STARTED)

    def test_attempts_with_none_submitted_are_in_progress(self) -> None:
        self.assert_rows(
            [
                ("one open sitting", [open_sitting(0)], Status.IN_PROGRESS),
                ("two open sittings", [open_sitting(0), open_sitting(60)], Status.IN_PROGRESS),
            ]
        )

    def test_the_latest_submitted_attempt_decides(self) -> None:
        self.assert_rows(
            [
                ("one mastered", [submitted(0, 20, mastered=True)], Status.MASTERED),
                ("one not mastered", [submitted(0, 20, mastered=False)], Status.NOT_YET),
                (
                    "a submitted attempt with no result is not mastered",
                    [submitted(0, 20, mastered=None)],
                    Status.NOT_YET,
                ),
                (
                    "not yet, then mastered on the retake",
                    [submitted(0, 20, mastered=False), submitted(60, 80, mastered=True)],
                    Status.MASTERED,
                ),
                (
                    "mastered, then a later not yet",
                    [submitted(0, 20, mastered=True), submitted(60, 80, mastered=False)],
                    Status.NOT_YET,
                ),
                (
                    "three sittings, the last one mastered",
                    [
                        submitted(0, 20, mastered=False),
                        submitted(60, 80, mastered=False),
                        submitted(120, 140, mastered=True),
                    ],
                    Status.MASTERED,
                ),
            ]
        )

    def test_latest_means_latest_submitted_not_latest_started(self) -> None:
        # Form A was started first but handed in last; its result is the newest evidence.
        self.assert_rows(
            [
                (
                    "started first, submitted last, mastered",
                    [submitted(0, 100, mastered=True), submitted(10, 50, mastered=False)],
                    Status.MASTERED,
                ),
                (
                    "started first, submitted last, not mastered",
                    [submitted(0, 100, mastered=False), submitted(10, 50, mastered=True)],
                    Status.NOT_YET,
                ),
            ]
        )

    def test_a_retake_in_progress_after_not_yet_shows_as_in_progress(self) -> None:
        self.assert_rows(
            [
                (
                    "not yet, then a retake opened",
                    [submitted(0, 20, mastered=False), open_sitting(60)],
                    Status.IN_PROGRESS,
                ),
                (
                    "mastered, not yet, then a retake opened",
                    [
                        submitted(0, 20, mastered=True),
                        submitted(60, 80, mastered=False),
                        open_sitting(120),
                    ],
                    Status.IN_PROGRESS,
                ),
            ]
        )

    def test_a_retake_in_progress_after_mastered_leaves_the_student_mastered(self) -> None:
        self.assert_rows(
            [
                (
                    "mastered, then a retake opened",
                    [submitted(0, 20, mastered=True), open_sitting(60)],
                    Status.MASTERED,
                ),
                (
                    "not yet, mastered, then a retake opened",
                    [
                        submitted(0, 20, mastered=False),
                        submitted(60, 80, mastered=True),
                        open_sitting(120),
                    ],
                    Status.MASTERED,
                ),
            ]
        )

    def test_equal_submission_times_fall_back_to_the_later_started_attempt(self) -> None:
        self.assert_rows(
            [
                (
                    "later started is mastered",
                    [submitted(0, 50, mastered=False), submitted(10, 50, mastered=True)],
                    Status.MASTERED,
                ),
                (
                    "later started is not mastered",
                    [submitted(0, 50, mastered=True), submitted(10, 50, mastered=False)],
                    Status.NOT_YET,
                ),
                (
                    "later started listed first",
                    [submitted(10, 50, mastered=True), submitted(0, 50, mastered=False)],
                    Status.MASTERED,
                ),
            ]
        )

    def test_equal_submission_and_start_times_fall_back_to_the_higher_attempt_id(self) -> None:
        self.assert_rows(
            [
                (
                    "higher id is mastered",
                    [
                        submitted(0, 50, mastered=True, attempt_id=8),
                        submitted(0, 50, mastered=False, attempt_id=7),
                    ],
                    Status.MASTERED,
                ),
                (
                    "higher id is not mastered",
                    [
                        submitted(0, 50, mastered=False, attempt_id=8),
                        submitted(0, 50, mastered=True, attempt_id=7),
                    ],
                    Status.NOT_YET,
                ),
            ]
        )

    def test_the_order_of_the_input_does_not_matter(self) -> None:
        history = [
            submitted(0, 20, mastered=False, attempt_id=1),
            submitted(60, 80, mastered=True, attempt_id=2),
            submitted(120, 140, mastered=False, attempt_id=3),
        ]
        orders = [
            ("chronological", history),
            ("reversed", list(reversed(history))),
            ("shuffled", [history[1], history[2], history[0]]),
        ]
        for description, attempts in orders:
            with self.subTest(description):
                self.assertIs(status_for(attempts), Status.NOT_YET)


class StatusLabelTests(TestCase):
    def test_every_status_has_the_label_a_teacher_reads(self) -> None:
        rows = [
            (Status.NOT_STARTED, "Not started"),
            (Status.IN_PROGRESS, "In progress"),
            (Status.NOT_YET, "Not yet"),
            (Status.MASTERED, "Mastered"),
        ]
        self.assertEqual(len(rows), len(Status))
        for status, label in rows:
            with self.subTest(status=status):
                self.assertEqual(status.label, label)


class AbandonedSittingTests(TestCase):
    def test_a_sitting_abandoned_before_the_latest_result_is_not_a_retake(self) -> None:
        rows = [
            (
                "form A opened and left, then form B not mastered",
                [open_sitting(0, attempt_id=1), submitted(60, 90, mastered=False, attempt_id=2)],
                Status.NOT_YET,
            ),
            (
                "form B not mastered, then form C opened",
                [submitted(60, 90, mastered=False, attempt_id=2), open_sitting(120, attempt_id=3)],
                Status.IN_PROGRESS,
            ),
        ]
        for description, attempts, expected in rows:
            with self.subTest(description):
                self.assertIs(status_for(attempts), expected)
