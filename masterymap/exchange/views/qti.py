"""Questions out as QTI packages (a form, a standard's item bank), and the QTI import page
opened from a standard's item bank with that standard chosen. The packages hold the answer
keys: only the map's editors (`get_form_for_editor`, `get_standard_for_editor`) get them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments.access import get_form_for_editor
from masterymap.exchange import qti_out
from masterymap.exchange.qti_import import QTI_IMPORTER, QtiOptionsForm
from masterymap.exchange.views import imports
from masterymap.standards.access import get_standard_for_editor


def _zip(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Answer keys: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def form_qti(request: AuthedRequest, form_id: int) -> HttpResponse:
    form = get_form_for_editor(request.user, form_id)
    return _zip(qti_out.form_package(form), qti_out.form_filename(form))


@login_required
@require_GET
def standard_qti(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = get_standard_for_editor(request.user, standard_id)
    return _zip(qti_out.standard_package(standard), qti_out.standard_filename(standard))


@login_required
@require_http_methods(["GET", "POST"])
def standard_import(request: AuthedRequest, standard_id: int) -> HttpResponse:
    """The QTI upload page with this standard chosen; the upload itself is the shared
    import page's (it starts the preview)."""
    standard = get_standard_for_editor(request.user, standard_id)
    if request.method == "POST":
        return imports.upload_page(request, QTI_IMPORTER.key)
    form = QtiOptionsForm(request.user, standard_id=standard.pk)
    context = {"importer": QTI_IMPORTER, "form": form, "error": ""}
    return render(request, "exchange/import_upload.html", context)
