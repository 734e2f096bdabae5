"""Show the math: one student on one standard in one class, and the what-if box."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from masterymap.accounts.models import Classroom, User
from masterymap.evidence.models import Evidence
from masterymap.mastery.engine import (
    CellFacts,
    cell_facts,
    cell_outcome,
    policies_for_classroom,
    scale_for_classroom,
)
from masterymap.mastery.methods import NO_EVIDENCE_PHRASE, Observation
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.policy import evaluate
from masterymap.mastery.queries.cells import override_sentence
from masterymap.mastery.queries.evidence import EvidenceRow, evidence_for_cell
from masterymap.mastery.queries.policy import PolicyLine, policy_line
from masterymap.mastery.scale import NOT_ASSESSED_LABEL, Scale
from masterymap.mastery.sentences import (
    fill_html,
    label_html,
    number_text,
    phrase_html,
    status_label,
)
from masterymap.mastery.status import Status
from masterymap.standards.models import Standard

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FALLBACK_COLOUR = "#5b6675"


def _level_words(level: float | None) -> str:
    return "—" if level is None else number_text(level)


def _level_and_label(scale: Scale, level: float) -> SafeString:
    """ "2 · Approaching", the school's label marked as its words."""
    return format_html("{} · {}", number_text(level), label_html(scale.label_for(level)))


def level_colour(scale: Scale, level: float | None) -> str:
    """The colour of the highest scale level at or below `level` (as labels are chosen)."""
    if level is None:
        return _FALLBACK_COLOUR
    colour = scale.levels[0].colour
    for candidate in scale.levels:
        if candidate.value <= round(level, 2):
            colour = candidate.colour
    # Only a well-formed hex colour reaches an SVG attribute.
    return colour if _HEX_COLOUR.match(colour) else _FALLBACK_COLOUR


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    level_change: str  # "2 → 3.48"
    status_change: str  # "Not yet → Mastered", or "" when the status stayed
    why: str  # as written, in the language of whoever acted
    by: str


@dataclass(frozen=True)
class OverrideInfo:
    level: str
    label: SafeString
    reason: str
    by: str
    at: datetime | None
    stale: bool
    calculated: SafeString  # the level the policy gives, "2 · Approaching" or "no level"


@dataclass(frozen=True)
class CellMath:
    """Everything the "show the math" page displays for one student on one standard."""

    record: MasteryRecord | None
    status: Status
    level_text: str
    level_label: SafeString
    colour: str
    explanation: SafeString
    policy: PolicyLine
    own_policy: bool
    evidence: list[EvidenceRow]  # for the evidence-list partial (evidence.queries)
    not_counted: int  # current evidence of kinds this policy does not count
    history: list[HistoryLine]
    override: OverrideInfo | None
    scale: Scale

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_css(self) -> str:
        return self.status.css_class


def cell_math(*, classroom: Classroom, student: User, standard: Standard) -> CellMath:
    """The record, its evidence in assessed order, its policy and its history. Nine queries,
    whatever the amount of evidence or history."""
    scale = scale_for_classroom(classroom)
    policies = policies_for_classroom(classroom)
    policy = policies.for_standard(standard.pk)
    record = (
        MasteryRecord.objects.filter(classroom=classroom, student=student, standard=standard)
        .select_related("override_by")
        .first()
    )
    # Assessed order, the order every method uses; corrected records stay, flagged.
    evidence = evidence_for_cell(student=student, standard=standard, scale=scale)
    not_counted = sum(1 for e in evidence if not e.superseded and not policy.counts(e.kind))
    history = []
    override = None
    if record is not None:
        for change in record.changes.select_related("by"):
            statuses = (
                f"{status_label(change.from_status)} → {status_label(change.to_status)}"
                if change.from_status != change.to_status
                else ""
            )
            history.append(
                HistoryLine(
                    at=change.at,
                    level_change=(
                        f"{_level_words(change.from_level)} → {_level_words(change.to_level)}"
                    ),
                    status_change=statuses,
                    why=change.why,
                    by=change.by.display_name if change.by else "",
                )
            )
        if record.override_level is not None:
            calculated = (
                _level_and_label(scale, record.level)
                if record.level is not None
                else conditional_escape(gettext("no level"))
            )
            override = OverrideInfo(
                level=number_text(record.override_level),
                label=label_html(scale.label_for(record.override_level)),
                reason=record.override_reason,
                by=record.override_by.display_name if record.override_by else "",
                at=record.override_at,
                stale=record.override_stale,
                calculated=calculated,
            )
    level = record.effective_level if record is not None else None
    return CellMath(
        record=record,
        status=Status(record.status) if record is not None else Status.NOT_STARTED,
        level_text=_level_words(level),
        level_label=label_html(scale.label_for(level) if level is not None else NOT_ASSESSED_LABEL),
        colour=level_colour(scale, level),
        explanation=(
            record.explanation_html()
            if record is not None and (record.explanation or record.explanation_phrase)
            else phrase_html(NO_EVIDENCE_PHRASE)
        ),
        policy=policy_line(policy),
        own_policy=standard.pk in policies.by_standard,
        evidence=evidence,
        not_counted=not_counted,
        history=history,
        override=override,
        scale=scale,
    )


