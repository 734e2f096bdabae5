"""The teacher's benchmark pages: the class's list and a new benchmark, then one benchmark:
its questions and lines while a draft, opening it for the whole class, closing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom
from masterymap.accounts.request_types import AuthedRequest
from masterymap.benchmarks import actions, queries
from masterymap.benchmarks.access import get_benchmark_for_teacher
from masterymap.benchmarks.forms import BenchmarkForm, OpenForm, posted_ids, posted_lines
from masterymap.benchmarks.models import Benchmark
from masterymap.lib.errors import ActionError
from masterymap.standards.queries import map_standards


def _new_form(classroom: Classroom, data: QueryDict | None = None) -> BenchmarkForm:
    return BenchmarkForm(data, standards=map_standards(classroom))


def _list(
    request: AuthedRequest, classroom: Classroom, form: BenchmarkForm, status: int = 200
) -> HttpResponse:
    context = {
        "classroom": classroom,
        "rows": queries.class_benchmarks(classroom),
        "form": form,
    }
    return render(request, "benchmarks/benchmark_list.html", context, status=status)


@require_GET
@login_required
def benchmark_list(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's benchmarks, and a new one."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    return _list(request, classroom, _new_form(classroom))


@require_POST
@login_required
def benchmark_create(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A draft over the ticked standards, drawn from the bank (or empty, to pick by hand)."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = _new_form(classroom, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            benchmark = actions.create_benchmark(
                classroom=classroom,
                by=request.user,
                title=data["title"],
                standard_ids=form.standard_ids(),
                per_standard=data["per_standard"],
                line=data["line"],
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            return redirect("benchmarks:benchmark", benchmark.pk)
    return _list(request, classroom, form, status=422)


def _page(
    request: AuthedRequest,
    benchmark: Benchmark,
    open_form: OpenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "benchmark": benchmark,
        "classroom": benchmark.classroom,
        "page": queries.build_page(benchmark),
        "open_form": open_form or OpenForm(),
    }
    return render(request, "benchmarks/benchmark_page.html", context, status=status)


@require_GET
@login_required
def benchmark_page(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    return _page(request, actions.close_if_due(benchmark=benchmark, by=request.user))


def _done(request: AuthedRequest, benchmark: Benchmark, run: object) -> HttpResponse:
    """Run an action; its refusal is shown on the page, which is left unchanged."""
    try:
        message = run() if callable(run) else None
    except ActionError as e:
        messages.error(request, e.message)
    else:
        if message:
            messages.success(request, str(message))
    return redirect("benchmarks:benchmark", benchmark.pk)


@require_POST
@login_required
def benchmark_items(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    """The questions ticked become the draft's questions."""
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    ids = posted_ids(request.POST, "item")

    def run() -> str:
        actions.set_items(benchmark=benchmark, item_ids=ids)
        return ngettext("Saved: %(count)d question.", "Saved: %(count)d questions.", len(ids)) % {
            "count": len(ids)
        }

    return _done(request, benchmark, run)


@require_POST
@login_required
def benchmark_lines(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    lines = posted_lines(request.POST)

    def run() -> str:
        if lines is None:
            raise ActionError(_("A mastery line is a percentage from 1 to 100."))
        actions.set_lines(benchmark=benchmark, lines=lines)
        return _("Mastery lines saved.")

    return _done(request, benchmark, run)


@require_POST
@login_required
def benchmark_remove_standard(
    request: AuthedRequest, benchmark_id: int, standard_id: int
) -> HttpResponse:
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)

    def run() -> str:
        actions.remove_standard(benchmark=benchmark, standard_id=standard_id)
        return _("Standard removed, with its questions.")

    return _done(request, benchmark, run)


@require_http_methods(["POST"])
@login_required
def benchmark_open(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    """Open it for the whole class, with an optional time limit and close time."""
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)
    form = OpenForm(request.POST)
    if form.is_valid():
        try:
            actions.open_benchmark(
                benchmark=benchmark,
                time_limit_minutes=form.cleaned_data["time_limit"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Open: every student of the class can start it now."))
            return redirect("benchmarks:benchmark", benchmark.pk)
    benchmark.refresh_from_db()
    return _page(request, benchmark, open_form=form, status=422)


@require_POST
@login_required
def benchmark_close(request: AuthedRequest, benchmark_id: int) -> HttpResponse:
    benchmark = get_benchmark_for_teacher(request.user, benchmark_id)

    def run() -> str:
        n = actions.close_benchmark(benchmark=benchmark, by=request.user)
        return ngettext(
            "Closed. %(count)d sitting still open was handed in with its saved answers.",
            "Closed. %(count)d sittings still open were handed in with their saved answers.",
            n,
        ) % {"count": n}

    return _done(request, benchmark, run)
