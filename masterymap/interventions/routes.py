"""Remediation routes, resources, steps and practice (issue 9, items 1 to 3).

- Routes and resources: which routes a standard offers (the pure rule is `offer.py`), and the
  links, short videos, files and practice sets the teacher attached to it.
- Steps: a student picks a route on the result page ("What next?") or a teacher assigns one
  on the steps page; each step is started, then done or cancelled, and says who did each.
  Nothing is deleted: a done step a teacher reopens is withdrawn (cancelled, so the retake
  rules no longer count it) and a new step starts, so the log stays readable.
- Practice: bank items on no form the student still has to take, answered one at a time
  with immediate right or wrong, the feedback and the key. Effort, never evidence: nothing
  here writes Evidence or touches a level.

The key of an item on a form the student still has to take never reaches them: such items
are never drawn, and are dropped again whenever a run is shown or checked (a form may have
been built since the run started).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.assessments.models import Attempt, Form, FormItem, Item
from masterymap.assessments.queries import (
    ReviewChoice,
    ReviewItem,
    choice_letter,
    is_latest_submission,
    key_parts,
)
from masterymap.assessments.scoring import score_item
from masterymap.interventions.models import (
    PracticeAnswer,
    PracticeRun,
    Resource,
    Route,
    RouteSettings,
    Step,
    TutoringOff,
)
from masterymap.interventions.offer import OfferFacts, RouteKey, clean_configured, offered_routes
from masterymap.interventions.sql import table
from masterymap.lib.errors import ActionError
from masterymap.lib.markdown import render_inline, render_markdown
from masterymap.lib.uploads import (
    ALLOWED_TYPES,
    UploadError,
    check_upload,
    display_name,
    name_with_extension,
)
from masterymap.mastery.queries.cell import record_verdict
from masterymap.standards.models import Standard

PRACTICE_RUN_SIZE = 5
MAX_ANSWER_CHARS = 500
# Resources a student studies as the "resources" route; practice sets belong to practice.
STUDY_KINDS = (Resource.Kind.LINK, Resource.Kind.VIDEO, Resource.Kind.FILE)


# --- access -------------------------------------------------------------------------------


# --- reads --------------------------------------------------------------------------------


def withheld_item_ids(*, student_id: int, standard_id: int) -> QuerySet[FormItem, Any]:
    """The standard's items on a form the student still has to take (one with no submitted
    attempt of theirs, an open sitting included): their keys must not reach the student. A
    subquery of item ids."""
    submitted = Attempt.objects.filter(
        student_id=student_id, form_id=OuterRef("form_id"), status=Attempt.Status.SUBMITTED
    )
    return (
        FormItem.objects.filter(item__standard_id=standard_id)
        .exclude(Exists(submitted))
        .values("item_id")
    )


def practice_pool(
    *, student: User, standard: Standard, resource: Resource | None = None
) -> list[int]:
    """Ids of the items the student may practise: the practice set's items (every item of
    the standard when it names none), minus those on forms they still have to take. Two
    queries with a practice set, one without."""
    # Practice checks itself at once: no open-response question (a teacher scores those).
    items = Item.objects.filter(standard_id=standard.pk, archived_at__isnull=True).exclude(
        kind=Item.Kind.OPEN
    )
    if resource is not None:
        chosen = list(resource.items.values_list("pk", flat=True))
        if chosen:
            items = items.filter(pk__in=chosen)
    withheld = withheld_item_ids(student_id=student.pk, standard_id=standard.pk)
    return list(items.exclude(pk__in=withheld).order_by("pk").values_list("pk", flat=True))


def classroom_for_student(student: User, standard: Standard) -> Classroom | None:
    """The student's first class on the standard's map (as the record verdict reads it)."""
    return (
        Classroom.objects.filter(
            enrollments__student=student, mastery_map_id=standard.mastery_map_id
        )
        .select_related("mastery_map")
        .order_by("pk")
        .first()
    )


def open_step(*, classroom: Classroom, student: User, standard: Standard) -> Step | None:
    """The newest step still open for a student on a standard. One query."""
    return (
        Step.objects.filter(
            classroom=classroom,
            student=student,
            standard=standard,
            done_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .select_related("resource")
        .order_by("-started_at", "-pk")
        .first()
    )


def _describe(route: str) -> str:
    return {
        RouteKey.PRACTICE: _(
            "Answer practice questions on this standard and see at once whether each is right."
        ),
        RouteKey.RESOURCES: _("Read, watch or download what your teacher picked for this."),
        RouteKey.PEER: _("A classmate who mastered this standard helps you."),
        RouteKey.TEACHER: _("Ask your teacher for a short tutoring session."),
        RouteKey.SMALL_GROUP: _("Ask to join a small group your teacher gathers on this."),
    }[RouteKey(route)]


@dataclass(frozen=True)
class RouteOption:
    """One route as a student reads it: its name and one line on what it means."""

    route: str
    label: str
    description: str


@dataclass
class Offer:
    options: list[RouteOption]
    resources: list[Resource]  # links, videos and files, in order
    practice_sets: list[Resource]
    practice_items: int  # items the student may practise now

    @property
    def routes(self) -> list[str]:
        return [o.route for o in self.options]


def _active_resources(standard: Standard) -> list[Resource]:
    return list(
        Resource.objects.filter(standard=standard, removed_at__isnull=True).order_by(
            "position", "pk"
        )
    )


def _offer(
    *,
    standard: Standard,
    practice_items: int,
    tutoring_off: bool,
    has_settings: bool = True,
    has_resources: bool = True,
) -> Offer:
    """The offer, given what the student may practise and whether peer tutoring is off for
    them. Two queries: settings, resources; none for what the caller knows is not there."""
    configured = (
        RouteSettings.objects.filter(standard=standard).values_list("offered", flat=True).first()
        if has_settings
        else None
    )
    resources = _active_resources(standard) if has_resources else []
    study = [r for r in resources if r.kind in STUDY_KINDS]
    routes = offered_routes(
        OfferFacts(
            configured=configured if isinstance(configured, list) else None,
            practice_items=practice_items,
            resources=len(study),
            peer_tutoring_on=not tutoring_off,
        )
    )
    options = [RouteOption(r.value, str(Route(r.value).label), _describe(r)) for r in routes]
    return Offer(
        options=options,
        resources=study,
        practice_sets=[r for r in resources if r.kind == Resource.Kind.PRACTICE],
        practice_items=practice_items,
    )


def student_offer(*, classroom: Classroom, student: User, standard: Standard) -> Offer:
    """The routes offered to a student on a standard, with the resources behind them. Four
    queries: practice items, peer tutoring switched off, settings, resources."""
    return _offer(
        standard=standard,
        practice_items=len(practice_pool(student=student, standard=standard)),
        tutoring_off=TutoringOff.objects.filter(
            Q(student__isnull=True) | Q(student=student), classroom=classroom
        ).exists(),
    )


@dataclass
class WhatNext:
    """ "What next?" on a result page: the student's class, their open step, the routes."""

    classroom_id: int
    standard: Standard
    attempt: Attempt
    current_step: Step | None
    offer: Offer | None  # None while a step is open (nothing to pick)


@dataclass(frozen=True)
class _StudentFacts:
    classroom_id: int | None  # their first class on the standard's map
    open_step_id: int | None  # their newest open step there
    tutoring_off: bool  # for that class, or for them in it
    practice_items: int
    has_settings: bool = False  # the standard's routes are configured
    has_resources: bool = False  # the standard has resources not removed


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


@lru_cache(maxsize=4)
def _facts_sql(vendor: str) -> str:
    """The one round trip "What next?" starts with, written out: building it through the
    ORM (a four-part union with a subquery) cost the result page about 2 ms of CPU per view,
    ten times what the database spends running it. Plain SQL that both SQLite and
    PostgreSQL read; columns (what, id, class id)."""
    room, enrolment = table(Classroom), table(Enrollment)
    step, off = table(Step), table(TutoringOff)
    configured, resource = table(RouteSettings), table(Resource)
    item, form_item, form, attempt = table(Item), table(FormItem), table(Form), table(Attempt)
    rooms = (
        f"SELECT c.id FROM {room} c JOIN {enrolment} e ON e.classroom_id = c.id"
        " WHERE e.student_id = %(student)s AND c.mastery_map_id = %(map)s"
    )
    # Items on a form the student still has to take (no submitted attempt of theirs).
    withheld = (
        f"SELECT fi.item_id FROM {form_item} fi JOIN {form} f ON f.id = fi.form_id"
        " WHERE f.standard_id = %(standard)s AND NOT EXISTS ("
        f"SELECT 1 FROM {attempt} a WHERE a.form_id = fi.form_id"
        " AND a.student_id = %(student)s AND a.status = %(submitted)s)"
    )
    return (
        f"SELECT 'room', c.id, c.id FROM {room} c JOIN {enrolment} e ON e.classroom_id = c.id"
        " WHERE e.student_id = %(student)s AND c.mastery_map_id = %(map)s"
        f" UNION ALL SELECT 'step', s.id, s.classroom_id FROM {step} s"
        " WHERE s.student_id = %(student)s AND s.standard_id = %(standard)s"
        " AND s.done_at IS NULL AND s.cancelled_at IS NULL"
        f" UNION ALL SELECT 'off', o.id, o.classroom_id FROM {off} o"
        " WHERE (o.student_id IS NULL OR o.student_id = %(student)s)"
        f" AND o.classroom_id IN ({rooms})"
        f" UNION ALL SELECT 'item', i.id, 0 FROM {item} i"
        f" WHERE i.standard_id = %(standard)s AND i.id NOT IN ({withheld})"
        # Whether there is anything configured to read: most standards have neither.
        f" UNION ALL SELECT 'settings', r.id, 0 FROM {configured} r"
        " WHERE r.standard_id = %(standard)s"
        f" UNION ALL SELECT 'resource', r.id, 0 FROM {resource} r"
        " WHERE r.standard_id = %(standard)s AND r.removed_at IS NULL"
    )


