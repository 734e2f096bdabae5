from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

# private_storage is imported here too: migrations name it as evidence.models.private_storage.
from masterymap.lib.storage import private_storage
from masterymap.lib.uploads import ALLOWED_TYPES, display_name, name_with_extension


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def current(self) -> EvidenceQuerySet:
        """Only the evidence that counts: not superseded by a correction.

        NOT EXISTS, never `superseded_by__isnull=True`: SQLite answers that LEFT JOIN by
        building a throw-away index over the whole evidence table, for every query that
        reaches a row (almost every `supersedes` is empty, so its statistics call the
        unique index useless). On the bench school a student's map took 38 ms instead of
        7 once they had one teacher-recorded piece of evidence."""
        corrected = self.model._default_manager.filter(supersedes=OuterRef("pk"))
        return self.filter(~Exists(corrected))


class Evidence(models.Model):
    """One observation of a student on a standard. Append-only: a correction is a new
    record that supersedes the old one, so the history is never rewritten."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment attempt")
        ONE_ON_ONE = "one_on_one", _("One-on-one check (battle the boss)")
        MINI_LESSON = "mini_lesson", _("Mini lesson")
        PRODUCT = "product", _("Product")
        CONFERENCE = "conference", _("Conference (EL)")
        ORAL_RETELLING = "oral_retelling", _("Oral retelling (EL)")
        LEARNING_LOG = "learning_log", _("Learning log (EL)")
        GRAPHIC_ORGANIZER = "graphic_organizer", _("Graphic organizer (EL)")
        CLOZE = "cloze", _("Cloze exercise (EL)")
        VISUAL = "visual", _("Visual representation (EL)")
        REFLECTION = "take_home_reflection", _("Take-home reflection (EL)")
        BENCHMARK = "benchmark", _("Benchmark")
        IMPORTED = "imported", _("Imported")
        JUDGEMENT = "teacher_judgement", _("Teacher judgement")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence"
    )
    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    level = models.FloatField(help_text=_("On the proficiency scale."))
    raw_score = models.FloatField(
        null=True, blank=True, help_text=_("Percent, where there is one.")
    )
    assessed_on = models.DateField(help_text=_("When the work was done: the order methods use."))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_evidence",
    )
    note = models.TextField(blank=True)
    attempt = models.OneToOneField(
        "assessments.Attempt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["assessed_on", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["student", "standard"], name="evidence_student_standard"),
            # A student's newest evidence first, with its standard: the alerts read each
            # student's last work on a map by stopping at the first row on it
            # (goals.attention), not by reading every row.
            models.Index(
                fields=["student", "assessed_on", "standard"], name="evidence_student_day"
            ),
        ]
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.student} · {self.standard} · {self.get_kind_display()} {self.level:g}"


class Attachment(models.Model):
    """A photo, PDF, recording or short video attached to evidence; private to the student
    and their teachers."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="evidence/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name

    @property
    def family(self) -> str:
        """image, audio, video or document: how the page shows it."""
        head = self.content_type.split("/")[0]
        return head if head in ("image", "audio", "video") else "document"

    @property
    def shown_inline(self) -> bool:
        """Photos, audio and video play in the page; anything else (a PDF) is only ever
        downloaded, never opened as a page of this site."""
        return self.family != "document"

    @property
    def download_name(self) -> str:
        """The name offered when saving: the uploader's, sanitized, with the extension of
        what the file really is ("homework.pdf" holding a PNG saves as "homework.png")."""
        extension = ALLOWED_TYPES.get(self.content_type)
        name = display_name(self.original_name)
        return name_with_extension(name, extension) if extension else name
