"""Rosters in: OneRoster 1.1 and 1.2 CSV (a zip, the loose files packed into one, or a single
CSV file), into the school admin's own school.

`plan_roster` reads the upload (exchange/files.py), lets the pure parser (oneroster.py) say
what it holds, then compares the chosen school's rows with the school's accounts, classes
and enrolments, loaded once (one query per table), to list what is created, updated,
removed and skipped. `apply_roster` computes the same plan inside the caller's transaction
and writes it in bulk.

How rows are matched, so that importing the same file again changes nothing: a student or
teacher by their sourcedId (`User.sourced_id`), a class by its sourcedId
(`Classroom.sourced_id`), both only within the admin's school; an enrolment by its class and
its user. Accounts and classes made here (no sourcedId) are never matched, and nothing of
another school is ever read or changed.

What a row does:
- a new student or teacher gets an account with the file's username (another one, said as
  a problem, when that username is taken) and no password yet: the admin prints login cards
  from each class's roster page, or gives a teacher a password on the People page. Hashing
  600 passwords would take minutes; this way the import takes seconds;
- a changed name (or class title) updates it; usernames, roles and maps are not changed;
- `tobedeleted` (or `enabledUser` false) deactivates an account, `tobedeleted` archives a
  class or takes a student (or teacher) out of a class, as the People page and the roster
  page would: nothing is deleted, evidence stays;
- delta files apply their rows as changes; in bulk and delta files alike, an account, class
  or enrolment that the file does not list is left as it is (only rows marked tobedeleted
  remove anything).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from masterymap.accounts.access import may_manage_people
from masterymap.accounts.models import Classroom, Enrollment, School, User, new_join_code
from masterymap.exchange import oneroster
from masterymap.exchange.files import FileProblem, is_zip, read_csv, read_zip
from masterymap.exchange.importers import Importer, Source
from masterymap.exchange.plan import Plan, Refused
from masterymap.lib.html import ContentSelect
from masterymap.lib.ids import parse_id
from masterymap.standards.access import mastery_maps_for_teacher
from masterymap.standards.models import MasteryMap

log = logging.getLogger("masterymap.accounts")

PROGRESS_EVERY = 100
CHUNK = 900  # values per IN (…) query: under the 999 parameters old SQLite allows
PREFIX_CHUNK = 100  # usernames per “starts with” query

TeacherLink = Classroom.teachers.through

# --- the problems, in the reader's words ---------------------------------------------------

MESSAGES: dict[str, Any] = {
    "duplicate_file": gettext_lazy("The upload has two %(name)s files (%(paths)s): keep one."),
    "no_roster_files": gettext_lazy(
        "This is not a OneRoster roster: it has no users.csv, classes.csv or enrollments.csv "
        "(it has: %(files)s)."
    ),
    "declared_missing": gettext_lazy(
        "The manifest lists %(name)s (%(mode)s), but the upload does not have it: add it "
        "(choose all the roster's files at once, or upload the zip)."
    ),
    "declared_missing_names": gettext_lazy(
        "The manifest lists %(name)s (%(mode)s), but the upload does not have it: classes are "
        "named without it."
    ),
    "single_file": gettext_lazy(
        "Only this file was read: the roster's other files (%(missing)s) were not uploaded, "
        "so what they hold is not imported. To import everything, upload the zip, or choose "
        "all the CSV files at once."
    ),
    "column_typo": gettext_lazy(
        "The column “%(column)s” is not a OneRoster column: did you mean “%(meant)s”? It is "
        "ignored."
    ),
    "duplicate_column": gettext_lazy("Two columns are named “%(column)s”: only one is read."),
    "empty_columns": gettext_lazy(
        "The header row names %(columns)s columns, %(count)s of them without a name: those "
        "are ignored."
    ),
    "missing_columns": gettext_lazy(
        "This file lacks the columns %(columns)s that OneRoster requires: nothing can be "
        "read from it."
    ),
    "missing_id": gettext_lazy("This row has no sourcedId: skipped."),
    "id_too_long": gettext_lazy("This sourcedId is longer than %(max)s characters: skipped."),
    "duplicate_id": gettext_lazy("This sourcedId is also on line %(other)s: this row is skipped."),
    "bad_status": gettext_lazy(
        "The status “%(value)s” is neither active nor tobedeleted: skipped."
    ),
    "bad_date": gettext_lazy(
        "The dateLastModified “%(value)s” is not a date in the form 2023-05-01 (ISO 8601): "
        "ignored; the row is imported."
    ),
    "manifest_version": gettext_lazy(
        "The OneRoster version “%(value)s” is not 1.1 or 1.2: the files are read by their columns."
    ),
    "manifest_mode_empty": gettext_lazy(
        "%(name)s has no value (bulk, delta or absent): taken as absent."
    ),
    "manifest_mode": gettext_lazy(
        "%(name)s is “%(value)s”, not bulk, delta or absent: taken as absent."
    ),
    "manifest_typo": gettext_lazy(
        "“%(name)s” is not a manifest property: did you mean “%(meant)s”? It is ignored."
    ),
    "org_parent_missing": gettext_lazy(
        "The parent org %(parent)s is not in orgs.csv: ignored (only your school's own org "
        "is used)."
    ),
    "no_given_name": gettext_lazy("This user has no givenName: skipped."),
    "name_too_long": gettext_lazy("A name is longer than %(max)s characters: skipped."),
    "role_without_user": gettext_lazy("This role names no userSourcedId: skipped."),
    "course_missing": gettext_lazy(
        "The course %(course)s is not in courses.csv: the class is imported, named by its own "
        "title."
    ),
    "courses_absent": gettext_lazy(
        "The course %(course)s cannot be looked up: the upload has no courses.csv. The class "
        "is imported, named by its own title."
    ),
    "term_missing": gettext_lazy("The term %(term)s is not in academicSessions.csv: ignored."),
    "class_no_title": gettext_lazy("This class has no title, nor a course with one: skipped."),
    "enrollment_incomplete": gettext_lazy("This enrolment names no class or no user: skipped."),
    "duplicate_enrollment": gettext_lazy(
        "Line %(other)s already enrols %(user)s in %(class)s: this row is skipped."
    ),
    "school_missing": gettext_lazy("The school %(org)s is not in orgs.csv: its rows are skipped."),
}


def _say(code: str, params: Any) -> str:
    template = MESSAGES.get(code)
    if template is None:  # a code without a sentence: still say something useful
        return f"{code}: {dict(params)}"
    return str(template) % dict(params) if params else str(template)


def _where(file: str, line: int | None = None, sourced_id: str = "") -> str:
    where = file if line is None else _("%(file)s, line %(line)d") % {"file": file, "line": line}
    return f"{where} ({sourced_id})" if sourced_id else where


def _issue_where(issue: oneroster.Issue, filename: str) -> str:
    return _where(issue.file or filename, issue.line, issue.sourced_id)


def _what() -> dict[str, str]:
    return {
        "school": _("School"),
        "student": _("Student"),
        "teacher": _("Teacher"),
        "other": _("Other person"),
        "class": _("Class"),
        "enrol_student": _("Student in a class"),
        "enrol_teacher": _("Teacher of a class"),
        "enrol_other": _("Other enrolment"),
        "elsewhere": _("Another school's rows"),
    }


def _role_word(kind: str) -> str:
    return {"student": _("student"), "teacher": _("teacher")}.get(kind, kind)


def _role_of_user(user: User) -> str:
    """ "student" or "teacher", as the roster's roles are named; "" for a school admin."""
    return {"student": "student", "teacher": "teacher"}.get(str(user.role), "")


