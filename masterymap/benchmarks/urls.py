from django.urls import path

from masterymap.benchmarks.views import build, mixed, paper, report, review, sittings
from masterymap.lib.converters import register_id_converter

register_id_converter()

app_name = "benchmarks"

CLASS = "classes/<id:classroom_id>/"
BENCH = "benchmarks/<id:benchmark_id>/"
SITTING = "benchmark-sittings/<id:sitting_id>/"

urlpatterns = [
    # The teacher builds, opens and closes benchmarks.
    path(CLASS + "benchmarks/", build.benchmark_list, name="list"),
    path(CLASS + "benchmarks/new/", build.benchmark_create, name="create"),
    path(BENCH, build.benchmark_page, name="benchmark"),
    path(BENCH + "items/", build.benchmark_items, name="items"),
    path(BENCH + "lines/", build.benchmark_lines, name="lines"),
    path(
        BENCH + "standards/<id:standard_id>/remove/",
        build.benchmark_remove_standard,
        name="remove-standard",
    ),
    path(BENCH + "open/", build.benchmark_open, name="open"),
    path(BENCH + "close/", build.benchmark_close, name="close"),
    # The report (its results as a spreadsheet: the exchange app's "benchmark" export).
    path(BENCH + "report/", report.report_page, name="report"),
    # Paper: print it (with its key), type the answers in.
    path(BENCH + "print/", paper.print_page, name="print"),
    path(BENCH + "paper/", paper.paper_entry, name="paper"),
    # Students take it.
    path(BENCH + "take/", sittings.sitting_start, name="take"),
    path(SITTING, sittings.sitting_page, name="sitting"),
    path(SITTING + "autosave/", sittings.sitting_autosave, name="sitting-autosave"),
    path(SITTING + "submit/", sittings.sitting_submit, name="sitting-submit"),
    path(SITTING + "reflect/", sittings.sitting_reflect, name="reflect"),
    # Mixed practice, a next step after a contradiction.
    path(CLASS + "mixed-practice/", mixed.mixed_page, name="mixed"),
    path(CLASS + "mixed-practice/start/", mixed.mixed_start, name="mixed-start"),
    path(
        "mixed-practice/<id:practice_id>/items/<id:item_id>/check/",
        mixed.mixed_check,
        name="mixed-check",
    ),
    # The teacher settles a needs review.
    path(
        CLASS + "students/<id:student_id>/standards/<id:standard_id>/review/",
        review.review_page,
        name="review",
    ),
]
