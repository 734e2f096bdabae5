"""A student's status on one standard from their level: one table row per docstring rule."""

from __future__ import annotations

from unittest import TestCase

from masterymap.mastery.status import Status, status_for


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
            [s.label for s in Status], ["Not started", "In progress", "Not yet", "Mastered"]
        )
