"""A class's proficiency scale: see the scale in force, give the class its own, go back to
the school's; a school admin also sets the school's scale from the same page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.forms.boundfield import BoundField, BoundWidget
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom
from masterymap.lib.errors import ActionError
from masterymap.lib.http import AuthedRequest
from masterymap.mastery import scale_actions
from masterymap.mastery.engine import scale_from_row
from masterymap.mastery.models import ProficiencyScale
from masterymap.mastery.scale import DEFAULT_SCALE, Level, Scale, format_level

PAGE = "mastery/scale_page.html"
MIN_ROWS = 6  # rows on the form: the levels, then blank rows to add a level
MAX_ROWS = 20
NEW_LEVEL_COLOUR = "#5b6675"


# --- The form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    """One row of the scale form: a level's inputs and its "mastered from here" radio."""

    number: int
    value: BoundField
    label: BoundField
    colour: BoundField
    cut: BoundField
    remove: BoundField
    mastery: BoundWidget
    new: bool  # a blank row, offered to add a level

    @property
    def errors(self) -> list[str]:
        return [e for f in (self.value, self.label, self.colour, self.cut) for e in f.errors]


class ScaleForm(forms.Form):
    """Rows of value, name, colour and cut score; a blank or removed row is no level.

    Only turns posted text into `Level`s; the rules (ascending values, cut scores that
    never go down, a mastery level on the scale…) are checked by the pure `Scale`, through
    `scale_actions`, so each message lives in one place.
    """

    rows = forms.IntegerField(widget=forms.HiddenInput)
    mastery = forms.ChoiceField(
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pick which level counts as mastered.",
            "invalid_choice": "Pick which level counts as mastered.",
        },
    )

    def __init__(self, *args: Any, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_count = rows
        self.fields["rows"].initial = rows
        self.fields["mastery"].choices = [  # type: ignore[attr-defined]
            (str(n), f"Level of row {n} counts as mastered") for n in range(1, rows + 1)
        ]
        for n in range(1, rows + 1):
            self.fields[f"value-{n}"] = forms.IntegerField(
                required=False,
                label=f"Value of level {n}",
                error_messages={"invalid": "A whole number."},
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            )
            self.fields[f"label-{n}"] = forms.CharField(
                required=False, max_length=60, label=f"Name of level {n}"
            )
            self.fields[f"colour-{n}"] = forms.CharField(
                required=False,
                label=f"Colour of level {n}",
                initial=NEW_LEVEL_COLOUR,
                widget=forms.TextInput(attrs={"type": "color"}),
            )
            self.fields[f"cut-{n}"] = forms.FloatField(
                required=False,
                label=f"Cut score of level {n} (%)",
                error_messages={"invalid": "A percent from 0 to 100."},
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"}),
            )
            self.fields[f"remove-{n}"] = forms.BooleanField(
                required=False, label=f"Remove level {n}"
            )

    @staticmethod
    def posted_rows(data: QueryDict, prefix: str) -> int:
        """How many rows the posted form had (a tampered count is clamped)."""
        raw = data.get(f"{prefix}-rows", "")
        return max(MIN_ROWS, min(int(raw), MAX_ROWS)) if raw.isdigit() else MIN_ROWS

    @staticmethod
    def initial_from(scale: Scale) -> dict[str, object]:
        initial: dict[str, object] = {}
        for n, level in enumerate(scale.levels, start=1):
            initial |= {
                f"value-{n}": level.value,
                f"label-{n}": level.label,
                f"colour-{n}": level.colour,
                f"cut-{n}": format_level(level.min_percent),
            }
            if level.value == scale.mastery_value:
                initial["mastery"] = str(n)
        return initial

    @property
    def level_rows(self) -> list[LevelRow]:
        radios = list(self["mastery"])
        return [
            LevelRow(
                number=n,
                value=self[f"value-{n}"],
                label=self[f"label-{n}"],
                colour=self[f"colour-{n}"],
                cut=self[f"cut-{n}"],
                remove=self[f"remove-{n}"],
                mastery=radios[n - 1],
                new=not str(self[f"label-{n}"].value() or "").strip(),
            )
            for n in range(1, self.row_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        levels: dict[int, Level] = {}
        unreadable = set()
        for n in range(1, self.row_count + 1):
            names = [f"{part}-{n}" for part in ("value", "label", "cut")]
            if data.get(f"remove-{n}") or all(
                not str(self.data.get(self.add_prefix(name), "")).strip() for name in names
            ):
                continue  # a blank row adds nothing; a ticked "remove" drops the level
            if any(name in self.errors for name in names):
                unreadable.add(n)
                continue
            value, label, cut = (data.get(name) for name in names)
            if value is None or not (label or "").strip() or cut is None:
                self.add_error(f"value-{n}", "Give this level a value, a name and a cut score.")
                unreadable.add(n)
                continue
            colour = (data.get(f"colour-{n}") or NEW_LEVEL_COLOUR).strip()
            levels[n] = Level(value=value, label=label, colour=colour, min_percent=cut)
        data["levels"] = list(levels.values())
        chosen = data.get("mastery")
        if chosen and int(chosen) in unreadable:
            pass  # that row's own error says what to fix
        elif chosen and int(chosen) not in levels:
            self.add_error("mastery", "The level that counts as mastered must be a level kept.")
        elif chosen:
            data["mastery_value"] = levels[int(chosen)].value
        return data

    def scale_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `set_class_scale` and `set_school_scale`."""
        return {
            "levels": self.cleaned_data["levels"],
            "mastery_value": self.cleaned_data["mastery_value"],
        }


# --- What the page shows --------------------------------------------------------------------


@dataclass(frozen=True)
class LevelLine:
    value: int
    label: str
    colour: str
    cut_text: str
    mastered: bool


@dataclass(frozen=True)
class ScaleOverview:
    in_force: Scale
    school_scale: Scale
    source: str  # "class", "school" or "default"
    lines: list[LevelLine]

    @property
    def own(self) -> bool:
        return self.source == "class"


def scale_overview(classroom: Classroom) -> ScaleOverview:
    """The scale in force for the class and where it comes from, in two queries."""
    rows = {
        row.classroom_id: row
        for row in ProficiencyScale.objects.filter(school_id=classroom.school_id)
        .filter(Q(classroom=classroom) | Q(classroom__isnull=True))
        .prefetch_related("levels")
    }
    school_row, own_row = rows.get(None), rows.get(classroom.pk)
    school_scale = scale_from_row(school_row) if school_row else DEFAULT_SCALE
    in_force = scale_from_row(own_row) if own_row else school_scale
    source = "class" if own_row else "school" if school_row else "default"
    lines = [
        LevelLine(
            value=lv.value,
            label=lv.label,
            colour=lv.colour,
            cut_text=f"{format_level(lv.min_percent)} %",
            mastered=in_force.is_mastered(lv.value),
        )
        for lv in in_force.levels
    ]
    return ScaleOverview(in_force, school_scale, source, lines)


def _scale_form(scale: Scale, prefix: str) -> ScaleForm:
    rows = max(MIN_ROWS, len(scale.levels))
    return ScaleForm(initial=ScaleForm.initial_from(scale), prefix=prefix, rows=rows)


def _scale_page(
    request: AuthedRequest,
    classroom: Classroom,
    *,
    class_form: ScaleForm | None = None,
    school_form: ScaleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = scale_overview(classroom)
    context = {
        "classroom": classroom,
        "overview": overview,
        "class_form": class_form or _scale_form(overview.in_force, "class"),
        # Shown to school admins (the template asks); saving it needs one anyway.
        "school_form": school_form or _scale_form(overview.school_scale, "school"),
    }
    return render(request, PAGE, context, status=status)


# --- Views ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def scale_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's scale; posting gives the class its own scale and recomputes its records."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    if request.method == "GET":
        return _scale_page(request, classroom)
    rows = ScaleForm.posted_rows(request.POST, "class")
    form = ScaleForm(request.POST, prefix="class", rows=rows)
    if form.is_valid():
        try:
            changed = scale_actions.set_class_scale(
                classroom=classroom, by=request.user, **form.scale_arguments()
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                f"{classroom.name} now uses its own scale: "
                f"{changed} record{pluralize(changed)} changed.",
            )
            return redirect("mastery:scale", classroom.pk)
    return _scale_page(request, classroom, class_form=form, status=422)


@require_POST
@login_required
def scale_clear(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Use the school's scale again: the class's own scale is removed, records recomputed."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    changed = scale_actions.clear_class_scale(classroom=classroom, by=request.user)
    messages.success(
        request,
        f"{classroom.name} uses the school's scale: {changed} record{pluralize(changed)} changed.",
    )
    return redirect("mastery:scale", classroom.pk)


@require_POST
@login_required
def scale_school(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A school admin sets the school's scale; every class following it is recomputed."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    rows = ScaleForm.posted_rows(request.POST, "school")
    form = ScaleForm(request.POST, prefix="school", rows=rows)
    if form.is_valid():
        try:
            changed = scale_actions.set_school_scale(
                school=classroom.school, by=request.user, **form.scale_arguments()
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                f"Saved the scale of {classroom.school.name}: "
                f"{changed} record{pluralize(changed)} changed.",
            )
            return redirect("mastery:scale", classroom.pk)
    return _scale_page(request, classroom, school_form=form, status=422)
