"""The charter map and the scoreboard (staff; the public scoreboard is ``public``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.audit.exports import export_response
from commonground.charters.access import charters_visible_to, region_for
from commonground.charters.exports import ScoreboardExporter
from commonground.charters.forms import ScoreboardFilterForm
from commonground.charters.models import Charter, TargetKind
from commonground.charters.queries import ScoreboardRow as ScoreRow
from commonground.charters.queries import geojson, scoreboard, status_counts
from commonground.charters.views.charters import chosen_charter
from commonground.register.models import Region


@login_required
@require_perm("view_charters")
@require_GET
def charter_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    charters = list(charters_visible_to(request.user))
    charter = chosen_charter(request, charters)
    region = region_for(request.user)
    rows = scoreboard(charter, [region]) if charter and region else []
    council_rows = [r for r in rows if r.kind == TargetKind.COUNCIL]
    return render(
        request,
        "charters/map.html",
        {
            "charters": charters,
            "charter": charter,
            "region": region,
            "rows": council_rows,
            "legend": status_counts(council_rows),
            "geojson_url": reverse("charters:map-geojson") + f"?charter={charter.slug}"
            if charter
            else "",
        },
    )


@login_required
@require_perm("view_charters")
@require_GET
def map_geojson(request: AuthenticatedHttpRequest) -> JsonResponse:
    charters = list(charters_visible_to(request.user))
    charter = chosen_charter(request, charters)
    region = region_for(request.user)
    if charter is None or region is None:
        raise Http404
    return JsonResponse(geojson(charter, [region]))


def _scoreboard_rows(
    request: AuthenticatedHttpRequest,
) -> tuple[list[Charter], Charter | None, Region | None, str, list[ScoreRow]]:
    charters = list(charters_visible_to(request.user))
    charter = chosen_charter(request, charters)
    region = region_for(request.user)
    query = ScoreboardFilterForm(request.GET).values
    kind = query["kind"]
    rows = (
        scoreboard(charter, [region], kinds=[kind] if kind else None) if charter and region else []
    )
    q = query["q"].lower()
    if q:
        rows = [r for r in rows if q in r.name.lower()]
    return charters, charter, region, kind, rows


@login_required
@require_perm("export_charters")
@require_GET
def scoreboard_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The scoreboard as shown (charter, kind, search) as CSV or XLSX; audited."""
    _charters, charter, _region, _kind, rows = _scoreboard_rows(request)
    return export_response(
        request, ScoreboardExporter(rows), subject=charter, name=charter.slug if charter else ""
    )


@login_required
@require_perm("view_charters")
@require_GET
def scoreboard_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    charters, charter, region, kind, rows = _scoreboard_rows(request)
    return render(
        request,
        "charters/scoreboard.html",
        {
            "charters": charters,
            "charter": charter,
            "region": region,
            "rows": rows,
            "counts": [c for c in status_counts(rows) if c["count"]],
            "kinds": TargetKind.choices,
            "kind": kind,
            "q": ScoreboardFilterForm(request.GET).values["q"],
            "can_publish": has_perm(request.user, "publish_charters"),
            "can_export": ScoreboardExporter.available_for_user(request.user),
        },
    )
