"""Coverage you can see: the coverage page, the banner, ``register-stats --json``."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from commonground.lib import datacache
from commonground.register.models import (
    Council,
    CouncilKind,
    Location,
    RegisterSync,
    SyncMode,
    SyncStatus,
)
from commonground.testing import make_location

pytestmark = pytest.mark.django_db

BANNER_PAGES = [
    ("register:location-list", []),
    ("density:overview", []),
    ("density:table", ["provider"]),
    ("density:targets", []),
]


@pytest.fixture
def covered(region, council_a, council_b):
    """Bolton: care homes and an agency, current data. Liverpool: care homes from 2021."""
    today = timezone.localdate()
    make_location(
        council_a, "Fresh Bolton Home", source="HSCA_Active_Locations.ods", source_date=today
    )
    make_location(
        council_a,
        "Fresh Bolton Agency",
        primary_service_type="home_care",
        service_types_text="|home_care|",
        beds=None,
        source="HSCA_Active_Locations.ods",
        source_date=today,
    )
    make_location(
        council_b,
        "Old Liverpool Home",
        source="cqc_care_homes_england_2021-03-01.csv",
        source_date=today.replace(year=2021, month=3, day=1),
    )
    return {"bolton": council_a, "liverpool": council_b}


def test_the_coverage_page_says_what_each_council_has_and_how_old(
    client, regional_organiser, covered
):
    client.force_login(regional_organiser)
    page = client.get(reverse("register:coverage")).content.decode()
    bolton = page[page.index('id="council-E08000001"') :]
    bolton = bolton[: bolton.index("</details>")]
    assert "current" in bolton and "no home-care data" not in bolton
    assert "HSCA_Active_Locations.ods (1)" in bolton
    liverpool = page[page.index('id="council-E08000012"') :]
    liverpool = liverpool[: liverpool.index("</details>")]
    assert "no home-care data" in liverpool and "days old" in liverpool
    assert "cqc_care_homes_england_2021-03-01.csv (1)" in liverpool
    assert "commonground import-register HSCA_Active_Locations.ods" in liverpool
    # Every North West council is listed, with or without data.
    assert page.count('class="card coverage-council"') == 24
    gaps = client.get(reverse("register:coverage"), {"show": "no_home_care", "q": "pool"})
    assert (
        "Liverpool" in gaps.content.decode()
        and 'id="council-E08000001"' not in gaps.content.decode()
    )


def test_syncs_are_shown_to_organisers_not_to_viewers(client, regional_organiser, viewer, covered):
    RegisterSync.objects.create(
        mode=SyncMode.CHANGES,
        base_url="https://api.example.test/public/v1",
        window_end=timezone.now(),
        status=SyncStatus.SUCCEEDED,
        finished=timezone.now(),
        counts={"locations_created": 7, "locations_updated": 3, "providers_named": 2},
    )
    client.force_login(regional_organiser)
    page = client.get(reverse("register:coverage")).content.decode()
    assert "Recent syncs" in page and "Changes since the last sync" in page
    client.force_login(viewer)
    page = client.get(reverse("register:coverage")).content.decode()
    assert "Recent syncs" not in page and "Last successful CQC API sync" in page


@pytest.mark.parametrize(("name", "args"), BANNER_PAGES)
def test_the_banner_names_the_gap_and_what_fills_it(
    client, regional_organiser, covered, name, args
):
    client.force_login(regional_organiser)
    page = client.get(reverse(name, args=args)).content.decode()
    banner = _banner(page)
    # The region's 24 councils: counted, not listed (the coverage page lists them).
    assert "No home-care data for 23 of 24 councils." in banner
    assert "Liverpool" not in banner
    link = re.search(r'href="([^"]+)">How to fill the gap', banner)
    assert link is not None
    coverage_page = client.get(html.unescape(link.group(1))).content.decode()
    assert "Liverpool" in coverage_page and 'id="council-E08000001"' not in coverage_page
    assert "commonground import-register HSCA_Active_Locations.ods" in coverage_page
    assert "commonground sync-register" in coverage_page
    # One council, current and with home care: no banner.
    bolton = client.get(reverse(name, args=args), {"council": "E08000001"}).content.decode()
    assert "coverage-banner" not in bolton
    liverpool = client.get(reverse(name, args=args), {"council": "E08000012"}).content.decode()
    assert "No home-care data for Liverpool." in _banner(liverpool)


@pytest.mark.parametrize(("name", "args"), BANNER_PAGES)
def test_the_banner_speaks_of_the_councils_of_the_users_branches(
    client, regional_organiser, branch_organiser_a, covered, name, args
):
    # Bolton (branch A's council) has current home-care data: nothing to say to its
    # organiser, though 23 other councils of the region have none.
    client.force_login(branch_organiser_a)
    assert "coverage-banner" not in client.get(reverse(name, args=args)).content.decode()
    Location.objects.filter(council=covered["bolton"], primary_service_type="home_care").delete()
    datacache.bump("register")
    banner = _banner(client.get(reverse(name, args=args)).content.decode())
    assert "No home-care data for Bolton." in banner
    assert "23" not in banner and "24" not in banner and "Liverpool" not in banner
    link = re.search(r'href="([^"]+)">How to fill the gap', banner)
    assert link is not None and "q=Bolton" in link.group(1)
    # The regional organiser still sees the region's.
    client.force_login(regional_organiser)
    banner = _banner(client.get(reverse(name, args=args)).content.decode())
    assert "No home-care data for 24 of 24 councils." in banner


def test_the_banner_names_up_to_three_councils_and_counts_more(
    client, region, branch_organiser_a, covered
):
    branch = branch_organiser_a.branches.get()
    # Councils with social care duties (the districts of a two-tier area have none).
    councils = Council.objects.filter(region=region, active=True).exclude(kind=CouncilKind.DISTRICT)
    others = list(councils.exclude(pk=covered["bolton"].pk).order_by("name"))
    client.force_login(branch_organiser_a)
    url = reverse("register:location-list")
    branch.councils.add(*others[:2])
    datacache.bump("register")
    banner = _banner(client.get(url).content.decode())
    names = sorted(c.name for c in others[:2])
    assert f"No home-care data for {names[0]} and {names[1]}." in banner
    branch.councils.add(*others[2:4])
    datacache.bump("register")
    banner = _banner(client.get(url).content.decode())
    assert "No home-care data for 4 of your 5 councils." in banner


def _banner(page: str) -> str:
    start = page.index('class="message warning coverage-banner"')
    return page[start : page.index("</aside>", start)]


def test_a_sync_keeps_a_council_current_even_when_nothing_changed(
    client, regional_organiser, covered
):
    liverpool: Council = covered["liverpool"]
    make_location(
        liverpool,
        "Liverpool Agency",
        primary_service_type="home_care",
        service_types_text="|home_care|",
        source_date=timezone.localdate() - timedelta(days=300),
    )
    client.force_login(regional_organiser)
    url = reverse("register:location-list")
    assert "coverage-banner" in client.get(url, {"council": liverpool.ons_code}).content.decode()
    RegisterSync.objects.create(
        mode=SyncMode.CHANGES,
        base_url="https://api.example.test/public/v1",
        window_end=timezone.now(),
        status=SyncStatus.SUCCEEDED,
        councils=[liverpool.ons_code],
    )
    assert (
        "coverage-banner" not in client.get(url, {"council": liverpool.ons_code}).content.decode()
    )


def test_register_stats_json_has_coverage_and_sources(covered):
    out = StringIO()
    call_command("register_stats", "--json", "--region", "north-west", stdout=out)
    stats = json.loads(out.getvalue())
    bolton = stats["coverage"]["E08000001"]
    assert bolton["has_home_care"] and not bolton["stale"]
    assert bolton["by_service_type"]["home_care"]["locations"] == 1
    assert bolton["by_service_type"]["home_care"]["sources"] == {"HSCA_Active_Locations.ods": 1}
    liverpool = stats["coverage"]["E08000012"]
    assert liverpool["stale"] and not liverpool["has_home_care"]
    assert liverpool["as_of"] == "2021-03-01"
    assert {s["source"]: s["locations"] for s in stats["sources"]} == {
        "HSCA_Active_Locations.ods": 2,
        "cqc_care_homes_england_2021-03-01.csv": 1,
    }
