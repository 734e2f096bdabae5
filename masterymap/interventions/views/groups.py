"""Pages of the interventions app: small groups (issue 9, item 8). The class's board (who is
*not yet* there, by standard and by the reasons they gave; who asked for help; forming a
group), and the page of one group (attendance, "Record a check", members, cancelling).
Teachers of the class (and its school's admins) only."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.interventions import access as interventions_access
from masterymap.interventions import groups
from masterymap.interventions.models import SmallGroup
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.lib.ids import parse_id
from masterymap.standards import access as standards_access

DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class GroupForm(forms.Form):
    """A new group's time and note (the students come as `student`, checked by the action)."""

    meets_at = forms.DateTimeField(
        input_formats=DATETIME_LOCAL,
        error_messages={
            "required": gettext_lazy("Pick when the group meets."),
            "invalid": gettext_lazy("Pick when the group meets: a date and a time."),
        },
    )
    note = forms.CharField(
        required=False,
        max_length=groups.MAX_NOTE,
        error_messages={
            "max_length": gettext_lazy("The note is too long (500 characters at most).")
        },
    )


def _board_url(classroom_id: int, anchor: str = "") -> str:
    url = reverse("interventions:groups", args=[classroom_id])
    return f"{url}#{anchor}" if anchor else url


def _group_url(group: SmallGroup, anchor: str = "") -> str:
    url = reverse("interventions:group", args=[group.classroom_id, group.pk])
    return f"{url}#{anchor}" if anchor else url


def _first_error(form: forms.Form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Check the form.")


@require_GET
@login_required
def groups_board(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's board: not-yet students and requests by standard, and its groups."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    context = {"classroom": classroom, "board": groups.board(classroom)}
    return render(request, "interventions/groups_board.html", context)


@require_POST
@login_required
def group_form(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """Form a group of the ticked students on one standard."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    form = GroupForm(request.POST)
    raw = request.POST.getlist("student")
    ids = [parse_id(value) for value in raw]
    try:
        if not form.is_valid():
            raise ActionError(_first_error(form))
        if None in ids:
            raise ActionError(_("Only students of this class can be in its groups."))
        group = groups.form_group(
            classroom=classroom,
            standard=standard,
            student_ids=[i for i in ids if i is not None],
            meets_at=form.cleaned_data["meets_at"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(_board_url(classroom.pk, f"standard-{standard.pk}"))
    messages.success(
        request,
        with_content(
            _("Group formed on %(code)s. The students see it on their map."), code=standard.code
        ),
    )
    return redirect(_group_url(group))


@require_GET
@login_required
def group_page(request: AuthedRequest, classroom_id: int, group_id: int) -> HttpResponse:
    """One group: its members, who came, a check for each, members and cancelling."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    group = interventions_access.get_group_in_classroom(classroom, group_id)
    context = {"classroom": classroom, "page": groups.group_page(group)}
    return render(request, "interventions/groups_group.html", context)


@require_POST
@login_required
def group_attendance(request: AuthedRequest, classroom_id: int, group_id: int) -> HttpResponse:
    """Mark one member as having come (`attended=1`) or not (`attended=0`)."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    group = interventions_access.get_group_in_classroom(classroom, group_id)
    member = interventions_access.get_member(group, parse_id(request.POST.get("member", "")) or 0)
    value = request.POST.get("attended")
    try:
        if value not in ("0", "1"):
            raise ActionError(_("Pick “Came” or “Did not come”."))
        groups.mark_attendance(member=member, attended=value == "1", by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    return redirect(_group_url(group, f"member-{member.pk}"))


@require_POST
@login_required
def group_cancel(request: AuthedRequest, classroom_id: int, group_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    group = interventions_access.get_group_in_classroom(classroom, group_id)
    try:
        groups.cancel_group(group=group, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(_group_url(group))
    messages.success(
        request, _("Group cancelled. Its students show on the board again, with their requests.")
    )
    return redirect(_board_url(classroom.pk))


@require_POST
@login_required
def group_add(request: AuthedRequest, classroom_id: int, group_id: int) -> HttpResponse:
    """Add a student of the class to the group, before it meets."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    group = interventions_access.get_group_in_classroom(classroom, group_id)
    try:
        student_id = parse_id(request.POST.get("student", ""))
        if student_id is None:
            raise ActionError(_("Pick a student to add."))
        member = groups.add_member(group=group, student_id=student_id, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(_group_url(group, "members"))
    messages.success(
        request, with_content(_("%(name)s joins the group."), name=member.student.display_name)
    )
    return redirect(_group_url(group, "members"))


@require_POST
@login_required
def group_remove(request: AuthedRequest, classroom_id: int, group_id: int) -> HttpResponse:
    """Take a member out of the group, before it meets."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    group = interventions_access.get_group_in_classroom(classroom, group_id)
    member = interventions_access.get_member(group, parse_id(request.POST.get("member", "")) or 0)
    try:
        student = groups.remove_member(member=member, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            with_content(_("%(name)s is no longer in the group."), name=student.display_name),
        )
    return redirect(_group_url(group, "members"))


urlpatterns: list[URLPattern] = [
    path("classes/<id:classroom_id>/groups/", groups_board, name="groups"),
    path("classes/<id:classroom_id>/groups/new/<id:standard_id>/", group_form, name="group-form"),
    path("classes/<id:classroom_id>/groups/<id:group_id>/", group_page, name="group"),
    path(
        "classes/<id:classroom_id>/groups/<id:group_id>/attendance/",
        group_attendance,
        name="group-attendance",
    ),
    path(
        "classes/<id:classroom_id>/groups/<id:group_id>/cancel/", group_cancel, name="group-cancel"
    ),
    path(
        "classes/<id:classroom_id>/groups/<id:group_id>/members/add/",
        group_add,
        name="group-add",
    ),
    path(
        "classes/<id:classroom_id>/groups/<id:group_id>/members/remove/",
        group_remove,
        name="group-remove",
    ),
]
