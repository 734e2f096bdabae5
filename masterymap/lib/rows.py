"""A queryset's rows straight from the database cursor, for the few reads that return
thousands of rows on a page a whole class loads (the grid, the alerts, a student's map and
tracker). Django's row iterator converts every value through the field (a regular
expression per SQLite timestamp, a call per boolean): for those reads that was more time
than the query. The caller converts what it uses, with `aware_datetime`.

And rows written the same way (`insert_rows`): many at once, without a model instance each.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Field, Model, QuerySet
from django.utils.dateparse import parse_datetime


def raw_rows(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` queryset as the driver returns them. SQLite's driver
    converts a column by its declared type (dates, naive timestamps in UTC, booleans) and
    gives an expression's value as text or 0/1; PostgreSQL gives dates, aware datetimes
    and booleans."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # an empty `__in`: Django knows there is nothing to read
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def aware_datetime(value: object) -> datetime:
    """A timestamp as `raw_rows` returns it (SQLite: naive or text, in UTC), made aware."""
    if isinstance(value, datetime):
        found: datetime | None = value
    else:
        try:  # the C parser first; Django's regular expression for anything it refuses
            found = datetime.fromisoformat(str(value))
        except ValueError:
            found = parse_datetime(str(value))
    if found is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found


def insert_rows(model: type[Model], names: Sequence[str], rows: list[list[Any]]) -> None:
    """INSERT with executemany, values already as the database takes them (plain numbers
    and strings pass as they are; a field's `get_db_prep_save` prepares the others); the
    fields not named get their default. bulk_create would build and prepare a model
    instance per row: most of a school's recompute, and a good part of an autosave (bench/).
    Sends no signals, as bulk_create sends none."""
    if not rows:
        return
    meta = model._meta
    named = [cast(Field[Any, Any], meta.get_field(name)) for name in names]
    rest = [f for f in meta.concrete_fields if f not in named and not f.primary_key]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in rest]
    qn = connection.ops.quote_name
    columns = [str(f.column) for f in [*named, *rest]]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(meta.db_table), ", ".join(qn(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    if defaults:
        rows = [[*row, *defaults] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
