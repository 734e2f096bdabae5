"""Input validation for the mastery policy page, the what-if box and level overrides.

Ranges and domain rules (a decay rate from 0.50 to 0.99, m ≤ n, a reason for every
override) are checked by the actions and the pure methods, so each rule and its message
lives in one place; these forms only turn posted text into typed values, refusing what no
setting can be (inf, nan, a weight past `policy.MAX_WEIGHT`) at the input it was typed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from masterymap.accounts.models import Classroom
from masterymap.assessments.keys import TIMING_LABELS, Timing
from masterymap.evidence.models import Evidence
from masterymap.lib.html import CONTENT, ContentSelect
from masterymap.lib.ids import parse_id
from masterymap.mastery.methods import METHODS, Method
from masterymap.mastery.policy import MAX_WEIGHT, Policy
from masterymap.mastery.retake import (
    DEFAULT_RULES,
    MAX_COOL_DOWN_DAYS,
    MAX_FORMS_LIMIT,
    RetakeRules,
    RetakeRulesError,
)
from masterymap.mastery.scale import Level, Scale, format_level
from masterymap.mastery.sentences import (
    is_interface_label,
    label_text,
    number_text,
    phrase_text,
)
from masterymap.standards.models import Standard


def param_field_name(method_key: str, parameter_name: str) -> str:
    return f"{method_key}-{parameter_name}"


def weight_field_name(kind: str) -> str:
    return f"weight-{kind}"


def describe(method: type[Method]) -> str:
    """The method's one-line description (its docstring's first line, without the code names
    meant for programmers), in the active language."""
    return gettext(method.description)


class LevelSelect(forms.Select):
    """A select of a scale's levels: an option whose label the school typed carries
    `data-content`; the interface's own labels are translated (`level_choices`)."""

    content_values: frozenset[str] = frozenset()

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if str(option["value"]) in self.content_values:
            option["attrs"]["data-content"] = True
        return option


def level_choices(field: forms.Field, scale: Scale) -> None:
    """Offer the scale's levels ("3 · Mastered") on a choice field whose widget is a
    `LevelSelect`."""
    field.choices = [  # type: ignore[attr-defined]
        (str(lv.value), f"{number_text(lv.value)} · {label_text(lv.label)}") for lv in scale.levels
    ]
    assert isinstance(field.widget, LevelSelect)
    field.widget.content_values = frozenset(
        str(lv.value) for lv in scale.levels if not is_interface_label(lv.label)
    )


@dataclass(frozen=True)
class MethodGroup:
    """One method on the policy form: its radio button, description and parameter inputs."""

    key: str
    radio: BoundWidget
    description: str
    params: list[BoundField]


@dataclass(frozen=True)
class WeightRow:
    kind: BoundWidget
    weight: BoundField


