"""Export and import jobs in the Django admin, for the IT person: what ran, who asked, and
why one stopped."""

from django.contrib import admin

from masterymap.exchange.models import Job
from masterymap.lib.admin import foreign_keys


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["title", "owner", "kind", "stage", "status", "created_at", "finished_at"]
    list_filter = ["stage", "status", "kind"]
    raw_id_fields = foreign_keys(Job)
    readonly_fields = ["plan", "params", "message"]
