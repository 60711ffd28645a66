from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from commonground.accounts.access import branches_visible_to
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.dashboard import help as guide
from commonground.dashboard.domains import DOMAINS_BY_SLUG, domain_links
from commonground.dashboard.models import GuideDismissal
from commonground.dashboard.myday import sections_for, starts_on_my_day
from commonground.dashboard.search import MIN_LENGTH, search
from commonground.lib.charts import bar_chart, line_chart
from commonground.register.access import get_region_for_user
from commonground.reports.queries import dashboard_panels


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    """Where a user lands: My day for reps and branch organisers, else the dashboard."""
    if isinstance(request.user, User):
        return redirect("dashboard:my-day" if starts_on_my_day(request.user) else "dashboard:home")
    return redirect("accounts:login")


def _first_run_guide(request: AuthenticatedHttpRequest) -> dict[str, str] | None:
    """The user's role guide until they hide it (then it lives on in /help/)."""
    role = guide.role_of(request.user)
    if role not in guide.GUIDES:
        return None
    if GuideDismissal.objects.filter(user=request.user, guide=role).exists():
        return None
    return {"title": str(guide.GUIDES[role]), "template": guide.guide_template(role)}


@login_required
@require_GET
def my_day(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/my_day.html",
        {"sections": sections_for(request), "first_run": _first_run_guide(request)},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)


@login_required
@require_GET
def search_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Global search: full page, or the results alone for the header's live list (htmx)."""
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = search(request.user, q, request=request)
    context = {"form": form, "q": q, "groups": groups, "min_length": MIN_LENGTH}
    if request.htmx:
        return render(request, "dashboard/_search_results.html", context)
    return render(request, "dashboard/search.html", context)


@login_required
@require_GET
def help_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    role = guide.role_of(request.user)
    return render(
        request,
        "dashboard/help/index.html",
        {
            "topics": guide.topics_for(request.user),
            "guide_title": guide.GUIDES.get(role, ""),
            "guide_template": guide.guide_template(role) if role in guide.GUIDES else "",
        },
    )


@login_required
@require_GET
def help_topic(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    topic = guide.TOPICS_BY_SLUG.get(slug)
    if topic is None:
        raise Http404
    if topic.perm and not has_perm(request.user, topic.perm):
        raise PermissionDenied
    return render(
        request,
        "dashboard/help/topic.html",
        {"topic": topic, "topics": guide.topics_for(request.user)},
    )


@login_required
@require_POST
def guide_hide(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Put the first-run guide away (it stays on the help page)."""
    GuideDismissal.objects.get_or_create(user=request.user, guide=guide.role_of(request.user))
    return redirect("dashboard:root")


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
            "first_run": _first_run_guide(request),
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


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and tools ask for /favicon.ico whatever the page says: send them the icon."""
    return redirect(static("commonground/favicon.svg"), permanent=True)
