"""Ids read from URLs, query strings and forms (lib.ids)."""

from __future__ import annotations

from unittest import TestCase

from masterymap.lib.ids import MAX_ID, parse_id


class ParseIdTests(TestCase):
    def test_it_reads_ascii_ids_and_refuses_everything_else(self) -> None:
        rows = [
            ("a plain id", "42", 42),
            ("surrounding spaces", " 42\n", 42),
            ("leading zeros", "007", 7),
            ("the largest 64-bit id", str(MAX_ID), MAX_ID),
            ("the largest id, zero-padded", "000" + str(MAX_ID), MAX_ID),
            ("an int", 42, 42),
            ("2⁶³ is too large for the column", str(2**63), None),
            ("2⁶⁴", str(2**64), None),
            ("a 5,000-digit number", "9" * 5000, None),
            ("zero", "0", None),
            ("zeros", "0000", None),
            ("negative", "-3", None),
            ("a plus sign", "+3", None),
            ("a decimal", "3.0", None),
            ("an exponent", "1e3", None),
            ("a superscript two", "²", None),
            ("Arabic-Indic three", "٣", None),
            ("Devanagari one", "१", None),
            ("full-width one", "１", None),
            ("a space inside", "4 2", None),
            ("empty", "", None),
            ("only spaces", "  ", None),
            ("None", None, None),
            ("True is no id", True, None),
            ("a negative int", -1, None),
            ("a too-large int", 2**63, None),
            ("a list", ["1"], None),
            ("a float", 1.0, None),
            ("a NUL", "1\x00", None),
        ]
        for name, raw, expected in rows:
            with self.subTest(name):
                self.assertEqual(parse_id(raw), expected)
