"""Maps with context (issue 19, defect 13): fitted to the data, councils named, a workplace
among its neighbours, and an operator's tile layer only when one is configured."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from commonground.charters.models import Charter, Status, Target, TargetKind, TargetStatus
from commonground.charters.seed import seed_charters
from commonground.register.models import Boundary, Council
from commonground.testing import PASSWORD, make_location

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def square(west: float, south: float, size: float) -> dict[str, object]:
    east, north = west + size, south + size
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ],
    }


@pytest.fixture
def shapes(council_a):
    # Bolton small, Cumberland large and far away: the North West's real proportions.
    Boundary.objects.create(council=council_a, geojson=square(-2.62, 53.52, 0.25))
    cumberland = Council.objects.get(name="Cumberland")
    Boundary.objects.create(council=cumberland, geojson=square(-3.6, 54.4, 1.0))
    return council_a, cumberland


def test_a_workplace_is_shown_among_its_neighbours_in_its_named_council(
    page, branch_organiser_a, council_a, shapes
):
    here = make_location(council_a, "Synthetic Centre Home", latitude=53.60, longitude=-2.49)
    for n in range(5):
        make_location(
            council_a, f"Synthetic Neighbour {n}", latitude=53.60 + 0.004 * n, longitude=-2.48
        )
    login(page, "branch_a", PASSWORD)
    page.goto(f"/register/locations/{here.cqc_id}/")
    box = page.locator("#location-map[data-ready=true]")
    box.wait_for()
    assert box.get_attribute("data-neighbours") == "5"
    assert page.locator("#location-map .map-here-label").inner_text() == "Synthetic Centre Home"
    # Fitted to the nearest neighbours: a few streets, not the whole region (zoom 8).
    assert float(box.get_attribute("data-zoom") or 0) >= 13
    assert "In Bolton." in page.locator("main").inner_text()


def test_council_maps_name_their_councils(page, regional_organiser, shapes):
    login(page, "regional", PASSWORD)
    page.goto("/register/map/")
    box = page.locator("#region-map[data-ready=true]")
    box.wait_for()
    assert box.get_attribute("data-labels") == "2"
    assert page.locator("#region-map .map-label-text", has_text="Cumberland").is_visible()


def test_the_public_scoreboard_map_fits_the_councils_approached(page, region, shapes):
    bolton, _cumberland = shapes
    seed_charters()
    charter = Charter.objects.order_by("pk")[0]
    target = Target.objects.create(
        kind=TargetKind.COUNCIL, name="Bolton", region=region, council=bolton
    )
    TargetStatus.objects.create(
        target=target, charter=charter, status=Status.SIGNED, status_since=dt.date(2026, 5, 1)
    )
    charter.scoreboard_published = True
    charter.scoreboard_published_at = timezone.now()
    charter.save()
    page.goto(f"/charters/public/{charter.slug}/")
    page.locator("#charter-map.map-ready").wait_for()
    signed = page.locator("#charter-map path.status-signed").bounding_box()
    whole = page.locator("#charter-map").bounding_box()
    assert signed is not None and whole is not None
    # Fitted to Bolton, not to the whole region: fitted to both shapes, Bolton's square would
    # fill under a fifth of the map either way. Its padding and the zoom steps (quarter zoom
    # levels, capped) leave Bolton filling between about a half and all of it.
    fill = max(signed["width"] / whole["width"], signed["height"] / whole["height"])
    assert fill > 0.4, (signed, whole)
    assert page.locator("#charter-map .map-label-text", has_text="Bolton").is_visible()


def test_tiles_only_when_the_operator_configures_them(
    page, settings, live_server, branch_organiser_a, council_a, shapes
):
    here = make_location(council_a, "Synthetic Tiled Home", latitude=53.6, longitude=-2.5)
    login(page, "branch_a", PASSWORD)
    page.goto(f"/register/locations/{here.cqc_id}/")
    page.locator("#location-map[data-ready=true]").wait_for()
    assert page.locator("#location-map img.leaflet-tile").count() == 0  # off by default
    # Any image URL template will do: here, our own icon served by the test server.
    settings.COMMONGROUND_TILE_URL = (
        live_server.url + "/static/commonground/favicon.svg?{z}/{x}/{y}"
    )
    settings.COMMONGROUND_TILE_ATTRIBUTION = "Synthetic tiles"
    page.goto(f"/register/locations/{here.cqc_id}/")
    page.locator("#location-map img.leaflet-tile").first.wait_for(state="attached")
    assert (
        "Synthetic tiles" in page.locator("#location-map .leaflet-control-attribution").inner_text()
    )
