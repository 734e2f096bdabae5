from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, User
from masterymap.assessments.queries import attempt_review, student_attempts_on_standard
from masterymap.lib.errors import ActionError
from masterymap.lib.http import AuthedRequest
from masterymap.mastery import actions
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.forms import OverrideForm, PolicyForm, WhatIfForm
from masterymap.mastery.queries import (
    STATUS_ORDER,
    CellMath,
    WhatIf,
    cell_math,
    mastery_grid,
    policy_for_scope,
    policy_overview,
    student_tracker,
    what_if_next,
)
from masterymap.mastery.scale import format_level
from masterymap.mastery.status import STATUS_LABELS
from masterymap.standards.models import Standard


def _legend() -> list[tuple[str, str]]:
    return [(s.value.replace("_", "-"), STATUS_LABELS[s]) for s in STATUS_ORDER]


def _station_url(classroom_id: int) -> str:
    # The teacher station (evidence:station) is built in the evidence app; until its URL
    # exists, the grid simply shows no link to it.
    try:
        return reverse("evidence:station", args=[classroom_id])
    except NoReverseMatch:
        return ""


@require_GET
@login_required
def classroom_grid(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    unit_id = request.GET.get("unit")
    grid = mastery_grid(
        classroom=classroom, unit_id=int(unit_id) if unit_id and unit_id.isdigit() else None
    )
    context = {
        "classroom": classroom,
        "grid": grid,
        "legend": _legend(),
        "station_url": _station_url(classroom.pk),
    }
    template = "mastery/classroom_grid.html"
    if request.htmx:
        template += "#mastery-grid"
    return render(request, template, context)


# --- Show the math: one student on one standard -------------------------------------------


def _cell_page(
    request: AuthedRequest,
    classroom: Classroom,
    student: User,
    standard: Standard,
    *,
    what_if: WhatIf | None = None,
    what_if_form: WhatIfForm | None = None,
    override_form: OverrideForm | None = None,
) -> HttpResponse:
    math = cell_math(classroom=classroom, student=student, standard=standard)
    scale = math.scale
    attempts = [
        (a, attempt_review(a) if a.is_submitted else None)
        for a in student_attempts_on_standard(student, standard)
    ]
    context = {
        "classroom": classroom,
        # Teachers may correct evidence from here; a correction supersedes, never rewrites.
        "can_correct": not request.user.is_student,
        "student": student,
        "standard": standard,
        "math": math,
        "attempts": attempts,
        "what_if": what_if,
        "what_if_form": what_if_form
        or WhatIfForm(scale=scale, initial={"score": scale.mastery_value}),
        # Shown to teachers only (the template asks); posting it needs a teacher anyway.
        "override_form": override_form
        or OverrideForm(scale=scale, initial={"level": _override_initial(math)}),
    }
    return render(request, "mastery/mastery_cell.html", context)


def _override_initial(math: CellMath) -> str:
    """The level the override form starts at: the current override, else the mastery level."""
    record = math.record
    if record is not None and record.override_level is not None:
        return format_level(record.override_level)
    return str(math.scale.mastery_value)


@require_GET
@login_required
def mastery_cell(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    """Show the math: the level, its evidence, method, history and attempts, item by item."""
    classroom, student, standard = access.get_record_for_user(
        request.user, classroom_id, student_id, standard_id
    )
    return _cell_page(request, classroom, student, standard)


@require_GET
@login_required
def cell_what_if(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    """ "If my next score is 3, my level becomes …": policy.what_if, the same calculation."""
    classroom, student, standard = access.get_record_for_user(
        request.user, classroom_id, student_id, standard_id
    )
    scale = scale_for_classroom(classroom)
    form = WhatIfForm(request.GET, scale=scale)
    result = None
    if form.is_valid():
        result = what_if_next(
            classroom=classroom,
            student=student,
            standard=standard,
            score=form.cleaned_data["score"],
            today=timezone.localdate(),
            now=timezone.now(),
            scale=scale,
        )
    if request.htmx:
        context = {"what_if": result, "what_if_form": form, "student": student}
        return render(request, "mastery/mastery_cell.html#what-if-result", context)
    return _cell_page(request, classroom, student, standard, what_if=result, what_if_form=form)


@require_POST
@login_required
def cell_override(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    """A teacher sets the level by hand, with a reason."""
    record = access.get_record_for_teacher(request.user, classroom_id, student_id, standard_id)
    form = OverrideForm(request.POST, scale=scale_for_classroom(record.classroom))
    if form.is_valid():
        try:
            record = actions.override_level(record=record, by=request.user, **form.cleaned_data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            level = format_level(record.override_level or 0)
            messages.success(request, f"Level set to {level} by override.")
            return redirect("mastery:cell", classroom_id, student_id, standard_id)
    return _cell_page(
        request, record.classroom, record.student, record.standard, override_form=form
    )


@require_POST
@login_required
def cell_override_clear(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    record = access.get_record_for_teacher(request.user, classroom_id, student_id, standard_id)
    actions.clear_override(record=record, by=request.user)
    messages.success(request, "Override removed: the calculated level applies again.")
    return redirect("mastery:cell", classroom_id, student_id, standard_id)


# --- Mastery policy -------------------------------------------------------------------------


def _policy_page(
    request: AuthedRequest,
    classroom: Classroom,
    form: PolicyForm,
    preview: actions.PolicyPreview | None = None,
) -> HttpResponse:
    context = {
        "classroom": classroom,
        "form": form,
        "overview": policy_overview(classroom),
        "preview": preview,
    }
    return render(request, "mastery/policy_page.html", context)


def _scope(request: AuthedRequest, classroom: Classroom) -> Standard | None:
    """The standard named by ?standard=, whose policy the form starts from."""
    standard_id = request.GET.get("standard", "")
    if not standard_id.isdigit():
        return None
    return access.get_standard_in_classroom(classroom, int(standard_id))


@require_http_methods(["GET", "POST"])
@login_required
def policy_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's mastery policy (or one standard's), previewed, then saved and recomputed."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    if request.method == "GET":
        scope = _scope(request, classroom)
        initial = PolicyForm.initial_from(policy_for_scope(classroom, scope), scope)
        return _policy_page(request, classroom, PolicyForm(initial=initial, classroom=classroom))
    form = PolicyForm(request.POST, classroom=classroom)
    if form.is_valid():
        arguments = form.policy_arguments()
        try:
            changed = actions.set_policy(classroom=classroom, by=request.user, **arguments)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"Saved: {changed} record{pluralize(changed)} changed.")
            query = f"?standard={arguments['standard'].pk}" if arguments["standard"] else ""
            return redirect(reverse("mastery:policy", args=[classroom.pk]) + query)
    return _policy_page(request, classroom, form)


@require_POST
@login_required
def policy_preview(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """What saving would change, computed with the same code; nothing is written."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = PolicyForm(request.POST, classroom=classroom)
    preview = None
    if form.is_valid():
        try:
            preview = actions.preview_policy(classroom=classroom, **form.policy_arguments())
        except ActionError as e:
            form.add_error(None, e.message)
    if request.htmx:
        context = {"classroom": classroom, "form": form, "preview": preview, "in_place": True}
        return render(request, "mastery/policy_page.html#policy-preview", context)
    return _policy_page(request, classroom, form, preview)


@require_POST
@login_required
def policy_clear(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """Remove a standard's own policy: the class policy applies to it again."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    standard = access.get_standard_in_classroom(classroom, standard_id)
    changed = actions.clear_standard_policy(classroom=classroom, standard=standard, by=request.user)
    messages.success(
        request,
        f"{standard.code} follows the class policy again: "
        f"{changed} record{pluralize(changed)} changed.",
    )
    return redirect("mastery:policy", classroom_id=classroom.pk)


# --- Trackers ------------------------------------------------------------------------------


@require_GET
@login_required
def tracker_page(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """The private tracker: only the student and the teachers of their class."""
    classroom, student = access.get_tracker_owner_for_user(request.user, classroom_id, student_id)
    tracker = student_tracker(classroom=classroom, student=student)
    context = {"classroom": classroom, "tracker": tracker, "legend": _legend()}
    return render(request, "mastery/tracker_page.html", context)


@require_GET
@login_required
def student_map(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A student's home: every standard of their map with its symbol, status and "I'm ready"."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    tracker = student_tracker(classroom=classroom, student=request.user)
    context = {"classroom": classroom, "tracker": tracker, "legend": _legend()}
    return render(request, "mastery/student_map.html", context)
