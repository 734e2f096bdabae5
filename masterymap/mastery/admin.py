from django.contrib import admin

from masterymap.mastery.models import MasteryRecord


@admin.register(MasteryRecord)
class MasteryRecordAdmin(admin.ModelAdmin):
    list_display = [
        "student",
        "standard",
        "status",
        "attempts_count",
        "latest_percent",
        "updated_at",
    ]
    list_filter = ["status", "standard__mastery_map"]
    search_fields = ["student__username", "student__last_name", "standard__code"]
    raw_id_fields = ["student", "standard"]
