"""The shared import flow and job runner, with a small importer made for the test: preview
writes nothing, apply writes all in one transaction or nothing, a second click applies once,
a job is its owner's alone, and a crash or a refused plan leaves the database as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from masterymap.exchange import jobs, registry
from masterymap.exchange.files import FileProblem, read_csv
from masterymap.exchange.importers import Importer, Source
from masterymap.exchange.models import Job
from masterymap.exchange.plan import Plan
from masterymap.standards.models import Unit
from masterymap.test import SchoolData, build_school


class UnitsForm(forms.Form):
    """Options: all or nothing."""

    all_or_nothing = forms.BooleanField(required=False)

    def __init__(self, user: Any, data: Any = None, facts: Any = None) -> None:
        super().__init__(data)
        self.facts = facts

    def options(self) -> dict[str, Any]:
        return {"all_or_nothing": self.cleaned_data["all_or_nothing"]}


def _plan(source: Source, write: bool) -> Plan:
    """A CSV of unit titles, added to the user's first map; "crash" raises, "" is a problem."""
    plan = Plan()
    try:
        table = read_csv(source.data, source.filename)
    except FileProblem as problem:
        plan.problem(problem.where, problem.message, fatal=True)
        return plan
    mastery_map = source.user.created_mastery_maps.first()
    for n, row in enumerate(table.rows):
        source.progress(n, len(table.rows))
        title = row.get("title")
        if title == "crash":
            raise RuntimeError("the importer broke")
        if not title:
            plan.problem(f"{source.filename}, line {row.line}", "No title.")
            continue
        plan.add("create", "Unit", title)
        if write:
            Unit.objects.create(mastery_map=mastery_map, title=title, position=99)
    return plan


FAKE = Importer(
    key="units",
    title="Units",
    description="Units from a CSV file.",
    audience="teacher",
    accept=".csv",
    form=UnitsForm,
    plan=lambda s: _plan(s, False),
    apply=lambda s: _plan(s, True),
)


@pytest.fixture
def data(db, monkeypatch) -> SchoolData:
    monkeypatch.setattr(registry, "importers", lambda: {"units": FAKE})
    return build_school()


def _upload(client, text: str, **options: str):
    upload = SimpleUploadedFile("units.csv", text.encode(), content_type="text/csv")
    return client.post(
        reverse("exchange:import-upload", args=["units"]), {"file": upload, **options}
    )


def _login(client, user) -> None:
    client.force_login(user)


def test_preview_writes_nothing_then_apply_writes_all(client, data) -> None:
    _login(client, data.tomas)
    before = Unit.objects.count()
    response = _upload(client, "title\nFractions\nDecimals\n")
    job = Job.objects.get()
    assert response.url == reverse("exchange:job", args=[job.pk])
    assert (job.stage, job.status) == ("preview", "ready")
    assert Unit.objects.count() == before
    page = client.get(response.url).content.decode()
    assert "Nothing has changed yet" in page and "Fractions" in page and "Apply" in page

    client.post(reverse("exchange:job-apply", args=[job.pk]))
    job.refresh_from_db()
    assert (job.stage, job.status) == ("apply", "ready")
    assert Unit.objects.count() == before + 2
    # A second click (or a replayed form) applies nothing more.
    client.post(reverse("exchange:job-apply", args=[job.pk]))
    assert Unit.objects.count() == before + 2
    assert "Applied" in client.get(reverse("exchange:job", args=[job.pk])).content.decode()


