"""The teacher settles a *needs review*: what disagrees with what (the evidence, the
benchmark sub-scores, the student's explanation), then keep mastered or reopen, with a
reason that is logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.benchmarks import queries
from masterymap.benchmarks.forms import ReviewForm
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import decide_review
from masterymap.standards import access as standards_access


@require_http_methods(["GET", "POST"])
@login_required
def review_page(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    student = access.get_student_for_teacher(request.user, classroom, student_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    page = queries.review_page(classroom, student, standard)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and page.record is not None:
            try:
                record = decide_review(
                    record=page.record,
                    resolution=form.cleaned_data["resolution"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ActionError as e:
                form.add_error(None, e.message)
            else:
                messages.success(
                    request,
                    _("Decided: %(code)s is now %(status)s for %(name)s.")
                    % {
                        "code": standard.code,
                        "status": record.get_status_display(),
                        "name": student.display_name,
                    },
                )
                return redirect("mastery:grid", classroom.pk)
        elif page.record is None:
            form.add_error(None, _("This standard has nothing to review."))
    context = {
        "classroom": classroom,
        "student": student,
        "standard": standard,
        "page": page,
        "form": form,
    }
    return render(request, "benchmarks/review_page.html", context, status=status)
