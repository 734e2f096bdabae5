"""Typed readers for environment variables."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import TestCase, mock

from masterymap.lib.env import env_bool, env_int, env_list, env_str

NAME = "MASTERYMAP_TEST_SETTING"


@contextmanager
def environ(value: str | None) -> Iterator[None]:
    """Patch os.environ so that NAME is `value`, or unset when `value` is None."""
    with mock.patch.dict(os.environ):
        if value is None:
            os.environ.pop(NAME, None)
        else:
            os.environ[NAME] = value
        yield


class EnvStrTests(TestCase):
    def test_it_returns_the_value_or_the_default(self) -> None:
        rows = [("unset", None, "fallback"), ("set", "hello", "hello"), ("empty", "", "")]
        for description, value, expected in rows:
            with self.subTest(description), environ(value):
                self.assertEqual(env_str(NAME, "fallback"), expected)


class EnvBoolTests(TestCase):
    def test_it_reads_the_usual_spellings_of_true_and_false(self) -> None:
        rows = [
            ("1", True),
            ("true", True),
            ("TRUE", True),
            ("yes", True),
            ("On", True),
            ("  true  ", True),
            ("0", False),
            ("false", False),
            ("No", False),
            ("off", False),
            ("", False),
            ("   ", False),
        ]
        for value, expected in rows:
            for default in (True, False):
                with self.subTest(value=value, default=default), environ(value):
                    self.assertIs(env_bool(NAME, default), expected)

    def test_an_unset_variable_gives_the_default(self) -> None:
        for default in (True, False):
            with self.subTest(default=default), environ(None):
                self.assertIs(env_bool(NAME, default), default)
        with environ(None):
            self.assertIs(env_bool(NAME), False)

    def test_any_other_value_is_an_error_that_names_the_variable(self) -> None:
        for value in ["maybe", "2", "y", "enabled"]:
            with self.subTest(value=value), environ(value):
                with self.assertRaises(ValueError) as raised:
                    env_bool(NAME)
                self.assertEqual(
                    str(raised.exception),
                    f"{NAME} must be one of true/false/1/0/yes/no, not {value!r}",
                )


class EnvIntTests(TestCase):
    def test_it_reads_whole_numbers(self) -> None:
        rows = [("42", 42), ("0", 0), ("-3", -3), (" 7 ", 7), ("+8", 8)]
        for value, expected in rows:
            with self.subTest(value=value), environ(value):
                self.assertEqual(env_int(NAME, 99), expected)

    def test_an_unset_or_blank_variable_gives_the_default(self) -> None:
        for value in [None, "", "   "]:
            with self.subTest(value=value), environ(value):
                self.assertEqual(env_int(NAME, 99), 99)

    def test_anything_else_is_an_error_that_names_the_variable(self) -> None:
        for value in ["4.5", "abc", "1e3", "ten", "0x10"]:
            with self.subTest(value=value), environ(value):
                with self.assertRaises(ValueError) as raised:
                    env_int(NAME, 99)
                self.assertEqual(
                    str(raised.exception), f"{NAME} must be a whole number, not {value!r}"
                )


class EnvListTests(TestCase):
    def test_it_splits_on_commas_and_drops_blank_parts(self) -> None:
        rows = [
            ("one", "a", ["a"]),
            ("several", "a,b,c", ["a", "b", "c"]),
            ("spaces and empty parts", " a , b,, c ,", ["a", "b", "c"]),
            ("empty", "", []),
            ("only commas", " , ,", []),
        ]
        for description, value, expected in rows:
            with self.subTest(description), environ(value):
                self.assertEqual(env_list(NAME, ["default"]), expected)

    def test_an_unset_variable_gives_a_copy_of_the_default(self) -> None:
        default = ["localhost", "127.0.0.1"]
        with environ(None):
            result = env_list(NAME, default)
            self.assertEqual(result, default)
            self.assertIsNot(result, default)
            self.assertEqual(env_list(NAME), [])
