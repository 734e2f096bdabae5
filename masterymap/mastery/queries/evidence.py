"""A student's evidence on a standard, ready to display with the scale's labels.

`evidence_for_cell` feeds the `evidence-list` partial (evidence/evidence_list.html), which
the show-the-math page and the station include.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.timezone import localdate

from masterymap.accounts.models import User
from masterymap.evidence.models import Evidence
from masterymap.mastery.engine import scale_for_student
from masterymap.mastery.scale import Scale
from masterymap.mastery.sentences import label_html, number_text
from masterymap.standards.models import Standard


@dataclass(frozen=True)
class AttachmentLink:
    url: str
    name: str
    family: str  # image, audio, video or document: how the partial shows it
    content_type: str
    size_text: str


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence record, ready to display: the template classifies nothing."""

    id: int
    kind: str
    kind_label: str
    level_text: str
    level_label: str  # HTML: the interface's label translated, a school's marked content
    raw_score_text: str
    assessed_on: date
    recorded_by: str
    note: str
    attachments: list[AttachmentLink]
    superseded: bool
    corrected_on: date | None
    is_correction: bool


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{number_text(Decimal(f'{size / (1024 * 1024):.1f}'))} MB"
    return f"{max(1, round(size / 1024))} KB"


def evidence_for_cell(
    *, student: User, standard: Standard, scale: Scale | None = None
) -> list[EvidenceRow]:
    """Every evidence record of a student on a standard, in assessed order (assessed_on,
    then recorded_at), superseded ones included and flagged. Three queries (plus two for the
    scale when `scale` is not given), whatever the number of records or attachments."""
    scale = scale or scale_for_student(student, standard)
    records = list(
        Evidence.objects.filter(student=student, standard=standard)
        .select_related("recorded_by")
        .prefetch_related("attachments")
        .order_by("assessed_on", "recorded_at", "id")
    )
    # A correction keeps the student and the standard, so it is in `records` too. Joined
    # instead (select_related "superseded_by"), SQLite scanned the whole evidence table
    # for every record of the cell: 56 ms on the bench school for a cell of 6.
    newer_of = {ev.supersedes_id: ev for ev in records if ev.supersedes_id is not None}
    # reverse() once, not once per attachment.
    prefix = reverse("evidence:attachment", args=[1]).removesuffix("1/")
    rows = []
    for ev in records:
        newer = newer_of.get(ev.pk)
        rows.append(
            EvidenceRow(
                id=ev.pk,
                kind=ev.kind,
                kind_label=ev.get_kind_display(),
                level_text=number_text(ev.level),
                level_label=label_html(scale.label_for(ev.level)),
                raw_score_text="" if ev.raw_score is None else f"{number_text(ev.raw_score)} %",
                assessed_on=ev.assessed_on,
                recorded_by=ev.recorded_by.display_name if ev.recorded_by else "",
                note=ev.note,
                attachments=[
                    AttachmentLink(
                        url=f"{prefix}{a.pk}/",
                        name=a.original_name,
                        family=a.family,
                        content_type=a.content_type,
                        size_text=_size_text(a.size),
                    )
                    for a in ev.attachments.all()
                ],
                superseded=newer is not None,
                corrected_on=localdate(newer.recorded_at) if newer is not None else None,
                is_correction=ev.supersedes_id is not None,
            )
        )
    return rows
