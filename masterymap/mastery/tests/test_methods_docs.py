"""docs/mastery-methods.md stays honest about the registry (Datasette's tests/test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import TestCase

from masterymap.mastery.engine import DEFAULT_POLICY
from masterymap.mastery.methods import METHODS
from masterymap.mastery.scale import DEFAULT_SCALE, format_level

DOC = Path(__file__).resolve().parents[3] / "docs" / "mastery-methods.md"
SECTION = re.compile(r"^## `(?P<key>[a-z0-9_]+)`(?P<title>.*)$", re.MULTILINE)


def sections() -> dict[str, str]:
    """Each `## \\`key\\`` heading's key → the text up to the next `## ` heading."""
    text = DOC.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for match in SECTION.finditer(text):
        rest = text[match.end() :]
        following = re.search(r"^## ", rest, re.MULTILINE)
        found[match["key"]] = match["title"] + rest[: following.start() if following else None]
    return found


class MethodDocsTests(TestCase):
    def test_every_method_key_has_a_section(self) -> None:
        documented = sections()
        for method in METHODS:
            with self.subTest(method.key):
                self.assertIn(method.key, documented, f"add `## \\`{method.key}\\`` to {DOC.name}")

    def test_every_section_names_a_method_that_exists(self) -> None:
        keys = {method.key for method in METHODS}
        for key in sections():
            with self.subTest(key):
                self.assertIn(key, keys, f"{DOC.name} documents a method that no longer exists")

    def test_sections_follow_the_registry_order(self) -> None:
        self.assertEqual(list(sections()), [method.key for method in METHODS])

    def test_each_section_has_its_label_formula_parameters_edge_cases_and_example(self) -> None:
        documented = sections()
        for method in METHODS:
            with self.subTest(method.key):
                text = documented.get(method.key, "")
                self.assertIn(method.label, text.splitlines()[0] if text else "")
                for part in ("**Formula**", "**Parameters**", "**Edge cases**", "**Example**"):
                    self.assertIn(part, text)
                self.assertIn("not assessed", text, "say what no evidence gives")

    def test_every_parameter_is_documented_with_its_range_and_default(self) -> None:
        documented = sections()
        for method in METHODS:
            for parameter in method.parameters():
                with self.subTest(method.key, parameter=parameter.name):
                    # Lines wrap anywhere in Markdown; compare with whitespace collapsed.
                    text = " ".join(documented.get(method.key, "").split())
                    self.assertIn(f"`{parameter.name}`", text)
                    if parameter.kind == "int":
                        low, high = f"{parameter.min:.0f}", f"{parameter.max:.0f}"
                        default = f"default {parameter.default:.0f}"
                    else:
                        low, high = f"{parameter.min:.2f}", f"{parameter.max:.2f}"
                        default = f"default {parameter.default:.2f}"
                    self.assertIn(f"from {low} to {high}", text)
                    self.assertIn(default, text)

    def test_every_method_class_has_a_docstring(self) -> None:
        for method in METHODS:
            with self.subTest(method.key):
                self.assertTrue(method.__doc__ and method.__doc__.strip())
                self.assertTrue(method.label)


class DefaultPolicyDocsTests(TestCase):
    def test_the_default_policy_is_documented_under_its_own_method_only(self) -> None:
        # The UI once said "most recent" while these docs said "decaying average".
        for key, text in sections().items():
            with self.subTest(key):
                says_default = "This is the default policy" in text
                self.assertEqual(says_default, key == DEFAULT_POLICY.method)


class LevelDisplayDocsTests(TestCase):
    def test_the_table_of_fractional_levels_is_what_the_code_shows(self) -> None:
        rows = re.findall(
            r"^\s*\| ([0-9.]+) \| ([0-9.]+) \| (\w+) \| (yes|no) \|$",
            DOC.read_text(encoding="utf-8"),
            re.MULTILINE,
        )
        self.assertGreaterEqual(len(rows), 5)
        for level, shown, label, mastered in rows:
            with self.subTest(level=level):
                value = float(level)
                self.assertEqual(format_level(value), shown)
                self.assertEqual(DEFAULT_SCALE.label_for(value), label)
                self.assertEqual(DEFAULT_SCALE.is_mastered(value), mastered == "yes")
