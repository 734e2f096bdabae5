"""Show the math: one student on one standard, the what-if box and teacher overrides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts.models import Classroom, User
from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments.keys import Timing, keys_shown
from masterymap.assessments.queries import attempt_review, forms_left, student_attempts_on_standard
from masterymap.lib.errors import ActionError
from masterymap.mastery import access, actions
from masterymap.mastery.engine import cell_facts, policies_for_classroom, scale_for_classroom
from masterymap.mastery.forms import OverrideForm, WhatIfForm
from masterymap.mastery.policy import steps
from masterymap.mastery.queries.cell import CellMath, WhatIf, cell_math, what_if_next
from masterymap.mastery.scale import Scale, format_level
from masterymap.mastery.sentences import number_text, phrase_html
from masterymap.mastery.status import Status
from masterymap.standards.models import Standard


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
    # The label beside the level ("3 Mastered") says nothing the status badge does not
    # already say when the two are the same word.
    repeats_status = str(math.level_label) == str(conditional_escape(math.status_label))
    # A student sees the correct answers when the class says so (assessments.keys).
    show_keys = not request.user.is_student or keys_shown(
        classroom.show_answers,
        teacher=False,
        mastered=math.status_css == Status.MASTERED.css_class,
        forms_left=forms_left(student, standard)
        if classroom.show_answers == Timing.AFTER_MASTERY
        else 1,
    )
    attempts = [
        (a, attempt_review(a, show_keys=show_keys) if a.is_handed_in else None)
        for a in student_attempts_on_standard(student, standard)
    ]
    context = {
        "classroom": classroom,
        # Teachers may correct evidence from here; a correction supersedes, never rewrites.
        "can_correct": not request.user.is_student,
        "student": student,
        "standard": standard,
        "math": math,
        "level_label": "" if repeats_status else math.level_label,
        "math_steps": _math_steps(classroom, student, standard, scale),
        "attempts": attempts,
        "what_if": what_if,
        "what_if_form": what_if_form
        or WhatIfForm(scale=scale, initial={"score": scale.mastery_value}),
        # Shown to teachers only (the template asks); posting it needs a teacher anyway.
        "override_form": override_form
        or OverrideForm(scale=scale, initial={"level": _override_initial(math)}),
    }
    return render(request, "mastery/mastery_cell.html", context)


def _math_steps(
    classroom: Classroom, student: User, standard: Standard, scale: Scale
) -> list[SafeString]:
    """The calculation step by step ("0.65 × 3 + 0.35 × 2 = 2.65"), in the reader's
    language: the same policy and evidence recomputing uses. Three queries."""
    policy = policies_for_classroom(classroom).for_standard(standard.pk)
    facts = cell_facts([student.pk], [standard.pk]).get((student.pk, standard.pk))
    if facts is None:
        return []
    return [phrase_html(step) for step in steps(facts.observations, policy, scale)]


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
            level = number_text(record.override_level or 0)
            messages.success(request, _("Level set to %(level)s by override.") % {"level": level})
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
    messages.success(request, _("Override removed: the calculated level applies again."))
    return redirect("mastery:cell", classroom_id, student_id, standard_id)
