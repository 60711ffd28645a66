from __future__ import annotations

import pytest

from commonground.alliances import demo
from commonground.alliances.models import Affiliation, Partner
from commonground.demo.seed import seed_branches


@pytest.mark.django_db
def test_the_demo_seed_is_idempotent(region):
    seed_branches(region)
    first = demo.seed(region)
    second = demo.seed(region)
    assert first == second
    assert Partner.objects.filter(name="Greater Manchester Citizens").exists()
    assert Affiliation.objects.filter(status="active").count() > 10