# --- options -------------------------------------------------------------------------------


class RosterOptionsForm(forms.Form):
    """Which org of the file is this school, the mastery map new classes get, and whether a
    single problem refuses the whole file."""

    org = forms.ChoiceField(
        label=gettext_lazy("Your school in the file"),
        required=False,
        widget=ContentSelect,
        help_text=gettext_lazy(
            "After the first preview, the schools the file holds are offered. Only the rows "
            "of the one you choose are imported."
        ),
    )
    mastery_map = forms.ChoiceField(
        label=gettext_lazy("Mastery map for new classes"),
        required=False,
        widget=ContentSelect,
        help_text=gettext_lazy("Classes already here keep their map."),
    )
    all_or_nothing = forms.BooleanField(
        label=gettext_lazy("All or nothing: if any row has a problem, import nothing"),
        required=False,
        initial=False,
    )

    def __init__(self, user: User, data: Any = None, facts: dict[str, Any] | None = None) -> None:
        super().__init__(data)
        self.user = user
        self.facts = facts or {}
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        schools = self.facts.get("schools")
        picked = self.facts.get("school_pick")
        auto = _("Automatic")
        if picked in ("linked", "only") and schools:
            name = next(
                (s["label"] for s in schools if s["sourced_id"] == self.facts.get("school_org")),
                "",
            )
            auto = _("Automatic (here: %(name)s)") % {"name": name}
        org.choices = [("", auto)] + [(s["sourced_id"], s["label"]) for s in schools or []]
        if schools is not None:
            org.help_text = _("Only the rows of the school you choose are imported.")
        maps = list(mastery_maps_for_teacher(user).order_by("title", "pk"))
        mastery_map = self.fields["mastery_map"]
        assert isinstance(mastery_map, forms.ChoiceField)
        mastery_map.choices = [("", _("Choose a map…"))] + [(str(m.pk), m.title) for m in maps]
        if len(maps) == 1:
            mastery_map.initial = str(maps[0].pk)

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "org": data.get("org") or "",
            "mastery_map": parse_id(data.get("mastery_map") or ""),
            "all_or_nothing": bool(data.get("all_or_nothing")),
        }


# --- reading the upload --------------------------------------------------------------------


def _table(path: str, data: bytes) -> oneroster.Table:
    table = read_csv(data, path)
    return oneroster.Table(
        path=path,
        headers=tuple(table.headers),
        rows=tuple(oneroster.Row(row.line, row.cells) for row in table.rows),
    )


def _read(source: Source, plan: Plan) -> oneroster.Roster | None:
    """The upload's OneRoster files, parsed; None (with a fatal problem) when it cannot be
    read at all."""
    try:
        if is_zip(source.data):
            files = read_zip(source.data, source.filename)
            layout = oneroster.sort_paths(files)
            plan.facts["not_used"] = list(layout.unused)
            for issue in layout.issues:
                plan.problem(
                    _issue_where(issue, source.filename),
                    _say(issue.code, issue.params),
                    fatal=issue.fatal,
                )
            if plan.fatal:
                return None
            tables = {kind: _table(path, files[path]) for kind, path in layout.paths.items()}
            return oneroster.parse(tables)
        table = _table(source.filename, source.data)
    except FileProblem as problem:
        plan.problem(problem.where, problem.message, fatal=True)
        return None
    kind = oneroster.kind_of_csv(source.filename, table.headers)
    if kind is None:
        plan.problem(
            source.filename,
            _(
                "This CSV file is not one of OneRoster's files (users.csv, classes.csv, "
                "enrollments.csv…): its columns are not theirs. Upload the roster's zip, or "
                "all its CSV files at once."
            ),
            fatal=True,
        )
        return None
    if kind not in oneroster.ROSTER_KINDS:
        plan.problem(
            source.filename,
            _(
                "%(name)s alone imports nothing: upload the whole roster (its zip, or all its "
                "CSV files at once)."
            )
            % {"name": f"{kind}.csv"},
            fatal=True,
        )
        return None
    return oneroster.parse({kind: table}, single=True)


