"""Shared bits of the Django admin pages, for the IT person."""

from __future__ import annotations

from typing import Any


def foreign_keys(model: Any) -> list[str]:
    """Every foreign key and one-to-one field of `model`: shown as raw ids, since a school's
    lists of students, classes and items are too long for a select."""
    return sorted(f.name for f in model._meta.get_fields() if f.many_to_one or f.one_to_one)


def register_plain(*models: Any) -> None:
    """Register each model with a plain admin page, its foreign keys as raw ids."""
    from django.contrib import admin

    for model in models:
        admin.site.register(
            model,
            type(
                f"{model.__name__}Admin",
                (admin.ModelAdmin,),
                {"raw_id_fields": foreign_keys(model)},
            ),
        )
