"""Writes about people and classes. Views, the demo loader and commands all call these."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_create_classes, may_manage_classroom
from masterymap.accounts.models import (
    LANGUAGE_CHOICES,
    Classroom,
    Enrollment,
    JoinRequest,
    User,
    new_join_code,
)
from masterymap.accounts.passwords import generated_password
from masterymap.accounts.queries import classroom_delete_refusals
from masterymap.lib.errors import ActionError
from masterymap.lib.names import (
    PersonName,
    parse_name_line,
    unique_username,
    username_base,
)

log = logging.getLogger("masterymap.accounts")

MAX_NAMES_PER_BATCH = 200


@dataclass(frozen=True)
class LoginCard:
    """What a printed login card shows. The password and the card key exist only here,
    never stored (the key only as its SHA-256). Staff cards have no key ("")."""

    display_name: str
    username: str
    password: str
    card_key: str = ""


class SchoolMap(Protocol):
    """What a new class needs of its mastery map (a `standards.MasteryMap`; the standards app
    sits above this one, so it is named by shape, not imported)."""

    pk: int
    school_id: int


@transaction.atomic
def create_classroom(*, teacher: User, name: str, mastery_map: SchoolMap) -> Classroom:
    if not may_create_classes(teacher):
        raise ActionError(_("Only teachers can create classes."))
    if mastery_map.school_id != teacher.school_id:
        raise ActionError(_("That mastery map belongs to another school."))
    name = name.strip()
    if not name:
        raise ActionError(_("Give the class a name."))
    classroom = Classroom.objects.create(
        school_id=teacher.school_id, name=name, mastery_map_id=mastery_map.pk
    )
    classroom.teachers.add(teacher)
    return classroom


def _taken_usernames(bases: set[str]) -> set[str]:
    taken: set[str] = set()
    for base in bases:
        taken.update(
            User.objects.filter(username__startswith=base).values_list("username", flat=True)
        )
    return taken


@transaction.atomic
def enrol_students_by_name(*, classroom: Classroom, names_text: str) -> list[LoginCard]:
    """Create a student account per line of `names_text`, enrol each, return login cards."""
    if classroom.is_archived:
        raise ActionError(_("This class is archived: restore it to add students."))
    names = [n for n in (parse_name_line(line) for line in names_text.splitlines()) if n]
    if not names:
        raise ActionError(_("Type at least one student name, one per line."))
    if len(names) > MAX_NAMES_PER_BATCH:
        raise ActionError(
            _("Add at most %(count)d students at a time.") % {"count": MAX_NAMES_PER_BATCH}
        )
    for name in names:
        if len(name.first_name) > 150 or len(name.last_name) > 150:
            raise ActionError(
                _("This name is too long: %(first)s %(last)s.")
                % {"first": name.first_name, "last": name.last_name}
            )
    taken = _taken_usernames({username_base(n) for n in names})
    cards = []
    for name in names:
        username = unique_username(username_base(name), taken)
        taken.add(username)
        password = generated_password()
        student = User(
            username=username,
            first_name=name.first_name,
            last_name=name.last_name,
            role=User.Role.STUDENT,
            school_id=classroom.school_id,
        )
        student.set_password(password)
        card_key = student.new_card_key()
        student.save()
        Enrollment.objects.create(classroom=classroom, student=student)
        cards.append(LoginCard(student.display_name, username, password, card_key))
    return cards


@transaction.atomic
def reset_student_passwords(*, classroom: Classroom, student_ids: list[int]) -> list[LoginCard]:
    """New passwords and card keys (new cards) for students enrolled in `classroom`; others
    are refused. The old cards stop working, their password and their link alike."""
    students = list(
        User.objects.filter(
            pk__in=student_ids, enrollments__classroom=classroom, role=User.Role.STUDENT
        ).order_by("last_name", "first_name")
    )
    if len(students) != len(set(student_ids)) or not students:
        raise ActionError(_("Pick students from this class's roster."))
    cards = []
    for student in students:
        password = generated_password()
        student.set_password(password)
        card_key = student.new_card_key()
        student.save(update_fields=["password", "card_key_hash"])
        cards.append(LoginCard(student.display_name, student.username, password, card_key))
    return cards


def unlock_student(*, classroom: Classroom, student_id: int, by: User) -> User:
    """Let a student enrolled in `classroom` log in again at once after too many wrong
    passwords (the wait is otherwise AXES_COOLOFF_TIME). Logged for the school admin."""
    student = User.objects.filter(
        pk=student_id, enrollments__classroom=classroom, role=User.Role.STUDENT
    ).first()
    if student is None:
        raise ActionError(_("Pick a student from this class's roster."))
    removed = axes_reset(username=student.username)
    log.info(
        "login unlocked: student=%s by=%s classroom=%s attempts_cleared=%s",
        student.username,
        by.username,
        classroom.pk,
        removed,
    )
    return student


class WrongClassCode(ActionError):
    """A class code that opens nothing now (wrong, closed or expired): counted as a guess."""


def _open_classroom_for_code(join_code: str) -> Classroom:
    """The class a code opens now. Wrong, closed and expired codes get the same answer, so a
    guesser learns nothing from it."""
    code = "".join(join_code.split()).upper()
    classroom = Classroom.objects.filter(join_code=code).first()
    if classroom is not None and classroom.is_archived:
        # Said plainly: a student with last year's code needs to know to ask for the new one
        # (still counted as a guess, and an archived class lets nobody in).
        raise WrongClassCode(
            _(
                "That class is archived: it takes no new students. Ask your teacher for the "
                "code of their current class."
            )
        )
    if (
        classroom is None
        or not classroom.join_open
        or (classroom.join_code_expires_at is not None and classroom.join_code_expires_at <= now())
    ):
        raise WrongClassCode(_("That class code is not valid. Check it with your teacher."))
    return classroom


@dataclass(frozen=True)
class Joined:
    """Where a class code got a student: in the class, or waiting for a teacher."""

    classroom: Classroom
    waiting: bool


def _join(classroom: Classroom, student: User) -> Joined:
    if Enrollment.objects.filter(classroom=classroom, student=student).exists():
        return Joined(classroom, waiting=False)
    if classroom.join_needs_approval:
        JoinRequest.objects.get_or_create(classroom=classroom, student=student)
        log.info("join requested: student=%s classroom=%s", student.username, classroom.pk)
        return Joined(classroom, waiting=True)
    Enrollment.objects.create(classroom=classroom, student=student)
    return Joined(classroom, waiting=False)


@transaction.atomic
def join_classroom(*, student: User, join_code: str) -> Joined:
    """Enrol an existing student by class code, or put them on the teacher's waiting list
    when the class approves who joins. Joining twice is harmless."""
    if not student.is_student:
        raise ActionError(_("Only students join classes with a code."))
    classroom = _open_classroom_for_code(join_code)
    if student.school_id != classroom.school_id:
        raise WrongClassCode(_("That class code is not valid. Check it with your teacher."))
    return _join(classroom, student)


def _new_student_username(first_name: str, last_name: str) -> str:
    """A username for someone signing up: their name and three random digits, so the name
    chosen says nothing about which other accounts exist."""
    base = username_base(PersonName(first_name, last_name)) or "student"
    for digits in [3] * 20 + [6] * 5:
        candidate = f"{base}{secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1)}"
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise ActionError(_("We could not make a username. Try again."))


@transaction.atomic
def register_student(
    *, join_code: str, first_name: str, last_name: str, password: str
) -> tuple[User, Joined]:
    """A new student signs up with a class code: an account, and their place in the class
    (or on its waiting list). The username is made for them and shown once."""
    classroom = _open_classroom_for_code(join_code)
    student = User(
        username=_new_student_username(first_name.strip(), last_name.strip()),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=User.Role.STUDENT,
        school_id=classroom.school_id,
    )
    if not student.first_name:
        raise ActionError(_("Type your first name."))
    try:
        validate_password(password, user=student)
    except ValidationError as e:
        raise ActionError(" ".join(e.messages)) from e
    student.set_password(password)
    student.save()
    return student, _join(classroom, student)


def _requests_in(classroom: Classroom, request_ids: list[int]) -> list[JoinRequest]:
    requests = list(
        JoinRequest.objects.select_related("student").filter(
            classroom=classroom, pk__in=request_ids
        )
    )
    if not requests or len(requests) != len(set(request_ids)):
        raise ActionError(_("Pick students from this class's waiting list."))
    return requests


def _settle_join_requests(
    classroom: Classroom, request_ids: list[int], by: User, *, let_in: bool
) -> list[User]:
    requests = _requests_in(classroom, request_ids)
    students = [r.student for r in requests]
    if let_in:
        for student in students:
            Enrollment.objects.get_or_create(classroom=classroom, student=student)
    JoinRequest.objects.filter(pk__in=[r.pk for r in requests]).delete()
    log.info(
        "join %s: students=%s classroom=%s by=%s",
        "approved" if let_in else "refused",
        ",".join(s.username for s in students),
        classroom.pk,
        by.username,
    )
    return students


@transaction.atomic
def approve_join_requests(*, classroom: Classroom, request_ids: list[int], by: User) -> list[User]:
    """Let students who joined with the code into the class."""
    return _settle_join_requests(classroom, request_ids, by, let_in=True)


@transaction.atomic
def refuse_join_requests(*, classroom: Classroom, request_ids: list[int], by: User) -> list[User]:
    """Turn students away from the class. Their accounts stay (a school admin can
    deactivate them). While the code works they could ask again, so a teacher who turns a
    stranger away should also make a new code."""
    return _settle_join_requests(classroom, request_ids, by, let_in=False)


@transaction.atomic
def rotate_join_code(*, classroom: Classroom, by: User) -> Classroom:
    """A new class code; the old one stops working at once."""
    for _attempt in range(20):
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            break
    classroom.join_code = code
    classroom.save(update_fields=["join_code"])
    log.info("join code rotated: classroom=%s by=%s", classroom.pk, by.username)
    return classroom


MAX_CODE_DAYS = 366


@transaction.atomic
def set_class_joining(
    *,
    classroom: Classroom,
    join_open: bool,
    expires_at: datetime | None,
    needs_approval: bool,
    students_may_change_password: bool,
) -> Classroom:
    """How students get into a class and look after their passwords."""
    if expires_at is not None and join_open:
        if expires_at <= now():
            raise ActionError(_("Pick an expiry in the future, or none."))
        if expires_at > now() + timedelta(days=MAX_CODE_DAYS):
            raise ActionError(_("Pick an expiry within a year."))
    classroom.join_open = join_open
    classroom.join_code_expires_at = expires_at
    classroom.join_needs_approval = needs_approval
    classroom.students_may_change_password = students_may_change_password
    classroom.save(
        update_fields=[
            "join_open",
            "join_code_expires_at",
            "join_needs_approval",
            "students_may_change_password",
        ]
    )
    return classroom


@transaction.atomic
def set_student_password(*, classroom: Classroom, student_id: int, password: str, by: User) -> User:
    """A teacher types a student's new password (instead of printing a generated one).
    It passes the same checks as one the student would choose; logging in works at once.
    The old card stops working: its password no longer does, and its link is revoked too."""
    student = User.objects.filter(
        pk=student_id, enrollments__classroom=classroom, role=User.Role.STUDENT
    ).first()
    if student is None:
        raise ActionError(_("Pick a student from this class's roster."))
    try:
        validate_password(password, user=student)
    except ValidationError as e:
        raise ActionError(" ".join(e.messages)) from e
    student.set_password(password)
    student.card_key_hash = None
    student.save(update_fields=["password", "card_key_hash"])
    axes_reset(username=student.username)
    log.info(
        "password set by hand: student=%s by=%s classroom=%s",
        student.username,
        by.username,
        classroom.pk,
    )
    return student


def revoke_card_key(*, user: User) -> User:
    """The link on this user's login card stops working (someone changed their password:
    the card's password no longer works, so neither does the rest of the card). Harmless
    when there is none."""
    if user.card_key_hash is not None:
        user.card_key_hash = None
        user.save(update_fields=["card_key_hash"])
        log.info("card revoked: user=%s", user.username)
    return user


def set_language(*, user: User, language: str) -> User:
    """Remember the interface language a user picked ("" = their school's default)."""
    if language and language not in dict(LANGUAGE_CHOICES):
        raise ActionError(_("Pick English or Spanish."))
    user.language = language
    user.save(update_fields=["language"])
    return user


# --- archiving, deleting, and students leaving a class ----------------------------------------


def _check_manages(by: User, classroom: Classroom) -> None:
    if not may_manage_classroom(by, classroom):
        raise ActionError(_("Only a teacher of this class can change it."))


@transaction.atomic
def archive_classroom(*, classroom: Classroom, by: User, at: datetime | None = None) -> Classroom:
    """Take a class off the teachers' and students' class lists; its code lets nobody in.
    Nothing is deleted: its roster, levels, goals and history stay readable to its teachers,
    and restoring it brings it all back. Archiving twice is harmless."""
    _check_manages(by, classroom)
    locked = Classroom.objects.select_for_update().get(pk=classroom.pk)
    classroom.archived_at = locked.archived_at or at or now()
    if locked.archived_at is None:
        classroom.save(update_fields=["archived_at"])
        log.info("class archived: classroom=%s by=%s", classroom.pk, by.username)
    return classroom


@transaction.atomic
def restore_classroom(*, classroom: Classroom, by: User) -> Classroom:
    """Put an archived class back on the lists, as it was (its joining settings too)."""
    _check_manages(by, classroom)
    locked = Classroom.objects.select_for_update().get(pk=classroom.pk)
    classroom.archived_at = None
    if locked.archived_at is not None:
        classroom.save(update_fields=["archived_at"])
        log.info("class restored: classroom=%s by=%s", classroom.pk, by.username)
    return classroom


@transaction.atomic
def delete_classroom(*, classroom: Classroom, by: User) -> None:
    """Delete a class nothing has happened in: no students and no work recorded in it
    (`classroom_delete_refusals`); its settings go with it. Anything else is archived."""
    _check_manages(by, classroom)
    classroom = Classroom.objects.select_for_update().get(pk=classroom.pk)
    reasons = classroom_delete_refusals(classroom)
    if reasons:
        raise ActionError(" ".join(reasons))
    log.info("class deleted: classroom=%s name=%r by=%s", classroom.pk, classroom.name, by.username)
    classroom.delete()


@transaction.atomic
def remove_student(*, classroom: Classroom, student_id: int, by: User) -> User:
    """Take a student out of a class: only their enrolment goes. Their evidence is theirs
    (not the class's), and what happened in the class (levels, goals, steps, sittings) stays
    as its history; if they rejoin, it is there again."""
    _check_manages(by, classroom)
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(classroom=classroom, student_id=student_id)
        .first()
    )
    if enrollment is None:
        raise ActionError(_("Pick a student from this class's roster."))
    student = enrollment.student
    enrollment.delete()
    log.info(
        "student removed: student=%s classroom=%s by=%s",
        student.username,
        classroom.pk,
        by.username,
    )
    return student
