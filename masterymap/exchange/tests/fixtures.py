"""Where the shared fixture files are: real files from public projects, used by the tests and
never shipped. They sit beside the repository (`../shared/fixtures`); MASTERYMAP_FIXTURES
names another place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = Path(os.environ.get("MASTERYMAP_FIXTURES", REPO.parent / "shared" / "fixtures"))


def fixture_path(*parts: str) -> Path:
    """The fixture's path; the test is skipped, saying why, when the fixtures are absent."""
    path = FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"fixture not found: {path} (set MASTERYMAP_FIXTURES)")
    return path
