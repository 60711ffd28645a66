"""Background work for the register: an import started from the page."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task

from commonground.jobs.models import Job
from commonground.jobs.progress import JobProgress, fail, finish, start
from commonground.register.importers import import_register
from commonground.register.readers import UnrecognisedFile


@task()
def import_register_task(job_id: int) -> None:
    job = Job.objects.select_related("owner").get(pk=job_id)
    start(job)
    params = job.params
    try:
        summary = import_register(
            [Path(params["path"])],
            format=params.get("format") or None,
            include_all=bool(params.get("include_all")),
            full=bool(params.get("full")),
            progress=JobProgress(job),
            actor=job.owner,
        )
    except UnrecognisedFile as exc:
        fail(job, str(exc))
        return
    except Exception as exc:  # the job must say it failed; the worker logs the traceback
        fail(job, f"{type(exc).__name__}: {exc}")
        raise
    result = {k: v for k, v in summary.as_dict().items() if not isinstance(v, list)}
    errors = [f"line {r['line']} {r['field']}: {r['reason']}" for r in summary.rejected_rows] + [
        f"no council: {r['location_id']} {r['name']} ({r['reason']})"
        for r in summary.unresolved_rows
    ]
    finish(job, result, errors)
