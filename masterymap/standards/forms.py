from __future__ import annotations

from typing import Any, cast

from django import forms

from masterymap.standards.models import MasteryMap, Unit
from masterymap.standards.symbols import COLOUR_CHOICES, ICON_CHOICES


class MasteryMapForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example “Grade 7 Mathematics”.")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class UnitForm(forms.Form):
    title = forms.CharField(max_length=200, label="New unit")


class StandardForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none())
    code = forms.CharField(max_length=40, help_text="For example 7.RP.A.1")
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    i_can = forms.CharField(
        max_length=300,
        label="“I can…” statement",
        help_text="In words a student understands: “I can find unit rates…”",
    )
    icon = forms.ChoiceField(choices=ICON_CHOICES, widget=forms.RadioSelect)
    colour = forms.ChoiceField(choices=COLOUR_CHOICES, widget=forms.RadioSelect)
    position = forms.IntegerField(min_value=0, required=False, help_text="Order within the unit.")

    def __init__(self, *args: Any, mastery_map: MasteryMap | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mastery_map is not None:
            unit = cast("forms.ModelChoiceField[Unit]", self.fields["unit"])
            unit.queryset = mastery_map.units.all()
