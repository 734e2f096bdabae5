"""Form fields for input that must never reach the database unchecked: ids, dates and the
limits on free text. Each refuses bad input with a message in the reader's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from masterymap.lib.dates import YEARS_AHEAD, YEARS_BACK, plausible_window
from masterymap.lib.ids import parse_id

# Caps for free text a form takes into a TextField (a CharField's cap is its max_length):
# long enough for any real stem, description or note, short enough that no post can fill the
# database or a page.
LONG_TEXT_MAX = 10_000  # item stems and feedback (Markdown, tables), map descriptions
TEXT_MAX = 2_000  # notes, statements, reasons


class IdField(forms.IntegerField):
    """A database id posted by a form (a hidden input, a select, a link's query): ASCII
    digits from 1 to 2⁶³ − 1 (`lib.ids`). Anything else is "invalid", never an overflow."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        found = parse_id(value if isinstance(value, int) else str(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return found


class PlausibleDateField(forms.DateField):
    """A date within `lib.dates.plausible_window` of today (the school's day), so a typo
    such as 0026-03-14 or 20260-03-14 gets a clear message instead of being kept.

    `years_ahead=0` refuses the future: pass a `too_late` message that says why.
    """

    default_error_messages = {
        "too_early": _("Enter a date from %(earliest)s on."),
        "too_late": _("Enter a date up to %(latest)s."),
    }

    def __init__(
        self, *, years_back: int = YEARS_BACK, years_ahead: int = YEARS_AHEAD, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.years_back = years_back
        self.years_ahead = years_ahead

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is None:
            return
        earliest, latest = plausible_window(
            timezone.localdate(), years_back=self.years_back, years_ahead=self.years_ahead
        )
        shown = {
            "earliest": formats.date_format(earliest, "DATE_FORMAT"),
            "latest": formats.date_format(latest, "DATE_FORMAT"),
        }
        if value < earliest:
            raise ValidationError(self.error_messages["too_early"], "too_early", shown)
        if value > latest:
            raise ValidationError(self.error_messages["too_late"], "too_late", shown)
