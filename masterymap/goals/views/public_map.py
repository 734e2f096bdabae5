"""The public class map (projector view): the page, the part that updates itself, the
teacher's settings (privacy mode, norms, when to call a student stalled) and the student's
own choices (alias, avatar, opting out)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.goals import access as goals_access
from masterymap.goals import actions, board
from masterymap.goals.forms import PublicMapForm, PublicProfileForm
from masterymap.goals.models import PrivacyMode, PublicMap, PublicProfile
from masterymap.lib.errors import ActionError

POLL_SECONDS = 4


@require_GET
@login_required
def public_map(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's public map, for its teachers and its students: it updates by itself."""
    classroom = goals_access.get_classroom_for_public_map(request.user, classroom_id)
    context = {"classroom": classroom, "board": board.board(classroom), "poll": POLL_SECONDS}
    return render(request, "goals/public_map.html", context)


@require_GET
@login_required
def public_map_board(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The part of the public map that changes. `v`: the version the viewer shows; when
    nothing they can see changed, 204 and nothing rendered (htmx then keeps the page)."""
    classroom = goals_access.get_classroom_for_public_map(request.user, classroom_id)
    today = timezone.localdate()
    version = board.fingerprint(classroom, today)
    if request.GET.get("v") == version:
        return HttpResponse(status=204)
    context = {
        "classroom": classroom,
        "board": board.board(classroom, today=today, version=version),
        "poll": POLL_SECONDS,
    }
    return render(request, "goals/public_map_board.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def public_map_settings(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    current = PublicMap.objects.filter(classroom=classroom).first()
    initial = {
        "privacy_mode": current.privacy_mode if current else PrivacyMode.COUNTS_ONLY,
        "norms": current.norms if current else "",
        "stalled_after": current.stalled_after if current else 5,
    }
    form = PublicMapForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_public_map(classroom=classroom, by=request.user, **form.cleaned_data)
            messages.success(request, _("Saved. The public map shows the change within seconds."))
            return redirect(reverse("goals:public-map-settings", args=[classroom.pk]))
        except ActionError as e:
            form.add_error(None, e.message)
    context = {"classroom": classroom, "form": form, "opted_out": board.opted_out(classroom)}
    return render(
        request, "goals/public_map_settings.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def public_profile(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A student's alias, avatar and opt-out for their class's public map."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    current = PublicProfile.objects.filter(classroom=classroom, student=request.user).first()
    initial = (
        {"alias": current.alias, "avatar": current.avatar, "opt_out": current.opt_out}
        if current
        else {}
    )
    form = PublicProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_profile(classroom=classroom, student=request.user, **form.cleaned_data)
            messages.success(request, _("Saved. The class map shows it within seconds."))
            return redirect(reverse("goals:public-map", args=[classroom.pk]))
        except ActionError as e:
            form.add_error(None, e.message)
    mode = board.privacy_mode(classroom)
    context = {
        "classroom": classroom,
        "form": form,
        "mode": mode,
        "mode_label": PrivacyMode(mode).label,
    }
    return render(request, "goals/public_profile.html", context, status=400 if form.errors else 200)
