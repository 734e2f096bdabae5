"""The student's map and private tracker: every standard of the class's map with the
student's status, attempts and whether "I'm ready" may open a form."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from html import escape
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone, localdate
from django.utils.translation import get_language, gettext

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Form, FormItem
from masterymap.evidence.models import Evidence
from masterymap.lib.rows import aware_datetime
from masterymap.lib.statements import Compiled
from masterymap.mastery.queries.cells import STATUS_ORDER, Cell, student_cells
from masterymap.mastery.sentences import number_text, status_label
from masterymap.mastery.status import Readiness, Status, readiness
from masterymap.standards.models import Unit
from masterymap.standards.queries import map_standards


@dataclass(slots=True)
class AttemptLine:
    """One attempt on the tracker and the map. Not frozen (as `cells.Cell`): a map builds one
    for every attempt of the student's (200 in the bench), and a frozen dataclass sets each
    field through object.__setattr__, which was most of their cost; nothing changes a line
    once built."""

    id: int
    form_label: str
    started_at: datetime
    submitted_at: datetime | None
    percent: float | None
    mastered: bool | None

    url: str = ""

    @property
    def result_label(self) -> str:
        if self.submitted_at is None:
            return status_label(Status.IN_PROGRESS)
        return status_label(Status.MASTERED if self.mastered else Status.NOT_YET)


def _whole(percent: float | None) -> str:
    # Half up, as the floatformat filter rounds: 32.5 → "33".
    return str(Decimal(str(percent or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=2048)
def _day_text(day: date, language: str | None) -> str:
    """ "12 Nov 2026" in `language` (passed so the cache keys on it): a tracker writes a date
    for every attempt, and many share a day."""
    return date_format(day, "j M Y")


@dataclass(frozen=True)
class AttemptWords:
    """The words of the tracker's attempt lines and the map's "Last: …" and newest evidence
    in the active language and time zone, looked up once per page: a district tracker writes
    100 lines, a map 40 cards, and looking up the translations, language and time zone again
    for each (Django keeps them per thread) was most of their cost."""

    form: str
    started: str
    submitted: str
    mastered: str
    not_yet: str
    last_open: str
    last_submitted: str
    evidence: str
    zone: tzinfo
    language: str | None

    @classmethod
    def active(cls) -> AttemptWords:
        return cls(
            form=gettext("Form %(label)s"),
            started=gettext("started %(date)s · in progress"),
            submitted=gettext("%(date)s · %(percent)s %% · %(result)s"),
            mastered=status_label(Status.MASTERED),
            not_yet=status_label(Status.NOT_YET),
            last_open=gettext("Last: form %(label)s · in progress"),
            last_submitted=gettext("Last: form %(label)s · %(percent)s %% · %(result)s"),
            evidence=gettext("%(kind)s · %(date)s · level %(level)s"),
            zone=get_current_timezone(),
            language=get_language(),
        )

    def form_name(self, line: AttemptLine) -> str:
        """ "Form B"."""
        return self.form % {"label": line.form_label}

    def summary(self, line: AttemptLine) -> str:
        """ "12 Nov 2026 · 80 % · Mastered", or "started 12 Nov 2026 · in progress"."""
        if line.submitted_at is None:
            return self.started % {"date": self._day(line.started_at)}
        return self.submitted % {
            "date": self._day(line.submitted_at),
            "percent": round(line.percent or 0),
            "result": self.mastered if line.mastered else self.not_yet,
        }

    def _day(self, moment: datetime) -> str:
        return _day_text(moment.astimezone(self.zone).date(), self.language)


@dataclass(frozen=True)
class LatestEvidence:
    """The newest evidence on a standard, so the map can say what decided the level when it
    was not the last attempt (a one-on-one check, a correction, a conference…)."""

    kind: str
    kind_label: str
    assessed_on: date
    level_text: str

    @property
    def is_attempt(self) -> bool:
        return self.kind == Evidence.Kind.ASSESSMENT

    @property
    def summary(self) -> str:
        """ "One-on-one check (battle the boss) · 12 Nov 2026 · level 3"."""
        return self.summary_in(AttemptWords.active())

    def summary_in(self, words: AttemptWords) -> str:
        """`summary` with the page's words (a map writes one per standard)."""
        return words.evidence % {
            "kind": self.kind_label,
            "date": _day_text(self.assessed_on, words.language),
            "level": self.level_text,
        }


