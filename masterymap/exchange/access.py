"""Who may see a job: only the person who started it (its file, its preview, its result)."""

from __future__ import annotations

from django.http import Http404

from masterymap.accounts.models import User
from masterymap.exchange.models import Job


def get_job_for_owner(user: User, job_id: int) -> Job:
    """The user's own export or import; 404 for anyone else's, so ids reveal nothing."""
    job = Job.objects.filter(pk=job_id, owner=user).first()
    if job is None:
        raise Http404("No such job.")
    return job
