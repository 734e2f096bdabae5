"""Writes to the item bank, forms and attempts: the only home of their transactions."""

from __future__ import annotations

import json
import random
import string
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.core.files.storage import Storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from masterymap.accounts.models import User
from masterymap.assessments.generate import pick, swap_for
from masterymap.assessments.models import Attempt, Choice, Form, FormItem, Item, Response
from masterymap.assessments.queries import (
    attempt_responses,
    bank_candidates,
    form_items,
    item_choices,
)
from masterymap.assessments.scoring import FormScore, Marked, score_form
from masterymap.lib.errors import ActionError
from masterymap.lib.rows import insert_rows
from masterymap.lib.statements import Compiled
from masterymap.lib.uploads import CheckedUpload
from masterymap.standards.models import Standard

MAX_TEXT_ANSWER = 500
# An open response is written, not typed in a box: room for a paragraph or two.
MAX_OPEN_ANSWER = 5000


@dataclass(frozen=True)
class PictureInput:
    """A picture for a question or a choice: a new one (checked by `lib.uploads`), its alt
    text (None: keep the alt text it has), or removing the one it has. The default
    changes nothing."""

    upload: CheckedUpload | None = None
    alt: str | None = None
    remove: bool = False

    def alt_after(self, current: str) -> str:
        return (current if self.alt is None else self.alt).strip()


FORM_LABELS = string.ascii_uppercase
MAX_GENERATED = 40


@dataclass(frozen=True)
class ChoiceInput:
    text: str
    is_correct: bool = False
    misconception: str = ""
    text_translated: str = ""
    picture: PictureInput = PictureInput()


@dataclass(frozen=True)
class TranslationInput:
    """An item's second-language version: its language, question and feedback (the
    choices' translations travel in `ChoiceInput.text_translated`)."""

    language: str = ""
    stem: str = ""
    feedback: str = ""


def _check_item_key(
    *,
    kind: str,
    choices: Sequence[ChoiceInput],
    numeric_answer: float | None,
    tolerance: float,
    accepted_answers: Sequence[str],
) -> None:
    if kind not in Item.Kind.values:
        raise ActionError(_("Unknown item type %(kind)s.") % {"kind": repr(kind)})
    if Item.kind_has_choices(kind):
        if len(choices) < 2:
            raise ActionError(_("A choice item needs at least two choices."))
        correct = sum(1 for c in choices if c.is_correct)
        if kind == Item.Kind.SINGLE and correct != 1:
            raise ActionError(_("Mark exactly one choice as correct for a single-choice item."))
        if kind == Item.Kind.MULTIPLE and correct < 1:
            raise ActionError(_("Mark at least one correct choice."))
    if kind == Item.Kind.NUMERIC and numeric_answer is None:
        raise ActionError(_("A numeric item needs its answer."))
    if tolerance < 0:
        raise ActionError(_("Tolerance cannot be negative."))
    if kind == Item.Kind.TEXT and not [a for a in accepted_answers if a.strip()]:
        raise ActionError(_("A short-text item needs at least one accepted answer."))


def _has_picture_after(current: bool, picture: PictureInput) -> bool:
    return picture.upload is not None or (current and not picture.remove)


def _check_pictures(
    item: Item | None, picture: PictureInput, choices: Sequence[ChoiceInput]
) -> None:
    """Every picture kept or added has its alt text: checked before any file is written."""
    need = _("Describe each picture in a few words (its alt text) for students who cannot see it.")
    has = _has_picture_after(bool(item and item.image), picture)
    if has and not picture.alt_after(item.image_alt if item else ""):
        raise ActionError(need)
    existing = list(item.choices.order_by("position", "id")) if item else []
    for position, data in enumerate(choices):
        old = existing[position] if position < len(existing) else None
        has = _has_picture_after(bool(old and old.image), data.picture)
        if has and not data.picture.alt_after(old.image_alt if old else ""):
            raise ActionError(need)


