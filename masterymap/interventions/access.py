"""Access helpers for the interventions app: each returns the object or raises 404 ("not
there" and "not yours" look the same). Built only from the rules in accounts.access and the
helpers of the apps below (docs/concepts.md, "Who may see what")."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from masterymap.accounts.access import classrooms_for_user, get_classroom_for_teacher
from masterymap.accounts.models import Classroom, User
from masterymap.assessments import access as assessments_access
from masterymap.assessments.models import Attempt
from masterymap.interventions.models import (
    GroupMember,
    PracticeRun,
    Resource,
    SmallGroup,
    Step,
    TutorPair,
)
from masterymap.standards.access import get_mastery_map_for_editor, get_standard_for_editor


def inbox_classrooms(user: User) -> list[Classroom]:
    """The classes whose requests land in `user`'s inbox: the ones they teach. Students
    have no inbox (404)."""
    # Students never get the teacher's inbox.
    if user.is_student:
        raise Http404("No inbox.")
    # Teachers and school admins: the classes they teach (the inbox is the teacher's).
    return list(
        Classroom.objects.filter(teachers=user).select_related("mastery_map").order_by("name", "pk")
    )


def may_unlock_retakes(user: User, classroom: Classroom) -> bool:
    """A teacher of the class, or an admin of its school (accounts.access's rules)."""
    # A school admin manages every class in their school.
    if user.is_school_admin and user.school_id is not None:
        return user.school_id == classroom.school_id
    # A teacher unlocks only in the classes they teach.
    return user.is_teacher and classroom.teachers.filter(pk=user.pk).exists()


def get_attempt_for_analysis_writer(user: User, attempt_id: int) -> Attempt:
    """The student's own submitted attempt, whose error analysis they write; 404 otherwise
    (a teacher, another student, an attempt still in progress)."""
    attempt = assessments_access.get_attempt_for_student(user, attempt_id)
    # Only a scored attempt has missed items to look back at.
    if not attempt.is_submitted:
        raise Http404("No such attempt.")
    return attempt


def get_attempt_for_analysis_reader(user: User, attempt_id: int) -> Attempt:
    """A submitted attempt by a student of a class the user teaches (or administers), whose
    error analysis they read and mark read; 404 for students and anyone else."""
    # Students never mark anything read, not even their own.
    if user.is_student:
        raise Http404("No such attempt.")
    # The teacher's reach is the attempt's: a student in a class they manage on that map.
    attempt = assessments_access.get_attempt_for_user(user, attempt_id)
    if not attempt.is_submitted:
        raise Http404("No such attempt.")
    return attempt


def get_group_in_classroom(classroom: Classroom, group_id: int) -> SmallGroup:
    """A small group of `classroom`, which the caller already got for a teacher; 404 for a
    group of another class, so ids cannot be probed."""
    try:
        return SmallGroup.objects.select_related(
            "classroom", "standard", "created_by", "cancelled_by"
        ).get(pk=group_id, classroom=classroom)
    except SmallGroup.DoesNotExist:
        raise Http404("No such group in this class.") from None


def get_member(group: SmallGroup, member_id: int) -> GroupMember:
    """A member of `group` (the caller already got the group for a teacher); 404 otherwise."""
    try:
        return GroupMember.objects.select_related("student", "step").get(pk=member_id, group=group)
    except GroupMember.DoesNotExist:
        raise Http404("No such member in this group.") from None


def get_pair_for_student(user: User, pair_id: int) -> TutorPair:
    """A pair the user is in, as its tutee or its tutor, in a class they are enrolled in;
    404 for anyone else (other students, tutors of other pairs, teachers: they use the
    class's tutoring page)."""
    if not user.is_student:
        raise Http404("No such tutoring.")
    try:
        return (
            TutorPair.objects.select_related("classroom", "standard", "tutee", "tutor", "step")
            .filter(Q(tutee=user) | Q(tutor=user), classroom__enrollments__student=user)
            .get(pk=pair_id)
        )
    except TutorPair.DoesNotExist:
        raise Http404("No such tutoring.") from None


def get_pair_in_classroom(classroom: Classroom, pair_id: int) -> TutorPair:
    """A pair of `classroom`, which the caller already got for a teacher."""
    try:
        return TutorPair.objects.select_related("classroom", "standard", "tutee", "tutor").get(
            pk=pair_id, classroom=classroom
        )
    except TutorPair.DoesNotExist:
        raise Http404("No such tutoring.") from None


def get_resource_for_editor(user: User, resource_id: int) -> Resource:
    """A resource of a standard the user may edit (standards.access)."""
    try:
        resource = Resource.objects.select_related("standard").get(pk=resource_id)
    except Resource.DoesNotExist:
        raise Http404("No such resource.") from None
    get_standard_for_editor(user, resource.standard_id)
    return resource


def get_resource_for_reader(user: User, resource_id: int) -> Resource:
    """A resource to open or download: for students in a class on its map (not once it is
    removed), the teachers and admins of such a class, and whoever may edit the map."""
    try:
        resource = Resource.objects.select_related("standard").get(pk=resource_id)
    except Resource.DoesNotExist:
        raise Http404("No such resource.") from None
    map_id = resource.standard.mastery_map_id
    # Students, teachers and admins of a class on the map (classrooms_for_user's rules).
    if classrooms_for_user(user).filter(mastery_map_id=map_id).exists():
        # A removed resource is gone for students; teachers may still look at it.
        if user.is_student and resource.removed_at is not None:
            raise Http404("No such resource.")
        return resource
    # Whoever edits the map, even with no class on it.
    if user.is_student:
        raise Http404("No such resource.")
    get_mastery_map_for_editor(user, map_id)
    return resource


def get_step_for_user(user: User, step_id: int) -> Step:
    """A step the user may mark done or cancel: the student's own, or a step in a class the
    user teaches (or administers)."""
    try:
        step = Step.objects.select_related("classroom", "standard", "resource").get(pk=step_id)
    except Step.DoesNotExist:
        raise Http404("No such step.") from None
    # A student acts only on their own steps.
    if user.is_student:
        if step.student_id != user.pk:
            raise Http404("No such step.")
        return step
    # Teachers and admins: a class they manage.
    get_classroom_for_teacher(user, step.classroom_id)
    return step


def get_step_for_teacher(user: User, step_id: int) -> Step:
    """A step in a class the user teaches (or administers): for reopening."""
    if user.is_student:
        raise Http404("No such step.")
    return get_step_for_user(user, step_id)


def get_run_for_student(user: User, run_id: int) -> PracticeRun:
    """The student's own practice run."""
    if not user.is_student:
        raise Http404("No such practice.")
    try:
        return PracticeRun.objects.select_related("classroom", "standard", "step").get(
            pk=run_id, student=user, classroom__enrollments__student=user
        )
    except PracticeRun.DoesNotExist:
        raise Http404("No such practice.") from None
