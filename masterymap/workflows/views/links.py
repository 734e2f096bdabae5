"""Short links to a class's standards, and the printable sheet of their QR codes: a student
scans one (signing in first if needed) and lands on that standard's card on their map, with
its "I'm ready"."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.qr import qr_svg
from masterymap.standards import access as standards_access
from masterymap.standards.models import Standard
from masterymap.standards.queries import map_standards


@require_GET
@login_required
def go_standard(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """A standard's short link: a student to its card on their map (with "I'm ready"); a
    teacher to the class's grid. Anyone else: 404."""
    if not request.user.is_student:
        classroom = access.get_classroom_for_teacher(request.user, classroom_id)
        standards_access.get_standard_in_classroom(classroom, standard_id)
        return redirect("mastery:grid", classroom.pk)
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    return redirect(
        reverse("workflows:student-map", args=[classroom.pk]) + f"#standard-{standard.pk}"
    )


@require_GET
@login_required
def go_map(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's short link: a student's map, a teacher's grid."""
    if not request.user.is_student:
        classroom = access.get_classroom_for_teacher(request.user, classroom_id)
        return redirect("mastery:grid", classroom.pk)
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    return redirect("workflows:student-map", classroom.pk)


@dataclass(frozen=True)
class LinkCard:
    standard: Standard | None  # None: the whole map
    url: str
    qr: SafeString


@require_GET
@login_required
def qr_sheet(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A printable sheet: one card per standard (and one for the map) with its QR code and
    short link, to post on the wall or hand out."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    map_url = request.build_absolute_uri(reverse("workflows:go-map", args=[classroom.pk]))
    cards = [
        LinkCard(
            None,
            map_url,
            mark_safe(qr_svg(map_url, _("QR code for the whole map"))),  # noqa: S308 - qrcode's own SVG
        )
    ]
    for standard in map_standards(classroom):
        url = request.build_absolute_uri(
            reverse("workflows:go-standard", args=[classroom.pk, standard.pk])
        )
        label = _("QR code for %(code)s") % {"code": standard.code}
        cards.append(LinkCard(standard, url, mark_safe(qr_svg(url, label))))  # noqa: S308
    return render(request, "workflows/qr_sheet.html", {"classroom": classroom, "cards": cards})
