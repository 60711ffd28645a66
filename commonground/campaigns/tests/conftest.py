from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commonground.campaigns.models import Campaign, Event, EventKind, EventStatus, Goal
from commonground.charters.seed import seed_charters


@pytest.fixture
def campaign(region, branch_a, regional_organiser):
    seed_charters()
    c = Campaign.objects.create(
        name="Test Care Drive",
        slug="test-care-drive",
        aims="Win the charter",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        region=region,
    )
    c.branches.set([branch_a])
    return c


@pytest.fixture
def event(campaign, branch_a, council_a):
    return Event.objects.create(
        campaign=campaign,
        kind=EventKind.STALL,
        title="Stall at Bolton market",
        starts_at=timezone.make_aware(datetime.datetime(2025, 6, 7, 11, 0)),
        place="Bolton market",
        council=council_a,
        branch=branch_a,
        status=EventStatus.HELD,
    )


def make_goal(campaign, metric, target=10, **extra):
    return Goal.objects.create(
        campaign=campaign, metric=metric, target_value=Decimal(target), **extra
    )
