from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from masterymap.assessments.scoring import ItemKey, ItemKind
from masterymap.assessments.translation import (
    TranslationFacts,
    TranslationState,
    translation_state,
)
from masterymap.lib.storage import private_storage

DEFAULT_THRESHOLD = 80


def original_language_for(second_language: str) -> str:
    """The language an item is written in, given its second language: the site's content
    language, or the other one for an item translated into that language."""
    default = settings.LANGUAGE_CODE.split("-")[0]
    if second_language != default:
        return default
    others = [code for code, _name in settings.LANGUAGES if code != default]
    return others[0] if others else default


class Item(models.Model):
    """One question aligned to a standard. Its key lives here and in its choices."""

    class Kind(models.TextChoices):
        SINGLE = ItemKind.SINGLE.value, _("Single choice")
        MULTIPLE = ItemKind.MULTIPLE.value, _("Multiple choice (select all that apply)")
        NUMERIC = ItemKind.NUMERIC.value, _("Numeric answer")
        TEXT = ItemKind.TEXT.value, _("Short text")
        OPEN = ItemKind.OPEN.value, _("Open response (scored by the teacher)")

    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    stem = models.TextField(help_text=_("The question, in Markdown."))
    points = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    numeric_answer = models.FloatField(null=True, blank=True)
    tolerance = models.FloatField(default=0, validators=[MinValueValidator(0)])
    accepted_answers = models.TextField(
        blank=True, help_text=_("Short text: one accepted answer per line.")
    )
    feedback = models.TextField(blank=True, help_text=_("Shown to the student after they submit."))
    # Open response: what each level of the scale looks like in an answer (Markdown).
    rubric = models.TextField(blank=True)
    # A picture for the question, stored under a random name (nothing in it says anything of
    # the key) and served only through assessments:picture, after an access check.
    image = models.FileField(storage=private_storage, upload_to="items/%Y/%m/", blank=True)
    image_type = models.CharField(max_length=40, blank=True)
    image_alt = models.CharField(max_length=300, blank=True)
    keep_order = models.BooleanField(
        default=False,
        help_text=_(
            "Show the choices in the order written (for “all of the above”); "
            "otherwise each student gets them shuffled."
        ),
    )
    # A second-language version for English learners (stem, choices, feedback). The original
    # is in the school's content language; the student switches item by item.
    second_language = models.CharField(
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the translated version, if the item has one."),
    )
    stem_translated = models.TextField(blank=True)
    feedback_translated = models.TextField(blank=True)
    # When the translation, and the original's stem, choices or feedback, last changed:
    # a translation older than its original is stale.
    translation_updated_at = models.DateTimeField(null=True, blank=True)
    original_updated_at = models.DateTimeField(null=True, blank=True)
    # Archived: off the bank and out of new forms, never deleted once answered, so old
    # attempts still show it.
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The QTI identifier this question came from ("" when written here): importing the same
    # package into the standard again updates it instead of adding a copy (exchange/qti_import.py).
    source_id = models.CharField(max_length=200, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["standard_id", "id"]

    def __str__(self) -> str:
        return f"{self.standard.code} · {self.stem[:50]}"

    @staticmethod
    def kind_has_choices(kind: str) -> bool:
        """Whether items of this kind are answered by picking choices (single, multiple)."""
        return kind in (Item.Kind.SINGLE, Item.Kind.MULTIPLE)

    @property
    def has_choices(self) -> bool:
        return self.kind_has_choices(self.kind)

    @property
    def accepted_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    @property
    def original_language(self) -> str:
        return original_language_for(self.second_language)

    @property
    def is_bilingual(self) -> bool:
        """Whether students can switch this item to its second language."""
        return bool(self.second_language and self.stem_translated.strip())

    def translation_state(self) -> TranslationState:
        """none · missing · stale · current (assessments.translation); callers prefetch
        `choices`."""
        return translation_state(
            TranslationFacts(
                second_language=self.second_language,
                stem_translated=bool(self.stem_translated.strip()),
                choices_translated=all(c.text_translated.strip() for c in self.choices.all())
                if self.has_choices
                else True,
                feedback_needed=bool(self.feedback.strip()),
                feedback_translated=bool(self.feedback_translated.strip()),
                translation_updated_at=self.translation_updated_at,
                original_updated_at=self.original_updated_at,
            )
        )

    def key(self, choices: Iterable[Choice] | None = None) -> ItemKey:
        """The scoring key, from `choices` when the caller read them, else from its
        `choices` (which callers prefetch)."""
        listed = self.choices.all() if choices is None else choices
        return ItemKey(
            kind=ItemKind(self.kind),
            points=self.points,
            correct_choices=frozenset(str(c.pk) for c in listed if c.is_correct),
            numeric_answer=self.numeric_answer,
            tolerance=self.tolerance,
            accepted_answers=tuple(self.accepted_list),
        )


class Choice(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    text_translated = models.CharField(max_length=500, blank=True)
    is_correct = models.BooleanField(default=False)
    misconception = models.CharField(
        max_length=500, blank=True, help_text=_("Why a student might pick this wrong choice.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    image = models.FileField(storage=private_storage, upload_to="items/%Y/%m/", blank=True)
    image_type = models.CharField(max_length=40, blank=True)
    image_alt = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Form(models.Model):
    """One short standard-based assessment (A, B, …) with a mastery threshold."""

    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="forms"
    )
    label = models.CharField(max_length=3)
    threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Percent of points needed for mastery."),
    )
    items = models.ManyToManyField(Item, through="FormItem", related_name="forms")
    shuffle_items = models.BooleanField(
        default=False, help_text=_("Each student gets the questions in their own order.")
    )
    # Archived: no longer offered to students; its sittings stay readable.
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["standard_id", "label"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "label"], name="form_label_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} form {self.label}"


class FormItem(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="form_items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="form_items")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "item"], name="item_once_per_form"),
        ]


class Attempt(models.Model):
    """A student's sitting of a form. Scored fields are set once, on submit."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        # Handed in with open-response answers the teacher has not scored yet: no score,
        # no evidence, until the last one is scored.
        AWAITING = "awaiting", _("Waiting for the teacher")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="attempts")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    max_points = models.PositiveSmallIntegerField(null=True, blank=True)
    percent = models.FloatField(null=True, blank=True)
    mastered = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            # A student sits each form once; a retake is the next form.
            models.UniqueConstraint(fields=["student", "form"], name="one_attempt_per_form"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.form}"

    @property
    def is_submitted(self) -> bool:
        """Handed in and scored."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_awaiting(self) -> bool:
        """Handed in; the teacher still has open-response answers to score."""
        return self.status == self.Status.AWAITING

    @property
    def is_handed_in(self) -> bool:
        """No more answers are taken: scored, or waiting for the teacher."""
        return self.status != self.Status.IN_PROGRESS


class Response(models.Model):
    """A student's answer to one item of an attempt; autosaved, scored on submit."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="responses")
    # Selected choice ids, or a one-element list with the typed answer.
    answer = models.JSONField(default=list)
    is_correct = models.BooleanField(null=True, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    # An open response: a photo of the paper working, and the teacher's score (a level of the
    # class's scale), comment, and who scored it when.
    photo = models.FileField(storage=private_storage, upload_to="working/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=40, blank=True)
    level = models.FloatField(null=True, blank=True)
    comment = models.TextField(blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def awaits_teacher(self) -> bool:
        """An open-response answer not scored yet."""
        return self.scored_at is None and self.item.kind == Item.Kind.OPEN and bool(self.answer)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="one_response_per_item"),
        ]