def _apply_picture(row: Item | Choice, picture: PictureInput) -> None:
    """Store a new picture under a random name (its name says nothing of the key) or remove
    the old; the replaced file is deleted once the change is committed. Saves nothing."""
    old = row.image.name if row.image else ""
    if picture.upload is not None:
        row.image.save(
            f"{uuid.uuid4().hex}.{picture.upload.extension}", picture.upload.file, save=False
        )
        row.image_type = picture.upload.content_type
    elif picture.remove:
        row.image = ""
        row.image_type = ""
    row.image_alt = picture.alt_after(row.image_alt)[:300] if row.image else ""
    if old and (picture.upload is not None or picture.remove):
        _delete_on_commit(row.image.storage, old)


def _delete_on_commit(storage: Storage, name: str) -> None:
    """Delete a replaced file once the change that replaced it is committed."""
    transaction.on_commit(lambda: storage.delete(name))


def _write_choices(item: Item, choices: Sequence[ChoiceInput]) -> None:
    # Update in place by position so choice ids in past responses keep their meaning.
    existing = list(item.choices.order_by("position", "id"))
    for position, data in enumerate(choices):
        choice = existing[position] if position < len(existing) else Choice(item=item)
        choice.text, choice.is_correct = data.text.strip(), data.is_correct
        choice.misconception, choice.position = data.misconception.strip(), position
        choice.text_translated = data.text_translated.strip()
        _apply_picture(choice, data.picture)
        choice.save()
    for surplus in existing[len(choices) :]:
        if surplus.image:
            _delete_on_commit(surplus.image.storage, surplus.image.name or "")
        surplus.delete()


def _item_fields(
    *,
    kind: str,
    stem: str,
    points: int,
    feedback: str,
    choices: Sequence[ChoiceInput],
    numeric_answer: float | None,
    tolerance: float,
    accepted_answers: Sequence[str],
    translation: TranslationInput,
    keep_order: bool = False,
    rubric: str = "",
) -> tuple[dict[str, object], Sequence[ChoiceInput]]:
    """Check an item's key and return its field values and the choices to write."""
    if not stem.strip():
        raise ActionError(_("An item needs a question (the stem)."))
    languages = {code for code, _name in settings.LANGUAGES}
    if translation.language and translation.language not in languages:
        raise ActionError(
            _("Unknown language %(language)s.") % {"language": repr(translation.language)}
        )
    if not Item.kind_has_choices(kind):
        choices = ()
    _check_item_key(
        kind=kind,
        choices=choices,
        numeric_answer=numeric_answer,
        tolerance=tolerance,
        accepted_answers=accepted_answers,
    )
    fields: dict[str, object] = {
        "kind": kind,
        "stem": stem.strip(),
        "points": points,
        "feedback": feedback.strip(),
        "numeric_answer": numeric_answer if kind == Item.Kind.NUMERIC else None,
        "tolerance": tolerance if kind == Item.Kind.NUMERIC else 0,
        "accepted_answers": "\n".join(a.strip() for a in accepted_answers if a.strip()),
        "second_language": translation.language,
        "stem_translated": translation.stem.strip(),
        "feedback_translated": translation.feedback.strip(),
        "keep_order": bool(keep_order) and Item.kind_has_choices(kind),
        "rubric": rubric.strip() if kind == Item.Kind.OPEN else "",
    }
    return fields, choices


def _original_text(stem: str, feedback: str, choices: Sequence[str]) -> tuple[object, ...]:
    """What a translation translates: a change here makes the translation stale."""
    return (stem, feedback, tuple(choices))


def _translated_text(
    language: str, stem: str, feedback: str, choices: Sequence[str]
) -> tuple[object, ...]:
    return (language, stem, feedback, tuple(choices))


