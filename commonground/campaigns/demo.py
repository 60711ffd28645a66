"""Demo campaign for the North West drive: goals, held and planned events, synthetic
sign-ups. Everything is flagged ``is_demo``; sign-up names are obviously synthetic."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Branch
from commonground.campaigns import actions
from commonground.campaigns.models import (
    DEFAULT_CONSENT_WORDING,
    Campaign,
    Event,
    EventKind,
    EventStatus,
    Goal,
    Metric,
    SignupLawfulBasis,
)
from commonground.charters.models import Charter
from commonground.register.models import Council, Region

SLUG = "north-west-care-drive-demo"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@transaction.atomic
def seed(region: Region) -> str:
    if Campaign.objects.filter(slug=SLUG).exists():
        return "demo campaign already present"
    today = timezone.localdate()
    start = today - datetime.timedelta(days=240)
    campaign = Campaign(
        name="North West Care Drive (demo)",
        slug=SLUG,
        aims=(
            "Demo data. Recruit and organise home-care and care-home workers across Greater "
            "Manchester and the Liverpool City Region; win Ethical Care and Migrant Workers' "
            "charter commitments from every council in the two city regions."
        ),
        starts_on=start,
        ends_on=start + datetime.timedelta(days=730),
        region=region,
        partners="Liverpool Citizens (forming)",
        is_demo=True,
    )
    actions.save_campaign(
        None,
        campaign,
        branches=list(Branch.objects.filter(region=region, code__startswith="NW-D")),
        charters=list(Charter.objects.filter(slug__in=["ethical-care", "migrant-workers"])),
    )
    for position, (metric, label, target) in enumerate(
        [
            (Metric.COUNCILS_SIGNED, "Councils signed up to a charter", 16),
            (Metric.EVENTS_HELD, "Actions and events held", 40),
            (Metric.ATTENDANCE, "People at our events", 1500),
            (Metric.MEMBERS_RECRUITED, "New members recruited", 2000),
        ]
    ):
        actions.save_goal(
            None,
            Goal(
                campaign=campaign,
                metric=metric,
                label=label,
                target_value=Decimal(target),
                position=position,
            ),
        )
    councils = {c.ons_code: c for c in Council.objects.filter(region=region)}
    branch = Branch.objects.filter(code="NW-D01").first()
    events = [
        (
            EventKind.ASSEMBLY,
            "Launch assembly (demo)",
            -200,
            "Manchester Central Library",
            "E08000003",
            180,
        ),
        (
            EventKind.LOBBY,
            "Lobby of Bolton full council (demo)",
            -150,
            "Bolton Town Hall",
            "E08000001",
            45,
        ),
        (
            EventKind.STALL,
            "Care workers' stall, Wigan market (demo)",
            -120,
            "Wigan market",
            "E08000010",
            None,
        ),
        (
            EventKind.DEPUTATION,
            "Deputation to Liverpool cabinet member (demo)",
            -60,
            "Liverpool Town Hall",
            "E08000012",
            12,
        ),
        (
            EventKind.DAY_OF_ACTION,
            "Day of action for fair travel time (demo)",
            -20,
            "Across Greater Manchester",
            None,
            320,
        ),
        (
            EventKind.MEETING,
            "Migrant care workers' meeting (demo)",
            10,
            "Salford Lads Club",
            "E08000006",
            None,
        ),
        (
            EventKind.LOBBY,
            "Lobby of Stockport adult social care scrutiny (demo)",
            24,
            "Stockport Town Hall",
            "E08000007",
            None,
        ),
        (
            EventKind.ASSEMBLY,
            "Accountability assembly with mayoral office (demo)",
            45,
            "Manchester",
            "E08000003",
            None,
        ),
    ]
    for kind, title, offset, place, code, headcount in events:
        day = today + datetime.timedelta(days=offset)
        held = offset < 0
        event = actions.save_event(
            None,
            Event(
                campaign=campaign,
                kind=kind,
                title=title,
                starts_at=_at(day, 18 if kind == EventKind.MEETING else 11),
                place=place,
                council=councils.get(code) if code else None,
                branch=branch if code == "E08000001" else None,
                status=EventStatus.HELD if held else EventStatus.PLANNED,
                headcount=headcount,
                outcomes="Demo outcome: pledges collected and a follow-up meeting agreed."
                if held
                else "",
                is_demo=True,
            ),
        )
        if kind == EventKind.STALL:
            for n in range(1, 9):
                actions.record_signup(
                    None,
                    event,
                    branch=event.branch or branch,
                    name=f"Demo Signup {n} (synthetic)",
                    email=f"demo-signup-{n}@example.invalid",
                    workplace="Synthetic Care Home",
                    lawful_basis=SignupLawfulBasis.CONSENT,
                    consent_wording=str(DEFAULT_CONSENT_WORDING),
                )
    return f"1 demo campaign, 4 goals, {len(events)} events, 8 synthetic sign-ups"
