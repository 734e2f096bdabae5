"""The export pages: a class's exports, a student's tracker export, and the download.

A download of at most `INLINE_ROWS` rows is written in the request and returned as a file;
a larger one becomes a background job, and the browser goes to its progress page. Access is
the exporter's own (the page's access helper), so a link nobody may follow gives the 404 the
page would.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from masterymap.accounts.access import get_classroom_for_teacher, get_tracker_owner_for_user
from masterymap.accounts.request_types import AuthedRequest
from masterymap.benchmarks.models import Benchmark
from masterymap.exchange.exports import (
    CLASS_EXPORTERS,
    EXPORTERS,
    FORMATS,
    INLINE_ROWS,
    BadParams,
    Exporter,
    Params,
    parse_params,
    write_export,
)
from masterymap.exchange.jobs import start_export


@dataclass(frozen=True)
class ExportLink:
    """One export offered on a page, with its two downloads."""

    title: str | Promise
    description: str | Promise
    csv_url: str
    xlsx_url: str


def download_url(key: str, fmt: str, params: Params) -> str:
    """The download of one export: `/exchange/exports/grid.xlsx?classroom=7`."""
    return f"{reverse('exchange:export-download', args=[key, fmt])}?{urlencode(params)}"


def _link(exporter: Exporter, params: Params, title: str | Promise | None = None) -> ExportLink:
    return ExportLink(
        title=title if title is not None else exporter.title,
        description=exporter.description,
        csv_url=download_url(exporter.key, "csv", params),
        xlsx_url=download_url(exporter.key, "xlsx", params),
    )


@require_GET
@login_required
def class_exports(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's exports, and its benchmarks' results: for its teachers and admins."""
    classroom = get_classroom_for_teacher(request.user, classroom_id)
    params = {"classroom": classroom.pk}
    results = EXPORTERS["benchmark"]
    benchmarks = Benchmark.objects.filter(classroom=classroom).exclude(state=Benchmark.State.DRAFT)
    context = {
        "classroom": classroom,
        "exports": [_link(e, params) for e in CLASS_EXPORTERS],
        # Each benchmark's buttons name the benchmark to a screen reader.
        "benchmarks": [
            (b, _link(results, {"benchmark": b.pk}, f"{results.title} · {b.title}"))
            for b in benchmarks
        ],
        "inline_rows": INLINE_ROWS,
    }
    return render(request, "exchange/exports_class.html", context)


@require_GET
@login_required
def tracker_exports(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """A student's tracker export: the student themself, or their teachers."""
    classroom, student = get_tracker_owner_for_user(request.user, classroom_id, student_id)
    params = {"classroom": classroom.pk, "student": student.pk}
    context = {
        "classroom": classroom,
        "student": student,
        "export": _link(EXPORTERS["tracker"], params),
    }
    return render(request, "exchange/exports_tracker.html", context)


@require_GET
@login_required
def export_download(request: AuthedRequest, exporter_key: str, fmt: str) -> HttpResponse:
    """The file, written now; or, when it is large, a background job to wait for."""
    key = exporter_key
    exporter = EXPORTERS.get(key)
    if exporter is None or fmt not in FORMATS:
        raise Http404("No such export.")
    try:
        params = parse_params(exporter, request.GET)
    except BadParams as problem:
        return render(request, "exchange/exports_error.html", {"message": str(problem)}, status=400)
    if exporter.estimate(request.user, params) > INLINE_ROWS:
        # The job checks access again, as the task that writes the file will.
        job = start_export(user=request.user, exporter=key, params=params, fmt=fmt)
        return redirect("exchange:job", job.pk)
    buffer = io.BytesIO()
    filename, content_type = write_export(
        key, request.user, params, fmt, buffer, lambda done, total: None
    )
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The file holds students' data: no cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
