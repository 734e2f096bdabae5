from typing import Any

from django.contrib import admin

from masterymap.interventions.models import (
    ErrorAnalysis,
    GroupMember,
    MissedItem,
    PracticeAnswer,
    PracticeRun,
    Resource,
    RetakeUnlock,
    RouteSettings,
    SmallGroup,
    Step,
    TutoringOff,
    TutorOffer,
    TutorPair,
)
from masterymap.lib.admin import foreign_keys, register_plain


class MissedItemInline(admin.TabularInline[MissedItem, Any]):
    model = MissedItem
    extra = 0
    raw_id_fields = ["item"]


@admin.register(ErrorAnalysis)
class ErrorAnalysisAdmin(admin.ModelAdmin[ErrorAnalysis]):
    list_display = ["attempt", "updated_at", "finished_at", "read_at"]
    raw_id_fields = foreign_keys(ErrorAnalysis)
    inlines = [MissedItemInline]


class GroupMemberInline(admin.TabularInline[GroupMember, Any]):
    model = GroupMember
    extra = 0
    raw_id_fields = ["student", "step", "marked_by"]


@admin.register(SmallGroup)
class SmallGroupAdmin(admin.ModelAdmin[SmallGroup]):
    list_display = ["classroom", "standard", "meets_at", "cancelled_at"]
    raw_id_fields = foreign_keys(SmallGroup)
    inlines = [GroupMemberInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin[Step]):
    list_display = ["student", "standard", "route", "started_at", "done_at", "cancelled_at"]
    list_filter = ["route"]
    raw_id_fields = foreign_keys(Step)


@admin.register(TutorPair)
class TutorPairAdmin(admin.ModelAdmin[TutorPair]):
    list_display = ["tutee", "tutor", "standard", "state", "requested_at"]
    list_filter = ["state"]
    raw_id_fields = foreign_keys(TutorPair)


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ["title", "standard", "kind", "removed_at"]
    raw_id_fields = foreign_keys(Resource)
    filter_horizontal = ["items"]


@admin.register(PracticeRun)
class PracticeRunAdmin(admin.ModelAdmin[PracticeRun]):
    list_display = ["student", "standard", "started_at", "finished_at"]
    raw_id_fields = foreign_keys(PracticeRun)


register_plain(
    MissedItem, GroupMember, PracticeAnswer, RetakeUnlock, RouteSettings, TutorOffer, TutoringOff
)
