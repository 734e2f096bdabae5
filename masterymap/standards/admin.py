from typing import Any

from django.contrib import admin

from masterymap.standards.models import MasteryMap, Standard, Unit


class UnitInline(admin.TabularInline[Unit, Any]):
    model = Unit
    extra = 0


@admin.register(MasteryMap)
class MasteryMapAdmin(admin.ModelAdmin[MasteryMap]):
    list_display = ["title", "school", "created_by", "created_at"]
    list_filter = ["school"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["title", "mastery_map", "position"]
    list_filter = ["mastery_map"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin[Standard]):
    list_display = ["code", "i_can", "unit", "icon", "colour", "position"]
    list_filter = ["mastery_map", "unit"]
    search_fields = ["code", "statement", "i_can"]
