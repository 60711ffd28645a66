"""Density (members ÷ estimated workforce) by level: aggregates only, never a person.

Numbers come from ``density.queries`` as on the pages. For roles that may not see people
(viewers, reps) counts from 1 to 4 are withheld (``null``), as the pages hide them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from commonground.api.common import (
    Code,
    PageParams,
    ResultPage,
    acting_user,
    one_of,
    page_of,
    responses,
)
from commonground.density import measure, queries
from commonground.register.access import get_region_for_user

router = Router(tags=["density"])

if TYPE_CHECKING:
    LevelParam: TypeAlias = str
    SortParam: TypeAlias = str
else:
    LevelParam = Literal[tuple(queries.LEVELS)]
    SortParam = one_of(queries.ROW_SORTS)


class RowOut(Schema):
    level: str
    key: str = Field(..., description="CQC id, provider id, ONS code, branch code or region slug.")
    name: str
    detail: str
    members: int | None = Field(..., description="Null: fewer than 5, withheld.")
    workforce_estimate: int
    density: float | None = Field(..., description="Members ÷ workforce (0–1); null: unknown.")
    reps: int | None
    locations: int | None


class RowPage(ResultPage[RowOut]):
    suppressed: bool = Field(..., description="Small counts are withheld for your role.")
    region: str


class SummaryOut(Schema):
    region: str
    suppressed: bool
    members: int | None = Field(..., description="Linked members; null: fewer than 5, withheld.")
    workforce_estimate: int
    density: float | None
    reps: int | None
    workplaces: int
    workplaces_with_members: int
    workplaces_with_rep: int


class RegionParams(Schema):
    region: Code = Field("", description="Region slug (admins); default: your region.")


class TableParams(PageParams):
    region: Code = Field("", description="Region slug (admins); default: your region.")
    sort: SortParam = Field("", description="Default `-workforce`.")
    council: Code = Field("", description="Level `location` only: an ONS code.")


def _scope(request: HttpRequest, region_slug: str) -> tuple[Any, measure.Scope]:
    user = acting_user(request, "view_density")
    region = get_region_for_user(user, region_slug or None)
    return region, measure.scope_for(user, region)


@router.get("/summary", response=responses(SummaryOut), summary="Headline figures of a region")
def summary(request: HttpRequest, params: Query[RegionParams]) -> dict[str, Any]:
    region, scope = _scope(request, params.region)
    total = queries.summary(scope)
    row = total.row.as_dict()
    return {
        "region": region.slug,
        "suppressed": scope.suppress,
        "members": row["members"],
        "workforce_estimate": total.workforce,
        "density": row["density"],
        "reps": row["reps"],
        "workplaces": total.workplaces,
        "workplaces_with_members": total.workplaces_with_members,
        "workplaces_with_rep": total.workplaces_with_rep,
    }


@router.get(
    "/{level}",
    response=responses(RowPage),
    summary="Density rows at one level: location, provider, council, branch or region",
)
def table(request: HttpRequest, level: LevelParam, params: Query[TableParams]) -> dict[str, Any]:
    region, scope = _scope(request, params.region)
    sort = params.sort or "-workforce"
    if level == "location":
        council = None
        if params.council:
            council = measure.councils(scope).filter(ons_code=params.council).first()
        qs = queries.location_table(scope, sort, council=council)
        if params.council and council is None:
            qs = qs.none()
        page = page_of(qs, params)
        rows = queries.location_rows(scope, page["items"])
    elif level == "provider":
        page = page_of(queries.provider_table(scope, sort), params)
        rows = queries.provider_rows(scope, page["items"])
    else:
        page = page_of(queries.rows_for_level(scope, level, sort), params)
        rows = page["items"]
    page["items"] = [r.as_dict() for r in rows]
    return {**page, "suppressed": scope.suppress, "region": region.slug}
