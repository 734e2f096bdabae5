"""Access helpers for items, forms and attempts (the rules: accounts.access)."""

from __future__ import annotations

from django.http import Http404

from masterymap.accounts.access import classrooms_for_user
from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt, Form, Item
from masterymap.standards.access import get_mastery_map_for_editor


def get_item_for_editor(user: User, item_id: int) -> Item:
    """An item of a standard on a map the user may edit."""
    try:
        item = Item.objects.select_related("standard").get(pk=item_id)
    except Item.DoesNotExist:
        raise Http404("No such item.") from None
    get_mastery_map_for_editor(user, item.standard.mastery_map_id)
    return item


def get_form_for_editor(user: User, form_id: int) -> Form:
    """A form of a standard on a map the user may edit."""
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
