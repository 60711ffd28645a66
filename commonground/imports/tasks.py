"""Background work for imports: run one :class:`ImportRun` by primary key."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django_tasks import task

from commonground.imports.models import ImportRun

# kind -> "module:function" taking the ImportRun; each domain app registers its importer here
# rather than this app importing every domain (imports is machinery, not a domain).
RUNNERS: dict[str, str] = {
    "people": "commonground.people.importer:run_import_run",
}


def runner_for(kind: str) -> Callable[[ImportRun], object]:
    module_name, _, attr = RUNNERS[kind].partition(":")
    fn: Callable[[ImportRun], object] = getattr(importlib.import_module(module_name), attr)
    return fn


@task()
def run_import_task(run_pk: int) -> None:
    run = ImportRun.objects.select_related("branch", "created_by", "job").get(pk=run_pk)
    runner_for(run.kind)(run)
