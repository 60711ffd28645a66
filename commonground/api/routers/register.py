"""The register: care locations, providers and councils (public CQC data, region-scoped)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from commonground.api.common import (
    MAX_ID,
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
from commonground.register import access
from commonground.register.models import Council, Location, Provider, ServiceType
from commonground.register.queries import (
    RATINGS,
    SIZE_BANDS,
    SORTS,
    STATUSES,
    filter_locations,
)
from commonground.register.workforce import estimate

router = Router(tags=["register"])

if TYPE_CHECKING:
    ServiceTypeParam: TypeAlias = str
    StatusParam: TypeAlias = str
    RatingParam: TypeAlias = str
    SizeParam: TypeAlias = str
    SortParam: TypeAlias = str
else:
    ServiceTypeParam = one_of(ServiceType.values)
    StatusParam = one_of(STATUSES)
    RatingParam = one_of(RATINGS, ["none"])
    SizeParam = one_of(SIZE_BANDS)
    SortParam = one_of(SORTS)


class Ref(Schema):
    id: int
    name: str


class CouncilRef(Schema):
    ons_code: str
    name: str


class LocationOut(Schema):
    cqc_id: str
    name: str
    provider: Ref | None
    council: CouncilRef | None
    town: str
    postcode: str
    beds: int | None
    service_types: list[str]
    primary_service_type: str
    registration_status: str
    rating: str
    workforce_estimate: int | None = None
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_provider(obj: Location) -> dict[str, Any] | None:
        p = obj.provider
        return {"id": p.pk, "name": p.name} if p else None

    @staticmethod
    def resolve_council(obj: Location) -> dict[str, Any] | None:
        c = obj.council
        return {"ons_code": c.ons_code, "name": c.name} if c else None

    @staticmethod
    def resolve_workforce_estimate(obj: Location) -> int | None:
        return getattr(obj, "workforce_estimate", None)


class LocationDetailOut(LocationOut):
    address: str
    registration_date: dt.date | None
    deregistration_date: dt.date | None
    rating_date: dt.date | None
    not_in_latest_file: bool
    workforce_basis: str
    predecessor_ids: list[str]
    successor_ids: list[str]


class LocationPage(ResultPage[LocationOut]):
    pass


class LocationFilters(PageParams):
    q: Text = ""
    council: Code = ""
    provider: int | None = Field(None, ge=1, le=MAX_ID, description="A provider id.")
    type: ServiceTypeParam = ""
    status: StatusParam = ""
    rating: RatingParam = ""
    size: SizeParam = ""
    scope: Literal["", "all"] = Field("", description="`all`: not only social care.")
    sort: SortParam = ""


@router.get(
    "/locations",
    response=responses(LocationPage),
    summary="Care locations in scope, filtered like the register page",
)
def location_list(request: HttpRequest, filters: Query[LocationFilters]) -> dict[str, Any]:
    """Social-care locations only unless `scope=all`. `council` is an ONS code, `provider`
    a provider id, `q` words of the name or provider, a CQC id or a postcode."""
    user = acting_user(request, "view_register")
    f = filters.dict(exclude={"limit", "offset"})
    f["provider"] = str(f["provider"] or "")
    qs = filter_locations(access.locations_visible_to(user), f)
    return page_of(qs.select_related("council", "provider"), filters)


@router.get(
    "/locations/{cqc_id}",
    response=responses(LocationDetailOut),
    summary="One location, with its workforce estimate and how it was reached",
)
def location_detail(request: HttpRequest, cqc_id: CodePath) -> Location:
    user = acting_user(request, "view_register")
    location = access.get_location_for_user(user, cqc_id)
    est = estimate(location)
    location.workforce_estimate = est.value  # type: ignore[attr-defined]
    location.workforce_basis = est.basis  # type: ignore[attr-defined]
    return location


class ProviderOut(Schema):
    id: int
    cqc_id: str | None
    name: str
    previous_names: list[str]


class ProviderPage(ResultPage[ProviderOut]):
    pass


class ProviderFilters(PageParams):
    q: Text = ""


@router.get("/providers", response=responses(ProviderPage), summary="Providers in scope")
def provider_list(request: HttpRequest, filters: Query[ProviderFilters]) -> dict[str, Any]:
    """Providers with a location in the region (every provider for admins); `q` searches names."""
    user = acting_user(request, "view_register")
    qs = access.providers_visible_to(user)
    if q := filters.q.strip():
        qs = qs.filter(name__icontains=q)
    return page_of(qs.order_by("name", "pk"), filters)


@router.get("/providers/{pk}", response=responses(ProviderOut), summary="One provider")
def provider_detail(request: HttpRequest, pk: Id) -> Provider:
    """Its locations: `GET /register/locations?provider={pk}`."""
    return access.get_provider_for_user(acting_user(request, "view_register"), pk)


class CouncilOut(Schema):
    ons_code: str
    name: str
    kind: str
    region: str | None
    combined_authority: str | None
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_region(obj: Council) -> str | None:
        return obj.region.slug if obj.region_id and obj.region else None

    @staticmethod
    def resolve_combined_authority(obj: Council) -> str | None:
        ca = obj.combined_authority
        return ca.name if ca else None


class CouncilPage(ResultPage[CouncilOut]):
    pass


class CouncilFilters(PageParams):
    q: Text = ""


@router.get(
    "/councils", response=responses(CouncilPage), summary="Councils with social care duties"
)
def council_list(request: HttpRequest, filters: Query[CouncilFilters]) -> dict[str, Any]:
    user = acting_user(request, "view_register")
    qs = access.councils_visible_to(user).select_related("region", "combined_authority")
    if q := filters.q.strip():
        qs = qs.filter(name__icontains=q)
    return page_of(qs.order_by("name", "pk"), filters)


@router.get("/councils/{ons_code}", response=responses(CouncilOut), summary="One council")
def council_detail(request: HttpRequest, ons_code: CodePath) -> Council:
    """Its locations: `GET /register/locations?council={ons_code}`."""
    return access.get_council_for_user(acting_user(request, "view_register"), ons_code)
