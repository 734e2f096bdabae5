"""Reads about people and classes, shared by the pages of several apps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, JoinRequest, User, card_key_digest
from masterymap.lib.relations import rows_pointing_at
from masterymap.lib.statements import Compiled


def _roster(classroom: int) -> QuerySet[User]:
    return User.objects.filter(enrollments__classroom=classroom).order_by(
        "last_name", "first_name", "username"
    )


_ROSTER = Compiled(_roster)  # compiled once (`lib.statements`): the grid's rows


def classroom_roster(classroom: Classroom) -> list[User]:
    """The students enrolled in a class, by last name. One query."""
    return _ROSTER.objects(classroom=classroom.pk)


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these accounts are paused after too many wrong passwords (django-axes keeps
    the count; a lock ends AXES_COOLOFF_TIME after the last failure). One query."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    # One row per account, address and browser: an account's failures are their sum.
    return set(
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )


def student_for_card(card_key: str) -> User | None:
    """The active student whose login card carries this key, or None: a wrong key, a
    revoked card (a newer one was printed, or the password changed), a deactivated account
    and a staff account all look the same. One query (with the school, which signing in
    reads for the language)."""
    return (
        User.objects.select_related("school")
        .filter(card_key_hash=card_key_digest(card_key), role=User.Role.STUDENT, is_active=True)
        .first()
    )


def waiting_classrooms(student: User) -> list[Classroom]:
    """The classes a student asked to join and is waiting to be let into (an archived class
    lets nobody in, so it is not listed). One query."""
    return list(
        Classroom.objects.filter(join_requests__student=student, archived_at__isnull=True).order_by(
            "name"
        )
    )


def move_targets(classroom: Classroom, user: User) -> list[Classroom]:
    """The classes `user` may move a student of `classroom` into: the others of its school
    they manage (a teacher: the ones they teach), not archived. One query."""
    return list(
        access.classrooms_for_user(user, include_archived=False)
        .filter(school_id=classroom.school_id)
        .exclude(pk=classroom.pk)
        .order_by("name", "pk")
    )


# Rows that only set a class up (who teaches it, its policy, scale, public map settings, the
# tutoring switch, students waiting at the door): they go with a deleted class. Any other row
# pointing at a class is something that happened in it, and keeps it from being deleted.
_CLASS_SETTINGS = {
    "accounts.classroom_teachers",
    "accounts.joinrequest",
    "mastery.masterypolicy",
    "mastery.proficiencyscale",
    "goals.publicmap",
    "interventions.tutoringoff",
}


def _class_uses(classroom: Classroom) -> dict[str, int]:
    """How many rows of each other model point at the class, settings left out
    (`lib.relations`)."""
    return rows_pointing_at(classroom, _CLASS_SETTINGS)


def classroom_delete_refusals(classroom: Classroom) -> list[str]:
    """Why the class cannot be deleted, one sentence per reason (its students first); empty
    when nothing but its settings points at it. About twenty queries, for the delete page."""
    uses = _class_uses(classroom)
    reasons = []
    students = uses.pop("accounts.enrollment", 0)
    if students:
        reasons.append(
            ngettext(
                "%(count)s student is in it.",
                "%(count)s students are in it.",
                students,
            )
            % {"count": students}
        )
    words = {
        "mastery": _("levels"),
        "goals": _("goals"),
        "interventions": _("steps, practice, tutoring or small groups"),
        "benchmarks": _("benchmarks"),
    }
    named: list[str] = []
    for label in sorted(uses, key=lambda label: (label.split(".")[0] != "mastery", label)):
        word = str(words.get(label.split(".")[0], label.split(".")[0]))
        if word not in named:
            named.append(word)
    if named:
        reasons.append(_("Work is recorded in it: %(what)s.") % {"what": ", ".join(named)})
    return reasons


def join_requests(classroom: Classroom) -> list[JoinRequest]:
    """Students waiting for a teacher to let them into a class, oldest first. One query."""
    return list(JoinRequest.objects.filter(classroom=classroom).select_related("student"))


@dataclass(frozen=True)
class SignInEvent:
    """Wrong passwords for one account from one address (django-axes' count), and whether
    logging in is paused because of them."""

    username: str
    name: str
    role: str
    address: str
    failures: int
    last_at: datetime
    paused: bool


def sign_in_events(school_id: int, limit: int = 200) -> list[SignInEvent]:
    """The school's accounts' recent wrong passwords, newest first. Two queries."""
    people = {
        u.username: u
        for u in User.objects.filter(school_id=school_id).only(
            "username", "first_name", "last_name", "role"
        )
    }
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = AccessAttempt.objects.filter(username__in=list(people)).order_by("-attempt_time")[:limit]
    return [
        SignInEvent(
            username=row.username,
            name=people[row.username].display_name,
            role=people[row.username].get_role_display(),
            address=row.ip_address or "",
            failures=row.failures_since_start,
            last_at=row.attempt_time,
            paused=row.failures_since_start >= settings.AXES_FAILURE_LIMIT
            and row.attempt_time >= since,
        )
        for row in rows
    ]
