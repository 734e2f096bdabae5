"""Pure. OneRoster 1.1 and 1.2 CSV rosters: which file of an upload is which, what each row
says, and which rows belong to the school being imported.

The Django side (roster_import.py) reads the upload (a zip, or one CSV file) with
exchange/files.py and hands each CSV file here as a `Table`; this module never touches the
database. It returns what the files say (`Roster`), the school orgs the admin can choose
from (`school_orgs`, `pick_school`), and the rows of the chosen school (`scope`). Problems
are `Issue`s: a stable code, the file, the line, the row's sourcedId and parameters; the
Django side says them in the reader's language.

What is read (file names in any case, anywhere in the zip):
- manifest.csv: the OneRoster version and each file's mode (bulk, delta, absent);
- orgs.csv: the orgs, to choose which one is the school;
- users.csv: students and teachers (1.1: `role` and `orgSourcedIds`; 1.2: `primaryOrgSourcedId`,
  with the roles in roles.csv; the preferred names of 1.2 when given);
- classes.csv, enrollments.csv; courses.csv and academicSessions.csv only for names.
Every other file is listed as not used.

Rows: an empty status is active; `tobedeleted` (and 1.0's `inactive`) asks for removal;
`enabledUser` false is read like `tobedeleted` for a user. Columns are matched in any case;
a column that is a near miss of a OneRoster column (“prefferedGivenName”) is reported and
ignored; extension columns (“metadata.…”) and other unknown columns are ignored silently.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from masterymap.lib.names import PersonName, username_base

# The files we read, by their name in lower case.
FILE_KINDS: dict[str, str] = {
    "manifest.csv": "manifest",
    "orgs.csv": "orgs",
    "users.csv": "users",
    "roles.csv": "roles",
    "classes.csv": "classes",
    "enrollments.csv": "enrollments",
    "courses.csv": "courses",
    "academicsessions.csv": "academicSessions",
}
# The files whose rows become something here; an upload needs at least one.
ROSTER_KINDS = ("users", "classes", "enrollments")
# A file the manifest lists as bulk or delta and the upload lacks: without it the rest would
# be read wrongly (an enrolment to a user who is in the missing file), so the upload stops.
NEEDED_KINDS = ("orgs", "users", "roles", "classes", "enrollments")
# Every file of OneRoster 1.1 and 1.2, as the manifest names them (`file.<name>`).
ALL_FILES = (
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItemLearningObjectiveIds",
    "lineItems",
    "lineItemScoreScales",
    "orgs",
    "resources",
    "resultLearningObjectiveIds",
    "results",
    "resultScoreScales",
    "roles",
    "scoreScales",
    "userProfiles",
    "userResources",
    "users",
)
MANIFEST_PROPERTIES = (
    "manifest.version",
    "oneroster.version",
    "source.systemName",
    "source.systemCode",
    *(f"file.{name}" for name in ALL_FILES),
)
MODES = ("bulk", "delta", "absent")

COLUMNS: dict[str, tuple[str, ...]] = {
    "manifest": ("propertyName", "value"),
    "orgs": ("sourcedId", "status", "dateLastModified", "name", "type", "identifier")
    + ("parentSourcedId",),
    "users": (
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ),
    "roles": (
        "sourcedId",
        "status",
        "dateLastModified",
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ),
    "classes": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
        "resources",
    ),
    "enrollments": (
        "sourcedId",
        "status",
        "dateLastModified",
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),
    "courses": (
        "sourcedId",
        "status",
        "dateLastModified",
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
        "resources",
    ),
    "academicSessions": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "manifest": ("propertyName", "value"),
    "orgs": ("sourcedId", "name", "type"),
    "users": ("sourcedId", "givenName"),
    "roles": ("userSourcedId", "role"),
    "classes": ("sourcedId", "title"),
    "enrollments": ("classSourcedId", "userSourcedId", "role"),
    "courses": ("sourcedId", "title"),
    "academicSessions": ("sourcedId", "title"),
}
# Files whose dateLastModified is checked (the rows that become something here).
DATED = ("orgs", "users", "roles", "classes", "enrollments")

# The limits of the fields the rows go into (accounts.models).
ID_MAX = 255
NAME_MAX = 150
CLASS_NAME_MAX = 120

ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?",
    re.ASCII,
)
FALSE_WORDS = ("false", "0", "no", "n")


@dataclass(frozen=True)
class Issue:
    """A problem in the upload. `file` is the file's path in the upload ("" for the upload
    as a whole), `line` its line (None: the file as a whole), `sourced_id` the row's."""

    code: str
    file: str = ""
    line: int | None = None
    sourced_id: str = ""
    params: Mapping[str, str | int] = field(default_factory=dict)
    fatal: bool = False


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file: the line it starts on and its cells by header."""

    line: int
    cells: Mapping[str, str]

    def get(self, key: str) -> str:
        return (self.cells.get(key) or "").strip()


@dataclass(frozen=True)
class Table:
    """One CSV file as read: its path in the upload, its header cells and its rows."""

    path: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]


def role_kind(role: str) -> str:
    """ "student" or "teacher", the two roles that get accounts here; "" for the others
    (administrator, aide, guardian, parent…)."""
    kind = role.strip().lower()
    return kind if kind in ("student", "teacher") else ""


# --- which file is which ------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    paths: dict[str, str]  # kind ("users") → its path in the upload
    unused: tuple[str, ...]  # the other files, listed as not used
    issues: tuple[Issue, ...]


def sort_paths(paths: Iterable[str]) -> Layout:
    """Which path of a zip is which OneRoster file (by name, in any case, in any folder);
    the others are not used. Two files of the same kind stop the upload."""
    found: dict[str, list[str]] = {}
    unused: list[str] = []
    for path in sorted(paths):
        kind = FILE_KINDS.get(posixpath.basename(path).lower())
        if kind is None:
            unused.append(path)
        else:
            found.setdefault(kind, []).append(path)
    issues: list[Issue] = []
    for kind, where in found.items():
        if len(where) > 1:
            issues.append(
                Issue(
                    "duplicate_file",
                    params={"name": f"{kind}.csv", "paths": ", ".join(where)},
                    fatal=True,
                )
            )
    chosen = {kind: where[0] for kind, where in found.items()}
    if not issues and not any(kind in chosen for kind in ROSTER_KINDS):
        issues.append(
            Issue(
                "no_roster_files",
                params={"files": ", ".join(sorted(paths)) or "—"},
                fatal=True,
            )
        )
    return Layout(chosen, tuple(unused), tuple(issues))


def kind_of_csv(filename: str, headers: Sequence[str]) -> str | None:
    """Which OneRoster file one uploaded CSV file is: by its name, else by its columns."""
    kind = FILE_KINDS.get(posixpath.basename(filename.replace("\\", "/")).lower())
    if kind is not None:
        return kind
    names = {h.strip().lower() for h in headers}
    if {"propertyname", "value"} <= names:
        return "manifest"
    if {"classsourcedid", "usersourcedid"} <= names:
        return "enrollments"
    if {"usersourcedid", "roletype"} <= names:
        return "roles"
    if "givenname" in names and ("familyname" in names or "username" in names):
        return "users"
    if "classcode" in names or {"title", "schoolsourcedid", "coursesourcedid"} <= names:
        return "classes"
    if "coursecode" in names or {"title", "schoolyearsourcedid"} <= names:
        return "courses"
    if {"startdate", "enddate", "type"} <= names:
        return "academicSessions"
    if {"sourcedid", "name", "type"} <= names:
        return "orgs"
    return None


# --- what the files say -------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    sourced_id: str
    name: str
    type: str  # "school", "district", "department"… as the file writes it
    parent: str
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class RoleAt:
    """One row of roles.csv (1.2): a user's role in an org."""

    role: str  # as the file writes it: "student", "teacher", "aide"…
    org: str
    primary: bool
    line: int


@dataclass(frozen=True)
class RosterUser:
    sourced_id: str
    path: str
    line: int
    gone: str  # "" (active), "tobedeleted" or "disabled" (enabledUser false)
    username: str
    first_name: str
    last_name: str
    role: str  # users.csv's role (1.1), as written; "" in 1.2
    orgs: tuple[str, ...]  # orgSourcedIds (1.1) or primaryOrgSourcedId (1.2)


@dataclass(frozen=True)
class RosterClass:
    sourced_id: str
    path: str
    line: int
    gone: bool  # tobedeleted
    title: str  # the class's title, else its course's
    code: str  # classCode
    school: str  # schoolSourcedId
    course: str  # the course's title ("" when unknown)
    terms: str  # the terms' titles, joined ("" when unknown)
    name: str = ""  # what the class is called here: `scope` sets it


@dataclass(frozen=True)
class RosterEnrollment:
    sourced_id: str
    path: str
    line: int
    gone: bool
    class_id: str
    user_id: str
    role: str  # as written: "student", "teacher", "aide"…
    school: str

    @property
    def kind(self) -> str:
        """ "student" or "teacher" (in any case in the file), else ""."""
        return role_kind(self.role)


@dataclass
class Roster:
    version: str = ""  # "1.0", "1.1", "1.2"; "" when neither the manifest nor the columns say
    version_from: str = ""  # "manifest" or "columns"
    modes: dict[str, str] = field(default_factory=dict)  # kind → bulk, delta (files read)
    paths: dict[str, str] = field(default_factory=dict)  # kind → path, for the files read
    orgs: dict[str, Org] = field(default_factory=dict)
    courses: dict[str, str] = field(default_factory=dict)  # sourcedId → title
    sessions: dict[str, str] = field(default_factory=dict)  # sourcedId → title
    users: list[RosterUser] = field(default_factory=list)
    roles: dict[str, list[RoleAt]] = field(default_factory=dict)  # user sourcedId → roles
    classes: list[RosterClass] = field(default_factory=list)
    enrollments: list[RosterEnrollment] = field(default_factory=list)
    # Every sourcedId each file names, even on rows left out (so that a reference to a row
    # that has a problem is not called dangling).
    named: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → id → line
    issues: list[Issue] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return any(i.fatal for i in self.issues)


def _columns(kind: str, table: Table, issues: list[Issue]) -> dict[str, str] | None:
    """The file's headers by their OneRoster name (matched in any case). Near misses of a
    OneRoster name and headers without a name are reported; a missing required column stops
    the upload (None)."""
    known = {c.lower(): c for c in COLUMNS[kind]}
    columns: dict[str, str] = {}
    empty = 0
    for header in table.headers:
        name = header.strip()
        if not name:
            empty += 1
            continue
        canonical = known.get(name.lower())
        if canonical is None:
            if "." in name:  # metadata.… and other extension columns
                continue
            close = difflib.get_close_matches(name, COLUMNS[kind], n=1, cutoff=0.85)
            if close:
                issues.append(
                    Issue(
                        "column_typo",
                        table.path,
                        params={"column": name, "meant": close[0]},
                    )
                )
            continue
        if canonical in columns:
            issues.append(Issue("duplicate_column", table.path, params={"column": name}))
            continue
        columns[canonical] = header
    if empty:
        issues.append(
            Issue(
                "empty_columns",
                table.path,
                params={"count": empty, "columns": len(table.headers)},
            )
        )
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        issues.append(
            Issue(
                "missing_columns",
                table.path,
                params={"columns": ", ".join(missing)},
                fatal=True,
            )
        )
        return None
    return columns


def _rows(kind: str, table: Table, issues: list[Issue]) -> list[Row] | None:
    """The table's rows with their cells under OneRoster's column names."""
    columns = _columns(kind, table, issues)
    if columns is None:
        return None
    return [
        Row(row.line, {name: row.cells.get(header, "") for name, header in columns.items()})
        for row in table.rows
    ]


def _status(row: Row, path: str, sourced_id: str, issues: list[Issue]) -> str | None:
    """ "active" or "tobedeleted"; None (and an issue) for a status OneRoster does not have."""
    status = row.get("status").lower()
    if status in ("", "active"):
        return "active"
    if status in ("tobedeleted", "inactive"):  # inactive: OneRoster 1.0's word
        return "tobedeleted"
    issues.append(Issue("bad_status", path, row.line, sourced_id, {"value": row.get("status")}))
    return None


def _keyed_rows(
    kind: str, table: Table, roster: Roster, *, key: str = "sourcedId"
) -> list[tuple[Row, str, str]]:
    """Each usable row with its sourcedId and status: rows without one, with one too long,
    with one seen before, or with an unknown status are reported and left out."""
    rows = _rows(kind, table, roster.issues)
    if rows is None:
        return []
    named = roster.named.setdefault(kind, {})
    usable: list[tuple[Row, str, str]] = []
    dated = kind in DATED
    for row in rows:
        sourced_id = row.get(key)
        if not sourced_id:
            if key == "sourcedId":
                roster.issues.append(Issue("missing_id", table.path, row.line))
                continue
        elif len(sourced_id) > ID_MAX:
            roster.issues.append(
                Issue("id_too_long", table.path, row.line, sourced_id[:40] + "…", {"max": ID_MAX})
            )
            continue
        elif key == "sourcedId" and sourced_id in named:
            roster.issues.append(
                Issue(
                    "duplicate_id",
                    table.path,
                    row.line,
                    sourced_id,
                    {"other": named[sourced_id]},
                )
            )
            continue
        if key == "sourcedId":
            named[sourced_id] = row.line
        status = _status(row, table.path, sourced_id, roster.issues)
        if status is None:
            continue
        modified = row.get("dateLastModified")
        if dated and modified and not ISO_DATE.fullmatch(modified):
            roster.issues.append(
                Issue("bad_date", table.path, row.line, sourced_id, {"value": modified})
            )
        usable.append((row, sourced_id, status))
    return usable


def _ids(value: str) -> tuple[str, ...]:
    """A multi-value cell ("a,b", or "a, b") as its values."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _read_manifest(table: Table, roster: Roster) -> None:
    rows = _rows("manifest", table, roster.issues)
    if rows is None:
        return
    for row in rows:
        name, value = row.get("propertyName"), row.get("value")
        if name == "oneroster.version":
            if value in ("1.0", "1.1", "1.2"):
                roster.version, roster.version_from = value, "manifest"
            else:
                roster.issues.append(
                    Issue("manifest_version", table.path, row.line, params={"value": value})
                )
        elif name.startswith("file.") and name[5:] in ALL_FILES:
            mode = value.lower()
            if mode in MODES:
                roster.modes[name[5:]] = mode
            else:
                code = "manifest_mode_empty" if not value else "manifest_mode"
                roster.issues.append(
                    Issue(code, table.path, row.line, params={"name": name, "value": value})
                )
        elif name not in MANIFEST_PROPERTIES:
            close = difflib.get_close_matches(name, MANIFEST_PROPERTIES, n=1, cutoff=0.85)
            if close:
                roster.issues.append(
                    Issue(
                        "manifest_typo",
                        table.path,
                        row.line,
                        params={"name": name, "meant": close[0]},
                    )
                )


def _read_orgs(table: Table, roster: Roster) -> None:
    for row, sourced_id, _active in _keyed_rows("orgs", table, roster):
        roster.orgs[sourced_id] = Org(
            sourced_id=sourced_id,
            name=_one_line(row.get("name")),
            type=row.get("type"),
            parent=row.get("parentSourcedId"),
            path=table.path,
            line=row.line,
        )
    for org in roster.orgs.values():
        if org.parent and org.parent not in roster.orgs:
            roster.issues.append(
                Issue(
                    "org_parent_missing",
                    table.path,
                    org.line,
                    org.sourced_id,
                    {"parent": org.parent},
                )
            )


def _read_titles(kind: str, table: Table, roster: Roster) -> dict[str, str]:
    rows = _rows(kind, table, roster.issues)
    if rows is None:
        return {}
    titles: dict[str, str] = {}
    for row in rows:
        if row.get("sourcedId"):
            titles.setdefault(row.get("sourcedId"), _one_line(row.get("title")))
    return titles


def _read_users(table: Table, roster: Roster) -> None:
    for row, sourced_id, status in _keyed_rows("users", table, roster):
        first = _one_line(row.get("preferredGivenName") or row.get("givenName"))
        last = _one_line(row.get("preferredFamilyName") or row.get("familyName"))
        if not first:
            roster.issues.append(Issue("no_given_name", table.path, row.line, sourced_id))
            continue
        if len(first) > NAME_MAX or len(last) > NAME_MAX:
            roster.issues.append(
                Issue("name_too_long", table.path, row.line, sourced_id, {"max": NAME_MAX})
            )
            continue
        gone = ""
        if status == "tobedeleted":
            gone = "tobedeleted"
        elif row.get("enabledUser").lower() in FALSE_WORDS:
            gone = "disabled"
        orgs = _ids(row.get("orgSourcedIds")) + _ids(row.get("primaryOrgSourcedId"))
        roster.users.append(
            RosterUser(
                sourced_id=sourced_id,
                path=table.path,
                line=row.line,
                gone=gone,
                username=row.get("username"),
                first_name=first,
                last_name=last,
                role=row.get("role"),
                orgs=orgs,
            )
        )


def _read_roles(table: Table, roster: Roster) -> None:
    for row, user_id, status in _keyed_rows("roles", table, roster, key="userSourcedId"):
        if not user_id:
            roster.issues.append(
                Issue("role_without_user", table.path, row.line, row.get("sourcedId"))
            )
            continue
        if status == "tobedeleted":
            continue
        roster.roles.setdefault(user_id, []).append(
            RoleAt(
                role=row.get("role"),
                org=row.get("orgSourcedId"),
                primary=row.get("roleType").lower() == "primary",
                line=row.line,
            )
        )


def _read_classes(table: Table, roster: Roster) -> None:
    has_courses = "courses" in roster.paths
    has_sessions = "academicSessions" in roster.paths
    for row, sourced_id, status in _keyed_rows("classes", table, roster):
        course_id = row.get("courseSourcedId")
        course = roster.courses.get(course_id, "")
        if course_id and course_id not in roster.courses:
            roster.issues.append(
                Issue(
                    "course_missing" if has_courses else "courses_absent",
                    table.path,
                    row.line,
                    sourced_id,
                    {"course": course_id},
                )
            )
        terms: list[str] = []
        for term_id in _ids(row.get("termSourcedIds")):
            if term_id in roster.sessions:
                if roster.sessions[term_id]:
                    terms.append(roster.sessions[term_id])
            elif has_sessions:
                roster.issues.append(
                    Issue("term_missing", table.path, row.line, sourced_id, {"term": term_id})
                )
        title = _one_line(row.get("title")) or course
        if not title:
            roster.issues.append(Issue("class_no_title", table.path, row.line, sourced_id))
            continue
        roster.classes.append(
            RosterClass(
                sourced_id=sourced_id,
                path=table.path,
                line=row.line,
                gone=status == "tobedeleted",
                title=title,
                code=_one_line(row.get("classCode")),
                school=row.get("schoolSourcedId"),
                course=course,
                terms=", ".join(terms),
            )
        )


def _read_enrollments(table: Table, roster: Roster) -> None:
    rows = _rows("enrollments", table, roster.issues)
    if rows is None:
        return
    named = roster.named.setdefault("enrollments", {})
    pairs: dict[tuple[str, str], int] = {}
    for row in rows:
        sourced_id = row.get("sourcedId")
        if sourced_id and sourced_id in named:
            roster.issues.append(
                Issue(
                    "duplicate_id",
                    table.path,
                    row.line,
                    sourced_id,
                    {"other": named[sourced_id]},
                )
            )
            continue
        if sourced_id:
            named[sourced_id] = row.line
        status = _status(row, table.path, sourced_id, roster.issues)
        if status is None:
            continue
        class_id, user_id = row.get("classSourcedId"), row.get("userSourcedId")
        if not class_id or not user_id:
            roster.issues.append(Issue("enrollment_incomplete", table.path, row.line, sourced_id))
            continue
        modified = row.get("dateLastModified")
        if modified and not ISO_DATE.fullmatch(modified):
            roster.issues.append(
                Issue("bad_date", table.path, row.line, sourced_id, {"value": modified})
            )
        pair = (class_id, user_id)
        if pair in pairs:
            roster.issues.append(
                Issue(
                    "duplicate_enrollment",
                    table.path,
                    row.line,
                    sourced_id,
                    {"user": user_id, "class": class_id, "other": pairs[pair]},
                )
            )
            continue
        pairs[pair] = row.line
        roster.enrollments.append(
            RosterEnrollment(
                sourced_id=sourced_id,
                path=table.path,
                line=row.line,
                gone=status == "tobedeleted",
                class_id=class_id,
                user_id=user_id,
                role=row.get("role"),
                school=row.get("schoolSourcedId"),
            )
        )


def parse(tables: Mapping[str, Table], *, single: bool = False) -> Roster:
    """What the upload's files say. `tables` holds each file read, by kind (`sort_paths`,
    `kind_of_csv`); `single` says the upload was one CSV file, so the others are missing by
    the person's choice (said once) rather than missing from a roster."""
    roster = Roster(paths={kind: table.path for kind, table in tables.items()})
    if "manifest" in tables:
        _read_manifest(tables["manifest"], roster)
    for kind, mode in list(roster.modes.items()):
        if mode == "absent":
            del roster.modes[kind]
        elif kind in NEEDED_KINDS and kind not in tables:
            roster.issues.append(
                Issue(
                    "declared_missing",
                    tables["manifest"].path,
                    params={"name": f"{kind}.csv", "mode": mode},
                    fatal=True,
                )
            )
        elif kind in FILE_KINDS.values() and kind not in tables:
            roster.issues.append(
                Issue(
                    "declared_missing_names",
                    tables["manifest"].path,
                    params={"name": f"{kind}.csv", "mode": mode},
                )
            )
    if single:
        kind = next(iter(tables))
        missing = [f"{k}.csv" for k in ("manifest", "orgs", *ROSTER_KINDS) if k not in tables]
        roster.issues.append(
            Issue("single_file", tables[kind].path, params={"missing": ", ".join(missing)})
        )
    if "orgs" in tables:
        _read_orgs(tables["orgs"], roster)
    if "courses" in tables:
        roster.courses = _read_titles("courses", tables["courses"], roster)
    if "academicSessions" in tables:
        roster.sessions = _read_titles("academicSessions", tables["academicSessions"], roster)
    if "users" in tables:
        _read_users(tables["users"], roster)
    if "roles" in tables:
        _read_roles(tables["roles"], roster)
    if "classes" in tables:
        _read_classes(tables["classes"], roster)
    if "enrollments" in tables:
        _read_enrollments(tables["enrollments"], roster)
    if not roster.version:
        users = tables.get("users")
        headers = {h.strip().lower() for h in users.headers} if users else set()
        if "roles" in tables or "primaryorgsourcedid" in headers:
            roster.version, roster.version_from = "1.2", "columns"
        elif "role" in headers or "orgsourcedids" in headers:
            roster.version, roster.version_from = "1.1", "columns"
    return roster


# --- the school ---------------------------------------------------------------------------


def school_orgs(roster: Roster) -> list[Org]:
    """The orgs the admin may choose as their school: the orgs of type school; when the file
    has none, the orgs its classes and enrolments name as their school (else the orgs its
    users belong to), as orgs.csv names them or by their sourcedId alone."""
    schools = [org for org in roster.orgs.values() if org.type.lower() == "school"]
    if schools:
        return schools
    named: list[str] = []
    for ref in [c.school for c in roster.classes] + [e.school for e in roster.enrollments]:
        if ref and ref not in named:
            named.append(ref)
    if not named:
        refs = [org for u in roster.users for org in u.orgs]
        refs += [role.org for roles in roster.roles.values() for role in roles]
        for ref in refs:
            if ref and ref not in named:
                named.append(ref)
    return [roster.orgs.get(ref) or Org(ref, "", "", "") for ref in named]


@dataclass(frozen=True)
class Pick:
    org: Org | None  # None: the file names no school; every row is taken as this school's
    how: str  # "chosen", "linked" (the school's sourcedId), "only", "none", "ask", "gone"


def pick_school(candidates: Sequence[Org], *, chosen: str, linked: str) -> Pick:
    """Which org is the admin's school: the one they chose, else the one their school was
    linked to by an earlier import, else the only one; several and no choice: ask."""
    by_id = {org.sourced_id: org for org in candidates}
    if chosen:
        return Pick(by_id[chosen], "chosen") if chosen in by_id else Pick(None, "gone")
    if linked and linked in by_id:
        return Pick(by_id[linked], "linked")
    if len(candidates) == 1:
        return Pick(candidates[0], "only")
    if not candidates:
        return Pick(None, "none")
    return Pick(None, "ask")


def org_tree(roster: Roster, root: str) -> set[str]:
    """`root` and every org below it (departments of a school), by parentSourcedId."""
    children: dict[str, list[str]] = {}
    for org in roster.orgs.values():
        if org.parent:
            children.setdefault(org.parent, []).append(org.sourced_id)
    tree = {root}
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in tree:
                tree.add(child)
                todo.append(child)
    return tree


@dataclass(frozen=True)
class Person:
    user: RosterUser
    role: str  # "student", "teacher", another OneRoster role, or "" when the file gives none

    @property
    def kind(self) -> str:
        """ "student" or "teacher" (in any case in the file), else ""."""
        return role_kind(self.role)


@dataclass
class Scoped:
    """The rows of the chosen school, in file order."""

    people: list[Person] = field(default_factory=list)
    classes: list[RosterClass] = field(default_factory=list)
    enrollments: list[RosterEnrollment] = field(default_factory=list)
    elsewhere: dict[str, int] = field(default_factory=dict)  # path → rows of other schools
    issues: list[Issue] = field(default_factory=list)


def class_names(classes: Sequence[RosterClass]) -> list[str]:
    """What each class is called: its title; classes sharing a title get their class code
    (else their terms, else their sourcedId) after it, so that a list of them can be told
    apart. At most CLASS_NAME_MAX characters."""
    count: dict[str, int] = {}
    for cls in classes:
        count[cls.title.casefold()] = count.get(cls.title.casefold(), 0) + 1
    names: list[str] = []
    for cls in classes:
        name = cls.title
        if count[cls.title.casefold()] > 1:
            name = f"{cls.title} ({cls.code or cls.terms or cls.sourced_id})"
        if len(name) > CLASS_NAME_MAX:
            name = name[: CLASS_NAME_MAX - 1].rstrip() + "…"
        names.append(name)
    return names


def _role_of(
    user: RosterUser,
    roles: Sequence[RoleAt],
    tree: set[str] | None,
    enrolled_as: set[str],
) -> str:
    """A user's role here: roles.csv's (in the school first, primary first), else users.csv's,
    else the one role their enrolments give them."""
    if roles:
        here = [r for r in roles if tree is None or r.org in tree] or list(roles)
        here.sort(key=lambda r: (not r.primary, r.line))
        taken = [r for r in here if role_kind(r.role)]
        return (taken or here)[0].role
    if user.role:
        return user.role
    usable = {role_kind(role) for role in enrolled_as} - {""}
    return usable.pop() if len(usable) == 1 else ""


def scope(roster: Roster, org: Org | None) -> Scoped:
    """The rows of `org` and the orgs below it (every row when `org` is None). A class
    belongs by its school; an enrolment by its class (or its school, when the class is not in
    the file); a user by their orgs, or by an enrolment of the school that names them, or
    when they name no org at all. Rows of other schools are only counted."""
    scoped = Scoped()
    tree = org_tree(roster, org.sourced_id) if org is not None else None

    def count(path: str) -> None:
        scoped.elsewhere[path] = scoped.elsewhere.get(path, 0) + 1

    unknown_reported: set[str] = set()

    def note_unknown(ref: str, path: str, line: int, sourced_id: str) -> None:
        if roster.orgs and ref and ref not in roster.orgs and ref not in unknown_reported:
            unknown_reported.add(ref)
            scoped.issues.append(Issue("school_missing", path, line, sourced_id, {"org": ref}))

    class_school: dict[str, bool] = {}
    ours: list[RosterClass] = []
    for cls in roster.classes:
        mine = tree is None or not cls.school or cls.school in tree
        class_school[cls.sourced_id] = mine
        if mine:
            ours.append(cls)
        else:
            note_unknown(cls.school, cls.path, cls.line, cls.sourced_id)
            count(cls.path)
    for named in roster.named.get("classes", {}):
        class_school.setdefault(named, True)
    scoped.classes = [
        replace(cls, name=name) for cls, name in zip(ours, class_names(ours), strict=True)
    ]

    enrolled_as: dict[str, set[str]] = {}
    for enr in roster.enrollments:
        by_school = tree is None or not enr.school or enr.school in tree
        mine = class_school.get(enr.class_id, by_school)
        if not mine:
            note_unknown(enr.school, enr.path, enr.line, enr.sourced_id)
            count(enr.path)
            continue
        scoped.enrollments.append(enr)
        enrolled_as.setdefault(enr.user_id, set()).add(enr.role)

    for user in roster.users:
        roles = roster.roles.get(user.sourced_id, [])
        orgs = set(user.orgs) | {r.org for r in roles if r.org}
        mine = tree is None or not orgs or bool(orgs & tree) or user.sourced_id in enrolled_as
        if not mine:
            count(user.path)
            continue
        role = _role_of(user, roles, tree, enrolled_as.get(user.sourced_id, set()))
        scoped.people.append(Person(user, role))
    return scoped


# --- usernames ----------------------------------------------------------------------------

USERNAME_MAX = 150
_NOT_IN_USERNAME = re.compile(r"[^\w.@+-]+")


def wanted_username(user: RosterUser) -> str:
    """The username a new account asks for: the file's (without the characters a username
    may not have), else 'first.last' as people are named here."""
    cleaned = _NOT_IN_USERNAME.sub("", user.username)[:USERNAME_MAX]
    if cleaned:
        return cleaned
    return username_base(PersonName(user.first_name, user.last_name))


def username_stem(username: str) -> str:
    """What numbers are added to when a username is taken: short enough for the number."""
    return username[: USERNAME_MAX - 6]