class PolicyForm(forms.Form):
    method = forms.ChoiceField(
        # The labels are marked in methods.py (pure) and translated here.
        choices=[(m.key, _(m.label)) for m in METHODS],
        widget=forms.RadioSelect,
        label=_("Calculation method"),
    )
    standard = forms.ModelChoiceField(
        queryset=Standard.objects.none(),
        required=False,
        empty_label=_("All standards"),
        label=_("Applies to"),
        help_text=_(
            "Pick one standard to give it its own policy (an override of the class policy)."
        ),
        widget=ContentSelect,
    )
    min_evidence = forms.IntegerField(
        label=_("Minimum evidence"),
        initial=1,
        help_text=_("No level shows until a student has this many pieces of evidence (1 to 20)."),
        widget=forms.NumberInput(attrs={"min": 1, "max": 20}),
    )
    kinds = forms.MultipleChoiceField(
        choices=Evidence.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kinds of evidence that count"),
        help_text=_("None ticked: every kind counts."),
    )

    def __init__(self, *args: Any, classroom: Classroom, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.filter(  # type: ignore[attr-defined]
            mastery_map_id=classroom.mastery_map_id
        )
        for method in METHODS:
            for p in method.parameters():
                self.fields[param_field_name(method.key, p.name)] = forms.CharField(
                    label=gettext(p.label),
                    required=False,
                    # The input's own value: a number the browser reads ("0.65").
                    initial=format_level(p.default),
                    help_text=gettext("From %(low)s to %(high)s; default %(default)s.")
                    % {
                        "low": number_text(p.min),
                        "high": number_text(p.max),
                        "default": number_text(p.default),
                    },
                    widget=forms.NumberInput(
                        attrs={"min": p.min, "max": p.max, "step": 1 if p.kind == "int" else 0.01}
                    ),
                )
        # A weight past MAX_WEIGHT (1e308 once was saved) made every later calculation on
        # the standard overflow; the range is the pure Policy's, said at the input.
        weight_message = gettext("A weight is a number from 0 to %(max)s.") % {
            "max": number_text(MAX_WEIGHT)
        }
        for kind, label in Evidence.Kind.choices:
            self.fields[weight_field_name(kind)] = forms.FloatField(
                label=gettext("Weight of %(kind)s") % {"kind": label},
                required=False,
                initial=1,
                min_value=0,
                max_value=MAX_WEIGHT,
                error_messages={
                    "invalid": weight_message,
                    "min_value": weight_message,
                    "max_value": weight_message,
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_WEIGHT, "step": "any"}),
            )

    @classmethod
    def initial_from(cls, policy: Policy, standard: Standard | None) -> dict[str, object]:
        """Initial values showing `policy` (the one that applies to the scope now)."""
        initial: dict[str, object] = {
            "method": policy.method,
            "standard": standard.pk if standard else None,
            "min_evidence": max(policy.min_evidence, 1),
            "kinds": sorted(policy.kinds) if policy.kinds else [],
        }
        for name, value in policy.build().params().items():
            assert isinstance(value, int | float)
            initial[param_field_name(policy.method, name)] = format_level(value)
        for kind, weight in policy.weights.items():
            initial[weight_field_name(kind)] = format_level(weight)
        return initial

    @property
    def method_groups(self) -> list[MethodGroup]:
        radios = {radio.data["value"]: radio for radio in self["method"]}
        return [
            MethodGroup(
                key=method.key,
                radio=radios[method.key],
                description=describe(method),
                params=[self[param_field_name(method.key, p.name)] for p in method.parameters()],
            )
            for method in METHODS
        ]

    @property
    def weight_rows(self) -> list[WeightRow]:
        kinds = list(self["kinds"])
        return [
            WeightRow(kind=box, weight=self[weight_field_name(box.data["value"])]) for box in kinds
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = next((m for m in METHODS if m.key == data.get("method")), None)
        params: dict[str, object] = {}
        # Only the chosen method's inputs are read; the others are ignored, typed or not.
        for p in method.parameters() if method else []:
            name = param_field_name(method.key, p.name) if method else ""
            raw = (data.get(name) or "").strip()
            if not raw:
                continue  # the method's default
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):  # "inf", "nan", "1e400"
                self.add_error(name, gettext("Enter a number."))
                continue
            params[p.name] = int(value) if p.kind == "int" and value.is_integer() else value
        data["params"] = params
        data["weights"] = {
            kind: weight
            for kind in Evidence.Kind.values
            if (weight := data.get(weight_field_name(kind))) is not None and weight != 1
        }
        return data

    def policy_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `preview_policy` and `set_policy`."""
        data = self.cleaned_data
        return {
            "standard": data["standard"],
            "method": data["method"],
            "params": data["params"],
            "min_evidence": data["min_evidence"],
            "kinds": data["kinds"] or None,
            "weights": data["weights"],
        }


class RetakeRulesForm(forms.Form):
    """The retake rules of the class, or of one standard (an override). The ranges are the
    pure `RetakeRules`' own: its message is shown at the input it is about."""

    prefix = "retake"

    standard = forms.ModelChoiceField(
        queryset=Standard.objects.none(),
        required=False,
        empty_label=_("All standards (the class's rules)"),
        label=_("Retake rules for"),
        help_text=_("Pick one standard to give it retake rules of its own."),
        widget=ContentSelect,
    )
    cool_down_days = forms.IntegerField(
        label=_("Wait before the next form (days)"),
        initial=DEFAULT_RULES.cool_down_days,
        help_text=_(
            "0: no wait. 1: until tomorrow morning. A larger number: that many days after "
            "the last try, counted on the calendar (at most 30)."
        ),
        error_messages={"invalid": _("A whole number of days.")},
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_COOL_DOWN_DAYS, "step": 1}),
    )
    reflection_required = forms.BooleanField(
        required=False,
        initial=DEFAULT_RULES.reflection_required,
        label=_("A reflection on the last try is written first"),
    )
    step_required = forms.BooleanField(
        required=False,
        initial=DEFAULT_RULES.step_required,
        label=_("A step of a route is done first, or I approve"),
    )
    max_forms = forms.IntegerField(
        required=False,
        label=_("Forms a student may take before I decide"),
        help_text=_("Blank: no limit. Otherwise from 1 to 20."),
        error_messages={"invalid": _("A whole number, or blank for no limit.")},
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_FORMS_LIMIT, "step": 1}),
    )

    def __init__(self, *args: Any, classroom: Classroom, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.filter(  # type: ignore[attr-defined]
            mastery_map_id=classroom.mastery_map_id
        )

    @classmethod
    def initial_from(cls, rules: RetakeRules, standard: Standard | None) -> dict[str, object]:
        return {
            "standard": standard.pk if standard else None,
            "cool_down_days": rules.cool_down_days,
            "reflection_required": rules.reflection_required,
            "step_required": rules.step_required,
            "max_forms": rules.max_forms,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days, limit = data.get("cool_down_days"), data.get("max_forms")
        # One rule at a time, so each message lands at its own input.
        if days is not None:
            try:
                RetakeRules(cool_down_days=days)
            except RetakeRulesError as e:
                self.add_error("cool_down_days", phrase_text(e.phrase))
        if "max_forms" not in self.errors:
            try:
                RetakeRules(max_forms=limit)
            except RetakeRulesError as e:
                self.add_error("max_forms", phrase_text(e.phrase))
        if not self.errors and days is not None:
            data["rules"] = RetakeRules(
                cool_down_days=days,
                reflection_required=bool(data.get("reflection_required")),
                step_required=bool(data.get("step_required")),
                max_forms=limit,
            )
        return data


class WhatIfForm(forms.Form):
    score = forms.TypedChoiceField(
        coerce=float, choices=(), label=_("If the next score is"), widget=LevelSelect
    )

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_choices(self.fields["score"], scale)


class OverrideForm(forms.Form):
    level = forms.TypedChoiceField(coerce=float, choices=(), label=_("Level"), widget=LevelSelect)
    # Required by `override_level`, whose message says why; `required` here only helps the
    # browser say so before posting.
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Reason"),
        help_text=_("The student (and later their family) will see this."),
        widget=forms.Textarea(attrs={"rows": 2, "required": True} | CONTENT),
    )

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_choices(self.fields["level"], scale)


# --- The proficiency scale -------------------------------------------------------------------

SCALE_MIN_ROWS = 6  # rows on the form: the levels, then blank rows to add a level
SCALE_MAX_ROWS = 20
NEW_LEVEL_COLOUR = "#5b6675"


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
        return [str(e) for f in (self.value, self.label, self.colour, self.cut) for e in f.errors]


class ScaleForm(forms.Form):
    """Rows of value, name, colour and cut score; a blank or removed row is no level.

    Only turns posted text into `Level`s; the rules (ascending values, cut scores that
    never go down, a mastery level on the scale…) are checked by the pure `Scale`, through
    `actions.checked_scale`, so each message lives in one place.
    """

    rows = forms.IntegerField(widget=forms.HiddenInput)
    mastery = forms.ChoiceField(
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pick which level counts as mastered."),
            "invalid_choice": _("Pick which level counts as mastered."),
        },
    )

    def __init__(self, *args: Any, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_count = rows
        self.fields["rows"].initial = rows
        self.fields["mastery"].choices = [  # type: ignore[attr-defined]
            (str(n), gettext("Level of row %(n)s counts as mastered") % {"n": n})
            for n in range(1, rows + 1)
        ]
        for n in range(1, rows + 1):
            self.fields[f"value-{n}"] = forms.IntegerField(
                required=False,
                label=gettext("Value of level %(n)s") % {"n": n},
                error_messages={"invalid": _("A whole number.")},
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            )
            self.fields[f"label-{n}"] = forms.CharField(
                required=False,
                max_length=60,
                label=gettext("Name of level %(n)s") % {"n": n},
                widget=forms.TextInput(attrs=CONTENT),
            )
            self.fields[f"colour-{n}"] = forms.CharField(
                required=False,
                max_length=7,
                label=gettext("Colour of level %(n)s") % {"n": n},
                initial=NEW_LEVEL_COLOUR,
                widget=forms.TextInput(attrs={"type": "color"}),
            )
            self.fields[f"cut-{n}"] = forms.FloatField(
                required=False,
                label=gettext("Cut score of level %(n)s (%%)") % {"n": n},
                error_messages={"invalid": _("A percent from 0 to 100.")},
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"}),
            )
            self.fields[f"remove-{n}"] = forms.BooleanField(
                required=False, label=gettext("Remove level %(n)s") % {"n": n}
            )

    @staticmethod
    def posted_rows(data: QueryDict, prefix: str) -> int:
        """How many rows the posted form had (a tampered count is clamped; one that is no
        whole number, such as "²", is the minimum)."""
        rows = parse_id(data.get(f"{prefix}-rows")) or SCALE_MIN_ROWS
        return max(SCALE_MIN_ROWS, min(rows, SCALE_MAX_ROWS))

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
                self.add_error(
                    f"value-{n}", gettext("Give this level a value, a name and a cut score.")
                )
                unreadable.add(n)
                continue
            colour = (data.get(f"colour-{n}") or NEW_LEVEL_COLOUR).strip()
            levels[n] = Level(value=value, label=str(label), colour=colour, min_percent=cut)
        data["levels"] = list(levels.values())
        chosen = data.get("mastery")
        if chosen and int(chosen) in unreadable:
            pass  # that row's own error says what to fix
        elif chosen and int(chosen) not in levels:
            self.add_error(
                "mastery", gettext("The level that counts as mastered must be a level kept.")
            )
        elif chosen:
            data["mastery_value"] = levels[int(chosen)].value
        return data

    def scale_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `set_class_scale` and `set_school_scale`."""
        return {
            "levels": self.cleaned_data["levels"],
            "mastery_value": self.cleaned_data["mastery_value"],
        }


class AnswersForm(forms.Form):
    """When the class's students see the correct answers (assessments.keys)."""

    show_answers = forms.ChoiceField(
        label=_("Students see the correct answers"), widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["show_answers"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.value, _(TIMING_LABELS[t])) for t in Timing]
