"""Reads for the teacher station: the pickers, the battery of questions, the live summary
and what the teacher sees after recording."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Attempt, Form, FormItem, Item
from masterymap.assessments.queries import key_parts
from masterymap.assessments.scoring import check_percent
from masterymap.evidence.models import Evidence
from masterymap.lib.markdown import render_inline, render_markdown
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.queries.evidence import EvidenceRow, evidence_for_cell
from masterymap.mastery.scale import Scale
from masterymap.mastery.sentences import label_html, label_text
from masterymap.standards.models import Standard
from masterymap.workflows.formats import number_text

BATTERY_DEFAULT = 5
BATTERY_MAX = 10


@dataclass(frozen=True)
class StationOption:
    """One entry of a station picker (a `<datalist>` option)."""

    id: int
    value: str
    label: str


def station_students(roster: list[User]) -> list[StationOption]:
    return [StationOption(s.pk, s.display_name, s.username) for s in roster]


def station_standards(standards: list[Standard]) -> list[StationOption]:
    return [StationOption(s.pk, s.code, s.i_can or s.statement) for s in standards]


@dataclass(frozen=True)
class Pick:
    """What typed text resolved to: one id, or the candidates when it is ambiguous."""

    chosen: int | None
    candidates: list[StationOption]


def resolve_pick(options: list[StationOption], text: str) -> Pick:
    """Typed text → one option. An exact value or label wins (ignoring case); otherwise the
    options whose value or label contain the text; one candidate is chosen."""
    needle = " ".join(text.split()).casefold()
    if not needle:
        return Pick(None, [])
    exact = [o for o in options if needle in (o.value.casefold(), o.label.casefold())]
    if len(exact) == 1:
        return Pick(exact[0].id, exact)
    found = exact or [
        o for o in options if needle in o.value.casefold() or needle in o.label.casefold()
    ]
    return Pick(found[0].id if len(found) == 1 else None, found)


@dataclass(frozen=True)
class BatteryQuestion:
    """A question the teacher asks at the station, with its key (teachers only)."""

    number: int
    item_id: int | None
    stem_html: SafeString
    key_html: SafeString
    choices_html: list[tuple[SafeString, bool]]
    source: str


def _key_html(item: Item) -> SafeString:
    """The key as the attempt review words it (`key_parts`), each piece as inline Markdown."""
    key = key_parts(item)
    # mark_safe is sound here: every piece comes from lib.markdown (raw HTML off, nh3), and
    # the joiner is our own word, escaped. Each piece is the school's words (`data-content`).
    return mark_safe(
        f" {conditional_escape(key.joiner)} ".join(
            f"<span data-content>{render_inline(p)}</span>" for p in key.pieces
        )
    )


def station_battery(
    *, student: User, standard: Standard, n: int = BATTERY_DEFAULT
) -> list[BatteryQuestion]:
    """Up to `n` questions on `standard` for a one-on-one check, never from a form the
    student has yet to sit: items on no form come first, then items only on forms the
    student has already sat (started or submitted), each group oldest item first."""
    n = max(1, min(n, BATTERY_MAX))
    sat = Attempt.objects.filter(student=student, form=OuterRef("pk"))
    unsat_forms = Form.objects.filter(standard=standard).exclude(Exists(sat))
    items = list(
        # Marked right or wrong on the spot: no open-response question (it has no key).
        Item.objects.filter(standard=standard, archived_at__isnull=True)
        .exclude(kind=Item.Kind.OPEN)
        .exclude(forms__in=unsat_forms)
        .annotate(on_a_form=Exists(FormItem.objects.filter(item=OuterRef("pk"))))
        .prefetch_related("choices")
        .order_by("on_a_form", "id")[:n]
    )
    return [
        BatteryQuestion(
            number=number,
            item_id=item.pk,
            stem_html=mark_safe(render_markdown(item.stem)),
            key_html=_key_html(item),
            choices_html=[
                (mark_safe(render_inline(c.text)), c.is_correct) for c in item.choices.all()
            ]
            if item.has_choices
            else [],
            source=_("on a form already taken") if item.on_a_form else _("bank only"),
        )
        for number, item in enumerate(items, start=1)
    ]


def check_summary(marks: list[bool], total: int, scale: Scale) -> str:
    """ "3 of 5 right · 60 % · level 2 Approaching": what the station shows while marking.
    The browser never words it itself: it looks the sentence up in `summary_sentences`."""
    if not marks:
        return _("0 of %(total)s marked") % {"total": total}
    right = sum(1 for m in marks if m)
    percent = check_percent(marks)
    level = scale.level_for_percent(percent)
    values = {
        "right": right,
        "marked": len(marks),
        "percent": number_text(percent),
        "level": level,
        "label": label_text(scale.level(level).label),
        "unmarked": total - len(marks),
    }
    if len(marks) < total:
        return (
            ngettext(
                "%(right)s of %(marked)s right · %(percent)s %% · level %(level)s %(label)s"
                " · %(unmarked)s not marked",
                "%(right)s of %(marked)s right · %(percent)s %% · level %(level)s %(label)s"
                " · %(unmarked)s not marked",
                right,
            )
            % values
        )
    return (
        ngettext(
            "%(right)s of %(marked)s right · %(percent)s %% · level %(level)s %(label)s",
            "%(right)s of %(marked)s right · %(percent)s %% · level %(level)s %(label)s",
            right,
        )
        % values
    )


def summary_sentences(total: int, scale: Scale) -> list[list[str]]:
    """Every sentence the live summary can show for a battery of `total` questions:
    `[marked][right]` is `check_summary` for that many marked and right (0 ≤ right ≤ marked
    ≤ total). The page embeds it so station.js only looks up, and the rule stays here."""
    return [
        [
            check_summary([True] * right + [False] * (marked - right), total, scale)
            for right in range(marked + 1)
        ]
        for marked in range(total + 1)
    ]


def unmarked_warnings(total: int) -> list[str]:
    """What the station says when the teacher presses Enter with questions left unmarked:
    `[unmarked]` for 0 ≤ unmarked ≤ total ("" when every question is marked; when none is,
    it asks for one mark). The page embeds it with `summary_sentences`, so station.js words
    nothing itself."""
    none_marked = _("Mark at least one question: y right, n wrong.")
    return [
        ""
        if unmarked == 0
        else none_marked
        if unmarked == total
        else ngettext(
            "%(unmarked)s not marked. Press Enter again to record only the %(marked)s marked, "
            "or mark them.",
            "%(unmarked)s not marked. Press Enter again to record only the %(marked)s marked, "
            "or mark them.",
            unmarked,
        )
        % {"unmarked": unmarked, "marked": total - unmarked}
        for unmarked in range(total + 1)
    ]


def own_questions(n: int = BATTERY_DEFAULT) -> list[BatteryQuestion]:
    """Blank questions to mark when the bank has nothing to ask: the teacher asks their own."""
    n = max(1, min(n, BATTERY_MAX))
    blank = SafeString("")
    return [
        BatteryQuestion(number, None, blank, blank, [], _("your own question"))
        for number in range(1, n + 1)
    ]


@dataclass(frozen=True)
class StationOutcome:
    """What the teacher sees after recording: the new evidence and the record it moved."""

    student_name: str
    standard: Standard
    kind_label: str
    evidence_level_text: str
    evidence_level_label: str
    raw_score_text: str
    record_level_text: str
    record_level_label: str
    record_status: str
    record_status_css: str
    explanation: str
    rows: list[EvidenceRow]


def station_outcome(
    *, classroom: Classroom, student: User, standard: Standard, evidence: Evidence
) -> StationOutcome:
    scale = scale_for_classroom(classroom)
    record = MasteryRecord.objects.filter(
        classroom=classroom, student=student, standard=standard
    ).first()
    level = record.effective_level if record else None
    return StationOutcome(
        student_name=student.display_name,
        standard=standard,
        kind_label=evidence.get_kind_display(),
        evidence_level_text=number_text(evidence.level),
        evidence_level_label=label_html(scale.label_for(evidence.level)),
        raw_score_text="" if evidence.raw_score is None else f"{number_text(evidence.raw_score)} %",
        record_level_text="" if level is None else number_text(level),
        record_level_label=label_html(scale.label_for(level)),
        record_status=record.get_status_display() if record else _("Not started"),
        record_status_css="status-"
        + (record.status if record else "not_started").replace("_", "-"),
        explanation=record.explanation_html() if record else "",
        rows=evidence_for_cell(student=student, standard=standard, scale=scale),
    )
