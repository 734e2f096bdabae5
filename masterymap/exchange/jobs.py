"""Running exports and imports in the background, with their progress.

A Job row holds what was asked and how far it got; the task `run_job` does the work through
Django's task API (the database backend, so one machine needs no extra server: `make run`
starts a `db_worker`). Progress is written at most a few times a second. Applying an import
runs in one transaction: it cannot report progress to other connections (on SQLite that
would wait for its own lock), so its page shows an indeterminate bar.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from masterymap.accounts.models import User
from masterymap.exchange.files import FileProblem
from masterymap.exchange.importers import Importer, Source
from masterymap.exchange.models import Job
from masterymap.exchange.plan import Plan, Refused

log = logging.getLogger(__name__)

# How often progress is written, in seconds.
PROGRESS_EVERY = 0.3


def start_export(*, user: User, exporter: str, params: dict[str, int], fmt: str) -> Job:
    """Queue an export after checking, as the page would, that `user` may read it."""
    from masterymap.exchange.exports import EXPORTERS

    spec = EXPORTERS[exporter]
    total = spec.estimate(user, params)  # raises Http404/PermissionDenied like the page
    job = Job.objects.create(
        owner=user,
        kind=exporter,
        params={"params": params, "fmt": fmt},
        title=f"{spec.title} ({fmt.upper()})",
        stage=Job.Stage.EXPORT,
        total=total,
    )
    run_job.enqueue(job.pk)
    return job.__class__.objects.get(pk=job.pk)


def pack_uploads(files: Sequence[UploadedFile[bytes]]) -> tuple[bytes, str]:
    """One file as it is; several (OneRoster's loose CSV files) packed into one zip, so an
    importer always reads one file."""
    if len(files) == 1:
        return files[0].read(), files[0].name or "upload"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for upload in files:
            archive.writestr((upload.name or "file").replace("/", "_"), upload.read())
    return buffer.getvalue(), _("%(n)d files") % {"n": len(files)}


def start_preview(
    *, user: User, importer: Importer, data: bytes, filename: str, options: dict[str, Any]
) -> Job:
    """Keep the file privately and queue its preview: nothing is written but the Job."""
    job = Job(
        owner=user,
        kind=importer.key,
        params={"options": options},
        title=f"{importer.title}: {filename}",
        stage=Job.Stage.PREVIEW,
        upload_name=filename[:255],
    )
    job.upload.save("upload", ContentFile(data), save=False)
    job.save()
    run_job.enqueue(job.pk)
    return Job.objects.get(pk=job.pk)


def preview_again(*, job: Job, options: dict[str, Any]) -> bool:
    """Queue a new preview with other options; False when the job is not a finished preview."""
    params = {**job.params, "options": options}
    changed = Job.objects.filter(
        pk=job.pk, stage=Job.Stage.PREVIEW, status__in=[Job.Status.READY, Job.Status.FAILED]
    ).update(status=Job.Status.QUEUED, params=params, done=0, total=0, message="")
    if changed:
        run_job.enqueue(job.pk)
    return bool(changed)


def start_apply(*, job: Job) -> bool:
    """Queue applying a previewed import, once: a second click finds it already queued."""
    changed = Job.objects.filter(
        pk=job.pk, stage=Job.Stage.PREVIEW, status=Job.Status.READY
    ).update(stage=Job.Stage.APPLY, status=Job.Status.QUEUED, done=0, total=0)
    if changed:
        run_job.enqueue(job.pk)
    return bool(changed)


def _progress_writer(job_id: int) -> Callable[[int, int], None]:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            Job.objects.filter(pk=job_id).update(done=done, total=total)

    return progress


def _source(job: Job, importer: Importer, progress: Callable[[int, int], None]) -> Source:
    with job.upload.open("rb") as handle:
        data = handle.read()
    return Source(
        user=job.owner,
        data=data,
        filename=job.upload_name,
        options=dict(job.params.get("options", {})),
        progress=progress,
    )


def _finish(job: Job, status: str, **fields: Any) -> None:
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)


def _run_export(job: Job) -> None:
    from masterymap.exchange.exports import write_export

    params = job.params
    progress = _progress_writer(job.pk)
    buffer = io.BytesIO()
    filename, content_type = write_export(
        job.kind, job.owner, dict(params["params"]), params["fmt"], buffer, progress
    )
    job.result.save("export", ContentFile(buffer.getvalue()), save=False)
    _finish(
        job,
        Job.Status.READY,
        result=job.result.name,
        result_name=filename,
        result_type=content_type,
        done=job.total,
    )


def _run_import(job: Job) -> None:
    from masterymap.exchange.registry import importers

    importer = importers()[job.kind]
    if job.stage == Job.Stage.PREVIEW:
        plan = importer.plan(_source(job, importer, _progress_writer(job.pk)))
        _finish(job, Job.Status.READY, plan=plan.to_json())
        return
    all_or_nothing = bool(job.params.get("options", {}).get("all_or_nothing"))
    try:
        with transaction.atomic():
            plan = importer.apply(_source(job, importer, lambda done, total: None))
            if plan.refused(all_or_nothing=all_or_nothing):
                raise Refused(plan)
    except Refused as refused:
        _finish(
            job,
            Job.Status.FAILED,
            plan=refused.plan.to_json(),
            message=_("Nothing was changed: the problems below must be fixed first."),
        )
        return
    _finish(job, Job.Status.READY, plan=plan.to_json())


@task()
def run_job(job_id: int) -> None:
    """Do one queued job. Safe to run twice: a job that is not queued is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        if job.stage == Job.Stage.EXPORT:
            _run_export(job)
        else:
            _run_import(job)
    except FileProblem as problem:
        # Importers turn these into problems themselves; this is the net under them.
        plan = Plan()
        plan.problem(problem.where, problem.message, fatal=True)
        _finish(job, Job.Status.FAILED, plan=plan.to_json(), message=problem.message)
    except Exception:
        log.exception("exchange job %s failed", job_id)
        _finish(
            job,
            Job.Status.FAILED,
            message=_(
                "Something went wrong on the server; nothing was changed. "
                "The error is in the server's log."
            ),
        )
