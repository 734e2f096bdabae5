"""The import contracts in pyproject.toml: every app sits in a layer, every pure module is kept
free of Django, and the contracts really fail on an upward import (docs/concepts.md, "Layers")."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from unittest import TestCase

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "masterymap"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def layer_modules() -> set[str]:
    return {
        name.strip()
        for line in contracts()["layers"]["layers"]
        for name in re.split(r"[|:]", line)
        if name.strip()
    }


def declared_pure() -> set[str]:
    """Modules whose docstring's first paragraph calls them pure ("Pure.", "Pure: …")."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        if re.search(r"\bPure\b", doc.split("\n\n")[0]):
            module = path.relative_to(ROOT).with_suffix("").parts
            found.add(".".join(module))
    return found


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, so grimp reads it and not the installed package.
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


class LayerContractTests(TestCase):
    def test_every_app_and_top_module_of_the_package_is_in_a_layer(self) -> None:
        # Deleting a layer's line leaves its app unchecked: this is what notices.
        parts = {
            f"masterymap.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()
        } | {f"masterymap.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
        self.assertEqual(parts - layer_modules(), set(), "not in any layer")
        self.assertEqual(layer_modules() - parts, set(), "a layer names no module")

    def test_every_module_that_says_it_is_pure_is_kept_free_of_django(self) -> None:
        pure = set(contracts()["pure"]["source_modules"])
        self.assertIn("masterymap.mastery.methods", pure)
        self.assertEqual(declared_pure(), pure)


class ContractsFailTests(TestCase):
    """Run import-linter on a copy of the package, before and after breaking a rule."""

    def setUp(self) -> None:
        import tempfile

        self.tree = Path(tempfile.mkdtemp(prefix="layers-"))
        self.addCleanup(shutil.rmtree, self.tree, ignore_errors=True)
        shutil.copy(ROOT / "pyproject.toml", self.tree)
        shutil.copytree(
            PACKAGE, self.tree / "masterymap", ignore=shutil.ignore_patterns("__pycache__")
        )

    def append(self, relative: str, line: str) -> None:
        path = self.tree / relative
        path.write_text(path.read_text() + "\n" + line + "\n")

    def test_the_package_as_it_is_keeps_every_contract(self) -> None:
        result = lint_imports(self.tree)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("0 broken", result.stdout)

    def test_an_upward_import_breaks_the_layers(self) -> None:
        self.append("masterymap/evidence/models.py", "from masterymap.workflows import actions")
        result = lint_imports(self.tree)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("masterymap.evidence.models -> masterymap.workflows.actions", result.stdout)

    def test_django_in_a_pure_module_breaks_the_pure_contract(self) -> None:
        self.append("masterymap/mastery/scale.py", "from django.utils import timezone")
        result = lint_imports(self.tree)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("masterymap.mastery.scale is not allowed to import django", result.stdout)
