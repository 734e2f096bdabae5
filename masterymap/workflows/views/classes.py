"""Home and the class list: where every user starts, and where a teacher creates a class on
one of the school's maps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from masterymap.accounts import access, actions
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.standards import access as standards_access
from masterymap.workflows.forms import ClassroomForm


@require_GET
@login_required
def home(request: AuthedRequest) -> HttpResponse:
    if request.user.is_student:
        classrooms = list(access.classrooms_for_user(request.user, include_archived=False))
        if len(classrooms) == 1:
            return redirect("workflows:student-map", classroom_id=classrooms[0].pk)
        if not classrooms:
            return redirect("accounts:join-code")
        return render(request, "workflows/classroom_list.html", {"classrooms": classrooms})
    return redirect("workflows:classroom-list")


@require_http_methods(["GET", "POST"])
@login_required
def classroom_list(request: AuthedRequest) -> HttpResponse:
    classrooms = access.classrooms_for_user(request.user, include_archived=False).prefetch_related(
        "teachers"
    )
    if request.user.is_student:
        return render(request, "workflows/classroom_list.html", {"classrooms": classrooms})
    form = ClassroomForm(
        request.POST or None, maps=standards_access.mastery_maps_for_teacher(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            classroom = actions.create_classroom(
                teacher=request.user,
                name=form.cleaned_data["name"],
                mastery_map=form.cleaned_data["mastery_map"],
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                with_content(_("Class “%(name)s” created. Now add students."), name=classroom.name),
            )
            return redirect("accounts:roster", classroom_id=classroom.pk)
    # Archived classes are listed apart, to read or restore.
    archived = access.classrooms_for_user(request.user).filter(archived_at__isnull=False)
    context = {"classrooms": classrooms, "archived": archived, "form": form}
    return render(request, "workflows/classroom_list.html", context)
