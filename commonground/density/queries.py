"""Density tables, as aggregate queries (docs/style.md §5); ranking targets is ``density.ranking``.

Every number here comes from ``annotate``/``aggregate`` in SQL; Python only combines a few
grouped rows per council, branch or region and never loops over people. What a member, the
workforce, a scope and density are is defined once, in ``density.measure``. The levels:

- **location**: members linked to it. **provider**: members linked to one of its locations,
  plus members linked only to the provider. **council**: members linked to a location in
  it. **branch**: the branch's members linked to a location or provider ÷ the workforce of
  the councils the branch covers. **region**: the region's branches' linked members ÷ the
  workforce of its councils.
- **reps**: current workplace roles rep, steward and health-and-safety rep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from commonground.density.measure import (
    LINKED,
    Scope,
    cached,
    councils,
    current_roles,
    density,
    density_expression,
    locations,
    members,
)
from commonground.lib.disclosure import is_suppressed, suppress, suppress_below
from commonground.register.models import Council, Location, Provider, Region, provider_label
from commonground.register.workforce import annotate_workforce, workforce_expression

LEVELS = ("location", "provider", "council", "branch", "region")
SMALL_COUNT = suppress_below()
"""The threshold at start-up, for templates; the rule itself is ``lib.disclosure``: counts
from 1 to COMMONGROUND_SUPPRESS_BELOW - 1 are hidden from anyone who may not see the people."""


def _count(qs: QuerySet[Any]) -> Subquery:
    """``SELECT COUNT(*)`` of a correlated queryset (``Func``, so Django adds no GROUP BY)."""
    return Subquery(
        qs.order_by().annotate(c=Func(F("pk"), function="COUNT")).values("c"),
        output_field=IntegerField(),
    )


def _sort_density(scope: Scope) -> Any:
    # Sorting a suppressed table by density must not reveal the order of hidden counts.
    if not scope.suppress:
        return F("density")
    return Case(
        When(members__gt=0, members__lt=suppress_below(), then=Value(None)),
        default=F("density"),
        output_field=FloatField(),
    )


# -- Rows -------------------------------------------------------------------------------


@dataclass
class DensityRow:
    """One line of a density table. ``members``/``reps`` are exact; templates show labels."""

    level: str
    key: str
    name: str
    members: int
    workforce: int
    reps: int | None = None
    suppress: bool = False
    detail: str = ""
    locations: int | None = None
    url_key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        return self.suppress and is_suppressed(self.members)

    @property
    def density(self) -> float | None:
        return density(self.members, self.workforce, hidden=self.hidden)

    @property
    def members_label(self) -> str:
        return suppress(self.members) if self.hidden else f"{self.members:,}"

    @property
    def reps_label(self) -> str:
        if self.reps is None:
            return ""
        return suppress(self.reps) if self.suppress else f"{self.reps:,}"

    @property
    def density_label(self) -> str:
        d = self.density
        if d is None:
            return _("hidden") if self.hidden else "—"
        return f"{d * 100:.1f}%"

    @property
    def band(self) -> int:
        return density_band(self.density, hidden=self.hidden)

    def as_dict(self) -> dict[str, Any]:
        d = self.density
        return {
            "level": self.level,
            "key": self.key,
            "name": self.name,
            "detail": self.detail,
            "members": None if self.hidden else self.members,
            "workforce_estimate": self.workforce,
            "density": None if d is None else round(d, 4),
            "reps": None if self.reps is None or self.reps_label.startswith("<") else self.reps,
            "locations": self.locations,
        }


BANDS = (0.02, 0.05, 0.10, 0.20)


def density_band(d: float | None, *, hidden: bool = False) -> int:
    """0 = no data or none, 1..5 rising density; -1 = hidden (small count)."""
    if hidden:
        return -1
    if not d:
        return 0
    return 1 + sum(1 for b in BANDS if d >= b)


# -- Tables at each level ------------------------------------------------------------------

LOCATION_SORTS: dict[str, tuple[Any, ...]] = {
    "name": ("name", "pk"),
    "-workforce": ("-workforce_estimate", "name"),
    "-members": ("-members", "name"),
    "density": (F("sort_density").asc(nulls_last=True), "name"),
    "-density": (F("sort_density").desc(nulls_last=True), "name"),
    "-reps": ("-reps", "name"),
}


def location_table(
    scope: Scope,
    sort: str = "-workforce",
    *,
    council: Council | None = None,
    provider: Provider | None = None,
) -> Any:
    """Locations annotated with ``workforce_estimate``, ``members``, ``reps``: one query."""
    qs = locations(scope)
    if council is not None:
        qs = qs.filter(council=council)
    if provider is not None:
        qs = qs.filter(provider=provider)
    member_sq = _count(members(scope).filter(location=OuterRef("pk")))
    rep_sq = _count(current_roles(scope).filter(location=OuterRef("pk")))
    qs = annotate_workforce(qs).annotate(members=Coalesce(member_sq, 0), reps=Coalesce(rep_sq, 0))
    qs = qs.annotate(density=density_expression("members", "workforce_estimate"))
    qs = qs.annotate(sort_density=_sort_density(scope))
    order = LOCATION_SORTS.get(sort, LOCATION_SORTS["-workforce"])
    return qs.order_by(*order).select_related("council", "provider")


def location_rows(scope: Scope, qs: Any) -> list[DensityRow]:
    return [
        DensityRow(
            "location",
            loc.cqc_id,
            loc.name,
            loc.members,
            loc.workforce_estimate,
            loc.reps,
            scope.suppress,
            detail=loc.council.name if loc.council else "",
            url_key=loc.cqc_id,
            extra={"provider": loc.provider.label if loc.provider else ""},
        )
        for loc in qs
    ]


def provider_table(scope: Scope, sort: str = "-workforce") -> Any:
    """Providers with a location in scope, with workforce, members (incl. provider-only)."""
    locs = locations(scope)
    workforce_sq = Subquery(
        locs.filter(provider=OuterRef("pk"))
        .order_by()
        .values("provider")
        .annotate(t=Sum(workforce_expression()))
        .values("t")[:1],
        output_field=IntegerField(),
    )
    loc_count = _count(locs.filter(provider=OuterRef("pk")))
    member_sq = _count(
        members(scope).filter(
            Q(location__provider=OuterRef("pk")) | Q(location__isnull=True, provider=OuterRef("pk"))
        )
    )
    rep_sq = _count(current_roles(scope).filter(location__provider=OuterRef("pk")))
    qs = (
        Provider.objects.filter(Exists(locs.filter(provider=OuterRef("pk"))))
        .annotate(
            workforce_estimate=Coalesce(workforce_sq, 0),
            location_count=Coalesce(loc_count, 0),
            members=Coalesce(member_sq, 0),
            reps=Coalesce(rep_sq, 0),
            brand=Subquery(
                Location.objects.filter(provider=OuterRef("pk"))
                .exclude(brand_name="")
                .order_by("brand_name")
                .values("brand_name")[:1]
            ),
        )
        .annotate(density=density_expression("members", "workforce_estimate"))
        .annotate(sort_density=_sort_density(scope))
    )
    order = LOCATION_SORTS.get(sort, LOCATION_SORTS["-workforce"])
    return qs.order_by(*order)


def provider_rows(scope: Scope, qs: Any) -> list[DensityRow]:
    """Rows named by the provider's name, else its brand; never its CQC id (issue 16)."""
    return [
        DensityRow(
            "provider",
            str(p.pk),
            provider_label(p.name, p.brand or ""),
            p.members,
            p.workforce_estimate,
            p.reps,
            scope.suppress,
            locations=p.location_count,
            url_key=str(p.pk),
            extra={"unnamed": not p.name},
        )
        for p in qs
    ]


