"""Pace and projection toward a finish line, in tables; the clock is the `today` passed in."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from unittest import TestCase

from masterymap.goals.pace import FinishLine, PaceState, pace, sentence
from masterymap.mastery.phrases import render

TODAY = date(2026, 12, 3)  # a Thursday


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


def iso(day: date) -> str:
    return day.isoformat()


# Six standards in the last four weeks: 1.5 a week.
SIX_IN_FOUR_WEEKS = days_ago(1, 5, 9, 13, 20, 27)
OLD = days_ago(40, 45, 60)


class PaceTests(TestCase):
    def test_pace_projection_needed_pace_and_state(self) -> None:
        rows = [
            # (name, target, deadline, set on, mastered, state, per week, needed, projected)
            (
                "on track: 1.5 a week reaches 12 before the deadline",
                12,
                date(2027, 1, 31),
                date(2026, 10, 1),
                SIX_IN_FOUR_WEEKS + OLD,
                PaceState.ON_TRACK,
                Decimal("1.5"),
                Decimal("0.4"),  # 3 left over 60 days: 0.35 a week
                TODAY + timedelta(days=14),  # 3 left at 1.5 a week
            ),
            (
                "off track: the same pace is too slow for 20 by Christmas",
                20,
                date(2026, 12, 24),
                date(2026, 10, 1),
                SIX_IN_FOUR_WEEKS + OLD,
                PaceState.OFF_TRACK,
                Decimal("1.5"),
                Decimal("3.5"),  # 11 left over 22 days
                TODAY + timedelta(days=52),
            ),
            (
                "off track: nothing mastered lately, so no projection",
                10,
                date(2026, 12, 31),
                date(2026, 10, 1),
                OLD,
                PaceState.OFF_TRACK,
                Decimal("0"),
                Decimal("1.7"),  # 7 left over 29 days
                None,
            ),
            (
                "reached: exactly the target",
                9,
                date(2026, 12, 31),
                date(2026, 10, 1),
                SIX_IN_FOUR_WEEKS + OLD,
                PaceState.REACHED,
                Decimal("1.5"),
                None,
                None,
            ),
            (
                "passed: beyond the target, even after the deadline",
                8,
                date(2026, 11, 30),
                date(2026, 10, 1),
                SIX_IN_FOUR_WEEKS + OLD,
                PaceState.PASSED,
                Decimal("1.5"),
                None,
                None,
            ),
            (
                "off track: the deadline has gone by short of the target",
                20,
                date(2026, 11, 30),
                date(2026, 10, 1),
                SIX_IN_FOUR_WEEKS + OLD,
                PaceState.OFF_TRACK,
                Decimal("1.5"),
                None,
                TODAY + timedelta(days=52),
            ),
            (
                "a goal set three days ago reads a week, not three days",
                5,
                date(2026, 12, 31),
                TODAY - timedelta(days=2),
                days_ago(0, 1),
                PaceState.ON_TRACK,
                Decimal("2"),
                Decimal("0.7"),
                TODAY + timedelta(days=11),  # 3 left at 2 a week: 10.5 days, rounded up
            ),
            (
                "a day in the future (a clock skew) does not count",
                2,
                date(2026, 12, 31),
                date(2026, 10, 1),
                [TODAY, TODAY + timedelta(days=1)],
                PaceState.ON_TRACK,
                Decimal("0.3"),
                Decimal("0.2"),
                TODAY + timedelta(days=28),
            ),
        ]
        for name, target, deadline, set_on, mastered, state, per_week, needed, projected in rows:
            with self.subTest(name):
                p = pace(FinishLine(target, deadline, set_on), mastered, today=TODAY)
                self.assertEqual(
                    (p.state, p.per_week, p.needed_per_week, p.projected),
                    (state, per_week, needed, projected),
                )

    def test_one_sentence_for_each_state(self) -> None:
        rows = [
            (
                FinishLine(12, date(2027, 1, 31), date(2026, 10, 1)),
                SIX_IN_FOUR_WEEKS + OLD,
                "At 1.5 standards a week you reach 12 on 2026-12-17; the deadline needs 0.4 a "
                "week.",
            ),
            (
                FinishLine(2, date(2026, 12, 31), date(2026, 12, 1)),
                days_ago(0),
                "At 1 standard a week you reach 2 on 2026-12-10; the deadline needs 0.2 a week.",
            ),
            (
                FinishLine(10, date(2026, 12, 31), date(2026, 10, 1)),
                OLD,
                "No standard mastered in the last weeks yet; the deadline needs 1.7 a week.",
            ),
            (
                FinishLine(9, date(2026, 12, 31), date(2026, 10, 1)),
                SIX_IN_FOUR_WEEKS + OLD,
                "You reached your goal of 9.",
            ),
            (
                FinishLine(8, date(2026, 12, 31), date(2026, 10, 1)),
                SIX_IN_FOUR_WEEKS + OLD,
                "You passed your goal: 9 of 8.",
            ),
            (
                FinishLine(20, date(2026, 11, 30), date(2026, 10, 1)),
                SIX_IN_FOUR_WEEKS + OLD,
                "The deadline, 2026-11-30, has gone by: 9 of 20.",
            ),
        ]
        for goal, mastered, expected in rows:
            with self.subTest(expected):
                p = pace(goal, mastered, today=TODAY)
                self.assertEqual(render(sentence(p, iso)), expected)
