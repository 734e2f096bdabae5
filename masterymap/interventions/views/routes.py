"""Pages of the interventions app: routes and resources per standard, the student's pick
after *not yet*, steps (the teacher's page and the done / cancel / reopen buttons), and
practice (issue 9, items 1 to 3)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, User
from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments import access as assessments_access
from masterymap.interventions import access as interventions_access
from masterymap.interventions import routes
from masterymap.interventions.models import PracticeRun, Resource, Route, Step
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.lib.redirects import posted_next
from masterymap.standards import access as standards_access
from masterymap.standards.models import Standard

# --- forms (input validation only) ---------------------------------------------------------


class OfferedRoutesForm(forms.Form):
    routes = forms.MultipleChoiceField(
        label=gettext_lazy("Routes offered"),
        choices=Route.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Resource.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    url = forms.CharField(
        label=gettext_lazy("Web address"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("For a link or a short video: starts with http:// or https://."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy("For a file: a PDF, photo, recording or short video."),
    )
    items = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Questions"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "For a practice set. None ticked: every question of this standard's bank that is "
            "on no form the student still has to take."
        ),
    )

    def __init__(self, *args: Any, bank: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = bank  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    route = forms.ChoiceField(label=gettext_lazy("Route"), choices=Route.choices)
    resource = forms.TypedChoiceField(
        label=gettext_lazy("Resource (optional)"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=500, required=False)

    def __init__(self, *args: Any, resources: list[Resource], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = [  # type: ignore[attr-defined]
            ("", _("None")),
            *[(r.pk, f"{r.title} ({r.get_kind_display()})") for r in resources],
        ]


def _bank_choices(page: routes.RoutesPage) -> list[tuple[int, str]]:
    return [(item.pk, item.stem[:120]) for item in page.bank]


# --- routes and resources (editors of the standard) ------------------------------------------


def _routes_page(
    request: AuthedRequest,
    standard_id: int,
    *,
    resource_form: ResourceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    page = routes.routes_page(standard)
    context = {
        "standard": standard,
        "mastery_map": standard.mastery_map,
        "page": page,
        "offered_form": OfferedRoutesForm(
            initial={"routes": page.configured if page.configured is not None else Route.values}
        ),
        "resource_form": resource_form or ResourceForm(bank=_bank_choices(page)),
    }
    return render(request, "interventions/routes_page.html", context, status=status)


@require_GET
@login_required
def routes_page(request: AuthedRequest, standard_id: int) -> HttpResponse:
    """A standard's routes and resources: what a student who is not there yet may do."""
    return _routes_page(request, standard_id)


