from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from masterymap.assessments.actions import ChoiceInput, PictureInput, TranslationInput
from masterymap.assessments.models import DEFAULT_THRESHOLD, Item, original_language_for
from masterymap.lib.fields import LONG_TEXT_MAX
from masterymap.lib.ids import parse_id
from masterymap.lib.uploads import CheckedUpload, UploadError, check_upload

# A question's picture: a screenful, not a scan of a poster.
PICTURE_MAX_BYTES = 5 * 1024 * 1024
PICTURE_MAX_PIXELS = 25_000_000


def _checked_picture(upload: Any) -> CheckedUpload | None:
    """A picture checked by its content (JPEG, PNG or WebP, capped), or a ValidationError
    saying why not."""
    if not upload:
        return None
    try:
        return check_upload(
            upload,
            max_bytes=PICTURE_MAX_BYTES,
            max_pixels=PICTURE_MAX_PIXELS,
            pictures_only=True,
        )
    except UploadError as e:
        raise ValidationError(e.message, code="picture") from None


CHOICE_SLOTS = 6
# A numeric item's answer and tolerance: any quantity a school asks for, and never a number
# so large that answer ± tolerance stops being exact arithmetic.
NUMBER_MAX = 10**12


def _within(value: float | None, low: int) -> float | None:
    """`value` if it lies from `low` to NUMBER_MAX (FloatField already refused inf and nan)."""
    if value is not None and not low <= value <= NUMBER_MAX:
        raise ValidationError(
            gettext("Enter a number from %(low)s to %(high)s.")
            % {
                "low": number_format(low, force_grouping=True),
                "high": number_format(NUMBER_MAX, force_grouping=True),
            },
            code="out_of_range",
        )
    return value


