"""Read-side queries over campaigns: the list's counts and filters, shared by pages and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from commonground.accounts.models import Branch
from commonground.campaigns.models import Campaign, Event
from commonground.lib.query import equal, search

STATES = ("active", "upcoming", "past")


def with_counts(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """``goal_count`` and ``event_count`` on each campaign (one query)."""
    return qs.annotate(
        goal_count=Count("goals", distinct=True), event_count=Count("events", distinct=True)
    )


def filter_campaigns(
    qs: QuerySet[Campaign],
    *,
    today: dt.date,
    q: str = "",
    state: str = "",
    branch: Branch | None = None,
) -> QuerySet[Campaign]:
    """The list's filters: words in the name or aims, ``state`` on ``today``, a branch."""
    qs = search(qs, q, "name", "aims")
    if state == "active":
        qs = qs.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    elif state == "upcoming":
        qs = qs.filter(starts_on__gt=today)
    elif state == "past":
        qs = qs.filter(ends_on__lt=today)
    if branch is not None:
        qs = qs.filter(branches=branch)
    return qs


def filter_events(
    qs: QuerySet[Event],
    *,
    now: dt.datetime,
    q: str = "",
    campaign: Campaign | None = None,
    kind: str = "",
    status: str = "",
    when: str = "",
) -> QuerySet[Event]:
    """The event list's filters: words in the title, place or outcomes, a campaign, a kind, a
    status, and ``when`` ("upcoming" or "past" at ``now``)."""
    qs = search(qs, q, "title", "place", "outcomes")
    qs = equal(qs, campaign=campaign, kind=kind, status=status)
    if when == "upcoming":
        qs = qs.filter(starts_at__gte=now)
    elif when == "past":
        qs = qs.filter(starts_at__lt=now)
    return qs
