"""Loads the demo school: Lakeside Middle School, a Grade 7 maths map and class 7A.

Maps, items, forms, classes and attempts are written through the same actions the
pages use, so the demo data obeys the same rules as real data (accounts are created
directly, to share one pre-hashed demo password). Loading is idempotent: if the demo
school exists, nothing happens. Attempts are simulated for the weeks before `today` with a
fixed random seed, so every fresh install shows the same class a few weeks into a term.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from masterymap.accounts.actions import create_classroom, join_classroom
from masterymap.accounts.models import Classroom, Enrollment, School, User
from masterymap.assessments.actions import (
    ChoiceInput,
    TranslationInput,
    create_form,
    create_item,
    update_item,
)
from masterymap.assessments.models import Attempt, Item
from masterymap.demo import content
from masterymap.evidence.models import Evidence
from masterymap.lib.errors import ActionError
from masterymap.lib.names import PersonName, username_base
from masterymap.mastery.models import MasteryRecord, ProficiencyScale, ScaleLevel
from masterymap.mastery.scale import DEFAULT_SCALE
from masterymap.standards.actions import create_mastery_map, create_standard, create_unit
from masterymap.standards.models import Standard
from masterymap.workflows.actions import (
    record_check,
    record_evidence,
    start_attempt,
    submit_attempt,
)

SCHOOL_NAME = "Lakeside Middle School"
CLASS_NAME = "7A Maths"
DEMO_PASSWORD = "mastery-demo"
ADMIN_USERNAME = "ada"
TEACHER_USERNAME = "tomas"
# The IT person: the only demo account that opens the Django admin (/admin/). Ada, the
# school admin, manages accounts in the app, as a real school's admin would.
IT_USERNAME = "it.admin"
# A teacher who left: her account is deactivated on the People page, so it cannot log in.
FORMER_TEACHER_USERNAME = "helen.park"
NEWCOMER_USERNAME = "leo.fischer"
TERM_DAYS = 28


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    students: int
    standards: int
    attempts: int


def demo_student_usernames() -> list[str]:
    return [username_base(PersonName(first, last)) for first, last in content.STUDENTS]


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hash once: the hasher is deliberately slow, and every demo account shares the password.
    return make_password(DEMO_PASSWORD)


def _user(username: str, first: str, last: str, role: str, school: School, **extra: Any) -> User:
    return User.objects.create(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        school=school,
        password=_demo_password_hash(),
        **extra,
    )


def _item_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    kind = data["kind"]
    spanish = content.SPANISH_ITEMS.get(data["stem"], {})
    translated_choices = spanish.get("choices", [])
    return {
        "kind": kind,
        "stem": data["stem"],
        "feedback": data.get("feedback", ""),
        "choices": [
            ChoiceInput(
                c["text"],
                c["correct"],
                c.get("misconception", ""),
                translated_choices[n] if n < len(translated_choices) else "",
            )
            for n, c in enumerate(data.get("choices", []))
        ],
        "numeric_answer": data.get("answer"),
        "tolerance": data.get("tolerance", 0.0),
        "accepted_answers": data.get("accepted", []),
        "translation": TranslationInput(
            language="es", stem=spanish["stem"], feedback=spanish.get("feedback", "")
        )
        if spanish
        else TranslationInput(),
    }


def _create_demo_item(standard: Standard, data: dict[str, Any], today: datetime) -> Item:
    """An item of the bank, in Spanish too where the demo has its Spanish version. An item
    with `stale_from` gets its Spanish written against that earlier English wording, then
    its English edited, as a teacher would: the editor flags the translation as stale."""
    kwargs = _item_kwargs(data)
    earlier = content.SPANISH_ITEMS.get(data["stem"], {}).get("stale_from")
    if not earlier:
        return create_item(standard=standard, **kwargs)
    item = create_item(
        standard=standard, **(kwargs | {"stem": earlier}), at=today - timedelta(days=TERM_DAYS)
    )
    return update_item(item=item, **kwargs, at=today - timedelta(days=TERM_DAYS - 1))


def _answer(item: Item, right: bool, rng: random.Random) -> list[str]:
    """A plausible answer: the key when `right`, a typical mistake otherwise."""
    choices = list(item.choices.all())
    if item.kind == Item.Kind.SINGLE:
        pool = [c for c in choices if c.is_correct == right]
        return [str(rng.choice(pool).pk)]
    if item.kind == Item.Kind.MULTIPLE:
        correct = [str(c.pk) for c in choices if c.is_correct]
        if right:
            return correct
        wrong = [str(c.pk) for c in choices if not c.is_correct]
        return correct[:-1] + wrong[:1]
    if item.kind == Item.Kind.NUMERIC:
        value = item.numeric_answer or 0
        return [f"{value:g}" if right else f"{value + rng.choice([-2, -1, 1, 10]):g}"]
    return [item.accepted_list[0]] if right else [rng.choice(["I don't know", "?", "12"])]


def _school_days(today: datetime, days: int) -> list[datetime]:
    start = today - timedelta(days=days)
    return [
        start + timedelta(days=n) for n in range(days) if (start + timedelta(days=n)).weekday() < 5
    ]


@transaction.atomic
def load_demo(*, today: datetime | None = None, seed: int = 7) -> DemoSummary:
    if School.objects.filter(name=SCHOOL_NAME).exists():
        return DemoSummary(
            created=False,
            students=Enrollment.objects.filter(classroom__school__name=SCHOOL_NAME).count(),
            standards=Standard.objects.filter(mastery_map__school__name=SCHOOL_NAME).count(),
            attempts=Attempt.objects.filter(
                student__school__name=SCHOOL_NAME, status=Attempt.Status.SUBMITTED
            ).count(),
        )
    rng = random.Random(seed)
    today = timezone.localtime(today or timezone.now())
    school = School.objects.create(name=SCHOOL_NAME)
    _user(ADMIN_USERNAME, *content.ADMIN, User.Role.SCHOOL_ADMIN, school)
    teacher = _user(TEACHER_USERNAME, *content.TEACHER, User.Role.TEACHER, school)
    _user(
        FORMER_TEACHER_USERNAME,
        *content.FORMER_TEACHER,
        User.Role.TEACHER,
        school,
        is_active=False,
    )
    # The IT person belongs to no school: the app's pages show them nothing of Lakeside.
    User.objects.create(
        username=IT_USERNAME,
        first_name=content.IT_PERSON[0],
        last_name=content.IT_PERSON[1],
        role=User.Role.TEACHER,
        password=_demo_password_hash(),
        is_staff=True,
        is_superuser=True,
    )

    mastery_map = create_mastery_map(
        author=teacher,
        title=content.MAP_TITLE,
        description="Grade 7 Common Core mathematics in three units.",
    )
    standards: list[Standard] = []
    for unit_data in content.UNITS:
        unit = create_unit(mastery_map=mastery_map, title=unit_data["title"])
        for std in unit_data["standards"]:
            standard = create_standard(
                unit=unit,
                code=std["code"],
                statement=std["statement"],
                i_can=std["i_can"],
                icon=std["icon"],
                colour=std["colour"],
            )
            for label in sorted(std["forms"]):
                items = [_create_demo_item(standard, d, today) for d in std["forms"][label]]
                create_form(standard=standard, item_ids=[i.pk for i in items])
            for data in std.get("bank", []):
                _create_demo_item(standard, data, today)
            standards.append(standard)

    classroom = create_classroom(teacher=teacher, name=CLASS_NAME, mastery_map=mastery_map)
    students = []
    for (first, last), username in zip(content.STUDENTS, demo_student_usernames(), strict=True):
        language = "es" if (first, last) in content.SPANISH_SPEAKERS else ""
        student = _user(username, first, last, User.Role.STUDENT, school, language=language)
        Enrollment.objects.create(classroom=classroom, student=student)
        students.append(student)
    # A student who joined with the class code: no class page opens for him until Tomás
    # lets him in from the roster's waiting list.
    newcomer = _user(NEWCOMER_USERNAME, *content.NEWCOMER, User.Role.STUDENT, school)
    join_classroom(student=newcomer, join_code=classroom.join_code)

    _default_scale(school)
    attempts = _simulate_term(students, standards, today, rng)
    _teacher_evidence(teacher, classroom, students, standards, today, rng)
    return DemoSummary(True, len(students), len(standards), attempts)


def _default_scale(school: School) -> None:
    """The school's proficiency scale as rows, so the IT person can edit it in the admin."""
    scale = ProficiencyScale.objects.create(school=school, name="Lakeside scale", mastery_value=3)
    ScaleLevel.objects.bulk_create(
        ScaleLevel(
            scale=scale,
            value=lv.value,
            label=lv.label,
            colour=lv.colour,
            min_percent=lv.min_percent,
        )
        for lv in DEFAULT_SCALE.levels
    )


