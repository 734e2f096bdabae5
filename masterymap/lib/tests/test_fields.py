"""Form fields for ids and dates (lib.fields): bad input is a form error with a message."""

from __future__ import annotations

from datetime import date

import time_machine
from django import forms
from django.test import SimpleTestCase
from django.utils import translation

from masterymap.lib.fields import IdField, PlausibleDateField
from masterymap.lib.ids import MAX_ID


class IdForm(forms.Form):
    thing = IdField(required=False, error_messages={"invalid": "Pick a thing."})


class IdFieldTests(SimpleTestCase):
    def test_it_takes_ids_and_refuses_everything_else_with_the_fields_message(self) -> None:
        rows = [
            ("42", 42),
            (" 42 ", 42),
            (str(MAX_ID), MAX_ID),
            ("", None),
            (str(2**63), "Pick a thing."),
            ("9" * 5000, "Pick a thing."),
            ("²", "Pick a thing."),
            ("٣", "Pick a thing."),
            ("0", "Pick a thing."),
            ("-1", "Pick a thing."),
            ("1.0", "Pick a thing."),
        ]
        for raw, expected in rows:
            with self.subTest(raw=raw):
                form = IdForm({"thing": raw})
                if isinstance(expected, str):
                    self.assertEqual(form.errors["thing"], [expected])
                else:
                    self.assertTrue(form.is_valid())
                    self.assertEqual(form.cleaned_data["thing"], expected)


class DateForm(forms.Form):
    on = PlausibleDateField()
    seen_on = PlausibleDateField(
        years_ahead=0, error_messages={"too_late": "Not in the future."}, required=False
    )


@time_machine.travel("2026-03-14 12:00:00+00:00", tick=False)
class PlausibleDateFieldTests(SimpleTestCase):
    def test_dates_within_twenty_years_back_and_five_ahead_are_kept(self) -> None:
        for raw, expected in [
            ("2026-03-14", date(2026, 3, 14)),
            ("2006-03-14", date(2006, 3, 14)),
            ("2031-03-14", date(2031, 3, 14)),
        ]:
            with self.subTest(raw=raw):
                form = DateForm({"on": raw})
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(form.cleaned_data["on"], expected)

    def test_implausible_dates_get_a_message_naming_the_limit(self) -> None:
        rows = [
            ("0001-01-01", "Enter a date from March 14, 2006 on."),
            ("2006-03-13", "Enter a date from March 14, 2006 on."),
            ("2031-03-15", "Enter a date up to March 14, 2031."),
            ("9999-12-31", "Enter a date up to March 14, 2031."),
            ("2026-02-30", "Enter a valid date."),
        ]
        for raw, message in rows:
            with self.subTest(raw=raw):
                self.assertEqual(DateForm({"on": raw}).errors["on"], [message])

    def test_a_field_that_ends_today_says_its_own_message(self) -> None:
        form = DateForm({"on": "2026-03-14", "seen_on": "2026-03-15"})
        self.assertEqual(form.errors["seen_on"], ["Not in the future."])

    def test_the_message_is_in_the_readers_language(self) -> None:
        with translation.override("es"):
            errors = DateForm({"on": "0001-01-01"}).errors["on"]
        # The date is written the Spanish way whether or not the sentence is translated yet.
        self.assertIn("14 de marzo de 2006", errors[0])
