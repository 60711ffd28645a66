"""The campaign report: HTML (printable) and PDF. Aggregates only, no personal data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.campaigns.access import get_campaign_for_user
from commonground.lib.disclosure import suppress_below
from commonground.register.access import get_region_for_user, regions_visible_to
from commonground.register.forms import RegionForm
from commonground.reports import campaign, pdf, queries


def _report(request: AuthenticatedHttpRequest) -> queries.Report:
    region = get_region_for_user(request.user, RegionForm(request.GET).values["region"] or None)
    return queries.campaign_report(region)


@login_required
@require_perm("view_reports")
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = _report(request)
    return render(
        request,
        "reports/index.html",
        {
            "report": report,
            "charts": queries.report_charts(report),
            "regions": regions_visible_to(request.user) if request.user.is_admin else [],
            "small": suppress_below(),
            "small_max": suppress_below() - 1,
        },
    )


@login_required
@require_perm("view_reports")
@require_GET
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = _report(request)
    response = HttpResponse(pdf.render(report), content_type="application/pdf")
    stamp = report.generated.date().isoformat()
    response["Content-Disposition"] = (
        f'inline; filename="campaign-report-{report.region.slug}-{stamp}.pdf"'
    )
    return response


@login_required
@require_perm("view_reports")
@require_GET
def campaign_report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """One campaign's own report (web page): aggregates only."""
    report = campaign.campaign_report(get_campaign_for_user(request.user, slug))
    chart = campaign.goals_chart(report)
    return render(
        request,
        "reports/campaign.html",
        {"report": report, "chart": chart, "small": suppress_below()},
    )


@login_required
@require_perm("view_reports")
@require_GET
def campaign_report_pdf(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    report = campaign.campaign_report(get_campaign_for_user(request.user, slug))
    response = HttpResponse(pdf.render_campaign(report), content_type="application/pdf")
    stamp = report.generated.date().isoformat()
    response["Content-Disposition"] = (
        f'inline; filename="campaign-report-{report.campaign.slug}-{stamp}.pdf"'
    )
    return response
