"""Editing the bank after the fact: archive and restore questions and forms, delete what no
student has worked on, and change a form (its order, its questions, its settings).

The rules:
- **Archived** is out of use, never out of history. An archived question is off the bank's
  list, never drawn into a new form and never offered in a swap; a form nobody has sat lets
  go of it, a form students have sat keeps it (their attempts and reviews read it there). An
  archived form is offered to no student as their next form and is no parallel form any
  more; a sitting already open on it can still be handed in, and its sittings stay readable.
- **Delete** only what no student has worked on: a question with no answer (on a form or a
  benchmark), no practice, on no form anybody has sat; a form nobody has sat. Everything
  else is archived instead.
- **A form's order** is presentation only (answers name items by id; a sitting's order comes
  from its seed), so it may change at any time. Its questions may change only while nobody
  has sat it, as with a swap.

Actions first, then the reads the editing pages and the actions share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from masterymap.assessments.models import Attempt, Form, FormItem, Item, Response
from masterymap.assessments.queries import choice_letter
from masterymap.lib.errors import ActionError
from masterymap.lib.markdown import render_inline, render_markdown
from masterymap.lib.relations import rows_pointing_at
from masterymap.standards.models import Standard


@dataclass(frozen=True)
class ItemArchived:
    """An archived question and the forms that changed or did not: `taken_off` (nobody had
    sat them) no longer hold it; `kept_on` (students have sat them) keep it as history."""

    item: Item
    taken_off: tuple[str, ...]
    kept_on: tuple[str, ...]


def _labels(forms: Sequence[str]) -> str:
    return ", ".join(forms)


def _locked_form(form: Form) -> Form:
    # Row lock on PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers.
    return Form.objects.select_for_update().select_related("standard").get(pk=form.pk)


def _refuse_once_sat(form: Form) -> None:
    if form.attempts.exists():
        raise ActionError(
            _("Students have sat form %(label)s: its questions can no longer change.")
            % {"label": form.label}
        )


def _delete_files_on_commit(files: Sequence[tuple[Storage, str]]) -> None:
    """Delete pictures once the deletion of their question is committed (never before: a
    rolled-back deletion keeps its question, which needs them)."""
    for storage, name in files:
        _delete_on_commit(storage, name)


def _delete_on_commit(storage: Storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


# --- archive and restore ------------------------------------------------------------------


@transaction.atomic
def archive_item(*, item: Item, at: datetime | None = None) -> ItemArchived:
    """Take a question out of use. Forms nobody has sat (no sitting at all, open or handed
    in) let go of it; forms students have sat keep it, so their attempts still show it.
    Archiving an archived question changes nothing."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    rows = list(
        FormItem.objects.filter(item=item)
        .select_related("form")
        .annotate(sat=Exists(Attempt.objects.filter(form_id=OuterRef("form_id"))))
        .order_by("form__label")
    )
    taken_off = [row for row in rows if not row.sat]
    FormItem.objects.filter(pk__in=[row.pk for row in taken_off]).delete()
    if item.archived_at is None:
        item.archived_at = at or timezone.now()
        item.save(update_fields=["archived_at"])
    return ItemArchived(
        item=item,
        taken_off=tuple(row.form.label for row in taken_off),
        kept_on=tuple(row.form.label for row in rows if row.sat),
    )


