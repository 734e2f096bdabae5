"""Forms for goals and check-ins. They check the shape of what was typed; goals.actions
checks that it makes sense (the deadline, the map, the numbers)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from masterymap.accounts.models import Classroom
from masterymap.goals.models import ALIAS_CHOICES, AVATAR_CHOICES, Goal, PrivacyMode
from masterymap.lib.fields import PlausibleDateField
from masterymap.lib.html import ContentSelect
from masterymap.lib.ids import parse_id
from masterymap.standards.models import Standard, Unit


class StandardsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Standards by id; an id that is no database id (2⁶³, "x") is "invalid", never an
    overflow in the database's `IN (…)`."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if parse_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class GoalForm(forms.Form):
    """A new goal: a student's own, a teacher's suggestion to a student, or a class goal."""

    kind = forms.ChoiceField(label=_("Kind of goal"), widget=forms.RadioSelect)
    target = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=10_000,
        required=False,
        help_text=_("Standards to master, or things to count. A chosen list counts itself."),
    )
    unit = forms.ModelChoiceField(
        label=_("Which standards count"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Every standard on the map"),
        widget=ContentSelect,
    )
    standards = StandardsField(
        label=_("The standards to master (for a chosen list)"),
        queryset=Standard.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(
        label=_("What you will count"),
        max_length=120,
        required=False,
        help_text=_("For a counted goal, e.g. “Read chapter books”."),
    )
    deadline = PlausibleDateField(
        label=_("By"), years_back=0, widget=forms.DateInput(attrs={"type": "date"})
    )
    public = forms.BooleanField(
        label=_("Show on the public class map when reached"), required=False
    )

    def __init__(self, *args: Any, classroom: Classroom, for_class: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(k, label) for k, label in Goal.Kind.choices]
        if for_class:
            # A counted goal is a student's own ("read 10 books"); the class counts standards.
            kinds = [(k, label) for k, label in kinds if k != Goal.Kind.COUNTED]
            self.fields["target"].help_text = _(
                "Standards mastered by the whole class together. A chosen list counts each "
                "student's mastery of each standard on it."
            )
            self.fields["public"].label = _("Show on the public class map")
            del self.fields["title"]
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = kinds
        kind.initial = Goal.Kind.STANDARDS
        unit = cast(forms.ModelChoiceField, self.fields["unit"])  # type: ignore[type-arg]
        unit.queryset = Unit.objects.filter(mastery_map_id=classroom.mastery_map_id)
        standards = cast(forms.ModelMultipleChoiceField, self.fields["standards"])  # type: ignore[type-arg]
        standards.queryset = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id)
        standards.label_from_instance = lambda s: f"{s.code} · {s.i_can}"  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in (Goal.Kind.STANDARDS, Goal.Kind.COUNTED) and not data.get("target"):
            self.add_error("target", _("Say how many."))
        if kind == Goal.Kind.LIST and not data.get("standards"):
            self.add_error("standards", _("Choose at least one standard."))
        if kind == Goal.Kind.COUNTED and not (data.get("title") or "").strip():
            self.add_error("title", _("Say what you will count."))
        return data


class CheckInForm(forms.Form):
    on = PlausibleDateField(
        label=_("On"),
        years_back=1,
        years_ahead=0,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"too_late": _("A check-in cannot be in the future.")},
    )
    amount = forms.IntegerField(label=_("How many"), min_value=1, max_value=100, initial=1)
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)


class PublicMapForm(forms.Form):
    privacy_mode = forms.ChoiceField(
        label=_("What the public map shows about each student"),
        choices=PrivacyMode.choices,
        widget=forms.RadioSelect,
    )
    norms = forms.CharField(
        label=_("Our norms"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public map, e.g. “We celebrate every step; nobody is behind.”"),
    )
    stalled_after = forms.IntegerField(
        label=_("Alert me when a student has no new evidence for this many school days"),
        min_value=1,
        max_value=60,
        initial=5,
    )


class PublicProfileForm(forms.Form):
    alias = forms.ChoiceField(
        label=_("My alias"), required=False, choices=[("", _("No alias")), *ALIAS_CHOICES]
    )
    avatar = forms.ChoiceField(
        label=_("My avatar"),
        required=False,
        choices=[("", _("No avatar")), *AVATAR_CHOICES],
        widget=forms.RadioSelect,
    )
    opt_out = forms.BooleanField(
        label=_("Do not show me on the public map by name or alias"),
        required=False,
        help_text=_("You are still counted in the class's totals, never named."),
    )
