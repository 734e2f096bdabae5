"""Which dates are plausible for a school. Pure.

A date typed into a form is checked against a window around today: nothing a school records
happened more than `YEARS_BACK` years ago, and nothing it plans lies more than `YEARS_AHEAD`
years ahead. Forms pass `today` in (lib.fields), so this reads no clock.
"""

from __future__ import annotations

from datetime import date

YEARS_BACK = 20
YEARS_AHEAD = 5


def years_from(day: date, years: int) -> date:
    """`day` moved by whole years (negative: back); 29 February becomes 28 February in a
    year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def plausible_window(
    today: date, *, years_back: int = YEARS_BACK, years_ahead: int = YEARS_AHEAD
) -> tuple[date, date]:
    """The first and last plausible date (both included) as seen on `today`."""
    return years_from(today, -years_back), years_from(today, years_ahead)