@transaction.atomic
def create_item(
    *,
    standard: Standard,
    kind: str,
    stem: str,
    points: int = 1,
    feedback: str = "",
    choices: Sequence[ChoiceInput] = (),
    numeric_answer: float | None = None,
    tolerance: float = 0.0,
    accepted_answers: Sequence[str] = (),
    translation: TranslationInput = TranslationInput(),
    keep_order: bool = False,
    rubric: str = "",
    picture: PictureInput = PictureInput(),
    at: datetime | None = None,
) -> Item:
    """Add an item to a standard's bank, with its second-language version if given."""
    fields, choices = _item_fields(
        kind=kind,
        stem=stem,
        points=points,
        feedback=feedback,
        choices=choices,
        numeric_answer=numeric_answer,
        tolerance=tolerance,
        accepted_answers=accepted_answers,
        translation=translation,
        keep_order=keep_order,
        rubric=rubric,
    )
    _check_pictures(None, picture, choices)
    at = at or timezone.now()
    has_translation = bool(
        fields["stem_translated"]
        or fields["feedback_translated"]
        or any(c.text_translated.strip() for c in choices)
    )
    item = Item(
        standard=standard,
        original_updated_at=at,
        translation_updated_at=at if has_translation else None,
        **fields,
    )
    _apply_picture(item, picture)
    item.save()
    _write_choices(item, choices)
    return item


@transaction.atomic
def update_item(
    *,
    item: Item,
    kind: str,
    stem: str,
    points: int = 1,
    feedback: str = "",
    choices: Sequence[ChoiceInput] = (),
    numeric_answer: float | None = None,
    tolerance: float = 0.0,
    accepted_answers: Sequence[str] = (),
    translation: TranslationInput = TranslationInput(),
    keep_order: bool = False,
    rubric: str = "",
    picture: PictureInput = PictureInput(),
    at: datetime | None = None,
) -> Item:
    """Change an item. Submitted attempts keep the scores they were given.

    A change to the question, a choice's text or the feedback dates the original (so a
    translation written before it shows as stale); a change to the translation dates the
    translation. Changing only the translation leaves the original's date alone.
    """
    fields, choices = _item_fields(
        kind=kind,
        stem=stem,
        points=points,
        feedback=feedback,
        choices=choices,
        numeric_answer=numeric_answer,
        tolerance=tolerance,
        accepted_answers=accepted_answers,
        translation=translation,
        keep_order=keep_order,
        rubric=rubric,
    )
    _check_pictures(item, picture, choices)
    at = at or timezone.now()
    old_choices = list(item.choices.order_by("position", "id"))
    before_original = _original_text(item.stem, item.feedback, [c.text for c in old_choices])
    before_translated = _translated_text(
        item.second_language,
        item.stem_translated,
        item.feedback_translated,
        [c.text_translated for c in old_choices],
    )
    after_original = _original_text(
        str(fields["stem"]), str(fields["feedback"]), [c.text.strip() for c in choices]
    )
    after_translated = _translated_text(
        translation.language,
        str(fields["stem_translated"]),
        str(fields["feedback_translated"]),
        [c.text_translated.strip() for c in choices],
    )
    update_fields = [*fields]
    if after_original != before_original:
        item.original_updated_at = at
        update_fields.append("original_updated_at")
    if after_translated != before_translated:
        item.translation_updated_at = at
        update_fields.append("translation_updated_at")
    for name, value in fields.items():
        setattr(item, name, value)
    _apply_picture(item, picture)
    item.save(update_fields=[*update_fields, "image", "image_type", "image_alt"])
    _write_choices(item, choices)
    return item


def next_form_label(standard: Standard) -> str:
    used = set(standard.forms.values_list("label", flat=True))
    for label in FORM_LABELS:
        if label not in used:
            return label
    raise ActionError(_("A standard can have at most 26 forms (A–Z)."))


