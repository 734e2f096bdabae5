from __future__ import annotations

from django.conf import settings
from django.db import models

from masterymap.lib.storage import private_storage


class Job(models.Model):
    """One export or import, run in the background (Django's task API) with its progress.

    An export ends with a file to download. An import is previewed first (`plan` lists what
    it will do), then applied in one transaction; the uploaded file stays private and is
    read again to apply, so what is applied is what was previewed.
    """

    class Stage(models.TextChoices):
        EXPORT = "export", "export"
        PREVIEW = "preview", "preview"
        APPLY = "apply", "apply"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        READY = "ready", "ready"
        FAILED = "failed", "failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_jobs"
    )
    # Which exporter or importer ("grid", "case"), and its choices (class id, format...).
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=300)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    upload = models.FileField(storage=private_storage, upload_to="imports/%Y/%m/", blank=True)
    upload_name = models.CharField(max_length=255, blank=True)
    result = models.FileField(storage=private_storage, upload_to="exports/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    # The preview's plan, then the applied one (exchange.plan.Plan.to_json).
    plan = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)
