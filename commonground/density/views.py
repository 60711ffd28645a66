"""Density pages: overview (map, headline, trend), tables at each level, targets, export.

Aggregates only: no page here names a person. Small counts are hidden from roles that may
not see the people (``measure.Scope.suppress``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.audit.exports import export_response
from commonground.density import measure, queries, ranking
from commonground.density.exports import DensityTableExporter, DensityTargetExporter
from commonground.density.forms import SORT_LABELS, DensityQueryForm, TargetFilterForm
from commonground.density.models import SnapshotLevel
from commonground.density.snapshots import trend_is_synthetic, trend_points
from commonground.lib.charts import line_chart
from commonground.lib.pagination import paginate
from commonground.register.access import get_region_for_user, regions_visible_to
from commonground.register.models import Boundary, Region

LEVEL_LABELS = {
    "location": gettext_lazy("Workplaces"),
    "provider": gettext_lazy("Providers"),
    "council": gettext_lazy("Councils"),
    "branch": gettext_lazy("Branches"),
    "region": gettext_lazy("Region"),
}
BAND_LABELS = (
    (0, gettext_lazy("No members")),
    (1, gettext_lazy("under 2%")),
    (2, gettext_lazy("2–5%")),
    (3, gettext_lazy("5–10%")),
    (4, gettext_lazy("10–20%")),
    (5, gettext_lazy("20% or more")),
    (-1, gettext_lazy("Hidden (fewer than 5 members)")),
)


def _query(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return DensityQueryForm(request.GET).values


def _region_scope(request: AuthenticatedHttpRequest) -> tuple[Region, measure.Scope]:
    region = get_region_for_user(request.user, _query(request)["region"] or None)
    return region, measure.scope_for(request.user, region)


def _base_context(
    request: AuthenticatedHttpRequest, region: Region, scope: measure.Scope
) -> dict[str, Any]:
    return {
        "region": region,
        "regions": regions_visible_to(request.user) if request.user.is_admin else [],
        "suppress": scope.suppress,
        "small": queries.SMALL_COUNT,
        "can_export": has_perm(request.user, "export_density"),
        "levels": LEVEL_LABELS,
    }


@login_required
@require_perm("view_density")
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    region, scope = _region_scope(request)
    rows = queries.sort_rows(queries.council_rows(scope), _query(request)["sort"])
    total = queries.summary(scope)
    return render(
        request,
        "density/overview.html",
        {
            **_base_context(request, region, scope),
            "rows": rows,
            "total": total,
            "total_row": total.row,
            "chart": line_chart(
                trend_points(SnapshotLevel.REGION, region.slug, suppress=scope.suppress),
                title=_("Density by month in %(region)s") % {"region": region.name},
                desc=_("Members as a share of the estimated care workforce, month by month."),
                value_header=_("Density"),
            ),
            "chart_synthetic": trend_is_synthetic(SnapshotLevel.REGION, region.slug),
            "bands": BAND_LABELS,
            "map_data": {
                "geojson": reverse("density:map-councils") + f"?region={region.slug}",
                "table_url": reverse("density:table", args=["location"]) + "?council=__CODE__",
            },
        },
    )


@login_required
@require_perm("view_density")
@require_GET
def map_councils(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Councils of the region with their density band: shapes, or a point when no shape."""
    _region, scope = _region_scope(request)
    rows = queries.council_rows(scope)
    shapes = dict(
        Boundary.objects.filter(council_id__in=[r.extra["pk"] for r in rows]).values_list(
            "council_id", "geojson"
        )
    )
    features = []
    for r in rows:
        geometry = shapes.get(r.extra["pk"])
        if geometry is None and r.extra["lat"] is not None and r.extra["lng"] is not None:
            geometry = {"type": "Point", "coordinates": [r.extra["lng"], r.extra["lat"]]}
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": r.key,
                    "name": r.name,
                    "band": r.band,
                    "density": r.density_label,
                    "members": r.members_label,
                    "workforce": r.workforce,
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _level_or_404(level: str) -> str:
    if level not in queries.LEVELS:
        raise Http404
    return level


@login_required
@require_perm("view_density")
@require_GET
def table(request: AuthenticatedHttpRequest, level: str) -> HttpResponse:
    _level_or_404(level)
    region, scope = _region_scope(request)
    query = _query(request)
    sort = query["sort"]
    council = None
    if level == "location" and query["council"]:
        council = measure.councils(scope).filter(ons_code=query["council"]).first()
    if level == "location":
        page = paginate(request, queries.location_table(scope, sort, council=council))
        rows = queries.location_rows(scope, page.object_list)
    elif level == "provider":
        page = paginate(request, queries.provider_table(scope, sort))
        rows = queries.provider_rows(scope, page.object_list)
    else:
        page = paginate(request, queries.rows_for_level(scope, level, sort))
        rows = list(page.object_list)
    return render(
        request,
        "density/table.html",
        {
            **_base_context(request, region, scope),
            "level": level,
            "level_label": LEVEL_LABELS[level],
            "page": page,
            "rows": rows,
            "sort": sort,
            "sorts": SORT_LABELS,
            "council": council,
        },
    )


@login_required
@require_perm("export_density")
@require_GET
def table_export(request: AuthenticatedHttpRequest, level: str) -> HttpResponseBase:
    """Every row of one level as CSV or XLSX (``?format=xlsx``); audited."""
    _level_or_404(level)
    region, scope = _region_scope(request)
    query = _query(request)
    sort = query["sort"]
    council = None
    if level == "location" and query["council"]:
        council = measure.councils(scope).filter(ons_code=query["council"]).first()
    if council is not None:
        rows = queries.location_rows(scope, queries.location_table(scope, sort, council=council))
    else:
        rows = queries.rows_for_level(scope, level, sort)
    return export_response(
        request,
        DensityTableExporter(rows),
        subject=region,
        extra={"level": level, "region": region.slug, "suppressed": scope.suppress},
        name=f"{level}-{region.slug}",
    )


def _targets(
    request: AuthenticatedHttpRequest, scope: measure.Scope
) -> tuple[TargetFilterForm, list[ranking.RankedTarget]]:
    """The ranked targets narrowed by the query string's filters (page and export alike)."""
    form = TargetFilterForm(request.GET, scope=scope)
    return form, ranking.filter_targets(scope, ranking.targets(scope), form.filters())


@login_required
@require_perm("export_density")
@require_GET
def target_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The ranked targets, filtered as on the page, as CSV or XLSX; audited."""
    region, scope = _region_scope(request)
    form, found = _targets(request, scope)
    filters = {k: v for k, v in vars(form.filters()).items() if v not in ("", None)}
    return export_response(
        request,
        DensityTargetExporter(found),
        subject=region,
        filters=filters,
        extra={"region": region.slug, "suppressed": scope.suppress},
        name=region.slug,
    )


@login_required
@require_perm("view_density")
@require_GET
def target_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    region, scope = _region_scope(request)
    form, found = _targets(request, scope)
    page = paginate(request, found, per_page=25)
    return render(
        request,
        "density/targets.html",
        {
            **_base_context(request, region, scope),
            "form": form,
            "filtered": form.active,
            "page": page,
            "weights": {
                "target": f"{ranking.TARGET_DENSITY * 100:.0f}%",
                "no_rep": ranking.NO_REP_FACTOR,
                "neighbour": ranking.NEIGHBOUR_FACTOR,
                "active": ranking.ACTIVE_BRANCH_FACTOR,
                "min": ranking.MIN_TARGET_WORKFORCE,
            },
        },
    )
