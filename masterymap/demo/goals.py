"""The demo class's public map, goals and check-ins (issue 10): written through the goals
app's actions after the term is simulated, with targets read from what each student has
mastered, so the class shows a realistic spread: on track, off track, reached and passed,
a counted goal with check-ins, a suggestion waiting, and a class goal."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from masterymap.accounts.models import Classroom, User
from masterymap.goals import actions
from masterymap.goals.models import Goal, PrivacyMode
from masterymap.goals.pace import FinishLine, PaceState, pace
from masterymap.goals.queries import mastered_in_class
from masterymap.standards.models import Standard

NORMS = (
    "Our map shows what we have learned, never what we have not learned yet. "
    "We cheer every standard, ours and our classmates'. Anyone may pick an alias "
    "or choose not to be named."
)
# (username, alias, avatar, opt out)
PROFILES = [
    ("priya.patel", "owl", "books", False),
    ("kenji.tanaka", "falcon", "rocket", False),
    ("grace.yazzie", "heron", "mountain", False),
    ("dmitri.petrov", "", "", True),
]


def _state(target: int, deadline: date, set_on: date, days: list[date], today: date) -> PaceState:
    return pace(FinishLine(target, deadline, set_on), days, today=today).state


def load_goals(
    *,
    teacher: User,
    classroom: Classroom,
    students: list[User],
    standards: list[Standard],
    today: datetime,
    rng: random.Random,
) -> int:
    """Goals for the demo class; returns how many were set."""
    day = today.date()
    set_at = today - timedelta(days=18)
    set_on = set_at.date()
    actions.save_public_map(
        classroom=classroom,
        privacy_mode=PrivacyMode.FIRST_INITIAL,
        norms=NORMS,
        stalled_after=5,
        by=teacher,
    )
    by_name = {s.username: s for s in students}
    for username, alias, avatar, opt_out in PROFILES:
        if username in by_name:
            actions.save_profile(
                classroom=classroom,
                student=by_name[username],
                alias=alias,
                avatar=avatar,
                opt_out=opt_out,
            )
    mastered = mastered_in_class(classroom)
    days: dict[int, list[date]] = {s.pk: [] for s in students}
    for m in mastered:
        days.setdefault(m.student_id, []).append(m.on)
    everyone = sorted(m.on for m in mastered)
    made = 0

    # The class's finish line: on track, three more weeks of its pace by five weeks' time.
    recent = sum(1 for d in everyone if d > day - timedelta(days=18))
    per_week = recent * 7 / 18
    # Within what the class can master at all (every student, every standard).
    most = len(students) * len(standards)
    class_target = min(len(everyone) + max(5, math.ceil(per_week * 3)), most * 85 // 100)
    actions.set_goal(
        classroom=classroom,
        student=None,
        kind=Goal.Kind.STANDARDS,
        target=class_target,
        deadline=day + timedelta(days=35),
        public=True,
        by=teacher,
        at=set_at,
    )
    made += 1

    pool = students[:]
    rng.shuffle(pool)
    plan = ["on", "on", "on", "on", "off", "off", "off", "reached", "reached", "passed"]
    for student in [s for s in pool if s.username != "dmitri.petrov"]:
        if not plan:
            break
        mine = sorted(days.get(student.pk, []))
        done = len(mine)
        wanted = plan[0]
        if wanted in ("reached", "passed") and done < (2 if wanted == "passed" else 1):
            continue
        if wanted == "on" and done >= len(standards) - 1:
            continue
        if wanted == "reached":
            target, deadline = done, day + timedelta(days=21)
        elif wanted == "passed":
            target, deadline = done - 1, day + timedelta(days=21)
        elif wanted == "off":
            target, deadline = min(len(standards), done + 5), day + timedelta(days=9)
        else:
            target, deadline = min(len(standards), done + 2), day + timedelta(days=35)
        state = _state(target, deadline, set_on, mine, day)
        expected = {
            "on": PaceState.ON_TRACK,
            "off": PaceState.OFF_TRACK,
            "reached": PaceState.REACHED,
            "passed": PaceState.PASSED,
        }[wanted]
        if state is not expected:
            continue
        plan.pop(0)
        actions.set_goal(
            classroom=classroom,
            student=student,
            kind=Goal.Kind.STANDARDS,
            target=target,
            deadline=deadline,
            public=wanted in ("reached", "passed") or rng.random() < 0.4,
            by=student,
            at=set_at,
        )
        made += 1

    # A counted goal of the student's own, with check-ins; the teacher confirmed the first two.
    reader = by_name.get("zoe.williams", students[0])
    books = actions.set_goal(
        classroom=classroom,
        student=reader,
        kind=Goal.Kind.COUNTED,
        title="Read chapter books",
        target=10,
        deadline=day + timedelta(days=40),
        public=True,
        by=reader,
        at=set_at,
    )
    for n, ago in enumerate((16, 11, 6, 2)):
        at = today - timedelta(days=ago)
        check_in = actions.record_check_in(
            goal=books,
            on=at.date(),
            amount=1,
            note=["Wonder", "Holes", "Ghost", "Hatchet"][n],
            at=at,
        )
        if n < 2:
            actions.confirm_check_in(check_in=check_in, by=teacher, at=at + timedelta(hours=20))
    made += 1

    # A teacher's suggestion waiting for the student to accept it.
    taken = set(Goal.objects.filter(classroom=classroom).values_list("student_id", flat=True))
    for student in pool:
        if student.pk not in taken and len(days.get(student.pk, [])) < len(standards) - 2:
            actions.set_goal(
                classroom=classroom,
                student=student,
                kind=Goal.Kind.STANDARDS,
                target=len(days.get(student.pk, [])) + 2,
                deadline=day + timedelta(days=28),
                suggest=True,
                by=teacher,
                at=today - timedelta(days=1),
            )
            made += 1
            break
    return made
