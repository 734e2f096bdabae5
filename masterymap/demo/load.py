"""Loads the demo school: Lakeside Middle School, a Grade 7 maths map and class 7A.

What a school would bring in from elsewhere comes in through the importers, from files
written by demo/files.py: the map's standards as our standards CSV, the class and its
students as a OneRoster roster, and the questions with pictures and open responses as a QTI
package. So a fresh demo proves that the importers work. Forms, the rest of the questions
and attempts are written through the same actions the pages use, so the demo data obeys the
same rules as real data (the staff accounts are created directly, and every account shares
one pre-hashed demo password). Loading is idempotent: if the demo school exists, nothing
happens. Attempts are simulated for the weeks before `today` with a
fixed random seed, so every fresh install shows the same class a few weeks into a term.

What comes after a score (issue 9) goes through the interventions app's actions too, with
times in the past: look backs at missed tries, routes and practice, peer tutoring, small
groups, the teacher's reads and unlocks. The class keeps the default retake rules (a day's
wait and the look back first), and the simulated students obey them (`_Term`).
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from masterymap.accounts.actions import join_classroom
from masterymap.accounts.models import Classroom, Enrollment, School, User, card_key_digest
from masterymap.assessments.actions import (
    ChoiceInput,
    PictureInput,
    TranslationInput,
    create_form,
    create_item,
    update_item,
)
from masterymap.assessments.models import Attempt, Item
from masterymap.demo import content, files
from masterymap.demo.benchmarks import load_benchmarks
from masterymap.demo.goals import load_goals
from masterymap.demo.pictures import picture, png
from masterymap.demo.written import load_written_answers
from masterymap.evidence.models import Evidence
from masterymap.exchange.importers import Source
from masterymap.exchange.plan import Refused
from masterymap.exchange.registry import importers
from masterymap.interventions.groups import form_group, mark_attendance, next_meeting
from masterymap.interventions.inbox import grid_waiting, unlock_retake
from masterymap.interventions.models import (
    ErrorAnalysis,
    Resource,
    Route,
    SmallGroup,
    Step,
    TutorPair,
)
from masterymap.interventions.reflections import (
    finish_error_analysis,
    mark_error_analysis_read,
    missed_by_attempt,
    save_error_analysis,
)
from masterymap.interventions.routes import (
    add_resource,
    check_practice_answer,
    choose_route,
    finish_practice,
    finish_step,
    open_step,
    set_offered_routes,
    start_practice,
    student_offer,
)
from masterymap.interventions.tutoring import (
    accept_request,
    ask_for_tutor,
    confirm_session,
    offer_to_tutor,
    set_share_analysis,
    suggestions,
)
from masterymap.lib.errors import ActionError
from masterymap.lib.names import PersonName, username_base
from masterymap.mastery.models import MasteryRecord, ProficiencyScale, ScaleLevel
from masterymap.mastery.retake import Lock
from masterymap.mastery.scale import DEFAULT_SCALE
from masterymap.standards.actions import create_mastery_map, update_standard
from masterymap.standards.models import MasteryMap, Standard
from masterymap.workflows.actions import (
    record_check,
    record_evidence,
    start_attempt,
    submit_attempt,
)

SCHOOL_NAME = "Lakeside Middle School"
CLASS_NAME = "7A Maths"
DEMO_PASSWORD = "mastery-demo"
# The key on the first student's login card (Aaliyah's): /card/<key>/ logs her in. A real
# card's key is random and shown once; this one is as public as the demo password.
DEMO_CARD_KEY = "lakeside-demo-card-aaliyah"
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


def _spread_key(choices: list[ChoiceInput], stem: str) -> list[ChoiceInput]:
    return files.turn_to_key(choices, stem, first_is_key=bool(choices) and choices[0].is_correct)


def _import(key: str, user: User, data: bytes, filename: str, **options: Any) -> dict[str, Any]:
    """One file through an importer, as the import pages apply it (all or nothing); returns
    the plan's facts. A refused plan is a bug in the demo's files: say which problems."""
    source = Source(
        user=user, data=data, filename=filename, options={"all_or_nothing": True, **options}
    )
    try:
        plan = importers()[key].apply(source)
    except Refused as refused:
        problems = "; ".join(f"{p.where}: {p.message}" for p in refused.plan.problems)
        raise RuntimeError(f"The demo's {filename} was refused: {problems}") from refused
    return plan.facts


def _import_standards(teacher: User, mastery_map: MasteryMap) -> dict[str, Standard]:
    """The map's units and standards from the demo's standards CSV; then each standard's
    icon and colour, which a CSV does not carry, as the teacher would pick them."""
    _import(
        "standards-csv",
        teacher,
        files.standards_csv(content.UNITS),
        "lakeside-grade7-standards.csv",
        target=str(mastery_map.pk),
        title="",
    )
    by_code = {
        s.code: s for s in Standard.objects.filter(mastery_map=mastery_map).select_related("unit")
    }
    for unit_data in content.UNITS:
        for std in unit_data["standards"]:
            standard = by_code[std["code"]]
            update_standard(
                standard=standard,
                unit=standard.unit,
                code=standard.code,
                statement=standard.statement,
                i_can=standard.i_can,
                icon=std["icon"],
                colour=std["colour"],
                position=standard.position,
            )
    return by_code


def _import_roster(admin: User, mastery_map: MasteryMap) -> tuple[Classroom, list[User]]:
    """Class 7A, its teacher and its students from the demo's OneRoster file; then the
    demo's shared password (a roster carries none), the first student's login card link
    (DEMO_CARD_KEY) and the Spanish speakers' language."""
    usernames = demo_student_usernames()
    roster = files.oneroster_zip(
        school_name=SCHOOL_NAME,
        class_title=CLASS_NAME,
        teacher=(TEACHER_USERNAME, *content.TEACHER),
        students=[
            (username, first, last)
            for (first, last), username in zip(content.STUDENTS, usernames, strict=True)
        ],
    )
    _import("oneroster", admin, roster, "lakeside-roster.zip", org="", mastery_map=mastery_map.pk)
    by_id = {u.sourced_id: u for u in User.objects.filter(school=admin.school_id)}
    students = [by_id[files.student_sourced_id(n)] for n in range(1, len(usernames) + 1)]
    User.objects.filter(pk__in=[s.pk for s in students]).update(password=_demo_password_hash())
    User.objects.filter(pk=students[0].pk).update(card_key_hash=card_key_digest(DEMO_CARD_KEY))
    spanish = [s.pk for s in students if (s.first_name, s.last_name) in content.SPANISH_SPEAKERS]
    User.objects.filter(pk__in=spanish).update(language="es")
    classroom = Classroom.objects.get(school=admin.school_id, sourced_id=files.CLASS_SOURCED_ID)
    fresh = User.objects.in_bulk([s.pk for s in students])
    return classroom, [fresh[s.pk] for s in students]  # in the roster's order


