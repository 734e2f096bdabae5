"""The public class map (the projector view): what it shows under the class's privacy mode,
and the fingerprint its viewers poll to know whether anything they can see changed.

Only progress is public: how many students mastered each standard, each shown student's
mastered count and symbols, standards mastered today and public goals reached. Never a
level, a *not yet*, an attempt or a private goal. A bounded number of queries, whatever the
class's size (tested).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.goals.models import ALIASES, AVATARS, Goal, PrivacyMode, PublicMap, PublicProfile
from masterymap.goals.pace import PaceState
from masterymap.goals.queries import GoalView, Mastered, mastered_in_class, view_goals
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import Standard, Unit
from masterymap.standards.templatetags.symbols import in_page_symbol_html

NAMED = {PrivacyMode.FULL_NAME, PrivacyMode.FIRST_INITIAL, PrivacyMode.ALIAS}


def privacy_mode(classroom: Classroom) -> str:
    found = PublicMap.objects.filter(classroom=classroom).values_list("privacy_mode", flat=True)
    return next(iter(found), PrivacyMode.COUNTS_ONLY)


def _q(name: str) -> str:
    return str(connection.ops.quote_name(name))


def fingerprint(classroom: Classroom, today: date | None = None) -> str:
    """A short hash of everything the public map shows, in one query: the class's mastered
    records (how many, the latest change), its goals, settings and profiles, its roster and
    its map's standards (how many, the newest: an added, archived or removed one changes them),
    and the day (the celebrate strip is today's).

    Not seen here: a renamed student or an edited standard code; the board shows them at the
    next change or reload."""
    record = _q(MasteryRecord._meta.db_table)
    enrollment = _q(Enrollment._meta.db_table)
    standard = _q(Standard._meta.db_table)
    sql = f"""SELECT
      (SELECT COUNT(*) FROM {record} WHERE classroom_id = %s AND status IN (%s, %s)),
      (SELECT MAX(updated_at) FROM {record} WHERE classroom_id = %s AND status IN (%s, %s)),
      (SELECT MAX(updated_at) FROM {_q(Goal._meta.db_table)} WHERE classroom_id = %s),
      (SELECT MAX(updated_at) FROM {_q(PublicMap._meta.db_table)} WHERE classroom_id = %s),
      (SELECT MAX(updated_at) FROM {_q(PublicProfile._meta.db_table)} WHERE classroom_id = %s),
      (SELECT COUNT(*) FROM {enrollment} WHERE classroom_id = %s),
      (SELECT MAX(id) FROM {enrollment} WHERE classroom_id = %s),
      (SELECT COUNT(*) FROM {standard} WHERE mastery_map_id = %s AND archived_at IS NULL),
      (SELECT MAX(id) FROM {standard} WHERE mastery_map_id = %s AND archived_at IS NULL)"""
    pk, map_id = classroom.pk, classroom.mastery_map_id
    # A standard that needs review still shows as mastered (goals.queries.REVIEW).
    mastered, review = MasteryRecord.State.MASTERED, MasteryRecord.State.NEEDS_REVIEW
    params: list[int | str] = [pk, mastered, review, pk, mastered, review]
    params += [pk, pk, pk, pk, pk, map_id, map_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    text = repr((row, map_id, today or timezone.localdate()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


@dataclass
class BoardStandard:
    standard: Standard
    mastered: int


@dataclass
class BoardUnit:
    unit: Unit
    standards: list[BoardStandard]


@dataclass
class BoardStudent:
    name: str
    avatar: str
    count: int  # standards mastered
    # Their mastered standards' symbols, in the map's order, written here: a board of 600
    # students draws some 20,000 of them, and a template tag for each took most of its
    # time (bench/). Drawn without their names, which `symbol_names` says once for them
    # all (goals/templatetags/public_students.py), and from the drawings in the page
    # (`{% symbol_sprite %}`): half the bytes of that board.
    symbols: SafeString = field(default_factory=SafeString)
    symbol_names: str = ""


@dataclass
class Board:
    mode: str
    norms: str
    version: str
    enrolled: int
    units: list[BoardUnit]
    students: list[BoardStudent]  # empty in "counts only"
    not_shown: int  # opted out, or (aliases) without an alias
    total_mastered: int
    standards_count: int
    celebrate: list[SafeString] = field(default_factory=list)
    class_goals: list[GoalView] = field(default_factory=list)

    @property
    def named(self) -> bool:
        return self.mode in NAMED


def shown_name(mode: str, student: User, profile: PublicProfile | None) -> tuple[str, str]:
    """(name, avatar) a student shows as under `mode`; an empty name: not shown (opted out,
    counts only, or no alias picked in aliases: counted, never given a made-up label)."""
    if profile is not None and profile.opt_out:
        return "", ""
    if mode == PrivacyMode.FULL_NAME:
        return student.display_name, ""
    if mode == PrivacyMode.FIRST_INITIAL:
        first = student.first_name.strip()
        if not first:  # no first name: counted, not named (a username may be a full name)
            return "", ""
        initial = student.last_name.strip()[:1]
        return (f"{first} {initial}." if initial else first), ""
    if mode == PrivacyMode.ALIAS and profile is not None and profile.alias:
        return str(ALIASES[profile.alias]), AVATARS.get(profile.avatar, "")
    return "", ""


# The celebrate strip names this many of today's masteries (the newest); the rest are a count,
# so a busy day keeps the strip a strip.
CELEBRATE_NAMED = 12


def _celebrations(
    named: list[tuple[str, Standard]],
    today_count: int,
    names: dict[int, str],
    reached: list[GoalView],
) -> list[SafeString]:
    """Today's masteries (`named`: the newest of shown students, at most CELEBRATE_NAMED, of
    `today_count`) and the public goals reached, naming only students the privacy mode
    shows; the others are counted."""
    out: list[SafeString] = []
    for name, std in named:
        out.append(
            format_html(
                gettext("{name} mastered {code}"),
                name=format_html("<strong data-content>{}</strong>", name),
                code=format_html("<span data-content>{}</span>", std.code),
            )
        )
    others = today_count - len(named)
    if others:
        text = (
            ngettext(
                "%(n)s standard mastered today",
                "%(n)s standards mastered today",
                others,
            )
            if not named
            else ngettext(
                "and %(n)s more standard mastered today",
                "and %(n)s more standards mastered today",
                others,
            )
        )
        out.append(format_html("{}", text % {"n": others}))
    unnamed_goals = 0
    for view in reached:
        if view.goal.student_id is None:
            out.append(format_html(gettext("We reached our class goal: {n}!"), n=view.done))
        elif names.get(view.goal.student_id):
            out.append(
                format_html(
                    gettext("{name} reached a goal"),
                    name=format_html(
                        "<strong data-content>{}</strong>", names[view.goal.student_id]
                    ),
                )
            )
        else:
            unnamed_goals += 1
    if unnamed_goals:
        text = ngettext(
            "%(n)s classmate reached a goal",
            "%(n)s classmates reached a goal",
            unnamed_goals,
        )
        out.append(format_html("{}", text % {"n": unnamed_goals}))
    return out


def board(classroom: Classroom, *, today: date | None = None, version: str | None = None) -> Board:
    """The public map of `classroom` as its privacy mode allows. `version`: its fingerprint,
    if the caller has just read it (the poll did, to compare).

    The fingerprint is read before the board, never after: a change landing between the two
    then costs one more update, rather than a viewer holding a version newer than its board
    and missing the change until the next one."""
    today = today or timezone.localdate()
    version = version or fingerprint(classroom, today)
    settings = PublicMap.objects.filter(classroom=classroom).first()
    mode = settings.privacy_mode if settings else PrivacyMode.COUNTS_ONLY
    standards = list(
        Standard.objects.filter(mastery_map_id=classroom.mastery_map_id)
        .select_related("unit")
        .order_by("unit__position", "unit_id", "position", "pk")
    )
    by_id = {s.pk: s for s in standards}
    students = list(
        User.objects.filter(enrollments__classroom=classroom).only(
            "pk", "first_name", "last_name", "username"
        )
    )
    enrolled = {s.pk for s in students}
    profiles = {p.student_id: p for p in PublicProfile.objects.filter(classroom=classroom)}
    mastered: list[Mastered] = [
        m
        for m in mastered_in_class(classroom)
        if m.student_id in enrolled and m.standard_id in by_id
    ]
    per_standard: dict[int, int] = defaultdict(int)
    per_student: dict[int, list[int]] = defaultdict(list)
    for m in mastered:
        per_standard[m.standard_id] += 1
        per_student[m.student_id].append(m.standard_id)
    units: list[BoardUnit] = []
    for s in standards:
        if not units or units[-1].unit.pk != s.unit_id:
            units.append(BoardUnit(s.unit, []))
        units[-1].standards.append(BoardStandard(s, per_standard[s.pk]))
    names: dict[int, str] = {}
    shown: list[BoardStudent] = []
    not_shown = 0
    if mode != PrivacyMode.COUNTS_ONLY:
        order = {s.pk: n for n, s in enumerate(standards)}
        # Each standard's symbol and its name, once.
        drawn = [in_page_symbol_html(s) for s in standards]
        named_as = [s.symbol_label for s in standards]
        for student in students:
            name, avatar = shown_name(mode, student, profiles.get(student.pk))
            if not name:
                not_shown += 1
                continue
            names[student.pk] = name
            mine = sorted([order[pk] for pk in per_student[student.pk]])
            symbols = mark_safe("".join([drawn[n] for n in mine]))  # noqa: S308 - safe parts
            label = ", ".join([named_as[n] for n in mine])
            shown.append(BoardStudent(name, avatar, len(mine), symbols, label))
        # Alphabetical: a board of names, not a ranking.
        shown.sort(key=lambda b: b.name.casefold())
    # Mastered today, and still mastered: how many, and the newest of shown students, read
    # newest first until the strip has its names (a busy day reads a few rows, not all).
    # Between the school's midnights, not `__date`: on SQLite that calls a Python function
    # on every record.
    today_count = sum(1 for m in mastered if m.on == today)
    named_today: list[tuple[str, Standard]] = []
    if today_count and names:
        start = timezone.make_aware(datetime.combine(today, time.min))
        into = (
            MasteryRecord.objects.filter(
                classroom=classroom,
                status__in=[MasteryRecord.State.MASTERED, MasteryRecord.State.NEEDS_REVIEW],
            )
            .alias(became=Coalesce("mastered_at", "updated_at"))
            .filter(
                became__gte=start,
                became__lt=timezone.make_aware(
                    datetime.combine(today + timedelta(days=1), time.min)
                ),
            )
            .order_by("-became", "-pk")
            .values_list("student_id", "standard_id")
        )
        for student_id, standard_id in into.iterator(chunk_size=4 * CELEBRATE_NAMED):
            if names.get(student_id) and standard_id in by_id:
                named_today.append((names[student_id], by_id[standard_id]))
                if len(named_today) == CELEBRATE_NAMED:
                    break
    # Public goals only: a class goal or a student's goal the teacher or student made public.
    public_goals = list(
        Goal.objects.filter(
            classroom=classroom, state=Goal.State.ACTIVE, public=True
        ).select_related("unit")
    )
    public_goals = [g for g in public_goals if g.student_id is None or g.student_id in enrolled]
    views = view_goals(classroom, public_goals, today=today, mastered=mastered)
    reached = [v for v in views if v.pace.state in (PaceState.REACHED, PaceState.PASSED)]
    return Board(
        mode=mode,
        norms=settings.norms if settings else "",
        version=version,
        enrolled=len(students),
        units=units,
        students=shown,
        not_shown=not_shown if mode != PrivacyMode.COUNTS_ONLY else 0,
        total_mastered=len(mastered),
        standards_count=len(standards),
        celebrate=_celebrations(named_today, today_count, names, reached),
        class_goals=[v for v in views if v.goal.student_id is None],
    )


def opted_out(classroom: Classroom) -> list[User]:
    """The students who asked not to be named (for the teacher's settings page)."""
    return list(
        User.objects.filter(
            public_profiles__classroom=classroom,
            public_profiles__opt_out=True,
            enrollments__classroom=classroom,
        ).order_by("last_name", "first_name")
    )
