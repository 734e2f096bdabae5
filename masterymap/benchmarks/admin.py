"""The benchmarks app's rows in the Django admin, for the IT person (raw ids: a school's
lists are long)."""

from typing import Any

from django.contrib import admin

from masterymap.benchmarks.models import (
    Benchmark,
    BenchmarkItem,
    BenchmarkStandard,
    MixedAnswer,
    MixedPractice,
    Reflection,
    Sitting,
    SittingAnswer,
    SubScore,
)
from masterymap.lib.admin import foreign_keys, register_plain


class LineInline(admin.TabularInline[BenchmarkStandard, Any]):
    model = BenchmarkStandard
    extra = 0
    raw_id_fields = ["standard"]


class ItemInline(admin.TabularInline[BenchmarkItem, Any]):
    model = BenchmarkItem
    extra = 0
    raw_id_fields = ["item"]


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin[Benchmark]):
    list_display = ["title", "classroom", "state", "opened_at", "closes_at", "closed_at"]
    list_filter = ["state"]
    raw_id_fields = foreign_keys(Benchmark)
    inlines = [LineInline, ItemInline]


class SubScoreInline(admin.TabularInline[SubScore, Any]):
    model = SubScore
    extra = 0
    raw_id_fields = ["standard", "evidence"]


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin[Sitting]):
    list_display = ["benchmark", "student", "source", "started_at", "submitted_at", "percent"]
    list_filter = ["source"]
    raw_id_fields = foreign_keys(Sitting)
    inlines = [SubScoreInline]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin[Reflection]):
    list_display = ["sitting", "standard", "explanation", "written_at"]
    raw_id_fields = foreign_keys(Reflection)


# The rows a benchmark and a sitting are made of, each with its own list too (the IT person
# looks one up by id).
register_plain(
    BenchmarkStandard, BenchmarkItem, SittingAnswer, SubScore, MixedPractice, MixedAnswer
)
