"""Every user-scoped read of a class, student, map, standard or attempt goes through here.

One function per object and access level. Each returns the object or raises Http404: "does
not exist" and "not yours" look the same, so ids cannot be probed. Views and the API never
call `.objects.get(pk=...)` on scoped data.

Who may see what:
- a school admin: everything in their own school;
- a teacher: the classes they teach, the students enrolled in them, the maps of their
  school (editing only the maps they created);
- a student: their own classes, attempts and tracker.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.assessments.models import Attempt, Form, Item
from masterymap.evidence.models import Attachment, Evidence
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import MasteryMap, Standard


def classrooms_for_user(user: User) -> QuerySet[Classroom]:
    """The classes a user may open, for lists."""
    qs = Classroom.objects.select_related("mastery_map")
    # School admins see every class in their school.
    if user.is_school_admin:
        return qs.filter(school_id=user.school_id)
    # Teachers see the classes they teach.
    if user.is_teacher:
        return qs.filter(teachers=user)
    # Students see the classes they are enrolled in.
    return qs.filter(enrollments__student=user)


def get_classroom_for_teacher(user: User, classroom_id: int) -> Classroom:
    """A class the user teaches (or administers); 404 otherwise."""
    qs = Classroom.objects.select_related("mastery_map", "school")
    # A school admin manages every class in their school.
    if user.is_school_admin:
        qs = qs.filter(school_id=user.school_id)
    # A teacher manages the classes they teach.
    elif user.is_teacher:
        qs = qs.filter(teachers=user)
    # Students never get the teacher's view of a class.
    else:
        raise Http404("No such class.")
    try:
        return qs.get(pk=classroom_id)
    except Classroom.DoesNotExist:
        raise Http404("No such class.") from None


def get_classroom_for_student(user: User, classroom_id: int) -> Classroom:
    """A class the user is enrolled in as a student; 404 otherwise."""
    if not user.is_student:
        raise Http404("No such class.")
    try:
        return Classroom.objects.select_related("mastery_map").get(
            pk=classroom_id, enrollments__student=user
        )
    except Classroom.DoesNotExist:
        raise Http404("No such class.") from None


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


def get_standard_in_classroom(classroom: Classroom, standard_id: int) -> Standard:
    """A standard on the class's mastery map."""
    try:
        return Standard.objects.select_related("unit").get(
            pk=standard_id, mastery_map_id=classroom.mastery_map_id
        )
    except Standard.DoesNotExist:
        raise Http404("No such standard on this class's map.") from None


def mastery_maps_for_teacher(user: User) -> QuerySet[MasteryMap]:
    """Maps a teacher may use for a class: every map of their school."""
    if not (user.is_teacher or user.is_school_admin):
        return MasteryMap.objects.none()
    return MasteryMap.objects.filter(school_id=user.school_id)


def get_mastery_map_for_editor(user: User, map_id: int) -> MasteryMap:
    """A map the user may edit: one they created, or any in their school for an admin."""
    qs = MasteryMap.objects.filter(school_id=user.school_id)
    # School admins may edit every map of their school.
    if user.is_school_admin:
        pass
    # Teachers edit the maps they created.
    elif user.is_teacher:
        qs = qs.filter(created_by=user)
    else:
        raise Http404("No such map.")
    try:
        return qs.get(pk=map_id)
    except MasteryMap.DoesNotExist:
        raise Http404("No such map.") from None


def get_standard_for_editor(user: User, standard_id: int) -> Standard:
    """A standard on a map the user may edit."""
    try:
        standard = Standard.objects.select_related("unit", "mastery_map").get(pk=standard_id)
    except Standard.DoesNotExist:
        raise Http404("No such standard.") from None
    get_mastery_map_for_editor(user, standard.mastery_map_id)
    return standard


def get_item_for_editor(user: User, item_id: int) -> Item:
    try:
        item = Item.objects.select_related("standard").get(pk=item_id)
    except Item.DoesNotExist:
        raise Http404("No such item.") from None
    get_mastery_map_for_editor(user, item.standard.mastery_map_id)
    return item


def get_form_for_editor(user: User, form_id: int) -> Form:
    try:
        form = Form.objects.select_related("standard").get(pk=form_id)
    except Form.DoesNotExist:
        raise Http404("No such form.") from None
    get_mastery_map_for_editor(user, form.standard.mastery_map_id)
    return form


def get_attempt_for_student(user: User, attempt_id: int) -> Attempt:
    """The student's own attempt, for taking, autosaving and submitting it."""
    if not user.is_student:
        raise Http404("No such attempt.")
    try:
        return Attempt.objects.select_related("form__standard").get(pk=attempt_id, student=user)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None


def get_attempt_for_user(user: User, attempt_id: int) -> Attempt:
    """An attempt the user may read: their own, or one by a student in a class they manage
    whose map holds the attempt's standard."""
    try:
        attempt = Attempt.objects.select_related("form__standard", "student").get(pk=attempt_id)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None
    # A student reads only their own attempts.
    if user.is_student:
        if attempt.student_id != user.pk:
            raise Http404("No such attempt.")
        return attempt
    # Teachers and admins: the student must be in one of their classes on that map.
    managed = classrooms_for_user(user).filter(
        enrollments__student_id=attempt.student_id,
        mastery_map_id=attempt.form.standard.mastery_map_id,
    )
    if not managed.exists():
        raise Http404("No such attempt.")
    return attempt


def _may_read_student_standard(user: User, student_id: int, mastery_map_id: int) -> bool:
    # A student reads their own evidence.
    if user.is_student:
        return user.pk == student_id
    # Teachers and admins: a student in a class they manage on the standard's map.
    return (
        classrooms_for_user(user)
        .filter(enrollments__student_id=student_id, mastery_map_id=mastery_map_id)
        .exists()
    )


def get_evidence_for_user(user: User, evidence_id: int) -> Evidence:
    """Evidence the user may read: their own, or a student's in a class they manage."""
    try:
        evidence = Evidence.objects.select_related("standard", "student").get(pk=evidence_id)
    except Evidence.DoesNotExist:
        raise Http404("No such evidence.") from None
    if not _may_read_student_standard(user, evidence.student_id, evidence.standard.mastery_map_id):
        raise Http404("No such evidence.")
    return evidence


def get_evidence_for_teacher(user: User, evidence_id: int) -> Evidence:
    """Evidence a teacher may correct: a student's in a class they manage."""
    if user.is_student:
        raise Http404("No such evidence.")
    return get_evidence_for_user(user, evidence_id)


def get_attachment_for_user(user: User, attachment_id: int) -> Attachment:
    """An attachment is as private as its evidence: the student and their teachers."""
    try:
        attachment = Attachment.objects.select_related("evidence__standard").get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404("No such file.") from None
    evidence = attachment.evidence
    if not _may_read_student_standard(user, evidence.student_id, evidence.standard.mastery_map_id):
        raise Http404("No such file.")
    return attachment


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