@transaction.atomic
def create_form(
    *,
    standard: Standard,
    item_ids: Sequence[int],
    threshold: int = 80,
    shuffle_items: bool = False,
) -> Form:
    """Make the standard's next form (A, B, …) from items of its bank, in the given order
    (or each student's own order, with `shuffle_items`)."""
    if not 1 <= threshold <= 100:
        raise ActionError(_("The mastery threshold is a percentage from 1 to 100."))
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise ActionError(_("Pick at least one item for the form."))
    found = set(Item.objects.filter(pk__in=ids, standard=standard).values_list("pk", flat=True))
    if found != set(ids):
        raise ActionError(_("A form can only use items from its own standard's bank."))
    archived = Item.objects.filter(pk__in=ids, archived_at__isnull=False).order_by("pk").first()
    if archived is not None:
        raise ActionError(
            _("Question #%(item)s is archived: restore it before putting it on a form.")
            % {"item": archived.pk}
        )
    # Parallel forms share no question, so one form's key says nothing about another's.
    taken = (
        FormItem.objects.filter(item_id__in=ids, form__standard=standard)
        .select_related("form")
        .order_by("form__label", "item_id")
        .first()
    )
    if taken is not None:
        raise ActionError(
            _(
                "Question #%(item)s is already on form %(label)s. Parallel forms never share "
                "a question, so one form's answers say nothing about another's: pick another "
                "question, or write a new one."
            )
            % {"item": taken.item_id, "label": taken.form.label}
        )
    form = Form.objects.create(
        standard=standard,
        label=next_form_label(standard),
        threshold=threshold,
        shuffle_items=shuffle_items,
    )
    FormItem.objects.bulk_create(
        FormItem(form=form, item_id=item_id, position=position)
        for position, item_id in enumerate(ids)
    )
    return form


DEFAULT_FORM_SIZE = 5


@transaction.atomic
def generate_form(
    *,
    standard: Standard,
    size: int | None = None,
    threshold: int = 80,
    shuffle_items: bool = False,
    rng: random.Random | None = None,
) -> Form:
    """The standard's next form, drawn from the bank questions on no form yet
    (`assessments.generate.pick`): the first form's kinds and difficulty (the first not
    archived), or `size` at random when there is no form yet."""
    free, every = bank_candidates(standard)
    first = standard.forms.filter(archived_at__isnull=True).order_by("label").first()
    template = (
        [
            every[i]
            for i in first.form_items.order_by("position", "id").values_list("item_id", flat=True)
        ]
        if first is not None
        else []
    )
    if size is not None and not 1 <= size <= MAX_GENERATED:
        raise ActionError(_("A form has from 1 to %(count)d questions.") % {"count": MAX_GENERATED})
    if size is not None and template:
        template = template[:size]
    chosen = pick(free, template, size=size or DEFAULT_FORM_SIZE, rng=rng or random.Random())
    if not chosen:
        raise ActionError(
            _(
                "Every question of this standard's bank is on a form already. Write new "
                "questions first: parallel forms never share one."
            )
        )
    return create_form(
        standard=standard, item_ids=chosen, threshold=threshold, shuffle_items=shuffle_items
    )


@transaction.atomic
def swap_form_item(*, form: Form, item_id: int, rng: random.Random | None = None) -> Form:
    """Put another free bank question of the same kind (nearest in difficulty) in place of
    one, on a form nobody has sat yet."""
    form = Form.objects.select_for_update().get(pk=form.pk)
    if form.attempts.exists():
        raise ActionError(
            _("Students have sat form %(label)s: its questions can no longer change.")
            % {"label": form.label}
        )
    row = FormItem.objects.filter(form=form, item_id=item_id).first()
    if row is None:
        raise ActionError(_("That question is not on this form."))
    free, every = bank_candidates(form.standard)
    replacement = swap_for(free, every[item_id], rng or random.Random())
    if replacement is None:
        raise ActionError(_("The bank has no other free question of this kind: write one first."))
    row.item_id = replacement
    row.save(update_fields=["item"])
    return form


def open_sitting(*, student: User, form: Form, at: datetime) -> Attempt:
    """A new sitting of `form`; when a second click raced us to it, the sitting it made.
    Whether the student may start one is the caller's rule (`mastery.status.readiness`)."""
    if not student.is_student:
        raise ActionError(_("Only students take assessments."))
    try:
        with transaction.atomic():
            return Attempt.objects.create(student=student, form=form, started_at=at)
    except IntegrityError:
        return Attempt.objects.get(student=student, form=form)


@dataclass(frozen=True, slots=True)
class AnswerRule:
    """What an answer to one item may be: the item's kind and, on a choice item, the ids
    of its choices (as posted: strings)."""

    kind: str
    choices: frozenset[str] = frozenset()

    @property
    def has_choices(self) -> bool:
        return Item.kind_has_choices(self.kind)


