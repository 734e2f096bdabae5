"""The teacher's alerts: the "needs attention" panel, its strip on the grid, and dismissing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.goals import actions, alerts
from masterymap.goals.attention import class_attention

STRIP_ROWS = 8


@require_GET
@login_required
def attention_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    context = {"classroom": classroom, "attention": class_attention(classroom)}
    return render(request, "goals/attention.html", context)


@require_GET
@login_required
def grid_attention(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The grid's strip: how many need attention, the first few and why."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    # At most STRIP_ROWS of each kind: the first STRIP_ROWS are the same as the panel's, and
    # only those get their words written.
    attention = class_attention(classroom, limit=STRIP_ROWS)
    first = attention.rows[:STRIP_ROWS]
    context = {
        "classroom": classroom,
        "attention": attention,
        "first": first,
        "more": attention.total - len(first),
    }
    return render(request, "goals/grid_attention.html", context)


@require_POST
@login_required
def dismiss(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Dismiss one alert; from htmx the row goes, without script the panel reloads."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    key = request.POST.get("key", "")
    if not alerts.is_key(key):
        return HttpResponseBadRequest("Not an alert.")
    actions.dismiss_alert(classroom=classroom, key=key, by=request.user)
    if request.headers.get("HX-Request"):
        return HttpResponse("")
    return redirect(reverse("goals:attention", args=[classroom.pk]))
