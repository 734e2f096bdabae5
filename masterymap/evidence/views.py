"""The teacher station (one-on-one checks and other evidence), corrections, and private
attachments."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, User
from masterymap.evidence import actions
from masterymap.evidence.forms import CheckForm, EvidenceForm, PickForm, marks_from_post
from masterymap.evidence.models import Evidence
from masterymap.evidence.queries import (
    BATTERY_DEFAULT,
    BATTERY_MAX,
    StationOutcome,
    check_summary,
    own_questions,
    resolve_pick,
    station_battery,
    station_outcome,
    station_standards,
    station_students,
)
from masterymap.lib.errors import ActionError
from masterymap.lib.http import AuthedRequest
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.queries import classroom_roster, map_standards
from masterymap.mastery.scale import Scale, format_level
from masterymap.standards.models import Standard

PAGE = "evidence/station_page.html"


@require_GET
@login_required
def station_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The station: pick a student and a standard (typed, or ids from a link), get a battery."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    pick = PickForm(request.GET)
    data = pick.cleaned_data if pick.is_valid() else {}
    context = _station(
        request,
        classroom,
        student_id=data.get("student"),
        standard_id=data.get("standard"),
        who=data.get("who", ""),
        what=data.get("what", ""),
        n=pick.battery_size(),
    )
    if not request.htmx:
        return render(request, PAGE, context)
    response = render(request, PAGE + "#station-battery", context)
    return push_url(response, context["station_url"]) if context["questions"] else response


@require_POST
@login_required
def station_check(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Record a one-on-one check from its right/wrong marks."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = CheckForm(request.POST)
    student, standard = _posted_cell(request.user, classroom, form)
    if student is None or standard is None:
        raise Http404("No such student or standard in this class.")
    n = form.battery_size()
    marks = marks_from_post(request.POST, n)
    if form.is_valid():
        try:
            evidence = actions.record_check(
                recorded_by=request.user,
                classroom=classroom,
                student=student,
                standard=standard,
                marks=[marks[k] == "right" for k in sorted(marks)],
                assessed_on=form.cleaned_data["assessed_on"],
                note=form.cleaned_data["note"],
                files=request.FILES.getlist("files"),
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            outcome = station_outcome(
                classroom=classroom, student=student, standard=standard, evidence=evidence
            )
            return _recorded(request, classroom, outcome, "#station-battery", "outcome", n)
    context = _station(
        request,
        classroom,
        student_id=student.pk,
        standard_id=standard.pk,
        n=n,
        marks=marks,
        check_form=form,
    )
    return render(request, _template(request, "#station-battery"), context, status=422)


@require_POST
@login_required
def station_evidence(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Record any other kind of evidence (a product, an EL conference…) with attachments."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = EvidenceForm(request.POST, prefix="ev")
    student, standard = _posted_cell(request.user, classroom, form)
    if form.is_valid() and student is not None and standard is not None:
        data = form.cleaned_data
        try:
            evidence = actions.record_evidence(
                recorded_by=request.user,
                classroom=classroom,
                student=student,
                standard=standard,
                kind=data["kind"],
                level=data["level"],
                assessed_on=data["assessed_on"],
                note=data["note"],
                files=request.FILES.getlist("ev-files"),
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            outcome = station_outcome(
                classroom=classroom, student=student, standard=standard, evidence=evidence
            )
            return _recorded(request, classroom, outcome, "#evidence-form", "evidence_outcome")
    context = _station(request, classroom, evidence_form=form)
    return render(request, _template(request, "#evidence-form"), context, status=422)


# --- Corrections -------------------------------------------------------------------------------


class CorrectionForm(forms.Form):
    """A correction of one piece of evidence: the new level, the date, and why."""

    level = forms.TypedChoiceField(
        coerce=float,
        choices=(),
        label="Corrected level",
        error_messages={"invalid_choice": "Pick a level on the scale."},
    )
    assessed_on = forms.DateField(
        label="Date assessed",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2026-03-14."},
    )
    # Required by `correct_evidence`, whose message says so; `required` here only lets the
    # browser say it before posting.
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="What the correction is for",
        help_text="Required. The student can read it with their evidence.",
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
    )

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (str(lv.value), f"{lv.value} · {lv.label}") for lv in scale.levels
        ]
        self.fields["assessed_on"].widget.attrs["max"] = timezone.localdate().isoformat()


@require_http_methods(["GET", "POST"])
@login_required
def evidence_correct(request: AuthedRequest, evidence_id: int) -> HttpResponse:
    """A teacher corrects a piece of evidence: a new record supersedes it; the old one stays,
    struck through. Back to the show-the-math page of `?classroom=` afterwards."""
    evidence = access.get_evidence_for_teacher(request.user, evidence_id)
    classroom = _correction_classroom(request, evidence)
    scale = scale_for_classroom(classroom)
    if request.method == "GET":
        initial = {"level": format_level(evidence.level), "assessed_on": evidence.assessed_on}
        form = CorrectionForm(initial=initial, scale=scale)
        return _correct_page(request, evidence, classroom, scale, form)
    form = CorrectionForm(request.POST, scale=scale)
    if form.is_valid():
        try:
            new = actions.correct_evidence(
                evidence=evidence, recorded_by=request.user, **form.cleaned_data
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                f"Corrected: {new.get_kind_display()} of {evidence.student.display_name} on "
                f"{evidence.standard.code} is now level {format_level(new.level)}.",
            )
            cell = [classroom.pk, evidence.student_id, evidence.standard_id]
            return redirect(reverse("mastery:cell", args=cell) + f"#evidence-{new.pk}")
    return _correct_page(request, evidence, classroom, scale, form, status=422)


def _correction_classroom(request: AuthedRequest, evidence: Evidence) -> Classroom:
    """The class whose show-the-math page the teacher came from (`?classroom=`), checked
    for this teacher and for holding the evidence's student and standard; without one, the
    first such class of theirs. 404 when there is none."""
    raw = request.GET.get("classroom", "")
    if raw.isdigit():
        classroom = access.get_classroom_for_teacher(request.user, int(raw))
        # The way back must be a page that opens: the student and standard of this class.
        access.get_student_for_teacher(request.user, classroom, evidence.student_id)
        access.get_standard_in_classroom(classroom, evidence.standard_id)
        return classroom
    found = (
        access.classrooms_for_user(request.user)
        .filter(
            enrollments__student_id=evidence.student_id,
            mastery_map_id=evidence.standard.mastery_map_id,
        )
        .order_by("pk")
        .first()
    )
    if found is None:
        raise Http404("No such class.")
    return found


def _correct_page(
    request: AuthedRequest,
    evidence: Evidence,
    classroom: Classroom,
    scale: Scale,
    form: CorrectionForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "evidence": evidence,
        "classroom": classroom,
        "form": form,
        "level_text": format_level(evidence.level),
        "level_label": scale.label_for(evidence.level),
        "raw_score_text": ""
        if evidence.raw_score is None
        else f"{format_level(evidence.raw_score)} %",
        "already_corrected": hasattr(evidence, "superseded_by"),
        "cell_url": reverse(
            "mastery:cell", args=[classroom.pk, evidence.student_id, evidence.standard_id]
        ),
    }
    return render(request, "evidence/correct_page.html", context, status=status)


@require_GET
@login_required
def attachment_download(request: AuthedRequest, attachment_id: int) -> HttpResponseBase:
    """An attachment, only to the student it is about and their teachers; never cached by
    shared caches, never sniffed into something else. Answers byte ranges, which Safari
    needs before it plays audio or video."""
    attachment = access.get_attachment_for_user(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
        size = attachment.file.size
    except FileNotFoundError:
        raise Http404("No such file.") from None
    try:
        wanted = _byte_range(request.headers.get("Range", ""), size)
    except ValueError:
        handle.close()
        response: HttpResponseBase = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        response = FileResponse(handle, content_type=attachment.content_type)
    else:
        start, end = wanted
        handle.seek(start)
        response = StreamingHttpResponse(
            _chunks(handle, end - start + 1), status=206, content_type=attachment.content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=attachment.original_name
    )
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


# --- helpers ----------------------------------------------------------------------------------


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single `Range: bytes=…` request, or None to send the whole
    file (no header, several ranges, or one we cannot read). ValueError: unsatisfiable."""
    match = _RANGE.fullmatch(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        if int(last) == 0 or size == 0:
            raise ValueError("empty suffix range")
        return max(0, size - int(last)), size - 1
    start = int(first)
    if start >= size:
        raise ValueError("range starts past the end")
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if end >= start else None


def _chunks(handle: File, length: int, block: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while length > 0:
            data = handle.read(min(block, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def _template(request: AuthedRequest, partial: str) -> str:
    return PAGE + partial if request.htmx else PAGE


def _posted_cell(
    user: User, classroom: Classroom, form: CheckForm | EvidenceForm
) -> tuple[User | None, Standard | None]:
    """The posted student and standard, through the access helpers: 404 when tampered."""
    form.is_valid()
    student_id = form.cleaned_data.get("student")
    standard_id = form.cleaned_data.get("standard")
    student = access.get_student_for_teacher(user, classroom, student_id) if student_id else None
    standard = access.get_standard_in_classroom(classroom, standard_id) if standard_id else None
    return student, standard


def _recorded(
    request: AuthedRequest,
    classroom: Classroom,
    outcome: StationOutcome,
    partial: str,
    key: str,
    n: int = BATTERY_DEFAULT,
) -> HttpResponse:
    """After a record: the confirmation in place (htmx), or a message and back to the
    station keeping the standard."""
    standard = outcome.standard
    if request.htmx:
        context = _station(request, classroom, standard_id=standard.pk, n=n, **{key: outcome})
        return render(request, PAGE + partial, context)
    messages.success(
        request,
        f"Recorded: {outcome.kind_label} · {outcome.student_name} on {standard.code}. "
        f"Level now {outcome.record_level_text} {outcome.record_level_label}. "
        f"{outcome.explanation}",
    )
    query = urlencode({"standard": standard.pk, "n": n})
    return redirect(reverse("evidence:station", args=[classroom.pk]) + "?" + query)


def _station(
    request: AuthedRequest,
    classroom: Classroom,
    *,
    student_id: int | None = None,
    standard_id: int | None = None,
    who: str = "",
    what: str = "",
    n: int = BATTERY_DEFAULT,
    marks: dict[int, str] | None = None,
    check_form: CheckForm | None = None,
    evidence_form: EvidenceForm | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Everything the station page and its partials display."""
    student_options = station_students(classroom_roster(classroom))
    standard_options = station_standards(map_standards(classroom))
    unresolved = []
    if student_id is None and who:
        found = resolve_pick(student_options, who)
        student_id = found.chosen
        if student_id is None:
            unresolved.append(("student", who, found.candidates))
    if standard_id is None and what:
        found = resolve_pick(standard_options, what)
        standard_id = found.chosen
        if standard_id is None:
            unresolved.append(("standard", what, found.candidates))
    student = (
        access.get_student_for_teacher(request.user, classroom, student_id) if student_id else None
    )
    standard = access.get_standard_in_classroom(classroom, standard_id) if standard_id else None
    # Each candidate of an ambiguous pick links to the station with it chosen.
    base = reverse("evidence:station", args=[classroom.pk])

    def pick_url(kind: str, chosen: int) -> str:
        ids = {"student": student_id, "standard": standard_id, kind: chosen}
        query = {
            "student": ids["student"],
            "who": "" if ids["student"] else who,
            "standard": ids["standard"],
            "what": "" if ids["standard"] else what,
            "n": n,
        }
        return base + "?" + urlencode({k: v for k, v in query.items() if v})

    problems = [
        (kind, text, [(c, pick_url(kind, c.id)) for c in candidates])
        for kind, text, candidates in unresolved
    ]

    scale = scale_for_classroom(classroom)
    questions, own = [], False
    if student is not None and standard is not None:
        questions = station_battery(student=student, standard=standard, n=n)
        own = not questions
        questions = questions or own_questions(n)
    marks = marks or {}
    today = timezone.localdate()
    check_form = check_form or CheckForm(initial={"assessed_on": today})
    evidence_form = evidence_form or EvidenceForm(
        prefix="ev",
        initial={
            "assessed_on": today,
            "standard": standard.pk if standard else None,
            "student": extra.get("ev_student"),
        },
    )
    station_url = base
    if student is not None and standard is not None:
        station_url += "?" + urlencode({"student": student.pk, "standard": standard.pk, "n": n})
    ev_values = {
        name: str(evidence_form[name].value() or "") for name in ("student", "standard", "level")
    }
    context = {
        "classroom": classroom,
        "student_options": student_options,
        "standard_options": standard_options,
        "student": student,
        "standard": standard,
        "who": student.display_name if student else who,
        "what": standard.code if standard else what,
        "n": n,
        "n_choices": range(1, BATTERY_MAX + 1),
        "problems": problems,
        "questions": [(q, marks.get(q.number, "")) for q in questions],
        "own_questions": own,
        "summary": check_summary(
            [marks[k] == "right" for k in sorted(marks)], len(questions), scale
        ),
        "levels": scale.levels,
        "today": today,
        "check_form": check_form,
        "check_date": _input_date(check_form["assessed_on"].value() or today),
        "check_note": check_form["note"].value() or "",
        "evidence_form": evidence_form,
        "ev_students": [(o, str(o.id) == ev_values["student"]) for o in student_options],
        "ev_standards": [(o, str(o.id) == ev_values["standard"]) for o in standard_options],
        "ev_levels": [(lv, _same_level(ev_values["level"], lv.value)) for lv in scale.levels],
        "station_url": station_url,
    }
    context.update(extra)
    return context


def _input_date(value: date | str) -> str:
    """What a date input shows: ISO for a date, the text as typed otherwise."""
    return value.isoformat() if isinstance(value, date) else str(value)


def _same_level(posted: str, value: int) -> bool:
    try:
        return float(posted) == value
    except ValueError:
        return False
