"""The register import on small hand-written files (the real extracts: test_real_data.py)."""

from __future__ import annotations

import json

import pytest

from commonground.audit.models import Entry
from commonground.register.importers import import_register
from commonground.register.models import Council, Location, LocationChange, PostcodeDistrict
from commonground.register.readers import UnrecognisedFile
from commonground.register.tests.conftest import hsca_row

pytestmark = pytest.mark.django_db


def test_it_creates_then_changes_nothing_on_the_same_file(region, write_hsca):
    path = write_hsca(
        "hsca_2021-03-01.csv",
        hsca_row("1-100000001", "Hollins Park"),
        hsca_row("1-100000002", "Preston Lodge", district="Preston", code="E07000123"),
    )
    first = import_register([path])
    assert (first.read, first.created, first.unresolved_council) == (2, 2, 0)
    again = import_register([path])
    assert (again.created, again.updated, again.unchanged, again.deregistered) == (0, 0, 2, 0)
    assert LocationChange.objects.count() == 0
    assert Entry.objects.filter(action="register.import.completed").count() == 2


def test_it_rolls_districts_up_to_the_county(region, write_hsca):
    path = write_hsca(
        "hsca_2021-03-01.csv",
        hsca_row("1-100000002", "Preston Lodge", district="Preston", code="E07000123"),
    )
    import_register([path])
    loc = Location.objects.select_related("council").get(cqc_id="1-100000002")
    assert loc.council is not None and loc.council.ons_code == "E10000017"


def test_it_maps_cumbria_to_a_successor_by_district_or_postcode(region, write_hsca):
    PostcodeDistrict.objects.create(
        outcode="LA9",
        latitude=54.33,
        longitude=-2.74,
        council=Council.objects.get(ons_code="E06000064"),
    )
    path = write_hsca(
        "hsca_2021-03-01.csv",
        # an old district code (Carlisle) → Cumberland
        hsca_row("1-100000003", "Carlisle House", district="Carlisle", code="E07000028"),
        # the abolished county itself: split, so decided by the postcode district
        hsca_row(
            "1-100000004", "Kendal House", district="Cumbria", code="E10000006", postcode="LA9 4AB"
        ),
        # split and no evidence either way: reported, never guessed
        hsca_row(
            "1-100000005",
            "Nowhere House",
            district="Cumbria",
            code="E10000006",
            postcode="",
            lat="",
            lng="",
        ),
    )
    summary = import_register([path])
    councils = dict(Location.objects.values_list("cqc_id", "council__ons_code"))
    assert councils["1-100000003"] == "E06000063"
    assert councils["1-100000004"] == "E06000064"
    assert councils["1-100000005"] is None
    assert summary.unresolved_council == 1
    assert summary.unresolved_rows[0]["location_id"] == "1-100000005"
    assert "split" in summary.unresolved_rows[0]["reason"]


def test_it_writes_history_and_keeps_previous_names(region, write_hsca):
    import_register([write_hsca("hsca_2021-03-01.csv", hsca_row("1-100000001", "Hollins Park"))])
    newer = write_hsca(
        "hsca_2022-03-01.csv", hsca_row("1-100000001", "Hollins Park Lodge", beds="45")
    )
    summary = import_register([newer])
    assert (summary.updated, summary.unchanged) == (1, 0)
    loc = Location.objects.get(cqc_id="1-100000001")
    assert loc.name == "Hollins Park Lodge"
    assert loc.previous_names == ["Hollins Park"]
    assert loc.beds == 45
    assert set(loc.changes.values_list("field", flat=True)) == {"name", "beds"}
    change = loc.changes.get(field="name")
    assert (change.old_value, change.new_value) == ("Hollins Park", "Hollins Park Lodge")


def test_it_never_lets_an_older_file_overwrite_newer_data(region, write_hsca):
    import_register([write_hsca("hsca_2022-03-01.csv", hsca_row("1-100000001", "New Name"))])
    summary = import_register(
        [write_hsca("hsca_2021-03-01.csv", hsca_row("1-100000001", "Old Name"))]
    )
    assert (summary.stale, summary.updated) == (1, 0)
    assert Location.objects.get(cqc_id="1-100000001").name == "New Name"