def answer_rules(items: Iterable[Item]) -> dict[int, AnswerRule]:
    """The rules of items whose choices are prefetched (or not needed: typed answers)."""
    return {
        item.pk: AnswerRule(
            item.kind,
            frozenset(str(c.pk) for c in item.choices.all()) if item.has_choices else frozenset(),
        )
        for item in items
    }


def _posted_items(form: int, items: list[int]) -> QuerySet[Item, Any]:
    rows = Item.objects.filter(form_items__form_id=form, pk__in=items)
    return rows.values_list("pk", "kind", "choices__id")


def _attempt_status(attempt: int) -> QuerySet[Attempt, Any]:
    return Attempt.objects.select_for_update().filter(pk=attempt).values_list("status")


# Compiled once (`lib.statements`): autosave reads these on every answer.
_POSTED_ITEMS = Compiled(_posted_items)
_ATTEMPT_STATUS = Compiled(_attempt_status)


def _validated_answers(
    attempt: Attempt, answers: Mapping[int, Sequence[str]]
) -> dict[int, list[str]]:
    # Only the questions posted (an autosave carries the one that changed), read as plain
    # rows in one query: this runs on every autosave.
    kinds: dict[int, str] = {}
    choices: dict[int, set[str]] = {}
    for item_id, kind, choice_id in _POSTED_ITEMS.rows(form=attempt.form_id, items=list(answers)):
        kinds[item_id] = kind
        if choice_id is not None:
            choices.setdefault(item_id, set()).add(str(choice_id))
    rules = {i: AnswerRule(k, frozenset(choices.get(i, ()))) for i, k in kinds.items()}
    return clean_answers(rules, answers)


def clean_answers(
    rules: Mapping[int, AnswerRule], answers: Mapping[int, Sequence[str]]
) -> dict[int, list[str]]:
    """Answers checked against the items they answer (`answer_rules`): ActionError for an
    item not among them, a choice not on its item, two picks on a single-choice item or an
    over-long typed answer. Blank answers come out empty."""
    clean: dict[int, list[str]] = {}
    for item_id, raw in answers.items():
        rule = rules.get(item_id)
        if rule is None:
            raise ActionError(_("These answers do not belong to this assessment. Reload the page."))
        values = [str(v).strip() for v in raw if str(v).strip()]
        if rule.has_choices:
            if not set(values) <= rule.choices:
                raise ActionError(_("An answer picks a choice that is not on this question."))
            if rule.kind == Item.Kind.SINGLE and len(values) > 1:
                raise ActionError(_("Pick only one choice on single-choice questions."))
            clean[item_id] = sorted(set(values), key=values.index)
        else:
            text = values[0] if values else ""
            limit = MAX_OPEN_ANSWER if rule.kind == Item.Kind.OPEN else MAX_TEXT_ANSWER
            if len(text) > limit:
                raise ActionError(
                    _("Answers are limited to %(count)d characters.") % {"count": limit}
                )
            clean[item_id] = [text] if text else []
    return clean


class AnswerTable:
    """Where autosave writes answers: a form's responses (`Response`, by attempt) or a
    benchmark sitting's (`SittingAnswer`, by sitting). Rows with `item`, `answer` (JSON)
    and `updated_at`, one per owner and item."""

    def __init__(self, model: type[Model], owner: str) -> None:
        self.model, self.owner = model, owner

        def saved(owner_id: int, items: list[int]) -> QuerySet[Any, Any]:
            rows = model._default_manager.filter(**{owner: owner_id, "item_id__in": items})
            return rows.values_list("item_id", "answer")

        # Compiled once (`lib.statements`): read on every autosave.
        self.saved = Compiled(saved)
        meta = model._meta
        qn = connection.ops.quote_name
        owner_column = str(cast(Field[Any, Any], meta.get_field(owner)).column)
        self.update_sql = "UPDATE {} SET {} = %s, {} = %s WHERE {} = %s AND {} = %s".format(
            qn(meta.db_table), qn("answer"), qn("updated_at"), qn(owner_column), qn("item_id")
        )
        self.answer_field = cast(Field[Any, Any], meta.get_field("answer"))
        self.stamp_field = cast(Field[Any, Any], meta.get_field("updated_at"))


