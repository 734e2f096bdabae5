"""The SQLite connection a school gets by default: WAL, a busy timeout, IMMEDIATE writes."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


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
