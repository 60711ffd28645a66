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


def test_it_says_which_workbook_to_download_and_how_to_load_it(tmp_path):
    from datetime import date

    today = date(2026, 10, 14)
    book, advice = demo.workbook_advice(tmp_path, today)
    assert book is None
    assert "14_October_2026_HSCA_Active_Locations.ods" in advice
    assert "https://www.cqc.org.uk/about-us/transparency/using-cqc-data" in advice
    assert f"commonground import-register {tmp_path / 'cqc'}/" in advice

    (tmp_path / "cqc").mkdir()
    old = tmp_path / "cqc" / "01_July_2026_HSCA_Active_Locations.ods"
    old.write_bytes(b"")  # dated by its name; too old to be current
    book, advice = demo.workbook_advice(tmp_path, today)
    assert book is None and "01_July_2026_HSCA_Active_Locations.ods is from 2026-07-01" in advice

    current = tmp_path / "cqc" / "01_October_2026_HSCA_Active_Locations.ods"
    current.write_bytes(b"")
    book, advice = demo.workbook_advice(tmp_path, today)
    assert book == current
