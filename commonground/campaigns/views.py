"""Campaign pages: thin views (access → form → action)."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import branches_visible_to, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm, must_suppress
from commonground.alliances.access import get_partner_for_user, partners_visible_to
from commonground.audit.exports import export_response
from commonground.campaigns import actions
from commonground.campaigns.access import (
    campaigns_visible_to,
    campaigns_writable_by,
    can_change_event,
    can_see_signups,
    events_visible_to,
    get_campaign_for_user,
    get_event_for_user,
    signup_branches,
    signups_for_user,
)
from commonground.campaigns.exports import EventExporter
from commonground.campaigns.forms import (
    CampaignChoiceForm,
    CampaignFilterForm,
    CampaignForm,
    EventFilterForm,
    EventForm,
    GoalForm,
    MonthForm,
    SignupForm,
    organisers_for,
)
from commonground.campaigns.metrics import progress
from commonground.campaigns.models import Campaign, Event, EventStatus, Goal
from commonground.campaigns.queries import filter_campaigns, filter_events, with_counts
from commonground.charters.access import region_for
from commonground.charters.models import StatusChange
from commonground.lib.disclosure import suppress
from commonground.lib.pagination import paginate


def _branches_for_form(request: AuthenticatedHttpRequest) -> Any:
    return branches_visible_to(request.user)


# --- Campaigns --------------------------------------------------------------------------------


@login_required
@require_perm("view_campaigns")
@require_GET
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    branches = branches_visible_to(request.user)
    form = CampaignFilterForm(request.GET, branches=branches)
    today = timezone.localdate()
    data = form.values
    qs = filter_campaigns(
        with_counts(campaigns_visible_to(request.user)),
        today=today,
        q=data["q"],
        state=data["state"],
        branch=data["branch"],
    )
    page = paginate(
        request,
        qs.order_by("-starts_on", "name").prefetch_related("branches", "charters"),
        per_page=25,
    )
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "form": form,
            "page": page,
            "can_change": has_perm(request.user, "change_campaigns"),
            "today": today,
        },
    )


@login_required
@require_perm("change_campaigns")
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = region_for(request.user)
    if region is None:
        raise Http404
    form = CampaignForm(
        request.POST or None,
        instance=Campaign(region=region),
        branches=_branches_for_form(request),
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        campaign = actions.save_campaign(
            request.user,
            form.instance,
            branches=form.cleaned_data["branches"],
            charters=form.cleaned_data["charters"],
            request=request,
        )
        messages.success(request, _("Campaign created. Now give it goals."))
        return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@login_required
@require_perm("change_campaigns")
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    fields = ["name", "aims", "starts_on", "ends_on", "partners"]
    previous = {f: getattr(campaign, f) for f in fields}
    form = CampaignForm(
        request.POST or None, instance=campaign, branches=_branches_for_form(request)
    )
    if request.method == "POST" and form.is_valid():
        actions.save_campaign(
            request.user,
            form.instance,
            branches=form.cleaned_data["branches"],
            charters=form.cleaned_data["charters"],
            previous=previous,
            request=request,
        )
        messages.success(request, _("Campaign saved."))
        return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_perm("view_campaigns")
@require_GET
def campaign_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    suppress_small = must_suppress(request.user)
    goals = [
        progress(g, suppress_small=suppress_small) for g in campaign.goals.select_related("charter")
    ]
    now = timezone.now()
    upcoming = campaign.events.filter(status=EventStatus.PLANNED, starts_at__gte=now)[:5]
    charters = list(campaign.charters.all())
    activity: list[dict[str, Any]] = []
    for event in campaign.events.filter(status=EventStatus.HELD).order_by("-starts_at")[:8]:
        activity.append(
            {
                "on": timezone.localtime(event.starts_at).date(),
                "text": _("%(kind)s held: %(title)s")
                % {"kind": event.get_kind_display(), "title": event.title},
                "url": reverse("campaigns:event-detail", args=[event.pk]),
            }
        )
    if charters:
        steps = (
            StatusChange.objects.filter(
                target_status__charter__in=charters,
                target_status__target__region_id=campaign.region_id,
            )
            .exclude(target_status__target__kind="candidate")
            .select_related("target_status__target", "target_status__charter")
            .order_by("-on", "-id")[:8]
        )
        for step in steps:
            ts = step.target_status
            activity.append(
                {
                    "on": step.on,
                    "text": _("%(target)s: %(status)s (%(charter)s)")
                    % {
                        "target": ts.target.name,
                        "status": step.get_to_status_display(),
                        "charter": ts.charter.label,
                    },
                    "url": reverse("charters:target-detail", args=[ts.target_id])
                    + f"?charter={ts.charter.slug}",
                }
            )
    activity.sort(key=lambda a: a["on"], reverse=True)
    map_charter = charters[0] if charters else None
    can_change = campaigns_writable_by(request.user).filter(pk=campaign.pk).exists()
    partners = partners_visible_to(request.user).filter(region_id=campaign.region_id)
    linked = partners.filter(campaigns=campaign).order_by("name")
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "goals": goals,
            "upcoming": upcoming,
            "activity": activity[:10],
            "charters": charters,
            "map_charter": map_charter,
            "geojson_url": reverse("charters:map-geojson") + f"?charter={map_charter.slug}"
            if map_charter and has_perm(request.user, "view_charters")
            else "",
            "can_change": can_change,
            "partners_linked": list(linked),
            "partners_other": list(partners.exclude(campaigns=campaign).order_by("name"))
            if can_change
            else [],
        },
    )


@login_required
@require_perm("change_campaigns")
@require_POST
def campaign_partners(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Name a partner from Alliances on the campaign, or stop (from the campaign's page)."""
    campaign = get_campaign_for_user(request.user, slug, write=True)
    pk = request.POST.get("partner", "")
    partner = get_partner_for_user(request.user, int(pk)) if pk.isdigit() else None
    if partner is None:
        messages.error(request, _("Choose a partner."))
    else:
        linked = request.POST.get("action") != "remove"
        actions.link_partner(request.user, campaign, partner, linked=linked, request=request)
        messages.success(
            request,
            (_("%(name)s added to the campaign.") if linked else _("%(name)s removed."))
            % {"name": partner.name},
        )
    return redirect("campaigns:campaign-detail", slug=campaign.slug)


