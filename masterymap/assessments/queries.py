"""Reads for taking an attempt (no keys!) and for reviewing one after submission."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from masterymap.accounts.models import User
from masterymap.assessments.generate import MIN_ANSWERS, Candidate, FormStats
from masterymap.assessments.models import Attempt, Choice, Form, FormItem, Item, Response
from masterymap.assessments.order import attempt_seed, choice_order, question_order
from masterymap.lib.markdown import render_inline, render_markdown
from masterymap.lib.statements import Compiled
from masterymap.lib.urls import fast_reverse
from masterymap.standards.models import Standard


@dataclass(frozen=True)
class Picture:
    """A question's or a choice's picture: where it is served (after an access check) and
    what it shows, in words."""

    url: str
    alt: str


def item_picture(item: Item) -> Picture | None:
    if not item.image:
        return None
    return Picture(fast_reverse("assessments:item-picture", args=[item.pk]), item.image_alt)


def choice_picture(choice: Choice) -> Picture | None:
    if not choice.image:
        return None
    return Picture(fast_reverse("assessments:choice-picture", args=[choice.pk]), choice.image_alt)


@dataclass(frozen=True)
class ChoiceOption:
    """A choice as a student taking the form sees it: no `is_correct`, no misconception.
    `html_translated` is its second-language text (the original's when not translated)."""

    id: str
    letter: str
    html: SafeString
    selected: bool
    html_translated: SafeString | None = None
    translated: bool = False
    picture: Picture | None = None


@dataclass(frozen=True)
class SheetItem:
    """One question on the answer sheet. Carries nothing of the key, nor the feedback (in
    either language): the student reads that only after submitting."""

    number: int
    item_id: int
    kind: str
    stem_html: SafeString
    points: int
    options: list[ChoiceOption]
    typed: str
    language: str = ""
    # Set when the student may switch the item to its second language.
    second_language: str = ""
    stem_html_translated: SafeString | None = None
    picture: Picture | None = None
    # An open response: whether a photo of the working is attached.
    has_photo: bool = False


def _items_of(form: int) -> QuerySet[Item]:
    # In the form's order: its FormItems' (position, then id).
    return Item.objects.filter(form_items__form_id=form).order_by(
        "form_items__position", "form_items__id"
    )


def _choices_of(items: list[int]) -> QuerySet[Choice]:
    return Choice.objects.filter(item_id__in=items).order_by("item_id", "position", "id")


def _responses_of(attempt: int) -> QuerySet[Response]:
    return Response.objects.filter(attempt_id=attempt)


# Compiled once (`lib.statements`): every student reads them for every form, on the answer
# sheet and again on the result.
_ITEMS = Compiled(_items_of)
_CHOICES = Compiled(_choices_of)
_RESPONSES = Compiled(_responses_of)


def form_items(form_id: int) -> list[Item]:
    """The form's items in order, each item's choices in a plain list (`choice_list`), as
    `Prefetch("choices", to_attr="choice_list")` leaves them: two queries.

    A plain list because `item.choices.all()` on prefetched rows still builds a manager and
    a queryset per call, twice per item on a review; read by hand because a compiled read
    takes no `prefetch_related`."""
    items: list[Item] = _ITEMS.objects(form=form_id)
    by_id = {item.pk: item for item in items}
    for item in items:
        item.choice_list = []  # type: ignore[attr-defined]
    cache_item = Choice.item.field.set_cached_value
    for choice in _CHOICES.objects(items=list(by_id)):
        item = by_id[choice.item_id]
        cache_item(choice, item)  # the prefetch leaves `choice.item` known, too
        item.choice_list.append(choice)  # type: ignore[attr-defined]
    return items


def item_choices(item: Item) -> list[Choice]:
    """The item's choices in order: the list `form_items` prefetched, else a query."""
    prefetched: list[Choice] | None = getattr(item, "choice_list", None)
    return prefetched if prefetched is not None else list(item.choices.all())


def attempt_responses(attempt: Attempt) -> list[Response]:
    """The attempt's answers: as prefetched (`student_attempts_on_standard`), else read."""
    prefetched = getattr(attempt, "_prefetched_objects_cache", {}).get("responses")
    if prefetched is not None:
        return list(prefetched)
    found: list[Response] = _RESPONSES.objects(attempt=attempt.pk)
    return found


def _attempt_items(attempt: Attempt) -> list[Item]:
    """The attempt's questions in the order its student meets them (assessments.order)."""
    items = form_items(attempt.form_id)
    return question_order(items, seed=attempt_seed(attempt.pk), shuffle=attempt.form.shuffle_items)


def answer_sheet(attempt: Attempt) -> list[SheetItem]:
    """The questions of an in-progress attempt with the answers autosaved so far, in the
    attempt's own order."""
    responses = attempt_responses(attempt)
    saved = {r.item_id: [str(v) for v in r.answer] for r in responses}
    photos = {r.item_id for r in responses if r.photo}
    return sheet_items(_attempt_items(attempt), saved, seed=attempt_seed(attempt.pk), photos=photos)


def ordered_choices(item: Item, seed: str | None) -> list[Choice]:
    """The item's choices as the sitting named by `seed` shows them (the written order when
    there is no sitting, or the item keeps its order)."""
    choices = item_choices(item)
    if seed is None:
        return choices
    return choice_order(choices, seed=seed, item_id=item.pk, keep=item.keep_order)


def sheet_items(
    items: Sequence[Item],
    saved: Mapping[int, Sequence[str]],
    *,
    seed: str | None = None,
    photos: Set[int] = frozenset(),
) -> list[SheetItem]:
    """Questions as an answer sheet shows them (a form's, a benchmark's), numbered in order,
    with the answers saved so far; never a key. Choices are read as prefetched, in the order
    of the sitting `seed` names."""
    sheet = []
    for number, item in enumerate(items, start=1):
        answer = [str(v) for v in saved.get(item.pk, [])]
        bilingual = item.is_bilingual
        options = (
            [
                ChoiceOption(
                    id=str(c.pk),
                    letter=choice_letter(position),
                    html=mark_safe(render_inline(c.text)),
                    selected=str(c.pk) in answer,
                    html_translated=(
                        mark_safe(render_inline(c.text_translated or c.text)) if bilingual else None
                    ),
                    translated=bilingual and bool(c.text_translated.strip()),
                    picture=choice_picture(c),
                )
                for position, c in enumerate(ordered_choices(item, seed))
            ]
            if item.has_choices
            else []
        )
        sheet.append(
            SheetItem(
                number=number,
                item_id=item.pk,
                kind=item.kind,
                stem_html=mark_safe(render_markdown(item.stem)),
                points=item.points,
                options=options,
                typed="" if item.has_choices or not answer else answer[0],
                language=item.original_language,
                second_language=item.second_language if bilingual else "",
                stem_html_translated=(
                    mark_safe(render_markdown(item.stem_translated)) if bilingual else None
                ),
                picture=item_picture(item),
                has_photo=item.pk in photos,
            )
        )
    return sheet


def choice_letter(position: int) -> str:
    """A, B, C… for the choices of an item, as a student names them."""
    return chr(ord("A") + position) if position < 26 else str(position + 1)


@dataclass(frozen=True)
class ReviewChoice:
    html: SafeString
    selected: bool
    correct: bool  # False for every choice when the key is not shown
    misconception: str
    shown_wrong: bool = False  # picked and wrong, said even when the key is not shown
    key_hidden: bool = False
    picture: Picture | None = None

    @property
    def css(self) -> str:
        """The line's class: decided here, once, rather than by tags per choice."""
        if self.correct:
            return "choice-correct"
        wrong = self.shown_wrong if self.key_hidden else self.selected
        return "choice-picked-wrong" if wrong else ""


@dataclass(frozen=True)
class ReviewItem:
    """One question after submission: the answer given, whether it was right, the key."""

    number: int
    kind: str
    stem_html: SafeString
    points: int
    max_points: int
    correct: bool
    answered: bool
    choices: list[ReviewChoice]
    typed: str
    key_text: str
    feedback_html: SafeString
    item_id: int = 0
    language: str = ""
    # The feedback's second-language version, shown beneath the original when there is one.
    second_language: str = ""
    feedback_html_translated: SafeString | None = None
    picture: Picture | None = None
    # An open response: waiting for the teacher's score; the teacher's comment; the photo
    # of the working (its response's id, served by assessments:photo).
    awaiting: bool = False
    comment: str = ""
    photo_response_id: int | None = None

    # Text the review writes per question, made here: as template tags (a blocktranslate,
    # numbers through the number formatter) they were a good part of the result page's CPU.
    @property
    def heading(self) -> str:
        return _("Question %(number)s") % {"number": self.number}

    @property
    def score_text(self) -> str:
        if self.awaiting:
            return f"?/{self.max_points}"
        return f"{self.points}/{self.max_points}"


@dataclass(frozen=True)
class KeyParts:
    """An item's answer key as display text: its pieces and the word between them. The
    attempt review shows `text()`; the teacher station renders each piece as Markdown."""

    pieces: tuple[str, ...]
    joiner: str

    def text(self) -> str:
        return f" {self.joiner} ".join(self.pieces)


def key_parts(item: Item) -> KeyParts:
    """The key in words: "4.5 (± 0.1)" for a numeric item, any accepted answer ("or"), every
    correct choice ("and"). Callers prefetch `choices`.

    The joiner is in the reader's language. The number stays as a student types it (a decimal
    point in every language): scoring reads "4,5" as no number, so showing it would mislead."""
    either = pgettext("between accepted answers", "or")
    if item.kind == Item.Kind.NUMERIC:
        value = f"{item.numeric_answer:g}" if item.numeric_answer is not None else "?"
        return KeyParts((f"{value} (± {item.tolerance:g})" if item.tolerance else value,), either)
    if item.kind == Item.Kind.TEXT:
        return KeyParts(tuple(item.accepted_list), either)
    both = pgettext("between correct choices", "and")
    return KeyParts(tuple(c.text for c in item_choices(item) if c.is_correct), both)


def attempt_review(attempt: Attempt, *, show_keys: bool = True) -> list[ReviewItem]:
    """Item-by-item review of a submitted attempt. Never call for an unsubmitted one.

    Without `show_keys` (the class shows answers later: assessments.keys) nothing of the key
    is in it: no correct choice, no key text, no feedback; right or wrong per question, and
    why a wrong choice is tempting, stay."""
    if not attempt.is_handed_in:
        raise ValueError("Keys are only shown after submission.")
    responses = {r.item_id: r for r in attempt_responses(attempt)}
    review = []
    seed = attempt_seed(attempt.pk)
    for number, item in enumerate(_attempt_items(attempt), start=1):
        response = responses.get(item.pk)
        answer = [str(v) for v in (response.answer if response else [])]
        choices = (
            [
                ReviewChoice(
                    mark_safe(render_inline(c.text)),
                    str(c.pk) in answer,
                    c.is_correct and show_keys,
                    c.misconception,
                    shown_wrong=str(c.pk) in answer and not c.is_correct,
                    key_hidden=not show_keys,
                    picture=choice_picture(c),
                )
                for c in ordered_choices(item, seed)
            ]
            if item.has_choices
            else []
        )
        review.append(
            ReviewItem(
                number=number,
                kind=item.kind,
                stem_html=mark_safe(render_markdown(item.stem)),
                points=(response.points or 0) if response else 0,
                max_points=item.points,
                correct=bool(response and response.is_correct),
                answered=bool(answer),
                choices=choices,
                typed="" if item.has_choices or not answer else answer[0],
                key_text=key_parts(item).text() if show_keys else "",
                feedback_html=(
                    mark_safe(render_markdown(item.feedback)) if show_keys else SafeString("")
                ),
                item_id=item.pk,
                language=item.original_language,
                second_language=(
                    item.second_language
                    if show_keys and item.second_language and item.feedback_translated.strip()
                    else ""
                ),
                feedback_html_translated=(
                    mark_safe(render_markdown(item.feedback_translated))
                    if show_keys and item.second_language and item.feedback_translated.strip()
                    else None
                ),
                picture=item_picture(item),
                awaiting=bool(response and answer and response.scored_at is None)
                and item.kind == Item.Kind.OPEN,
                comment=response.comment if response else "",
                photo_response_id=response.pk if response and response.photo else None,
            )
        )
    return review


def student_attempts_on_standard(student: User, standard: Standard) -> list[Attempt]:
    """All of a student's sittings on a standard, oldest first, responses prefetched."""
    return list(
        Attempt.objects.filter(student=student, form__standard=standard)
        .select_related("form")
        .prefetch_related("responses")
        .order_by("started_at", "id")
    )


def forms_for_standard(standard: Standard) -> list[tuple[Form, list[Item]]]:
    forms = Form.objects.filter(standard=standard).prefetch_related("form_items__item")
    return [(f, [fi.item for fi in f.form_items.all()]) for f in forms]


def _later_submission(student: int, standard: int, attempt: int) -> QuerySet[Attempt, tuple[int]]:
    submitted_at = Attempt.objects.filter(pk=attempt).order_by().values("submitted_at")[:1]
    return (
        Attempt.objects.filter(
            student_id=student,
            form__standard_id=standard,
            status=Attempt.Status.SUBMITTED,
            submitted_at__gt=Subquery(submitted_at),
        )
        .order_by()
        .values_list("pk")[:1]
    )


_LATER_SUBMISSION = Compiled(_later_submission)  # every result page


def is_latest_submission(attempt: Attempt) -> bool:
    """Whether no later submitted attempt of the student on the same standard exists. One
    query. An older attempt's result page does not speak for the level any more."""
    return not _LATER_SUBMISSION.rows(
        student=attempt.student_id, standard=attempt.form.standard_id, attempt=attempt.pk
    )


def open_attempt(student: User, standard: Standard) -> Attempt | None:
    """The student's sitting on `standard` that is still in progress, if any. One query."""
    return (
        Attempt.objects.filter(
            student=student, form__standard=standard, status=Attempt.Status.IN_PROGRESS
        )
        .select_related("form__standard")
        .first()
    )


def next_form(student: User, standard: Standard) -> Form | None:
    """The first form (A, B, …) with items, not archived, that the student has not sat. One
    query."""
    sat = Attempt.objects.filter(student=student, form_id=OuterRef("pk"))
    return (
        Form.objects.filter(standard=standard, form_items__isnull=False, archived_at__isnull=True)
        .exclude(Exists(sat))
        .order_by("label")
        .first()
    )


def forms_left(student: User, standard: Standard) -> int:
    """How many of the standard's forms (with items, not archived) the student has not sat.
    One query."""
    return (
        Form.objects.filter(standard=standard, form_items__isnull=False, archived_at__isnull=True)
        .exclude(attempts__student=student)
        .distinct()
        .count()
    )


def bank_candidates(standard: Standard) -> tuple[list[Candidate], dict[int, Candidate]]:
    """Every item of the standard's bank as a candidate for a form (`assessments.generate`),
    with its share of right answers once answered often enough: those free for a form (on
    no form, not archived), and all of them by id. Two queries."""
    answered = {
        row["item_id"]: row
        for row in Response.objects.filter(
            item__standard=standard, attempt__status=Attempt.Status.SUBMITTED
        )
        .values("item_id")
        .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))
    }
    on_forms = set(
        FormItem.objects.filter(form__standard=standard).values_list("item_id", flat=True)
    )
    every: dict[int, Candidate] = {}
    archived = set()
    for pk, kind, archived_at in (
        Item.objects.filter(standard=standard)
        .order_by("pk")
        .values_list("pk", "kind", "archived_at")
    ):
        row = answered.get(pk)
        difficulty = row["right"] / row["n"] if row and row["n"] >= MIN_ANSWERS else None
        every[pk] = Candidate(pk, kind, difficulty)
        if archived_at is not None:
            archived.add(pk)
    # An archived question is never drawn, nor offered in a swap (assessments.editing).
    free = [c for pk, c in every.items() if pk not in on_forms and pk not in archived]
    return free, every


def form_stats(standard: Standard) -> list[FormStats]:
    """Each form's sittings and mean score, from real attempts. One query."""
    rows = {
        row["form_id"]: row
        for row in Attempt.objects.filter(form__standard=standard, status=Attempt.Status.SUBMITTED)
        .values("form_id")
        .annotate(n=Count("id"), mean=Avg("percent"))
    }
    return [
        FormStats(
            label,
            rows[pk]["n"] if pk in rows else 0,
            round(rows[pk]["mean"], 1) if pk in rows and rows[pk]["mean"] is not None else None,
        )
        for pk, label in Form.objects.filter(standard=standard)
        .order_by("label")
        .values_list("pk", "label")
    ]
