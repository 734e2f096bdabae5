"""Input validation for the mastery policy page, the what-if box and level overrides.

Ranges and domain rules (a decay rate from 0.50 to 0.99, m ≤ n, a reason for every
override) are checked by the actions and the pure methods, so each rule and its message
lives in one place; these forms only turn posted text into typed values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField, BoundWidget

from masterymap.accounts.models import Classroom
from masterymap.evidence.models import Evidence
from masterymap.mastery.methods import METHODS, Method
from masterymap.mastery.policy import Policy
from masterymap.mastery.scale import Scale, format_level
from masterymap.standards.models import Standard


def param_field_name(method_key: str, parameter_name: str) -> str:
    return f"{method_key}-{parameter_name}"


def weight_field_name(kind: str) -> str:
    return f"weight-{kind}"


def describe(method: type[Method]) -> str:
    """The first line of the method's docstring, its one-line description, without the
    code names meant for programmers: "(`Observation.weight`)" is dropped."""
    first = (method.__doc__ or "").strip().splitlines()[0]
    return re.sub(r"\s*\(`[^`]*`\)", "", first).replace("`", "")


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
        choices=[(m.key, m.label) for m in METHODS],
        widget=forms.RadioSelect,
        label="Calculation method",
    )
    standard = forms.ModelChoiceField(
        queryset=Standard.objects.none(),
        required=False,
        empty_label="All standards",
        label="Applies to",
        help_text="Pick one standard to give it its own policy (an override of the class policy).",
    )
    min_evidence = forms.IntegerField(
        label="Minimum evidence",
        initial=1,
        help_text="No level shows until a student has this many pieces of evidence (1 to 20).",
        widget=forms.NumberInput(attrs={"min": 1, "max": 20}),
    )
    kinds = forms.MultipleChoiceField(
        choices=Evidence.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Kinds of evidence that count",
        help_text="None ticked: every kind counts.",
    )

    def __init__(self, *args: Any, classroom: Classroom, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.filter(  # type: ignore[attr-defined]
            mastery_map_id=classroom.mastery_map_id
        )
        for method in METHODS:
            for p in method.parameters():
                whole = p.kind == "int"
                low, high = (f"{p.min:.0f}", f"{p.max:.0f}") if whole else (p.min, p.max)
                self.fields[param_field_name(method.key, p.name)] = forms.CharField(
                    label=p.label,
                    required=False,
                    initial=format_level(p.default),
                    help_text=f"From {low} to {high}; default {format_level(p.default)}.",
                    widget=forms.NumberInput(
                        attrs={"min": p.min, "max": p.max, "step": 1 if whole else 0.01}
                    ),
                )
        for kind, label in Evidence.Kind.choices:
            self.fields[weight_field_name(kind)] = forms.FloatField(
                label=f"Weight of {label}",
                required=False,
                initial=1,
                widget=forms.NumberInput(attrs={"min": 0, "step": "any"}),
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
                self.add_error(name, "Enter a number.")
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


class WhatIfForm(forms.Form):
    score = forms.TypedChoiceField(coerce=float, choices=(), label="If the next score is")

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [  # type: ignore[attr-defined]
            (str(lv.value), f"{lv.value} · {lv.label}") for lv in scale.levels
        ]


class OverrideForm(forms.Form):
    level = forms.TypedChoiceField(coerce=float, choices=(), label="Level")
    # Required by `override_level`, whose message says why; `required` here only helps the
    # browser say so before posting.
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Reason",
        help_text="The student (and later their family) will see this.",
        widget=forms.Textarea(attrs={"rows": 2, "required": True}),
    )

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (str(lv.value), f"{lv.value} · {lv.label}") for lv in scale.levels
        ]
