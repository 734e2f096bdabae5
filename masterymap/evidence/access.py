"""Access helpers for evidence and its attachments (the rules: accounts.access)."""

from __future__ import annotations

from django.http import Http404

from masterymap.accounts.access import may_read_student_on_map
from masterymap.accounts.models import User
from masterymap.evidence.models import Attachment, Evidence


def get_evidence_for_user(user: User, evidence_id: int) -> Evidence:
    """Evidence the user may read: their own, or a student's in a class they manage."""
    try:
        evidence = Evidence.objects.select_related("standard", "student").get(pk=evidence_id)
    except Evidence.DoesNotExist:
        raise Http404("No such evidence.") from None
    if not may_read_student_on_map(user, evidence.student_id, evidence.standard.mastery_map_id):
        raise Http404("No such evidence.")
    return evidence


def get_evidence_for_teacher(user: User, evidence_id: int) -> Evidence:
    """Evidence a teacher may correct: a student's in a class they manage."""
    # Students never correct evidence, not even their own.
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
    if not may_read_student_on_map(user, evidence.student_id, evidence.standard.mastery_map_id):
        raise Http404("No such file.")
    return attachment
