"""The import pages: choose an importer, upload (or paste) a file with its options, then the
job page shows the preview, and applying it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from masterymap.accounts.request_types import AuthedRequest
from masterymap.exchange import jobs, registry
from masterymap.exchange.importers import Importer
from masterymap.exchange.models import Job


def _importer_for(request: AuthedRequest, key: str) -> Importer:
    importer = registry.importers().get(key)
    if importer is None:
        raise Http404("No such importer.")
    if not registry.may_use(request.user, importer):
        raise PermissionDenied
    return importer


@login_required
@require_http_methods(["GET"])
def imports_page(request: AuthedRequest) -> HttpResponse:
    """What this person may bring in, and their recent imports and exports."""
    available = registry.importers_for(request.user)
    if not available:
        raise PermissionDenied
    recent = Job.objects.filter(owner=request.user)[:10]
    return render(request, "exchange/imports_page.html", {"importers": available, "jobs": recent})


def _read_upload(request: AuthedRequest, importer: Importer) -> tuple[bytes, str] | str:
    """The uploaded file(s) or pasted text, or a message saying what is wrong."""
    files = request.FILES.getlist("file")
    pasted = request.POST.get("pasted", "").strip() if importer.paste else ""
    if not files and not pasted:
        return (
            _("Choose a file to import.")
            if not importer.paste
            else _("Choose a file to import, or paste its text.")
        )
    if files and pasted:
        return _("Give either a file or pasted text, not both.")
    limit = settings.MAX_IMPORT_BYTES
    size = sum(f.size or 0 for f in files) if files else len(pasted.encode())
    if size > limit:
        return _("This is larger than the %(limit)s we accept.") % {"limit": filesizeformat(limit)}
    if not importer.multiple and len(files) > 1:
        return _("Choose one file.")
    if pasted:
        return pasted.encode(), _("pasted text")
    return jobs.pack_uploads(files)


@login_required
@require_http_methods(["GET", "POST"])
def upload_page(request: AuthedRequest, importer_key: str) -> HttpResponse:
    importer = _importer_for(request, importer_key)
    error = ""
    if request.method == "POST":
        form: Any = importer.form(request.user, request.POST)
        upload = _read_upload(request, importer)
        if isinstance(upload, str):
            error = upload
        elif form.is_valid():
            data, filename = upload
            job = jobs.start_preview(
                user=request.user,
                importer=importer,
                data=data,
                filename=filename,
                options=form.options(),
            )
            return redirect("exchange:job", job.pk)
    else:
        form = importer.form(request.user)
    context = {"importer": importer, "form": form, "error": error}
    return render(request, "exchange/import_upload.html", context, status=400 if error else 200)
