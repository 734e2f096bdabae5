"""The database a school gets: by default SQLite with WAL, a busy timeout and IMMEDIATE
writes; on PostgreSQL, statements a connection repeats are prepared."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from masterymap.standards.models import Standard


def test_the_default_database_uses_wal_a_busy_timeout_and_immediate_transactions(
    tmp_path, django_db_blocker
) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("running against PostgreSQL")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    config = settings.DATABASES["default"] | {"NAME": str(tmp_path / "t.sqlite3")}
    wrapper = DatabaseWrapper(config, alias="wal-check")
    with django_db_blocker.unblock():
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone()[0] >= 5000
        finally:
            wrapper.close()


def _database_options(**env: str) -> dict:
    """The default database's OPTIONS as settings.py builds them under `env`."""
    script = (
        "import json; from masterymap import settings as s; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def test_postgresql_binds_on_the_server_and_prepares_unless_told_not_to() -> None:
    url = "postgres://u:p@db.example:5432/masterymap"
    on = _database_options(DATABASE_URL=url)
    assert on["server_side_binding"] is True
    assert on["prepare_threshold"] == 5
    # Behind a pooler that cannot keep prepared statements: Django's own defaults.
    off = _database_options(DATABASE_URL=url, POSTGRES_PREPARED="0")
    assert "server_side_binding" not in off
    assert "prepare_threshold" not in off


@pytest.mark.django_db
def test_postgresql_prepares_a_statement_the_connection_repeats() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("running against SQLite")
    for pk in range(1, 8):
        Standard.objects.filter(pk=pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%standards_standard%"],
        )
        assert cursor.fetchone()[0] >= 1
