"""The alert rules in tables, with the day passed in."""

from __future__ import annotations

from datetime import date
from unittest import TestCase

from masterymap.goals.alerts import (
    Kind,
    goal_alert,
    is_key,
    not_yet_again,
    school_days_between,
    stalled,
    undismissed,
)

THU = date(2026, 12, 3)


class SchoolDayTests(TestCase):
    def test_school_days_skip_weekends(self) -> None:
        # Monday to Friday only. Holidays are not modelled (the school has no calendar here):
        # after a holiday week a student may show as stalled, and the teacher dismisses it.
        rows = [
            # (since, until, school days)
            (THU, THU, 0),
            (THU, date(2026, 12, 4), 1),  # Friday
            (THU, date(2026, 12, 6), 1),  # Sunday: the weekend adds nothing
            (THU, date(2026, 12, 7), 2),  # Monday
            (THU, date(2026, 12, 10), 5),  # a week later
            (THU, date(2026, 12, 17), 10),
            (date(2026, 12, 5), date(2026, 12, 7), 1),  # from a Saturday to Monday
            (THU, date(2026, 12, 1), 0),  # backwards: none
            (date(2026, 12, 4), date(2026, 12, 11), 5),  # Friday to Friday
            (date(2026, 12, 6), date(2026, 12, 12), 5),  # Sunday to Saturday
            (THU, date(2027, 1, 4), 22),  # a month on, over the new year: weeks and a rest
            (date(2026, 12, 25), date(2026, 12, 26), 0),  # Christmas is a Friday, then Saturday
        ]
        for since, until, n in rows:
            with self.subTest(since=since, until=until):
                self.assertEqual(school_days_between(since, until), n)


class RuleTests(TestCase):
    def test_stalled_after_n_school_days(self) -> None:
        rows = [
            # (last evidence, today, after, stalled?)
            (THU, date(2026, 12, 9), 5, False),  # 4 school days
            (THU, date(2026, 12, 10), 5, True),  # 5
            (THU, date(2026, 12, 7), 2, True),  # Friday, Monday
            (THU, date(2026, 12, 6), 2, False),  # the weekend does not count
        ]
        for last, today, after, expected in rows:
            with self.subTest(today=today, after=after):
                alert = stalled(7, last, today, after)
                self.assertEqual(alert is not None, expected)
                if alert:
                    self.assertEqual(alert.key, "stalled:7:2026-12-03")

    def test_not_yet_after_three_tries_one_alert_per_student(self) -> None:
        rows = [
            # (tries per standard, key, standards named, most tries first)
            ({9: 2}, None, ()),
            ({9: 3}, "notyet:1:3", ((9, 3),)),
            ({9: 3, 4: 5, 7: 1}, "notyet:1:8", ((4, 5), (9, 3))),
        ]
        for tries, key, stuck in rows:
            with self.subTest(tries=tries):
                alert = not_yet_again(1, tries)
                self.assertEqual(alert.key if alert else None, key)
                self.assertEqual(alert.stuck if alert else (), stuck)

    def test_goal_states(self) -> None:
        rows = [
            ("on_track", None),
            ("off_track", "off:5"),
            ("reached", "reached:5"),
            ("passed", "passed:5"),
        ]
        for state, key in rows:
            with self.subTest(state):
                alert = goal_alert(5, 2, state)
                self.assertEqual(alert.key if alert else None, key)

    def test_dismissed_alerts_go_and_the_rest_come_in_the_panels_order(self) -> None:
        found = [
            goal_alert(1, 2, "reached"),
            stalled(3, THU, date(2026, 12, 17), 5),
            goal_alert(2, 3, "off_track"),
            not_yet_again(4, {1: 3}),
        ]
        shown = undismissed([a for a in found if a], {"notyet:4:3"})
        self.assertEqual([a.kind for a in shown], [Kind.OFF_TRACK, Kind.STALLED, Kind.REACHED])

    def test_keys_are_checked(self) -> None:
        good = ["off:1", "reached:22", "passed:3", "stalled:4:2026-12-03", "notyet:1:12"]
        bad = [
            "",
            "off:",
            "off:1:2",
            "stalled:4",
            "x" * 130,
            "off:1; DROP",
            "stalled:4:26-1-3",
            "notyet:1",
            "notyet:1:2:3",
        ]
        for key in good:
            self.assertTrue(is_key(key), key)
        for key in bad:
            self.assertFalse(is_key(key), key)