# --- what is here ----------------------------------------------------------------------------


T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Here:
    """The school's rows a roster can touch, loaded once: one query per table."""

    school: School
    users: dict[str, User]  # sourcedId → account of this school
    classes: dict[str, Classroom]  # sourcedId → class of this school
    enrolled: dict[tuple[int, int], int]  # (class, student) → Enrollment id
    teaching: dict[tuple[int, int], int]  # (class, teacher) → link id


def _here(school: School) -> Here:
    users: dict[str, User] = {}
    for user in User.objects.filter(school=school).exclude(sourced_id="").order_by("pk"):
        users.setdefault(user.sourced_id, user)
    classes: dict[str, Classroom] = {}
    for classroom in Classroom.objects.filter(school=school).exclude(sourced_id="").order_by("pk"):
        classes.setdefault(classroom.sourced_id, classroom)
    ids = [c.pk for c in classes.values()]
    enrolled: dict[tuple[int, int], int] = {}
    teaching: dict[tuple[int, int], int] = {}
    if ids:
        for pk, classroom_id, student_id in Enrollment.objects.filter(
            classroom__school=school, classroom__sourced_id__gt=""
        ).values_list("pk", "classroom_id", "student_id"):
            enrolled[(classroom_id, student_id)] = pk
        for pk, classroom_id, user_id in TeacherLink.objects.filter(
            classroom__school=school, classroom__sourced_id__gt=""
        ).values_list("pk", "classroom_id", "user_id"):
            teaching[(classroom_id, user_id)] = pk
    return Here(school, users, classes, enrolled, teaching)


def _taken_usernames(wanted: Sequence[str]) -> set[str]:
    """Which of these usernames (in any case) an account of any school already has."""
    lowered = sorted({w.lower() for w in wanted})
    taken: set[str] = set()
    for chunk in _chunks(lowered):
        taken.update(
            User.objects.annotate(low=Lower("username"))
            .filter(low__in=chunk)
            .values_list("low", flat=True)
        )
    return taken


def _taken_with_prefix(stems: Sequence[str]) -> set[str]:
    """The usernames (lower case) that start with any of these stems."""
    taken: set[str] = set()
    for chunk in _chunks(sorted(set(stems)), PREFIX_CHUNK):
        query = reduce(or_, (Q(username__istartswith=stem) for stem in chunk))
        taken.update(
            u.lower() for u in User.objects.filter(query).values_list("username", flat=True)
        )
    return taken


def allocate_usernames(wanted: Sequence[str]) -> list[str]:
    """A username for each new account, in order: the one wanted when no account (of any
    school) has it in any case and no earlier one here took it; else the wanted one with 2,
    3… added. One query, and one more per 100 names taken."""
    taken = _taken_usernames(wanted)
    given: list[str | None] = []
    mine: set[str] = set()
    clashes: list[str] = []
    for name in wanted:
        low = name.lower()
        if low in taken or low in mine:
            given.append(None)
            clashes.append(oneroster.username_stem(name))
        else:
            given.append(name)
            mine.add(low)
    if clashes:
        taken |= _taken_with_prefix(clashes)
    taken |= mine
    result: list[str] = []
    for name, got in zip(wanted, given, strict=True):
        if got is not None:
            result.append(got)
            continue
        stem = oneroster.username_stem(name)
        # "john.doe2", as people.py numbers them; "user01-2" when the name ends in a digit.
        if stem[-1:].isdigit():
            stem += "-"
        n = 2
        while f"{stem}{n}".lower() in taken:
            n += 1
        username = f"{stem}{n}"
        taken.add(username.lower())
        result.append(username)
    return result


# --- comparing the file with the school ------------------------------------------------------


@dataclass
class Writes:
    link_school: str | None = None
    new_users: list[User] = field(default_factory=list)
    renamed_users: list[User] = field(default_factory=list)
    deactivate: list[User] = field(default_factory=list)
    new_classes: list[Classroom] = field(default_factory=list)
    renamed_classes: list[Classroom] = field(default_factory=list)
    archive: list[Classroom] = field(default_factory=list)
    enrol: list[tuple[Classroom, User]] = field(default_factory=list)
    unenrol: list[tuple[int, Classroom, User]] = field(default_factory=list)
    teach: list[tuple[Classroom, User]] = field(default_factory=list)
    unteach: list[tuple[int, Classroom, User]] = field(default_factory=list)
    # Login cards to print: per class (by sourcedId), the new students enrolled in it.
    new_students_in: dict[str, int] = field(default_factory=dict)
    classless: int = 0  # new students enrolled in no class


@dataclass
class Seen:
    """What the people and classes of the file became, for the enrolments to use."""

    users: dict[str, User] = field(default_factory=dict)  # importable
    left_out: dict[str, str] = field(default_factory=dict)  # sourcedId → why (said once)
    classes: dict[str, Classroom] = field(default_factory=dict)  # open for enrolments
    closed: dict[str, str] = field(default_factory=dict)  # sourcedId → why not


def _label(user: User) -> str:
    return user.get_full_name().strip() or user.username


def _names_of(person: oneroster.Person) -> tuple[str, str]:
    return person.user.first_name, person.user.last_name


def _plan_people(
    plan: Plan,
    people: list[oneroster.Person],
    here: Here,
    writes: Writes,
    seen: Seen,
    tick: Callable[[], None],
) -> None:
    what = _what()
    fresh: list[oneroster.Person] = [
        p for p in people if p.kind and not p.user.gone and p.user.sourced_id not in here.users
    ]
    usernames = dict(
        zip(
            (p.user.sourced_id for p in fresh),
            allocate_usernames([oneroster.wanted_username(p.user) for p in fresh]),
            strict=True,
        )
    )
    password = make_password(None)  # unusable: set by login cards, never hashed here
    for person in people:
        tick()
        row = person.user
        where = _where(row.path, row.line, row.sourced_id)
        label = f"{row.first_name} {row.last_name}".strip()
        kind = person.kind
        if not kind:
            seen.left_out[row.sourced_id] = _("%(name)s is not imported (%(where)s).") % {
                "name": label,
                "where": _where(row.path, row.line),
            }
            if not person.role:
                plan.problem(
                    where,
                    _(
                        "The file gives %(name)s no role (no role column, no row in "
                        "roles.csv, no enrolment): skipped."
                    )
                    % {"name": label},
                )
            else:
                plan.add(
                    "skip",
                    what["other"],
                    label,
                    _("Role “%(role)s”: only students and teachers get accounts.")
                    % {"role": person.role},
                )
            continue
        existing = here.users.get(row.sourced_id)
        if existing is None:
            if row.gone:
                seen.left_out[row.sourced_id] = _(
                    "%(name)s is marked %(why)s in users.csv and is not here."
                ) % {"name": label, "why": _gone_word(row.gone)}
                plan.add(
                    "skip",
                    what[kind],
                    label,
                    _("Marked %(why)s in the file and not here: not created.")
                    % {"why": _gone_word(row.gone)},
                )
                continue
            user = User(
                username=usernames[row.sourced_id],
                first_name=row.first_name,
                last_name=row.last_name,
                role=User.Role.STUDENT if kind == "student" else User.Role.TEACHER,
                school=here.school,
                sourced_id=row.sourced_id,
                password=password,
            )
            writes.new_users.append(user)
            seen.users[row.sourced_id] = user
            wanted = oneroster.wanted_username(row)
            # Said when the file's own username is taken; one made from the name is
            # numbered silently, as the People page numbers them.
            if row.username and user.username != wanted:
                plan.problem(
                    where,
                    _(
                        "The username %(wanted)s is taken by another account: %(name)s gets "
                        "%(username)s instead."
                    )
                    % {"wanted": wanted, "name": label, "username": user.username},
                )
            detail = (
                _("Username %(username)s. No password yet: print login cards after the import.")
                if kind == "student"
                else _(
                    "Username %(username)s. No password yet: give one on the People page after "
                    "the import."
                )
            )
            plan.add("create", what[kind], label, detail % {"username": user.username})
            continue
        # An account of this school with this sourcedId.
        here_kind = _role_of_user(existing)
        if existing.is_school_admin or here_kind != kind:
            seen.left_out[row.sourced_id] = _("%(name)s is not changed by this import.") % {
                "name": label
            }
            message = (
                _("%(name)s is a school admin here: a roster never changes school admins.")
                if existing.is_school_admin
                else _(
                    "%(name)s is a %(here)s here and a %(file)s in the file: the account is "
                    "left as it is."
                )
            )
            plan.problem(
                where,
                message % {"name": label, "here": _role_word(here_kind), "file": _role_word(kind)},
            )
            continue
        seen.users[row.sourced_id] = existing
        if row.gone:
            if existing.is_active:
                writes.deactivate.append(existing)
                plan.add(
                    "delete",
                    what[kind],
                    _label(existing),
                    _(
                        "Deactivated (marked %(why)s): they can no longer log in; their work "
                        "and classes stay. The People page reactivates them."
                    )
                    % {"why": _gone_word(row.gone)},
                )
            else:
                plan.add(
                    "skip",
                    what[kind],
                    _label(existing),
                    _("Marked %(why)s; already deactivated.") % {"why": _gone_word(row.gone)},
                )
            continue
        changes = []
        if existing.first_name != row.first_name:
            changes.append(_("first name"))
        if existing.last_name != row.last_name:
            changes.append(_("last name"))
        if changes:
            old = _label(existing)
            existing.first_name, existing.last_name = _names_of(person)
            writes.renamed_users.append(existing)
            plan.add(
                "update",
                what[kind],
                _label(existing),
                _("Changes: %(fields)s (was %(old)s).")
                % {"fields": ", ".join(changes), "old": old},
            )
        elif not existing.is_active:
            plan.add(
                "skip",
                what[kind],
                _label(existing),
                _(
                    "Unchanged. Deactivated here: an import does not reactivate accounts (the "
                    "People page does)."
                ),
            )
        else:
            plan.add("skip", what[kind], _label(existing), _("Unchanged."))


def _gone_word(gone: str) -> str:
    return {"tobedeleted": "tobedeleted", "disabled": _("disabled (enabledUser false)")}.get(
        gone, gone
    )


