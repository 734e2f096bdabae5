"""The mastery policy page: the class's policy and the standards with their own, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext

from masterymap.accounts.models import Classroom
from masterymap.evidence.models import Evidence
from masterymap.mastery.engine import DEFAULT_POLICY, policies_for_classroom, policy_from_row
from masterymap.mastery.methods import build_method
from masterymap.mastery.models import MasteryPolicy
from masterymap.mastery.policy import Policy
from masterymap.mastery.sentences import number_text, phrase_text
from masterymap.standards.models import Standard


def _kind_label(kind: str) -> str:
    try:
        return str(Evidence.Kind(kind).label)
    except ValueError:
        return kind


@dataclass(frozen=True)
class PolicyLine:
    """A mastery policy in words, for teachers and students alike."""

    method: str  # "Decaying average (decay rate 0.65)"
    min_evidence: int
    kinds: str  # "every kind", or the kinds that count
    weights: str  # "" when every kind weighs 1
    standard: Standard | None = None
    updated_at: datetime | None = None
    updated_by: str = ""


def policy_line(
    policy: Policy, *, standard: Standard | None = None, row: MasteryPolicy | None = None
) -> PolicyLine:
    if policy.kinds is None:
        kinds = gettext("every kind")
    else:
        known = [k for k in Evidence.Kind.values if k in policy.kinds]
        kinds = ", ".join(_kind_label(k) for k in known + sorted(policy.kinds - set(known)))
    weights = ", ".join(
        f"{_kind_label(kind)} ×{number_text(weight)}"
        for kind, weight in sorted(policy.weights.items())
        if weight != 1
    )
    by = row.updated_by.display_name if row is not None and row.updated_by else ""
    return PolicyLine(
        method=phrase_text(build_method(policy.method, policy.params).summary_phrase()),
        min_evidence=max(policy.min_evidence, 1),
        kinds=kinds,
        weights=weights,
        standard=standard,
        updated_at=row.updated_at if row is not None else None,
        updated_by=by,
    )


@dataclass(frozen=True)
class PolicyOverview:
    """The class policy (or the default, when the class never set one) and the standards
    that have a policy of their own."""

    class_policy: PolicyLine
    is_default: bool
    overrides: list[PolicyLine]


def policy_overview(classroom: Classroom) -> PolicyOverview:
    """One query."""
    rows = list(
        MasteryPolicy.objects.filter(classroom=classroom)
        .select_related("standard__unit", "updated_by")
        .order_by("standard__unit__position", "standard__position", "standard_id")
    )
    class_row = next((r for r in rows if r.standard_id is None), None)
    class_policy = (
        policy_line(policy_from_row(class_row), row=class_row)
        if class_row
        else policy_line(DEFAULT_POLICY)
    )
    overrides = [
        policy_line(policy_from_row(r), standard=r.standard, row=r)
        for r in rows
        if r.standard_id is not None
    ]
    return PolicyOverview(class_policy, class_row is None, overrides)


def policy_for_scope(classroom: Classroom, standard: Standard | None) -> Policy:
    """The policy that applies now: the standard's own, else the class's, else the default."""
    policies = policies_for_classroom(classroom)
    return policies.for_standard(standard.pk) if standard is not None else policies.default