@require_POST
@login_required
def routes_offered(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    form = OfferedRoutesForm(request.POST)
    chosen = form.cleaned_data["routes"] if form.is_valid() else []
    try:
        routes.set_offered_routes(standard=standard, routes=chosen, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Routes saved."))
    return redirect("interventions:routes", standard_id=standard.pk)


@require_POST
@login_required
def routes_defaults(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    routes.use_default_routes(standard=standard)
    messages.success(request, _("This standard offers the default routes again."))
    return redirect("interventions:routes", standard_id=standard.pk)


@require_POST
@login_required
def resource_add(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    page = routes.routes_page(standard)
    form = ResourceForm(request.POST, request.FILES, bank=_bank_choices(page))
    if form.is_valid():
        data = form.cleaned_data
        try:
            resource = routes.add_resource(
                standard=standard,
                kind=data["kind"],
                title=data["title"],
                url=data["url"],
                upload=data["file"],
                item_ids=data["items"],
                by=request.user,
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, with_content(_("%(title)s added."), title=resource.title))
            return redirect("interventions:routes", standard_id=standard.pk)
    return _routes_page(request, standard_id, resource_form=form, status=422)


@require_POST
@login_required
def resource_remove(request: AuthedRequest, resource_id: int) -> HttpResponse:
    resource = interventions_access.get_resource_for_editor(request.user, resource_id)
    routes.remove_resource(resource=resource)
    messages.success(request, with_content(_("%(title)s removed."), title=resource.title))
    return redirect("interventions:routes", standard_id=resource.standard_id)


@require_POST
@login_required
def resource_restore(request: AuthedRequest, resource_id: int) -> HttpResponse:
    resource = interventions_access.get_resource_for_editor(request.user, resource_id)
    routes.restore_resource(resource=resource)
    messages.success(request, with_content(_("%(title)s is back."), title=resource.title))
    return redirect("interventions:routes", standard_id=resource.standard_id)


@require_POST
@login_required
def resource_move(request: AuthedRequest, resource_id: int) -> HttpResponse:
    resource = interventions_access.get_resource_for_editor(request.user, resource_id)
    try:
        routes.move_resource(resource=resource, up=request.POST.get("direction") == "up")
    except ActionError as e:
        messages.error(request, e.message)
    return redirect(reverse("interventions:routes", args=[resource.standard_id]) + "#resources")


@require_GET
@login_required
def resource_file(request: AuthedRequest, resource_id: int) -> HttpResponseBase:
    """A resource's file, always as a download (never opened as a page of this site), only
    to students and teachers of a class on the map and the map's editors."""
    resource = interventions_access.get_resource_for_reader(request.user, resource_id)
    if resource.kind != Resource.Kind.FILE or not resource.file:
        raise Http404("No such file.")
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    response = FileResponse(handle, content_type=resource.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=True, filename=routes.resource_download_name(resource)
        )
        or ""
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


# --- steps --------------------------------------------------------------------------------


@require_POST
@login_required
def route_choose(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """The student picks a route on the result page: practice opens the practice page; any
    other comes back to "What next?" showing the step."""
    attempt = assessments_access.get_attempt_for_student(request.user, attempt_id)
    back = reverse("workflows:attempt", args=[attempt.pk]) + "#what-next"
    resource = request.POST.get("resource", "")
    try:
        step = routes.choose_route(
            attempt=attempt,
            student=request.user,
            # A resource's button names the resource alone (one form for every route).
            route=request.POST.get("route", "") or ("resources" if resource else ""),
            resource_id=int(resource) if resource.isdigit() else None,
        )
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(back)
    if step.route == Route.PRACTICE:
        return redirect("interventions:practice", step.classroom_id, step.standard_id)
    if step.route in (Route.TEACHER, Route.SMALL_GROUP):
        messages.success(request, _("Your teacher sees your request."))
    return redirect(back)


@require_POST
@login_required
def step_done(request: AuthedRequest, step_id: int) -> HttpResponse:
    step = interventions_access.get_step_for_user(request.user, step_id)
    try:
        routes.finish_step(step=step, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Step marked done."))
    return redirect(posted_next(request, _step_home(request, step)))


@require_POST
@login_required
def step_cancel(request: AuthedRequest, step_id: int) -> HttpResponse:
    step = interventions_access.get_step_for_user(request.user, step_id)
    try:
        routes.cancel_step(step=step, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Step cancelled."))
    return redirect(posted_next(request, _step_home(request, step)))


@require_POST
@login_required
def step_reopen(request: AuthedRequest, step_id: int) -> HttpResponse:
    step = interventions_access.get_step_for_teacher(request.user, step_id)
    try:
        routes.reopen_step(step=step, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Step reopened."))
    return redirect(_step_home(request, step))


def _step_home(request: AuthedRequest, step: Step) -> str:
    if request.user.is_student:
        return reverse("workflows:student-map", args=[step.classroom_id])
    return reverse(
        "interventions:steps", args=[step.classroom_id, step.student_id, step.standard_id]
    )


def _teacher_cell(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> tuple[Classroom, User, Standard]:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    student = access.get_student_for_teacher(request.user, classroom, student_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    return classroom, student, standard


def _steps_page(
    request: AuthedRequest,
    classroom_id: int,
    student_id: int,
    standard_id: int,
    *,
    form: AssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    classroom, student, standard = _teacher_cell(request, classroom_id, student_id, standard_id)
    page = routes.steps_page(classroom=classroom, student=student, standard=standard)
    context = {
        "classroom": classroom,
        "student": student,
        "standard": standard,
        "page": page,
        "assign_form": form or AssignForm(resources=page.resources),
    }
    return render(request, "interventions/steps_page.html", context, status=status)


@require_GET
@login_required
def steps_page(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    """A student's steps on a standard and their practice, for their teachers."""
    return _steps_page(request, classroom_id, student_id, standard_id)


@require_POST
@login_required
def step_assign(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    classroom, student, standard = _teacher_cell(request, classroom_id, student_id, standard_id)
    resources = routes.steps_page(classroom=classroom, student=student, standard=standard)
    form = AssignForm(request.POST, resources=resources.resources)
    if form.is_valid():
        data = form.cleaned_data
        chosen = next((r for r in resources.resources if r.pk == data["resource"]), None)
        try:
            routes.assign_route(
                classroom=classroom,
                student=student,
                standard=standard,
                route=data["route"],
                resource=chosen,
                note=data["note"],
                by=request.user,
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Route assigned."))
            return redirect("interventions:steps", classroom.pk, student.pk, standard.pk)
    return _steps_page(request, classroom_id, student_id, standard_id, form=form, status=422)


# --- practice (students) ------------------------------------------------------------------


def _student_standard(
    request: AuthedRequest, classroom_id: int, standard_id: int
) -> tuple[Classroom, Standard]:
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    return classroom, standard


@require_GET
@login_required
def practice_page(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """Practice: questions with immediate right or wrong. Effort, never evidence."""
    classroom, standard = _student_standard(request, classroom_id, standard_id)
    page = routes.practice_page(classroom=classroom, student=request.user, standard=standard)
    context = {"classroom": classroom, "standard": standard, "page": page, "run": page.run}
    return render(request, "interventions/practice_page.html", context)


@require_POST
@login_required
def practice_start(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    classroom, standard = _student_standard(request, classroom_id, standard_id)
    resource = None
    wanted = request.POST.get("resource", "")
    if wanted:
        resource = Resource.objects.filter(
            pk=int(wanted) if wanted.isdigit() else 0, standard=standard, removed_at__isnull=True
        ).first()
        if resource is None:
            raise Http404("No such practice set.")
    try:
        routes.start_practice(
            classroom=classroom, student=request.user, standard=standard, resource=resource
        )
    except ActionError as e:
        messages.error(request, e.message)
    return redirect("interventions:practice", classroom.pk, standard.pk)


@require_POST
@login_required
def practice_check(request: AuthedRequest, run_id: int, item_id: int) -> HttpResponse:
    """Check one answer: the question comes back with right or wrong, the key and the
    feedback (htmx), or the page again."""
    run = interventions_access.get_run_for_student(request.user, run_id)
    page_url = reverse("interventions:practice", args=[run.classroom_id, run.standard_id])
    try:
        item, answer = routes.check_practice_answer(
            run=run, item_id=item_id, answer=request.POST.getlist("answer")
        )
    except ActionError as e:
        if not request.htmx or item_id not in (run.item_ids or []):
            messages.error(request, e.message)
            return redirect(page_url)
        question = _question_with_error(run, item_id, e.message)
        if question is None:
            messages.error(request, e.message)
            return redirect(page_url)
        context = {"q": question, "run": run}
        return render(
            request, "interventions/practice_page.html#practice-question", context, status=422
        )
    question = routes.practice_question(routes.question_number(run, item.pk), item, answer)
    if not request.htmx:
        return redirect(f"{page_url}#q-{item.pk}")
    context = {"q": question, "run": run, "checked": True}
    return render(request, "interventions/practice_page.html#practice-question", context)


def _question_with_error(
    run: PracticeRun, item_id: int, message: str
) -> routes.PracticeQuestion | None:
    """The unanswered question again with why it was not checked; None when it may not be
    shown (now on a form the student still has to take)."""
    items = [i for i in routes.run_items(run, run.student) if i.pk == item_id]
    if not items:
        return None
    return routes.practice_question(
        routes.question_number(run, item_id), items[0], None, error=message
    )


@require_POST
@login_required
def practice_finish(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = interventions_access.get_run_for_student(request.user, run_id)
    step_done = request.POST.get("step_done") == "1"
    routes.finish_practice(run=run, by=request.user, step_done=step_done)
    messages.success(
        request,
        _("Practice finished. Your step is marked done.") if step_done else _("Practice finished."),
    )
    return redirect("interventions:practice", run.classroom_id, run.standard_id)


urlpatterns: list[URLPattern] = [
    path("standards/<id:standard_id>/routes/", routes_page, name="routes"),
    path("standards/<id:standard_id>/routes/offered/", routes_offered, name="routes-offered"),
    path("standards/<id:standard_id>/routes/defaults/", routes_defaults, name="routes-defaults"),
    path("standards/<id:standard_id>/resources/add/", resource_add, name="resource-add"),
    path("resources/<id:resource_id>/remove/", resource_remove, name="resource-remove"),
    path("resources/<id:resource_id>/restore/", resource_restore, name="resource-restore"),
    path("resources/<id:resource_id>/move/", resource_move, name="resource-move"),
    path("resources/<id:resource_id>/file/", resource_file, name="resource-file"),
    path("attempts/<id:attempt_id>/what-next/", route_choose, name="route-choose"),
    path("steps/<id:step_id>/done/", step_done, name="step-done"),
    path("steps/<id:step_id>/cancel/", step_cancel, name="step-cancel"),
    path("steps/<id:step_id>/reopen/", step_reopen, name="step-reopen"),
    path(
        "classes/<id:classroom_id>/students/<id:student_id>/standards/<id:standard_id>/steps/",
        steps_page,
        name="steps",
    ),
    path(
        "classes/<id:classroom_id>/students/<id:student_id>/standards/<id:standard_id>/steps/assign/",
        step_assign,
        name="step-assign",
    ),
    path(
        "classes/<id:classroom_id>/standards/<id:standard_id>/practice/",
        practice_page,
        name="practice",
    ),
    path(
        "classes/<id:classroom_id>/standards/<id:standard_id>/practice/start/",
        practice_start,
        name="practice-start",
    ),
    path("practice/<id:run_id>/items/<id:item_id>/check/", practice_check, name="practice-check"),
    path("practice/<id:run_id>/finish/", practice_finish, name="practice-finish"),
]
