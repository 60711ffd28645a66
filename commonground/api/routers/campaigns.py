"""Campaigns with their goals' progress (computed by ``campaigns.metrics``) and events.

Campaigns are region-wide records without members' data; event sign-ups (people) are not
served here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from commonground.accounts.access import branches_visible_to
from commonground.api.common import (
    Code,
    CodePath,
    PageParams,
    ResultPage,
    Text,
    acting_user,
    one_of,
    page_of,
    responses,
)
from commonground.campaigns.access import (
    campaigns_visible_to,
    events_visible_to,
    get_campaign_for_user,
)
from commonground.campaigns.metrics import progress
from commonground.campaigns.models import Campaign, Event, EventStatus
from commonground.campaigns.queries import STATES, filter_campaigns, filter_events, with_counts

router = Router(tags=["campaigns"])

if TYPE_CHECKING:
    StateParam: TypeAlias = str
    EventStatusParam: TypeAlias = str
else:
    StateParam = one_of(STATES)
    EventStatusParam = one_of(EventStatus.values)


class CampaignOut(Schema):
    slug: str
    name: str
    aims: str
    starts_on: dt.date
    ends_on: dt.date | None
    active: bool
    branches: list[str] = Field(..., description="Codes of the branches running it.")
    charters: list[str] = Field(..., description="Slugs of the charters it pursues.")
    partners: list[str]

    @staticmethod
    def resolve_active(obj: Campaign) -> bool:
        return obj.is_active()

    @staticmethod
    def resolve_branches(obj: Campaign) -> list[str]:
        return [b.code for b in obj.branches.all()]

    @staticmethod
    def resolve_charters(obj: Campaign) -> list[str]:
        return [c.slug for c in obj.charters.all()]

    @staticmethod
    def resolve_partners(obj: Campaign) -> list[str]:
        return obj.partner_list()


class GoalOut(Schema):
    id: int
    label: str
    metric: str
    target: float
    value: float | None = Field(..., description="Computed from the data; null: not available.")
    percent: int | None
    done: bool


class CampaignDetailOut(CampaignOut):
    goals: list[GoalOut]

    @staticmethod
    def resolve_goals(obj: Campaign) -> list[dict[str, Any]]:
        return [
            {
                "id": p.goal.pk,
                "label": str(p.goal),
                "metric": p.goal.metric,
                "target": p.target,
                "value": p.value,
                "percent": p.percent,
                "done": p.done,
            }
            for p in (progress(g) for g in obj.goals.select_related("charter", "campaign"))
        ]


class CampaignPage(ResultPage[CampaignOut]):
    pass


class CampaignFilters(PageParams):
    q: Text = ""
    state: StateParam = ""
    branch: Code = Field("", description="Branch code.")


@router.get("/", response=responses(CampaignPage), summary="Campaigns in the region")
def campaign_list(request: HttpRequest, filters: Query[CampaignFilters]) -> dict[str, Any]:
    user = acting_user(request, "view_campaigns")
    qs = with_counts(campaigns_visible_to(user))
    branch = None
    if filters.branch:
        branch = branches_visible_to(user).filter(code=filters.branch).first()
        if branch is None:
            qs = qs.none()
    qs = filter_campaigns(
        qs, today=timezone.localdate(), q=filters.q, state=filters.state, branch=branch
    )
    qs = qs.order_by("-starts_on", "name").prefetch_related("branches", "charters")
    return page_of(qs, filters)


@router.get(
    "/{slug}",
    response=responses(CampaignDetailOut),
    summary="One campaign with each goal's progress",
)
def campaign_detail(request: HttpRequest, slug: CodePath) -> Campaign:
    return get_campaign_for_user(acting_user(request, "view_campaigns"), slug)


class EventOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    council: str | None = Field(..., description="ONS code.")
    branch: str | None = Field(..., description="Branch code.")
    headcount: int | None
    outcomes: str

    @staticmethod
    def resolve_council(obj: Event) -> str | None:
        return obj.council.ons_code if obj.council else None

    @staticmethod
    def resolve_branch(obj: Event) -> str | None:
        return obj.branch.code if obj.branch else None


class EventPage(ResultPage[EventOut]):
    pass


class EventFilters(PageParams):
    status: EventStatusParam = ""


@router.get("/{slug}/events", response=responses(EventPage), summary="A campaign's events, by date")
def event_list(
    request: HttpRequest, slug: CodePath, filters: Query[EventFilters]
) -> dict[str, Any]:
    """Events only: sign-ups are people and are not served by the API."""
    user = acting_user(request, "view_campaigns")
    campaign = get_campaign_for_user(user, slug)
    qs = filter_events(
        events_visible_to(user), now=timezone.now(), campaign=campaign, status=filters.status
    )
    return page_of(qs.order_by("starts_at", "pk"), filters)
