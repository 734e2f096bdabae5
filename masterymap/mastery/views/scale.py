"""A class's proficiency scale: see the scale in force, give the class its own, go back to
the school's; a school admin also sets the school's scale from the same page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.mastery import actions
from masterymap.mastery.forms import SCALE_MIN_ROWS, ScaleForm
from masterymap.mastery.queries.scale import scale_overview
from masterymap.mastery.scale import Scale
from masterymap.mastery.sentences import fill_html

PAGE = "mastery/scale_page.html"


def _changed(message: str, count: int, *, name: str) -> SafeString:
    """A translated "… %(count)s records changed." message, the school's name marked."""
    return fill_html(message, {"count": count}, name=name)


def _scale_form(scale: Scale, prefix: str) -> ScaleForm:
    rows = max(SCALE_MIN_ROWS, len(scale.levels))
    return ScaleForm(initial=ScaleForm.initial_from(scale), prefix=prefix, rows=rows)


def _scale_page(
    request: AuthedRequest,
    classroom: Classroom,
    *,
    class_form: ScaleForm | None = None,
    school_form: ScaleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = scale_overview(classroom)
    context = {
        "classroom": classroom,
        "overview": overview,
        "class_form": class_form or _scale_form(overview.in_force, "class"),
        # Shown to school admins (the template asks); saving it needs one anyway.
        "school_form": school_form or _scale_form(overview.school_scale, "school"),
    }
    return render(request, PAGE, context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def scale_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's scale; posting gives the class its own scale and recomputes its records."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    if request.method == "GET":
        return _scale_page(request, classroom)
    rows = ScaleForm.posted_rows(request.POST, "class")
    form = ScaleForm(request.POST, prefix="class", rows=rows)
    if form.is_valid():
        try:
            changed = actions.set_class_scale(
                classroom=classroom, by=request.user, **form.scale_arguments()
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                _changed(
                    ngettext(
                        "%(name)s now uses its own scale: %(count)s record changed.",
                        "%(name)s now uses its own scale: %(count)s records changed.",
                        changed,
                    ),
                    changed,
                    name=classroom.name,
                ),
            )
            return redirect("mastery:scale", classroom.pk)
    return _scale_page(request, classroom, class_form=form, status=422)


@require_POST
@login_required
def scale_clear(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Use the school's scale again: the class's own scale is removed, records recomputed."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    changed = actions.clear_class_scale(classroom=classroom, by=request.user)
    messages.success(
        request,
        _changed(
            ngettext(
                "%(name)s uses the school's scale: %(count)s record changed.",
                "%(name)s uses the school's scale: %(count)s records changed.",
                changed,
            ),
            changed,
            name=classroom.name,
        ),
    )
    return redirect("mastery:scale", classroom.pk)


@require_POST
@login_required
def scale_school(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A school admin sets the school's scale; every class following it is recomputed."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    rows = ScaleForm.posted_rows(request.POST, "school")
    form = ScaleForm(request.POST, prefix="school", rows=rows)
    if form.is_valid():
        try:
            changed = actions.set_school_scale(
                school=classroom.school, by=request.user, **form.scale_arguments()
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                _changed(
                    ngettext(
                        "Saved the scale of %(name)s: %(count)s record changed.",
                        "Saved the scale of %(name)s: %(count)s records changed.",
                        changed,
                    ),
                    changed,
                    name=classroom.school.name,
                ),
            )
            return redirect("mastery:scale", classroom.pk)
    return _scale_page(request, classroom, school_form=form, status=422)