@dataclass(frozen=True)
class WhatIf:
    """The level the same calculation gives with one more score."""

    score: str
    level: str
    label: SafeString
    sentence: SafeString
    mastered: bool
    colour: str

    @property
    def result(self) -> SafeString:
        """ "3.2 · Mastered", or just the label when there is no level ("No level yet")."""
        return self.label if self.level == "—" else format_html("{} · {}", self.level, self.label)


def what_if_next(
    *,
    classroom: Classroom,
    student: User,
    standard: Standard,
    score: float,
    today: date,
    now: datetime,
    scale: Scale | None = None,
) -> WhatIf:
    """What recording `score` today would make of this record. Six queries.

    It runs what recording runs (`engine.cell_outcome` on the evidence plus the new score),
    overrides included: a teacher's override stays in force and would be flagged out of
    date, so the answer is the override's level, with the calculation beside it.

    The extra score is an assessment, unless the policy does not count assessments: then it
    is of the first kind the policy counts, so the answer is never "nothing changes".
    """
    scale = scale or scale_for_classroom(classroom)
    policy = policies_for_classroom(classroom).for_standard(standard.pk)
    facts = cell_facts([student.pk], [standard.pk]).get((student.pk, standard.pk))
    record = MasteryRecord.objects.filter(
        classroom=classroom, student=student, standard=standard
    ).first()
    override = record.override_level if record is not None else None
    kind = Evidence.Kind.ASSESSMENT.value
    if not policy.counts(kind) and policy.kinds:
        kind = sorted(policy.kinds)[0]
    extra = Observation(score=score, assessed_on=today, recorded_at=now, kind=kind)
    observations = [*(facts.observations if facts else []), extra]
    outcome = cell_outcome(CellFacts(observations=observations), policy, scale, override)
    if override is None or record is None:
        evaluation = evaluate(observations, policy, scale)
        return WhatIf(
            score=number_text(score),
            level=_level_words(outcome.level),
            label=label_html(evaluation.label),
            sentence=phrase_html(outcome.phrase),
            mastered=outcome.status == Status.MASTERED,
            colour=level_colour(scale, outcome.level),
        )
    calculated = (
        _level_and_label(scale, outcome.level)
        if outcome.level is not None
        else gettext("no level yet")
    )
    return WhatIf(
        score=number_text(score),
        level=_level_words(override),
        label=label_html(outcome.level_label),
        sentence=fill_html(
            gettext(
                "The level stays %(level)s: a teacher set it by hand (%(reason)s). The "
                "calculation would give %(calculated)s, and the override would be marked out "
                "of date for the teacher to review."
            ),
            {"level": number_text(override), "calculated": calculated},
            reason=record.override_reason,
        ),
        mastered=outcome.status == Status.MASTERED,
        colour=level_colour(scale, override),
    )


@dataclass(frozen=True)
class Verdict:
    """What a student's record on a standard says now, in the words the map and tracker use."""

    status: Status
    explanation: SafeString

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def css_class(self) -> str:
        return self.status.css_class

    @property
    def mastered(self) -> bool:
        return self.status is Status.MASTERED


def record_verdict(*, student: User, standard: Standard) -> Verdict:
    """The verdict of the student's record on `standard` in their first class holding it
    (decision 0002): what the result page reports after a submit, so it never disagrees with
    the map and the tracker (under an "n times" policy one passing form is not yet mastery).
    One query."""
    record = (
        MasteryRecord.objects.filter(
            student=student,
            standard=standard,
            classroom__enrollments__student=student,
            classroom__mastery_map_id=standard.mastery_map_id,
        )
        .order_by("classroom_id")
        .only("status", "explanation", "explanation_phrase", "override_level", "override_reason")
        .first()
    )
    if record is None:
        return Verdict(Status.NOT_STARTED, phrase_html(NO_EVIDENCE_PHRASE))
    explanation = (
        override_sentence(record.override_reason)
        if record.override_level is not None
        else record.explanation_html()
    )
    return Verdict(Status(record.status), explanation)