def _import_questions(teacher: User, standard: Standard, items: list[dict[str, Any]]) -> None:
    """Questions with pictures and open responses from a QTI package into the standard's
    bank; then the misconception behind each wrong choice, which QTI does not carry, as the
    teacher would write them in the question editor."""
    names = {d["picture"] for d in items if "picture" in d} | {
        c["picture"] for d in items for c in d.get("choices", []) if "picture" in c
    }
    package = files.items_package(standard.code, items, {name: png(name) for name in names})
    _import("qti", teacher, package, f"{standard.code}-questions.zip", standard=str(standard.pk))
    for n, data in enumerate(items, start=1):
        wrong = {c["text"]: c["misconception"] for c in data.get("choices", [])}
        if not any(wrong.values()):
            continue
        item = Item.objects.get(
            standard=standard, source_id=files.item_identifier(standard.code, n)
        )
        update_item(
            item=item,
            kind=item.kind,
            stem=item.stem,
            points=item.points,
            feedback=item.feedback,
            choices=[
                ChoiceInput(c.text, c.is_correct, wrong.get(c.text, ""))
                for c in item.choices.order_by("position", "id")
            ],
            numeric_answer=item.numeric_answer,
            tolerance=item.tolerance,
            accepted_answers=item.accepted_list,
            keep_order=item.keep_order,
            rubric=item.rubric,
        )


