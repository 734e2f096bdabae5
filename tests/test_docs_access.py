"""docs/concepts.md's "Who may see what" table names every access helper, with its module:
it is the one place a reviewer reads to learn who may see what."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from unittest import TestCase

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "standards",
    "assessments",
    "evidence",
    "mastery",
    "interventions",
    "goals",
    "benchmarks",
    "exchange",
]


def helpers() -> dict[str, str]:
    """Public functions defined in each app's access.py → their module ("mastery.access")."""
    found = {}
    for app in APPS:
        module = importlib.import_module(f"masterymap.{app}.access")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                found[name] = f"{app}.access"
    return found


def table_rows() -> list[str]:
    text = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    section = text.split("## Who may see what", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ")]


class AccessDocsTests(TestCase):
    def test_every_access_helper_is_in_the_table_with_its_module(self) -> None:
        rows = table_rows()
        found = helpers()
        self.assertGreater(len(found), 15)
        for name, module in found.items():
            with self.subTest(helper=name):
                row = next((r for r in rows if f"`{name}`" in r), None)
                self.assertIsNotNone(row, f"add {name} to the table in docs/concepts.md")
                self.assertIn(f"`{module}`", row or "")

    def test_the_table_names_no_helper_that_does_not_exist(self) -> None:
        found = helpers()
        for row in table_rows():
            first_cell = row.split("|")[1]
            for name in re.findall(r"`([a-z_]+)`", first_cell):
                with self.subTest(helper=name):
                    self.assertIn(name, found)