@transaction.atomic
def restore_item(*, item: Item) -> Item:
    """Put an archived question back in the bank, free to go on a new form (the forms that
    let go of it when it was archived do not take it back)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.archived_at is not None:
        item.archived_at = None
        item.save(update_fields=["archived_at"])
    return item


@transaction.atomic
def archive_form(*, form: Form, at: datetime | None = None) -> Form:
    """Stop offering a form: no student gets it as their next form and it counts as no
    parallel form. A sitting already open on it can still be handed in; its questions stay
    on it (so no other form can take them, and it can be restored as it was)."""
    form = _locked_form(form)
    if form.archived_at is None:
        form.archived_at = at or timezone.now()
        form.save(update_fields=["archived_at"])
    return form


@transaction.atomic
def restore_form(*, form: Form) -> Form:
    """Offer an archived form again, as it was."""
    form = _locked_form(form)
    if form.archived_at is not None:
        form.archived_at = None
        form.save(update_fields=["archived_at"])
    return form


# --- delete -------------------------------------------------------------------------------


def _used_elsewhere(row: models.Model, own: set[str]) -> bool:
    """Whether any row outside `own` (model labels, lower case) points at `row`: a benchmark,
    a practice answer, an error analysis… Links of a many-to-many (a practice set's list of
    questions) are not work: they go with the row (`lib.relations`)."""
    return bool(rows_pointing_at(row, own, count_links=False))


def item_delete_refusals(item: Item) -> list[str]:
    """Why the question cannot be deleted (students have worked on it), one sentence per
    reason; empty when it can be. Four queries or so."""
    reasons = []
    answers = Response.objects.filter(item=item).count()
    if answers:
        reasons.append(
            ngettext(
                "Students have answered it %(count)s time.",
                "Students have answered it %(count)s times.",
                answers,
            )
            % {"count": answers}
        )
    sat = sat_forms_holding(item)
    if sat:
        reasons.append(
            ngettext(
                "It is on form %(labels)s, which students have sat.",
                "It is on forms %(labels)s, which students have sat.",
                len(sat),
            )
            % {"labels": _labels(sat)}
        )
    own = {"assessments.choice", "assessments.formitem", "assessments.response"}
    if _used_elsewhere(item, own):
        reasons.append(_("A benchmark, or students' practice or error analysis, uses it."))
    return reasons


def form_delete_refusals(form: Form) -> list[str]:
    """Why the form cannot be deleted (students have sat it); empty when it can be."""
    reasons = []
    sittings = form.attempts.count()
    if sittings:
        reasons.append(
            ngettext(
                "Students have sat it %(count)s time.",
                "Students have sat it %(count)s times.",
                sittings,
            )
            % {"count": sittings}
        )
    if _used_elsewhere(form, {"assessments.formitem", "assessments.attempt"}):
        reasons.append(_("Other records refer to it."))
    return reasons


@transaction.atomic
def delete_item(*, item: Item) -> tuple[str, ...]:
    """Delete a question no student has worked on, taking it off the forms nobody has sat.
    Returns the labels of those forms. ActionError, and nothing deleted, otherwise."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    refusals = item_delete_refusals(item)
    if refusals:
        raise ActionError(
            _("Question #%(item)s cannot be deleted: %(reasons)s Archive it instead.")
            % {"item": item.pk, "reasons": " ".join(refusals)}
        )
    rows = FormItem.objects.filter(item=item).select_related("form").order_by("form__label")
    labels = tuple(row.form.label for row in rows)
    FormItem.objects.filter(item=item).delete()
    files = [(item.image.storage, item.image.name or "")] if item.image else []
    files += [(c.image.storage, c.image.name or "") for c in item.choices.all() if c.image]
    item.delete()
    _delete_files_on_commit(files)
    return labels


@transaction.atomic
def delete_form(*, form: Form) -> str:
    """Delete a form nobody has sat (its questions stay in the bank, free for another form).
    Returns its label. ActionError, and nothing deleted, once anybody has sat it."""
    form = _locked_form(form)
    refusals = form_delete_refusals(form)
    if refusals:
        raise ActionError(
            _("Form %(label)s cannot be deleted: %(reasons)s Archive it instead.")
            % {"label": form.label, "reasons": " ".join(refusals)}
        )
    label = form.label
    form.delete()
    return label


# --- a form's questions, order and settings -----------------------------------------------


@transaction.atomic
def reorder_form_items(*, form: Form, ordered_item_ids: Sequence[int]) -> Form:
    """Put the form's questions in this order (the written order: printed copies, the
    preview, and each sitting of a form that does not shuffle). `ordered_item_ids` must name
    each question of the form exactly once, else ActionError and nothing changes. Allowed
    after sittings: answers name questions by id, so the order says nothing of a score."""
    form = _locked_form(form)
    rows = list(FormItem.objects.filter(form=form))
    ids = list(ordered_item_ids)
    if len(ids) != len(set(ids)) or set(ids) != {row.item_id for row in rows}:
        raise ActionError(
            _(
                "The new order must name each question of form %(label)s once. Reload the "
                "page and try again."
            )
            % {"label": form.label}
        )
    position = {item_id: n for n, item_id in enumerate(ids)}
    changed = [row for row in rows if row.position != position[row.item_id]]
    for row in changed:
        row.position = position[row.item_id]
    FormItem.objects.bulk_update(changed, ["position"])
    return form


@transaction.atomic
def set_form_settings(*, form: Form, threshold: int, shuffle_items: bool) -> Form:
    """The form's mastery threshold and whether each student gets their own order. Attempts
    already handed in keep the result they were given."""
    if not 1 <= threshold <= 100:
        raise ActionError(_("The mastery threshold is a percentage from 1 to 100."))
    form = _locked_form(form)
    form.threshold, form.shuffle_items = threshold, shuffle_items
    form.save(update_fields=["threshold", "shuffle_items"])
    return form


