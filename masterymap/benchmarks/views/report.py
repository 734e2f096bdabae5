"""The teacher's benchmark report (per standard, per item, contradictions) and its results
as a CSV file for a spreadsheet."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masterymap.accounts.request_types import AuthedRequest
from masterymap.benchmarks.access import get_benchmark_for_teacher
from masterymap.benchmarks.actions import close_if_due
from masterymap.benchmarks.report import benchmark_report, result_rows

# Excel reads a CSV file as the machine's code page unless it starts with a byte order mark.
BOM = "\ufeff"


@require_GET
@login_required
def report_page(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    """How the class did, so the teacher sees what to reteach and whom to talk to."""
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    benchmark = close_if_due(benchmark=benchmark, by=request.user)
    context = {
        "benchmark": benchmark,
        "classroom": benchmark.classroom,
        "report": benchmark_report(benchmark),
    }
    return render(request, "benchmarks/report.html", context)


@require_GET
@login_required
def report_csv(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    """One row per student × standard, for the school's spreadsheets."""
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    benchmark = close_if_due(benchmark=benchmark, by=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="benchmark-{benchmark.pk}-results.csv"'
    response.write(BOM)
    csv.writer(response).writerows(result_rows(benchmark))
    return response
