from typing import Any

from django.contrib import admin

from masterymap.evidence.models import Attachment, Evidence


class AttachmentInline(admin.TabularInline[Attachment, Any]):
    model = Attachment
    extra = 0
    readonly_fields = ["file", "content_type", "size", "original_name", "uploaded_at"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin[Evidence]):
    list_display = ["student", "standard", "kind", "level", "assessed_on", "recorded_by"]
    list_filter = ["kind", "standard__mastery_map"]
    search_fields = ["student__username", "student__last_name", "standard__code", "note"]
    raw_id_fields = ["student", "standard", "recorded_by", "attempt", "supersedes"]
    inlines = [AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin[Attachment]):
    list_display = ["original_name", "evidence", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["evidence"]