def _class_detail(cls: oneroster.RosterClass) -> str:
    parts = []
    if cls.code:
        parts.append(_("class code %(code)s") % {"code": cls.code})
    if cls.course and cls.course != cls.title:
        parts.append(_("course %(course)s") % {"course": cls.course})
    if cls.terms:
        parts.append(cls.terms)
    return " · ".join(parts)


def _unique_join_codes(count: int) -> list[str]:
    """Join codes for new classes that no class has (one query)."""
    codes = {new_join_code() for _n in range(count * 2 + 10)}
    taken = set(Classroom.objects.filter(join_code__in=codes).values_list("join_code", flat=True))
    free = sorted(codes - taken)
    while len(free) < count:  # never in practice: 31^6 codes
        code = new_join_code()
        if (
            code not in taken
            and code not in free
            and not Classroom.objects.filter(join_code=code).exists()
        ):
            free.append(code)
    return free[:count]


def _plan_classes(
    plan: Plan,
    classes: list[oneroster.RosterClass],
    here: Here,
    mastery_map: MasteryMap | None,
    writes: Writes,
    seen: Seen,
    tick: Callable[[], None],
) -> int:
    """What each class becomes; returns how many new classes need a map (when none is
    chosen)."""
    what = _what()["class"]
    needing = 0
    fresh = [c for c in classes if not c.gone and c.sourced_id not in here.classes]
    codes = _unique_join_codes(len(fresh)) if fresh and mastery_map is not None else []
    for cls in classes:
        tick()
        existing = here.classes.get(cls.sourced_id)
        where_line = _where(cls.path, cls.line)
        if existing is None:
            if cls.gone:
                seen.closed[cls.sourced_id] = _(
                    "The class is marked tobedeleted (%(where)s): not created."
                ) % {"where": where_line}
                plan.add(
                    "skip",
                    what,
                    cls.name,
                    _("Marked tobedeleted in the file and not here: not created."),
                )
                continue
            if mastery_map is None:
                needing += 1
                seen.closed[cls.sourced_id] = _("The class needs a mastery map.")
                continue
            classroom = Classroom(
                school=here.school,
                name=cls.name,
                mastery_map=mastery_map,
                sourced_id=cls.sourced_id,
                join_code=codes.pop(),
            )
            writes.new_classes.append(classroom)
            seen.classes[cls.sourced_id] = classroom
            plan.add("create", what, cls.name, _class_detail(cls))
            continue
        if existing.is_archived:
            seen.closed[cls.sourced_id] = _("The class %(name)s is archived here.") % {
                "name": existing.name
            }
            plan.add(
                "skip",
                what,
                existing.name,
                _("Marked tobedeleted; already archived.")
                if cls.gone
                else _(
                    "Archived here: left as it is (restore it on its roster page to import "
                    "into it)."
                ),
            )
            continue
        if cls.gone:
            writes.archive.append(existing)
            seen.closed[cls.sourced_id] = _("The class %(name)s is archived by this import.") % {
                "name": existing.name
            }
            plan.add(
                "delete",
                what,
                existing.name,
                _(
                    "Archived (marked tobedeleted): off the class lists, and its code lets "
                    "nobody in; its roster, levels and history stay."
                ),
            )
            continue
        seen.classes[cls.sourced_id] = existing
        if existing.name != cls.name:
            old = existing.name
            existing.name = cls.name
            writes.renamed_classes.append(existing)
            plan.add("update", what, cls.name, _("Changes: name (was %(old)s).") % {"old": old})
        else:
            plan.add("skip", what, cls.name, _("Unchanged."))
    return needing


