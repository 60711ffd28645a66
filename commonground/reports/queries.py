"""Aggregate reads for the campaign report and the dashboard panels (docs/style.md §5).

Aggregates only: no function here returns a person. The figures come from each domain's
own queries (density, snapshots, charters, campaign metrics, alliances, library); this
module only gathers them and hides small counts. Every count of people that leaves here
goes through ``commonground.lib.disclosure`` (the one small-count rule).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm, must_suppress
from commonground.alliances.models import (
    Affiliation,
    AffiliationStatus,
    Direction,
    JointAction,
    LedgerEntry,
    Partner,
)
from commonground.campaigns.access import campaigns_visible_to, events_visible_to
from commonground.campaigns.metrics import progress
from commonground.campaigns.models import Campaign, Event, Goal
from commonground.charters.models import Charter
from commonground.charters.queries import CharterProgress, charter_progress
from commonground.density import queries as density
from commonground.density.measure import Scope, scope_for
from commonground.density.models import SnapshotLevel
from commonground.density.queries import DensityRow as DensityRow
from commonground.density.snapshots import trend_is_synthetic, trend_points
from commonground.lib.charts import Bar, Chart, Point, bar_chart, line_chart
from commonground.lib.disclosure import suppress, suppress_below
from commonground.library.models import Item, ItemKind
from commonground.register.models import Region


def count_label(n: int | float | None) -> str:
    """A count of people as the report shows it: "<5" when small, "—" when unknown."""
    return suppress(n) or "—"


# -- Density -----------------------------------------------------------------------------


@dataclass
class DensityFigures:
    members: str
    workforce: int
    density: float | None
    workplaces_with_members: str
    workplaces_with_rep: str
    workplaces: int
    councils: list[DensityRow]

    @property
    def density_label(self) -> str:
        return "—" if self.density is None else f"{self.density * 100:.1f}%"


def density_figures(scope: Scope) -> DensityFigures:
    s = density.summary(scope)
    return DensityFigures(
        members=count_label(s.members) if scope.suppress else f"{s.members:,}",
        workforce=s.workforce,
        density=s.row.density,
        workplaces_with_members=count_label(s.workplaces_with_members)
        if scope.suppress
        else f"{s.workplaces_with_members:,}",
        workplaces_with_rep=count_label(s.workplaces_with_rep)
        if scope.suppress
        else f"{s.workplaces_with_rep:,}",
        workplaces=s.workplaces,
        councils=density.sort_rows(density.council_rows(scope), "-workforce"),
    )


# -- Charters ----------------------------------------------------------------------------


def charter_summaries(region: Region) -> list[CharterProgress]:
    """Each charter's public scoreboard in ``region`` (candidates left out: individuals)."""
    return [charter_progress(c, region) for c in Charter.objects.order_by("pk")]


# -- Alliances ---------------------------------------------------------------------------


@dataclass
class AllianceHighlights:
    partners: int
    by_kind: list[tuple[str, int]]
    active_affiliations: int
    joint_actions: int
    recent: list[dict[str, Any]]
    given: Decimal
    received: Decimal


def alliance_highlights(region: Region, *, recent: int = 5) -> AllianceHighlights:
    partners = Partner.objects.filter(region=region)
    kinds = dict(Partner._meta.get_field("kind").choices or [])  # type: ignore[arg-type]
    by_kind = [
        (str(kinds.get(r["kind"], r["kind"])), r["n"])
        for r in partners.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    ]
    actions = JointAction.objects.filter(region=region)
    ledger = LedgerEntry.objects.filter(partner__region=region).aggregate(
        given=Sum("quantity", filter=Q(direction=Direction.GIVEN)),
        received=Sum("quantity", filter=Q(direction=Direction.RECEIVED)),
    )
    highlights = [
        {
            "title": a.title,
            "date": a.date,
            "partners": [p.name for p in a.partners.all()],
            "turnout": count_label(a.turnout) if a.turnout is not None else "",
        }
        for a in actions.order_by("-date", "title").prefetch_related("partners")[:recent]
    ]
    return AllianceHighlights(
        partners=partners.count(),
        by_kind=by_kind,
        active_affiliations=Affiliation.objects.filter(
            partner__region=region, status=AffiliationStatus.ACTIVE
        ).count(),
        joint_actions=actions.count(),
        recent=highlights,
        given=ledger["given"] or Decimal(0),
        received=ledger["received"] or Decimal(0),
    )


# -- Library -----------------------------------------------------------------------------


