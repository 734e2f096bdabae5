"""Moving a student from one class to another: a roster change that also touches the levels,
so it lives above both accounts and mastery.

What moves and what stays:
- **Evidence** belongs to the student and a standard, never to a class: it needs no moving.
- **The enrolment** moves: one row in the new class, none left in the old one.
- **Levels in the new class** are calculated from that evidence under the new class's policy
  (`mastery.actions.recompute_records`). If the new class follows another map, the evidence
  on the old map's standards stays, and simply does not show there.
- **The old class's records** (levels, overrides, goals, steps, tutoring, sittings) stay as
  its history. The old grid lists only enrolled students, so it no longer shows them; if the
  student comes back, the records are there again.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from masterymap.accounts.access import may_manage_classroom
from masterymap.accounts.models import Classroom, Enrollment, JoinRequest, User
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import recompute_records

log = logging.getLogger("masterymap.workflows")


def _check_move(
    *, student: User, from_classroom: Classroom, to_classroom: Classroom, by: User
) -> None:
    """Every reason a move is refused, first match wins, each in words for the teacher."""
    names = {"name": student.display_name, "classroom": to_classroom.name}
    if (
        to_classroom.pk == from_classroom.pk
        or Enrollment.objects.filter(classroom=to_classroom, student=student).exists()
    ):
        raise ActionError(_("%(name)s is already in %(classroom)s.") % names)
    if to_classroom.school_id != from_classroom.school_id:
        raise ActionError(_("%(classroom)s belongs to another school.") % names)
    if not may_manage_classroom(by, from_classroom) or not may_manage_classroom(by, to_classroom):
        raise ActionError(_("You can move students only between classes you teach."))
    if to_classroom.is_archived:
        raise ActionError(
            _("%(classroom)s is archived: restore it first, or pick another class.") % names
        )


@transaction.atomic
def move_student(
    *, student: User, from_classroom: Classroom, to_classroom: Classroom, by: User
) -> Enrollment:
    """Move a student enrolled in `from_classroom` into `to_classroom` (same school, not
    archived, both managed by `by`), and calculate their levels there from their evidence.
    All or nothing. Returns the new enrolment."""
    old = (
        Enrollment.objects.select_for_update()
        .filter(classroom=from_classroom, student=student)
        .first()
    )
    if old is None:
        raise ActionError(_("Pick a student from this class's roster."))
    _check_move(student=student, from_classroom=from_classroom, to_classroom=to_classroom, by=by)
    # A request to join the new class is settled by the move.
    JoinRequest.objects.filter(classroom=to_classroom, student=student).delete()
    new = Enrollment.objects.create(classroom=to_classroom, student=student)
    old.delete()
    recompute_records(
        classroom=to_classroom,
        student_ids=[student.pk],
        why=_("moved here from %(classroom)s") % {"classroom": from_classroom.name},
        by=by,
    )
    log.info(
        "student moved: student=%s from=%s to=%s by=%s",
        student.username,
        from_classroom.pk,
        to_classroom.pk,
        by.username,
    )
    return new