@dataclass(frozen=True)
class TrackerRow:
    cell: Cell
    attempts: list[AttemptLine]
    forms_left: int = 0
    forms_total: int = 0
    latest: LatestEvidence | None = None
    start_url: str = ""  # where "I'm ready" posts
    key: str = ""  # the standard's id as text, for the card's element ids

    @property
    def open_sitting(self) -> bool:
        return any(a.submitted_at is None for a in self.attempts)

    @property
    def readiness(self) -> Readiness:
        """What "I'm ready" does here: the same rule starting an attempt follows."""
        return readiness(
            status=self.cell.status, open_sitting=self.open_sitting, forms_left=self.forms_left
        )

    @property
    def can_start(self) -> bool:
        """Whether "I'm ready" has a form to open (or a sitting to resume)."""
        return self.readiness.may_start

    @cached_property
    def action(self) -> str:
        """What the map card offers, decided once here so the template only displays it:
        "resume", "start", "mastered", "no_assessment" or "see_teacher"."""
        verdict = self.readiness
        if verdict is Readiness.RESUME:
            return "resume"
        if self.cell.status is Status.MASTERED:
            return "mastered"
        if not self.forms_total:
            return "no_assessment"
        return "start" if verdict.may_start else "see_teacher"

    def attempts_html(self, words: AttemptWords | None = None) -> SafeString:
        """The attempts as the tracker lists them, a line each ("Form B · 12 Nov 2026 ·
        80 % · Mastered", the form linking to its result), written here: through the
        template's loop the 200 attempts of a tracker were a sixth of the page. `words`:
        the page's, when it writes several rows. (The standard library's `escape`: Django's
        is the same, after a check for lazy strings these are not.)"""
        words = words or AttemptWords.active()
        return mark_safe(  # noqa: S308 - every value below is escaped
            "".join(
                f'<li><a href="{escape(a.url)}">{escape(words.form_name(a))}</a> · '
                f"{escape(words.summary(a))}</li>"
                for a in self.attempts
            )
        )

    def last_attempt(self, words: AttemptWords | None = None) -> str:
        """ "Last: form B · 60 % · Not yet", "Last: form C · in progress", or "". `words`:
        the page's, when it writes several rows."""
        if not self.attempts:
            return ""
        words = words or AttemptWords.active()
        last = self.attempts[-1]
        if last.submitted_at is None:
            return words.last_open % {"label": last.form_label}
        return words.last_submitted % {
            "label": last.form_label,
            "percent": _whole(last.percent),
            "result": words.mastered if last.mastered else words.not_yet,
        }


@dataclass(frozen=True)
class TrackerUnit:
    unit: Unit
    rows: list[TrackerRow]


@dataclass(frozen=True)
class Tracker:
    student: User
    units: list[TrackerUnit]
    total: int
    counts: dict[Status, int]

    @property
    def mastered(self) -> int:
        return self.counts[Status.MASTERED]

    @property
    def mastered_percent(self) -> int:
        return round(100 * self.mastered / self.total) if self.total else 0


def _latest_evidence(
    student: User, standard_ids: list[int], history: dict[int, list[AttemptLine]]
) -> dict[int, LatestEvidence]:
    """Per standard, the newest evidence other than an attempt, when it is newer than the
    last submitted attempt: it decided the level, and the map says so. One query: only
    non-assessment rows are read (few), not every attempt's evidence again."""
    last_submit: dict[int, datetime] = {}
    for standard_id, lines in history.items():
        times = [line.submitted_at for line in lines if line.submitted_at is not None]
        if times:
            last_submit[standard_id] = max(times)
    newest: dict[int, tuple[str, Any, Any, float]] = {}
    for standard_id, kind, assessed_on, recorded_at, level in _NEWEST_OTHER_EVIDENCE.rows(
        student=student.pk, standards=standard_ids
    ):
        newest[standard_id] = (kind, assessed_on, recorded_at, level)
    latest: dict[int, LatestEvidence] = {}
    for standard_id, (kind, day, moment, level) in newest.items():
        # As the driver gives them (`lib.rows`): SQLite a naive timestamp in UTC.
        assessed_on = day if isinstance(day, date) else date.fromisoformat(str(day))
        recorded_at = aware_datetime(moment)
        attempt_at = last_submit.get(standard_id)
        # The same order every method reads evidence in: assessed date, then recording time.
        if attempt_at is not None and (localdate(attempt_at), attempt_at) > (
            assessed_on,
            recorded_at,
        ):
            continue
        label = str(Evidence.Kind(kind).label) if kind in Evidence.Kind.values else kind
        latest[standard_id] = LatestEvidence(kind, str(label), assessed_on, number_text(level))
    return latest