def _plan_enrollments(
    plan: Plan,
    roster: oneroster.Roster,
    enrollments: list[oneroster.RosterEnrollment],
    here: Here,
    writes: Writes,
    seen: Seen,
    tick: Callable[[], None],
) -> None:
    what = _what()
    named_users = roster.named.get("users", {})
    named_classes = roster.named.get("classes", {})
    new_ids = {id(u) for u in writes.new_users}
    enrolled_new: set[int] = set()
    for enr in enrollments:
        tick()
        where = _where(enr.path, enr.line, enr.sourced_id)
        kind = enr.kind
        if not kind:
            plan.add(
                "skip",
                what["enrol_other"],
                f"{enr.user_id} → {enr.class_id}",
                _("Enrolled as “%(role)s”: only students and teachers are added to classes.")
                % {"role": enr.role or "—"},
            )
            continue
        # The class: in the file, or here.
        classroom = seen.classes.get(enr.class_id)
        if classroom is None and enr.class_id not in seen.closed:
            if enr.class_id in named_classes:
                closed = _("The class is not imported (%(where)s).") % {
                    "where": _where(roster.paths["classes"], named_classes[enr.class_id])
                }
                seen.closed[enr.class_id] = closed
            elif enr.class_id not in here.classes:
                plan.problem(
                    where,
                    _("The class %(class)s is neither in classes.csv nor already here: skipped.")
                    % {"class": enr.class_id},
                )
                continue
            else:
                existing = here.classes[enr.class_id]
                if existing.is_archived:
                    seen.closed[enr.class_id] = _("The class %(name)s is archived here.") % {
                        "name": existing.name
                    }
                else:
                    classroom = seen.classes[enr.class_id] = existing
        # The person: in the file, or here.
        user = seen.users.get(enr.user_id)
        if user is None and enr.user_id not in seen.left_out:
            if enr.user_id in named_users:
                seen.left_out[enr.user_id] = _("%(user)s is not imported (%(where)s).") % {
                    "user": enr.user_id,
                    "where": _where(roster.paths["users"], named_users[enr.user_id]),
                }
            elif enr.user_id not in here.users:
                plan.problem(
                    where,
                    _("The user %(user)s is neither in users.csv nor already here: skipped.")
                    % {"user": enr.user_id},
                )
                continue
            else:
                user = seen.users[enr.user_id] = here.users[enr.user_id]
        user_label = _label(user) if user is not None else enr.user_id
        class_label = classroom.name if classroom is not None else enr.class_id
        label = f"{user_label} → {class_label}"
        row_what = what["enrol_student" if kind == "student" else "enrol_teacher"]
        if user is None or classroom is None:
            why = seen.left_out.get(enr.user_id, "") if user is None else ""
            why = why or seen.closed.get(enr.class_id, "")
            plan.add("skip", row_what, label, why)
            continue
        if user.is_school_admin or _role_of_user(user) != kind:
            plan.problem(
                where,
                _(
                    "%(name)s is a %(role)s, but this enrolment makes them a %(as)s of "
                    "%(class)s: skipped. Correct the role in one of the files."
                )
                % {
                    "name": user_label,
                    "role": _role_word(_role_of_user(user)) or _("school admin"),
                    "as": _role_word(kind),
                    "class": class_label,
                },
            )
            continue
        links = here.enrolled if kind == "student" else here.teaching
        link = links.get((classroom.pk, user.pk)) if classroom.pk and user.pk else None
        if enr.gone:
            if link is None:
                plan.add("skip", row_what, label, _("Marked tobedeleted; not in the class."))
            elif kind == "student":
                writes.unenrol.append((link, classroom, user))
                plan.add(
                    "delete",
                    row_what,
                    label,
                    _(
                        "Taken out of the class (marked tobedeleted): their evidence and the "
                        "class's history stay."
                    ),
                )
            else:
                writes.unteach.append((link, classroom, user))
                plan.add(
                    "delete",
                    row_what,
                    label,
                    _("No longer a teacher of this class (marked tobedeleted)."),
                )
            continue
        if link is not None:
            plan.add("skip", row_what, label, _("Unchanged."))
            continue
        if kind == "student":
            writes.enrol.append((classroom, user))
            if id(user) in new_ids:
                key = enr.class_id
                writes.new_students_in[key] = writes.new_students_in.get(key, 0) + 1
                enrolled_new.add(id(user))
        else:
            writes.teach.append((classroom, user))
        plan.add("create", row_what, label)
    writes.classless = sum(
        1 for u in writes.new_users if u.is_student and id(u) not in enrolled_new
    )


def _not_in_file(plan: Plan, roster: oneroster.Roster, here: Here) -> None:
    """In a bulk file, the accounts and classes that came from a roster and are not in this
    one: listed, never removed."""
    what = _what()
    detail = _("Not in this file: left as it is (only rows marked tobedeleted remove anything).")
    if roster.modes.get("users") == "bulk":
        listed = roster.named.get("users", {})
        for sourced_id, user in here.users.items():
            kind = _role_of_user(user)
            if sourced_id not in listed and kind and user.is_active:
                plan.add("skip", what[kind], _label(user), detail)
    if roster.modes.get("classes") == "bulk":
        listed = roster.named.get("classes", {})
        for sourced_id, classroom in here.classes.items():
            if sourced_id not in listed and not classroom.is_archived:
                plan.add("skip", what["class"], classroom.name, detail)


# --- the whole plan ----------------------------------------------------------------------------


@dataclass
class Planned:
    plan: Plan
    writes: Writes
    here: Here | None = None
    roster: oneroster.Roster | None = None


def _mastery_map(source: Source, plan: Plan) -> MasteryMap | None:
    """The map the options name, read again through the access helper (it may have been
    archived since the preview)."""
    map_id = parse_id(source.options.get("mastery_map") or "")
    if map_id is None:
        return None
    found = mastery_maps_for_teacher(source.user).filter(pk=map_id).first()
    if found is None:
        plan.problem(
            source.filename,
            _("The mastery map chosen is not one of your school's maps any more: choose another."),
            fatal=True,
        )
    return found


def _org_label(org: oneroster.Org) -> str:
    return f"{org.name} ({org.sourced_id})" if org.name else org.sourced_id


def _plan(source: Source) -> Planned:
    if not may_manage_people(source.user) or source.user.school_id is None:
        raise PermissionDenied
    plan = Plan()
    writes = Writes()
    roster = _read(source, plan)
    if roster is None:
        return Planned(plan, writes)
    for issue in roster.issues:
        plan.problem(
            _issue_where(issue, source.filename), _say(issue.code, issue.params), fatal=issue.fatal
        )
    plan.facts.update(
        {
            "version": roster.version,
            "version_from": roster.version_from,
            "modes": dict(roster.modes),
            "files": dict(roster.paths),
            "delta": any(m == "delta" for m in roster.modes.values()),
        }
    )
    plan.facts.setdefault("not_used", [])
    if plan.fatal:
        return Planned(plan, writes, roster=roster)
    school = School.objects.get(pk=source.user.school_id)
    candidates = oneroster.school_orgs(roster)
    plan.facts["schools"] = [
        {"sourced_id": o.sourced_id, "name": o.name, "type": o.type, "label": _org_label(o)}
        for o in candidates
    ]
    pick = oneroster.pick_school(
        candidates, chosen=str(source.options.get("org") or ""), linked=school.sourced_id
    )
    plan.facts["school_pick"] = pick.how
    plan.facts["school_org"] = pick.org.sourced_id if pick.org else ""
    if pick.how == "ask":
        plan.problem(
            source.filename,
            _(
                "The file holds several schools (%(names)s): choose yours under “Your school "
                "in the file”, then preview again."
            )
            % {"names": ", ".join(_org_label(o) for o in candidates)},
            fatal=True,
        )
    elif pick.how == "gone":
        plan.problem(
            source.filename,
            _("The school chosen (%(org)s) is not in this file: choose again.")
            % {"org": source.options.get("org")},
            fatal=True,
        )
    mastery_map = _mastery_map(source, plan)
    if plan.fatal:
        return Planned(plan, writes, roster=roster)

    scoped = oneroster.scope(roster, pick.org)
    for issue in scoped.issues:
        plan.problem(_issue_where(issue, source.filename), _say(issue.code, issue.params))
    here = _here(school)
    what = _what()
    if pick.org is not None:
        if school.sourced_id != pick.org.sourced_id:
            writes.link_school = pick.org.sourced_id
            plan.add(
                "update",
                what["school"],
                school.name,
                _("Linked to %(org)s of the file, so the next import finds your school by itself.")
                % {"org": _org_label(pick.org)},
            )
        else:
            plan.add("skip", what["school"], school.name, _("Unchanged."))

    total = len(scoped.people) + len(scoped.classes) + len(scoped.enrollments)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if done[0] % PROGRESS_EVERY == 0:
            source.progress(done[0], total)

    seen = Seen()
    _plan_people(plan, scoped.people, here, writes, seen, tick)
    needing = _plan_classes(plan, scoped.classes, here, mastery_map, writes, seen, tick)
    if needing:
        has_maps = mastery_maps_for_teacher(source.user).exists()
        message = (
            ngettext(
                "%(n)d new class needs a mastery map: choose one under “Mastery map for new "
                "classes”, then preview again.",
                "%(n)d new classes need a mastery map: choose one under “Mastery map for new "
                "classes”, then preview again.",
                needing,
            )
            if has_maps
            else ngettext(
                "%(n)d new class needs a mastery map, and your school has none yet: make one "
                "(or import standards), then import the roster again.",
                "%(n)d new classes need a mastery map, and your school has none yet: make one "
                "(or import standards), then import the roster again.",
                needing,
            )
        )
        plan.problem(source.filename, message % {"n": needing}, fatal=True)
        return Planned(plan, writes, here, roster)
    _plan_enrollments(plan, roster, scoped.enrollments, here, writes, seen, tick)
    _not_in_file(plan, roster, here)
    for path, count in scoped.elsewhere.items():
        plan.add(
            "skip",
            what["elsewhere"],
            path,
            ngettext(
                "%(n)d row belongs to another school of the file: skipped.",
                "%(n)d rows belong to other schools of the file: skipped.",
                count,
            )
            % {"n": count},
        )
    source.progress(total, total)
    _facts(plan, writes, here, roster)
    return Planned(plan, writes, here, roster)


def _facts(plan: Plan, writes: Writes, here: Here, roster: oneroster.Roster) -> None:
    """Who needs a password after the import: per class, its new students (their login cards
    are printed from the class's roster page); the new teachers (People page)."""
    cards = []
    for sourced_id, count in writes.new_students_in.items():
        classroom = here.classes.get(sourced_id) or next(
            (c for c in writes.new_classes if c.sourced_id == sourced_id), None
        )
        if classroom is None:
            continue
        cards.append(
            {
                "classroom": classroom.pk,
                "name": classroom.name,
                "url": reverse("accounts:roster", args=[classroom.pk]) if classroom.pk else "",
                "new_students": count,
            }
        )
    plan.facts["login_cards"] = cards
    plan.facts["new_teachers"] = [
        {"id": u.pk, "name": _label(u), "username": u.username}
        for u in writes.new_users
        if u.is_teacher
    ]
    plan.facts["new_students_without_class"] = writes.classless


def _next_steps(plan: Plan) -> None:
    """What the admin does after applying: print login cards, give teachers passwords."""
    steps = []
    for card in plan.facts.get("login_cards", []):
        steps.append(
            {
                "url": card["url"],
                "label": ngettext(
                    "Print the login card of the new student of %(name)s",
                    "Print login cards for the %(n)d new students of %(name)s",
                    card["new_students"],
                )
                % {"n": card["new_students"], "name": card["name"]},
                "detail": _(
                    "On the class's roster: tick them, then “Reset passwords and print new "
                    "login cards for ticked students”."
                ),
            }
        )
    teachers = len(plan.facts.get("new_teachers", []))
    if teachers:
        steps.append(
            {
                "url": reverse("people:page") + "?role=teacher",
                "label": ngettext(
                    "Give the new teacher a password",
                    "Give the %(n)d new teachers their passwords",
                    teachers,
                )
                % {"n": teachers},
                "detail": _("On the People page: “New password card” beside each of them."),
            }
        )
    classless = plan.facts.get("new_students_without_class", 0)
    if classless:
        steps.append(
            {
                "url": reverse("people:page") + "?role=student",
                "label": ngettext(
                    "Give the new student who is in no class a password",
                    "Give the %(n)d new students who are in no class their passwords",
                    classless,
                )
                % {"n": classless},
                "detail": _("On the People page: “New password card” beside each of them."),
            }
        )
    plan.facts["next"] = steps


# --- writing -----------------------------------------------------------------------------------


def _write(source: Source, here: Here, writes: Writes) -> None:
    """Write the plan in bulk. Accounts are not made with accounts.people.create_student /
    create_teacher (nor classes with create_classroom, enrolments with remove_student): those
    hash a password or take several queries per row, and a roster holds hundreds. What they
    check was checked by `_plan` against the rows it loaded in this transaction (the school,
    usernames free in any case, the admin's right to manage people); deactivating and
    taking a student out of a class do what people.deactivate_person and
    actions.remove_student do (is_active off; the Enrollment row only), and are logged the
    same way."""
    by = source.user.username
    school = here.school
    if writes.link_school is not None:
        School.objects.filter(pk=school.pk).update(sourced_id=writes.link_school)
        school.sourced_id = writes.link_school
    if writes.new_users:
        User.objects.bulk_create(writes.new_users)
        _fill_pks(writes.new_users, school)
    if writes.renamed_users:
        User.objects.bulk_update(writes.renamed_users, ["first_name", "last_name"])
    if writes.deactivate:
        User.objects.filter(pk__in=[u.pk for u in writes.deactivate]).update(is_active=False)
        for user in writes.deactivate:
            user.is_active = False
            log.info("account deactivated: user=%s by=%s school=%s", user.username, by, school.pk)
    if writes.new_classes:
        Classroom.objects.bulk_create(writes.new_classes)
        if any(c.pk is None for c in writes.new_classes):
            found = dict(
                Classroom.objects.filter(
                    school=school, sourced_id__in=[c.sourced_id for c in writes.new_classes]
                ).values_list("sourced_id", "pk")
            )
            for classroom in writes.new_classes:
                classroom.pk = found[classroom.sourced_id]
    if writes.renamed_classes:
        Classroom.objects.bulk_update(writes.renamed_classes, ["name"])
    if writes.archive:
        at = now()
        Classroom.objects.filter(
            pk__in=[c.pk for c in writes.archive], archived_at__isnull=True
        ).update(archived_at=at)
        for classroom in writes.archive:
            classroom.archived_at = at
            log.info("class archived: classroom=%s by=%s", classroom.pk, by)
    if writes.unenrol:
        Enrollment.objects.filter(pk__in=[pk for pk, _c, _u in writes.unenrol]).delete()
        for _pk, classroom, user in writes.unenrol:
            log.info(
                "student removed: student=%s classroom=%s by=%s", user.username, classroom.pk, by
            )
    if writes.enrol:
        Enrollment.objects.bulk_create(
            [Enrollment(classroom=c, student=u) for c, u in writes.enrol], ignore_conflicts=True
        )
    if writes.unteach:
        TeacherLink.objects.filter(pk__in=[pk for pk, _c, _u in writes.unteach]).delete()
    if writes.teach:
        TeacherLink.objects.bulk_create(
            [TeacherLink(classroom_id=c.pk, user_id=u.pk) for c, u in writes.teach],
            ignore_conflicts=True,
        )
    log.info(
        "roster imported: by=%s school=%s accounts_created=%d renamed=%d deactivated=%d "
        "classes_created=%d archived=%d enrolled=%d removed=%d teachers_linked=%d unlinked=%d",
        by,
        school.pk,
        len(writes.new_users),
        len(writes.renamed_users),
        len(writes.deactivate),
        len(writes.new_classes),
        len(writes.archive),
        len(writes.enrol),
        len(writes.unenrol),
        len(writes.teach),
        len(writes.unteach),
    )


def _fill_pks(users: Iterable[User], school: School) -> None:
    """Databases that cannot return ids from a bulk insert: find them by sourcedId."""
    missing = [u for u in users if u.pk is None]
    if not missing:
        return
    found: dict[str, int] = {}
    for chunk in _chunks([u.sourced_id for u in missing]):
        found.update(
            User.objects.filter(school=school, sourced_id__in=chunk).values_list("sourced_id", "pk")
        )
    for user in missing:
        user.pk = found[user.sourced_id]


# --- the importer ------------------------------------------------------------------------------


def plan_roster(source: Source) -> Plan:
    """What importing the roster would do; writes nothing. PermissionDenied unless the user
    manages the people of a school."""
    return _plan(source).plan


def apply_roster(source: Source) -> Plan:
    """Import the roster, inside the caller's transaction: refused (Refused, so that it
    rolls back) when the plan is, else written."""
    planned = _plan(source)
    plan = planned.plan
    if plan.refused(all_or_nothing=bool(source.options.get("all_or_nothing"))):
        raise Refused(plan)
    assert planned.here is not None and planned.roster is not None
    _write(source, planned.here, planned.writes)
    _facts(plan, planned.writes, planned.here, planned.roster)
    _next_steps(plan)
    return plan


ROSTER_IMPORTER = Importer(
    key="oneroster",
    title=gettext_lazy("Roster from OneRoster"),
    description=gettext_lazy(
        "Students, teachers, classes and enrolments from your student information system's "
        "OneRoster 1.1 or 1.2 export (CSV): a zip, or all its CSV files at once. Importing "
        "it again updates what changed."
    ),
    audience="admin",
    accept=".zip,.csv",
    form=RosterOptionsForm,
    plan=plan_roster,
    apply=apply_roster,
    help_template="exchange/help_oneroster.html",
    multiple=True,
)
