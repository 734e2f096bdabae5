"""The teacher's benchmark report (per standard, per item, contradictions). Its results as a
spreadsheet are the exchange app's "benchmark" export (exchange.exports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masterymap.accounts.request_types import AuthedRequest
from masterymap.benchmarks.access import get_benchmark_for_teacher
from masterymap.benchmarks.actions import close_if_due
from masterymap.benchmarks.report import benchmark_report


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
