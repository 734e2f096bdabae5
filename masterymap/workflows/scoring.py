"""The teacher's scoring queue: open-response answers waiting for a score, for one class.

Scoring itself is `workflows.actions.score_open_response` (it may finish the attempt, which
then becomes evidence and moves the levels)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from masterymap.accounts.models import Classroom
from masterymap.assessments.models import Attempt, Item, Response
from masterymap.assessments.queries import Picture, item_picture
from masterymap.lib.markdown import render_markdown
from masterymap.mastery.scale import Scale, open_response_points
from masterymap.mastery.sentences import label_text

QUEUE_LIMIT = 50


@dataclass(frozen=True)
class LevelOption:
    value: int
    label: str
    points: int


@dataclass(frozen=True)
class QueueEntry:
    response_id: int
    attempt_id: int
    student_name: str
    code: str
    form_label: str
    submitted_at: datetime | None
    stem_html: SafeString
    picture: Picture | None
    answer: str
    has_photo: bool
    rubric_html: SafeString
    points: int
    levels: list[LevelOption]


def _queue(classroom: Classroom) -> QuerySet[Response]:
    return Response.objects.filter(
        item__kind=Item.Kind.OPEN,
        scored_at__isnull=True,
        attempt__status=Attempt.Status.AWAITING,
        attempt__student__enrollments__classroom=classroom,
        attempt__form__standard__mastery_map_id=classroom.mastery_map_id,
    ).exclude(answer=[])


def waiting_count(classroom: Classroom) -> int:
    """How many open-response answers of the class wait for a score. One query."""
    return _queue(classroom).count()


def scoring_queue(classroom: Classroom, scale: Scale) -> list[QueueEntry]:
    """The oldest waiting answers first (at most QUEUE_LIMIT), each with its question, the
    rubric and the levels to choose from with the points each earns. Three queries."""
    rows = (
        _queue(classroom)
        .select_related("item", "attempt__student", "attempt__form__standard")
        .order_by("attempt__submitted_at", "id")[:QUEUE_LIMIT]
    )
    entries = []
    for r in rows:
        item, attempt = r.item, r.attempt
        entries.append(
            QueueEntry(
                response_id=r.pk,
                attempt_id=attempt.pk,
                student_name=attempt.student.display_name,
                code=attempt.form.standard.code,
                form_label=attempt.form.label,
                submitted_at=attempt.submitted_at,
                stem_html=mark_safe(render_markdown(item.stem)),
                picture=item_picture(item),
                answer=str(r.answer[0]) if r.answer else "",
                has_photo=bool(r.photo),
                rubric_html=mark_safe(render_markdown(item.rubric)),
                points=item.points,
                levels=[
                    LevelOption(
                        level.value,
                        label_text(level.label),
                        open_response_points(scale, level.value, item.points),
                    )
                    for level in scale.levels
                ],
            )
        )
    return entries
