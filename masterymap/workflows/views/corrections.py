"""A teacher corrects a piece of evidence: a new record supersedes it, the old one stays,
struck through, and the student's levels follow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from masterymap.accounts import access
from masterymap.accounts.models import Classroom
from masterymap.accounts.request_types import AuthedRequest
from masterymap.evidence import access as evidence_access
from masterymap.evidence.models import Evidence
from masterymap.lib.errors import ActionError
from masterymap.lib.ids import parse_id
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.scale import Scale, format_level
from masterymap.mastery.sentences import label_html
from masterymap.standards import access as standards_access
from masterymap.workflows import actions
from masterymap.workflows.formats import flash, number_text
from masterymap.workflows.forms import CorrectionForm


@require_http_methods(["GET", "POST"])
@login_required
def evidence_correct(request: AuthedRequest, evidence_id: int) -> HttpResponse:
    """A teacher corrects a piece of evidence: a new record supersedes it; the old one stays,
    struck through. Back to the show-the-math page of `?classroom=` afterwards."""
    evidence = evidence_access.get_evidence_for_teacher(request.user, evidence_id)
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
                flash(
                    _("Corrected: %(kind)s of %(student)s on %(code)s is now level %(level)s."),
                    {"kind": new.get_kind_display(), "level": number_text(new.level)},
                    student=evidence.student.display_name,
                    code=evidence.standard.code,
                ),
            )
            cell = [classroom.pk, evidence.student_id, evidence.standard_id]
            return redirect(reverse("mastery:cell", args=cell) + f"#evidence-{new.pk}")
    return _correct_page(request, evidence, classroom, scale, form, status=422)


def _correction_classroom(request: AuthedRequest, evidence: Evidence) -> Classroom:
    """The class whose show-the-math page the teacher came from (`?classroom=`), checked
    for this teacher and for holding the evidence's student and standard; without one, the
    first such class of theirs. 404 when there is none."""
    classroom_id = parse_id(request.GET.get("classroom"))
    if classroom_id is not None:
        classroom = access.get_classroom_for_teacher(request.user, classroom_id)
        # The way back must be a page that opens: the student and standard of this class.
        access.get_student_for_teacher(request.user, classroom, evidence.student_id)
        standards_access.get_standard_in_classroom(classroom, evidence.standard_id)
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
        "level_text": number_text(evidence.level),
        "level_label": label_html(scale.label_for(evidence.level)),
        "raw_score_text": ""
        if evidence.raw_score is None
        else f"{number_text(evidence.raw_score)} %",
        "already_corrected": hasattr(evidence, "superseded_by"),
        "cell_url": reverse(
            "mastery:cell", args=[classroom.pk, evidence.student_id, evidence.standard_id]
        ),
    }
    return render(request, "workflows/correct_page.html", context, status=status)