class ItemForm(forms.Form):
    kind = forms.ChoiceField(choices=Item.Kind.choices, widget=forms.RadioSelect, label=_("Type"))
    stem = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT_MAX,
        label=_("Question"),
        help_text=_(
            "Markdown: **bold**, *italic*, lists and tables work. Math between dollar signs: "
            "$\\frac{3}{4}$, $x^2$, $\\sqrt{2}$."
        ),
    )
    points = forms.IntegerField(min_value=1, max_value=20, initial=1, label=_("Points"))
    numeric_answer = forms.FloatField(required=False, label=_("Answer (numeric items)"))
    tolerance = forms.FloatField(
        required=False,
        min_value=0,
        initial=0,
        label=_("Tolerance"),
        help_text=_("Answers within ± this count as right."),
    )
    accepted_answers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT_MAX,
        label=_("Accepted answers (short-text items)"),
        help_text=_("One per line. Case and spaces are ignored."),
    )
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=LONG_TEXT_MAX,
        label=_("Feedback"),
        help_text=_("Shown to the student after they submit: how to get it right."),
    )
    rubric = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LONG_TEXT_MAX,
        label=_("Rubric (open response)"),
        help_text=_(
            "What an answer looks like at each level of the scale, one line per level; "
            "you see it beside each answer when you score."
        ),
    )
    picture = forms.FileField(
        required=False,
        label=_("Picture for the question"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    picture_alt = forms.CharField(
        max_length=300,
        required=False,
        label=_("What the picture shows"),
        help_text=_("Alt text, read to students who cannot see the picture. Required with one."),
    )
    picture_remove = forms.BooleanField(required=False, label=_("Remove the picture"))
    keep_order = forms.BooleanField(
        required=False,
        label=_("Keep the choices in this order"),
        help_text=_(
            "For choices such as “all of the above”. Otherwise each student gets the choices "
            "in their own shuffled order, so the key's place says nothing."
        ),
    )
    second_language = forms.ChoiceField(
        required=False,
        label=_("Second language"),
        help_text=_("For English learners: students can switch this item to the second language."),
    )
    stem_translated = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LONG_TEXT_MAX,
        label=_("Question, translated"),
    )
    feedback_translated = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=LONG_TEXT_MAX,
        label=_("Feedback, translated"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each language in its own name, as the language control shows it.
        language_field = cast(forms.ChoiceField, self.fields["second_language"])
        language_field.choices = [("", gettext("No second language")), *settings.LANGUAGES]
        language = (
            self.data.get("second_language", "")
            if self.is_bound
            else self.initial.get("second_language", "")
        )
        translated = ["stem_translated", "feedback_translated"]
        for i in range(1, CHOICE_SLOTS + 1):
            self.fields[f"choice_{i}_text"] = forms.CharField(
                max_length=500, required=False, label=gettext("Choice %(number)s") % {"number": i}
            )
            self.fields[f"choice_{i}_text_translated"] = forms.CharField(
                max_length=500,
                required=False,
                label=gettext("Choice %(number)s, translated") % {"number": i},
            )
            translated.append(f"choice_{i}_text_translated")
            self.fields[f"choice_{i}_correct"] = forms.BooleanField(
                required=False, label=pgettext_lazy("a choice that is right", "Correct")
            )
            self.fields[f"choice_{i}_misconception"] = forms.CharField(
                max_length=500, required=False, label=_("Misconception if chosen")
            )
            self.fields[f"choice_{i}_picture"] = forms.FileField(
                required=False,
                label=gettext("Picture for choice %(number)s") % {"number": i},
                widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"choice_{i}_picture_alt"] = forms.CharField(
                max_length=300,
                required=False,
                label=gettext("What the picture of choice %(number)s shows") % {"number": i},
            )
            self.fields[f"choice_{i}_picture_remove"] = forms.BooleanField(
                required=False,
                label=gettext("Remove the picture of choice %(number)s") % {"number": i},
            )
        # Spell-checkers and screen readers read each box in its language.
        self.original_language_code = original_language_for(language)
        self.second_language_code = language if language in dict(settings.LANGUAGES) else ""
        for name in ["stem", "feedback"] + [f"choice_{i}_text" for i in range(1, CHOICE_SLOTS + 1)]:
            self.fields[name].widget.attrs["lang"] = self.original_language_code
        if self.second_language_code:
            for name in translated:
                self.fields[name].widget.attrs["lang"] = self.second_language_code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["picture"] = _checked_picture(data.get("picture"))
        except ValidationError as e:
            self.add_error("picture", e)
        for i in range(1, CHOICE_SLOTS + 1):
            name = f"choice_{i}_picture"
            try:
                data[name] = _checked_picture(data.get(name))
            except ValidationError as e:
                self.add_error(name, e)
        return data

    def clean_numeric_answer(self) -> float | None:
        return _within(self.cleaned_data["numeric_answer"], -NUMBER_MAX)

    def clean_tolerance(self) -> float | None:
        return _within(self.cleaned_data["tolerance"], 0)

    @property
    def choice_rows(self) -> list[dict[str, forms.BoundField]]:
        return [
            {
                "text": self[f"choice_{i}_text"],
                "text_translated": self[f"choice_{i}_text_translated"],
                "correct": self[f"choice_{i}_correct"],
                "misconception": self[f"choice_{i}_misconception"],
                "picture": self[f"choice_{i}_picture"],
                "picture_alt": self[f"choice_{i}_picture_alt"],
                "picture_remove": self[f"choice_{i}_picture_remove"],
            }
            for i in range(1, CHOICE_SLOTS + 1)
        ]

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        choices = [
            ChoiceInput(
                text=data[f"choice_{i}_text"],
                is_correct=data[f"choice_{i}_correct"],
                misconception=data[f"choice_{i}_misconception"],
                text_translated=data[f"choice_{i}_text_translated"],
                picture=PictureInput(
                    upload=data[f"choice_{i}_picture"],
                    alt=data[f"choice_{i}_picture_alt"],
                    remove=data[f"choice_{i}_picture_remove"],
                ),
            )
            for i in range(1, CHOICE_SLOTS + 1)
            if data[f"choice_{i}_text"].strip()
        ]
        translation = TranslationInput(
            language=data["second_language"],
            stem=data["stem_translated"],
            feedback=data["feedback_translated"],
        )
        return {
            "kind": data["kind"],
            "stem": data["stem"],
            "points": data["points"],
            "feedback": data["feedback"],
            "numeric_answer": data["numeric_answer"],
            "tolerance": data["tolerance"] or 0.0,
            "accepted_answers": data["accepted_answers"].splitlines(),
            "choices": choices,
            "translation": translation,
            "keep_order": data["keep_order"],
            "rubric": data["rubric"],
            "picture": PictureInput(
                upload=data["picture"], alt=data["picture_alt"], remove=data["picture_remove"]
            ),
        }

    @classmethod
    def initial_for(cls, item: Item) -> dict[str, Any]:
        initial = {
            "kind": item.kind,
            "stem": item.stem,
            "points": item.points,
            "numeric_answer": item.numeric_answer,
            "tolerance": item.tolerance,
            "accepted_answers": item.accepted_answers,
            "feedback": item.feedback,
            "second_language": item.second_language,
            "stem_translated": item.stem_translated,
            "feedback_translated": item.feedback_translated,
            "keep_order": item.keep_order,
            "rubric": item.rubric,
            "picture_alt": item.image_alt,
        }
        for i, choice in enumerate(item.choices.all(), start=1):
            initial[f"choice_{i}_picture_alt"] = choice.image_alt
            initial[f"choice_{i}_text"] = choice.text
            initial[f"choice_{i}_text_translated"] = choice.text_translated
            initial[f"choice_{i}_correct"] = choice.is_correct
            initial[f"choice_{i}_misconception"] = choice.misconception
        return initial


class FormBuildForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], widget=forms.CheckboxSelectMultiple, label=_("Items on the form")
    )
    threshold = forms.IntegerField(
        min_value=1,
        max_value=100,
        initial=DEFAULT_THRESHOLD,
        label=_("Mastery threshold (%)"),
        help_text=_("The score a student needs to master the standard with this form."),
    )
    shuffle_items = forms.BooleanField(
        required=False,
        label=_("Shuffle the questions"),
        help_text=_(
            "Each student gets the questions in their own order (choices are shuffled anyway)."
        ),
    )

    def __init__(self, *args: Any, bank: Iterable[Item] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The label names the item; the page shows the whole item beside it.
        choices = [(i.pk, f"#{i.pk} · {i.get_kind_display()}") for i in bank]
        cast(forms.TypedMultipleChoiceField, self.fields["items"]).choices = choices


_ANSWER_KEY = re.compile(r"(?:shown|item)-(.+)")


def answers_from_post(post: QueryDict) -> dict[int, list[str]]:
    """Answers posted by the answer sheet, keyed by item id.

    Every question renders a hidden `shown-<id>`, so a question whose boxes were all cleared
    still arrives (as an empty answer) instead of silently keeping its old autosave. A key
    naming no id ("item-²", "item-99999999999999999999") is no answer and is left out; NUL
    characters, which no one types and PostgreSQL cannot store, are dropped.
    """
    answers: dict[int, list[str]] = {}
    for key in post:
        match = _ANSWER_KEY.fullmatch(key)
        item_id = parse_id(match.group(1)) if match else None
        if item_id is not None:
            answers[item_id] = [v.replace("\x00", "") for v in post.getlist(f"item-{item_id}")]
    return answers
