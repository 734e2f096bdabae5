"""Who may see what: the rules, and the access helpers for classes and students.

Every user-scoped read goes through an access helper: one function per object and access
level, returning the object or raising Http404, so "does not exist" and "not yours" look the
same and ids cannot be probed. Views never call `.objects.get(pk=...)` on scoped data.

The rules live here, at the bottom of the layers, so every app can use them:
- a school admin: everything in their own school;
- a teacher: the classes they teach and the students enrolled in them; the maps of their
  school (editing only the maps they created);
- a student: their own classes, attempts, evidence and tracker.

Each app keeps the helpers for its own objects next to its models, built only from these
rules: `standards.access` (maps, standards), `assessments.access` (items, forms, attempts),
`evidence.access` (evidence, attachments), `mastery.access` (records, cells). The table in
docs/concepts.md ("Who may see what") lists every helper; a test keeps it complete.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.lib.statements import Compiled


def may_create_classes(user: User) -> bool:
    """Teachers and school admins create classes (in their own school)."""
    return (user.is_teacher or user.is_school_admin) and user.school_id is not None


def may_author_maps(user: User) -> bool:
    """Teachers and school admins create mastery maps (in their own school)."""
    return (user.is_teacher or user.is_school_admin) and user.school_id is not None


def may_set_school_scale(user: User, school_id: int) -> bool:
    """Only a school admin of that school sets its proficiency scale."""
    return user.is_school_admin and user.school_id == school_id


def may_read_sign_in_events(user: User) -> bool:
    """Only a school admin reads the sign-in events (wrong passwords, pauses) of their
    school's accounts."""
    return user.is_school_admin and user.school_id is not None


def may_change_own_password(user: User) -> bool:
    """Staff always change their own password; a student unless a class they are in leaves
    passwords to the teacher."""
    if not user.is_student:
        return True
    return not Classroom.objects.filter(
        enrollments__student=user, students_may_change_password=False
    ).exists()


def may_manage_people(user: User) -> bool:
    """Only an active school admin creates, deactivates and resets the accounts of their own
    school (the Django admin is for the IT person)."""
    return user.is_school_admin and user.is_active and user.school_id is not None


def get_person_for_admin(user: User, person_id: int) -> User:
    """An account of the admin's own school; 404 otherwise, so another school's ids look
    missing."""
    # Only a school admin manages people.
    if not may_manage_people(user) or user.school_id is None:
        raise Http404("No such person.")
    # Only the accounts of their own school.
    try:
        return User.objects.select_related("school").get(pk=person_id, school_id=user.school_id)
    except User.DoesNotExist:
        raise Http404("No such person.") from None


def classrooms_for_user(user: User, *, include_archived: bool = True) -> QuerySet[Classroom]:
    """The classes a user may open. Lists offered for daily use (home, the class list, a
    class to enrol in or move to) pass `include_archived=False`; reading history does not."""
    qs = Classroom.objects.select_related("mastery_map")
    # An archived class is off every list, and still open to whoever may read it.
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    # School admins see every class in their school.
    if user.is_school_admin:
        return qs.filter(school_id=user.school_id) if user.school_id is not None else qs.none()
    # Teachers see the classes they teach.
    if user.is_teacher:
        return qs.filter(teachers=user)
    # Students see the classes they are enrolled in.
    return qs.filter(enrollments__student=user)


def _class_in_school(school: int, classroom: int) -> QuerySet[Classroom]:
    return Classroom.objects.select_related("mastery_map", "school").filter(
        school_id=school, pk=classroom
    )


def _class_taught(teacher: int, classroom: int) -> QuerySet[Classroom]:
    return Classroom.objects.select_related("mastery_map", "school").filter(
        teachers=teacher, pk=classroom
    )


def _class_enrolled(student: int, classroom: int) -> QuerySet[Classroom]:
    return Classroom.objects.select_related("mastery_map").filter(
        pk=classroom, enrollments__student=student
    )


# Compiled once (`lib.statements`): every page of a class starts with one of these.
_IN_SCHOOL = Compiled(_class_in_school)
_TAUGHT = Compiled(_class_taught)
_ENROLLED = Compiled(_class_enrolled)


def _the_class(found: list[Classroom]) -> Classroom:
    if len(found) != 1:  # none; two cannot be (one enrollment, one teaching per class)
        raise Http404("No such class.")
    return found[0]


def get_classroom_for_teacher(user: User, classroom_id: int) -> Classroom:
    """A class the user teaches (or administers); 404 otherwise."""
    # A school admin manages every class in their school.
    if user.is_school_admin and user.school_id is not None:
        return _the_class(_IN_SCHOOL.objects(school=user.school_id, classroom=classroom_id))
    # A teacher manages the classes they teach.
    if user.is_teacher:
        return _the_class(_TAUGHT.objects(teacher=user.pk, classroom=classroom_id))
    # Students never get the teacher's view of a class.
    raise Http404("No such class.")


def may_manage_classroom(user: User, classroom: Classroom) -> bool:
    """Whether `user` manages the class (its roster, archiving it): the rule of
    `get_classroom_for_teacher`, for a class already in hand."""
    # A school admin manages every class in their school.
    if user.is_school_admin and user.school_id is not None:
        return user.school_id == classroom.school_id
    # A teacher manages the classes they teach.
    return user.is_teacher and classroom.teachers.filter(pk=user.pk).exists()


def get_classroom_for_student(user: User, classroom_id: int) -> Classroom:
    """A class the user is enrolled in as a student; 404 otherwise."""
    if not user.is_student:
        raise Http404("No such class.")
    return _the_class(_ENROLLED.objects(student=user.pk, classroom=classroom_id))


def get_student_for_teacher(user: User, classroom: Classroom, student_id: int) -> User:
    """A student enrolled in `classroom`, which the caller already got for a teacher."""
    try:
        return (
            Enrollment.objects.select_related("student")
            .get(classroom=classroom, student_id=student_id)
            .student
        )
    except Enrollment.DoesNotExist:
        raise Http404("No such student in this class.") from None


def get_tracker_owner_for_user(
    user: User, classroom_id: int, student_id: int
) -> tuple[Classroom, User]:
    """(class, student) whose private tracker `user` may open: their own, or their teacher's."""
    # A student opens only their own tracker, and only in a class they are enrolled in.
    if user.is_student:
        if user.pk != student_id:
            raise Http404("No such tracker.")
        return get_classroom_for_student(user, classroom_id), user
    # Teachers and admins: a student enrolled in a class they manage.
    classroom = get_classroom_for_teacher(user, classroom_id)
    return classroom, get_student_for_teacher(user, classroom, student_id)


def may_read_student_on_map(user: User, student_id: int, mastery_map_id: int) -> bool:
    """Whether `user` may read a student's work (attempts, evidence) on a map's standards."""
    # A student reads their own evidence.
    if user.is_student:
        return user.pk == student_id
    # Teachers and admins: a student in a class they manage on the standard's map.
    return (
        classrooms_for_user(user)
        .filter(enrollments__student_id=student_id, mastery_map_id=mastery_map_id)
        .exists()
    )