def good_practice(region: Region, *, limit: int = 5) -> list[Item]:
    """Published good-practice case studies for the region (or every region)."""
    return list(
        Item.objects.filter(is_public=True, kind=ItemKind.CASE_STUDY)
        .filter(Q(region=region) | Q(region__isnull=True))
        .order_by("-written_on", "title")
        .only("title", "slug", "summary", "written_on")[:limit]
    )


# -- Campaign goals ----------------------------------------------------------------------


def goal_bars(
    campaigns: Any,
    *,
    suppress_small: bool = True,
    today: datetime.date | None = None,
    active_only: bool = True,
    name_campaigns: bool = True,
) -> list[Bar]:
    """Progress of every goal of ``campaigns`` (the active ones unless ``active_only`` is
    false), computed from the data; each label names its campaign unless told not to."""
    today = today or timezone.localdate()
    if active_only:
        campaigns = campaigns.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
    bars = []
    goals = Goal.objects.filter(campaign__in=campaigns).select_related("campaign", "charter")
    for goal in goals.order_by("campaign__name", "position", "pk"):
        p = progress(goal, suppress_small=suppress_small)
        value = p.value
        note = "" if p.available else _("not measured yet")
        if p.hidden:
            value, note = None, _("fewer than %(n)d") % {"n": suppress_below()}
        label = goal.label or goal.get_metric_display()
        shown = f"{label} ({goal.campaign.name})" if name_campaigns else str(label)
        bars.append(Bar(shown, value, p.target, note))
    return bars


# -- The report --------------------------------------------------------------------------


@dataclass
class Report:
    region: Region
    generated: datetime.datetime
    density: DensityFigures
    trend: list[Point]
    trend_synthetic: bool
    charters: list[CharterProgress]
    alliances: AllianceHighlights
    stories: list[Item]
    goals: list[Bar]
    campaigns: list[Campaign] = field(default_factory=list)


def campaign_report(region: Region) -> Report:
    """Everything the public campaign report shows for ``region``; small counts hidden."""
    scope = Scope(None, region.pk, suppress=True)
    campaigns = Campaign.objects.filter(region=region)
    return Report(
        region=region,
        generated=timezone.now(),
        density=density_figures(scope),
        trend=trend_points(SnapshotLevel.REGION, region.slug, suppress=True),
        trend_synthetic=trend_is_synthetic(SnapshotLevel.REGION, region.slug),
        charters=charter_summaries(region),
        alliances=alliance_highlights(region),
        stories=good_practice(region),
        goals=goal_bars(campaigns),
        campaigns=list(campaigns.order_by("-starts_on")[:5]),
    )


def report_charts(report: Report) -> dict[str, Chart]:
    """The report's two charts, for its page and (the same SVG) its PDF."""
    name = report.region.name
    return {
        "trend": line_chart(
            report.trend,
            title=_("Union density in %(region)s by month") % {"region": name},
            desc=_("Members as a share of the estimated care workforce, month by month."),
            value_header=_("Density"),
        ),
        "goals": bar_chart(
            report.goals,
            title=_("Recruitment and campaign goals in %(region)s") % {"region": name},
            desc=_("Each goal's figure now against its target."),
        ),
    }


# -- Dashboard panels --------------------------------------------------------------------


@dataclass
class Panels:
    region: Region | None
    density: DensityFigures | None = None
    trend: list[Point] = field(default_factory=list)
    goals: list[Bar] = field(default_factory=list)
    charters: list[CharterProgress] = field(default_factory=list)
    review_queue: int | None = None
    events: list[Event] = field(default_factory=list)


def dashboard_panels(user: User, region: Region | None) -> Panels:
    """The dashboard's panels, each scoped to ``user`` and shown only with its permission."""
    panels = Panels(region=region)
    if region is not None and has_perm(user, "view_density"):
        scope = scope_for(user, region)
        panels.density = density_figures(scope)
        panels.trend = trend_points(SnapshotLevel.REGION, region.slug, suppress=scope.suppress)
    if has_perm(user, "view_campaigns"):
        panels.goals = goal_bars(campaigns_visible_to(user), suppress_small=must_suppress(user))
        panels.events = list(
            events_visible_to(user)
            .filter(starts_at__gte=timezone.now())
            .select_related("campaign")
            .order_by("starts_at")[:5]
        )
    if region is not None and has_perm(user, "view_charters"):
        panels.charters = charter_summaries(region)
    if has_perm(user, "view_linkage"):
        from commonground.linkage.access import review_items_visible_to
        from commonground.linkage.models import ReviewStatus

        panels.review_queue = review_items_visible_to(user).filter(status=ReviewStatus.OPEN).count()
    return panels