def grouped_counts(qs: QuerySet[Any], by: str, agg: Any) -> dict[Any, int]:
    return {
        k: int(v or 0) for k, v in qs.order_by().values(by).annotate(v=agg).values_list(by, "v")
    }


def council_rows(scope: Scope, as_of: date | None = None) -> list[DensityRow]:
    return cached("council_rows", scope, lambda: _council_rows(scope, as_of), as_of)


def _council_rows(scope: Scope, as_of: date | None = None) -> list[DensityRow]:
    """One row per council in scope: four grouped queries, whatever the data size."""
    locs = locations(scope)
    workforce = grouped_counts(locs, "council_id", Sum(workforce_expression()))
    loc_counts = grouped_counts(locs, "council_id", Count("pk"))
    member_counts = grouped_counts(
        members(scope, as_of).filter(location__isnull=False), "location__council_id", Count("pk")
    )
    reps = grouped_counts(current_roles(scope), "location__council_id", Count("pk"))
    return [
        DensityRow(
            "council",
            c.ons_code,
            c.name,
            member_counts.get(c.pk, 0),
            workforce.get(c.pk, 0),
            reps.get(c.pk, 0),
            scope.suppress,
            locations=loc_counts.get(c.pk, 0),
            url_key=c.ons_code,
            extra={"pk": c.pk, "lat": c.latitude, "lng": c.longitude},
        )
        for c in councils(scope).order_by("name")
    ]


def branch_rows(scope: Scope, as_of: date | None = None) -> list[DensityRow]:
    return cached("branch_rows", scope, lambda: _branch_rows(scope, as_of), as_of)


