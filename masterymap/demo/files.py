"""Pure. The demo school's own files, in the formats schools send: its standards as our CSV
template, its roster as OneRoster 1.1 CSV and questions as QTI 3.0 packages. The demo loader
brings them in through the importers (masterymap.exchange), so every fresh demo proves that
they work.

Written from content.py with the standard library and the QTI writer; nothing here is read
from disk.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from masterymap.exchange import qti

T = TypeVar("T")

# Our template's columns (exchange/standards_csv.py documents them).
STANDARDS_COLUMNS = ["unit", "code", "statement", "i_can", "order"]

SCHOOL_SOURCED_ID = "org-lakeside"
CLASS_SOURCED_ID = "cls-7a-maths"
TEACHER_SOURCED_ID = "usr-t-rivera"
TERM_SOURCED_ID = "term-2026-fall"


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def standards_csv(units: Sequence[dict[str, Any]]) -> bytes:
    """The map's units and standards, one row per standard, in the map's order."""
    rows = []
    order = 0
    for unit in units:
        for standard in unit["standards"]:
            order += 1
            rows.append(
                [
                    unit["title"],
                    standard["code"],
                    standard["statement"],
                    standard["i_can"],
                    str(order),
                ]
            )
    return _csv(STANDARDS_COLUMNS, rows)


def student_sourced_id(n: int) -> str:
    return f"usr-s-{n:03d}"


def oneroster_zip(
    *,
    school_name: str,
    class_title: str,
    teacher: tuple[str, str, str],
    students: Sequence[tuple[str, str, str]],
) -> bytes:
    """A OneRoster 1.1 bulk roster: one school, one class, its teacher and its students.

    `teacher` and each student are (username, given name, family name); students get
    sourcedIds in file order (`student_sourced_id`).
    """
    files: dict[str, bytes] = {}
    manifest = [
        ("manifest.version", "1.0"),
        ("oneroster.version", "1.1"),
        ("file.academicSessions", "bulk"),
        ("file.categories", "absent"),
        ("file.classes", "bulk"),
        ("file.classResources", "absent"),
        ("file.courses", "bulk"),
        ("file.courseResources", "absent"),
        ("file.demographics", "absent"),
        ("file.enrollments", "bulk"),
        ("file.lineItems", "absent"),
        ("file.orgs", "bulk"),
        ("file.resources", "absent"),
        ("file.results", "absent"),
        ("file.users", "bulk"),
        ("source.systemName", "Lakeside SIS"),
        ("source.systemCode", "lakeside"),
    ]
    files["manifest.csv"] = _csv(["propertyName", "value"], manifest)
    files["orgs.csv"] = _csv(
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "name",
            "type",
            "identifier",
            "parentSourcedId",
        ],
        [[SCHOOL_SOURCED_ID, "", "", school_name, "school", "LMS-01", ""]],
    )
    files["academicSessions.csv"] = _csv(
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "title",
            "type",
            "startDate",
            "endDate",
            "parentSourcedId",
            "schoolYear",
        ],
        [[TERM_SOURCED_ID, "", "", "Fall 2026", "term", "2026-08-24", "2027-01-22", "", "2027"]],
    )
    files["courses.csv"] = _csv(
        [
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
        ],
        [
            [
                "crs-math7",
                "",
                "",
                "",
                "Mathematics 7",
                "MATH7",
                "07",
                SCHOOL_SOURCED_ID,
                "Mathematics",
                "",
            ]
        ],
    )
    files["classes.csv"] = _csv(
        [
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
        ],
        [
            [
                CLASS_SOURCED_ID,
                "",
                "",
                class_title,
                "07",
                "crs-math7",
                "7A",
                "scheduled",
                "Room 12",
                SCHOOL_SOURCED_ID,
                TERM_SOURCED_ID,
                "Mathematics",
                "",
                "2",
            ]
        ],
    )
    user_header = [
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
    ]
    users = [
        [
            TEACHER_SOURCED_ID,
            "",
            "",
            "true",
            SCHOOL_SOURCED_ID,
            "teacher",
            teacher[0],
            "",
            teacher[1],
            teacher[2],
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    ]
    enrollments = [
        [
            "enr-t-rivera",
            "",
            "",
            CLASS_SOURCED_ID,
            SCHOOL_SOURCED_ID,
            TEACHER_SOURCED_ID,
            "teacher",
            "true",
            "",
            "",
        ]
    ]
    for n, (username, given, family) in enumerate(students, start=1):
        sid = student_sourced_id(n)
        users.append(
            [
                sid,
                "",
                "",
                "true",
                SCHOOL_SOURCED_ID,
                "student",
                username,
                "",
                given,
                family,
                "",
                "",
                "",
                "",
                "",
                "",
                "07",
                "",
            ]
        )
        enrollments.append(
            [
                f"enr-s-{n:03d}",
                "",
                "",
                CLASS_SOURCED_ID,
                SCHOOL_SOURCED_ID,
                sid,
                "student",
                "false",
                "",
                "",
            ]
        )
    files["users.csv"] = _csv(user_header, users)
    files["enrollments.csv"] = _csv(
        [
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
        ],
        enrollments,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def turn_to_key(choices: list[T], stem: str, *, first_is_key: bool) -> list[T]:
    """The choices turned so the key sits at a place picked from the stem, not first: the
    content lists most keys first, and a printed copy (or a form that keeps its order) would
    otherwise reward always picking A. Turning keeps the choices' relative order."""
    if len(choices) < 2 or not first_is_key:
        return choices
    turn = sum(stem.encode()) % len(choices)
    return choices[-turn:] + choices[:-turn] if turn else choices


