from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commonground.accounts.access import branches_visible_to
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.dashboard.domains import DOMAINS_BY_SLUG, domain_links
from commonground.lib.charts import bar_chart, line_chart
from commonground.register.access import get_region_for_user
from commonground.reports.queries import dashboard_panels


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    return redirect("accounts:login")


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    branches = branches_visible_to(request.user).prefetch_related("councils")
    try:
        region = get_region_for_user(request.user, None)
    except Http404:
        region = None
    panels = dashboard_panels(request.user, region)
    return render(
        request,
        "dashboard/home.html",
        {
            "domains": domain_links(request.user),
            "branches": branches[:50],
            "branch_count": branches.count(),
            "panels": panels,
            "trend_chart": line_chart(
                panels.trend,
                title=_("Density by month"),
                desc=_("Members as a share of the estimated care workforce in your scope."),
                value_header=_("Density"),
                width=420,
                height=170,
            ),
            "goals_chart": bar_chart(
                panels.goals,
                title=_("Campaign goals"),
                desc=_("Each active goal's figure now against its target."),
                width=420,
            ),
        },
    )


@login_required
@require_GET
def domain(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An honest empty state for a domain whose pages are not built yet."""
    d = DOMAINS_BY_SLUG.get(slug)
    if d is None:
        raise Http404
    if not has_perm(request.user, d.perm):
        raise PermissionDenied
    return render(request, "dashboard/domain.html", {"domain": d})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