def _branch_rows(scope: Scope, as_of: date | None = None) -> list[DensityRow]:
    branches = list(scope.branches().order_by("code"))
    ids = [b.pk for b in branches]
    workforce = grouped_counts(
        locations(scope).filter(council__branches__in=ids),
        "council__branches",
        Sum(workforce_expression()),
    )
    member_counts = grouped_counts(
        members(scope, as_of).filter(LINKED, branch_id__in=ids), "branch_id", Count("pk")
    )
    reps = grouped_counts(current_roles(scope), "person__branch_id", Count("pk"))
    return [
        DensityRow(
            "branch",
            b.code,
            b.name,
            member_counts.get(b.pk, 0),
            workforce.get(b.pk, 0),
            reps.get(b.pk, 0),
            scope.suppress,
            url_key=b.code,
            extra={"pk": b.pk},
        )
        for b in branches
    ]


def region_rows(scope: Scope, as_of: date | None = None) -> list[DensityRow]:
    return cached("region_rows", scope, lambda: _region_rows(scope, as_of), as_of)


def _region_rows(scope: Scope, as_of: date | None = None) -> list[DensityRow]:
    regions = Region.objects.all()
    if scope.region_id is not None:
        regions = regions.filter(pk=scope.region_id)
    workforce = grouped_counts(locations(scope), "council__region_id", Sum(workforce_expression()))
    loc_counts = grouped_counts(locations(scope), "council__region_id", Count("pk"))
    member_counts = grouped_counts(
        members(scope, as_of).filter(LINKED), "branch__region_id", Count("pk")
    )
    reps = grouped_counts(current_roles(scope), "person__branch__region_id", Count("pk"))
    return [
        DensityRow(
            "region",
            r.slug,
            r.name,
            member_counts.get(r.pk, 0),
            workforce.get(r.pk, 0),
            reps.get(r.pk, 0),
            scope.suppress,
            locations=loc_counts.get(r.pk, 0),
            url_key=r.slug,
            extra={"pk": r.pk},
        )
        for r in regions.order_by("name")
    ]


ROW_SORTS = {
    "name": (lambda r: (r.name,), False),
    "-workforce": (lambda r: (r.workforce, r.name), True),
    "-members": (lambda r: (-1 if r.hidden else r.members, r.name), True),
    "density": (lambda r: (r.density is None, r.density or 0.0, r.name), False),
    "-density": (lambda r: (r.density is not None, r.density or 0.0, r.name), True),
    "-reps": (lambda r: (r.reps or 0, r.name), True),
}


def sort_rows(rows: list[DensityRow], sort: str) -> list[DensityRow]:
    key, reverse = ROW_SORTS.get(sort, ROW_SORTS["-workforce"])
    return sorted(rows, key=key, reverse=reverse)


def rows_for_level(scope: Scope, level: str, sort: str = "-workforce") -> list[DensityRow]:
    """Every row of a level (for the command and the CSV export)."""
    if level == "location":
        return location_rows(scope, location_table(scope, sort))
    if level == "provider":
        return provider_rows(scope, provider_table(scope, sort))
    if level == "council":
        return sort_rows(council_rows(scope), sort)
    if level == "branch":
        return sort_rows(branch_rows(scope), sort)
    if level == "region":
        return sort_rows(region_rows(scope), sort)
    raise ValueError(level)


@dataclass
class DensitySummary:
    members: int
    workforce: int
    reps: int
    workplaces: int
    workplaces_with_members: int
    workplaces_with_rep: int
    unlinked_members: int
    suppress: bool

    @property
    def row(self) -> DensityRow:
        return DensityRow("region", "", "", self.members, self.workforce, self.reps, self.suppress)


def summary(scope: Scope) -> DensitySummary:
    return cached("summary", scope, lambda: _summary(scope))


def _summary(scope: Scope) -> DensitySummary:
    """The headline figures: three aggregate queries."""
    locs = locations(scope)
    loc_totals = locs.aggregate(n=Count("pk"), workforce=Coalesce(Sum(workforce_expression()), 0))
    m = members(scope).aggregate(
        linked=Count("pk", filter=LINKED),
        unlinked=Count("pk", filter=Q(location__isnull=True, provider__isnull=True)),
        workplaces=Count("location", distinct=True, filter=Q(location__in=locs)),
    )
    r = current_roles(scope).aggregate(
        reps=Count("pk"),
        workplaces=Count("location", distinct=True, filter=Q(location__in=locs)),
    )
    return DensitySummary(
        members=m["linked"],
        workforce=loc_totals["workforce"],
        reps=r["reps"],
        workplaces=loc_totals["n"],
        workplaces_with_members=m["workplaces"],
        workplaces_with_rep=r["workplaces"],
        unlinked_members=m["unlinked"],
        suppress=scope.suppress,
    )
