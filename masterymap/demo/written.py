"""Written answers in the demo: form C of 7.NS.A.1 (adding integers, where several students
are still working) carries its open-response question; the students still working on it
have handed it in, Tomás has scored one of them, and the others wait in his scoring queue."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.actions import create_form, open_sitting
from masterymap.assessments.models import Attempt, Item, Response
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard
from masterymap.workflows.actions import score_open_response, submit_attempt

CODE = "7.NS.A.1"
WRITTEN = [
    "−3 + 5 = −8 because the numbers get bigger.",
    "I start at −3 on the number line and jump 5 to the right because I add a positive. "
    "I land on 2. Adding a positive always moves right, so −3 + 5 is 5 − 3 = 2.",
    "Start at −3, go right 5 spaces: −2, −1, 0, 1, 2. So it is 2. (photo of my line)",
    "You go left 5 from −3 so it is 2.",
]
# The first answer is scored: a misconception, met with a comment that points the way.
COMMENT = "Adding 5 moves you 5 steps to the right of −3. Draw it and count the steps."


def load_written_answers(
    *,
    teacher: User,
    classroom: Classroom,
    standards: list[Standard],
    today: datetime,
    answer: Callable[[Item, bool, random.Random], list[str]],
    rng: random.Random,
) -> None:
    standard = next((s for s in standards if s.code == CODE), None)
    if standard is None:
        return
    written = Item.objects.filter(standard=standard, kind=Item.Kind.OPEN).first()
    if written is None:
        return
    free = list(
        Item.objects.filter(standard=standard, form_items__isnull=True)
        .exclude(kind=Item.Kind.OPEN)
        .order_by("pk")[:4]
    )
    form = create_form(standard=standard, item_ids=[written.pk, *(i.pk for i in free)])
    # Students of the class who have not mastered the standard, with no sitting open on it.
    done = MasteryRecord.objects.filter(
        classroom=classroom,
        standard=standard,
        status__in=[MasteryRecord.State.MASTERED, MasteryRecord.State.NEEDS_REVIEW],
    ).values("student_id")
    busy = Attempt.objects.filter(
        form__standard=standard, status=Attempt.Status.IN_PROGRESS
    ).values("student_id")
    students = list(
        User.objects.filter(enrollments__classroom=classroom)
        .exclude(pk__in=done)
        .exclude(pk__in=busy)
        .order_by("last_name", "first_name")[: len(WRITTEN)]
    )
    for n, (student, text) in enumerate(zip(students, WRITTEN, strict=False)):
        at = today - timedelta(days=1, hours=n)
        attempt = open_sitting(student=student, form=form, at=at - timedelta(minutes=20))
        answers = {i.pk: answer(i, rng.random() < 0.7, rng) for i in free}
        submit_attempt(attempt=attempt, answers=answers | {written.pk: [text]}, at=at)
    first = Response.objects.filter(attempt__form=form, item=written).order_by("pk").first()
    if first is not None:
        score_open_response(
            response=first, level=1, comment=COMMENT, by=teacher, at=today - timedelta(hours=20)
        )
