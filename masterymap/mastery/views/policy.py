"""The class's mastery policy (or one standard's): previewed, then saved and recomputed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.mastery import actions
from masterymap.mastery.forms import PolicyForm
from masterymap.mastery.queries.policy import policy_for_scope, policy_overview
from masterymap.mastery.sentences import fill_html
from masterymap.standards import access as standards_access
from masterymap.standards.models import Standard


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
    return standards_access.get_standard_in_classroom(classroom, int(standard_id))


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
            messages.success(
                request,
                ngettext(
                    "Saved: %(count)s record changed.", "Saved: %(count)s records changed.", changed
                )
                % {"count": changed},
            )
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
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    changed = actions.clear_standard_policy(classroom=classroom, standard=standard, by=request.user)
    messages.success(
        request,
        fill_html(
            ngettext(
                "%(code)s follows the class policy again: %(count)s record changed.",
                "%(code)s follows the class policy again: %(count)s records changed.",
                changed,
            ),
            {"count": changed},
            code=standard.code,
        ),
    )
    return redirect("mastery:policy", classroom_id=classroom.pk)
