"""Data in and out, tried as new users would in a real browser (issue 13).

The school admin imports a OneRoster roster, then the Common Core maths package as CASE:
each time a preview first, then Apply, then the same file again, which changes nothing. A
teacher imports a QTI 3.0 package into a standard's bank and builds a form from it, then
exports the class grid as XLSX and opens it (with openpyxl, as Excel would) to find the
levels the grid shows.

The files are the public fixtures in ../shared/fixtures (never shipped): the test skips
when they are absent.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.models import Form, Item
from masterymap.exchange.tests.fixtures import fixture_path
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import MasteryMap
from masterymap.workflows.actions import record_evidence
from tests.browser.support import PASSWORD, SERVER_LOCK, login

pytestmark = pytest.mark.browser

ROSTER = ("oneroster", "catalyst-moodle", "oneroster_test_data.zip")
CCSS = ("case", "ccss-math-casenetwork.json")
QTI_PACKAGE = ("qti", "qti30-1edtech", "simple-package.zip")


@pytest.fixture
def school_admin(world) -> User:
    admin = User(
        username="dadmin",
        role=User.Role.SCHOOL_ADMIN,
        school=world.school,
        first_name="Dana",
        last_name="Okafor",
    )
    admin.set_password(PASSWORD)
    admin.save()
    return admin


def preview(page: Page, url: str, file: str, **choices: str) -> None:
    """Upload `file` on the import page at `url`, pick `choices` (label → option), preview."""
    page.goto(url)
    page.locator("#id_file").set_input_files(file)
    for label, option in choices.items():
        page.get_by_label(label).select_option(label=option)
    page.get_by_role("button", name="Preview", exact=True).click()
    page.wait_for_url(re.compile(r"/exchange/jobs/\d+/$"))
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()


def apply(page: Page) -> None:
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    expect(page.locator(".result-banner")).to_contain_text("Applied")


def nothing_to_change(page: Page) -> None:
    expect(page.locator(".result-banner")).to_contain_text("Nothing to change")
    expect(page.get_by_role("button", name="Apply")).to_be_disabled()


def test_the_admin_imports_a_roster_and_the_common_core_and_again_changes_nothing(
    world, school_admin, live_server, new_context
) -> None:
    page = login(new_context(), live_server, "dadmin")
    page.get_by_role("link", name="Import", exact=True).first.click()
    expect(page.get_by_role("heading", name="Import", exact=False).first).to_be_visible()
    roster_url = page.get_by_role("link", name="Roster from OneRoster").get_attribute("href")
    upload = f"{live_server.url}{roster_url}"

    preview(
        page,
        upload,
        str(fixture_path(*ROSTER)),
        **{"Mastery map for new classes": "Grade 7 Mathematics"},
    )
    expect(page.get_by_text("Nothing has changed yet")).to_be_visible()
    with SERVER_LOCK:
        assert not Classroom.objects.exclude(sourced_id="").exists()  # a preview writes nothing
    apply(page)
    with SERVER_LOCK:
        imported = Classroom.objects.exclude(sourced_id="")
        classes = imported.count()
        students = User.objects.filter(role="student").exclude(sourced_id="").count()
    assert classes >= 1 and students >= 1
    expect(page.locator(".next-steps")).to_be_visible()

    preview(
        page,
        upload,
        str(fixture_path(*ROSTER)),
        **{"Mastery map for new classes": "Grade 7 Mathematics"},
    )
    nothing_to_change(page)
    with SERVER_LOCK:
        assert Classroom.objects.exclude(sourced_id="").count() == classes
        assert User.objects.filter(role="student").exclude(sourced_id="").count() == students

    # The Common Core, as a CASE package: 393 standards in 66 units of a new map.
    case_url = f"{live_server.url}/exchange/import/case/"
    preview(page, case_url, str(fixture_path(*CCSS)))
    expect(page.locator(".plan-counts")).to_contain_text("393")
    apply(page)
    with SERVER_LOCK:
        ccss = MasteryMap.objects.get(title="Common Core State Standards for Math")
        assert ccss.standards.count() == 393 and ccss.units.count() == 66
    page.locator(".next-steps a").first.click()
    expect(page.get_by_role("heading", name="Common Core State Standards for Math")).to_be_visible()

    # Again, into the map it made: the CASE identifiers match, nothing changes.
    preview(
        page,
        case_url,
        str(fixture_path(*CCSS)),
        **{"Import into": "Common Core State Standards for Math"},
    )
    nothing_to_change(page)
    with SERVER_LOCK:
        assert MasteryMap.objects.filter(title__startswith="Common Core").count() == 1
        assert ccss.standards.count() == 393


def test_a_teacher_imports_qti_builds_a_form_and_exports_the_grid_as_xlsx(
    world, assessed, live_server, new_context
) -> None:
    standard = assessed.standard
    today = timezone.localdate()
    with SERVER_LOCK:
        for student, level in ((world.student, 3), (world.other_student, 1)):
            record_evidence(
                recorded_by=world.teacher,
                classroom=world.classroom,
                student=student,
                standard=standard,
                kind="one_on_one",
                level=level,
                assessed_on=today - timedelta(days=1),
            )
        before = set(Item.objects.filter(standard=standard).values_list("pk", flat=True))
    page = login(new_context(), live_server, "arivera")
    page.goto(f"{live_server.url}/standards/{standard.pk}/")
    page.get_by_role("link", name="Import questions (QTI)").click()
    # The standard is already chosen on its own import page.
    preview(page, page.url, str(fixture_path(*QTI_PACKAGE)))
    apply(page)
    with SERVER_LOCK:
        imported = list(Item.objects.filter(standard=standard).exclude(pk__in=before))
    assert imported and all(item.source_id for item in imported)

    # Build a form from the imported questions.
    page.goto(f"{live_server.url}/standards/{standard.pk}/")
    builder = page.locator("form[action$='/forms/new/']")
    for item in imported:
        builder.locator(f"input[type=checkbox][value='{item.pk}']").check()
    builder.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_be_visible()
    with SERVER_LOCK:
        form = Form.objects.filter(standard=standard).order_by("-pk").first()
        assert form is not None
        assert set(form.items.values_list("pk", flat=True)) == {i.pk for i in imported}

    # The grid as XLSX, opened as a spreadsheet program would.
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/")
    page.get_by_role("link", name="Export", exact=True).click()
    expect(page.locator("#class-exports")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#class-exports tbody tr").first.get_by_role("link").first.click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(path, "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    level = header.index("Level")
    code = header.index("Standard")
    username = header.index("Username")
    found = {(r[username], r[code]): r[level] for r in body if r[code] == standard.code}
    with SERVER_LOCK:
        expected = {
            (r.student.username, standard.code): r.level
            for r in MasteryRecord.objects.filter(
                classroom=world.classroom, standard=standard
            ).select_related("student")
        }
    assert found == expected and len(found) == 2
    assert (
        found[(world.student.username, standard.code)]
        > found[(world.other_student.username, standard.code)]
    )
