"""The public class map's settings, students' public profiles, goals and their check-ins, and
the alerts a teacher dismissed (issue 10, decision 0007).

Nothing here is deleted to undo it: a goal is withdrawn or declined, a check-in stays with
who confirmed it, so the history reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise


class PrivacyMode(models.TextChoices):
    """What the public class map may show about each student."""

    FULL_NAME = "full_name", _("Full names")
    FIRST_INITIAL = "first_initial", _("First name and initial")
    ALIAS = "alias", _("Aliases and avatars the students pick")
    COUNTS_ONLY = "counts_only", _("Counts only, no names")


# The aliases a student may pick for the public map: chosen from a list (never typed), so
# nobody is named by a classmate's alias and nothing rude reaches the projector.
ALIASES: dict[str, StrOrPromise] = {
    "otter": pgettext_lazy("alias", "Otter"),
    "falcon": pgettext_lazy("alias", "Falcon"),
    "panda": pgettext_lazy("alias", "Panda"),
    "fox": pgettext_lazy("alias", "Fox"),
    "owl": pgettext_lazy("alias", "Owl"),
    "dolphin": pgettext_lazy("alias", "Dolphin"),
    "tiger": pgettext_lazy("alias", "Tiger"),
    "koala": pgettext_lazy("alias", "Koala"),
    "eagle": pgettext_lazy("alias", "Eagle"),
    "turtle": pgettext_lazy("alias", "Turtle"),
    "lynx": pgettext_lazy("alias", "Lynx"),
    "heron": pgettext_lazy("alias", "Heron"),
    "bison": pgettext_lazy("alias", "Bison"),
    "whale": pgettext_lazy("alias", "Whale"),
    "gecko": pgettext_lazy("alias", "Gecko"),
    "puffin": pgettext_lazy("alias", "Puffin"),
    "badger": pgettext_lazy("alias", "Badger"),
    "rabbit": pgettext_lazy("alias", "Rabbit"),
    "beaver": pgettext_lazy("alias", "Beaver"),
    "penguin": pgettext_lazy("alias", "Penguin"),
    "zebra": pgettext_lazy("alias", "Zebra"),
    "hedgehog": pgettext_lazy("alias", "Hedgehog"),
    "crane": pgettext_lazy("alias", "Crane"),
    "jaguar": pgettext_lazy("alias", "Jaguar"),
    "moose": pgettext_lazy("alias", "Moose"),
    "seal": pgettext_lazy("alias", "Seal"),
    "robin": pgettext_lazy("alias", "Robin"),
    "llama": pgettext_lazy("alias", "Llama"),
    "octopus": pgettext_lazy("alias", "Octopus"),
    "wolf": pgettext_lazy("alias", "Wolf"),
    "hawk": pgettext_lazy("alias", "Hawk"),
    "squirrel": pgettext_lazy("alias", "Squirrel"),
    "salmon": pgettext_lazy("alias", "Salmon"),
    "kiwi": pgettext_lazy("alias", "Kiwi"),
    "lemur": pgettext_lazy("alias", "Lemur"),
    "ibex": pgettext_lazy("alias", "Ibex"),
}
ALIAS_CHOICES = list(ALIASES.items())

# Avatars are emoji (text, read aloud by screen readers by their own names).
AVATARS: dict[str, str] = {
    "rocket": "🚀",
    "star": "⭐",
    "books": "📚",
    "bolt": "⚡",
    "leaf": "🌿",
    "planet": "🪐",
    "music": "🎵",
    "palette": "🎨",
    "ball": "⚽",
    "puzzle": "🧩",
    "bulb": "💡",
    "mountain": "⛰️",
    "wave": "🌊",
    "sun": "🌞",
    "compass": "🧭",
    "trophy": "🏆",
}
AVATAR_CHOICES = list(AVATARS.items())


class PublicMap(models.Model):
    """A class's public map settings. No row: counts only and no norms (the private default)."""

    classroom = models.OneToOneField(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="public_map"
    )
    privacy_mode = models.CharField(
        _("privacy mode"),
        max_length=20,
        choices=PrivacyMode.choices,
        default=PrivacyMode.COUNTS_ONLY,
    )
    norms = models.TextField(
        _("our norms"),
        blank=True,
        max_length=2000,
        help_text=_("Shown on the public map, e.g. “We celebrate every step; nobody is behind.”"),
    )
    stalled_after = models.PositiveSmallIntegerField(
        _("stalled after (school days)"),
        default=5,
        help_text=_("An alert when a student has no new evidence for this many school days."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class PublicProfile(models.Model):
    """A student's choices for the public map of one class: alias, avatar, opting out."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="public_profiles"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_profiles"
    )
    alias = models.CharField(_("alias"), max_length=20, choices=ALIAS_CHOICES, blank=True)
    avatar = models.CharField(_("avatar"), max_length=20, choices=AVATAR_CHOICES, blank=True)
    opt_out = models.BooleanField(
        _("do not show my name"),
        default=False,
        help_text=_("You are still counted in the class's totals, never named."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="one_profile_per_class"),
            # Two students never share an alias in one class.
            models.UniqueConstraint(
                fields=["classroom", "alias"],
                condition=~Q(alias=""),
                name="alias_unique_in_class",
            ),
        ]


class Goal(models.Model):
    """A finish line: a student's (student set) or the whole class's (student null)."""

    class Kind(models.TextChoices):
        STANDARDS = "standards", _("Master a number of standards")
        LIST = "list", _("Master a chosen list of standards")
        COUNTED = "counted", _("Something I count myself")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUGGESTED = "suggested", _("Suggested by a teacher")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="goals"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
        help_text=_("Empty: a goal for the whole class."),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STANDARDS)
    title = models.CharField(
        _("what"), max_length=120, blank=True, help_text=_("e.g. “Read chapter books”.")
    )
    target = models.PositiveIntegerField(_("how many"))
    unit = models.ForeignKey(
        "standards.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    standards = models.ManyToManyField("standards.Standard", blank=True, related_name="+")
    deadline = models.DateField(_("by"))
    set_on = models.DateField()
    public = models.BooleanField(
        _("show on the public class map"),
        default=False,
        help_text=_("Public goals appear on the class map when reached; private ones never."),
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["classroom", "state"])]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=1), name="goal_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.classroom} · {self.student or 'class'} · {self.target} by {self.deadline}"

    @property
    def is_class_goal(self) -> bool:
        return self.student_id is None


class CheckIn(models.Model):
    """Progress on a counted goal, recorded by the student; a teacher may confirm it."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="check_ins")
    on = models.DateField(_("on"))
    amount = models.PositiveSmallIntegerField(_("how many"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="check_in_amount_positive"),
        ]


class DismissedAlert(models.Model):
    """An alert a teacher dismissed. The key names the occasion (the goal and its state, the
    last evidence before a stall, the count of *not yet*), so a new occasion alerts again."""

    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="dismissed_alerts"
    )
    key = models.CharField(max_length=120)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dismissed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "key"], name="one_dismissal_per_alert"),
        ]
