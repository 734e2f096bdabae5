"""The People page: a school admin's teachers and students, a page at a time, with forms to
add accounts and buttons to deactivate, reactivate and print a new password card. 404 for
everyone but the school's admins."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access, people
from masterymap.accounts.actions import LoginCard
from masterymap.accounts.models import User
from masterymap.accounts.people_forms import AddStudentForm, AddTeacherForm, PeopleSearchForm
from masterymap.accounts.people_queries import people_counts, person_rows, school_people
from masterymap.accounts.request_types import AuthedRequest
from masterymap.accounts.views import printed_cards
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content

PAGE_SIZE = 50
SEARCH_KEYS = ("q", "role", "status")


def _school_id(user: User) -> int:
    if not access.may_manage_people(user) or user.school_id is None:
        raise Http404("No such page.")
    return user.school_id


def _filters(request: AuthedRequest, keys: tuple[str, ...] = (*SEARCH_KEYS, "page")) -> str:
    """The page's search (and page number), re-encoded from the known keys only: the buttons
    post to URLs carrying it, and come back to the same list."""
    return urlencode([(k, request.GET[k][:100]) for k in keys if request.GET.get(k)])


def _back(request: AuthedRequest) -> HttpResponse:
    query = _filters(request)
    return redirect(reverse("people:page") + (f"?{query}" if query else ""))


def _people_page(
    request: AuthedRequest,
    *,
    teacher_form: AddTeacherForm | None = None,
    student_form: AddStudentForm | None = None,
) -> HttpResponse:
    school_id = _school_id(request.user)
    search = PeopleSearchForm(request.GET)
    wanted = search.wanted()
    page = Paginator(school_people(school_id, wanted), PAGE_SIZE).get_page(request.GET.get("page"))
    classrooms = access.classrooms_for_user(request.user, include_archived=False)
    context: dict[str, Any] = {
        "search": search,
        "filtered": any(vars(wanted).values()),
        "page": page,
        "rows": person_rows(list(page.object_list)),
        "counts": people_counts(school_id),
        "teacher_form": teacher_form or AddTeacherForm(),
        "student_form": student_form or AddStudentForm(classrooms=classrooms),
        "search_query": _filters(request, SEARCH_KEYS),
        "filters": _filters(request),
    }
    return render(request, "accounts/people_page.html", context)


def _card_page(
    request: AuthedRequest, card: LoginCard, role: str, classroom: str = ""
) -> HttpResponse:
    context = {"printed": printed_cards(request, [card])[0], "role": role, "classroom": classroom}
    return render(request, "accounts/people_card_page.html", context)


@require_GET
@login_required
def people_page(request: AuthedRequest) -> HttpResponse:
    return _people_page(request)


@require_POST
@login_required
@never_cache
def teacher_add(request: AuthedRequest) -> HttpResponse:
    _school_id(request.user)
    form = AddTeacherForm(request.POST)
    if form.is_valid():
        try:
            card = people.create_teacher(admin=request.user, **form.cleaned_data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            return _card_page(request, card, str(User.Role.TEACHER.label))
    return _people_page(request, teacher_form=form)


@require_POST
@login_required
@never_cache
def student_add(request: AuthedRequest) -> HttpResponse:
    _school_id(request.user)
    form = AddStudentForm(
        request.POST, classrooms=access.classrooms_for_user(request.user, include_archived=False)
    )
    if form.is_valid():
        try:
            card = people.create_student(admin=request.user, **form.cleaned_data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            classroom = form.cleaned_data["classroom"]
            return _card_page(
                request, card, str(User.Role.STUDENT.label), classroom.name if classroom else ""
            )
    return _people_page(request, student_form=form)


@require_POST
@login_required
def person_deactivate(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_admin(request.user, person_id)
    try:
        people.deactivate_person(admin=request.user, person=person)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            with_content(_("%(name)s is deactivated and cannot log in."), name=person.display_name),
        )
    return _back(request)


@require_POST
@login_required
def person_reactivate(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_admin(request.user, person_id)
    try:
        people.reactivate_person(admin=request.user, person=person)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            with_content(
                _("%(name)s can log in again, with their old password."), name=person.display_name
            ),
        )
    return _back(request)


@require_POST
@login_required
@never_cache
def person_password_reset(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_admin(request.user, person_id)
    try:
        card = people.reset_person_password(admin=request.user, person=person)
    except ActionError as e:
        messages.error(request, e.message)
        return _back(request)
    return _card_page(request, card, person.get_role_display())
