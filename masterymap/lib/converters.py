"""The `<id:…>` path converter every URL with a database id uses, and `<card_key:…>` for the
one URL that carries a secret instead (a login card's key).

Django's `<int:…>` takes any run of digits, so `/classes/9223372036854775808/` reached the
database with a number its id column cannot hold (a server error on SQLite, an error on
PostgreSQL). `<id:…>` only matches an id `lib.ids.parse_id` accepts; anything else is a 404.
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import get_converters

from masterymap.lib.ids import parse_id


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        found = parse_id(value)
        if found is None:
            # Django reads ValueError as "this pattern does not match": a 404.
            raise ValueError(f"not an id: {value[:30]!r}")
        return found

    def to_url(self, value: int | str) -> str:
        return str(value)


def register_id_converter() -> None:
    """Make `<id:…>` available to `path()`. Each urls.py calls it before its patterns, so
    it works whichever module Django imports first; registering twice is a no-op (Django
    warns when a converter is registered again)."""
    if not isinstance(get_converters().get("id"), IdConverter):
        register_converter(IdConverter, "id")


class CardKeyConverter:
    """A login card's key: `secrets.token_urlsafe`'s alphabet, at most 100 characters (a real
    key has 43). A key of any length in that alphabet reaches the view, so a mistyped link
    still gets the friendly "this card no longer works" page; anything else is a 404."""

    regex = "[A-Za-z0-9_-]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register_card_key_converter() -> None:
    """Make `<card_key:…>` available to `path()` (once, as register_id_converter)."""
    if not isinstance(get_converters().get("card_key"), CardKeyConverter):
        register_converter(CardKeyConverter, "card_key")