@login_required
@require_perm("change_campaigns")
@require_http_methods(["GET", "POST"])
def goal_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    form = GoalForm(request.POST or None, instance=Goal(campaign=campaign), campaign=campaign)
    if request.method == "POST" and form.is_valid():
        actions.save_goal(
            request.user,
            form.instance,
            m2m={
                "branches": form.cleaned_data["branches"],
                "councils": form.cleaned_data["councils"],
                "workplaces": form.cleaned_data["workplaces"],
            },
            request=request,
        )
        messages.success(request, _("Goal added. Its progress is computed from the data."))
        return redirect("campaigns:campaign-detail", slug=campaign.slug)
    return render(request, "campaigns/goal_form.html", {"form": form, "campaign": campaign})


@login_required
@require_perm("change_campaigns")
@require_POST
def goal_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    goal = get_object_or_404(Goal, pk=pk, campaign=campaign)
    actions.delete_goal(request.user, goal, request=request)
    messages.success(request, _("Goal removed."))
    return redirect("campaigns:campaign-detail", slug=campaign.slug)


# --- Events -----------------------------------------------------------------------------------


def _filtered_events(request: AuthenticatedHttpRequest) -> tuple[EventFilterForm, QuerySet[Event]]:
    campaigns = campaigns_visible_to(request.user)
    form = EventFilterForm(request.GET, campaigns=campaigns)
    data = form.values
    qs = filter_events(
        events_visible_to(request.user),
        now=timezone.now(),
        q=data["q"],
        campaign=data["campaign"],
        kind=data["kind"],
        status=data["status"],
        when=data["when"],
    )
    return form, qs


@login_required
@require_perm("view_campaigns")
@require_GET
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, qs = _filtered_events(request)
    order = "-starts_at" if form.values["when"] == "past" else "starts_at"
    page = paginate(request, qs.order_by(order, "id"), per_page=50)
    return render(
        request,
        "campaigns/event_list.html",
        {
            "form": form,
            "page": page,
            "can_change": has_perm(request.user, "change_campaigns"),
            "can_export": EventExporter.available_for_user(request.user),
        },
    )


