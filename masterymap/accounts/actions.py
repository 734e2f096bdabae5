"""Writes about people and classes. Views, the demo loader and commands all call these."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_create_classes
from masterymap.accounts.models import LANGUAGE_CHOICES, Classroom, Enrollment, User
from masterymap.accounts.passwords import generated_password
from masterymap.lib.errors import ActionError
from masterymap.lib.names import (
    parse_name_line,
    unique_username,
    username_base,
)

log = logging.getLogger("masterymap.accounts")

MAX_NAMES_PER_BATCH = 200


@dataclass(frozen=True)
class LoginCard:
    """What a printed login card shows. The password exists only here, never stored."""

    display_name: str
    username: str
    password: str


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
        student.save()
        Enrollment.objects.create(classroom=classroom, student=student)
        cards.append(LoginCard(student.display_name, username, password))
    return cards


@transaction.atomic
def reset_student_passwords(*, classroom: Classroom, student_ids: list[int]) -> list[LoginCard]:
    """New passwords (and cards) for students enrolled in `classroom`; others are refused."""
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
        student.save(update_fields=["password"])
        cards.append(LoginCard(student.display_name, student.username, password))
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


def _open_classroom_for_code(join_code: str) -> Classroom:
    code = "".join(join_code.split()).upper()
    classroom = Classroom.objects.filter(join_code=code).first()
    if classroom is None or not classroom.join_open:
        raise ActionError(_("That class code is not valid. Check it with your teacher."))
    return classroom


@transaction.atomic
def join_classroom(*, student: User, join_code: str) -> Classroom:
    """Enrol an existing student by class code. Joining twice is harmless."""
    if not student.is_student:
        raise ActionError(_("Only students join classes with a code."))
    classroom = _open_classroom_for_code(join_code)
    if student.school_id != classroom.school_id:
        raise ActionError(_("That class code is not valid. Check it with your teacher."))
    Enrollment.objects.get_or_create(classroom=classroom, student=student)
    return classroom


@transaction.atomic
def register_student(
    *, join_code: str, first_name: str, last_name: str, username: str, password: str
) -> User:
    """A new student signs up with a class code: account and enrolment in one step."""
    classroom = _open_classroom_for_code(join_code)
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(_("That username is taken. Try another."))
    student = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=User.Role.STUDENT,
        school_id=classroom.school_id,
    )
    student.set_password(password)
    student.save()
    Enrollment.objects.create(classroom=classroom, student=student)
    return student


def set_language(*, user: User, language: str) -> User:
    """Remember the interface language a user picked ("" = their school's default)."""
    if language and language not in dict(LANGUAGE_CHOICES):
        raise ActionError(_("Pick English or Spanish."))
    user.language = language
    user.save(update_fields=["language"])
    return user
