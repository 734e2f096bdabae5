"""Reads compiled from a queryset once, then run again with other ids.

The reads a submit makes (the student's evidence on a standard, their records in each
class) are tiny, but Django builds and compiles each queryset's SQL anew on every call:
for updating levels on submit that was most of the time (bench/, issue 14). A `Compiled`
read builds its queryset once per shape (how many ids each list holds), with stand-in ids,
keeps the SQL text and puts the real ids in place of the stand-ins on every call.

The SQL text follows only from the code and the database's vendor, so keeping it in the
process never goes stale, whichever server a request reaches. The rows come as the driver
gives them (`lib.rows.raw_rows`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from masterymap.lib.rows import raw_rows

# Stand-in ids: far below any id a table holds, and unlike any constant a read is built with.
_STAND_IN = -7_340_000_000_000

Ids = int | Collection[int]
_Shape = tuple[tuple[str, int | None], ...]


class Compiled:
    """`build(**ids)` returns a `values_list` queryset filtered on those ids (an id, or a
    list of them). `rows(**ids)` runs it and returns its rows, compiling its SQL once per
    database and shape. A build whose SQL does not carry each stand-in id exactly once (the
    ORM folded one away) is not kept: it is built anew every time, as without this."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], *, shapes_kept: int = 32) -> None:
        self._build = build
        self._shapes_kept = shapes_kept
        self._kept: OrderedDict[tuple[str, _Shape], _Statement | None] = OrderedDict()

    def rows(self, **ids: Ids) -> list[tuple[Any, ...]]:
        named = sorted(ids.items())
        shape: _Shape = tuple(
            (name, None if isinstance(value, int) else len(value)) for name, value in named
        )
        if any(size == 0 for _, size in shape):
            return []  # an empty `IN`: nothing to read
        key = (connections[DEFAULT_DB_ALIAS].vendor, shape)
        if key in self._kept:
            self._kept.move_to_end(key)
            statement = self._kept[key]
        else:
            statement = self._kept[key] = self._compile(shape)
            while len(self._kept) > self._shapes_kept:
                self._kept.popitem(last=False)
        if statement is None:
            return raw_rows(self._build(**ids))
        values = [v for _, value in named for v in ([value] if isinstance(value, int) else value)]
        params = [
            constant if place is None else values[place]
            for constant, place in zip(statement.params, statement.places, strict=True)
        ]
        with connections[statement.alias].cursor() as cursor:
            cursor.execute(statement.sql, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows

    def _compile(self, shape: _Shape) -> _Statement | None:
        stand_ins: dict[str, Ids] = {}
        n = 0
        for name, size in shape:
            if size is None:
                stand_ins[name] = _STAND_IN - n
                n += 1
            else:
                stand_ins[name] = [_STAND_IN - n - i for i in range(size)]
                n += size
        queryset = self._build(**stand_ins)
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            return None
        places: list[int | None] = []
        for param in params:
            found = _STAND_IN - param if type(param) is int else -1
            places.append(found if 0 <= found < n else None)
        if sorted(p for p in places if p is not None) != list(range(n)):
            return None
        return _Statement(queryset.db, sql, tuple(params), tuple(places))


@dataclass(frozen=True)
class _Statement:
    alias: str
    sql: str
    params: tuple[Any, ...]  # as compiled, the stand-ins among them
    places: tuple[int | None, ...]  # for each param, which id it stands for (None: as is)
