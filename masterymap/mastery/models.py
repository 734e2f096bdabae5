from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from masterymap.mastery.sentences import stored_html, stored_text
from masterymap.mastery.status import STATUS_LABELS, Resolution, Status


class ProficiencyScale(models.Model):
    """The levels evidence is scored on. One per school; a class may override it."""

    school = models.ForeignKey(
        "accounts.School", on_delete=models.CASCADE, related_name="proficiency_scales"
    )
    classroom = models.OneToOneField(
        "accounts.Classroom",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scale_override",
        help_text=_("Empty: the school's scale. Set: this class's own scale."),
    )
    name = models.CharField(max_length=100, default="Proficiency scale")
    mastery_value = models.PositiveSmallIntegerField(
        default=3, help_text=_("The level that counts as mastered (and every level above it).")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(classroom__isnull=True),
                name="one_school_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.classroom or self.school})"


class ScaleLevel(models.Model):
    scale = models.ForeignKey(ProficiencyScale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    colour = models.CharField(max_length=7, default="#5b6675", help_text=_("Hex colour, #rrggbb."))
    min_percent = models.FloatField(
        default=0, help_text=_("An assessment score at or above this percent earns this level.")
    )

    class Meta:
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="level_value_unique_in_scale")
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class MasteryPolicy(models.Model):
    """How a class turns evidence into a level; with `standard` set, an override for it."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="mastery_policies"
    )
    standard = models.ForeignKey(
        "standards.Standard",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mastery_policies",
    )
    method = models.CharField(max_length=40, default="most_recent")
    params = models.JSONField(default=dict, blank=True)
    min_evidence = models.PositiveSmallIntegerField(default=1)
    kinds = models.JSONField(
        null=True, blank=True, help_text=_("Evidence kinds that count; empty means every kind.")
    )
    weights = models.JSONField(default=dict, blank=True, help_text=_("Weight per evidence kind."))
    # mastery.retake.RetakeRules as JSON. Empty on a standard's row: the class's rules; empty
    # on the class's row: the default rules (retake.DEFAULT_RULES).
    retake = models.JSONField(
        null=True, blank=True, help_text=_("When a student may retake: see mastery/retake.py.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = _("mastery policies")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom"],
                condition=Q(standard__isnull=True),
                name="one_class_policy",
            ),
            models.UniqueConstraint(
                fields=["classroom", "standard"],
                condition=Q(standard__isnull=False),
                name="one_policy_per_standard",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.classroom} · {self.standard or 'all standards'} · {self.method}"


class MasteryRecord(models.Model):
    """A student's current level and status on one standard in one class: one grid cell.

    Written in the same transaction as the evidence that changed it (mastery.actions), so
    grids and trackers read stored rows instead of replaying the evidence. No row means
    "not started".
    """

    class State(models.TextChoices):
        # The labels are marked in status.py (pure); translated here when shown.
        NOT_STARTED = Status.NOT_STARTED.value, _(STATUS_LABELS[Status.NOT_STARTED])
        IN_PROGRESS = Status.IN_PROGRESS.value, _(STATUS_LABELS[Status.IN_PROGRESS])
        NOT_YET = Status.NOT_YET.value, _(STATUS_LABELS[Status.NOT_YET])
        MASTERED = Status.MASTERED.value, _(STATUS_LABELS[Status.MASTERED])
        NEEDS_REVIEW = Status.NEEDS_REVIEW.value, _(STATUS_LABELS[Status.NEEDS_REVIEW])

    # Its own index, though the unique (classroom, student, standard) begins with it: a
    # class's records read through it come in the order they were written, and through the
    # unique one in students' order, all over the table (`make bench`, same day: the
    # 600-student alerts 251 ms with it, 346 ms without; recomputing the school 0.05 s).
    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="mastery_records"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mastery_records"
    )
    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="mastery_records"
    )
    status = models.CharField(max_length=20, choices=State.choices, default=State.NOT_STARTED)
    attempts_count = models.PositiveSmallIntegerField(default=0)
    latest_percent = models.FloatField(null=True, blank=True)
    level = models.FloatField(null=True, blank=True, help_text=_("Calculated by the policy."))
    level_label = models.CharField(max_length=60, blank=True)
    # The method's sentence in English (admin, exports), and what it is made of, to show it in
    # the reader's language (decision 0004). Shown through `explanation_html`.
    explanation = models.TextField(blank=True)
    explanation_phrase = models.JSONField(
        null=True,
        blank=True,
        help_text=_("The explanation as a phrase, to show it in the reader's language."),
    )
    evidence_count = models.PositiveSmallIntegerField(default=0)
    override_level = models.FloatField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    # Indexed only where set (below): most records carry no override, and an index entry
    # for each of them slowed every insert of a recompute.
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    override_at = models.DateTimeField(null=True, blank=True)
    override_stale = models.BooleanField(
        default=False, help_text=_("Newer evidence arrived after the override was set.")
    )
    # The teacher's latest decision on a *needs review* (its log: ReviewDecision), kept here
    # so recomputing reads it with the record.
    review_resolution = models.CharField(max_length=10, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    # While mastered (or needing review): when it became mastered, the change into mastered
    # from neither (a review is no new mastery); empty when that is `updated_at`, so a
    # recompute's inserts write nothing more. Read as COALESCE(mastered_at, updated_at).
    # The goals' pace, the alerts and the projector read a class's mastery days from the
    # records alone: joining 20,000 of them to their history cost those pages (bench/).
    mastered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student", "standard"], name="one_record_per_class_cell"
            ),
        ]
        indexes = [
            models.Index(
                fields=["override_by"],
                name="record_override_by",
                condition=models.Q(override_by__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.standard}: {self.get_status_display()}"

    @property
    def effective_level(self) -> float | None:
        return self.override_level if self.override_level is not None else self.level

    def explanation_html(self) -> SafeString:
        """The calculated sentence in the active language, as HTML (the school's words in it
        marked as content); the stored English for a record from before phrases were stored
        (`manage.py recompute_mastery` stores them)."""
        return stored_html(self.explanation_phrase, self.explanation)

    def explanation_text(self) -> str:
        """`explanation_html` as plain text (for messages and attributes)."""
        return stored_text(self.explanation_phrase, self.explanation)


class LevelChange(models.Model):
    """Every change of a record's level or status: from, to, when, why, by whom."""

    record = models.ForeignKey(MasteryRecord, on_delete=models.CASCADE, related_name="changes")
    from_level = models.FloatField(null=True, blank=True)
    to_level = models.FloatField(null=True, blank=True)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    at = models.DateTimeField()
    why = models.CharField(max_length=300)
    # Indexed only where set, as `MasteryRecord.override_by`: a recompute writes its changes
    # with no one behind them.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(
                fields=["by"], name="level_change_by", condition=models.Q(by__isnull=False)
            )
        ]


class ReviewDecision(models.Model):
    """A teacher's decision on a *needs review* (a benchmark below the cut on a mastered
    standard): keep the mastery, or reopen the standard. Appended, never edited, so the log
    of who decided what, when and why stays whole; the newest one per cell is in force
    (mastery.status)."""

    class Resolution(models.TextChoices):
        KEEP = Resolution.KEEP.value, _("Keep mastered")
        REOPEN = Resolution.REOPEN.value, _("Reopen: not yet")

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="review_decisions"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_decisions"
    )
    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="review_decisions"
    )
    resolution = models.CharField(max_length=10, choices=Resolution.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]
        indexes = [
            models.Index(fields=["classroom", "student", "standard"], name="review_decision_cell")
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.standard}: {self.get_resolution_display()}"
