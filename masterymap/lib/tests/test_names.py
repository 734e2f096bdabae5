"""Names, usernames and passwords for roster entry."""

from __future__ import annotations

from unittest import TestCase

from masterymap.lib.names import (
    PersonName,
    new_password,
    parse_name_line,
    password_words_needed,
    unique_username,
    username_base,
)


class ParseNameLineTests(TestCase):
    def test_it_reads_first_last_and_last_comma_first(self) -> None:
        rows = [
            ("first last", "Ana García", PersonName("Ana", "García")),
            ("last, first", "García, Ana", PersonName("Ana", "García")),
            ("last, first without a space", "García,Ana", PersonName("Ana", "García")),
            (
                "extra spaces are collapsed; everything after the first word is the last name",
                "  Ana   María  López ",
                PersonName("Ana", "María López"),
            ),
            (
                "two-word last name before the comma",
                "López García, Ana María",
                PersonName("Ana María", "López García"),
            ),
            ("tabs count as spaces", "Ana\tGarcía", PersonName("Ana", "García")),
            ("one word is a first name", "Cher", PersonName("Cher", "")),
        ]
        for description, line, expected in rows:
            with self.subTest(description, line=line):
                self.assertEqual(parse_name_line(line), expected)

    def test_a_blank_line_is_no_name(self) -> None:
        for line in ["", "   ", "\t\n"]:
            with self.subTest(line=line):
                self.assertIsNone(parse_name_line(line))


class UsernameBaseTests(TestCase):
    def test_it_is_ascii_first_dot_last(self) -> None:
        rows = [
            ("plain", PersonName("Ana", "Garcia"), "ana.garcia"),
            ("accents dropped", PersonName("Tomás", "Núñez"), "tomas.nunez"),
            ("diaeresis dropped", PersonName("Zoë", "Brontë"), "zoe.bronte"),
            ("apostrophe removed", PersonName("Liam", "O'Brien"), "liam.obrien"),
            ("hyphen removed", PersonName("Jean-Luc", "Picard"), "jeanluc.picard"),
            ("spaces removed", PersonName("Ana", "María López"), "ana.marialopez"),
            ("digits kept", PersonName("Ana", "García 2"), "ana.garcia2"),
            ("first name only", PersonName("Cher", ""), "cher"),
            ("last name only", PersonName("", "García"), "garcia"),
        ]
        for description, name, expected in rows:
            with self.subTest(description):
                self.assertEqual(username_base(name), expected)

    def test_it_is_at_most_thirty_characters(self) -> None:
        name = PersonName("Maximiliano", "Fernández de la Santísima Trinidad")
        self.assertEqual(username_base(name), "maximiliano.fernandezdelasanti")

    def test_it_falls_back_to_student_when_nothing_ascii_is_left(self) -> None:
        rows = [
            ("empty", PersonName("", "")),
            ("only punctuation", PersonName("!!", "--")),
            ("non-latin script", PersonName("李", "小龙")),
        ]
        for description, name in rows:
            with self.subTest(description):
                self.assertEqual(username_base(name), "student")


class UniqueUsernameTests(TestCase):
    def test_it_adds_the_first_free_number_from_two(self) -> None:
        rows = [
            ("free", set(), "ana.garcia"),
            ("someone else taken", {"tomas.nunez"}, "ana.garcia"),
            ("taken", {"ana.garcia"}, "ana.garcia2"),
            ("taken twice", {"ana.garcia", "ana.garcia2"}, "ana.garcia3"),
            ("a gap is reused", {"ana.garcia", "ana.garcia3"}, "ana.garcia2"),
            ("only a numbered one taken", {"ana.garcia2"}, "ana.garcia"),
        ]
        for description, taken, expected in rows:
            with self.subTest(description):
                self.assertEqual(unique_username("ana.garcia", taken), expected)


class NewPasswordTests(TestCase):
    def test_enough_words_for_the_bits_asked(self) -> None:
        cases = [  # list size, bits, words needed
            (1296, 40, 4),  # the EFF short list: 10.34 bits a word
            (7776, 40, 4),  # the EFF long list: 12.9 bits a word
            (2, 40, 40),
            (1024, 40, 4),  # exactly 10 bits a word
            (1023, 40, 5),
        ]
        for size, bits, needed in cases:
            with self.subTest(size=size, bits=bits):
                self.assertEqual(password_words_needed(size, bits), needed)
        with self.assertRaises(ValueError):
            password_words_needed(1)

    def test_it_is_words_of_the_list_joined_by_hyphens(self) -> None:
        words = [f"w{n:04d}" for n in range(1296)]
        for _ in range(100):
            password = new_password(words)
            parts = password.split("-")
            with self.subTest(password=password):
                self.assertEqual(len(parts), 4)
                self.assertTrue(set(parts) <= set(words))
        # Duplicates in a list add no entropy: they are counted once.
        self.assertEqual(len(new_password(["ab", "ab", "cd"], bits=3).split("-")), 3)

    def test_passwords_differ(self) -> None:
        words = [f"w{n:04d}" for n in range(1296)]
        self.assertEqual(len({new_password(words) for _ in range(200)}), 200)


class NameEdgeCaseTests(TestCase):
    def test_a_lone_comma_is_no_name_and_a_trailing_comma_keeps_the_one_name(self) -> None:
        self.assertIsNone(parse_name_line(","))
        self.assertEqual(parse_name_line("García,"), PersonName("García", ""))

    def test_a_truncated_username_never_ends_with_a_dot(self) -> None:
        self.assertFalse(username_base(PersonName("a" * 29, "Smith")).endswith("."))
