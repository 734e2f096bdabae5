"""When the correct answers show, in a table."""

from __future__ import annotations

from unittest import TestCase

from masterymap.assessments.keys import Timing, keys_shown


class KeysShownTests(TestCase):
    def test_the_class_chooses_and_teachers_always_see(self) -> None:
        rows = [
            # (timing, teacher, mastered, forms left, shown)
            (Timing.AFTER_ATTEMPT, False, False, 2, True),
            (Timing.AFTER_MASTERY, False, False, 2, False),
            (Timing.AFTER_MASTERY, False, True, 2, True),
            (Timing.AFTER_MASTERY, False, False, 0, True),
            (Timing.NEVER, False, True, 0, False),
            (Timing.NEVER, True, False, 2, True),
            (Timing.AFTER_MASTERY, True, False, 2, True),
        ]
        for timing, teacher, mastered, left, shown in rows:
            with self.subTest(timing=timing, teacher=teacher, mastered=mastered, left=left):
                self.assertIs(
                    keys_shown(timing, teacher=teacher, mastered=mastered, forms_left=left), shown
                )
