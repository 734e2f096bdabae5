"""Helpers for the few reads this app writes as plain SQL, because building them through the
ORM cost a student's page more CPU than the database spends running them (see each use).
The SQL must read the same on SQLite and PostgreSQL, and follow the models' schema."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def table(model: Any) -> str:
    """The model's table name, quoted for the database in use."""
    return str(connection.ops.quote_name(model._meta.db_table))


def moment(value: object) -> datetime | None:
    """A timestamp as the raw cursor returns it (SQLite: text in UTC), made aware."""
    found = value if value is None or isinstance(value, datetime) else parse_datetime(str(value))
    if found is not None and timezone.is_naive(found):
        found = found.replace(tzinfo=UTC)
    return found