def _student_facts(student: User, standard: Standard) -> _StudentFacts:
    """What "What next?" needs to know first, in one round trip: the student's classes on
    the map, their open steps, peer tutoring switched off, the items they may practise
    (`practice_pool`'s rule, without a practice set)."""
    params: dict[str, int | str | None] = {
        "student": student.pk,
        "map": standard.mastery_map_id,
        "standard": standard.pk,
        "submitted": Attempt.Status.SUBMITTED.value,
    }
    seen: dict[str, list[tuple[int, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql(connection.vendor), params)
        for what, pk, room in cursor.fetchall():
            seen.setdefault(what, []).append((pk, room))
    room_ids = sorted(room for _pk, room in seen.get("room", []))
    if not room_ids:
        return _StudentFacts(None, None, False, 0)
    classroom_id = room_ids[0]
    # The newest open step: ids grow with time.
    steps = [pk for pk, room in seen.get("step", []) if room == classroom_id]
    return _StudentFacts(
        classroom_id=classroom_id,
        open_step_id=max(steps) if steps else None,
        tutoring_off=any(room == classroom_id for _pk, room in seen.get("off", [])),
        practice_items=len(seen.get("item", [])),
        has_settings="settings" in seen,
        has_resources="resource" in seen,
    )


def result_context(attempt: Attempt, user: User, *, mastered: bool, latest: bool) -> dict[str, Any]:
    """What the result page needs to offer "What next?" after `attempt` to `user`: only for
    the student who took it, on their latest attempt, while the standard is not mastered
    (with every form used too: routes are never a dead end). One query (the facts), then
    the open step, or the settings and the resources when the standard has them."""
    if user.pk != attempt.student_id or mastered or not latest:
        return {}
    standard = attempt.form.standard
    facts = _student_facts(user, standard)
    if facts.classroom_id is None:
        return {}
    step = (
        Step.objects.select_related("resource").get(pk=facts.open_step_id)
        if facts.open_step_id is not None
        else None
    )
    offer = (
        None
        if step is not None
        else _offer(
            standard=standard,
            practice_items=facts.practice_items,
            tutoring_off=facts.tutoring_off,
            has_settings=facts.has_settings,
            has_resources=facts.has_resources,
        )
    )
    return {
        "what_next": WhatNext(
            classroom_id=facts.classroom_id,
            standard=standard,
            attempt=attempt,
            current_step=step,
            offer=offer,
        )
    }


@dataclass
class RoutesPage:
    """The routes and resources page of one standard, for its editors."""

    standard: Standard
    configured: list[str] | None
    offered_now: list[str]  # labels of the routes a student with every form taken sees
    resources: Sequence[Resource]  # not removed, in order; `n_items` for practice sets
    removed: Sequence[Resource]
    bank: list[Item]


def routes_page(standard: Standard) -> RoutesPage:
    """Everything on the routes page. Four queries."""
    configured = (
        RouteSettings.objects.filter(standard=standard).values_list("offered", flat=True).first()
    )
    every = list(
        Resource.objects.filter(standard=standard)
        .annotate(n_items=Count("items"))
        .order_by("position", "pk")
    )
    bank = list(Item.objects.filter(standard=standard).order_by("pk"))
    active = [r for r in every if r.removed_at is None]
    routes = offered_routes(
        OfferFacts(
            configured=configured if isinstance(configured, list) else None,
            practice_items=len(bank),
            resources=len([r for r in active if r.kind in STUDY_KINDS]),
        )
    )
    return RoutesPage(
        standard=standard,
        configured=configured if isinstance(configured, list) else None,
        offered_now=[str(Route(r.value).label) for r in routes],
        resources=active,
        removed=[r for r in every if r.removed_at is not None],
        bank=bank,
    )


@dataclass(frozen=True)
class RunLine:
    run: PracticeRun
    drawn: int
    answered: int
    right: int
    last_answer_at: datetime | None

    @property
    def percent(self) -> int | None:
        return round(100 * self.right / self.answered) if self.answered else None


@dataclass
class Effort:
    """A student's practice on one standard: effort, shown to the teacher, never evidence."""

    runs: list[RunLine]

    @property
    def answered(self) -> int:
        return sum(r.answered for r in self.runs)

    @property
    def right(self) -> int:
        return sum(r.right for r in self.runs)

    @property
    def percent(self) -> int | None:
        return round(100 * self.right / self.answered) if self.answered else None

    @property
    def last_practised(self) -> datetime | None:
        times = [r.last_answer_at or r.run.started_at for r in self.runs]
        return max(times) if times else None


def practice_effort(*, classroom: Classroom, student: User, standard: Standard) -> Effort:
    """Every practice run, newest first, with its answers counted. One query."""
    runs = (
        PracticeRun.objects.filter(classroom=classroom, student=student, standard=standard)
        .annotate(
            n_answered=Count("answers"),
            n_right=Count("answers", filter=Q(answers__is_correct=True)),
            last_at=Max("answers__answered_at"),
        )
        .order_by("-started_at", "-pk")
    )
    return Effort(
        runs=[
            RunLine(
                run=r,
                drawn=len(r.item_ids or []),
                answered=r.n_answered,
                right=r.n_right,
                last_answer_at=r.last_at,
            )
            for r in runs
        ]
    )


@dataclass
class StepsPage:
    steps: list[Step]  # newest first, people and resources selected
    current: Step | None
    effort: Effort
    resources: list[Resource]  # what a teacher may assign with a route


def steps_page(*, classroom: Classroom, student: User, standard: Standard) -> StepsPage:
    """The student's steps on a standard and their practice. Three queries, whatever the
    number of steps and runs."""
    steps = list(
        Step.objects.filter(classroom=classroom, student=student, standard=standard)
        .select_related("chosen_by", "done_by", "cancelled_by", "resource", "after_attempt__form")
        .order_by("-started_at", "-pk")
    )
    current = next((s for s in steps if s.is_open), None)
    return StepsPage(
        steps=steps,
        current=current,
        effort=practice_effort(classroom=classroom, student=student, standard=standard),
        resources=_active_resources(standard),
    )


@dataclass(frozen=True)
class PracticeOption:
    id: str
    letter: str
    html: str


@dataclass(frozen=True)
class PracticeQuestion:
    """One question of a run: before it is checked, nothing of the key nor the feedback;
    after, the review (answer, right or wrong, key, feedback)."""

    number: int
    item_id: int
    kind: str
    stem_html: str
    language: str
    options: list[PracticeOption]
    review: ReviewItem | None = None
    error: str = ""

    @property
    def reviews(self) -> list[ReviewItem]:
        """The review as a list, as the attempt review's template takes it."""
        return [self.review] if self.review is not None else []


def _review(number: int, item: Item, answer: PracticeAnswer) -> ReviewItem:
    given = [str(v) for v in answer.answer]
    choices = (
        [
            ReviewChoice(
                mark_safe(render_inline(c.text)), str(c.pk) in given, c.is_correct, c.misconception
            )
            for c in item.choices.all()
        ]
        if item.has_choices
        else []
    )
    return ReviewItem(
        number=number,
        kind=item.kind,
        stem_html=mark_safe(render_markdown(item.stem)),
        points=item.points if answer.is_correct else 0,
        max_points=item.points,
        correct=answer.is_correct,
        answered=any(v.strip() for v in given),
        choices=choices,
        typed="" if item.has_choices or not given else given[0],
        key_text=key_parts(item).text(),
        feedback_html=mark_safe(render_markdown(item.feedback)),
        item_id=item.pk,
        language=item.original_language,
    )


def practice_question(
    number: int, item: Item, answer: PracticeAnswer | None, error: str = ""
) -> PracticeQuestion:
    """A question of a run as the student sees it; `item` with its choices prefetched."""
    options = (
        [
            PracticeOption(str(c.pk), choice_letter(i), mark_safe(render_inline(c.text)))
            for i, c in enumerate(item.choices.all())
        ]
        if item.has_choices
        else []
    )
    return PracticeQuestion(
        number=number,
        item_id=item.pk,
        kind=item.kind,
        stem_html=mark_safe(render_markdown(item.stem)),
        language=item.original_language,
        options=options,
        review=_review(number, item, answer) if answer is not None else None,
        error=error,
    )


@dataclass
class PracticePage:
    classroom: Classroom
    standard: Standard
    run: PracticeRun | None  # the newest run
    questions: list[PracticeQuestion]  # of the newest run, if unfinished
    answered: int
    right: int
    step: Step | None  # the open practice step
    practice_sets: list[Resource]
    pool: int  # items the student may practise now
    runs_done: int

    @property
    def run_open(self) -> bool:
        return self.run is not None and self.run.finished_at is None

    @property
    def all_answered(self) -> bool:
        return bool(self.questions) and all(q.review is not None for q in self.questions)


def question_number(run: PracticeRun, item_id: int) -> int:
    """1, 2, 3…: the item's place in the run."""
    ids = list(run.item_ids or [])
    return ids.index(item_id) + 1 if item_id in ids else 0


def run_items(run: PracticeRun, student: User) -> list[Item]:
    """The run's items in its order, minus any now on a form the student still has to take.
    One query."""
    withheld = withheld_item_ids(student_id=student.pk, standard_id=run.standard_id)
    found = {
        i.pk: i
        for i in Item.objects.filter(pk__in=run.item_ids or [])
        .exclude(pk__in=withheld)
        .prefetch_related("choices")
    }
    return [found[pk] for pk in run.item_ids or [] if pk in found]


def practice_page(*, classroom: Classroom, student: User, standard: Standard) -> PracticePage:
    """The practice page: the newest run with its questions (checked ones with their
    review), the open practice step, the practice sets. A fixed number of queries."""
    run = (
        PracticeRun.objects.filter(classroom=classroom, student=student, standard=standard)
        .order_by("-started_at", "-pk")
        .first()
    )
    questions: list[PracticeQuestion] = []
    answered = right = 0
    if run is not None:
        answers = {a.item_id: a for a in run.answers.all()}
        answered = len(answers)
        right = sum(1 for a in answers.values() if a.is_correct)
        if run.finished_at is None:
            questions = [
                practice_question(question_number(run, item.pk), item, answers.get(item.pk))
                for item in run_items(run, student)
            ]
    step = open_step(classroom=classroom, student=student, standard=standard)
    resources = _active_resources(standard)
    return PracticePage(
        classroom=classroom,
        standard=standard,
        run=run,
        questions=questions,
        answered=answered,
        right=right,
        step=step if step is not None and step.route == Route.PRACTICE else None,
        practice_sets=[r for r in resources if r.kind == Resource.Kind.PRACTICE],
        pool=len(practice_pool(student=student, standard=standard)),
        runs_done=PracticeRun.objects.filter(
            classroom=classroom, student=student, standard=standard
        ).count(),
    )


def resource_download_name(resource: Resource) -> str:
    """The name offered when saving: the uploader's, sanitized, with the extension of what
    the file really is."""
    extension = ALLOWED_TYPES.get(resource.content_type)
    name = display_name(resource.original_name or resource.title)
    return name_with_extension(name, extension) if extension else name


# --- writes: routes and resources -----------------------------------------------------------


@transaction.atomic
def set_offered_routes(*, standard: Standard, routes: Sequence[str], by: User) -> RouteSettings:
    """The routes a standard offers (the pure rule still drops one with nothing behind it)."""
    chosen = clean_configured(routes)
    if not chosen:
        raise ActionError(
            _("Offer at least one route, so a student who is not there yet has a way forward.")
        )
    row, _created = RouteSettings.objects.update_or_create(
        standard=standard, defaults={"offered": [r.value for r in chosen], "updated_by": by}
    )
    return row


@transaction.atomic
def use_default_routes(*, standard: Standard) -> None:
    """Forget the standard's choice of routes: the defaults apply (offer.py)."""
    RouteSettings.objects.filter(standard=standard).delete()


def _web_address(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ActionError(_("Give a web address starting with http:// or https://."))
    if len(url) > 500:
        raise ActionError(_("That web address is too long (500 characters at most)."))
    return url


@transaction.atomic
def add_resource(
    *,
    standard: Standard,
    kind: str,
    title: str,
    by: User,
    url: str = "",
    upload: UploadedFile[bytes] | None = None,
    item_ids: Sequence[int] = (),
    at: datetime | None = None,
) -> Resource:
    """Attach a link, a short video (a web address), a file (checked by its content) or a
    practice set (bank items of this standard; none: the whole bank) to a standard."""
    at = at or timezone.now()
    title = title.strip()
    if not title:
        raise ActionError(_("Give the resource a title."))
    if len(title) > 200:
        raise ActionError(_("The title is too long (200 characters at most)."))
    if kind not in Resource.Kind.values:
        raise ActionError(_("Pick what kind of resource this is."))
    last = Resource.objects.filter(standard=standard).aggregate(top=Max("position"))["top"]
    resource = Resource(
        standard=standard,
        kind=kind,
        title=title,
        position=(last + 1) if last is not None else 0,
        created_by=by,
        created_at=at,
    )
    items: list[int] = []
    if kind in (Resource.Kind.LINK, Resource.Kind.VIDEO):
        resource.url = _web_address(url)
    elif kind == Resource.Kind.FILE:
        if upload is None:
            raise ActionError(_("Choose a file to upload."))
        try:
            checked = check_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES)
        except UploadError as e:
            raise ActionError(e.message) from None
        resource.content_type = checked.content_type
        resource.original_name = checked.name
        # Stored under a random name with the extension of what the content is.
        resource.file.save(f"{uuid4().hex}.{checked.extension}", checked.file, save=False)
    else:
        bank = set(Item.objects.filter(standard=standard).values_list("pk", flat=True))
        if not bank:
            raise ActionError(_("This standard has no bank items to practise yet."))
        items = sorted({int(i) for i in item_ids})
        if not set(items) <= bank:
            raise ActionError(_("Pick questions from this standard's bank."))
    resource.save()
    if items:
        resource.items.set(items)
    return resource


@transaction.atomic
def remove_resource(*, resource: Resource, at: datetime | None = None) -> Resource:
    """Take a resource off the lists (students no longer see it); undone by restore."""
    if resource.removed_at is None:
        resource.removed_at = at or timezone.now()
        resource.save(update_fields=["removed_at"])
    return resource


@transaction.atomic
def restore_resource(*, resource: Resource) -> Resource:
    if resource.removed_at is not None:
        resource.removed_at = None
        resource.save(update_fields=["removed_at"])
    return resource


@transaction.atomic
def move_resource(*, resource: Resource, up: bool) -> Resource:
    """Swap a resource with its neighbour in the list (positions renumbered 0, 1, 2…)."""
    order = list(
        Resource.objects.select_for_update()
        .filter(standard_id=resource.standard_id, removed_at__isnull=True)
        .order_by("position", "pk")
    )
    index = next((i for i, r in enumerate(order) if r.pk == resource.pk), None)
    if index is None:
        raise ActionError(_("A removed resource has no place in the list."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    for position, r in enumerate(order):
        if r.position != position:
            r.position = position
            r.save(update_fields=["position"])
    return resource


# --- writes: steps ------------------------------------------------------------------------


def _check_resource(route: str, resource: Resource | None, standard: Standard) -> None:
    if resource is None:
        return
    if resource.standard_id != standard.pk or resource.removed_at is not None:
        raise ActionError(_("That resource is not offered on this standard."))
    if route == Route.PRACTICE and resource.kind != Resource.Kind.PRACTICE:
        raise ActionError(_("Pick a practice set for practice."))
    if route == Route.RESOURCES and resource.kind == Resource.Kind.PRACTICE:
        raise ActionError(_("A practice set goes with practice."))
    if route not in (Route.PRACTICE, Route.RESOURCES):
        raise ActionError(_("Only practice and resources go with a resource."))


@transaction.atomic
def choose_route(
    *,
    attempt: Attempt,
    student: User,
    route: str,
    resource_id: int | None = None,
    at: datetime | None = None,
) -> Step:
    """The student picks a route after *not yet* (the result page): a step chosen by them."""
    at = at or timezone.now()
    standard = attempt.form.standard
    if attempt.student_id != student.pk or not attempt.is_submitted:
        raise ActionError(_("Pick what comes next from the result of your own assessment."))
    if (
        not is_latest_submission(attempt)
        or record_verdict(student=student, standard=standard).mastered
    ):
        raise ActionError(_("This result is not your latest on this standard any more."))
    classroom = classroom_for_student(student, standard)
    if classroom is None:
        raise ActionError(_("You are not in a class with this standard."))
    if route == Route.PEER:
        raise ActionError(_("Ask for a peer tutor with its own button."))
    offer = student_offer(classroom=classroom, student=student, standard=standard)
    if route not in offer.routes:
        raise ActionError(_("That way is not offered on this standard. Pick another."))
    resource = None
    if route == Route.RESOURCES:
        resource = next((r for r in offer.resources if r.pk == resource_id), None)
        if resource is None:
            raise ActionError(_("Pick one of the resources."))
    if open_step(classroom=classroom, student=student, standard=standard) is not None:
        raise ActionError(_("You already have a step: mark it done or change your mind first."))
    return Step.objects.create(
        classroom=classroom,
        student=student,
        standard=standard,
        route=route,
        resource=resource,
        after_attempt=attempt,
        chosen_by=student,
        started_at=at,
    )


def _latest_attempt(student: User, standard: Standard) -> Attempt | None:
    return (
        Attempt.objects.filter(
            student=student, form__standard=standard, status=Attempt.Status.SUBMITTED
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


@transaction.atomic
def assign_route(
    *,
    classroom: Classroom,
    student: User,
    standard: Standard,
    route: str,
    by: User,
    resource: Resource | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Step:
    """A teacher assigns a route (the steps page): a step chosen by them, after the
    student's latest attempt on the standard."""
    at = at or timezone.now()
    if route not in Route.values:
        raise ActionError(_("Pick a route."))
    if standard.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That standard is not on this class's map."))
    if not classroom.enrollments.filter(student=student).exists():
        raise ActionError(_("That student is not in this class."))
    _check_resource(route, resource, standard)
    if len(note.strip()) > 500:
        raise ActionError(_("The note is too long (500 characters at most)."))
    if open_step(classroom=classroom, student=student, standard=standard) is not None:
        raise ActionError(
            _("This student already has an open step: mark it done or cancel it first.")
        )
    return Step.objects.create(
        classroom=classroom,
        student=student,
        standard=standard,
        route=route,
        resource=resource,
        after_attempt=_latest_attempt(student, standard),
        note=note.strip(),
        chosen_by=by,
        started_at=at,
    )


def _lock(step: Step) -> Step:
    return Step.objects.select_for_update().get(pk=step.pk)


@transaction.atomic
def finish_step(*, step: Step, by: User, at: datetime | None = None) -> Step:
    """Mark a step done: a teacher any step; the student their practice or resource step.
    A peer-tutoring step is done when both confirm the session, and tutoring with the
    teacher or a small group when the teacher says so (attendance)."""
    step = _lock(step)
    if step.cancelled_at is not None:
        raise ActionError(_("This step was cancelled."))
    if by.pk == step.student_id and step.route not in (Route.PRACTICE, Route.RESOURCES):
        raise ActionError(
            _(
                "This step is done when your session has happened: "
                "your tutor or your teacher confirms it."
            )
        )
    if step.done_at is None:
        step.done_at = at or timezone.now()
        step.done_by = by
        step.save(update_fields=["done_at", "done_by"])
    return step


@transaction.atomic
def cancel_step(*, step: Step, by: User, at: datetime | None = None) -> Step:
    """Cancel an open step ("change my mind", or the teacher's cancel)."""
    step = _lock(step)
    if step.done_at is not None:
        raise ActionError(_("This step is done already; a teacher can reopen it."))
    if step.cancelled_at is None:
        step.cancelled_at = at or timezone.now()
        step.cancelled_by = by
        step.save(update_fields=["cancelled_at", "cancelled_by"])
    return step


@transaction.atomic
def reopen_step(*, step: Step, by: User, at: datetime | None = None) -> Step:
    """A teacher reopens a done or cancelled step: a done one is withdrawn (cancelled, so
    it no longer counts as done) and the same route starts again as a new step, chosen by
    the teacher. Returns the new step."""
    at = at or timezone.now()
    step = _lock(step)
    if step.is_open:
        raise ActionError(_("This step is still open."))
    current = open_step(classroom=step.classroom, student=step.student, standard=step.standard)
    if current is not None:
        raise ActionError(
            _("This student already has an open step: mark it done or cancel it first.")
        )
    if step.cancelled_at is None:
        step.cancelled_at = at
        step.cancelled_by = by
        step.save(update_fields=["cancelled_at", "cancelled_by"])
    resource = step.resource if step.resource and step.resource.removed_at is None else None
    return Step.objects.create(
        classroom=step.classroom,
        student=step.student,
        standard=step.standard,
        route=step.route,
        resource=resource,
        after_attempt=step.after_attempt,
        note=step.note,
        chosen_by=by,
        started_at=at,
    )


# --- writes: practice ---------------------------------------------------------------------


@transaction.atomic
def start_practice(
    *,
    classroom: Classroom,
    student: User,
    standard: Standard,
    resource: Resource | None = None,
    at: datetime | None = None,
) -> PracticeRun:
    """A new run: up to five items in random order from the pool (practice_pool). Linked to
    the student's open practice step, if any. Writes no evidence."""
    at = at or timezone.now()
    if resource is not None and (
        resource.standard_id != standard.pk
        or resource.kind != Resource.Kind.PRACTICE
        or resource.removed_at is not None
    ):
        raise ActionError(_("That practice set is not offered on this standard."))
    pool = practice_pool(student=student, standard=standard, resource=resource)
    if not pool:
        raise ActionError(
            _(
                "There is nothing to practise here right now: the questions are on a form "
                "you still have to take. Pick another way, or ask your teacher."
            )
        )
    drawn = random.sample(pool, min(PRACTICE_RUN_SIZE, len(pool)))
    step = open_step(classroom=classroom, student=student, standard=standard)
    return PracticeRun.objects.create(
        classroom=classroom,
        student=student,
        standard=standard,
        resource=resource,
        step=step if step is not None and step.route == Route.PRACTICE else None,
        item_ids=drawn,
        started_at=at,
    )


def _clean_answer(item: Item, values: Sequence[str]) -> list[str]:
    values = [str(v) for v in values]
    if item.has_choices:
        allowed = {str(c.pk) for c in item.choices.all()}
        picked = [v for v in dict.fromkeys(values) if v.strip()]
        if not set(picked) <= allowed:
            raise ActionError(_("That choice is not one of this question's."))
        if item.kind == Item.Kind.SINGLE and len(picked) > 1:
            raise ActionError(_("Pick one answer."))
        if not picked:
            raise ActionError(_("Pick an answer first."))
        return picked
    typed = values[0].strip() if values else ""
    if not typed:
        raise ActionError(_("Type an answer first."))
    if len(typed) > MAX_ANSWER_CHARS:
        raise ActionError(_("That answer is too long (500 characters at most)."))
    return [typed]


@transaction.atomic
def check_practice_answer(
    *, run: PracticeRun, item_id: int, answer: Sequence[str], at: datetime | None = None
) -> tuple[Item, PracticeAnswer]:
    """Score one practice answer at once (assessments.scoring). A second check of the same
    item returns the first answer. Writes a PracticeAnswer and nothing else: no evidence."""
    at = at or timezone.now()
    run = PracticeRun.objects.select_for_update().get(pk=run.pk)
    if run.finished_at is not None:
        raise ActionError(_("This practice is finished. Start a new one to practise again."))
    if item_id not in (run.item_ids or []):
        raise ActionError(_("That question is not in this practice."))
    withheld = withheld_item_ids(student_id=run.student_id, standard_id=run.standard_id)
    item = (
        Item.objects.filter(pk=item_id).exclude(pk__in=withheld).prefetch_related("choices").first()
    )
    if item is None:
        raise ActionError(
            _("This question is now on a form you still have to take. Go on with the next.")
        )
    existing = PracticeAnswer.objects.filter(run=run, item=item).first()
    if existing is not None:
        return item, existing
    given = _clean_answer(item, answer)
    scored = score_item(item.key(), given)
    saved = PracticeAnswer.objects.create(
        run=run, item=item, answer=given, is_correct=scored.correct, answered_at=at
    )
    return item, saved


@transaction.atomic
def finish_practice(
    *, run: PracticeRun, by: User, step_done: bool = False, at: datetime | None = None
) -> PracticeRun:
    """End a run; with `step_done`, also mark its practice step done."""
    at = at or timezone.now()
    run = PracticeRun.objects.select_for_update(of=("self",)).select_related("step").get(pk=run.pk)
    if run.finished_at is None:
        run.finished_at = at
        run.save(update_fields=["finished_at"])
    if step_done and run.step is not None and run.step.is_open:
        finish_step(step=run.step, by=by, at=at)
    return run