def _item_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    kind = data["kind"]
    spanish = content.SPANISH_ITEMS.get(data["stem"], {})
    translated_choices = spanish.get("choices", [])
    written = [
        ChoiceInput(
            c["text"],
            c["correct"],
            c.get("misconception", ""),
            translated_choices[n] if n < len(translated_choices) else "",
            picture=picture(c["picture"], c["alt"]) if "picture" in c else PictureInput(),
        )
        for n, c in enumerate(data.get("choices", []))
    ]
    return {
        "kind": kind,
        "stem": data["stem"],
        "feedback": data.get("feedback", ""),
        "choices": written if data.get("keep_order") else _spread_key(written, data["stem"]),
        "numeric_answer": data.get("answer"),
        "tolerance": data.get("tolerance", 0.0),
        "accepted_answers": data.get("accepted", []),
        "keep_order": data.get("keep_order", False),
        "points": data.get("points", 1),
        "rubric": data.get("rubric", ""),
        "picture": picture(data["picture"], data["alt"]) if "picture" in data else PictureInput(),
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
    # The school and Tomás carry their student information system's ids, as after a first
    # roster import: the roster below then finds them rather than making them again.
    school = School.objects.create(name=SCHOOL_NAME, sourced_id=files.SCHOOL_SOURCED_ID)
    admin = _user(ADMIN_USERNAME, *content.ADMIN, User.Role.SCHOOL_ADMIN, school)
    teacher = _user(
        TEACHER_USERNAME,
        *content.TEACHER,
        User.Role.TEACHER,
        school,
        sourced_id=files.TEACHER_SOURCED_ID,
    )
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
    by_code = _import_standards(teacher, mastery_map)
    standards: list[Standard] = []
    for unit_data in content.UNITS:
        for std in unit_data["standards"]:
            standard = by_code[std["code"]]
            for label in sorted(std["forms"]):
                items = [_create_demo_item(standard, d, today) for d in std["forms"][label]]
                create_form(standard=standard, item_ids=[i.pk for i in items])
            for data in [
                *std.get("bank", []),
                *content.MATH_ITEMS.get(std["code"], []),
            ]:
                _create_demo_item(standard, data, today)
            standards.append(standard)

    classroom, students = _import_roster(admin, mastery_map)
    # A student who joined with the class code: no class page opens for him until Tomás
    # lets him in from the roster's waiting list.
    newcomer = _user(NEWCOMER_USERNAME, *content.NEWCOMER, User.Role.STUDENT, school)
    join_classroom(student=newcomer, join_code=classroom.join_code)

    _default_scale(school)
    term = _Term(
        teacher=teacher,
        classroom=classroom,
        students=students,
        standards=standards,
        today=today,
        rng=rng,
    )
    # Practice draws its questions with `random`: seeded too, so every load is the same.
    state = random.getstate()
    random.seed(seed)
    try:
        term.attach_resources()
        attempts = term.run()
        _teacher_evidence(teacher, classroom, students, standards, today, rng)
        term.today_()
        term.open_sittings()
        load_goals(
            teacher=teacher,
            classroom=classroom,
            students=students,
            standards=standards,
            today=today,
            rng=rng,
        )
        load_benchmarks(
            teacher=teacher,
            classroom=classroom,
            students=students,
            standards=standards,
            today=today,
            rng=rng,
        )
        # Written last, so the term above draws from the banks it always had: questions
        # with pictures and open responses, then written answers waiting to be scored.
        for standard in standards:
            later = [
                *content.PICTURE_ITEMS.get(standard.code, []),
                *content.OPEN_ITEMS.get(standard.code, []),
            ]
            if later:
                _import_questions(teacher, standard, later)
        load_written_answers(
            teacher=teacher,
            classroom=classroom,
            standards=standards,
            today=today,
            answer=_answer,
            rng=random.Random(seed + 1),
        )
    finally:
        random.setstate(state)
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
    """A few station checks and EL evidence, as a teacher records them through a term:
    first for students who used every form (the inbox says the teacher decides)."""
    records = {
        (r.student_id, r.standard_id): r
        for r in MasteryRecord.objects.filter(classroom=classroom, status="not_yet")
    }
    every_form = {
        (row["student_id"], row["form__standard_id"])
        for row in Attempt.objects.filter(
            student__in=students, status=Attempt.Status.SUBMITTED, form__label="B"
        ).values("student_id", "form__standard_id")
    }
    cells = sorted(records, key=lambda cell: (cell not in every_form, cell))
    for n, (student_id, standard_id) in enumerate(cells[:10]):
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


# --- the term, after the score included (issue 9) ------------------------------------------
#
# Students work through the map in order at their own pace. After "not yet" most look back
# at the try (why each question was missed, how they would fix it, one reflection) that day
# or the next, some pick a route (practice, a resource, a peer tutor), and they retake on a
# later day: the class keeps the default retake rules (a day's wait, the look back first),
# so "I'm ready" refuses a retake before both. A student told "First write your reflection"
# writes it there and then, or not yet. The teacher reads look backs on Fridays and met one
# small group. "Today" adds what a teacher finds on a morning: requests, tutoring pairs in
# every state, a group meeting today, a retake they unlocked and students still locked.

SPANISH_SHARE = 0.7  # how often a Spanish speaker writes their look back in Spanish
MISS_REASONS = ["careless", "misread", "did_not_know", "other"]
MISS_WEIGHTS = [0.35, 0.2, 0.4, 0.05]
PEER_OFFER_STANDARDS = 6  # students offer to tutor the first standards of the map only


@dataclass
class _Pupil:
    user: User
    ability: float  # chance of answering a question right
    pace: int  # assessments a week
    diligence: float  # chance of looking back at a missed try on their own
    spanish: bool
    cursor: int = 0  # index of the standard they work on
    waiting: Attempt | None = None  # a "not yet" on form A, before the retake
    ready_at: datetime | None = None  # when they finished looking back at it
    worked: bool = False  # they took a route since that "not yet"


class _Term:
    def __init__(
        self,
        *,
        teacher: User,
        classroom: Classroom,
        students: list[User],
        standards: list[Standard],
        today: datetime,
        rng: random.Random,
    ) -> None:
        self.teacher = teacher
        self.classroom = classroom
        self.standards = standards
        self.today = today
        self.rng = rng
        self.days = [d.replace(second=0, microsecond=0) for d in _school_days(today, TERM_DAYS)]
        self.attempts = 0
        self.touched: set[int] = set()  # students given a part to play "today"
        self.locked_today: set[int] = set()  # this morning's tries and the unlocked one
        spanish = {
            username_base(PersonName(first, last)) for first, last in content.SPANISH_SPEAKERS
        }
        self.pupils = [
            _Pupil(
                user=student,
                ability=rng.uniform(0.45, 0.95),
                pace=rng.randint(2, 4),
                diligence=rng.uniform(0.55, 1.0),
                spanish=student.username in spanish,
            )
            for student in students
        ]
        self.forms_items = {
            s.pk: {
                f.pk: list(f.items.prefetch_related("choices").order_by("form_items__position"))
                for f in s.forms.all()
            }
            for s in standards
        }
        self.by_code = {s.code: s for s in standards}

    # --- the teacher's set-up -------------------------------------------------------------

    def attach_resources(self) -> None:
        """Resources on a few standards and one standard's routes, before the term."""
        at = self.today - timedelta(days=TERM_DAYS + 1)
        for code, resources in content.RESOURCES.items():
            standard = self.by_code[code]
            for data in resources:
                bank: list[int] = []
                if data.get("bank"):
                    bank = list(
                        Item.objects.filter(standard=standard, form_items__isnull=True)
                        .order_by("pk")
                        .values_list("pk", flat=True)
                    )
                add_resource(
                    standard=standard,
                    kind=data["kind"],
                    title=data["title"],
                    url=data.get("url", ""),
                    item_ids=bank,
                    by=self.teacher,
                    at=at,
                )
        for code, offered in content.CONFIGURED_ROUTES.items():
            set_offered_routes(standard=self.by_code[code], routes=offered, by=self.teacher)

    # --- the weeks before today -----------------------------------------------------------

    def run(self) -> int:
        group_day = len(self.days) - 6  # the small group that met last week
        group: SmallGroup | None = None
        for n, day in enumerate(self.days):
            if n == group_day:
                group = self._form_past_group(day)
            if n == group_day + 1 and group is not None:
                self._mark_attendance(group, day)
            for pupil in self.pupils:
                self._pupil_day(pupil, day)
            if day.weekday() == 4:
                self._read_look_backs(day.replace(hour=16, minute=30))
        return self.attempts

    def _pupil_day(self, pupil: _Pupil, day: datetime) -> None:
        rng = self.rng
        if pupil.cursor >= len(self.standards) or rng.random() > pupil.pace / 5:
            return
        standard = self.standards[pupil.cursor]
        moment = day.replace(hour=9 + rng.randint(0, 5), minute=rng.randint(0, 59))
        if pupil.waiting is not None:
            if pupil.ready_at is not None and pupil.ready_at >= moment:
                return  # they look back this evening: the retake waits
            if pupil.ready_at is None:
                # "I'm ready" says: first write your reflection on your last try.
                if rng.random() > 0.4 + pupil.diligence / 2:
                    return
                self._look_back(pupil, pupil.waiting, at=moment)
                pupil.ready_at = moment
                moment += timedelta(minutes=rng.randint(10, 30))
        attempt = start_attempt(student=pupil.user, standard=standard, at=moment)
        done = self._sit(pupil, attempt, moment, p_right=None)
        if done.mastered:
            pupil.cursor += 1
            pupil.waiting = pupil.ready_at = None
            self._after_mastery(pupil, done, standard)
            return
        pupil.waiting, pupil.ready_at, pupil.worked = done, None, False
        self._after_not_yet(pupil, done, standard)
        if done.form.label != "A":
            # Every form used: the teacher decides (the inbox says so); they go on.
            pupil.cursor += 1
            pupil.waiting = None

    def _sit(
        self, pupil: _Pupil, attempt: Attempt, moment: datetime, *, p_right: float | None
    ) -> Attempt:
        items = self.forms_items[attempt.form.standard_id][attempt.form_id]
        if p_right is None:
            # Second tries go better: students looked back at what they missed, and
            # better still after practice, a resource or a tutor.
            retake = attempt.form.label != "A"
            p_right = min(0.98, pupil.ability + 0.18 * retake + 0.1 * (retake and pupil.worked))
            p_right -= content.HARD_STANDARDS.get(attempt.form.standard.code, 0)
        answers = {i.pk: _answer(i, self.rng.random() < p_right, self.rng) for i in items}
        self.attempts += 1
        return submit_attempt(
            attempt=attempt,
            answers=answers,
            at=moment + timedelta(minutes=self.rng.randint(6, 18)),
        )

    def _after_mastery(self, pupil: _Pupil, attempt: Attempt, standard: Standard) -> None:
        rng = self.rng
        assert attempt.submitted_at is not None
        later = attempt.submitted_at + timedelta(minutes=rng.randint(5, 90))
        if later >= self.today:
            return
        peer = Route.PEER in content.CONFIGURED_ROUTES.get(standard.code, [Route.PEER])
        if peer and self.standards.index(standard) < PEER_OFFER_STANDARDS and rng.random() < 0.45:
            offer_to_tutor(
                classroom=self.classroom, student=pupil.user, standard=standard, at=later
            )
        if rng.random() < 0.2:
            self._look_back(pupil, attempt, at=later, mastered=True)

    def _after_not_yet(self, pupil: _Pupil, attempt: Attempt, standard: Standard) -> None:
        """The look back that day or the next (or not yet), a draft first sometimes, and
        perhaps a route."""
        rng = self.rng
        assert attempt.submitted_at is not None
        end = attempt.submitted_at
        draw = rng.random()
        if draw < pupil.diligence * 0.65:
            at = end + timedelta(minutes=rng.randint(15, 240))
        elif draw < pupil.diligence:
            evening = end + timedelta(days=1)
            at = evening.replace(hour=rng.randint(16, 20), minute=rng.randint(0, 59))
        else:
            if rng.random() < 0.3:
                # Begun and left: the draft waits (and so does the retake).
                self._look_back(pupil, attempt, at=end + timedelta(minutes=4), draft=True)
            return  # not yet: "I'm ready" will remind them
        if rng.random() < 0.15:
            # Started in class, finished at home.
            self._look_back(pupil, attempt, at=end + timedelta(minutes=5), draft=True)
        if at >= self.today - timedelta(minutes=30):
            return  # later than now: still a draft, or not begun
        self._look_back(pupil, attempt, at=at)
        pupil.ready_at = at
        if rng.random() < 0.5:
            self._take_route(
                pupil, attempt, standard, at=at + timedelta(minutes=rng.randint(3, 40))
            )

    def _look_back(
        self,
        pupil: _Pupil,
        attempt: Attempt,
        *,
        at: datetime,
        draft: bool = False,
        mastered: bool = False,
    ) -> None:
        """Why each question was missed, a fix and the reflection; all of it finished, or a
        draft with the first reasons only."""
        rng = self.rng
        missed = missed_by_attempt([attempt])[attempt.pk]
        if draft:
            missed = missed[: max(1, len(missed) // 2)]
        spanish = pupil.spanish and rng.random() < SPANISH_SHARE
        fixes_by_reason = content.SPANISH_FIXES if spanish else content.FIXES
        reasons: dict[int, str] = {}
        fixes: dict[int, str] = {}
        for miss in missed:
            if miss.belief and rng.random() < 0.6:
                reason = "misconception"
            else:
                reason = rng.choices(MISS_REASONS, MISS_WEIGHTS)[0]
            reasons[miss.item_id] = reason
            if rng.random() < 0.85:
                fixes[miss.item_id] = rng.choice(fixes_by_reason[reason])
        if draft:
            summary = None
        elif mastered:
            summary = rng.choice(content.MASTERED_REFLECTIONS)
        else:
            summary = rng.choice(content.SPANISH_REFLECTIONS if spanish else content.REFLECTIONS)
        save_error_analysis(
            attempt=attempt,
            student=pupil.user,
            reasons=reasons,
            fixes=fixes,
            summary=summary,
            at=at,
        )
        if not draft:
            finish_error_analysis(attempt=attempt, student=pupil.user, at=at)

    def _take_route(
        self, pupil: _Pupil, attempt: Attempt, standard: Standard, *, at: datetime
    ) -> None:
        """Practice, a resource or a peer tutor, as offered; done before the retake."""
        rng = self.rng
        if at >= self.today or open_step(
            classroom=self.classroom, student=pupil.user, standard=standard
        ):
            return
        offer = student_offer(classroom=self.classroom, student=pupil.user, standard=standard)
        choices: list[str] = []
        weights: list[float] = []
        if Route.PRACTICE in offer.routes:
            choices.append(Route.PRACTICE)
            weights.append(0.5)
        if Route.RESOURCES in offer.routes and offer.resources:
            choices.append(Route.RESOURCES)
            weights.append(0.35)
        if Route.PEER in offer.routes and suggestions(
            classroom=self.classroom, standard=standard, tutee=pupil.user
        ):
            choices.append(Route.PEER)
            weights.append(0.25)
        if not choices:
            return
        route = rng.choices(choices, weights)[0]
        pupil.worked = True
        if route == Route.PRACTICE:
            choose_route(attempt=attempt, student=pupil.user, route=route, at=at)
            sets = offer.practice_sets
            resource = rng.choice(sets) if sets and rng.random() < 0.6 else None
            runs = 2 if rng.random() < 0.3 else 1
            for n in range(runs):
                at = self._practise(pupil, standard, resource, at=at, step_done=n == runs - 1)
        elif route == Route.RESOURCES:
            resource = rng.choice(offer.resources)
            step = choose_route(
                attempt=attempt, student=pupil.user, route=route, resource_id=resource.pk, at=at
            )
            finish_step(step=step, by=pupil.user, at=at + timedelta(minutes=rng.randint(5, 45)))
        else:
            self._peer_session(pupil, standard, at=at)

    def _practise(
        self,
        pupil: _Pupil,
        standard: Standard,
        resource: Resource | None,
        *,
        at: datetime,
        step_done: bool,
    ) -> datetime:
        """One practice run, every question answered; returns when it ended."""
        rng = self.rng
        run = start_practice(
            classroom=self.classroom,
            student=pupil.user,
            standard=standard,
            resource=resource,
            at=at,
        )
        items = Item.objects.filter(pk__in=run.item_ids).prefetch_related("choices")
        p_right = min(0.95, pupil.ability + 0.05)
        for item in sorted(items, key=lambda i: run.item_ids.index(i.pk)):
            at += timedelta(minutes=rng.randint(1, 4))
            check_practice_answer(
                run=run, item_id=item.pk, answer=_answer(item, rng.random() < p_right, rng), at=at
            )
        at += timedelta(minutes=1)
        finish_practice(run=run, by=pupil.user, step_done=step_done, at=at)
        return at

    def _peer_session(self, pupil: _Pupil, standard: Standard, *, at: datetime) -> TutorPair:
        """Ask for a peer tutor; the tutor accepts; they meet at lunch the next day and both
        confirm. Whatever would happen after now has not happened yet."""
        rng = self.rng
        pair = ask_for_tutor(classroom=self.classroom, student=pupil.user, standard=standard, at=at)
        if rng.random() < 0.5:
            pair = set_share_analysis(pair=pair, by=pupil.user, share=True)
        tutor = pair.tutor
        if tutor is None:
            return pair
        answered = at + timedelta(hours=rng.randint(2, 20))
        if answered >= self.today:
            return pair
        pair = accept_request(pair=pair, by=tutor, at=answered)
        lunch = (at + timedelta(days=1)).replace(hour=12, minute=rng.randint(20, 40))
        for who in (pupil.user, tutor):
            lunch += timedelta(minutes=rng.randint(15, 200))
            if lunch >= self.today:
                break
            pair = confirm_session(pair=pair, by=who, at=lunch)
        return pair

    def _read_look_backs(self, at: datetime) -> None:
        """On Fridays the teacher reads most of the week's finished look backs."""
        for attempt_id in (
            ErrorAnalysis.objects.filter(
                attempt__student__enrollments__classroom=self.classroom,
                finished_at__lt=at,
                read_at__isnull=True,
            )
            .order_by("pk")
            .values_list("attempt_id", flat=True)
        ):
            if self.rng.random() < 0.6:
                mark_error_analysis_read(attempt=Attempt(pk=attempt_id), by=self.teacher, at=at)

    def _not_yet_cells(self, *, at: datetime | None = None) -> dict[int, list[User]]:
        """Students *not yet* on each standard, with no open step there, by standard."""
        busy = set(
            Step.objects.filter(
                classroom=self.classroom, done_at__isnull=True, cancelled_at__isnull=True
            ).values_list("student_id", "standard_id")
        )
        users = {p.user.pk: p.user for p in self.pupils}
        cells: dict[int, list[User]] = {}
        for student_id, standard_id in (
            MasteryRecord.objects.filter(
                classroom=self.classroom, status=MasteryRecord.State.NOT_YET
            )
            .order_by("student__last_name", "student_id")
            .values_list("student_id", "standard_id")
        ):
            if (student_id, standard_id) not in busy and student_id not in self.locked_today:
                cells.setdefault(standard_id, []).append(users[student_id])
        return cells

    def _form_past_group(self, day: datetime) -> SmallGroup | None:
        cells = self._not_yet_cells()
        if not cells:
            return None
        standard_id, students = max(cells.items(), key=lambda kv: len(kv[1]))
        if len(students) < 2:
            return None
        members = self.rng.sample(students, min(4, len(students)))
        meets = next((d for d in self.days if d > day), day).replace(hour=9, minute=15)
        return form_group(
            classroom=self.classroom,
            standard=next(s for s in self.standards if s.pk == standard_id),
            student_ids=[m.pk for m in members],
            meets_at=meets,
            note=content.PAST_GROUP_NOTE,
            by=self.teacher,
            at=day.replace(hour=15, minute=40),
        )

    def _mark_attendance(self, group: SmallGroup, day: datetime) -> None:
        """Everyone came but one."""
        members = list(group.members.order_by("pk"))
        absent = self.rng.choice(members)
        for member in members:
            mark_attendance(
                member=member,
                attended=member != absent,
                by=self.teacher,
                at=day.replace(hour=10, minute=5),
            )

    # --- today --------------------------------------------------------------------------

    def today_(self) -> None:
        """What the teacher finds this morning. Everything happened before now."""
        now = self.today
        self._group_today(now)
        self._morning_tries(now)
        self._unlock_one(now - timedelta(minutes=50))
        self._requests(now)
        self._pairs(now)

    def _latest(self, student: User, standard: Standard) -> Attempt:
        attempt = (
            Attempt.objects.filter(
                student=student, form__standard=standard, status=Attempt.Status.SUBMITTED
            )
            .select_related("form__standard")
            .order_by("-submitted_at", "-pk")
            .first()
        )
        assert attempt is not None
        return attempt

    def _after(self, attempt: Attempt, at: datetime) -> datetime | None:
        """`at`, or just after the attempt if that is later; None when that is not past."""
        assert attempt.submitted_at is not None
        at = max(at, attempt.submitted_at + timedelta(minutes=10))
        return at if at < self.today else None

    def _pick(
        self, route: str, *, matched: bool | None = None, recruit: bool = False
    ) -> tuple[User, Standard] | None:
        """A student *not yet* on a standard offering `route` (with a peer tutor to suggest,
        or none, when `matched` says), no open step there and no part yet today. With
        `recruit`, a classmate who mastered the standard offers to tutor it when nobody
        has (yesterday afternoon), so a tutee is found whatever the weeks brought."""
        cells = self._not_yet_cells()
        # Each student a part of their own if the class allows, else a second one.
        for standard_id, student in [
            *((pk, u) for pk, us in cells.items() for u in us if u.pk not in self.touched),
            *((pk, u) for pk, us in cells.items() for u in us if u.pk in self.touched),
        ]:
            standard = next(s for s in self.standards if s.pk == standard_id)
            offer = student_offer(classroom=self.classroom, student=student, standard=standard)
            if route not in offer.routes:
                continue
            found = bool(suggestions(classroom=self.classroom, standard=standard, tutee=student))
            if matched and not found and recruit:
                found = self._recruit(standard, tutee=student)
            if matched is not None and matched != found:
                continue
            self.touched.add(student.pk)
            return student, standard
        return None

    def _recruit(self, standard: Standard, *, tutee: User) -> bool:
        tutor_id = (
            MasteryRecord.objects.filter(
                classroom=self.classroom, standard=standard, status=MasteryRecord.State.MASTERED
            )
            .exclude(student=tutee)
            .order_by("student_id")
            .values_list("student_id", flat=True)
            .first()
        )
        if tutor_id is None:
            return False
        offer_to_tutor(
            classroom=self.classroom,
            student=self._pupil_by_pk(tutor_id).user,
            standard=standard,
            at=self.days[-1].replace(hour=15, minute=20),
        )
        return bool(suggestions(classroom=self.classroom, standard=standard, tutee=tutee))

    def _morning_tries(self, now: datetime) -> None:
        """Three students tried a new standard this morning and are not there yet: two have
        begun looking back (drafts), one has not; they wait until tomorrow."""
        fresh = [
            p
            for p in self.pupils
            if p.waiting is None
            and p.cursor < len(self.standards)
            and p.user.pk not in self.touched
        ]
        for n, pupil in enumerate(self.rng.sample(fresh, min(3, len(fresh)))):
            self.touched.add(pupil.user.pk)
            self.locked_today.add(pupil.user.pk)
            moment = now - timedelta(hours=3) + timedelta(minutes=25 * n)
            standard = self.standards[pupil.cursor]
            attempt = start_attempt(student=pupil.user, standard=standard, at=moment)
            done = self._sit(pupil, attempt, moment, p_right=0.25)
            if done.mastered:
                pupil.cursor += 1
                continue
            pupil.waiting, pupil.ready_at = done, None
            if n < 2:
                assert done.submitted_at is not None
                self._look_back(
                    pupil, done, at=done.submitted_at + timedelta(minutes=8), draft=True
                )

    def _unlock_one(self, at: datetime) -> None:
        """The teacher unlocks one retake still waiting for its look back (a word at lunch
        did instead); the other students stay locked."""
        waiting = grid_waiting(self.classroom, now=at)
        locked = [
            row
            for row in (*waiting.awaiting, *waiting.other_locked)
            if Lock.REFLECTION in row.locks and Lock.NO_FORM_LEFT not in row.locks
        ]
        if len(locked) < 2:
            return
        # One who has waited since before today, if there is one; else one of this
        # morning's (a word at break), not one who has begun their look back.
        begun = set(ErrorAnalysis.objects.values_list("attempt_id", flat=True))
        waited = [r for r in locked if Lock.COOL_DOWN not in r.locks]
        row = next(
            (r for r in waited if r.student.pk not in self.touched),
            next(
                iter(waited),
                next((r for r in locked if r.facts.last_attempt_id not in begun), locked[0]),
            ),
        )
        self.touched.add(row.student.pk)
        self.locked_today.add(row.student.pk)
        unlock_retake(
            classroom=self.classroom,
            student=row.student,
            standard=row.standard,
            by=self.teacher,
            note=content.UNLOCK_NOTE,
            at=at,
        )

    def _group_today(self, now: datetime) -> None:
        """A small group meets today (on a weekend: the next school day) with three or four
        students *not yet* on one standard; one of them asked for it."""
        cells = self._not_yet_cells()
        standard_id, students = max(cells.items(), key=lambda kv: len(kv[1]), default=(0, []))
        if len(students) < 3:
            return
        standard = next(s for s in self.standards if s.pk == standard_id)
        members = self.rng.sample(students, min(len(students), self.rng.choice([3, 4])))
        formed = now - timedelta(hours=2)
        asker = members[0]
        attempt = self._latest(asker, standard)
        asked = self._after(attempt, now - timedelta(hours=20))
        if asked is not None and asked < formed:
            choose_route(attempt=attempt, student=asker, route=Route.SMALL_GROUP, at=asked)
        day = timezone.localdate(now)
        meets = (
            datetime.combine(day, time(13, 30), tzinfo=timezone.get_current_timezone())
            if day.weekday() < 5
            else next_meeting(now)
        )
        form_group(
            classroom=self.classroom,
            standard=standard,
            student_ids=[m.pk for m in members],
            meets_at=meets,
            note=content.TODAY_GROUP_NOTE,
            by=self.teacher,
            at=formed,
        )
        self.touched.update(m.pk for m in members)

    def _requests(self, now: datetime) -> None:
        """One request for tutoring with the teacher, one to join a small group."""
        for route, ago in (
            (Route.TEACHER, timedelta(hours=4)),
            (Route.SMALL_GROUP, timedelta(minutes=70)),
        ):
            picked = self._pick(route)
            if picked is None:
                continue
            student, standard = picked
            attempt = self._latest(student, standard)
            at = self._after(attempt, now - ago)
            if at is not None:
                choose_route(attempt=attempt, student=student, route=route, at=at)

    def _pairs(self, now: datetime) -> None:
        """Peer tutoring in every state: a session held (if the weeks had none), one with
        nobody to suggest (the teacher's inbox shows it), one accepted with the look back
        shared, one waiting for the tutor's answer."""
        if not TutorPair.objects.filter(
            classroom=self.classroom, state=TutorPair.State.DONE
        ).exists():
            picked = self._pick(Route.PEER, matched=True) or self._pick(
                Route.PEER, matched=True, recruit=True
            )
            if picked is not None:
                student, standard = picked
                at = self._after(self._latest(student, standard), self.days[-4].replace(hour=11))
                if at is not None:
                    self._peer_session(self._pupil(student), standard, at=at)
        picked = self._pick(Route.PEER, matched=False)
        if picked is not None:
            student, standard = picked
            at = self._after(self._latest(student, standard), now - timedelta(hours=2))
            if at is not None:
                ask_for_tutor(classroom=self.classroom, student=student, standard=standard, at=at)
        for accepted, ago in ((True, timedelta(hours=22)), (False, timedelta(minutes=40))):
            picked = self._pick(Route.PEER, matched=True) or self._pick(
                Route.PEER, matched=True, recruit=True
            )
            if picked is None:
                continue
            student, standard = picked
            at = self._after(self._latest(student, standard), now - ago)
            if at is None:
                continue
            pair = ask_for_tutor(
                classroom=self.classroom, student=student, standard=standard, at=at
            )
            if accepted and pair.tutor is not None:
                set_share_analysis(pair=pair, by=student, share=True)
                answered = min(at + timedelta(hours=2), now - timedelta(minutes=5))
                accept_request(pair=pair, by=pair.tutor, at=max(answered, at))

    def _pupil(self, user: User) -> _Pupil:
        return self._pupil_by_pk(user.pk)

    def _pupil_by_pk(self, pk: int) -> _Pupil:
        return next(p for p in self.pupils if p.user.pk == pk)

    def open_sittings(self) -> None:
        """About a third of the class has a sitting open right now (a locked retake stays
        locked)."""
        for pupil in self.pupils:
            if (
                pupil.cursor < len(self.standards)
                and pupil.user.pk not in self.touched
                and self.rng.random() < 0.3
            ):
                with contextlib.suppress(ActionError):
                    start_attempt(
                        student=pupil.user,
                        standard=self.standards[pupil.cursor],
                        at=self.today - timedelta(hours=1),
                    )
