from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.charters import actions
from commonground.register.models import Boundary, Council
from commonground.testing import make_location

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.5, 53.5], [-2.4, 53.5], [-2.4, 53.6], [-2.5, 53.6], [-2.5, 53.5]]],
}


@pytest.mark.django_db
def test_it_draws_boundaries_points_and_lists_the_unplaced(
    client, regional_organiser, ecc, bolton, council_b
):
    Boundary.objects.create(council=bolton.council, geojson={"type": "Feature", "geometry": SQUARE})
    council_b.latitude, council_b.longitude = 53.41, -2.98
    council_b.save()
    wigan = Council.objects.get(ons_code="E08000010")
    make_location(wigan, latitude=53.5, longitude=-2.6)
    make_location(wigan, latitude=53.6, longitude=-2.7)
    client.force_login(regional_organiser)
    data = client.get(reverse("charters:map-geojson"), {"charter": ecc.slug}).json()
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert by_name["Bolton"]["geometry"]["type"] == "Polygon"
    assert by_name["Liverpool"]["geometry"] == {"type": "Point", "coordinates": [-2.98, 53.41]}
    assert by_name["Wigan"]["geometry"]["coordinates"] == pytest.approx([-2.65, 53.55])
    assert "Bury" in data["unplaced"]
    assert len(data["features"]) + len(data["unplaced"]) == 24


@pytest.mark.django_db
def test_the_colour_follows_the_status(client, regional_organiser, ecc, bolton):
    Boundary.objects.create(council=bolton.council, geojson=SQUARE)
    client.force_login(regional_organiser)
    url = reverse("charters:map-geojson")

    def bolton_props():
        data = client.get(url, {"charter": ecc.slug}).json()
        return next(
            f["properties"] for f in data["features"] if f["properties"]["name"] == "Bolton"
        )

    assert bolton_props()["status"] == "not_approached"
    actions.change_status(regional_organiser, actions.status_for(bolton, ecc), "signed")
    props = bolton_props()
    assert props["status"] == "signed" and props["colour"] == "#3f88c5"
    legend = client.get(url, {"charter": ecc.slug}).json()["legend"]
    assert {c["status"]: c["count"] for c in legend}["signed"] == 1


@pytest.mark.django_db
def test_an_unknown_charter_is_404(client, regional_organiser, ecc):
    client.force_login(regional_organiser)
    assert client.get(reverse("charters:map-geojson"), {"charter": "nope"}).status_code == 404
    assert client.get(reverse("charters:map"), {"charter": "nope"}).status_code == 404
