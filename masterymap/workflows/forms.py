"""Input validation for the pages of the workflows: the class list, the teacher station and
corrections. Who and what may be recorded is decided by the access helpers (the ids) and
workflows.actions (the rules), not here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from masterymap.evidence.models import Evidence
from masterymap.lib.fields import TEXT_MAX, IdField, PlausibleDateField
from masterymap.lib.html import ContentSelect
from masterymap.mastery.scale import Scale
from masterymap.mastery.sentences import label_text
from masterymap.standards.models import MasteryMap
from masterymap.workflows.formats import number_text
from masterymap.workflows.queries import BATTERY_DEFAULT, BATTERY_MAX


class ClassroomForm(forms.Form):
    """A new class on one of the school's maps."""

    name = forms.CharField(
        max_length=120, label=_("Class name"), help_text=_("For example “7A Maths”.")
    )
    mastery_map = forms.ModelChoiceField(
        queryset=MasteryMap.objects.none(), label=_("Mastery map"), widget=ContentSelect
    )

    def __init__(self, *args: Any, maps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if maps is not None:
            self.fields["mastery_map"].queryset = maps  # type: ignore[attr-defined]


# The station's first panel records one-on-one checks; the second every other teacher kind.
OTHER_KINDS = [
    (value, label)
    for value, label in Evidence.Kind.choices
    if value not in (Evidence.Kind.ASSESSMENT, Evidence.Kind.ONE_ON_ONE)
]
MARK_VALUES = {"right": True, "wrong": False}
# The station and corrections record what was seen: never in the future, never decades ago.
DATE_MESSAGES = {
    "invalid": _("Enter a date like 2026-03-14."),
    "too_late": _("The date assessed cannot be in the future."),
}


class PickForm(forms.Form):
    """The station's picker (a GET): typed text, or ids from a link."""

    who = forms.CharField(required=False, max_length=150)
    what = forms.CharField(required=False, max_length=150)
    student = IdField(required=False)
    standard = IdField(required=False)
    n = forms.IntegerField(required=False)

    def battery_size(self) -> int:
        n = self.cleaned_data.get("n") if self.is_valid() else None
        return BATTERY_DEFAULT if n is None else max(1, min(n, BATTERY_MAX))


class CheckForm(forms.Form):
    """A one-on-one check: the marks come as `mark-<number>` = right | wrong."""

    student = IdField()
    standard = IdField()
    n = forms.IntegerField(required=False)
    assessed_on = PlausibleDateField(
        label=_("Date assessed"), years_ahead=0, error_messages=DATE_MESSAGES
    )
    note = forms.CharField(required=False, max_length=TEXT_MAX, label=_("Note"))

    def battery_size(self) -> int:
        n = self.cleaned_data.get("n")
        return BATTERY_DEFAULT if n is None else max(1, min(n, BATTERY_MAX))


def marks_from_post(data: QueryDict, n: int) -> dict[int, str]:
    """{question number: "right" | "wrong"} for the marked questions among 1..n."""
    marks = {}
    for number in range(1, n + 1):
        value = data.get(f"mark-{number}", "")
        if value in MARK_VALUES:
            marks[number] = value
    return marks


class EvidenceForm(forms.Form):
    """Any other kind of evidence, scored on the class's scale. Posted with prefix `ev`."""

    student = IdField(
        error_messages={"required": _("Pick a student."), "invalid": _("Pick a student.")}
    )
    standard = IdField(
        error_messages={"required": _("Pick a standard."), "invalid": _("Pick a standard.")}
    )
    kind = forms.ChoiceField(
        choices=[("", _("— pick a kind —")), *OTHER_KINDS],
        label=_("Kind of evidence"),
        error_messages={
            "required": _("Pick what kind of evidence this is."),
            "invalid_choice": _("Pick what kind of evidence this is."),
        },
    )
    level = forms.FloatField(
        error_messages={
            "required": _("Pick a level on the scale."),
            "invalid": _("Pick a level on the scale."),
        }
    )
    assessed_on = PlausibleDateField(
        label=_("Date assessed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        years_ahead=0,
        error_messages=DATE_MESSAGES,
    )
    note = forms.CharField(
        required=False,
        max_length=TEXT_MAX,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you saw or heard. The student can read it with their evidence."),
    )

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        # The browser's date picker stops at today; evidence.actions refuses later dates.
        self.fields["assessed_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_level(self) -> float:
        # The station offers the scale's levels: one between two of them (2.5) or beyond
        # them (1e308) is no level a teacher picked.
        level: float = self.cleaned_data["level"]
        if not self.scale.has_level(level):
            levels = ", ".join(number_text(lv.value) for lv in self.scale.levels)
            raise forms.ValidationError(
                gettext("Pick a level on the scale: %(levels)s.") % {"levels": levels},
                code="off_scale",
            )
        return level


class CorrectionForm(forms.Form):
    """A correction of one piece of evidence: the new level, the date, and why."""

    level = forms.TypedChoiceField(
        coerce=float,
        choices=(),
        label=_("Corrected level"),
        error_messages={"invalid_choice": _("Pick a level on the scale.")},
    )
    assessed_on = PlausibleDateField(
        label=_("Date assessed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        years_ahead=0,
        error_messages=DATE_MESSAGES,
    )
    # Required by `correct_evidence`, whose message says so; `required` here only lets the
    # browser say it before posting.
    note = forms.CharField(
        required=False,
        max_length=TEXT_MAX,
        label=_("What the correction is for"),
        help_text=_("Required. The student can read it with their evidence."),
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
    )

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (str(lv.value), f"{lv.value} · {label_text(lv.label)}") for lv in scale.levels
        ]
        self.fields["assessed_on"].widget.attrs["max"] = timezone.localdate().isoformat()
