"""Background work for imports: run one :class:`ImportRun` by primary key."""

from __future__ import annotations

from django_tasks import task

from commonground.imports.models import ImportRun
from commonground.imports.registry import importer_for


@task()
def run_import_task(run_pk: int) -> None:
    run = ImportRun.objects.select_related("branch", "created_by", "job").get(pk=run_pk)
    importer_for(run.kind).run(run)
