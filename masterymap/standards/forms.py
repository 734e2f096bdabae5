from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from masterymap.lib.fields import TEXT_MAX
from masterymap.lib.html import CONTENT, ContentSelect
from masterymap.lib.ids import parse_id
from masterymap.standards.models import COLOUR_CHOICES, ICON_CHOICES, MasteryMap, Unit

# A standard's place in its unit: far more than any unit holds, far less than the column.
POSITION_MAX = 9_999
# The most ids a posted order may hold (a unit's standards, a map's units).
ORDER_MAX = 1_000


class MasteryMapForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label=_("Title"),
        help_text=_("For example “Grade 7 Mathematics”."),
        widget=forms.TextInput(attrs=CONTENT),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2} | CONTENT),
        required=False,
        max_length=TEXT_MAX,
        label=_("Description"),
    )


class UnitForm(forms.Form):
    title = forms.CharField(
        max_length=200, label=_("New unit"), widget=forms.TextInput(attrs=CONTENT)
    )


class StandardForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Unit"), widget=ContentSelect
    )
    code = forms.CharField(
        max_length=40,
        label=_("Code"),
        help_text=_("For example 7.RP.A.1"),
        widget=forms.TextInput(attrs=CONTENT),
    )
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3} | CONTENT),
        max_length=TEXT_MAX,
        label=_("Statement"),
    )
    i_can = forms.CharField(
        max_length=300,
        widget=forms.TextInput(attrs=CONTENT),
        label=_("“I can…” statement"),
        help_text=_("In words a student understands: “I can find unit rates…”"),
    )
    icon = forms.ChoiceField(choices=ICON_CHOICES, widget=forms.RadioSelect, label=_("Icon"))
    colour = forms.ChoiceField(choices=COLOUR_CHOICES, widget=forms.RadioSelect, label=_("Colour"))
    position = forms.IntegerField(
        min_value=0,
        max_value=POSITION_MAX,
        required=False,
        label=_("Position"),
        help_text=_("Order within the unit."),
    )

    def __init__(self, *args: Any, mastery_map: MasteryMap | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mastery_map is not None:
            unit = cast("forms.ModelChoiceField[Unit]", self.fields["unit"])
            unit.queryset = mastery_map.units.all()


class UnitTitleForm(forms.Form):
    """A unit's new title (renaming it on the map page)."""

    title = forms.CharField(max_length=200, label=_("Title"), widget=forms.TextInput(attrs=CONTENT))


class MoveForm(forms.Form):
    """One place up or down (the keyboard's and no-script way to reorder)."""

    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


def posted_order(values: list[str]) -> list[int] | None:
    """The ids of a posted order (`order=3&order=1&order=2`), or None when one is no id."""
    if len(values) > ORDER_MAX:
        return None
    ids = [parse_id(v) for v in values]
    if not ids or any(i is None for i in ids):
        return None
    return [i for i in ids if i is not None]
