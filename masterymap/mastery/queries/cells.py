"""Stored mastery records as display cells, shared by the grid, the map and the tracker."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from masterymap.accounts.models import Classroom
from masterymap.lib.statements import Compiled
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.sentences import (
    label_html,
    number_text,
    override_html,
    override_text,
    status_label,
    stored_html,
)
from masterymap.mastery.status import Status
from masterymap.standards.models import Standard

# Grid order of statuses, for counts and legends.
STATUS_ORDER = (
    Status.MASTERED,
    Status.NEEDS_REVIEW,
    Status.NOT_YET,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
)


@dataclass(slots=True)
class Cell:
    """One student × standard, ready to display: the template classifies nothing.

    Words are written in the active language when read (a grid builds thousands of cells
    and shows few of their words): `label`, `level_summary`, `explanation`. Not frozen: a
    frozen dataclass sets each field through object.__setattr__, which made building the
    600-student grid's 24,000 cells six times slower; nothing changes a cell once built.
    """

    standard: Standard
    status: Status
    percent: float | None = None
    attempts_count: int = 0
    level: float | None = None
    level_label: str = ""
    sentence: str = ""  # the stored English sentence
    sentence_phrase: object = None  # and what it is made of (MasteryRecord.explanation_phrase)
    overridden: bool = False
    override_stale: bool = False
    override_reason: str = ""
    evidence_count: int = 0

    @property
    def level_text(self) -> str:
        """3.48 → "3.48" ("3,48" in Spanish), 3.0 → "3"; empty when there is no level."""
        return "" if self.level is None else number_text(self.level)

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def css(self) -> str:
        return self.status.css_class

    @property
    def level_summary(self) -> SafeString:
        """ "3.48 · Mastered"; empty when there is no level."""
        if self.level is None:
            return SafeString("")
        return format_html("{} · {}", self.level_text, label_html(self.level_label))

    @property
    def explanation(self) -> str:
        """The sentence the tracker and the map show: the calculation's (HTML, the school's
        words marked), or for an overridden level the teacher's reason. The override's is
        plain text: the template marks its paragraph as the school's words."""
        if self.overridden:
            return override_text(self.override_reason)
        if not self.sentence and not self.sentence_phrase:
            return ""
        return stored_html(self.sentence_phrase, self.sentence)

    @property
    def override_note(self) -> str:
        """How an override shows in titles: " · overridden", " · override out of date"."""
        if not self.overridden:
            return ""
        if self.override_stale:
            return " · " + gettext("override out of date")
        return " · " + gettext("overridden")

    @property
    def percent_rounded(self) -> int | None:
        return None if self.percent is None else round(self.percent)

    @property
    def percent_text(self) -> str:
        return "" if self.percent is None else f" ({round(self.percent)} %)"


def override_sentence(reason: str) -> SafeString:
    """What a record overridden by a teacher says instead of the calculated sentence (HTML,
    in the active language, the reason marked as the school's words)."""
    return override_html(reason)


_FIELDS = (
    "student_id",
    "standard_id",
    "status",
    "latest_percent",
    "attempts_count",
    "level",
    "override_level",
    "level_label",
    "override_stale",
    "evidence_count",
)
_SENTENCE_FIELDS = ("explanation", "explanation_phrase", "override_reason")


def stored_cells(
    classroom: Classroom,
    standards: list[Standard],
    student_ids: list[int] | None = None,
    *,
    sentences: bool = True,
) -> dict[tuple[int, int], Cell]:
    """Stored records of the class as display cells, keyed (student_id, standard_id).

    Without `sentences` (the grid, which shows none) the sentences are not read."""
    by_id = {s.pk: s for s in standards}
    qs = MasteryRecord.objects.filter(classroom=classroom, standard_id__in=list(by_id))
    if student_ids is not None:
        qs = qs.filter(student_id__in=student_ids)
    fields = [*_FIELDS, *_SENTENCE_FIELDS] if sentences else list(_FIELDS)
    return _cells(by_id, qs.values_list(*fields), sentences=sentences)


def _student_records(
    classroom: int, student: int, standards: list[int]
) -> QuerySet[MasteryRecord, tuple[Any, ...]]:
    return MasteryRecord.objects.filter(
        classroom_id=classroom, student_id=student, standard_id__in=standards
    ).values_list(*_FIELDS, *_SENTENCE_FIELDS)


# Compiled once (`lib.statements`): every map and tracker reads one student's records.
_STUDENT_RECORDS = Compiled(_student_records)


def student_cells(
    classroom: Classroom, standards: list[Standard], student_id: int
) -> dict[int, Cell]:
    """`stored_cells` for one student, with the sentences, keyed by standard id. Its SQL is
    compiled once and its rows are read as the driver gives them: building and compiling
    the queryset, then converting each row through the fields, was most of its time on
    every map and tracker (1.3 -> 0.2 ms of CPU on the district bench)."""
    by_id = {s.pk: s for s in standards}
    rows = _STUDENT_RECORDS.rows(classroom=classroom.pk, student=student_id, standards=list(by_id))
    # As the fields would convert them: SQLite gives a boolean as 0 or 1, and both
    # databases give JSON as its text.
    typed = (
        (
            *row[:8],
            bool(row[8]),
            row[9],
            row[10],
            None if row[11] is None else json.loads(row[11]),
            row[12],
        )
        for row in rows
    )
    return {
        standard_id: cell
        for (_student, standard_id), cell in _cells(by_id, typed, sentences=True).items()
    }


def _cells(
    by_id: dict[int, Standard], rows: Iterable[Sequence[Any]], *, sentences: bool
) -> dict[tuple[int, int], Cell]:
    cells = {}
    for row in rows:
        (
            student_id,
            standard_id,
            status,
            percent,
            count,
            level,
            override,
            label,
            stale,
            n_evidence,
        ) = row[:10]
        sentence, phrase, reason = row[10:] if sentences else ("", None, "")
        cells[(student_id, standard_id)] = Cell(
            standard=by_id[standard_id],
            status=Status(status),
            percent=percent,
            attempts_count=count,
            level=override if override is not None else level,
            level_label=label,
            sentence=sentence,
            sentence_phrase=phrase,
            overridden=override is not None,
            override_stale=stale,
            # An overridden level is explained by the teacher's reason, not the calculation.
            override_reason=reason,
            evidence_count=n_evidence,
        )
    return cells