def store_answers(table: AnswerTable, owner_id: int, clean: Mapping[int, list[str]]) -> int:
    """Autosave's write: of the `clean` answers, only those that changed are written (new
    ones in one insert, changed ones in one UPDATE run). Returns how many changed.

    Plain statements rather than the ORM's (bulk_create, a queryset update per answer):
    building those was a fifth of an autosave (bench/, issue 14)."""
    if not clean:
        return 0
    existing = {
        item_id: json.loads(answer) if isinstance(answer, str) else answer
        for item_id, answer in table.saved.rows(owner_id=owner_id, items=list(clean))
    }
    stamp = table.stamp_field.get_db_prep_save(timezone.now(), connection)
    to_create: list[list[Any]] = []
    to_update: list[list[Any]] = []
    for item_id, answer in clean.items():
        if item_id in existing and existing[item_id] == answer:
            continue
        stored = table.answer_field.get_db_prep_save(answer, connection)
        if item_id in existing:
            to_update.append([stored, stamp, owner_id, item_id])
        else:
            to_create.append([owner_id, item_id, stored, stamp])
    if to_update:
        with connection.cursor() as cursor:
            cursor.executemany(table.update_sql, to_update)
    insert_rows(table.model, [table.owner, "item", "answer", "updated_at"], to_create)
    return len(to_create) + len(to_update)


RESPONSES = AnswerTable(Response, "attempt")


def _store_answers(attempt: Attempt, clean: Mapping[int, list[str]]) -> int:
    return store_answers(RESPONSES, attempt.pk, clean)


def _locked(attempt: Attempt) -> Attempt:
    # Row lock on PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers.
    locked = Attempt.objects.select_for_update().select_related("form__standard").get(pk=attempt.pk)
    if Attempt.student.is_cached(attempt):
        # The student the caller already has (the signed-in one): not read again.
        locked.student = attempt.student
    return locked


def save_answers(*, attempt: Attempt, answers: Mapping[int, Sequence[str]]) -> int:
    """Autosave: store the answers given so far. Returns how many changed.

    The answers are checked against the form before the transaction: on SQLite a write
    transaction holds the database's one write lock from its first statement, and an
    autosave used to wait longer for that lock (other students' saves checking their
    sheets inside it) than it worked. Inside: is the attempt still open, then the rows."""
    clean = _validated_answers(attempt, answers)
    with transaction.atomic():
        found = _ATTEMPT_STATUS.rows(attempt=attempt.pk)  # a row lock on PostgreSQL
        if not found:
            raise Attempt.DoesNotExist
        if found[0][0] != Attempt.Status.IN_PROGRESS:
            raise ActionError(_("This assessment was already submitted; your answers are saved."))
        return _store_answers(attempt, clean)


def _final_score(attempt: Attempt) -> tuple[list[Response], FormScore]:
    """The attempt's responses (one per question, new ones unsaved) scored as they stand:
    the teacher's marks count for open responses already scored."""
    items = form_items(attempt.form_id)  # with their choices, compiled once (queries)
    responses = {r.item_id: r for r in attempt_responses(attempt)}
    keys = [item.key(item_choices(item)) for item in items]
    given = [responses[item.pk].answer if item.pk in responses else [] for item in items]
    marks = [
        Marked(r.points or 0) if (r := responses.get(item.pk)) and r.scored_at else None
        for item in items
    ]
    result = score_form(keys, given, threshold_percent=attempt.form.threshold, marked=marks)
    scored = []
    for item, item_score in zip(items, result.items, strict=True):
        response = responses.get(item.pk) or Response(attempt=attempt, item_id=item.pk)
        response.is_correct = None if item_score.pending else item_score.correct
        response.points = None if item_score.pending else item_score.points
        scored.append(response)
    return scored, result


def _mark_responses(responses: list[Response]) -> None:
    """Each response's is_correct and points, one UPDATE run for all of them: bulk_update
    writes one statement with a CASE per row, and building it was a sixth of a submit."""
    if not responses:
        return
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(Response._meta.db_table)} SET {qn('is_correct')} = %s, {qn('points')} = %s "
        f"WHERE {qn('id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(r.is_correct, r.points, r.pk) for r in responses])