def item_identifier(code: str, n: int) -> str:
    return f"lakeside-{code}-q{n}"


def _picture(name: str, alt: str, pictures: Mapping[str, bytes]) -> qti.PictureDraft:
    return qti.PictureDraft(path=f"images/{name}.png", data=pictures[name], alt=alt)


def _draft(code: str, n: int, data: dict[str, Any], pictures: Mapping[str, bytes]) -> qti.ItemDraft:
    written: list[dict[str, Any]] = data.get("choices", [])
    if not data.get("keep_order"):
        written = turn_to_key(
            written, data["stem"], first_is_key=bool(written) and written[0]["correct"]
        )
    choices = [
        qti.ChoiceDraft(
            identifier=qti.choice_identifier(position),
            text=choice["text"],
            correct=choice["correct"],
            picture=_picture(choice["picture"], choice["alt"], pictures)
            if "picture" in choice
            else None,
        )
        for position, choice in enumerate(written)
    ]
    answer = data.get("answer")
    return qti.ItemDraft(
        identifier=item_identifier(code, n),
        kind=data["kind"],
        stem=data["stem"],
        title=f"{code} · question {n}",
        points=data.get("points", 1),
        choices=tuple(choices),
        numeric_answer=float(answer) if answer is not None else None,
        tolerance=data.get("tolerance", 0.0),
        accepted_answers=tuple(data.get("accepted", [])),
        feedback=data.get("feedback", ""),
        rubric=data.get("rubric", ""),
        keep_order=data.get("keep_order", False),
        picture=_picture(data["picture"], data["alt"], pictures) if "picture" in data else None,
    )


def items_package(
    code: str, items: Sequence[dict[str, Any]], pictures: Mapping[str, bytes]
) -> bytes:
    """A standard's questions as a QTI 3.0 package, as another item bank would send them:
    `items` in content.py's shape, `pictures` the PNG of each drawing they name."""
    drafts = [_draft(code, n, data, pictures) for n, data in enumerate(items, start=1)]
    return qti.write_package(
        drafts, identifier=f"lakeside-{code}-bank", title=f"{code} · Lakeside question bank"
    )
