from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.fields import TEXT_MAX
from masterymap.lib.html import with_content
from masterymap.lib.ids import parse_id
from masterymap.standards import access, actions
from masterymap.standards.forms import (
    MasteryMapForm,
    MoveForm,
    StandardForm,
    UnitForm,
    UnitTitleForm,
    posted_order,
)
from masterymap.standards.models import Standard, Unit
from masterymap.standards.queries import (
    classes_following,
    map_delete_refusals,
    map_outline,
    standard_delete_refusals,
    unit_delete_refusals,
)


def _to_map(mastery_map_id: int, anchor: str = "") -> HttpResponse:
    """Back to the map page, at `anchor` (the row just moved) when given."""
    url = reverse("standards:map-detail", args=[mastery_map_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_http_methods(["GET", "POST"])
@login_required
def map_list(request: AuthedRequest) -> HttpResponse:
    maps = access.mastery_maps_for_teacher(request.user).select_related("created_by")
    archived = [
        (m, access.may_edit_mastery_map(request.user, m))
        for m in access.mastery_maps_for_teacher(request.user, archived=True)
    ]
    form = MasteryMapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mastery_map = actions.create_mastery_map(author=request.user, **form.cleaned_data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Map created. Add its first unit."))
            return redirect("standards:map-detail", map_id=mastery_map.pk)
    context = {"maps": maps, "archived_maps": archived, "form": form}
    return render(request, "standards/map_list.html", context)


@require_http_methods(["GET"])
@login_required
def map_detail(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    outline = map_outline(mastery_map)
    short = [s for u in outline for s in u.standards if s.needs_forms]
    rename = MasteryMapForm(
        initial={"title": mastery_map.title, "description": mastery_map.description},
        auto_id="map-%s",
    )
    context = {
        "mastery_map": mastery_map,
        "outline": outline,
        "short_of_forms": short,
        # Each unit with the form that renames it (its own ids: one page holds them all).
        "units": [
            (u, UnitTitleForm(initial={"title": u.unit.title}, auto_id=f"unit-{u.unit.pk}-%s"))
            for u in outline
        ],
        "archived": [a for u in outline for a in u.archived],
        "following": classes_following(mastery_map),
        "unit_form": UnitForm(),
        "rename_form": rename,
    }
    return render(request, "standards/map_detail.html", context)


@require_POST
@login_required
def map_rename(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    form = MasteryMapForm(request.POST)
    if not form.is_valid():
        if "title" in form.errors:
            messages.error(request, _("Give the map a title (at most 200 characters)."))
        else:
            messages.error(
                request,
                _("Keep the description to %(n)s characters at most.") % {"n": TEXT_MAX},
            )
        return _to_map(mastery_map.pk)
    try:
        actions.rename_mastery_map(mastery_map=mastery_map, **form.cleaned_data)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Map renamed."))
    return _to_map(mastery_map.pk)


@require_POST
@login_required
def map_archive(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    try:
        actions.archive_mastery_map(mastery_map=mastery_map)
    except ActionError as e:
        messages.error(request, e.message)
        return _to_map(mastery_map.pk)
    messages.success(
        request,
        with_content(
            _("Map %(title)s archived. It stays readable here; restore it to use it again."),
            title=mastery_map.title,
        ),
    )
    return redirect("standards:map-list")


@require_POST
@login_required
def map_restore(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    actions.restore_mastery_map(mastery_map=mastery_map)
    messages.success(request, with_content(_("Map %(title)s restored."), title=mastery_map.title))
    return _to_map(mastery_map.pk)


@require_http_methods(["GET", "POST"])
@login_required
def map_delete(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    if request.method == "POST":
        try:
            actions.delete_mastery_map(mastery_map=mastery_map)
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("standards:map-delete", map_id=mastery_map.pk)
        messages.success(
            request, with_content(_("Map %(title)s deleted."), title=mastery_map.title)
        )
        return redirect("standards:map-list")
    context = {
        "kind": "map",
        "mastery_map": mastery_map,
        "reasons": map_delete_refusals(mastery_map),
        "following": classes_following(mastery_map),
    }
    return render(request, "standards/delete_confirm.html", context)


def _order_response(request: AuthedRequest, ordered: list[Unit] | list[Standard]) -> HttpResponse:
    messages.success(request, _("New order saved."))
    return JsonResponse({"order": [row.pk for row in ordered]})


def _order_refused(message: str) -> HttpResponse:
    return JsonResponse({"error": message}, status=400)


@require_POST
@login_required
def units_reorder(request: AuthedRequest, map_id: int) -> HttpResponse:
    """The map's units in a new order (reorder.js, after a drag): `order` once per unit."""
    mastery_map = access.get_mastery_map_for_editor(request.user, map_id)
    ids = posted_order(request.POST.getlist("order"))
    if ids is None:
        return _order_refused(_("Send the units' ids, in their new order."))
    try:
        units = actions.reorder_units(mastery_map=mastery_map, ordered_ids=ids)
    except ActionError as e:
        return _order_refused(e.message)
    return _order_response(request, units)


@require_POST
@login_required
def unit_rename(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for_editor(request.user, unit_id)
    form = UnitTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the unit a title (at most 200 characters)."))
    else:
        actions.rename_unit(unit=unit, title=form.cleaned_data["title"])
        messages.success(request, _("Unit renamed."))
    return _to_map(unit.mastery_map_id, f"unit-{unit.pk}")


@require_POST
@login_required
def unit_move(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for_editor(request.user, unit_id)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("Move it up or down."))
        actions.move_unit(unit=unit, direction=form.cleaned_data["direction"])
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, with_content(_("Unit %(title)s moved."), title=unit.title))
    return _to_map(unit.mastery_map_id, f"unit-{unit.pk}")


@require_http_methods(["GET", "POST"])
@login_required
def unit_delete(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for_editor(request.user, unit_id)
    if request.method == "POST":
        try:
            actions.delete_unit(unit=unit)
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("standards:unit-delete", unit_id=unit.pk)
        messages.success(request, with_content(_("Unit %(title)s deleted."), title=unit.title))
        return _to_map(unit.mastery_map_id)
    context = {
        "kind": "unit",
        "unit": unit,
        "mastery_map": unit.mastery_map,
        "reasons": unit_delete_refusals(unit),
    }
    return render(request, "standards/delete_confirm.html", context)


@require_POST
@login_required
def standards_reorder(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The unit's standards in a new order (reorder.js, after a drag): `order` once per
    standard on the map (archived ones are not listed)."""
    unit = access.get_unit_for_editor(request.user, unit_id)
    ids = posted_order(request.POST.getlist("order"))
    if ids is None:
        return _order_refused(_("Send the standards' ids, in their new order."))
    try:
        standards = actions.reorder_standards(unit=unit, ordered_ids=ids)
    except ActionError as e:
        return _order_refused(e.message)
    return _order_response(request, standards)


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


@require_POST
@login_required
def standard_move(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = access.get_standard_for_editor(request.user, standard_id)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("Move it up or down."))
        actions.move_standard(standard=standard, direction=form.cleaned_data["direction"])
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, with_content(_("%(code)s moved."), code=standard.code))
    return _to_map(standard.mastery_map_id, f"standard-{standard.pk}")


@require_POST
@login_required
def standard_archive(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = access.get_standard_for_editor(request.user, standard_id)
    actions.archive_standard(standard=standard)
    messages.success(
        request,
        with_content(
            _(
                "%(code)s archived: it is off the map, and its students' work stays readable. "
                "Restore it below at any time."
            ),
            code=standard.code,
        ),
    )
    return _to_map(standard.mastery_map_id, "archived")


@require_POST
@login_required
def standard_restore(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = access.get_standard_for_editor(request.user, standard_id)
    actions.restore_standard(standard=standard)
    messages.success(
        request,
        with_content(_("%(code)s restored, last in its unit."), code=standard.code),
    )
    return _to_map(standard.mastery_map_id, f"standard-{standard.pk}")


@require_http_methods(["GET", "POST"])
@login_required
def standard_delete(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = access.get_standard_for_editor(request.user, standard_id)
    if request.method == "POST":
        try:
            actions.delete_standard(standard=standard)
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("standards:standard-delete", standard_id=standard.pk)
        messages.success(request, with_content(_("%(code)s deleted."), code=standard.code))
        return _to_map(standard.mastery_map_id)
    context = {
        "kind": "standard",
        "standard": standard,
        "mastery_map": standard.mastery_map,
        "reasons": standard_delete_refusals(standard),
    }
    return render(request, "standards/delete_confirm.html", context)
