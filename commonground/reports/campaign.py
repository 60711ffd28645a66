"""One campaign's own report: its goals, events, charters, partners and target workplaces.

Aggregates only, ready to publish like the region's report: no person is named, counts of
people below the threshold are hidden (``lib.disclosure``), event titles and places are the
campaign's public record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.alliances.models import Partner
from commonground.campaigns.models import Campaign, Event, EventSignup, EventStatus, Goal, Metric
from commonground.charters.queries import CharterProgress, charter_progress
from commonground.density import queries as density
from commonground.density.measure import Scope
from commonground.density.queries import DensityRow as DensityRow
from commonground.lib.charts import Bar, Chart, bar_chart
from commonground.lib.disclosure import suppress
from commonground.reports.queries import goal_bars


@dataclass
class CampaignReport:
    campaign: Campaign
    generated: datetime.datetime
    goals: list[Bar]
    held: list[Event]
    upcoming: list[Event]
    attendance: str
    signups: str
    charters: list[CharterProgress]
    partners: list[str]
    workplaces: list[DensityRow] = field(default_factory=list)

    @property
    def events_held(self) -> int:
        return len(self.held)


def campaign_report(campaign: Campaign) -> CampaignReport:
    now = timezone.now()
    events = Event.objects.filter(campaign=campaign).select_related("council")
    held = list(events.filter(status=EventStatus.HELD, starts_at__lte=now).order_by("starts_at"))
    upcoming = list(
        events.filter(status=EventStatus.PLANNED, starts_at__gte=now).order_by("starts_at")
    )
    attendance = suppress(sum(e.headcount or 0 for e in held)) or "0"
    signups = EventSignup.objects.filter(event__campaign=campaign).count()
    partners = [p.name for p in Partner.objects.filter(campaigns=campaign).order_by("name")]
    region_id = campaign.region_id
    workplace_ids = Goal.objects.filter(campaign=campaign, metric=Metric.DENSITY).values_list(
        "workplaces", flat=True
    )
    scope = Scope(None, region_id, suppress=True)
    workplaces = density.location_rows(
        scope,
        density.location_table(scope, "name").filter(pk__in=[w for w in workplace_ids if w]),
    )
    return CampaignReport(
        campaign=campaign,
        generated=now,
        goals=goal_bars(
            Campaign.objects.filter(pk=campaign.pk), active_only=False, name_campaigns=False
        ),
        held=held,
        upcoming=upcoming,
        attendance=attendance,
        signups=suppress(signups) or "0",
        charters=[charter_progress(c, campaign.region) for c in campaign.charters.order_by("pk")],
        partners=partners + campaign.partner_list(),
        workplaces=workplaces,
    )


def goals_chart(report: CampaignReport) -> Chart:
    """The campaign's goals as one bar chart, for its page and (the same SVG) its PDF."""
    return bar_chart(
        report.goals,
        title=_("Goals of %(campaign)s") % {"campaign": report.campaign.name},
        desc=_("Each goal's figure now against its target."),
    )
