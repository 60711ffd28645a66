from __future__ import annotations

import pytest

from commonground.charters.models import Charter, Target, TargetKind
from commonground.charters.seed import seed_charters


@pytest.fixture
def charters(db):
    # The data migration seeds them, but transactional tests flush the database.
    seed_charters()
    return {c.slug: c for c in Charter.objects.all()}


@pytest.fixture
def ecc(charters):
    return charters["ethical-care"]


@pytest.fixture
def bolton(region, council_a, branch_a):
    return Target.objects.create(
        kind=TargetKind.COUNCIL,
        name="Bolton",
        region=region,
        council=council_a,
        office="Leader of the council",
        contact_name="Cllr Test Leader",
        contact_email="leader@bolton.example.invalid",
        contact_address="Town Hall\nBolton BL1 1RU",
    )


@pytest.fixture
def liverpool(region, council_b):
    return Target.objects.create(
        kind=TargetKind.COUNCIL, name="Liverpool", region=region, council=council_b
    )


@pytest.fixture
def candidate(region):
    return Target.objects.create(
        kind=TargetKind.CANDIDATE,
        name="Synthetic Candidate Person",
        region=region,
        standing_for="Mayor (test election)",
    )
