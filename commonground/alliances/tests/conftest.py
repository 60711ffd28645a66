from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commonground.accounts.models import Role
from commonground.alliances.models import (
    Affiliation,
    AffiliationStatus,
    Contact,
    Direction,
    IssueTag,
    LedgerEntry,
    Partner,
    PartnerType,
    SupportKind,
    Unit,
)
from commonground.register.models import Region
from commonground.testing import make_user


@pytest.fixture
def partner(region):
    p = Partner.objects.create(
        region=region, name="Greater Manchester Citizens", kind=PartnerType.BROAD_BASED
    )
    p.issues.set(IssueTag.objects.filter(slug="real-living-wage"))
    Contact.objects.create(partner=p, name="Jo Synthetic", public_role="Community organiser")
    return p


@pytest.fixture
def affiliation_a(partner, branch_a):
    return Affiliation.objects.create(
        partner=partner,
        branch=branch_a,
        status=AffiliationStatus.ACTIVE,
        started=dt.date(2024, 4, 1),
        annual_fee=Decimal("250"),
    )


@pytest.fixture
def ledger_a(partner, branch_a):
    return [
        LedgerEntry.objects.create(
            partner=partner,
            branch=branch_a,
            date=dt.date(2025, 3, 1),
            direction=Direction.GIVEN,
            kind=SupportKind.TURNOUT,
            quantity=Decimal(40),
            unit=Unit.COUNT,
        ),
        LedgerEntry.objects.create(
            partner=partner,
            branch=branch_a,
            date=dt.date(2025, 3, 2),
            direction=Direction.RECEIVED,
            kind=SupportKind.SPEAKERS,
            quantity=Decimal(3),
            unit=Unit.COUNT,
        ),
        LedgerEntry.objects.create(
            partner=partner,
            date=dt.date(2025, 3, 3),
            direction=Direction.RECEIVED,
            kind=SupportKind.ROOMS,
            quantity=Decimal("6.5"),
            unit=Unit.HOURS,
        ),
    ]


@pytest.fixture
def elsewhere_organiser(db):
    """A regional organiser of another region: alliances there are not theirs to see."""
    other = Region.objects.create(name="Elsewhere (test)", slug="elsewhere-test")
    return make_user("elsewhere", Role.REGIONAL_ORGANISER, other)
