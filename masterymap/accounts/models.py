from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Join codes avoid look-alike characters (0/O, 1/I/L) because students type them.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def card_key_digest(card_key: str) -> str:
    """What is stored of a login card's key: its SHA-256, in hex.

    A fast hash is enough here, unlike for passwords. A password is chosen by a person (or
    drawn from a word list), so a stolen hash can be attacked by trying likely passwords,
    and only a deliberately slow hash (PBKDF2) makes that expensive. A card key is 32 random
    bytes from `secrets`: there is nothing likely to try, and 2**256 guesses is out of reach
    at any speed. So the card's sign-in needs one SHA-256, not 200 ms of PBKDF2."""
    return hashlib.sha256(card_key.encode()).hexdigest()


# Each language in its own name, as the language control shows it: never translated.
LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


class School(models.Model):
    name = models.CharField(max_length=200, unique=True)
    language = models.CharField(
        _("default language"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text=_("The language of the interface for users who have not picked one."),
    )
    # The OneRoster sourcedId this row came from ("" when made here): a re-import of the same
    # roster updates the row instead of adding another (exchange/roster_import.py).
    sourced_id = models.CharField(max_length=255, blank=True, default="", db_index=True)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Everyone who logs in. `role` decides which pages they get; access.py decides what data."""

    class Role(models.TextChoices):
        SCHOOL_ADMIN = "school_admin", _("School admin")
        TEACHER = "teacher", _("Teacher")
        STUDENT = "student", _("Student")

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # Empty: the school's default language.
    language = models.CharField(
        _("language"), max_length=8, choices=LANGUAGE_CHOICES, blank=True, default=""
    )
    # The OneRoster sourcedId this row came from ("" when made here): a re-import of the same
    # roster updates the row instead of adding another (exchange/roster_import.py).
    sourced_id = models.CharField(max_length=255, blank=True, default="", db_index=True)
    # The SHA-256 of the key in the QR code and link on a student's login card
    # (card_key_digest); empty (NULL) for staff, and for a student without a card or whose
    # card was revoked. A new card replaces it, so the last card printed is the only one
    # that works, as with its password. The key itself is never stored.
    card_key_hash = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False, default=None
    )

    @property
    def interface_language(self) -> str:
        """The language this user reads the interface in: their own, else their school's."""
        if self.language:
            return self.language
        return self.school.language if self.school is not None else ""

    @property
    def display_name(self) -> str:
        full = self.get_full_name().strip()
        return full or self.username

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_school_admin(self) -> bool:
        return self.role == self.Role.SCHOOL_ADMIN

    def new_card_key(self) -> str:
        """A fresh card key for this student's login card, returned once; only its digest
        is kept (not saved here: the action saves it with the new password). Staff sign in
        with their password only, so they never get one."""
        if not self.is_student:
            raise ValueError("Only students have login card keys.")
        card_key = secrets.token_urlsafe(32)
        self.card_key_hash = card_key_digest(card_key)
        return card_key


class Classroom(models.Model):
    """A teacher's section ("class" in the UI): its teachers, students and mastery map."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(max_length=120)
    mastery_map = models.ForeignKey(
        "standards.MasteryMap", on_delete=models.PROTECT, related_name="classrooms"
    )
    teachers = models.ManyToManyField(User, related_name="teaching_classrooms")
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    join_open = models.BooleanField(
        _("joining open"), default=True, help_text=_("Students may join this class with its code.")
    )
    # After this moment the code stops working (joining closes by itself); empty: no expiry.
    join_code_expires_at = models.DateTimeField(_("code expires"), null=True, blank=True)
    # On by default: a stranger who has the code cannot take an assessment (and so read its
    # key) until a teacher of the class lets them in.
    join_needs_approval = models.BooleanField(
        _("approve students who join"),
        default=True,
        help_text=_("Students who join with the code wait for a teacher to let them in."),
    )
    students_may_change_password = models.BooleanField(
        _("students may change their password"),
        default=True,
        help_text=_("Off: only a teacher sets the passwords of this class's students."),
    )
    show_answers = models.CharField(
        max_length=20,
        default="after_attempt",
        help_text=_("When students see the correct answers: assessments.keys.Timing."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Archived (accounts.actions.archive_classroom): off the teachers' and students' class
    # lists, and its code lets nobody in; its grid, trackers and history stay readable to its
    # teachers. A class with students' work is archived, never deleted.
    archived_at = models.DateTimeField(null=True, blank=True)
    # The OneRoster sourcedId this row came from ("" when made here): a re-import of the same
    # roster updates the row instead of adding another (exchange/roster_import.py).
    sourced_id = models.CharField(max_length=255, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class JoinRequest(models.Model):
    """A student who joined with the class code and waits for a teacher to let them in.
    Until then there is no Enrollment, so no page of the class opens for them."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="join_requests")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_requests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"], name="one_join_request_per_class"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(student)s asks to join %(classroom)s") % {
            "student": self.student,
            "classroom": self.classroom,
        }


class Enrollment(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"], name="one_enrollment_per_class"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(student)s in %(classroom)s") % {
            "student": self.student,
            "classroom": self.classroom,
        }