def _teacher_evidence(
    teacher: User,
    classroom: Classroom,
    students: list[User],
    standards: list[Standard],
    today: datetime,
    rng: random.Random,
) -> None:
    """A few station checks and EL evidence, as a teacher records them through a term."""
    records = {
        (r.student_id, r.standard_id): r
        for r in MasteryRecord.objects.filter(classroom=classroom, status="not_yet")
    }
    for n, (student_id, standard_id) in enumerate(sorted(records)[:10]):
        student = next(s for s in students if s.pk == student_id)
        standard = next(s for s in standards if s.pk == standard_id)
        at = today - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 3))
        if n % 3 == 2:
            record_evidence(
                recorded_by=teacher,
                classroom=classroom,
                student=student,
                standard=standard,
                kind=Evidence.Kind.CONFERENCE,
                level=rng.choice([2, 3]),
                assessed_on=at.date(),
                note="Explained the steps in Spanish, then in English with the word bank.",
                at=at,
            )
        else:
            record_check(
                recorded_by=teacher,
                classroom=classroom,
                student=student,
                standard=standard,
                marks=[rng.random() < 0.75 for _ in range(5)],
                assessed_on=at.date(),
                note="Station check.",
                at=at,
            )


def _simulate_term(
    students: list[User], standards: list[Standard], today: datetime, rng: random.Random
) -> int:
    """Students work through the map in order at their own pace, retaking after "not yet"."""
    days = _school_days(today, TERM_DAYS)
    forms_items = {
        s.pk: {
            f.pk: list(f.items.prefetch_related("choices").order_by("form_items__position"))
            for f in s.forms.all()
        }
        for s in standards
    }
    count = 0
    for student in students:
        ability = rng.uniform(0.45, 0.95)
        pace = rng.randint(2, 4)  # attempts per week
        cursor = 0  # index of the next standard to work on
        for day in days:
            if cursor >= len(standards) or rng.random() > pace / 5:
                continue
            standard = standards[cursor]
            moment = day.replace(hour=9 + rng.randint(0, 5), minute=rng.randint(0, 59))
            try:
                attempt = start_attempt(student=student, standard=standard, at=moment)
            except ActionError:  # no form left: the student moves on, as a teacher would allow
                cursor += 1
                continue
            items = forms_items[standard.pk][attempt.form_id]
            # Second tries go better: students reviewed what they missed.
            p_right = min(0.98, ability + 0.12 * (attempt.form.label != "A"))
            answers = {i.pk: _answer(i, rng.random() < p_right, rng) for i in items}
            done = submit_attempt(
                attempt=attempt, answers=answers, at=moment + timedelta(minutes=rng.randint(6, 18))
            )
            count += 1
            if done.mastered or done.form.label == "B":
                cursor += 1
        # About a third of the class has a sitting open right now.
        if cursor < len(standards) and rng.random() < 0.3:
            with contextlib.suppress(ActionError):
                start_attempt(
                    student=student, standard=standards[cursor], at=today - timedelta(hours=1)
                )
    return count