def _other_evidence(student: int, standards: list[int]) -> QuerySet[Evidence, tuple[Any, ...]]:
    """The student's evidence on the standards other than attempts, current (not superseded
    by a correction), oldest first."""
    return (
        Evidence.objects.filter(student_id=student, standard_id__in=standards)
        .current()
        .exclude(kind=Evidence.Kind.ASSESSMENT)
        .order_by("assessed_on", "recorded_at", "id")
        .values_list("standard_id", "kind", "assessed_on", "recorded_at", "level")
    )


def _attempts_on(student: int, standards: list[int]) -> QuerySet[Attempt, tuple[Any, ...]]:
    # By the map's standard ids rather than through the standards' map: PostgreSQL then
    # reads the forms of those standards by index, where the join on the map scanned every
    # form of the district (district bench: 2.2 -> 1.3 ms, most of it now the 100 rows).
    return (
        Attempt.objects.filter(student_id=student, form__standard_id__in=standards)
        .order_by("started_at", "id")
        .values_list(
            "id",
            "form__standard_id",
            "form__label",
            "started_at",
            "submitted_at",
            "percent",
            "mastered",
        )
    )


def _usable_forms(standards: list[int]) -> QuerySet[Form, tuple[Any, ...]]:
    """The labels of the standards' forms a student may be given: not archived, with items.
    (A standard's labels are unique, so no DISTINCT: EXISTS stops at a form's first item.)"""
    return (
        Form.objects.filter(standard_id__in=standards, archived_at__isnull=True)
        .filter(Exists(FormItem.objects.filter(form_id=OuterRef("pk"))))
        .order_by()
        .values_list("standard_id", "label")
    )


# Compiled once per number of standards (`lib.statements`): every map and tracker reads them.
_ATTEMPTS = Compiled(_attempts_on)
_USABLE_FORMS = Compiled(_usable_forms)
_NEWEST_OTHER_EVIDENCE = Compiled(_other_evidence)


def student_tracker(
    *, classroom: Classroom, student: User, newest_evidence: bool = True
) -> Tracker:
    """Every standard of the class's map with the student's status, attempts and (unless
    `newest_evidence` is False: the tracker page shows none) newest evidence. Five queries
    (four without the evidence); fewer on a map without standards."""
    standards = map_standards(classroom)
    standard_ids = [standard.pk for standard in standards]
    found = student_cells(classroom, standards, student.pk)
    history: dict[int, list[AttemptLine]] = defaultdict(list)
    # reverse() once, not once per attempt line.
    prefix = reverse("workflows:attempt", args=[1]).removesuffix("1/")
    ready = reverse("workflows:attempt-start", args=[classroom.pk, 1]).removesuffix("1/ready/")
    # Straight from the cursor: a student's map reads every attempt of theirs on the map
    # (200 in the bench), and converting each row through the fields cost more than the
    # query.
    for aid, standard_id, label, started, submitted, percent, mastered in _ATTEMPTS.rows(
        student=student.pk, standards=standard_ids
    ):
        history[standard_id].append(
            AttemptLine(
                aid,
                label,
                aware_datetime(started),
                None if submitted is None else aware_datetime(submitted),
                percent,
                None if mastered is None else bool(mastered),
                f"{prefix}{aid}/",
            )
        )
    usable: dict[int, set[str]] = defaultdict(set)
    for standard_id, label in _USABLE_FORMS.rows(standards=standard_ids):
        usable[standard_id].add(label)
    latest = _latest_evidence(student, standard_ids, history) if newest_evidence else {}
    counts = dict.fromkeys(STATUS_ORDER, 0)
    by_unit: dict[int, TrackerUnit] = {}
    for standard in standards:
        cell = found.get(standard.pk) or Cell(standard, Status.NOT_STARTED)
        counts[cell.status] += 1
        group = by_unit.get(standard.unit_id)
        if group is None:
            group = by_unit[standard.unit_id] = TrackerUnit(unit=standard.unit, rows=[])
        lines = history.get(standard.pk, [])
        left = len(usable[standard.pk] - {line.form_label for line in lines})
        group.rows.append(
            TrackerRow(
                cell=cell,
                attempts=lines,
                forms_left=left,
                forms_total=len(usable[standard.pk]),
                latest=latest.get(standard.pk),
                start_url=f"{ready}{standard.pk}/ready/",
                key=str(standard.pk),
            )
        )
    return Tracker(
        student=student, units=list(by_unit.values()), total=len(standards), counts=counts
    )
