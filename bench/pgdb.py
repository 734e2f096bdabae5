"""The bench's own PostgreSQL database, made on DATABASE_URL's server.

The bench never writes to the database DATABASE_URL names: it creates one of its own on
the same server, with the URL's role (which needs CREATEDB, as `make test-postgres` does),
named `bench_<that database>` (`make bench`) or `bench_district_<that database>`
(`make bench-district`). It marks the database it made with a comment, and drops a database
only when it carries that mark: a database of that name without it is someone else's, and
the bench stops with a message instead.

The mark is JSON; `make bench-district` also records there whether its build finished, and
with which sizes, so a later run can time the same district again without rebuilding it.
psycopg is imported inside the functions: `run.py --help` needs no database driver.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit, urlunsplit

if TYPE_CHECKING:
    import psycopg
    from django.db.backends.base.base import BaseDatabaseWrapper

# What a bench database's comment says, besides what the district adds.
MARK = "masterymap-bench"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


class BenchDatabaseError(RuntimeError):
    """The bench cannot get a database of its own; the message says why and what to do."""


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def with_database(url: str, name: str) -> str:
    """The same server, role and options, another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def server(url: str) -> str:
    """host:port, without the credentials."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}"


def where(url: str) -> str:
    """host:port/database, without the credentials (for logs and the report)."""
    return f"{server(url)}/{database_name(url)}"


def bench_name(url: str, prefix: str) -> str:
    """`prefix` + the URL's database name, as PostgreSQL allows (63 bytes, lower case)."""
    base = "".join(c if c.isalnum() or c == "_" else "_" for c in database_name(url).lower())
    return (prefix + (base or "masterymap"))[:63]


def _connect(url: str, dbname: str | None = None) -> psycopg.Connection:
    import psycopg

    kwargs: dict[str, Any] = {"autocommit": True}  # CREATE/DROP DATABASE refuse a transaction
    if dbname is not None:
        kwargs["dbname"] = dbname
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as e:
        raise BenchDatabaseError(f"cannot connect to {server(url)}: {e}") from e


def _admin(url: str) -> psycopg.Connection:
    """A connection for CREATE/DROP DATABASE: to the URL's database, else `postgres`."""
    try:
        return _connect(url)
    except BenchDatabaseError:
        return _connect(url, "postgres")


def read_mark(url: str, name: str) -> dict | None:
    """The mark of database `name` on the URL's server: None if there is no such database;
    {} if it exists without the bench's mark (someone else's)."""
    with _admin(url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    if row is None:
        return None
    try:
        mark = json.loads(row[0] or "")
    except ValueError:
        return {}
    return mark if isinstance(mark, dict) and mark.get("made_by") == MARK else {}


def write_mark(url: str, name: str, **info: object) -> None:
    """Set the mark of a database the bench made (merged with what it says already)."""
    mark = read_mark(url, name) or {}
    mark.update(info, made_by=MARK)
    from psycopg import sql

    with _admin(url) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(json.dumps(mark))
            )
        )


def fresh_database(url: str, name: str, **info: object) -> str:
    """Drop the bench's database `name` (only if it carries the bench's mark), create it
    again, mark it; returns its URL. Raises BenchDatabaseError when a database of that name
    is someone else's, when `name` is the URL's own database, or when the role may not
    create databases."""
    from psycopg import errors, sql

    if name == database_name(url):
        raise BenchDatabaseError(
            f"the bench database would be DATABASE_URL's own ({name}); it never writes there"
        )
    mark = read_mark(url, name)
    if mark == {}:
        raise BenchDatabaseError(
            f"a database {name} exists on {server(url)} and was not made by the bench: it "
            "will not drop it. Drop or rename it yourself, or point DATABASE_URL at another "
            "database name (the bench uses bench_<name>)."
        )
    with _admin(url) as conn:
        if mark is not None:
            # FORCE: an earlier run's server may still hold connections (PostgreSQL 13+).
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except errors.InsufficientPrivilege as e:
            raise BenchDatabaseError(
                f"the role of DATABASE_URL may not create databases on {server(url)} ({e}); "
                "the bench needs CREATEDB (ALTER ROLE … CREATEDB), as make test-postgres does"
            ) from e
    write_mark(url, name, **info)
    return with_database(url, name)


def server_facts(connection: BaseDatabaseWrapper) -> dict:
    """Version and the settings that move the figures, through a Django connection."""
    names = (
        "shared_buffers",
        "work_mem",
        "effective_cache_size",
        "max_parallel_workers_per_gather",
        "fsync",
        "synchronous_commit",
        "jit",
    )
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
        cur.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)",
            [list(names)],
        )
        settings = dict(cur.fetchall())
    return {"version": version.split()[0], "settings": {n: settings.get(n) for n in names}}
