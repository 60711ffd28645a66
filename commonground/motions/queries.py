"""Read-side queries over motions: the list's counts and filters, shared by pages and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from commonground.lib.query import equal, search
from commonground.motions.models import CallProgress, Motion

OPEN = (CallProgress.NOT_STARTED, CallProgress.IN_PROGRESS)


def with_call_counts(qs: QuerySet[Motion]) -> QuerySet[Motion]:
    """``call_count``, ``done_count`` and ``blocked_count`` on each motion (one query)."""
    return qs.annotate(
        call_count=Count("calls", distinct=True),
        done_count=Count("calls", filter=Q(calls__status=CallProgress.DONE), distinct=True),
        blocked_count=Count("calls", filter=Q(calls__status=CallProgress.BLOCKED), distinct=True),
    )


def filter_motions(
    qs: QuerySet[Motion], *, q: str = "", decision: str = "", body: str = "", progress: str = ""
) -> QuerySet[Motion]:
    """The list's filters; ``progress`` is a call status or ``"open"`` (not started or going)."""
    if q.strip():
        qs = search(qs, q, "title", "conference", "text", "calls__text").distinct()
    qs = equal(qs, decision=decision)
    if body:
        qs = qs.filter(calls__responsible_body=body).distinct()
    if progress == "open":
        qs = qs.filter(calls__status__in=OPEN).distinct()
    elif progress:
        qs = qs.filter(calls__status=progress).distinct()
    return qs
