"""Standards going out: the CSV template, and a map as a CASE package, as a Canvas
outcomes CSV or as our CSV template. Whoever may open the map downloads it: its editors,
and the teachers of its school (who see it on the map list and may give it to a class)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from masterymap.accounts.access import get_classroom_for_teacher, may_author_maps
from masterymap.accounts.models import Classroom
from masterymap.accounts.request_types import AuthedRequest
from masterymap.exchange import standards_csv, standards_out
from masterymap.lib.ids import parse_id
from masterymap.standards.access import (
    get_mastery_map_for_editor,
    mastery_maps_for_teacher,
    may_edit_mastery_map,
)
from masterymap.standards.models import MasteryMap
from masterymap.standards.queries import classes_following


def _map_for_reader(request: AuthedRequest, map_id: int) -> MasteryMap:
    """A map the user may edit, or one of their school's maps a teacher may use; 404
    otherwise (students, other schools)."""
    try:
        mastery_map = get_mastery_map_for_editor(request.user, map_id)
    except Http404:
        found = mastery_maps_for_teacher(request.user).filter(pk=map_id).first()
        if found is None:
            raise
        mastery_map = found
    return MasteryMap.objects.select_related("school").get(pk=mastery_map.pk)


def _class_on_map(request: AuthedRequest, mastery_map: MasteryMap, raw_id: str) -> Classroom:
    """A class following the map that the user teaches; or, for the map's editor, any class
    following it (its scale and method are what the export needs); 404 otherwise."""
    class_id = parse_id(raw_id)
    if class_id is None:
        raise Http404("No such class.")
    # A class the user teaches (or administers).
    try:
        classroom = get_classroom_for_teacher(request.user, class_id)
    except Http404:
        # The map's editor: the classes that follow their map.
        if not may_edit_mastery_map(request.user, mastery_map):
            raise
        following = [c for c in classes_following(mastery_map) if c.pk == class_id]
        if not following:
            raise
        classroom = following[0]
    if classroom.mastery_map_id != mastery_map.pk:
        raise Http404("That class does not follow this map.")
    return classroom


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _name(mastery_map: MasteryMap) -> str:
    return slugify(mastery_map.title)[:60] or "mastery-map"


@login_required
@require_GET
def csv_template(request: AuthedRequest) -> HttpResponse:
    """The CSV template to fill in (UTF-8 with the mark Excel looks for)."""
    if not may_author_maps(request.user):
        raise Http404("No template for you.")
    content = ("\ufeff" + standards_csv.template_text()).encode()
    return _download(content, "standards-template.csv", "text/csv; charset=utf-8")


@login_required
@require_GET
def map_case(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = _map_for_reader(request, map_id)
    uri = request.build_absolute_uri(reverse("exchange:standards-map-case", args=[map_id]))
    content = standards_out.case_json(
        standards_out.map_rows(mastery_map), package_uri=uri, now=timezone.now()
    )
    return _download(content, f"{_name(mastery_map)}-case.json", "application/json")


@login_required
@require_GET
def map_canvas(request: AuthedRequest, map_id: int) -> HttpResponse:
    """With `?class=<id>`, a class following this map: its scale and calculation method."""
    mastery_map = _map_for_reader(request, map_id)
    classroom = None
    if request.GET.get("class"):
        classroom = _class_on_map(request, mastery_map, request.GET["class"])
    content = standards_out.canvas_csv(standards_out.map_rows(mastery_map), classroom=classroom)
    return _download(
        content, f"{_name(mastery_map)}-canvas-outcomes.csv", "text/csv; charset=utf-8"
    )


@login_required
@require_GET
def map_csv(request: AuthedRequest, map_id: int) -> HttpResponse:
    mastery_map = _map_for_reader(request, map_id)
    content = standards_out.template_csv(standards_out.map_rows(mastery_map))
    return _download(content, f"{_name(mastery_map)}-standards.csv", "text/csv; charset=utf-8")