def test_it_flags_locations_absent_from_a_newer_full_file(region, write_hsca):
    import_register(
        [
            write_hsca(
                "hsca_2021-03-01.csv",
                hsca_row("1-100000001", "Stays"),
                hsca_row("1-100000002", "Goes"),
            )
        ]
    )
    newer = write_hsca("hsca_2022-03-01.csv", hsca_row("1-100000001", "Stays"))
    summary = import_register([newer], full=True)
    assert summary.not_in_latest_file == 1
    gone = Location.objects.get(cqc_id="1-100000002")  # flagged, never deleted
    assert gone.not_in_latest_file
    assert not Location.objects.get(cqc_id="1-100000001").not_in_latest_file
    # without --full nothing is flagged
    assert import_register([newer]).not_in_latest_file == 0


def test_it_uses_the_postcode_centroid_when_there_are_no_coordinates(region, write_hsca):
    PostcodeDistrict.objects.create(outcode="BL1", latitude=53.59, longitude=-2.44)
    path = write_hsca(
        "hsca_2021-03-01.csv",
        hsca_row("1-100000001", "No Coordinates", lat="", lng="", postcode="bl1  4aa"),
    )
    summary = import_register([path])
    loc = Location.objects.get(cqc_id="1-100000001")
    assert (loc.latitude, loc.longitude, loc.coordinates_approximate) == (53.59, -2.44, True)
    assert loc.postcode == "BL1 4AA"
    assert summary.approximate_coordinates == 1


def test_it_reports_rejected_rows_with_line_and_reason(region, write_hsca):
    path = write_hsca(
        "hsca_2021-03-01.csv",
        hsca_row("1-100000001", "Good Row"),
        hsca_row("not-an-id", "Bad Row"),
        hsca_row("1-100000003", "Bad Beds", beds="lots"),
    )
    summary = import_register([path])
    assert (summary.created, summary.rejected) == (1, 2)
    lines = {r["line"] for r in summary.rejected_rows}
    assert lines == {3, 4}
    assert all(r["reason"] for r in summary.rejected_rows)


def test_it_skips_health_services_unless_all(region, tmp_path):
    records = [
        {
            "locationId": "1-200000001",
            "name": "Home Care Co",
            "type": "Social Care Org",
            "gacServiceTypes": [{"description": "Domiciliary care service"}],
            "localAuthority": "Bolton",
            "postalCode": "BL1 1AA",
            "registrationStatus": "Registered",
            "registrationDate": "2020-01-01",
            "providerId": "1-300000001",
        },
        {
            "locationId": "1-200000002",
            "name": "A Dentist",
            "type": "Primary Dental Care",
            "gacServiceTypes": [{"description": "Dental service"}],
            "localAuthority": "Bolton",
            "registrationStatus": "Registered",
            "registrationDate": "2020-01-01",
        },
    ]
    path = tmp_path / "api.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    summary = import_register([path])
    assert (summary.created, summary.skipped) == (1, 1)
    loc = Location.objects.get(cqc_id="1-200000001")
    assert loc.council is not None and loc.council.ons_code == "E08000001"
    assert loc.provider is not None and loc.provider.cqc_id == "1-300000001"
    assert import_register([path], include_all=True).created == 1


def test_it_reads_the_care_directory_fixture(region):
    from pathlib import Path

    path = Path(__file__).parent.parent / "fixtures" / "care_directory_sample.csv"
    summary = import_register([path])
    assert summary.created >= 2
    assert summary.files[0]["format"] == "directory"
    assert summary.files[0]["source_date"] == "2025-03-12"
    assert Location.objects.filter(provider__name="Acre Care Homes Limited").exists()


def test_it_refuses_an_unrecognised_file(region, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nA,b@example.invalid\n")
    with pytest.raises(UnrecognisedFile, match="Found columns"):
        import_register([path])
    assert Location.objects.count() == 0
