"""The retake rules, in tables a teacher could check on paper."""

from __future__ import annotations

from datetime import datetime
from unittest import TestCase
from zoneinfo import ZoneInfo

from masterymap.mastery.phrases import render
from masterymap.mastery.retake import (
    DEFAULT_RULES,
    Lock,
    RetakeRules,
    RetakeRulesError,
    RetakeState,
    retake,
)

ZONE = ZoneInfo("America/New_York")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """December 2026 in the school's time zone."""
    return datetime(2026, 12, day, hour, minute, tzinfo=ZONE)


# Missed form A on Monday 7 December at 14:50.
LAST = at(7, 14, 50)


def state(**overrides: object) -> RetakeState:
    values: dict[str, object] = {
        "forms_taken": 1,
        "forms_left": 1,
        "last_submitted": LAST,
        "reflected": True,
        "step_done": False,
        "unlocked_by_teacher": False,
    }
    values.update(overrides)
    return RetakeState(**values)  # type: ignore[arg-type]


NO_WAIT = RetakeRules(cool_down_days=0, reflection_required=False)


class RetakeRuleTests(TestCase):
    def test_the_rules_in_a_table(self) -> None:
        cases = [
            # (what, rules, state, now, locks, unlocks at)
            ("first try: nothing to wait for", DEFAULT_RULES,
             state(forms_taken=0, last_submitted=None, reflected=False), at(7, 9), (), None),
            ("first try, no form at all", DEFAULT_RULES,
             state(forms_taken=0, forms_left=0, last_submitted=None), at(7, 9),
             (Lock.NO_FORM_LEFT,), None),
            ("default: same day, reflected", DEFAULT_RULES, state(), at(7, 23, 59),
             (Lock.COOL_DOWN,), at(8, 0)),
            ("default: next morning", DEFAULT_RULES, state(), at(8, 7, 30), (), None),
            ("default: next morning, no reflection", DEFAULT_RULES, state(reflected=False),
             at(8, 7, 30), (Lock.REFLECTION,), None),
            ("default: same day, no reflection", DEFAULT_RULES, state(reflected=False),
             at(7, 15), (Lock.COOL_DOWN, Lock.REFLECTION), at(8, 0)),
            ("no cool-down at all", RetakeRules(cool_down_days=0), state(), at(7, 14, 51),
             (), None),
            ("three days: day two", RetakeRules(cool_down_days=3), state(), at(9, 12),
             (Lock.COOL_DOWN,), at(10, 0)),
            ("three days: day three", RetakeRules(cool_down_days=3), state(), at(10, 0),
             (), None),
            ("a step is required, none done", RetakeRules(cool_down_days=0, step_required=True),
             state(), at(7, 15), (Lock.STEP,), None),
            ("a step is required and done",
             RetakeRules(cool_down_days=0, step_required=True), state(step_done=True),
             at(7, 15), (), None),
            ("two forms allowed, two taken", RetakeRules(cool_down_days=0, max_forms=2),
             state(forms_taken=2, forms_left=3), at(8, 9), (Lock.FORM_LIMIT,), None),
            ("two forms allowed, one taken", RetakeRules(cool_down_days=0, max_forms=2),
             state(forms_taken=1, forms_left=3), at(8, 9), (), None),
            ("every form taken", NO_WAIT, state(forms_taken=2, forms_left=0), at(9, 9),
             (Lock.NO_FORM_LEFT,), None),
            ("every form taken and the limit reached: said once",
             RetakeRules(cool_down_days=0, reflection_required=False, max_forms=2),
             state(forms_taken=2, forms_left=0), at(9, 9), (Lock.NO_FORM_LEFT,), None),
            ("the teacher unlocks: no wait, no reflection, no limit",
             RetakeRules(cool_down_days=5, step_required=True, max_forms=1),
             state(reflected=False, unlocked_by_teacher=True), at(7, 15), (), None),
            ("the teacher unlocks, but no form is left", DEFAULT_RULES,
             state(forms_left=0, unlocked_by_teacher=True), at(7, 15),
             (Lock.NO_FORM_LEFT,), None),
        ]  # fmt: skip
        for what, rules, st, now, locks, unlocks_at in cases:
            with self.subTest(what):
                verdict = retake(rules, st, now=now, zone=ZONE)
                self.assertEqual(verdict.locks, locks)
                self.assertEqual(verdict.unlocks_at, unlocks_at)
                self.assertEqual(verdict.open, not locks)
                self.assertEqual(len(verdict.reasons), len(locks))

    def test_a_late_evening_try_still_waits_for_the_next_school_day_in_the_schools_zone(
        self,
    ) -> None:
        # 23:30 in New York is already the next day in UTC: the wait is counted in the
        # school's days, so the student still waits until midnight New York time.
        late = at(7, 23, 30)
        verdict = retake(DEFAULT_RULES, state(last_submitted=late), now=at(7, 23, 45), zone=ZONE)
        self.assertEqual(verdict.unlocks_at, at(8, 0))

    def test_only_the_teacher_can_move_a_student_with_no_form_or_at_the_limit(self) -> None:
        table = [
            (NO_WAIT, state(forms_left=0), True),
            (RetakeRules(cool_down_days=0, reflection_required=False, max_forms=1), state(), True),
            (DEFAULT_RULES, state(reflected=False), False),
            (DEFAULT_RULES, state(), False),
        ]
        for rules, st, needs_teacher in table:
            with self.subTest(rules=rules, state=st):
                verdict = retake(rules, st, now=at(7, 15), zone=ZONE)
                self.assertEqual(verdict.needs_teacher, needs_teacher)

    def test_the_reasons_read_plainly(self) -> None:
        verdict = retake(
            RetakeRules(cool_down_days=3, step_required=True),
            state(reflected=False),
            now=at(7, 15),
            zone=ZONE,
        )
        self.assertEqual(
            [render(r) for r in verdict.reasons],
            [
                "The next form opens in 3 days.",
                "First write your reflection on your last try.",
                "First finish a step of your route, or ask your teacher to unlock the retake.",
            ],
        )
        tomorrow = retake(DEFAULT_RULES, state(), now=at(7, 15), zone=ZONE)
        self.assertEqual(render(tomorrow.reasons[0]), "The next form opens tomorrow.")
        limit = retake(
            RetakeRules(cool_down_days=0, reflection_required=False, max_forms=2),
            state(forms_taken=2, forms_left=1),
            now=at(7, 15),
            zone=ZONE,
        )
        self.assertEqual(
            render(limit.reasons[0]),
            "You have taken 2 forms: your teacher decides what comes next.",
        )

    def test_rules_out_of_range_are_refused_with_a_reason(self) -> None:
        for kwargs, words in [
            ({"cool_down_days": -1}, "from 0 to 30 days"),
            ({"cool_down_days": 31}, "from 0 to 30 days"),
            ({"max_forms": 0}, "from 1 to 20"),
            ({"max_forms": 21}, "from 1 to 20"),
        ]:
            with self.subTest(kwargs), self.assertRaisesRegex(RetakeRulesError, words):
                RetakeRules(**kwargs)  # type: ignore[arg-type]

    def test_stored_rules_round_trip_and_damaged_ones_fall_back_to_the_default(self) -> None:
        rules = RetakeRules(cool_down_days=2, reflection_required=False, step_required=True,
                            max_forms=3)  # fmt: skip
        self.assertEqual(RetakeRules.from_json(rules.to_json()), rules)
        for raw in [None, "x", [], {"cool_down_days": 10**9}, {"max_forms": -4},
                    {"cool_down_days": "2"}, {"cool_down_days": 1.5}]:  # fmt: skip
            with self.subTest(raw=raw):
                restored = RetakeRules.from_json(raw)
                self.assertTrue(0 <= restored.cool_down_days <= 30)
                self.assertTrue(restored.max_forms is None or restored.max_forms >= 1)
        self.assertEqual(RetakeRules.from_json({}), DEFAULT_RULES)
