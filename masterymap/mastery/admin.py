from typing import Any

from django.contrib import admin

from masterymap.mastery.models import (
    LevelChange,
    MasteryPolicy,
    MasteryRecord,
    ProficiencyScale,
    ReviewDecision,
    ScaleLevel,
)


@admin.register(MasteryRecord)
class MasteryRecordAdmin(admin.ModelAdmin[MasteryRecord]):
    list_display = [
        "student",
        "standard",
        "classroom",
        "status",
        "level",
        "override_level",
        "updated_at",
    ]
    list_filter = ["status", "classroom", "override_stale"]
    search_fields = ["student__username", "student__last_name", "standard__code"]
    raw_id_fields = ["student", "standard", "classroom", "override_by"]


class ScaleLevelInline(admin.TabularInline[ScaleLevel, Any]):
    model = ScaleLevel
    extra = 0


@admin.register(ProficiencyScale)
class ProficiencyScaleAdmin(admin.ModelAdmin[ProficiencyScale]):
    list_display = ["name", "school", "classroom", "mastery_value"]
    inlines = [ScaleLevelInline]


@admin.register(ScaleLevel)
class ScaleLevelAdmin(admin.ModelAdmin[ScaleLevel]):
    list_display = ["scale", "value", "label", "min_percent"]


@admin.register(MasteryPolicy)
class MasteryPolicyAdmin(admin.ModelAdmin[MasteryPolicy]):
    list_display = ["classroom", "standard", "method", "min_evidence", "updated_at"]
    list_filter = ["method"]


@admin.register(LevelChange)
class LevelChangeAdmin(admin.ModelAdmin[LevelChange]):
    list_display = ["record", "from_level", "to_level", "from_status", "to_status", "at", "why"]
    raw_id_fields = ["record", "by"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin[ReviewDecision]):
    """The log of decisions on a *needs review*; appended by the app, never edited."""

    list_display = ["classroom", "student", "standard", "resolution", "decided_by", "decided_at"]
    list_filter = ["resolution"]
    raw_id_fields = ["classroom", "student", "standard", "decided_by"]
