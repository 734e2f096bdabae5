"""`manage.py check --deploy` with the production settings docs/deploy.md documents (its
example environment file, with a real secret key) warns of nothing the app could fix
itself: only the HSTS choices the docs leave to the school. About 5 seconds."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import TestCase

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy.md"
# The school's decisions (docs/deploy.md says so): HSTS for every subdomain, and preloading.
OPERATORS_CHOICE = {"security.W005", "security.W021"}


def documented_environment() -> dict[str, str]:
    """The variables of the example `/etc/masterymap.env` in docs/deploy.md."""
    text = DEPLOY.read_text()
    block = re.search(r"Example `/etc/masterymap.env`:\s*```sh\n(.*?)```", text, re.S)
    assert block, "docs/deploy.md lost its example environment file"
    variables = {}
    for line in block.group(1).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value.strip()
    return variables


def check_deploy(variables: dict[str, str]) -> tuple[set[str], str]:
    """Run `check --deploy` in a fresh process; returns (the check ids it reported, output)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SESSION_COOKIE_AGE"):
        env.pop(name, None)
    env.update(variables)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "CRITICAL"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return set(re.findall(r"\((\w+\.[WE]\d+)\)", output)), output


class DeployCheckTests(TestCase):
    def setUp(self) -> None:
        self.variables = documented_environment()
        # "Generate one with ..." (docs/deploy.md): the example's placeholder is not a key.
        self.assertIn("SECRET_KEY", self.variables)
        self.variables["SECRET_KEY"] = secrets.token_urlsafe(50)

    def test_the_documented_settings_leave_only_the_schools_own_choices(self) -> None:
        self.assertEqual(self.variables["DEBUG"], "false")
        reported, output = check_deploy(self.variables)
        self.assertLessEqual(reported, OPERATORS_CHOICE, output)
        docs = DEPLOY.read_text()
        for check_id in reported:
            self.assertIn(check_id, docs)  # explained to the school

    def test_making_those_choices_leaves_no_warning_at_all(self) -> None:
        self.variables |= {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "true", "SECURE_HSTS_PRELOAD": "true"}
        reported, output = check_deploy(self.variables)
        self.assertEqual(reported, set(), output)
        self.assertIn("System check identified no issues", output)

    def test_the_placeholder_key_would_be_reported(self) -> None:
        # The check does look: the docs' placeholder is too short and too plain.
        self.variables["SECRET_KEY"] = documented_environment()["SECRET_KEY"]
        reported, output = check_deploy(self.variables)
        self.assertIn("security.W009", reported, output)
