"""Charters, their commitments, the targets asked to sign and each target's status.

Statuses are region-wide organising records. Contact details of record, letters and
evidence are not served by the API.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from commonground.api.common import (
    Code,
    CodePath,
    Id,
    PageParams,
    ResultPage,
    Text,
    acting_user,
    one_of,
    page_of,
    responses,
)
from commonground.charters.access import (
    charters_visible_to,
    get_charter_for_user,
    get_target_for_user,
    region_for,
    targets_visible_to,
)
from commonground.charters.models import Charter, Status, Target, TargetKind
from commonground.charters.queries import (
    filter_targets,
    scoreboard,
    statuses_by_target,
    with_counts,
)

router = Router(tags=["charters"])

if TYPE_CHECKING:
    StatusParam: TypeAlias = str
    KindParam: TypeAlias = str
else:
    StatusParam = one_of(Status.values)
    KindParam = one_of(TargetKind.values)


class CharterOut(Schema):
    slug: str
    name: str
    short_name: str
    summary: str
    origin: str
    is_complete: bool
    scoreboard_published: bool
    # Counts annotated by the query, read under their annotation names.
    commitments: int = Field(
        0,
        validation_alias="commitment_count",
        description="Commitments (placeholders not counted).",
    )
    signed: int = Field(
        0,
        validation_alias="signed_count",
        description="Targets in your region that signed (or beyond).",
    )
    pledged: int = Field(
        0, validation_alias="pledged_count", description="Targets in your region that pledged."
    )


class CharterPage(ResultPage[CharterOut]):
    pass


class CommitmentOut(Schema):
    number: str
    stage: str
    applies_to: str
    text: str
    is_placeholder: bool


class CharterDetailOut(CharterOut):
    commitment_list: list[CommitmentOut]

    @staticmethod
    def resolve_commitment_list(obj: Charter) -> list[Any]:
        return list(obj.commitments.order_by("position", "pk"))


class TargetStatusOut(Schema):
    charter: str = Field(..., description="Charter slug.")
    status: str
    since: dt.date | None
    signed_on: dt.date | None


class TargetOut(Schema):
    id: int
    kind: str
    name: str
    council: str | None = Field(..., description="ONS code.")
    branch: str | None = Field(..., description="Code of the branch leading the approach.")
    office: str
    standing_for: str
    election_date: dt.date | None
    elected: bool | None
    statuses: list[TargetStatusOut] = Field(
        ..., description="One per charter it was approached on."
    )

    @staticmethod
    def resolve_council(obj: Target) -> str | None:
        return obj.council.ons_code if obj.council else None

    @staticmethod
    def resolve_branch(obj: Target) -> str | None:
        return obj.branch.code if obj.branch else None

    @staticmethod
    def resolve_statuses(obj: Target) -> list[dict[str, Any]]:
        return [
            {
                "charter": ts.charter.slug,
                "status": ts.status,
                "since": ts.status_since,
                "signed_on": ts.signed_on,
            }
            for ts in getattr(obj, "status_rows", [])
        ]


class TargetPage(ResultPage[TargetOut]):
    pass


class CharterTargetParams(PageParams):
    q: Text = ""
    kind: KindParam = ""
    charter: Code = Field("", description="Charter slug (for `status`).")
    status: StatusParam = ""


def _with_statuses(targets: list[Target]) -> list[Target]:
    """Attach each target's status rows (one query) for ``TargetOut.statuses``."""
    statuses = statuses_by_target(targets)
    for t in targets:
        t.status_rows = statuses.get(t.pk, [])  # type: ignore[attr-defined]
    return targets


@router.get("/targets", response=responses(TargetPage), summary="Targets and their statuses")
def target_list(request: HttpRequest, filters: Query[CharterTargetParams]) -> dict[str, Any]:
    """Councils, mayors' offices, candidates and providers of your region asked to sign."""
    user = acting_user(request, "view_charters")
    qs = targets_visible_to(user)
    charter = None
    if filters.charter:
        charter = charters_visible_to(user).filter(slug=filters.charter).first()
        if charter is None:
            qs = qs.none()
    qs = filter_targets(
        qs, q=filters.q, kind=filters.kind, charter=charter, status=filters.status
    ).order_by("kind", "name", "pk")
    page = page_of(qs, filters)
    page["items"] = _with_statuses(page["items"])
    return page


@router.get("/targets/{pk}", response=responses(TargetOut), summary="One target")
def target_detail(request: HttpRequest, pk: Id) -> Target:
    target = get_target_for_user(acting_user(request, "view_charters"), pk)
    return _with_statuses([target])[0]


@router.get("/", response=responses(CharterPage), summary="Charters, with counts in your region")
def charter_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    user = acting_user(request, "view_charters")
    qs = with_counts(charters_visible_to(user), region_for(user))
    return page_of(qs.order_by("position", "name", "pk"), page)


@router.get("/{slug}", response=responses(CharterDetailOut), summary="One charter")
def charter_detail(request: HttpRequest, slug: CodePath) -> Charter:
    user = acting_user(request, "view_charters")
    get_charter_for_user(user, slug)  # 404 outside scope
    return get_object_or_404(with_counts(charters_visible_to(user), region_for(user)), slug=slug)


class StatusRowOut(Schema):
    name: str
    kind: str
    status: str
    status_label: str
    since: str | None = Field(..., description="ISO date.")
    signed_on: str | None = Field(..., description="ISO date.")
    commitments_met: int
    commitments: int
    target_id: int | None = Field(..., description="Null: a council not approached yet.")


class StatusRowPage(ResultPage[StatusRowOut]):
    pass


class StatusFilters(PageParams):
    kind: KindParam = ""
    q: Text = ""


@router.get(
    "/{slug}/statuses",
    response=responses(StatusRowPage),
    summary="The charter's scoreboard in your region: every target's status",
)
def charter_statuses(
    request: HttpRequest, slug: CodePath, filters: Query[StatusFilters]
) -> dict[str, Any]:
    """Every council with social care duties (approached or not), then the other targets."""
    user = acting_user(request, "view_charters")
    charter = get_charter_for_user(user, slug)
    region = region_for(user)
    rows = (
        scoreboard(charter, [region], kinds=[filters.kind] if filters.kind else None)
        if region
        else []
    )
    if q := filters.q.strip().lower():
        rows = [r for r in rows if q in r.name.lower()]
    page = page_of(rows, filters)
    page["items"] = [{**r.as_public_dict(), "target_id": r.target_id} for r in page["items"]]
    return page