def _save_score(attempt: Attempt, scored: list[Response], result: FormScore) -> None:
    Response.objects.bulk_create([r for r in scored if r.pk is None])
    _mark_responses([r for r in scored if r.pk is not None])
    if result.pending:
        attempt.status = Attempt.Status.AWAITING
        attempt.points = attempt.max_points = attempt.percent = attempt.mastered = None
    else:
        attempt.status = Attempt.Status.SUBMITTED
        attempt.points, attempt.max_points = result.points, result.max_points
        attempt.percent, attempt.mastered = result.percent, result.mastered
    attempt.save(
        update_fields=["status", "submitted_at", "points", "max_points", "percent", "mastered"]
    )


# No savepoint of its own: its one caller (workflows.actions.submit_attempt) is inside its
# own transaction, and an error here fails it anyway.
@transaction.atomic(savepoint=False)
def score_attempt(
    *, attempt: Attempt, answers: Mapping[int, Sequence[str]], at: datetime
) -> tuple[Attempt, bool]:
    """Store the final answers, score the form and hand the attempt in: submitted, or
    waiting for the teacher when an open response needs scoring.

    Returns the attempt and whether this call handed it in: an attempt already handed in
    (double click, second tab) is returned as it is, so submitting is idempotent. What the
    score means for the student's level is the caller's (`workflows.actions.submit_attempt`).
    """
    attempt = _locked(attempt)
    if attempt.is_handed_in:
        return attempt, False
    _store_answers(attempt, _validated_answers(attempt, answers))
    scored, result = _final_score(attempt)
    attempt.submitted_at = at
    _save_score(attempt, scored, result)
    return attempt, True


@transaction.atomic
def mark_open_response(
    *, response: Response, points: int, level: float, comment: str, by: User, at: datetime
) -> tuple[Attempt, bool]:
    """The teacher's score of one open-response answer (its points, the level they chose,
    a comment). Returns the attempt and whether this score was the last one it waited for,
    so it is now scored. An attempt already scored keeps its answers' scores: ActionError."""
    attempt = _locked(response.attempt)
    response = Response.objects.select_related("item").get(pk=response.pk)
    if response.item.kind != Item.Kind.OPEN:
        raise ActionError(_("Only open-response answers are scored by hand."))
    if not attempt.is_awaiting:
        raise ActionError(_("This attempt is already scored; its scores can no longer change."))
    if not 0 <= points <= response.item.points:
        raise ActionError(_("That score is not one this question can earn."))
    response.points, response.level = points, level
    response.comment = comment.strip()[:MAX_TEXT_ANSWER]
    response.scored_by, response.scored_at = by, at
    response.is_correct = points == response.item.points
    response.save(
        update_fields=["points", "level", "comment", "scored_by", "scored_at", "is_correct"]
    )
    scored, result = _final_score(attempt)
    _save_score(attempt, scored, result)
    return attempt, not result.pending


@transaction.atomic
def attach_photo(*, attempt: Attempt, item_id: int, upload: CheckedUpload) -> Response:
    """A photo of the paper working for an open-response question of an attempt still in
    progress (a new photo replaces the old)."""
    attempt = _locked(attempt)
    if attempt.is_handed_in:
        raise ActionError(_("This assessment was already submitted; your answers are saved."))
    item = Item.objects.filter(
        pk=item_id, form_items__form_id=attempt.form_id, kind=Item.Kind.OPEN
    ).first()
    if item is None:
        raise ActionError(_("Photos go with the open-response questions of this assessment."))
    response, _created = Response.objects.get_or_create(attempt=attempt, item=item)
    old = response.photo.name if response.photo else ""
    response.photo.save(f"{uuid.uuid4().hex}.{upload.extension}", upload.file, save=False)
    response.photo_type = upload.content_type
    response.save(update_fields=["photo", "photo_type", "updated_at"])
    if old:
        _delete_on_commit(response.photo.storage, old)
    return response
