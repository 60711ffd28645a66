from __future__ import annotations

import pytest

from commonground.register import demo
from commonground.register.models import Location, Provider

pytestmark = pytest.mark.django_db


def test_it_seeds_a_synthetic_register_without_the_data(region, settings, tmp_path):
    settings.COMMONGROUND_DATA_DIR = tmp_path
    message = demo.seed(region)
    assert "SYNTHETIC" in message and "fetch-register" in message
    count = Location.objects.count()
    assert 30 <= count <= 60
    assert all("(synthetic)" in n for n in Location.objects.values_list("name", flat=True))
    assert Provider.objects.get(name="Synthetic Care Group").is_synthetic
    demo.seed(region)  # idempotent
    assert Location.objects.count() == count