@login_required
@require_perm("export_campaigns")
@require_GET
def event_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered events as CSV or XLSX (``?format=xlsx``); audited."""
    form, qs = _filtered_events(request)
    order = "-starts_at" if form.values["when"] == "past" else "starts_at"
    return export_response(request, EventExporter(qs.order_by(order, "id")))


@login_required
@require_perm("view_campaigns")
@require_GET
def event_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = MonthForm(request.GET).values["month"] or today.replace(day=1)
    form, qs = _filtered_events(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = timezone.make_aware(datetime.datetime.combine(weeks[0][0], datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(weeks[-1][-1] + datetime.timedelta(days=1), datetime.time.min)
    )
    by_day: dict[datetime.date, list[Event]] = defaultdict(list)
    for event in qs.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"):
        by_day[timezone.localtime(event.starts_at).date()].append(event)
    prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "campaigns/event_calendar.html",
        {
            "form": form,
            "month": first,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "prev_month": prev_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m"),
            "today": today,
            "day_names": [calendar.day_abbr[i] for i in range(7)],
        },
    )


@login_required
@require_perm("view_campaigns")
@require_GET
def event_timeline(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, qs = _filtered_events(request)
    page = paginate(request, qs.order_by("-starts_at", "-id"), per_page=60)
    groups: dict[str, list[Event]] = {}
    for event in page.object_list:
        key = timezone.localtime(event.starts_at).strftime("%B %Y")
        groups.setdefault(key, []).append(event)
    return render(
        request,
        "campaigns/event_timeline.html",
        {"form": form, "page": page, "groups": list(groups.items())},
    )


def _event_form(request: AuthenticatedHttpRequest, **kwargs: Any) -> EventForm:
    region = region_for(request.user)
    return EventForm(
        request.POST or None,
        campaigns=campaigns_writable_by(request.user),
        branches=branches_visible_to(request.user),
        organisers=organisers_for(region.pk if region else None),
        region=region,
        **kwargs,
    )


@login_required
@require_perm("change_campaigns")
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    slug = CampaignChoiceForm(request.GET).values["campaign"]
    if slug:
        initial["campaign"] = get_campaign_for_user(request.user, slug, write=True)
    form = _event_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = actions.save_event(
            request.user, form.instance, organisers=form.cleaned_data["organisers"], request=request
        )
        messages.success(request, _("Event added."))
        return redirect("campaigns:event-detail", pk=event.pk)
    return render(request, "campaigns/event_form.html", {"form": form})


@login_required
@require_perm("change_campaigns")
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    tracked = ["kind", "title", "starts_at", "ends_at", "place", "status", "headcount", "outcomes"]
    previous = {f: getattr(event, f) for f in tracked}
    form = _event_form(request, instance=event)
    if request.method == "POST" and form.is_valid():
        actions.save_event(
            request.user,
            form.instance,
            organisers=form.cleaned_data["organisers"],
            previous=previous,
            request=request,
        )
        messages.success(request, _("Event saved."))
        return redirect("campaigns:event-detail", pk=event.pk)
    return render(request, "campaigns/event_form.html", {"form": form, "event": event})


@login_required
@require_perm("view_campaigns")
@require_GET
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    show_signups = can_see_signups(request.user, event)
    total = event.signups.count()
    signups = signups_for_user(request.user, event, request=request) if show_signups else []
    return render(
        request,
        "campaigns/event_detail.html",
        {
            "event": event,
            "signups": signups,
            "show_signups": show_signups,
            # A count of people: small ones hidden from those who may not see them.
            "signup_count": suppress(total) if must_suppress(request.user) else total,
            "can_change": can_change_event(request.user, event),
        },
    )


@login_required
@require_perm("change_campaigns")
@require_http_methods(["GET", "POST"])
def event_signup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = SignupForm(request.POST or None, branches=signup_branches(request.user, event))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_signup(
                request.user,
                event,
                branch=data.get("branch"),
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                workplace=data["workplace"],
                lawful_basis=data["lawful_basis"],
                consent_wording=data["consent_wording"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sign-up recorded. Next person?"))
            return redirect("campaigns:event-signup", pk=event.pk)
    return render(request, "campaigns/signup_form.html", {"form": form, "event": event})
