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
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

from masterymap.lib.rows import raw_rows

# Stand-in ids: far below any id a table holds, and unlike any constant a read is built with.
_STAND_IN = -7_340_000_000_000
_MISSING: Any = object()
_SMALLEST, _LARGEST = -(2**63), 2**63 - 1  # what a 64-bit id column holds

Ids = int | Collection[int]
# ModelIterable's helper, as Django 5.2 has it (the type stubs describe a later signature).
_related_populators: Any = get_related_populators
_Shape = tuple[tuple[str, int | None], ...]


class Compiled:
    """`build(**ids)` returns a queryset filtered on those ids (an id, or a list of them).
    `rows(**ids)` runs a `values_list` one and returns its rows as the driver gives them;
    `objects(**ids)` runs one of model instances (with `select_related`, without
    `prefetch_related`) and returns them as the ORM would, values converted. Each compiles
    its SQL once per database and shape. A build whose SQL does not carry each stand-in id
    exactly once (the ORM folded one away), or that `objects` cannot rebuild the ORM's way,
    is not kept: it is built anew every time, as without this."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], *, shapes_kept: int = 32) -> None:
        self._build = build
        self._shapes_kept = shapes_kept
        self._kept: OrderedDict[tuple[str, _Shape], _Statement | None] = OrderedDict()

    def rows(self, **ids: Ids) -> list[tuple[Any, ...]]:
        found = self._statement(ids)
        if found is None:
            return []  # an empty `IN`: nothing to read
        statement, values = found
        if statement is None:
            return raw_rows(self._build(**ids))
        return statement.run(values)

    def objects(self, **ids: Ids) -> list[Any]:
        found = self._statement(ids)
        if found is None:
            return []
        statement, values = found
        if statement is None or statement.instances is None:
            return list(self._build(**ids))
        return statement.instances.build(statement.alias, statement.run(values))

    def _statement(self, ids: dict[str, Ids]) -> tuple[_Statement | None, list[int]] | None:
        named = sorted(ids.items())
        shape: _Shape = tuple(
            (name, None if isinstance(value, int) else len(value)) for name, value in named
        )
        if any(size == 0 for _, size in shape):
            return None
        key = (connections[DEFAULT_DB_ALIAS].vendor, shape)
        # Each step one dict operation, so threads sharing the process (a threaded server)
        # at worst compile a shape twice.
        statement = self._kept.get(key, _MISSING)
        if statement is _MISSING:
            statement = self._compile(shape)
            self._kept[key] = statement
            while len(self._kept) > self._shapes_kept:
                self._kept.popitem(last=False)
        else:
            with suppress(KeyError):  # let go meanwhile by another thread
                self._kept.move_to_end(key)
        values = [v for _, value in named for v in ([value] if isinstance(value, int) else value)]
        if not all(_SMALLEST <= v <= _LARGEST for v in values):
            # An id no column holds (a typed URL): the ORM reads nothing, where the driver
            # would fail to bind it.
            return None, values
        return statement, values

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
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        places: list[int | None] = []
        for param in params:
            found = _STAND_IN - param if type(param) is int else -1
            places.append(found if 0 <= found < n else None)
        if sorted(p for p in places if p is not None) != list(range(n)):
            return None
        return _Statement(
            queryset.db, sql, tuple(params), tuple(places), _Instances.of(queryset, compiler)
        )


@dataclass(frozen=True)
class _Instances:
    """How the ORM turns a row into a model instance (ModelIterable's steps), kept from the
    compiled query: the converters of each column, the model's columns, the related
    instances of `select_related`."""

    compiler: Any
    converters: dict[int, Any]
    model: type[Model]
    init_list: list[str]
    start: int
    end: int
    populators: list[Any]

    @classmethod
    def of(cls, queryset: QuerySet[Any, Any], compiler: Any) -> _Instances | None:
        klass_info = compiler.klass_info
        plain = (
            queryset._iterable_class is ModelIterable
            and klass_info is not None
            and not getattr(queryset, "_prefetch_related_lookups")  # noqa: B009 - private
            and not getattr(queryset, "_known_related_objects")  # noqa: B009
            and not compiler.annotation_col_map
        )
        if not plain:
            return None
        select = compiler.select
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return cls(
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            model=klass_info["model"],
            init_list=[f[0].target.attname for f in select[start:end]],
            start=start,
            end=end,
            populators=_related_populators(klass_info, select, queryset.db),
        )

    def build(self, alias: str, rows: list[tuple[Any, ...]]) -> list[Any]:
        converted: Any = (
            self.compiler.apply_converters(rows, self.converters) if self.converters else rows
        )
        found = []
        for row in converted:
            obj = self.model.from_db(alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            found.append(obj)
        return found


@dataclass(frozen=True)
class _Statement:
    alias: str
    sql: str
    params: tuple[Any, ...]  # as compiled, the stand-ins among them
    places: tuple[int | None, ...]  # for each param, which id it stands for (None: as is)
    instances: _Instances | None  # how to build model instances, where the ORM would

    def run(self, values: list[int]) -> list[tuple[Any, ...]]:
        params = [
            constant if place is None else values[place]
            for constant, place in zip(self.params, self.places, strict=True)
        ]
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows
