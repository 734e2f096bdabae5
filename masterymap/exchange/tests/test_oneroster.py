"""The OneRoster parser (pure): which file is which, the 1.1 and 1.2 columns, each kind of bad
row and header, the school a file's rows belong to, class names and usernames. The fixture
zips are read here with the standard library, so these tests need no database."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from masterymap.exchange import oneroster
from masterymap.exchange.oneroster import Issue, Org, RoleAt, RosterClass, RosterUser, Table
from masterymap.exchange.tests.fixtures import fixture_path

USERS_11 = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName"
)
USERS_12 = (
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,"
    "preferredGivenName,preferredFamilyName,primaryOrgSourcedId"
)
CLASSES = "sourcedId,status,title,courseSourcedId,classCode,schoolSourcedId,termSourcedIds"
ENROLLMENTS = "sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role"
ORGS = "sourcedId,status,name,type,parentSourcedId"
ROLES = "sourcedId,status,userSourcedId,roleType,role,orgSourcedId"


def table(path: str, text: str) -> Table:
    """A CSV text as the Django side hands it over: header cells, then rows by header."""
    rows = list(csv.reader(io.StringIO(text.strip() + "\n", newline="")))
    headers = tuple(h.strip() for h in rows[0])
    return Table(
        path,
        headers,
        tuple(
            oneroster.Row(n + 2, {h: (r[i] if i < len(r) else "") for i, h in enumerate(headers)})
            for n, r in enumerate(rows[1:])
            if any(c.strip() for c in r)
        ),
    )


def parse(**files: str) -> oneroster.Roster:
    return oneroster.parse({kind: table(f"{kind}.csv", text) for kind, text in files.items()})


def codes(issues: list[Issue]) -> list[tuple[str, str, int | None]]:
    return [(i.code, i.file, i.line) for i in issues]


def read_fixture_zip(*parts: str) -> oneroster.Roster:
    archive = zipfile.ZipFile(fixture_path(*parts))
    files = {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
    layout = oneroster.sort_paths(files)
    assert not layout.issues
    return oneroster.parse(
        {kind: table(path, files[path].decode("utf-8-sig")) for kind, path in layout.paths.items()}
    )


# --- which file is which ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paths", "found", "unused", "issue"),
    [
        (["users.csv", "classes.csv"], {"users": "users.csv", "classes": "classes.csv"}, (), None),
        (
            ["Users.CSV", "roster/Enrollments.csv"],
            {"users": "Users.CSV", "enrollments": "roster/Enrollments.csv"},
            (),
            None,
        ),
        (
            ["users.csv", "demographics.csv", "readme.txt"],
            {"users": "users.csv"},
            ("demographics.csv", "readme.txt"),
            None,
        ),
        (
            ["academicSessions.csv", "users.csv"],
            {"academicSessions": "academicSessions.csv", "users": "users.csv"},
            (),
            None,
        ),
        (["users.csv", "old/users.csv"], None, (), "duplicate_file"),
        (["manifest.csv", "orgs.csv"], None, (), "no_roster_files"),
        ([], None, (), "no_roster_files"),
    ],
)
def test_files_are_found_by_name_in_any_case_and_folder(
    paths: list[str], found: dict[str, str] | None, unused: tuple[str, ...], issue: str | None
) -> None:
    layout = oneroster.sort_paths(paths)
    if issue is None:
        assert layout.paths == found and layout.unused == unused and not layout.issues
    else:
        assert [(i.code, i.fatal) for i in layout.issues] == [(issue, True)]


@pytest.mark.parametrize(
    ("filename", "headers", "kind"),
    [
        ("USERS.csv", ["anything"], "users"),
        ("export (3).csv", USERS_11.split(","), "users"),
        ("export.csv", USERS_12.split(","), "users"),
        ("export.csv", ENROLLMENTS.split(","), "enrollments"),
        ("export.csv", ROLES.split(","), "roles"),
        ("export.csv", CLASSES.split(","), "classes"),
        ("export.csv", ORGS.split(","), "orgs"),
        ("export.csv", ["propertyName", "value"], "manifest"),
        ("export.csv", ["sourcedId", "title", "courseCode"], "courses"),
        ("export.csv", ["sourcedId", "title", "type", "startDate", "endDate"], "academicSessions"),
        ("standards.csv", ["unit", "code", "statement"], None),
    ],
)
def test_a_single_csv_file_is_known_by_its_name_or_else_its_columns(
    filename: str, headers: list[str], kind: str | None
) -> None:
    assert oneroster.kind_of_csv(filename, headers) == kind


# --- columns, rows and the manifest ----------------------------------------------------------


def test_columns_are_matched_in_any_case_and_near_misses_are_reported() -> None:
    roster = parse(
        users="SOURCEDID,givenname,FamilyName,Role,prefferedGivenName,metadata.nickname,,\n"
        "u1,Ana,López,student,Annie,Nana\n"
    )
    assert [(u.first_name, u.last_name, u.role) for u in roster.users] == [
        ("Ana", "López", "student")
    ]
    assert [(i.code, dict(i.params)) for i in roster.issues] == [
        ("column_typo", {"column": "prefferedGivenName", "meant": "preferredGivenName"}),
        ("empty_columns", {"count": 2, "columns": 8}),
    ]


def test_a_file_without_a_required_column_stops_the_upload() -> None:
    roster = parse(users="sourcedId,familyName\nu1,López\n")
    assert [(i.code, i.fatal, dict(i.params)) for i in roster.issues] == [
        ("missing_columns", True, {"columns": "givenName"})
    ]
    assert roster.users == [] and roster.fatal


@pytest.mark.parametrize(
    ("row", "issue", "kept"),
    [
        ("u1,active,2023-05-01T18:25:43.511Z,Ana", None, True),
        ("u1,,,Ana", None, True),
        ("u1,Active,2023-05-01,Ana", None, True),
        ("u1,active,2023-05-01 10:00:00+02:00,Ana", None, True),
        ("u1,active,1/05/2023,Ana", "bad_date", True),
        ("u1,active,yesterday,Ana", "bad_date", True),
        ("u1,deleted,,Ana", "bad_status", False),
        (",active,,Ana", "missing_id", False),
        ("u1,active,,", "no_given_name", False),
        ("u1,active,," + "A" * 151, "name_too_long", False),
        ("x" * 256 + ",active,,Ana", "id_too_long", False),
    ],
)
def test_each_kind_of_bad_user_row_is_reported_with_its_line(
    row: str, issue: str | None, kept: bool
) -> None:
    roster = parse(users=f"sourcedId,status,dateLastModified,givenName\n{row}\n")
    assert [i.code for i in roster.issues] == ([issue] if issue else [])
    assert all(i.line == 2 and i.file == "users.csv" for i in roster.issues)
    assert len(roster.users) == (1 if kept else 0)


def test_a_sourced_id_seen_before_skips_the_second_row() -> None:
    roster = parse(users="sourcedId,givenName\nu1,Ana\nu2,Ben\nu1,Ana again\n")
    assert [u.first_name for u in roster.users] == ["Ana", "Ben"]
    assert [(i.code, i.line, dict(i.params)) for i in roster.issues] == [
        ("duplicate_id", 4, {"other": 2})
    ]


@pytest.mark.parametrize(
    ("status", "enabled", "gone"),
    [
        ("active", "true", ""),
        ("", "", ""),
        ("tobedeleted", "true", "tobedeleted"),
        ("inactive", "", "tobedeleted"),
        ("active", "FALSE", "disabled"),
        ("active", "0", "disabled"),
    ],
)
def test_tobedeleted_and_disabled_users_are_marked_gone(
    status: str, enabled: str, gone: str
) -> None:
    roster = parse(users=f"sourcedId,status,enabledUser,givenName\nu1,{status},{enabled},Ana\n")
    assert roster.users[0].gone == gone


def test_version_1_2_users_take_their_preferred_names_and_roles_from_roles_csv() -> None:
    roster = parse(
        users=USERS_12
        + "\nu1,active,,TRUE,bw,,Bruce,Wayne,Batman,,sch1\nu2,,,TRUE,al,,Alfred,P,,,sch1\n",
        roles=ROLES + "\nr1,active,u1,secondary,guardian,sch1\nr2,active,u1,primary,student,sch1\n"
        "r3,active,u2,primary,teacher,sch1\nr4,tobedeleted,u2,primary,student,sch1\n",
    )
    assert roster.version == "1.2" and roster.version_from == "columns"
    people = {p.user.sourced_id: p for p in oneroster.scope(roster, None).people}
    assert (people["u1"].user.first_name, people["u1"].user.last_name) == ("Batman", "Wayne")
    assert people["u1"].role == "student" and people["u2"].role == "teacher"
    assert people["u1"].user.orgs == ("sch1",)


def test_version_1_1_users_have_their_role_and_orgs_in_users_csv() -> None:
    roster = parse(
        users=USERS_11 + '\nu1,,,true,"d1,sch1",Teacher,jd,"{LDAP:12},{LTI:15}",John,Doe\n'
    )
    assert roster.version == "1.1"
    person = oneroster.scope(roster, None).people[0]
    assert (person.role, person.kind, person.user.orgs) == ("Teacher", "teacher", ("d1", "sch1"))


def test_without_any_role_column_a_user_takes_the_role_of_their_enrolments() -> None:
    roster = parse(
        users="sourcedId,givenName\nu1,Ana\nu2,Tom\nu3,Mix\n",
        enrollments=ENROLLMENTS + "\ne1,,c1,,u1,student\ne2,,c1,,u2,teacher\ne3,,c1,,u3,student\n"
        "e4,,c2,,u3,teacher\n",
    )
    roles = {p.user.sourced_id: p.role for p in oneroster.scope(roster, None).people}
    assert roles == {"u1": "student", "u2": "teacher", "u3": ""}


@pytest.mark.parametrize(
    ("manifest", "files", "issues", "version", "modes"),
    [
        (
            "oneroster.version,1.1\nfile.users,bulk\nfile.orgs,absent",
            ["users"],
            [],
            "1.1",
            {"users": "bulk"},
        ),
        ("oneroster.version,1.2\nfile.users,DELTA", ["users"], [], "1.2", {"users": "delta"}),
        (
            "oneroster.version,2.0\nfile.users,bulk",
            ["users"],
            [("manifest_version", False)],
            "",
            {"users": "bulk"},
        ),
        (
            "file.users,bulk\nfile.scoreScales,",
            ["users"],
            [("manifest_mode_empty", False)],
            "",
            {"users": "bulk"},
        ),
        (
            "file.users,bulk\nfile.results,sometimes",
            ["users"],
            [("manifest_mode", False)],
            "",
            {"users": "bulk"},
        ),
        (
            "file.users,bulk\nfiel.demographics,absent",
            ["users"],
            [("manifest_typo", False)],
            "",
            {"users": "bulk"},
        ),
        ("file.users,bulk\nsource.vendorThing,x", ["users"], [], "", {"users": "bulk"}),
        (
            "file.users,bulk\nfile.enrollments,bulk",
            ["users"],
            [("declared_missing", True)],
            "",
            {"users": "bulk", "enrollments": "bulk"},
        ),
        (
            "file.users,bulk\nfile.courses,bulk",
            ["users"],
            [("declared_missing_names", False)],
            "",
            {"users": "bulk", "courses": "bulk"},
        ),
    ],
)
def test_the_manifest_gives_the_version_and_each_files_mode(
    manifest: str,
    files: list[str],
    issues: list[tuple[str, bool]],
    version: str,
    modes: dict[str, str],
) -> None:
    texts = {"manifest": "propertyName,value\n" + manifest}
    texts.update(dict.fromkeys(files, "sourcedId,givenName\nu1,Ana"))
    roster = parse(**texts)
    assert [(i.code, i.fatal) for i in roster.issues] == issues
    assert roster.modes == modes
    assert roster.version == version


def test_a_single_file_upload_says_which_files_it_lacks() -> None:
    roster = oneroster.parse(
        {"users": table("users.csv", "sourcedId,givenName\nu1,Ana")}, single=True
    )
    assert [(i.code, dict(i.params)) for i in roster.issues] == [
        ("single_file", {"missing": "manifest.csv, orgs.csv, classes.csv, enrollments.csv"})
    ]


def test_classes_take_names_from_courses_and_terms_and_report_dangling_ones() -> None:
    roster = parse(
        courses="sourcedId,title\nco1,Physics 1",
        academicSessions="sourcedId,title,type,startDate,endDate\nt1,Fall,term,2024-09-01,2024-12-20",
        classes=CLASSES
        + "\nc1,,Physics - P1,co1,P1,s1,t1\nc2,,,co1,P2,s1,\nc3,,Chem,co9,C1,s1,t9\n"
        "c4,,,,,s1,\n",
    )
    assert [(c.sourced_id, c.title, c.course, c.terms) for c in roster.classes] == [
        ("c1", "Physics - P1", "Physics 1", "Fall"),
        ("c2", "Physics 1", "Physics 1", ""),
        ("c3", "Chem", "", ""),
    ]
    assert [(i.code, i.line, i.sourced_id) for i in roster.issues] == [
        ("course_missing", 4, "c3"),
        ("term_missing", 4, "c3"),
        ("class_no_title", 5, "c4"),
    ]


def test_a_class_whose_course_file_is_absent_is_kept_and_reported() -> None:
    roster = parse(classes=CLASSES + "\nc1,,Physics,co1,P1,s1,")
    assert [c.title for c in roster.classes] == ["Physics"]
    assert [(i.code, i.line, dict(i.params)) for i in roster.issues] == [
        ("courses_absent", 2, {"course": "co1"})
    ]


def test_enrolments_without_a_class_or_user_or_seen_twice_are_skipped() -> None:
    roster = parse(
        enrollments=ENROLLMENTS + "\ne1,,c1,,u1,student\ne2,,,,u1,student\ne3,,c1,,u1,student\n"
        "e1,,c2,,u2,student\ne5,tobedeleted,c2,,u2,Teacher\n"
    )
    assert [(e.sourced_id, e.gone, e.kind) for e in roster.enrollments] == [
        ("e1", False, "student"),
        ("e5", True, "teacher"),
    ]
    assert [(i.code, i.line) for i in roster.issues] == [
        ("enrollment_incomplete", 3),
        ("duplicate_enrollment", 4),
        ("duplicate_id", 5),
    ]


def test_an_org_whose_parent_is_not_in_the_file_is_reported() -> None:
    roster = parse(
        orgs=ORGS + "\nd1,,District,district,\ns1,,School,school,d1\ns2,,Other,school,d9"
    )
    assert [(i.code, i.line, i.sourced_id, dict(i.params)) for i in roster.issues] == [
        ("org_parent_missing", 4, "s2", {"parent": "d9"})
    ]


# --- the school ------------------------------------------------------------------------------

SCHOOL = Org("s1", "North", "school", "")
OTHER = Org("s2", "South", "school", "")


@pytest.mark.parametrize(
    ("candidates", "chosen", "linked", "org", "how"),
    [
        ([SCHOOL, OTHER], "s2", "s1", OTHER, "chosen"),
        ([SCHOOL, OTHER], "", "s2", OTHER, "linked"),
        ([SCHOOL], "", "", SCHOOL, "only"),
        ([SCHOOL], "", "elsewhere", SCHOOL, "only"),
        ([], "", "", None, "none"),
        ([SCHOOL, OTHER], "", "", None, "ask"),
        ([SCHOOL, OTHER], "s9", "", None, "gone"),
    ],
)
def test_the_school_is_the_chosen_org_else_the_linked_one_else_the_only_one(
    candidates: list[Org], chosen: str, linked: str, org: Org | None, how: str
) -> None:
    assert oneroster.pick_school(candidates, chosen=chosen, linked=linked) == oneroster.Pick(
        org, how
    )


def test_school_orgs_are_the_schools_else_the_orgs_classes_name() -> None:
    with_schools = parse(
        orgs=ORGS + "\nd1,,District,district,\ns1,,North,school,d1\ns2,,South,School,d1"
    )
    assert [o.sourced_id for o in oneroster.school_orgs(with_schools)] == ["s1", "s2"]
    departments = parse(
        orgs=ORGS + "\ndep1,,History Department,department,",
        classes=CLASSES + "\nc1,,History,,,dep1,\nc2,,Art,,,x9,",
    )
    assert oneroster.school_orgs(departments) == [
        Org("dep1", "History Department", "department", "", "orgs.csv", 2),
        Org("x9", "", "", ""),
    ]
    only_users = parse(users=USERS_11 + "\nu1,,,,o1,student,,,Ana,L")
    assert [o.sourced_id for o in oneroster.school_orgs(only_users)] == ["o1"]


def test_scope_keeps_the_schools_rows_and_counts_the_others() -> None:
    roster = parse(
        orgs=ORGS
        + "\nd1,,District,district,\ns1,,North,school,d1\ndep,,North maths,department,s1\n"
        "s2,,South,school,d1",
        users=USERS_11 + "\nu1,,,,s1,student,,,Ana,A\nu2,,,,s2,student,,,Ben,B\nu3,,,,d1,teacher,,,"
        "Dee,D\nu4,,,,dep,teacher,,,Max,M\nu5,,,,,student,,,Nol,N\nu6,,,,d1,teacher,,,Far,F",
        classes=CLASSES + "\nc1,,Maths,,,s1,\nc2,,Art,,,s2,\nc3,,Algebra,,,dep,\nc4,,Lost,,,s9,",
        enrollments=ENROLLMENTS
        + "\ne1,,c1,s1,u1,student\ne2,,c2,s2,u2,student\ne3,,c1,s1,u3,teacher\n"
        "e4,,c9,s2,u1,student\ne5,,c9,,u5,student",
    )
    scoped = oneroster.scope(roster, roster.orgs["s1"])
    assert [p.user.sourced_id for p in scoped.people] == ["u1", "u3", "u4", "u5"]
    assert [c.sourced_id for c in scoped.classes] == ["c1", "c3"]
    assert [e.sourced_id for e in scoped.enrollments] == ["e1", "e3", "e5"]
    assert scoped.elsewhere == {"users.csv": 2, "classes.csv": 2, "enrollments.csv": 2}
    assert [(i.code, i.file, i.line, dict(i.params)) for i in scoped.issues] == [
        ("school_missing", "classes.csv", 5, {"org": "s9"})
    ]
    everyone = oneroster.scope(roster, None)
    assert len(everyone.people) == 6 and everyone.elsewhere == {}


def test_a_users_role_in_the_chosen_school_wins_over_their_role_elsewhere() -> None:
    roster = parse(
        users=USERS_12 + "\nu1,,,,,,Ana,A,,,s2",
        roles=ROLES + "\nr1,,u1,primary,teacher,s2\nr2,,u1,secondary,student,s1",
    )
    assert oneroster.scope(roster, Org("s1", "", "school", "")).people[0].role == "student"
    assert oneroster.scope(roster, Org("s2", "", "school", "")).people[0].role == "teacher"


def _class(title: str, code: str = "", terms: str = "", sid: str = "c") -> RosterClass:
    return RosterClass(sid, "classes.csv", 2, False, title, code, "", "", terms)


@pytest.mark.parametrize(
    ("classes", "names"),
    [
        ([_class("Maths")], ["Maths"]),
        ([_class("Maths", "M1"), _class("Art", "A1")], ["Maths", "Art"]),
        ([_class("Maths", "M1"), _class("maths", "M2")], ["Maths (M1)", "maths (M2)"]),
        (
            [_class("Maths", terms="Fall"), _class("Maths", terms="Spring")],
            ["Maths (Fall)", "Maths (Spring)"],
        ),
        ([_class("Maths", sid="c1"), _class("Maths", sid="c2")], ["Maths (c1)", "Maths (c2)"]),
        ([_class("M" * 130)], ["M" * 119 + "…"]),
    ],
)
def test_classes_sharing_a_title_are_told_apart_by_their_code(
    classes: list[RosterClass], names: list[str]
) -> None:
    assert oneroster.class_names(classes) == names


def _user(username: str, first: str = "Ana", last: str = "López") -> RosterUser:
    return RosterUser("u1", "users.csv", 2, "", username, first, last, "student", ())


@pytest.mark.parametrize(
    ("user", "wanted"),
    [
        (_user("ana.lopez"), "ana.lopez"),
        (_user("Ana López"), "AnaLópez"),
        (_user(""), "ana.lopez"),
        (_user("", "Tomás", "Núñez"), "tomas.nunez"),
        (_user("=cmd|' /C calc'!A0"), "cmdCcalcA0"),
        (_user("a" * 200), "a" * 150),
        (_user("!!!", "李", ""), "student"),
    ],
)
def test_a_new_account_asks_for_the_files_username_made_valid(
    user: RosterUser, wanted: str
) -> None:
    assert oneroster.wanted_username(user) == wanted


def test_role_at_orders_primary_roles_first() -> None:
    roles = [RoleAt("guardian", "s1", False, 2), RoleAt("teacher", "s1", True, 3)]
    user = RosterUser("u1", "users.csv", 2, "", "x", "A", "B", "", ())
    roster = oneroster.Roster(users=[user], roles={"u1": roles})
    assert oneroster.scope(roster, None).people[0].role == "teacher"


# --- the fixtures ----------------------------------------------------------------------------

CATALYST = "catalyst-moodle"


def test_the_catalyst_full_data_set_reads_with_its_dangling_references() -> None:
    roster = read_fixture_zip("oneroster", CATALYST, "Test_full_data_set.zip")
    assert roster.version == "1.1" and roster.modes["users"] == "bulk"
    assert [(i.code, i.file, i.line, i.sourced_id) for i in roster.issues] == [
        ("org_parent_missing", "orgs.csv", 2, "org-sch-222-456"),
        ("courses_absent", "classes.csv", 2, "cls-222-123456"),
        ("courses_absent", "classes.csv", 3, "cls-222-123478"),
    ]
    scoped = oneroster.scope(roster, oneroster.school_orgs(roster)[0])
    assert [(p.user.username, p.kind) for p in scoped.people] == [
        ("john.doe", "teacher"),
        ("mary.jones", "student"),
        ("thomas.joness", ""),
        ("jim.smith", "teacher"),
        ("mmichel.jones", "student"),
        ("anna.brown", "student"),
    ]
    assert [(c.name, c.gone, c.code) for c in scoped.classes] == [
        ("Introduction to Physics", False, "Phys 100 - 1"),
        ("History - 2", True, "2"),
    ]
    assert len(scoped.enrollments) == 6 and not scoped.elsewhere


def test_the_broken_v1p2_data_set_reports_each_of_its_faults() -> None:
    roster = read_fixture_zip("oneroster", CATALYST, "v1p2_full_dataset.zip")
    assert roster.version == "1.2"
    assert codes(roster.issues) == [
        ("manifest_mode_empty", "manifest.csv", 21),
        ("manifest_mode_empty", "manifest.csv", 22),
        ("manifest_mode_empty", "manifest.csv", 23),
        ("org_parent_missing", "orgs.csv", 2),
        ("column_typo", "users.csv", None),
        ("column_typo", "users.csv", None),
        ("column_typo", "users.csv", None),
        ("bad_date", "users.csv", 2),
        ("bad_date", "users.csv", 4),
        ("bad_date", "users.csv", 5),
        ("bad_date", "users.csv", 6),
        ("bad_date", "users.csv", 7),
        ("column_typo", "roles.csv", None),
        ("empty_columns", "roles.csv", None),
        ("courses_absent", "classes.csv", 2),
        ("courses_absent", "classes.csv", 3),
    ]
    roles = {p.user.username: p.role for p in oneroster.scope(roster, None).people}
    assert roles == {
        "john.doe": "teacher",
        "mary.jones": "student",
        "thomas.joness": "siteAdministrator",
        "jim.smith": "teacher",
        "mmichel.jones": "student",
        "anna.brown": "student",
    }


def test_the_1_2_delta_data_set_reads_clean() -> None:
    roster = read_fixture_zip("oneroster", CATALYST, "oneroster_test_data.zip")
    assert (roster.version, roster.modes["users"], roster.issues) == ("1.2", "delta", [])
    scoped = oneroster.scope(roster, oneroster.school_orgs(roster)[0])
    assert [(p.user.first_name, p.role) for p in scoped.people] == [("Bruce", "student")]
    assert [(c.name, c.course, c.terms) for c in scoped.classes] == [
        ("Basic Detection", "Crime Fighting 101", "Semester 1")
    ]


def test_the_lepo_roster_names_its_same_titled_classes_by_code() -> None:
    roster = read_fixture_zip("oneroster", "lepo-rosterhub-v1p1-en", "oneroster.zip")
    assert codes(roster.issues) == [("manifest_typo", "manifest.csv", 10)]
    scoped = oneroster.scope(roster, oneroster.school_orgs(roster)[0])
    assert [c.name for c in scoped.classes] == [
        "Introduction to Information Processing (C401)",
        "Introduction to Information Processing (C402)",
        "Advanced Information Systems",
        "Introduction to Information Processing (C404)",
        "Introduction to Information Processing (C405)",
    ]
    assert len(scoped.people) == 20 and len(scoped.enrollments) == 30
