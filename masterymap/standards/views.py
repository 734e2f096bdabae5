from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.lib.ids import parse_id
from masterymap.standards import access, actions
from masterymap.standards.forms import MasteryMapForm, StandardForm, UnitForm
from masterymap.standards.queries import map_outline


@require_http_methods(["GET", "POST"])
@login_required
def map_list(request: AuthedRequest) -> HttpResponse:
    maps = access.mastery_maps_for_teacher(request.user).select_related("created_by")
    form = MasteryMapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mastery_map = actions.create_mastery_map(author=request.user, **form.cleaned_data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Map created. Add its first unit."))
            return redirect("standards:map-detail", map_id=mastery_map.pk)
    return render(request, "standards/map_list.html", {"maps": maps, "form": form})


@require_http_methods(["GET"])
@login_required
def map_detail(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    outline = map_outline(mastery_map)
    short = [s for u in outline for s in u.standards if s.needs_forms]
    context = {
        "mastery_map": mastery_map,
        "outline": outline,
        "short_of_forms": short,
        "unit_form": UnitForm(),
    }
    return render(request, "standards/map_detail.html", context)


@require_POST
@login_required
def unit_create(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    form = UnitForm(request.POST)
    if form.is_valid():
        actions.create_unit(mastery_map=mastery_map, title=form.cleaned_data["title"])
        messages.success(request, _("Unit added."))
    else:
        messages.error(request, _("Give the unit a title."))
    return redirect("standards:map-detail", map_id=mastery_map.pk)


def _standard_form_page(request: AuthedRequest, form: StandardForm, **context: Any) -> HttpResponse:
    context |= {"form": form}
    return render(request, "standards/standard_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def standard_create(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    first_unit = mastery_map.units.first()
    if first_unit is None:
        messages.error(request, _("Add a unit first: every standard belongs to a unit."))
        return redirect("standards:map-detail", map_id=mastery_map.pk)
    form = StandardForm(
        request.POST or None,
        mastery_map=mastery_map,
        initial={
            "unit": parse_id(request.GET.get("unit")) or first_unit.pk,
            "icon": "star",
            "colour": "blue",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            standard = actions.create_standard(**form.cleaned_data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                with_content(
                    _("%(code)s added. Now write its items and forms."), code=standard.code
                ),
            )
            return redirect("assessments:standard-bank", standard_id=standard.pk)
    return _standard_form_page(request, form, mastery_map=mastery_map, standard=None)


@require_http_methods(["GET", "POST"])
@login_required
def standard_edit(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = access.get_standard_for_editor(request.user, standard_id)
    initial = {
        "unit": standard.unit_id,
        "code": standard.code,
        "statement": standard.statement,
        "i_can": standard.i_can,
        "icon": standard.icon,
        "colour": standard.colour,
        "position": standard.position,
    }
    form = StandardForm(request.POST or None, mastery_map=standard.mastery_map, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data | {"position": form.cleaned_data["position"] or 0}
        try:
            actions.update_standard(standard=standard, **data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, with_content(_("%(code)s saved."), code=standard.code))
            return redirect("assessments:standard-bank", standard_id=standard.pk)
    return _standard_form_page(request, form, mastery_map=standard.mastery_map, standard=standard)
