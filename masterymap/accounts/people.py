"""Writes a school admin makes on the accounts of their school: add a teacher or a student,
deactivate or reactivate an account, print a new password. The People page calls these; the
Django admin is left to the IT person.

Each takes the acting admin, checks they may manage people of that school (a second guard
behind the access helpers the views use), and logs what it did to "masterymap.accounts" for
the IT person. A new or reset password is generated, shown once on a login card and never
stored in clear.
"""

from __future__ import annotations

import logging

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_manage_people
from masterymap.accounts.actions import LoginCard
from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.accounts.passwords import generated_password
from masterymap.lib.errors import ActionError
from masterymap.lib.names import PersonName, unique_username, username_base

log = logging.getLogger("masterymap.accounts")

NAME_MAX_LENGTH = 150


def _check_admin(admin: User) -> int:
    """The admin's school id, or ActionError when they may not manage people."""
    if not may_manage_people(admin) or admin.school_id is None:
        raise ActionError(_("Only a school admin manages the school's accounts."))
    return admin.school_id


def _check_person(admin: User, person: User) -> None:
    if person.school_id != _check_admin(admin):
        raise ActionError(_("That account belongs to another school."))


def _clean_name(first_name: str, last_name: str) -> PersonName:
    first, last = " ".join(first_name.split()), " ".join(last_name.split())
    if not first:
        raise ActionError(_("Type a first name."))
    if len(first) > NAME_MAX_LENGTH or len(last) > NAME_MAX_LENGTH:
        raise ActionError(
            _("Names can be at most %(count)d characters long.") % {"count": NAME_MAX_LENGTH}
        )
    return PersonName(first_name=first, last_name=last)


def _new_username(name: PersonName, role: str, typed: str) -> str:
    """The username typed (refused when taken, in any case), else 'first.last' made unique
    the way students' are."""
    typed = typed.strip()
    if typed:
        if User.objects.filter(username__iexact=typed).exists():
            raise ActionError(_("That username is taken. Try another."))
        return typed
    base = username_base(name)
    # username_base falls back to "student" for a name with no Latin letters.
    if base == "student" and role != User.Role.STUDENT:
        base = "teacher"
    taken = {
        u.lower()
        for u in User.objects.filter(username__istartswith=base).values_list("username", flat=True)
    }
    return unique_username(base, taken)


def _create_person(
    *, admin: User, role: str, first_name: str, last_name: str, username: str
) -> tuple[User, LoginCard]:
    school_id = _check_admin(admin)
    name = _clean_name(first_name, last_name)
    password = generated_password()
    person = User(
        username=_new_username(name, role, username),
        first_name=name.first_name,
        last_name=name.last_name,
        role=role,
        school_id=school_id,
    )
    person.set_password(password)
    card_key = person.new_card_key() if person.is_student else ""
    person.save()
    return person, LoginCard(person.display_name, person.username, password, card_key)


@transaction.atomic
def create_teacher(
    *, admin: User, first_name: str, last_name: str = "", username: str = ""
) -> LoginCard:
    """A teacher account in the admin's school, with a generated password on a login card.
    `username` empty: 'first.last', with 2, 3… added when taken."""
    teacher, card = _create_person(
        admin=admin,
        role=User.Role.TEACHER,
        first_name=first_name,
        last_name=last_name,
        username=username,
    )
    log.info(
        "teacher created: teacher=%s by=%s school=%s",
        teacher.username,
        admin.username,
        admin.school_id,
    )
    return card


@transaction.atomic
def create_student(
    *,
    admin: User,
    first_name: str,
    last_name: str = "",
    username: str = "",
    classroom: Classroom | None = None,
) -> LoginCard:
    """A student account in the admin's school, enrolled in `classroom` when given (a class
    of the same school), with a generated password on a login card."""
    if classroom is not None and classroom.school_id != admin.school_id:
        raise ActionError(_("Pick a class of your school."))
    if classroom is not None and classroom.is_archived:
        raise ActionError(_("This class is archived: restore it to add students."))
    student, card = _create_person(
        admin=admin,
        role=User.Role.STUDENT,
        first_name=first_name,
        last_name=last_name,
        username=username,
    )
    if classroom is not None:
        Enrollment.objects.create(classroom=classroom, student=student)
    log.info(
        "student created: student=%s by=%s school=%s classroom=%s",
        student.username,
        admin.username,
        admin.school_id,
        classroom.pk if classroom is not None else None,
    )
    return card


@transaction.atomic
def deactivate_person(*, admin: User, person: User) -> User:
    """Stop an account from logging in (it keeps its work, classes and history; a session it
    has open ends at its next request). Deactivating twice is harmless. Refused for the
    admin themself and for the school's last active admin, so a school always keeps one."""
    school_id = _check_admin(admin)
    _check_person(admin, person)
    # Lock the school's active admins: two admins deactivating each other at once must not
    # leave the school with none.
    active_admins = set(
        User.objects.select_for_update()
        .filter(school_id=school_id, role=User.Role.SCHOOL_ADMIN, is_active=True)
        .values_list("pk", flat=True)
    )
    if admin.pk not in active_admins:
        raise ActionError(_("Only a school admin manages the school's accounts."))
    if person.is_school_admin and not active_admins - {person.pk}:
        raise ActionError(_("A school needs at least one active admin."))
    if person.pk == admin.pk:
        raise ActionError(_("You cannot deactivate your own account; ask another admin."))
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        log.info(
            "account deactivated: user=%s by=%s school=%s",
            person.username,
            admin.username,
            school_id,
        )
    return person


@transaction.atomic
def reactivate_person(*, admin: User, person: User) -> User:
    """Let a deactivated account log in again, with its old password. Harmless when active."""
    _check_person(admin, person)
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        log.info(
            "account reactivated: user=%s by=%s school=%s",
            person.username,
            admin.username,
            admin.school_id,
        )
    return person


@transaction.atomic
def reset_person_password(*, admin: User, person: User) -> LoginCard:
    """A new generated password for an account of the school (the old one stops working, and
    so do its open sessions), on a login card (a student's with a new card link, the old
    card's link revoked); a login pause after wrong passwords is lifted
    too. Not for the admin's own account: they change their own password themselves."""
    _check_person(admin, person)
    if person.pk == admin.pk:
        raise ActionError(_("You cannot print a new password for yourself here."))
    password = generated_password()
    person.set_password(password)
    # A student's new card gets a new link too (the old one stops working); staff get none.
    card_key = person.new_card_key() if person.is_student else ""
    if not person.is_student:
        person.card_key_hash = None
    person.save(update_fields=["password", "card_key_hash"])
    cleared = axes_reset(username=person.username)
    log.info(
        "password reset: user=%s by=%s school=%s attempts_cleared=%s",
        person.username,
        admin.username,
        admin.school_id,
        cleared,
    )
    return LoginCard(person.display_name, person.username, password, card_key)
