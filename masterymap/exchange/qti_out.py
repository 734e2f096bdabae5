"""Questions out: a form, or a standard's item bank, as a QTI 3.0 content package (a zip)
that another system, or this one, imports.

Identifiers. A question that came from QTI keeps its identifier (`Item.source_id`); one
written here gets a stable one made from this site's id of it (a version 5 UUID of its id
and creation time, prefixed "MM-"), so exporting twice gives the same identifiers and
importing the package back into the same standard finds the same questions
(qti_import.py matches these too).

The package holds the answer keys: only the map's editors download it (views/qti.py).
What is left out: the second-language version of a question and its choices'
misconceptions, which QTI has no place for.
"""

from __future__ import annotations

import posixpath
import uuid

from django.utils.text import slugify

from masterymap.assessments.models import Choice, Form, FormItem, Item
from masterymap.exchange import qti
from masterymap.lib.uploads import PICTURE_TYPES
from masterymap.standards.models import Standard

# The namespace of the identifiers made here (a fixed, random UUID: never change it, or
# every exported identifier changes with it).
NAMESPACE = uuid.UUID("0d1e6b55-8f0b-4d55-b0a3-3c7c2f9f6a21")


def _made(kind: str, pk: int, created: object) -> str:
    stamp = created.isoformat() if hasattr(created, "isoformat") else ""
    return "MM-" + str(uuid.uuid5(NAMESPACE, f"masterymap:{kind}:{pk}:{stamp}"))


def item_identifier(item: Item, *, made: bool = False) -> str:
    """The question's QTI identifier: the one it was imported with, when it is a usable
    identifier, else (or with `made`) the one made here from its id."""
    if not made and item.source_id and qti.is_identifier(item.source_id):
        return item.source_id
    return _made("item", item.pk, item.created_at)


def _read(row: Item | Choice) -> bytes | None:
    try:
        with row.image.open("rb") as handle:
            data: bytes = handle.read()
            return data
    except (OSError, ValueError):
        return None


def _picture(row: Item | Choice, name: str) -> qti.PictureDraft | None:
    if not row.image:
        return None
    data = _read(row)
    if data is None:
        return None
    extension = PICTURE_TYPES.get(row.image_type) or posixpath.splitext(row.image.name or "")[1][1:]
    return qti.PictureDraft(
        f"images/{qti.file_name(name)}.{extension or 'png'}", data, row.image_alt
    )


def item_draft(item: Item, *, title: str) -> qti.ItemDraft:
    """The question as a neutral draft (its choices prefetched)."""
    identifier = item_identifier(item)
    choices = tuple(
        qti.ChoiceDraft(
            qti.choice_identifier(position),
            choice.text,
            choice.is_correct,
            _picture(choice, f"{identifier}-{qti.choice_identifier(position)}"),
        )
        for position, choice in enumerate(item.choices.all())
    )
    return qti.ItemDraft(
        identifier=identifier,
        kind=item.kind,
        stem=item.stem,
        title=title,
        points=item.points,
        choices=choices if item.has_choices else (),
        numeric_answer=item.numeric_answer,
        tolerance=item.tolerance,
        accepted_answers=tuple(item.accepted_list),
        feedback=item.feedback,
        rubric=item.rubric if item.kind == Item.Kind.OPEN else "",
        keep_order=item.keep_order,
        picture=_picture(item, identifier),
    )


def _title(standard: Standard, item: Item) -> str:
    stem = " ".join(item.stem.split())
    return f"{standard.code} · {stem[:60]}{'…' if len(stem) > 60 else ''}"


def form_package(form: Form) -> bytes:
    """The form's questions in its order, with a test listing them (and shuffling them
    when the form does)."""
    standard = form.standard
    ids = list(
        FormItem.objects.filter(form=form)
        .order_by("position", "id")
        .values_list("item_id", flat=True)
    )
    items = {i.pk: i for i in Item.objects.filter(pk__in=ids).prefetch_related("choices")}
    drafts = [item_draft(items[pk], title=_title(standard, items[pk])) for pk in ids]
    title = f"{standard.code} · form {form.label}"
    return qti.write_package(
        drafts,
        identifier=_made("form-package", form.pk, form.created_at),
        title=title,
        test=qti.TestDraft(_made("form", form.pk, form.created_at), title, form.shuffle_items),
    )


def standard_package(standard: Standard) -> bytes:
    """The standard's item bank (archived questions left out)."""
    items = Item.objects.filter(standard=standard, archived_at__isnull=True).prefetch_related(
        "choices"
    )
    drafts = [item_draft(item, title=_title(standard, item)) for item in items.order_by("pk")]
    return qti.write_package(
        drafts,
        identifier=_made("bank-package", standard.pk, standard.pk),
        title=f"{standard.code} · item bank",
    )


def form_filename(form: Form) -> str:
    return f"{slugify(form.standard.code) or 'standard'}-form-{form.label.lower()}-qti.zip"


def standard_filename(standard: Standard) -> str:
    return f"{slugify(standard.code) or 'standard'}-items-qti.zip"
