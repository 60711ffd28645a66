"""Provider pages and provider names (issue 16; issue 19 item 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.people.models import Membership, Person
from commonground.register.importers import import_register
from commonground.register.models import Council, Location, Provider, Region
from commonground.testing import make_location, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere() -> Council:
    south = Region.objects.create(name="South West", slug="south-west")
    return Council.objects.create(
        ons_code="E06000022", name="Bath and North East Somerset", region=south
    )


def test_the_provider_page_shows_who_they_are_and_every_location_in_england(
    client, regional_organiser, council_a, elsewhere
):
    provider = make_provider(
        "Evergreen Care Ltd",
        companies_house_number="01234567",
        charity_number="1100001",
        ownership_type="Organisation",
    )
    home = make_location(council_a, "Evergreen Bolton", provider=provider, rating="Good")
    make_location(
        council_a,
        "Evergreen Horwich",
        provider=provider,
        rating="Inadequate",
        brand_name="Evergreen Homes",
    )
    far = make_location(elsewhere, "Evergreen Bath", provider=provider, rating="Good")
    client.force_login(regional_organiser)

    page = client.get(reverse("register:provider-detail", args=[provider.pk])).content.decode()

    for text in ("Evergreen Care Ltd", "01234567", "1100001", "Organisation", "Evergreen Homes"):
        assert text in page
    # England-wide: the Bath home is listed, without a link (outside the user's region).
    assert "Evergreen Bath" in page
    assert reverse("register:location-detail", args=[far.cqc_id]) not in page
    assert reverse("register:location-detail", args=[home.cqc_id]) in page
    assert "3 registered locations in England" in page and "2 in North West" in page


def test_density_on_the_provider_page_hides_small_counts_from_a_viewer(
    client, viewer, regional_organiser, council_a, branch_a
):
    provider = make_provider("Small Count Care Ltd")
    home = make_location(council_a, "Small Count House", provider=provider, workforce_override=40)
    for n in range(2):
        person = Person.objects.create(
            branch=branch_a, full_name=f"Synthetic Provider Member {n}", location=home
        )
        Membership.objects.create(
            person=person, branch=branch_a, number=f"PV{n:04d}", status="member"
        )
    url = reverse("register:provider-detail", args=[provider.pk])
    client.force_login(regional_organiser)
    organiser = client.get(url).content.decode()
    assert "<strong>2</strong> members" in organiser and "5.0%" in organiser
    client.force_login(viewer)
    shown = client.get(url).content.decode()
    assert "<strong>2</strong> members" not in shown and "5.0%" not in shown
    assert "~40" in shown


def test_a_provider_without_a_name_never_shows_its_id_as_one(
    client, regional_organiser, region, tmp_path
):
    record = (
        '{"locationId": "1-555000001", "providerId": "1-777000001", "name": "Brandless House",'
        ' "type": "Social Care Org", "careHome": "Y", "localAuthority": "Bolton",'
        ' "postalCode": "BL1 1AA", "registrationStatus": "Registered", "registrationDate": "2024-01-01",'
        ' "gacServiceTypes": [{"name": "Residential homes", "description": "Care home service without nursing"}],'
        ' "brandName": "BRAND Sunrise Group"}\n'
    )
    path = tmp_path / "cqc_api_unnamed_2025-01-01.jsonl"
    path.write_text(record, encoding="utf-8")
    import_register([path])
    provider = Provider.objects.get(cqc_id="1-777000001")
    assert provider.name == ""
    client.force_login(regional_organiser)
    location = Location.objects.get(cqc_id="1-555000001")
    pages = [
        reverse("register:provider-detail", args=[provider.pk]),
        reverse("register:location-detail", args=[location.cqc_id]),
        reverse("register:location-list"),
        reverse("density:table", args=["provider"]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "CQC provider 1-" not in html, url
        assert "1-777000001</a>" not in html, url
    provider_page = client.get(pages[0]).content.decode()
    assert (
        "Provider’s name not known yet" in provider_page
        or "brand; provider’s name" in provider_page
    )
    assert "sync-register" in provider_page and "HSCA Active Locations workbook" in provider_page
    density = client.get(pages[3]).content.decode()
    assert "BRAND Sunrise Group (brand; provider’s name not known yet)" in density
