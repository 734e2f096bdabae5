"""Access helpers for mastery records: one student on one standard in one class (the rules:
accounts.access)."""

from __future__ import annotations

from django.http import Http404

from masterymap.accounts.access import (
    get_classroom_for_teacher,
    get_student_for_teacher,
    get_tracker_owner_for_user,
)
from masterymap.accounts.models import Classroom, User
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.access import get_standard_in_classroom
from masterymap.standards.models import Standard


def get_record_for_user(
    user: User, classroom_id: int, student_id: int, standard_id: int
) -> tuple[Classroom, User, Standard]:
    """(class, student, standard) of a cell the user may read: the student's own, or a
    student's in a class they manage."""
    classroom, student = get_tracker_owner_for_user(user, classroom_id, student_id)
    return classroom, student, get_standard_in_classroom(classroom, standard_id)


def get_record_for_teacher(
    user: User, classroom_id: int, student_id: int, standard_id: int
) -> MasteryRecord:
    """The mastery record of a cell in a class the user manages, for overriding its level.

    404 for students (even on their own record), for other classes, and for a cell with no
    record yet (no evidence: record a teacher judgement instead).
    """
    # Students never change a level, not even their own.
    if user.is_student:
        raise Http404("No such record.")
    # Teachers and admins: a student enrolled in a class they manage, a standard on its map.
    classroom = get_classroom_for_teacher(user, classroom_id)
    student = get_student_for_teacher(user, classroom, student_id)
    standard = get_standard_in_classroom(classroom, standard_id)
    try:
        return MasteryRecord.objects.select_related("classroom", "student", "standard").get(
            classroom=classroom, student=student, standard=standard
        )
    except MasteryRecord.DoesNotExist:
        raise Http404("No such record.") from None
