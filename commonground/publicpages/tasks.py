"""Background filing of public page submissions (``actions.process_submissions``)."""

from __future__ import annotations

from django_tasks import task

from commonground.publicpages.actions import process_submissions


@task()
def process_submissions_task() -> dict[str, int]:
    """File what waits: ``actions.schedule_processing`` enqueues this after a submission."""
    return process_submissions()
