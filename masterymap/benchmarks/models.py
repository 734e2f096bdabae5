from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from masterymap.benchmarks.rules import DEFAULT_LINE, EXPLANATION_LABELS, Explanation


class Benchmark(models.Model):
    """A longer test over several standards (a unit test, a state-style practice test),
    opened for a whole class at once and scored per standard."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="benchmarks"
    )
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    time_limit_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class BenchmarkStandard(models.Model):
    """A standard a benchmark covers, with the line its sub-score must reach."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="lines")
    standard = models.ForeignKey("standards.Standard", on_delete=models.PROTECT, related_name="+")
    line = models.PositiveSmallIntegerField(
        default=DEFAULT_LINE,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Percent of this standard's points that shows mastery."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "standard"], name="benchmark_standard_once"
            ),
        ]


class BenchmarkItem(models.Model):
    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.CASCADE, related_name="benchmark_items"
    )
    item = models.ForeignKey("assessments.Item", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "item"], name="benchmark_item_once"),
        ]


class Sitting(models.Model):
    """A student's sitting of a benchmark, online or typed in from paper. Scored fields are
    set once, on submit."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper, typed in by a teacher")

    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="sittings")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benchmark_sittings"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    max_points = models.PositiveSmallIntegerField(null=True, blank=True)
    percent = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "student"], name="one_sitting_each"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.benchmark}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class SittingAnswer(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("assessments.Item", on_delete=models.PROTECT, related_name="+")
    # Selected choice ids, or a one-element list with the typed answer (as Response).
    answer = models.JSONField(default=list)
    is_correct = models.BooleanField(null=True, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "item"], name="one_answer_per_item"),
        ]


class SubScore(models.Model):
    """One standard's part of a submitted sitting, and the evidence it became."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="sub_scores")
    standard = models.ForeignKey("standards.Standard", on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()
    max_points = models.PositiveSmallIntegerField()
    percent = models.FloatField()
    line = models.PositiveSmallIntegerField()
    meets_line = models.BooleanField()
    level = models.FloatField()
    evidence = models.OneToOneField(
        "evidence.Evidence", on_delete=models.PROTECT, related_name="benchmark_sub_score"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "standard"], name="one_sub_score_each"),
        ]


class Reflection(models.Model):
    """A student's explanation of a contradiction on one standard (the strategy's three)."""

    class Why(models.TextChoices):
        MORE_PRACTICE = (
            Explanation.MORE_PRACTICE.value,
            _(EXPLANATION_LABELS[Explanation.MORE_PRACTICE]),
        )
        MIXED_DECISIONS = (
            Explanation.MIXED_DECISIONS.value,
            _(EXPLANATION_LABELS[Explanation.MIXED_DECISIONS]),
        )
        MIXED_PRACTICE = (
            Explanation.MIXED_PRACTICE.value,
            _(EXPLANATION_LABELS[Explanation.MIXED_PRACTICE]),
        )

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="reflections")
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    explanation = models.CharField(max_length=20, choices=Why.choices)
    note = models.TextField(blank=True)
    written_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "standard"], name="one_benchmark_reflection_each"
            ),
        ]


class MixedPractice(models.Model):
    """A mixed practice set: bank items from the student's mastered standards, in mixed
    order, with feedback at once. Effort, never evidence."""

    classroom = models.ForeignKey("accounts.Classroom", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mixed_practice"
    )
    item_ids = models.JSONField(default=list)
    started_at = models.DateTimeField()

    class Meta:
        ordering = ["started_at", "id"]


class MixedAnswer(models.Model):
    practice = models.ForeignKey(MixedPractice, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("assessments.Item", on_delete=models.CASCADE, related_name="+")
    answer = models.JSONField(default=list)
    is_correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "item"], name="one_mixed_answer_each"),
        ]
