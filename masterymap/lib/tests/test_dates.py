"""Which dates a form accepts (lib.dates)."""

from __future__ import annotations

from datetime import date
from unittest import TestCase

from masterymap.lib.dates import plausible_window, years_from


class PlausibleWindowTests(TestCase):
    def test_it_reaches_twenty_years_back_and_five_ahead_by_default(self) -> None:
        self.assertEqual(
            plausible_window(date(2026, 3, 14)), (date(2006, 3, 14), date(2031, 3, 14))
        )

    def test_a_window_can_end_today(self) -> None:
        self.assertEqual(
            plausible_window(date(2026, 3, 14), years_back=1, years_ahead=0),
            (date(2025, 3, 14), date(2026, 3, 14)),
        )

    def test_29_february_moves_to_28_february_in_a_common_year(self) -> None:
        rows = [
            ("back to a common year", date(2024, 2, 29), -1, date(2023, 2, 28)),
            ("ahead to a common year", date(2024, 2, 29), 1, date(2025, 2, 28)),
            ("to another leap year", date(2024, 2, 29), 4, date(2028, 2, 29)),
            ("any other day keeps its day", date(2026, 3, 14), -20, date(2006, 3, 14)),
        ]
        for name, day, years, expected in rows:
            with self.subTest(name):
                self.assertEqual(years_from(day, years), expected)
