"""The class mastery grid (teachers)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.ids import parse_id
from masterymap.mastery.queries.grid import mastery_grid
from masterymap.mastery.templatetags.grid import fill_grid_rows
from masterymap.mastery.views.legend import grid_legend


@require_GET
@login_required
def classroom_grid(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    grid = mastery_grid(classroom=classroom, unit_id=parse_id(request.GET.get("unit")))
    context = {
        "classroom": classroom,
        "grid": grid,
        "legend": grid_legend(),
        "station_url": reverse("workflows:station", args=[classroom.pk]),
    }
    template = "mastery/classroom_grid.html"
    if request.htmx:
        template += "#mastery-grid"
    return fill_grid_rows(render(request, template, context), grid)
