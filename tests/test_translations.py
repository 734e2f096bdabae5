"""Every string marked for translation has its Spanish, and the compiled catalogues the app
reads are up to date. Unmarked strings are caught by the browser tests, which render every
page in Spanish and look for English words (tests/browser/test_accessibility.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import TestCase

import polib

ROOT = Path(__file__).resolve().parent.parent
ADMIN = Path(sys.executable).with_name("django-admin")
APPS = [
    "accounts",
    "standards",
    "assessments",
    "evidence",
    "mastery",
    "interventions",
    "goals",
    "benchmarks",
    "workflows",
    "exchange",
]


def catalogues(root: Path) -> dict[str, Path]:
    found = {"project": root / "locale" / "es" / "LC_MESSAGES" / "django.po"}
    for app in APPS:
        found[app] = root / "masterymap" / app / "locale" / "es" / "LC_MESSAGES" / "django.po"
    return found


def problems(po: polib.POFile) -> list[str]:
    out = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            out.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural and not all(entry.msgstr_plural.values()):
            out.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgid_plural and not entry.msgstr:
            out.append(f"untranslated: {entry.msgid!r}")
    return out


class CatalogueTests(TestCase):
    def test_every_catalogue_is_complete_and_compiled(self) -> None:
        for name, path in catalogues(ROOT).items():
            with self.subTest(catalogue=name):
                self.assertTrue(path.exists(), f"{path} is missing: run make messages")
                po = polib.pofile(str(path))
                self.assertEqual(problems(po), [])
                mo = polib.mofile(str(path.with_suffix(".mo")))
                compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
                written = {
                    (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
                    for e in po.translated_entries()
                }
                self.assertEqual(compiled, written, "stale .mo: run make messages")

    def test_extracting_again_finds_nothing_new(self) -> None:
        # On a copy, so the test never rewrites the tree it checks.
        tree = Path(tempfile.mkdtemp(prefix="messages-"))
        self.addCleanup(shutil.rmtree, tree, ignore_errors=True)
        for part in ["masterymap", "templates", "locale", ".ci"]:
            shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "masterymap.settings",
            "PYTHONPATH": str(tree),
        }
        script = (tree / ".ci" / "messages.sh").read_text()
        (tree / ".ci" / "messages.sh").write_text(
            script.replace('admin="$root/.venv/bin/django-admin"', f'admin="{ADMIN}"')
        )
        result = subprocess.run(
            ["bash", str(tree / ".ci" / "messages.sh"), "extract"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        for name, path in catalogues(tree).items():
            with self.subTest(catalogue=name):
                self.assertEqual(problems(polib.pofile(str(path))), [], "run make messages")
