from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonground.accounts.access import require_admin
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.audit.access import entries_visible_to, filter_entries
from commonground.audit.forms import AuditFilterForm
from commonground.audit.log import log_action
from commonground.audit.models import Entry
from commonground.lib.exports import Echo, safe_cell
from commonground.lib.pagination import paginate


def _filters(request: AuthenticatedHttpRequest) -> dict[str, object]:
    return AuditFilterForm(request.GET).filters()


@require_admin
@require_GET
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = _filters(request)
    qs = filter_entries(entries_visible_to(request.user), **filters)  # type: ignore[arg-type]
    actions = Entry.objects.order_by("action").values_list("action", flat=True).distinct()
    page = paginate(request, qs.order_by("-id"), per_page=100)
    # The trail names people (subjects, actors, addresses): reading it is itself audited.
    log_action(
        None,
        "audit.entry.listed",
        request.user,
        {"filters": filters, "page": page.number, "count": len(page.object_list)},
        request=request,
    )
    return render(
        request,
        "audit/entry_list.html",
        {"page": page, "filters": filters, "actions": list(actions)},
    )


@require_admin
@require_GET
def entry_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    filters = _filters(request)
    qs = filter_entries(entries_visible_to(request.user), **filters).order_by("id")  # type: ignore[arg-type]
    log_action(None, "audit.entry.exported", request.user, {"filters": filters}, request=request)

    def rows() -> Iterator[list[str]]:
        yield [
            "id",
            "at",
            "actor",
            "action",
            "subject_type",
            "subject_id",
            "subject",
            "branch_id",
            "data",
            "ip",
            "hash",
        ]
        for e in qs.iterator(chunk_size=2000):
            yield [
                str(e.pk),
                e.at.isoformat(),
                e.actor_label,
                e.action,
                f"{e.subject_type.app_label}.{e.subject_type.model}" if e.subject_type else "",
                e.subject_id,
                e.subject_label,
                str(e.branch_id or ""),
                str(e.data),
                e.ip or "",
                e.hash,
            ]

    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow([safe_cell(c) for c in row]) for row in rows()), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
