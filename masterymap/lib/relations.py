"""What points at a row: read from the relations other apps declare, so an app can tell what
depends on its rows (before deleting one) without importing the apps above it."""

from __future__ import annotations

from collections.abc import Set

from django.db import models
from django.db.models.fields.reverse_related import ManyToOneRel


def rows_pointing_at(
    row: models.Model, skip: Set[str] = frozenset(), *, count_links: bool = True
) -> dict[str, int]:
    """How many rows of each other model ("app.model", lower case) point at `row`, the models
    in `skip` left out. `count_links`: count the through rows of a many-to-many (a goal's
    list of standards) too; without it, such links go with the row and are no use of it.
    Rows a model hides by default (archived ones) count. One query per relation."""
    found: dict[str, int] = {}
    for rel in type(row)._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ManyToOneRel):
            continue
        model = rel.related_model
        if not isinstance(model, type):
            continue
        if not count_links and model._meta.auto_created:
            continue
        label = model._meta.label_lower
        if label in skip:
            continue
        n = model._base_manager.filter(**{rel.field.name: row}).count()
        if n:
            found[label] = found.get(label, 0) + n
    return found
