"""The rejected-rows file of a run, downloaded: one response for every kind of import."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from commonground.accounts.models import User
from commonground.audit.log import log_action
from commonground.imports.models import ImportRun

__all__ = ["rejected_rows_response"]


def rejected_rows_response(user: User, run: ImportRun, request: HttpRequest) -> FileResponse:
    """The run's rejected rows as a CSV attachment, audited; 404 when it kept none (or
    retention or erasure removed it). ``run`` comes from ``imports.access`` (in scope)."""
    if not run.rejected_file or not run.rejected_file.storage.exists(run.rejected_file.name):
        raise Http404
    log_action(
        run.branch,
        "imports.run.exported",
        user,
        {"run": run.pk, "kind": run.kind, "rejected": run.counts.get("rejected", 0)},
        request=request,
    )
    return FileResponse(
        run.rejected_file.open("rb"),
        as_attachment=True,
        filename=f"rejected-rows-{run.kind}-{run.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )
