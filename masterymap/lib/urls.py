"""`reverse` for pages that link by the dozen: each URL name's shape is worked out once,
then filled in.

A page's `{% url %}` tags cost about 15 µs each through `reverse` (resolver, converters,
quoting): the class grid has thirty of them, and every page the ten of the top bar. Here a
name is reversed once per shape with stand-in ids (positive ints, as every id of the app
is), and later calls put the real ids where the stand-ins were. Anything else (a string, a
stand-in the converter did not write as its digits, a name that does not reverse) goes to
Django's `reverse` itself, so the result and the errors are always Django's.

Nothing goes stale: the URL configuration is fixed for the life of a process, and the kept
shapes are keyed by everything `reverse` reads besides them
(the script prefix, the URL configuration, the current app, the language).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.translation import get_language

# Ten digits, so no id of a small test database and no port or year can be taken for one.
_STAND_IN = 7_919_000_000
_KEPT_MAX = 2048

# (name, positions, keyword names, current app, prefix, urlconf, language) -> the URL cut
# where the ids go, in the order of `positions` then `keyword names`; None: not cut-able.
_Shape = tuple[tuple[str, ...], tuple[int, ...]]
_shapes: dict[tuple[Any, ...], _Shape | None] = {}
_UNKNOWN: _Shape = ((), ())


def _is_id(value: object) -> bool:
    return type(value) is int and 0 <= value < _STAND_IN


def fast_reverse(
    viewname: str,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """`reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)`."""
    kwargs = kwargs or {}
    if not isinstance(viewname, str) or not all(map(_is_id, args)):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    if kwargs and not all(map(_is_id, kwargs.values())):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    names = tuple(sorted(kwargs))
    key = (
        viewname,
        len(args),
        names,
        current_app,
        get_script_prefix(),
        get_urlconf(),
        get_language(),
    )
    shape = _shapes.get(key, _UNKNOWN)  # one dict operation: threads may share the process
    if shape is _UNKNOWN:
        shape = _shape_of(viewname, len(args), names, current_app)
        if len(_shapes) >= _KEPT_MAX:
            _shapes.clear()  # only a program making up names could get here
        _shapes[key] = shape
    if shape is None:
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    pieces, order = shape
    values = [*args, *(kwargs[name] for name in names)]
    out = [pieces[0]]
    for place, piece in zip(order, pieces[1:], strict=True):
        out.append(str(values[place]))
        out.append(piece)
    return "".join(out)


def _shape_of(
    viewname: str, n_args: int, names: tuple[str, ...], current_app: str | None
) -> _Shape | None:
    stand_ins = [_STAND_IN + i for i in range(n_args + len(names))]
    try:
        url = reverse(
            viewname,
            args=stand_ins[:n_args],
            kwargs=dict(zip(names, stand_ins[n_args:], strict=True)),
            current_app=current_app,
        )
    except NoReverseMatch:
        return None
    # Where each stand-in landed, in the URL's order: each must be there exactly once.
    found: list[tuple[int, int]] = []
    for place, stand_in in enumerate(stand_ins):
        text = str(stand_in)
        if url.count(text) != 1:
            return None
        found.append((url.index(text), place))
    found.sort()
    pieces, order, start = [], [], 0
    for at, place in found:
        pieces.append(url[start:at])
        order.append(place)
        start = at + len(str(stand_ins[place]))
    pieces.append(url[start:])
    return tuple(pieces), tuple(order)


# The id `around_last_id` reverses with, to cut the URL where a row's id goes.
_LAST = 987_654_321


def around_last_id(viewname: str, *args: int) -> tuple[str, str]:
    """`viewname`'s URL for `args` and one more id, as (before that id, after it), escaped
    as `{% url %}` writes it: a page with a link per row (student, standard, attempt)
    reverses once and writes each link as `before + str(id) + after`."""
    before, _, after = fast_reverse(viewname, [*args, _LAST]).rpartition(str(_LAST))
    return escape(before), escape(after)
