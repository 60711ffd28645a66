"""Partners (alliances): organisations of the region, their affiliations and joint actions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from commonground.alliances.access import (
    affiliations_visible_to,
    get_partner_for_user,
    joint_actions_visible_to,
    partners_visible_to,
)
from commonground.alliances.models import Partner, PartnerType
from commonground.alliances.queries import balances, filter_partners, with_counts
from commonground.api.common import (
    Code,
    Id,
    PageParams,
    ResultPage,
    Text,
    acting_user,
    one_of,
    page_of,
    responses,
)

router = Router(tags=["alliances"])

if TYPE_CHECKING:
    KindParam: TypeAlias = str
else:
    KindParam = one_of(PartnerType.values)


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    website: str
    issues: list[str] = Field(..., description="Issue tag slugs.")
    councils: list[str] = Field(..., description="ONS codes of the councils it works in.")
    active_affiliations: int = 0  # annotated by the query
    joint_actions: int = Field(0, validation_alias="action_count")

    @staticmethod
    def resolve_issues(obj: Partner) -> list[str]:
        return [i.slug for i in obj.issues.all()]

    @staticmethod
    def resolve_councils(obj: Partner) -> list[str]:
        return [c.ons_code for c in obj.councils.all()]


class PartnerPage(ResultPage[PartnerOut]):
    pass


class AffiliationOut(Schema):
    branch: str = Field(..., description="Branch code.")
    status: str
    started: dt.date | None
    ended: dt.date | None


class JointActionOut(Schema):
    id: int
    title: str
    date: dt.date
    turnout: int | None


class PartnerDetailOut(PartnerOut):
    affiliations: list[AffiliationOut]
    recent_joint_actions: list[JointActionOut]
    balance: dict[str, float] = Field(
        ..., description="Support given minus received, per unit (count/hours)."
    )

    @staticmethod
    def resolve_affiliations(obj: Partner) -> list[dict[str, Any]]:
        return [
            {"branch": a.branch.code, "status": a.status, "started": a.started, "ended": a.ended}
            for a in getattr(obj, "api_affiliations", [])
        ]

    @staticmethod
    def resolve_recent_joint_actions(obj: Partner) -> list[Any]:
        return list(getattr(obj, "api_actions", []))

    @staticmethod
    def resolve_balance(obj: Partner) -> dict[str, float]:
        return {unit: float(v) for unit, v in getattr(obj, "api_balance", {}).items()}


class PartnerFilters(PageParams):
    q: Text = ""
    kind: KindParam = ""
    issue: Code = Field("", description="Issue tag slug.")


def _partners(request: HttpRequest) -> Any:
    user = acting_user(request, "view_alliances")
    return with_counts(partners_visible_to(user)).prefetch_related("issues", "councils")


@router.get("/partners", response=responses(PartnerPage), summary="Partners in the region")
def partner_list(request: HttpRequest, filters: Query[PartnerFilters]) -> dict[str, Any]:
    qs = filter_partners(_partners(request), q=filters.q, kind=filters.kind, issue=filters.issue)
    return page_of(qs.order_by("name", "pk"), filters)


@router.get(
    "/partners/{pk}",
    response=responses(PartnerDetailOut),
    summary="One partner with its affiliations, recent joint actions and balance",
)
def partner_detail(request: HttpRequest, pk: Id) -> Partner:
    user = acting_user(request, "view_alliances")
    get_partner_for_user(user, pk)  # 404 outside scope
    partner: Partner = get_object_or_404(_partners(request), pk=pk)
    # Read here, with the user's scope; the schema's resolvers only format them.
    partner.api_affiliations = list(  # type: ignore[attr-defined]
        affiliations_visible_to(user).filter(partner=partner).order_by("branch__code")
    )
    partner.api_actions = list(  # type: ignore[attr-defined]
        joint_actions_visible_to(user).filter(partners=partner).order_by("-date")[:20]
    )
    partner.api_balance = balances(  # type: ignore[attr-defined]
        partners_visible_to(user).filter(pk=partner.pk)
    ).get(partner.pk, {})
    return partner
