from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from masterymap.standards.models import MasteryMap, Standard, Unit


class UnitInline(admin.TabularInline[Unit, Any]):
    model = Unit
    extra = 0


@admin.register(MasteryMap)
class MasteryMapAdmin(admin.ModelAdmin[MasteryMap]):
    list_display = ["title", "school", "created_by", "created_at", "archived_at"]
    list_filter = ["school", ("archived_at", admin.EmptyFieldListFilter)]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["title", "mastery_map", "position"]
    list_filter = ["mastery_map"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin[Standard]):
    list_display = ["code", "i_can", "unit", "icon", "colour", "position", "archived_at"]
    list_filter = ["mastery_map", "unit", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "statement", "i_can"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Standard]:
        # Archived standards too (Standard.objects leaves them out).
        return Standard.all_objects.select_related("unit")
