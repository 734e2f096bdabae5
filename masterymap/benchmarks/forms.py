"""Forms for benchmarks. They check the shape of what was posted; benchmarks.actions checks
that it makes sense (the map, the bank, the state)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from masterymap.benchmarks.rules import DEFAULT_LINE, DEFAULT_PER_STANDARD, MAX_PER_STANDARD
from masterymap.lib.fields import TEXT_MAX, IdField
from masterymap.lib.ids import parse_id
from masterymap.mastery.models import ReviewDecision
from masterymap.standards.models import Standard


class StandardChoices(forms.MultipleChoiceField):
    """Standards of the class's map, by id, ticked in a list."""

    widget = forms.CheckboxSelectMultiple


class BenchmarkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    standards = StandardChoices(label=_("Standards it covers"))
    per_standard = forms.IntegerField(
        label=_("Questions per standard, drawn from the bank"),
        min_value=0,
        max_value=MAX_PER_STANDARD,
        initial=DEFAULT_PER_STANDARD,
        help_text=_(
            "Only questions on no form a student of this class may still take. "
            "0: pick every question by hand on the next page."
        ),
    )
    line = forms.IntegerField(
        label=_("Mastery line (percent of each standard's points)"),
        min_value=1,
        max_value=100,
        initial=DEFAULT_LINE,
    )

    def __init__(self, *args: Any, standards: list[Standard], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standards"]
        assert isinstance(field, StandardChoices)
        field.choices = [(str(s.pk), f"{s.code} · {s.i_can or s.statement}") for s in standards]

    def standard_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["standards"]]


class OpenForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit in minutes (optional)"), min_value=1, max_value=600, required=False
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class ReviewForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Your decision"),
        choices=ReviewDecision.Resolution.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why (the student reads this)"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReflectForm(forms.Form):
    standard = IdField(widget=forms.HiddenInput)
    explanation = forms.ChoiceField(
        label=_("Which explanation fits best?"), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["explanation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def posted_ids(post: QueryDict, name: str) -> list[int]:
    """Ids ticked under `name`; anything that is no id is left out."""
    ids = [parse_id(v) for v in post.getlist(name)]
    return [i for i in ids if i is not None]


def posted_lines(post: QueryDict) -> dict[int, int] | None:
    """`line-<standard id>` fields as {standard id: percent}; None when one is no number."""
    lines: dict[int, int] = {}
    for key in post:
        if not key.startswith("line-"):
            continue
        standard_id = parse_id(key[5:])
        value = post.get(key, "").strip()
        if standard_id is None or not value.isdigit() or len(value) > 3:
            return None
        lines[standard_id] = int(value)
    return lines
