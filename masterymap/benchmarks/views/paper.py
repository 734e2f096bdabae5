"""A benchmark on paper: the printable copy (with its answer key on request), and the
keyboard-only page where the teacher types each student's paper answers, one row each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from masterymap.accounts.access import get_student_for_teacher
from masterymap.accounts.models import User
from masterymap.accounts.request_types import AuthedRequest
from masterymap.benchmarks.access import get_benchmark_for_teacher
from masterymap.benchmarks.actions import enter_paper_sitting
from masterymap.benchmarks.models import Benchmark
from masterymap.benchmarks.paper import (
    EntryColumn,
    EntryRow,
    entry_columns,
    entry_row,
    entry_rows,
    paper_questions,
)
from masterymap.lib.errors import ActionError
from masterymap.lib.html import content
from masterymap.lib.ids import parse_id

PRINT = "benchmarks/print.html"
ENTRY = "benchmarks/paper_entry.html"


@require_GET
@login_required
def print_page(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    """The benchmark to print for the class; with `?key=1`, its answer key after it."""
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    context = {
        "benchmark": benchmark,
        "classroom": benchmark.classroom,
        "questions": paper_questions(benchmark),
        "with_key": request.GET.get("key") == "1",
    }
    return render(request, PRINT, context)


@require_http_methods(["GET", "POST"])
@login_required
def paper_entry(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    """A row per student to type their paper answers in; a post scores one student."""
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    columns = entry_columns(benchmark)
    if request.method == "POST":
        return _enter_row(request, benchmark, columns)
    return render(request, ENTRY, _entry_context(benchmark, columns))


def _enter_row(
    request: AuthedRequest, benchmark: Benchmark, columns: list[EntryColumn]
) -> HttpResponse:
    """Score one student's row. htmx gets the row back (scored, or with why not and a 422);
    a plain post goes back to the page with a message, or shows it again (422) with the
    refused row and what was typed in it."""
    student = _posted_student(request, benchmark)
    # NUL, which no one types and PostgreSQL cannot store, is dropped (as the answer sheet does).
    typed = [request.POST.get(f"answer-{c.number}", "").replace("\x00", "") for c in columns]
    try:
        sitting = enter_paper_sitting(
            benchmark=benchmark, student=student, typed=typed, by=request.user
        )
    except ActionError as e:
        row = entry_row(student, columns, typed=typed, error=e.message)
        if request.htmx:
            context = _row_context(benchmark, columns, row)
            return render(request, ENTRY + "#paper-row", context, status=422)
        return render(request, ENTRY, _entry_context(benchmark, columns, row), status=422)
    row = entry_row(student, columns, sitting=sitting, saved=True)
    if request.htmx:
        return render(request, ENTRY + "#paper-row", _row_context(benchmark, columns, row))
    # The name is the school's words (data-content); the score is digits.
    message = conditional_escape(_("Saved: %(name)s scored %(score)s.")) % {
        "name": content(row.name),
        "score": conditional_escape(row.score),
    }
    messages.success(request, mark_safe(message))
    return redirect(reverse("benchmarks:paper", args=[benchmark.pk]) + f"#paper-row-{student.pk}")


def _posted_student(request: AuthedRequest, benchmark: Benchmark) -> User:
    """The posted student, enrolled in the benchmark's class: 404 otherwise, and for an id
    that names no row ("abc", or too large for the id column)."""
    student_id = parse_id(request.POST.get("student", ""))
    if student_id is None:
        raise Http404("No such student in this class.")
    return get_student_for_teacher(request.user, benchmark.classroom, student_id)


def _row_context(benchmark: Benchmark, columns: list[EntryColumn], row: EntryRow) -> dict[str, Any]:
    return {"benchmark": benchmark, "columns": columns, "row": row}


def _entry_context(
    benchmark: Benchmark, columns: list[EntryColumn], replace: EntryRow | None = None
) -> dict[str, Any]:
    """The whole page: drafts show only why there is nothing to type yet."""
    rows = [] if benchmark.is_draft else entry_rows(benchmark, columns, replace=replace)
    return {
        "benchmark": benchmark,
        "classroom": benchmark.classroom,
        "columns": columns,
        "rows": rows,
        "handed_in": sum(1 for r in rows if r.handed_in),
    }
