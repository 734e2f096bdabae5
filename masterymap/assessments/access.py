"""Access helpers for items, forms and attempts (the rules: accounts.access)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from masterymap.accounts.access import classrooms_for_user
from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt, Choice, Form, Item, Response
from masterymap.lib.statements import Compiled
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


def _own_attempt(attempt: int, student: int) -> QuerySet[Attempt]:
    return Attempt.objects.select_related("form__standard").filter(pk=attempt, student=student)


def _attempt(attempt: int) -> QuerySet[Attempt]:
    return Attempt.objects.select_related("form__standard", "student").filter(pk=attempt)


# Compiled once (`lib.statements`): every autosave of every student reads the first, every
# answer sheet and result the second.
_OWN_ATTEMPT = Compiled(_own_attempt)
_ATTEMPT = Compiled(_attempt)


def get_attempt_for_student(user: User, attempt_id: int) -> Attempt:
    """The student's own attempt, for taking, autosaving and submitting it."""
    if not user.is_student:
        raise Http404("No such attempt.")
    found: list[Attempt] = _OWN_ATTEMPT.objects(attempt=attempt_id, student=user.pk)
    if not found:
        raise Http404("No such attempt.")
    found[0].student = user  # theirs, as the query says: not read again
    return found[0]


def get_attempt_for_user(user: User, attempt_id: int) -> Attempt:
    """An attempt the user may read: their own, or one by a student in a class they manage
    whose map holds the attempt's standard."""
    found: list[Attempt] = _ATTEMPT.objects(attempt=attempt_id)
    if not found:
        raise Http404("No such attempt.")
    attempt = found[0]
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


def _may_see_map(user: User, map_id: int) -> bool:
    """Whether the user edits the map, or teaches or learns in a class on it."""
    if classrooms_for_user(user).filter(mastery_map_id=map_id).exists():
        return True
    try:
        get_mastery_map_for_editor(user, map_id)
    except Http404:
        return False
    return True


def get_item_picture_for_user(user: User, item_id: int) -> Item:
    """An item with a picture, for anyone who may meet the item: its map's editors, and the
    teachers and students of classes on that map. A picture shows nothing of the key (its
    file name is random, and a choice's picture is served by the choice's id, which the
    answer sheet already carries)."""
    item = Item.objects.select_related("standard").filter(pk=item_id).first()
    if item is None or not item.image or not _may_see_map(user, item.standard.mastery_map_id):
        raise Http404("No such picture.")
    return item


def get_choice_picture_for_user(user: User, choice_id: int) -> Choice:
    """A choice with a picture, on the same rule as the item's."""
    choice = Choice.objects.select_related("item__standard").filter(pk=choice_id).first()
    if (
        choice is None
        or not choice.image
        or not _may_see_map(user, choice.item.standard.mastery_map_id)
    ):
        raise Http404("No such picture.")
    return choice


def get_photo_for_user(user: User, response_id: int) -> Response:
    """A photo of a student's working: for the student and the teachers who may read the
    attempt (`get_attempt_for_user`)."""
    response = Response.objects.filter(pk=response_id).exclude(photo="").first()
    if response is None:
        raise Http404("No such photo.")
    get_attempt_for_user(user, response.attempt_id)
    return response
