from __future__ import annotations

from django.conf import settings
from django.db import models

from masterymap.mastery.status import STATUS_LABELS, Status


class MasteryRecord(models.Model):
    """A student's current status on one standard: one row per grid cell.

    Written in the same transaction as the attempt that changed it (mastery.actions), so
    grids and trackers read stored rows instead of replaying every attempt. No row means
    "not started".
    """

    class State(models.TextChoices):
        NOT_STARTED = Status.NOT_STARTED.value, STATUS_LABELS[Status.NOT_STARTED]
        IN_PROGRESS = Status.IN_PROGRESS.value, STATUS_LABELS[Status.IN_PROGRESS]
        NOT_YET = Status.NOT_YET.value, STATUS_LABELS[Status.NOT_YET]
        MASTERED = Status.MASTERED.value, STATUS_LABELS[Status.MASTERED]

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mastery_records"
    )
    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="mastery_records"
    )
    status = models.CharField(max_length=20, choices=State.choices, default=State.NOT_STARTED)
    attempts_count = models.PositiveSmallIntegerField(default=0)
    latest_percent = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "standard"], name="one_record_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.standard}: {self.get_status_display()}"
