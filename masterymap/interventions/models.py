"""What happens after a score (issue 9, decision 0006).

- Routes and resources per standard: which ways back to mastery a standard offers, and the
  links, files, videos and practice sets the teacher attached.
- Steps: the route a student took (or a teacher assigned) after an attempt, with its start,
  completion or cancellation, and who did each.
- Error analysis: the student's look back at one attempt (why each missed item was missed,
  how they would fix it, one reflection on the whole). Not the English-learner evidence kind
  "take-home reflection".
- Practice runs: bank items answered with immediate feedback; effort, never evidence.
- Retake unlocks: the teacher's one click that lifts a retake's locks.
- Peer tutoring: offers, switches, pairs; small groups and their members.

Every row says who did what and when; nothing is deleted to undo it: a step is cancelled,
a pair ended, a group cancelled, so the history stays readable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from masterymap.interventions.patterns import MissReason
from masterymap.lib.storage import private_storage


class Route(models.TextChoices):
    """The ways back to mastery a standard can offer after *not yet*."""

    PRACTICE = "practice", _("Practise again")
    RESOURCES = "resources", _("Study a resource")
    PEER = "peer", _("Work with a peer tutor")
    TEACHER = "teacher", _("Tutoring with the teacher")
    SMALL_GROUP = "small_group", _("Join a small group")


class RouteSettings(models.Model):
    """Which routes a standard offers. No row: every route (see `routes.offered_routes`)."""

    standard = models.OneToOneField(
        "standards.Standard", on_delete=models.CASCADE, related_name="route_settings"
    )
    offered = models.JSONField(default=list)  # Route values
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )


class Resource(models.Model):
    """Something to study or practise for one standard."""

    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        VIDEO = "video", _("Short video")
        FILE = "file", _("File")
        PRACTICE = "practice", _("Practice set")

    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(storage=private_storage, upload_to="resources/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    # A practice set: these bank items (none chosen: every item of the standard that is on
    # no form the student still has to take).
    items = models.ManyToManyField("assessments.Item", blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["standard_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    """One step of a student's route on a standard: chosen by the student or assigned by a
    teacher, started, then done or cancelled."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="steps"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steps"
    )
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    route = models.CharField(max_length=20, choices=Route.choices)
    resource = models.ForeignKey(
        Resource, on_delete=models.SET_NULL, null=True, blank=True, related_name="steps"
    )
    after_attempt = models.ForeignKey(
        "assessments.Attempt", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["classroom", "student", "standard"])]

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.cancelled_at is None


class ErrorAnalysis(models.Model):
    """A student's look back at one submitted attempt: a row per missed item and one
    reflection on the whole. Autosaved while written; "finished" when every missed item has
    a reason and the reflection is written; the student may edit it until a teacher has
    read it."""

    attempt = models.OneToOneField(
        "assessments.Attempt", on_delete=models.CASCADE, related_name="error_analysis"
    )
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class MissedItem(models.Model):
    """Why one item was missed and how the student would fix it."""

    class Reason(models.TextChoices):
        CARELESS = MissReason.CARELESS.value, _("A careless slip")
        MISREAD = MissReason.MISREAD.value, _("I misread the question")
        DID_NOT_KNOW = MissReason.DID_NOT_KNOW.value, _("I didn't know how")
        MISCONCEPTION = MissReason.MISCONCEPTION.value, _("I believed the idea behind my choice")
        OTHER = MissReason.OTHER.value, _("Something else")

    analysis = models.ForeignKey(ErrorAnalysis, on_delete=models.CASCADE, related_name="misses")
    item = models.ForeignKey("assessments.Item", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    fix = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "item"], name="one_miss_per_item"),
        ]


class PracticeRun(models.Model):
    """One go at a practice set: the items drawn, in order. Effort, never evidence."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="practice_runs"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_runs"
    )
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(
        Resource, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="practice_runs"
    )
    item_ids = models.JSONField(default=list)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]


class PracticeAnswer(models.Model):
    run = models.ForeignKey(PracticeRun, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("assessments.Item", on_delete=models.CASCADE, related_name="+")
    answer = models.JSONField(default=list)
    is_correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "item"], name="one_practice_answer_per_item"),
        ]


class RetakeUnlock(models.Model):
    """A teacher lifted the locks on a student's next form (mastery.retake): it counts for
    the retake after the attempt that was the latest when they clicked."""

    classroom = models.ForeignKey("accounts.Classroom", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]


class TutorOffer(models.Model):
    """A student who mastered a standard offers to tutor it in a class."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="tutor_offers"
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_offers"
    )
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "tutor", "standard"], name="one_offer_per_standard"
            ),
        ]


class TutoringOff(models.Model):
    """The teacher switched peer tutoring off: for the whole class (no student) or for one
    student (who then neither tutors nor is suggested)."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="tutoring_off"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"],
                condition=Q(student__isnull=False),
                name="tutoring_off_once_per_student",
            ),
            models.UniqueConstraint(
                fields=["classroom"],
                condition=Q(student__isnull=True),
                name="tutoring_off_once_per_class",
            ),
        ]


class TutorPair(models.Model):
    """A tutee who is *not yet* there and a classmate who mastered the standard."""

    class State(models.TextChoices):
        UNMATCHED = "unmatched", _("Waiting for a tutor")
        ASKED = "asked", _("Waiting for the tutor's answer")
        ACCEPTED = "accepted", _("Accepted")
        DONE = "done", _("Session held")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    OPEN_STATES = (State.UNMATCHED, State.ASKED, State.ACCEPTED)

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="tutor_pairs"
    )
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    tutee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutored_pairs"
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tutoring_pairs",
    )
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="tutor_pairs"
    )
    state = models.CharField(max_length=20, choices=State.choices)
    # The tutee decides whether the tutor may read their error analysis on this standard.
    share_analysis = models.BooleanField(default=False)
    requested_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    tutee_confirmed_at = models.DateTimeField(null=True, blank=True)
    tutor_confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "id"]


class SmallGroup(models.Model):
    """Students the teacher gathers on one standard at a time, with a note."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="small_groups"
    )
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    meets_at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meets_at", "id"]


class GroupMember(models.Model):
    group = models.ForeignKey(SmallGroup, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    attended = models.BooleanField(null=True, blank=True)  # None: not marked yet
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "student"], name="member_once_per_group"),
        ]
