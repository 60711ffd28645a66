"""Register pages in a real browser: list → location → map, on desktop and phone."""

from __future__ import annotations

import pytest

from commonground.register.models import Boundary
from commonground.testing import PASSWORD, make_location, make_provider
from tests.browser.conftest import login

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.6, 53.5], [-2.3, 53.5], [-2.3, 53.7], [-2.6, 53.7], [-2.6, 53.5]]],
}


@pytest.fixture
def register_data(council_a):
    provider = make_provider("Synthetic Homes Ltd")
    Boundary.objects.create(council=council_a, geojson=SQUARE)
    first = make_location(
        council_a, "Synthetic Hollins House", provider=provider, latitude=53.58, longitude=-2.43
    )
    for n in range(8):  # close together: a cluster when zoomed out
        make_location(
            council_a, f"Synthetic Neighbour {n}", latitude=53.6 + n * 0.001, longitude=-2.40
        )
    return first


@pytest.mark.django_db(transaction=True)
def test_it_goes_from_list_to_location_to_map(page, regional_organiser, register_data):
    login(page, regional_organiser.username, PASSWORD)
    page.goto("/register/")
    page.get_by_label("Search").fill("Hollins")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Synthetic Hollins House").click()
    page.wait_for_selector("#location-map[data-ready='true']")
    assert page.locator(".workforce").inner_text().count("estimate") >= 1
    page.get_by_role("link", name="Bolton").first.click()
    page.wait_for_selector("#council-map[data-ready='true']")
    page.goto("/register/map/")
    page.wait_for_selector("#region-map[data-ready='true']")
    assert page.locator("#region-map").get_attribute("data-points") == "9"
    assert page.locator(".register-cluster").count() >= 1
    page.locator(".register-cluster").first.click()
    page.wait_for_timeout(400)
    # zoomed in far enough, single points appear; clicking one opens the location
    page.locator("#region-map path.leaflet-interactive, #region-map canvas").first.wait_for()


@pytest.mark.django_db(transaction=True)
def test_it_works_on_a_phone(phone_page, viewer, register_data):
    login(phone_page, viewer.username, PASSWORD)
    phone_page.goto(f"/register/locations/{register_data.cqc_id}/")
    phone_page.wait_for_selector("#location-map[data-ready='true']")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no sideways scrolling on a phone
    assert phone_page.get_by_text("Set your own figure").count() == 0
    phone_page.goto("/register/map/")
    phone_page.wait_for_selector("#region-map[data-ready='true']")
