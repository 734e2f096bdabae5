"""The goals app's rows in the Django admin, for the IT person (raw ids: a school's lists
are long)."""

from typing import Any

from django.contrib import admin

from masterymap.goals.models import CheckIn, DismissedAlert, Goal, PublicMap, PublicProfile
from masterymap.lib.admin import foreign_keys


class CheckInInline(admin.TabularInline[CheckIn, Any]):
    model = CheckIn
    extra = 0
    raw_id_fields = ["confirmed_by"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin[Goal]):
    list_display = ["classroom", "student", "kind", "target", "deadline", "state", "public"]
    list_filter = ["kind", "state", "public"]
    raw_id_fields = [*foreign_keys(Goal), "standards"]
    inlines = [CheckInInline]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin[CheckIn]):
    list_display = ["goal", "on", "amount", "confirmed_at"]
    raw_id_fields = foreign_keys(CheckIn)


@admin.register(PublicMap)
class PublicMapAdmin(admin.ModelAdmin[PublicMap]):
    list_display = ["classroom", "privacy_mode", "stalled_after", "updated_at"]
    raw_id_fields = foreign_keys(PublicMap)


@admin.register(PublicProfile)
class PublicProfileAdmin(admin.ModelAdmin[PublicProfile]):
    list_display = ["classroom", "student", "alias", "avatar", "opt_out"]
    raw_id_fields = foreign_keys(PublicProfile)


@admin.register(DismissedAlert)
class DismissedAlertAdmin(admin.ModelAdmin[DismissedAlert]):
    list_display = ["classroom", "key", "dismissed_by", "dismissed_at"]
    raw_id_fields = foreign_keys(DismissedAlert)
