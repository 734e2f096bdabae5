"""The teacher station: one-on-one checks ("battle the boss") marked right/wrong by keyboard,
and every other kind of teacher evidence, with attachments."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, User
from masterymap.accounts.queries import classroom_roster
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.mastery.engine import scale_for_classroom
from masterymap.standards import access as standards_access
from masterymap.standards.models import Standard
from masterymap.standards.queries import map_standards
from masterymap.workflows import actions
from masterymap.workflows.formats import flash
from masterymap.workflows.forms import CheckForm, EvidenceForm, PickForm, marks_from_post
from masterymap.workflows.queries import (
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
    summary_sentences,
    unmarked_warnings,
)

PAGE = "workflows/station_page.html"


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
    form = EvidenceForm(request.POST, prefix="ev", scale=scale_for_classroom(classroom))
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
    standard = (
        standards_access.get_standard_in_classroom(classroom, standard_id) if standard_id else None
    )
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
        extra: dict[str, Any] = {key: outcome}
        context = _station(request, classroom, standard_id=standard.pk, n=n, **extra)
        return render(request, PAGE + partial, context)
    messages.success(
        request,
        flash(
            _(
                "Recorded: %(kind)s · %(student)s on %(code)s. Level now %(level)s %(label)s. "
                "%(explanation)s"
            ),
            {
                "kind": outcome.kind_label,
                "level": outcome.record_level_text,
                "label": outcome.record_level_label,
                "explanation": outcome.explanation,
            },
            student=outcome.student_name,
            code=standard.code,
        ),
    )
    query = urlencode({"standard": standard.pk, "n": n})
    return redirect(reverse("workflows:station", args=[classroom.pk]) + "?" + query)


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
    standard = (
        standards_access.get_standard_in_classroom(classroom, standard_id) if standard_id else None
    )
    # Each candidate of an ambiguous pick links to the station with it chosen.
    base = reverse("workflows:station", args=[classroom.pk])

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
        scale=scale,
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
        "summary_sentences": summary_sentences(len(questions), scale) if questions else [],
        "unmarked_warnings": unmarked_warnings(len(questions)) if questions else [],
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
