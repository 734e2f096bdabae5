"""Moving a student to another class, from the roster (accounts:roster)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from masterymap.accounts import access
from masterymap.accounts.forms import MoveStudentForm
from masterymap.accounts.queries import classroom_roster, move_targets
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.workflows.roster import move_student


@require_http_methods(["GET", "POST"])
@login_required
def student_move(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """GET: the move form with what moving keeps; POST (from here or the roster's card):
    move, back to the roster. A refused move comes back here with its reason."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    roster = classroom_roster(classroom)
    targets = move_targets(classroom, request.user)
    form = MoveStudentForm(request.POST or None, roster=roster, targets=targets)
    if request.method == "POST" and form.is_valid():
        student = access.get_student_for_teacher(
            request.user, classroom, form.cleaned_data["student"]
        )
        to_classroom = next(c for c in targets if c.pk == form.cleaned_data["to_classroom"])
        try:
            move_student(
                student=student,
                from_classroom=classroom,
                to_classroom=to_classroom,
                by=request.user,
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                with_content(
                    _(
                        "%(name)s moved to %(classroom)s. Their evidence went with them, and "
                        "their levels there are calculated from it."
                    ),
                    name=student.display_name,
                    classroom=to_classroom.name,
                ),
            )
            return redirect("accounts:roster", classroom_id=classroom.pk)
    context = {"classroom": classroom, "form": form, "targets": targets, "roster": roster}
    status = 400 if request.method == "POST" else 200
    return render(request, "workflows/roster_move_page.html", context, status=status)
