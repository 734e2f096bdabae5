"""A job's page: its progress while it runs, then the preview to apply, the result, or the
file to download. Only its owner opens it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts.request_types import AuthedRequest
from masterymap.exchange import jobs, registry
from masterymap.exchange.access import get_job_for_owner
from masterymap.exchange.models import Job
from masterymap.exchange.plan import Plan

# A preview lists at most this many changes; the counts cover all of them.
SHOWN_CHANGES = 300
# htmx stops polling when a response has this status.
STOP_POLLING = 286


def _context(request: AuthedRequest, job: Job, form: Any = None) -> dict[str, Any]:
    plan = Plan.from_json(job.plan) if job.plan else None
    importer = registry.importers().get(job.kind) if job.stage != Job.Stage.EXPORT else None
    if importer is not None and form is None and job.stage == Job.Stage.PREVIEW:
        form = importer.form(request.user, None, facts=plan.facts if plan else None)
        form.initial.update(job.params.get("options", {}))
    return {
        "job": job,
        "plan": plan,
        "importer": importer,
        "form": form,
        "changes": plan.changes[:SHOWN_CHANGES] if plan else [],
        "hidden_changes": max(0, len(plan.changes) - SHOWN_CHANGES) if plan else 0,
    }


@login_required
@require_GET
def job_page(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = get_job_for_owner(request.user, job_id)
    return render(request, "exchange/job_page.html", _context(request, job))


@login_required
@require_GET
def job_status(request: AuthedRequest, job_id: int) -> HttpResponse:
    """The progress fragment the job page polls; when the job ends it asks the page to
    reload once so the preview or the result shows."""
    job = get_job_for_owner(request.user, job_id)
    response = render(request, "exchange/job_page.html#progress", {"job": job})
    if job.finished:
        response["HX-Refresh"] = "true"
        response.status_code = STOP_POLLING
    return response


def _importer_of(request: AuthedRequest, job: Job) -> Any:
    importer = registry.importers().get(job.kind)
    if importer is None or not registry.may_use(request.user, importer):
        raise Http404("No such import.")
    return importer


@login_required
@require_POST
def job_preview_again(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = get_job_for_owner(request.user, job_id)
    importer = _importer_of(request, job)
    plan = Plan.from_json(job.plan) if job.plan else None
    form = importer.form(request.user, request.POST, facts=plan.facts if plan else None)
    if not form.is_valid():
        return render(request, "exchange/job_page.html", _context(request, job, form), status=400)
    if not jobs.preview_again(job=job, options=form.options()):
        messages.info(request, _("This import is no longer a preview."))
    return redirect("exchange:job", job.pk)


@login_required
@require_POST
def job_apply(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = get_job_for_owner(request.user, job_id)
    _importer_of(request, job)
    if not jobs.start_apply(job=job):
        # A second click, or a preview that is not ready: the page says where it stands.
        messages.info(request, _("This import is already being applied, or has been."))
    return redirect("exchange:job", job.pk)


@login_required
@require_GET
def job_download(request: AuthedRequest, job_id: int) -> FileResponse:
    job = get_job_for_owner(request.user, job_id)
    if job.stage != Job.Stage.EXPORT or job.status != Job.Status.READY or not job.result:
        raise Http404("Nothing to download yet.")
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_type,
    )
