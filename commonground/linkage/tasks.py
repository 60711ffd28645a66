"""Background linking: after every people import, and on demand from the review queue."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_tasks import task

from commonground.accounts.models import Branch
from commonground.jobs.models import Job
from commonground.jobs.progress import JobProgress, fail, finish, start
from commonground.linkage.services import link_people

JOB_KIND = "linkage"


@task()
def link_people_task(branch_id: int | None = None, job_id: int | None = None) -> dict[str, Any]:
    """Link the unlinked people of one branch (``None``: every branch).

    The people importer enqueues ``link_people_task.enqueue(branch_id)``; the review queue's
    "run linking" button creates the Job first and passes ``job_id``. A Job or branch that
    has gone by the time the worker runs is not an error: there is nothing to do.
    """
    branch = None
    if branch_id is not None:
        branch = Branch.objects.filter(pk=branch_id).first()
        if branch is None:
            return {"skipped": "branch gone"}
    job = Job.objects.filter(pk=job_id).select_related("owner").first() if job_id else None
    if job is None:
        job = Job.objects.create(
            kind=JOB_KIND,
            label=_("Link workplaces: %(branch)s") % {"branch": branch or _("all branches")},
            branch=branch,
        )
    start(job)
    try:
        counts = link_people(branch, actor=job.owner or "linkage", progress=JobProgress(job))
    except Exception as exc:  # the job must say it failed; the worker logs the traceback
        fail(job, f"{type(exc).__name__}: {exc}")
        raise
    finish(job, counts)
    return counts