def test_all_or_nothing_refuses_a_file_with_a_problem_and_changes_nothing(client, data) -> None:
    _login(client, data.tomas)
    before = Unit.objects.count()
    _upload(client, "title,n\nFractions,1\n\n,2\n", all_or_nothing="on")
    job = Job.objects.get()
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "units.csv, line 4" in page and "applying will change nothing" in page
    client.post(reverse("exchange:job-apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and "Nothing was changed" in job.message
    assert Unit.objects.count() == before


def test_without_all_or_nothing_rows_with_problems_are_skipped(client, data) -> None:
    _login(client, data.tomas)
    before = Unit.objects.count()
    _upload(client, "title,n\nFractions,1\n,2\n")
    job = Job.objects.get()
    client.post(reverse("exchange:job-apply", args=[job.pk]))
    assert Unit.objects.count() == before + 1


def test_a_crash_while_applying_rolls_everything_back(client, data) -> None:
    _login(client, data.tomas)
    before = Unit.objects.count()
    # The preview sees "crash" too, so give the importer a file whose crash comes on apply.
    _upload(client, "title\nFractions\nDecimals\n")
    job = Job.objects.get()
    job.upload.save("upload", SimpleUploadedFile("x", b"title\nFractions\ncrash\n"), save=True)
    client.post(reverse("exchange:job-apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and "nothing was changed" in job.message
    assert Unit.objects.count() == before


def test_a_file_that_is_not_utf8_gets_a_clear_message(client, data) -> None:
    _login(client, data.tomas)
    _upload(client, "")
    upload = SimpleUploadedFile("units.csv", "title\nAño\n".encode("latin-1"))
    client.post(reverse("exchange:import-upload", args=["units"]), {"file": upload})
    job = Job.objects.latest("pk")
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "not UTF-8 text" in page and "CSV UTF-8" in page
    assert (
        "Stops the import" in page
        and 'action="/exchange/jobs/' not in page.split("Apply")[0][-200:]
    )


def test_no_file_is_a_message_not_an_error(client, data) -> None:
    _login(client, data.tomas)
    response = client.post(reverse("exchange:import-upload", args=["units"]), {})
    assert response.status_code == 400
    assert "Choose a file to import." in response.content.decode()
    assert not Job.objects.exists()


def test_too_big_a_file_is_refused_before_it_is_kept(client, data, settings) -> None:
    settings.MAX_IMPORT_BYTES = 10
    _login(client, data.tomas)
    response = _upload(client, "title\nFractions and decimals\n")
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not Job.objects.exists()


def test_a_job_is_its_owners_alone(client, data) -> None:
    _login(client, data.tomas)
    _upload(client, "title\nFractions\n")
    job = Job.objects.get()
    for other in (data.uma, data.zed, data.ana):
        client.logout()
        _login(client, other)
        for name in ("exchange:job", "exchange:job-status", "exchange:job-download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert client.post(reverse("exchange:job-apply", args=[job.pk])).status_code in (403, 404)
    assert Job.objects.get().stage == "preview"
    client.logout()
    response = client.get(reverse("exchange:job", args=[job.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_students_have_no_importers(client, data) -> None:
    _login(client, data.ana)
    assert client.get(reverse("exchange:imports")).status_code == 403
    assert client.get(reverse("exchange:import-upload", args=["units"])).status_code == 403


def test_the_status_fragment_stops_polling_and_reloads_when_done(client, data) -> None:
    _login(client, data.tomas)
    _upload(client, "title\nFractions\n")
    job = Job.objects.get()
    response = client.get(reverse("exchange:job-status", args=[job.pk]))
    assert response.status_code == 286 and response["HX-Refresh"] == "true"


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_runs_a_preview_with_the_worker(client, monkeypatch) -> None:
    """As `make run` does it: the page queues the job, `db_worker` picks it up."""
    monkeypatch.setattr(registry, "importers", lambda: {"units": FAKE})
    data = build_school()
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=backend):
        _login(client, data.tomas)
        _upload(client, "title\nFractions\n")
        job = Job.objects.get()
        assert job.status == "queued"
        page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
        assert "Waiting to start" in page and "<progress" in page
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.stage, job.status) == ("preview", "ready")
    assert Plan.from_json(job.plan).changes[0].label == "Fractions"


def test_several_files_are_packed_into_one_zip(db) -> None:
    files = [SimpleUploadedFile("users.csv", b"a\n1\n"), SimpleUploadedFile("orgs.csv", b"b\n2\n")]
    data, name = jobs.pack_uploads(files)
    from masterymap.exchange.files import read_zip

    assert read_zip(data, name) == {"users.csv": b"a\n1\n", "orgs.csv": b"b\n2\n"}