@transaction.atomic
def add_form_item(*, form: Form, item_id: int) -> Form:
    """Put a free question of the form's bank (on no form, not archived) at the end of a form
    nobody has sat."""
    form = _locked_form(form)
    _refuse_once_sat(form)
    item = Item.objects.filter(pk=item_id, standard_id=form.standard_id).first()
    if item is None:
        raise ActionError(_("A form can only use items from its own standard's bank."))
    if item.archived_at is not None:
        raise ActionError(
            _("Question #%(item)s is archived: restore it before putting it on a form.")
            % {"item": item.pk}
        )
    # Parallel forms share no question, so one form's key says nothing about another's.
    taken = FormItem.objects.filter(item=item).select_related("form").first()
    if taken is not None:
        raise ActionError(
            _(
                "Question #%(item)s is already on form %(label)s. Parallel forms never share "
                "a question, so one form's answers say nothing about another's: pick another "
                "question, or write a new one."
            )
            % {"item": item.pk, "label": taken.form.label}
        )
    last = FormItem.objects.filter(form=form).aggregate(last=models.Max("position"))["last"]
    FormItem.objects.create(form=form, item=item, position=0 if last is None else last + 1)
    return form


@transaction.atomic
def remove_form_item(*, form: Form, item_id: int) -> Form:
    """Take a question off a form nobody has sat; it stays in the bank, free again."""
    form = _locked_form(form)
    _refuse_once_sat(form)
    deleted, _rows = FormItem.objects.filter(form=form, item_id=item_id).delete()
    if not deleted:
        raise ActionError(_("That question is not on this form."))
    return form


# --- reads ---------------------------------------------------------------------------------


def sat_forms_holding(item: Item) -> list[str]:
    """Labels of the forms students have sat (a sitting open or handed in) that hold the
    question. One query."""
    sat = Attempt.objects.filter(form_id=OuterRef("pk"))
    return list(
        Form.objects.filter(form_items__item=item)
        .filter(Exists(sat))
        .order_by("label")
        .values_list("label", flat=True)
    )


@dataclass(frozen=True)
class BankQuestion:
    """A question as the bank and the form page show it whole: rendered stem and choices
    (each choice with its rendered text, for the teacher, who sees the key)."""

    item: Item
    stem_html: SafeString
    choices: list[tuple[object, SafeString]]
    # Archived questions: the forms students have sat that still hold it.
    kept_on: tuple[str, ...] = ()

    @property
    def kept_on_text(self) -> str:
        return _labels(self.kept_on)


def bank_question(item: Item, kept_on: Sequence[str] = ()) -> BankQuestion:
    """Callers prefetch `choices`."""
    return BankQuestion(
        item=item,
        stem_html=mark_safe(render_markdown(item.stem)),
        choices=[(c, mark_safe(render_inline(c.text))) for c in item.choices.all()],
        kept_on=tuple(kept_on),
    )


def archived_questions(standard: Standard) -> list[BankQuestion]:
    """The standard's archived questions, each with the sat forms that still hold it. Three
    queries."""
    items = list(
        Item.objects.filter(standard=standard, archived_at__isnull=False)
        .prefetch_related("choices")
        .order_by("pk")
    )
    sat = Attempt.objects.filter(form_id=OuterRef("form_id"))
    kept: dict[int, list[str]] = {}
    for item_id, label in (
        FormItem.objects.filter(item__in=items)
        .filter(Exists(sat))
        .order_by("form__label")
        .values_list("item_id", "form__label")
    ):
        kept.setdefault(item_id, []).append(label)
    return [bank_question(item, kept.get(item.pk, ())) for item in items]


def free_questions(form: Form) -> list[BankQuestion]:
    """The questions of the form's bank that could go on it: on no form, not archived."""
    items = (
        Item.objects.filter(
            standard_id=form.standard_id, archived_at__isnull=True, form_items__isnull=True
        )
        .prefetch_related("choices")
        .order_by("pk")
    )
    return [bank_question(item) for item in items]


def form_questions(form: Form) -> list[Item]:
    """The form's questions in its written order, with their standard and choices."""
    return [
        row.item
        for row in FormItem.objects.filter(form=form)
        .select_related("item__standard")
        .prefetch_related("item__choices")
        .order_by("position", "id")
    ]


@dataclass(frozen=True)
class BlankQuestion:
    """One line of a blank answer sheet: the question's number and where its answer goes.
    Nothing of the question's text or key: lettered bubbles for a choice question, a box
    for a typed answer, a bigger box for an open response."""

    number: int
    kind: str
    letters: tuple[str, ...]

    @property
    def select_all(self) -> bool:
        return self.kind == Item.Kind.MULTIPLE

    @property
    def numeric(self) -> bool:
        return self.kind == Item.Kind.NUMERIC

    @property
    def open(self) -> bool:
        return self.kind == Item.Kind.OPEN


def blank_answer_sheet(items: Sequence[Item]) -> list[BlankQuestion]:
    """The lines of a blank answer sheet for these questions (written order, numbered from
    1, one bubble per choice). Callers prefetch `choices`."""
    return [
        BlankQuestion(
            number=number,
            kind=item.kind,
            letters=tuple(choice_letter(n) for n in range(len(item.choices.all())))
            if item.has_choices
            else (),
        )
        for number, item in enumerate(items, start=1)
    ]
