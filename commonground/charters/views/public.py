"""Public charter pages: no login, no personal data, rate-limited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonground.accounts.ratelimit import rate_limit
from commonground.charters.access import get_published_charter, published_charters
from commonground.charters.models import STATUS_COLOURS, Status
from commonground.charters.queries import geojson, scoreboard, status_counts
from commonground.register.models import Region


def _legend() -> list[dict[str, str]]:
    return [{"status": s.value, "label": str(s.label), "colour": STATUS_COLOURS[s]} for s in Status]


def _public_regions() -> list[Region]:
    return list(Region.objects.filter(charter_targets__isnull=False).distinct())


@require_GET
@rate_limit("public")
def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "charters/public_index.html", {"charters": list(published_charters())})


@require_GET
@rate_limit("public")
def public_scoreboard(request: HttpRequest, slug: str) -> HttpResponse:
    charter = get_published_charter(slug)
    regions = _public_regions()
    # Candidates are individuals: never on a public page. Notes, contacts and who-did-what
    # are not in the rows at all.
    rows = scoreboard(charter, regions, include_candidates=False)
    return render(
        request,
        "charters/public_scoreboard.html",
        {
            "charter": charter,
            "rows": rows,
            "counts": [c for c in status_counts(rows) if c["count"]],
            "legend": _legend(),
            "has_demo": any(r.is_demo for r in rows),
            "regions": regions,
            "commitments": charter.commitments.filter(is_placeholder=False),
        },
    )


@require_GET
@rate_limit("public", as_json=True)
def public_geojson(request: HttpRequest, slug: str) -> JsonResponse:
    charter = get_published_charter(slug)
    return JsonResponse(geojson(charter, _public_regions(), public=True))
