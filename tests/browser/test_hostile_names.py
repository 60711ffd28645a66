"""Hostile names on every map and chart are shown as text, never run as markup (issue 14,
finding 2).

A council target renamed with an ``<img onerror>`` reached the public scoreboard's tooltips,
and a location name from an import the location map's; only the CSP stopped them. Here every
name a map or chart draws (council, location, goal) is markup, and each page is checked in
Chromium: the tooltip or label shows the markup as literal text, no element from it exists,
and nothing ran.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from commonground.campaigns.models import Campaign, Goal, Metric
from commonground.charters.models import Charter, Status, Target, TargetKind, TargetStatus
from commonground.charters.seed import seed_charters
from commonground.people.models import Membership, Person
from commonground.register.models import Boundary
from commonground.testing import PASSWORD, make_location

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# Each name carries an element that would announce itself if it were ever parsed as HTML.
HOSTILE = '<img class="xss" src="x" onerror="window.__xss=1">Bolton'
PLACE = '<img class="xss" src="x" onerror="window.__xss=1">Home'
GOAL = '<svg class="xss" onload="window.__xss=1"></svg>Recruit'

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-2.62, 53.52], [-2.37, 53.52], [-2.37, 53.77], [-2.62, 53.77], [-2.62, 53.52]]
    ],
}


@pytest.fixture
def hostile(council_a: Any, branch_a: Any, region: Any) -> dict[str, Any]:
    council_a.name = HOSTILE
    council_a.save(update_fields=["name"])
    Boundary.objects.create(council=council_a, geojson=SQUARE)
    here = make_location(council_a, PLACE, latitude=53.60, longitude=-2.49, workforce_override=40)
    make_location(council_a, PLACE + " 2", latitude=53.601, longitude=-2.489)
    for n in range(6):
        p = Person.objects.create(branch=branch_a, full_name=f"Synthetic H {n}", location=here)
        Membership.objects.create(person=p, branch=branch_a, number=f"HX{n}", status="member")
    seed_charters()
    charter = Charter.objects.order_by("pk")[0]
    target = Target.objects.create(
        kind=TargetKind.COUNCIL, name=HOSTILE, region=region, council=council_a
    )
    TargetStatus.objects.create(
        target=target, charter=charter, status=Status.SIGNED, status_since=dt.date(2026, 5, 1)
    )
    charter.scoreboard_published = True
    charter.scoreboard_published_at = timezone.now()
    charter.save()
    campaign = Campaign.objects.create(
        name="Synthetic drive",
        slug="synthetic-drive",
        aims="Test",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        region=region,
    )
    campaign.branches.set([branch_a])
    Goal.objects.create(
        campaign=campaign, metric=Metric.MEMBERS_RECRUITED, target_value=10, label=GOAL
    )
    return {"here": here, "charter": charter, "campaign": campaign}


# Every open tooltip's text, and how many elements from a name it holds (read at once: a
# tooltip closes as the mouse moves on).
TOOLTIPS = """sel => Array.from(document.querySelectorAll(sel)).map(
    e => [e.textContent, e.querySelectorAll(".xss").length])"""


def _hover_everywhere(page: Any, box: str) -> list[str]:
    """Move the mouse over a grid of points on the map; the text of every tooltip opened (each
    checked for markup while it is open)."""
    area = page.locator(box).bounding_box()
    assert area is not None
    seen = []
    for i in range(1, 10):
        for j in range(1, 10):
            page.mouse.move(area["x"] + area["width"] * i / 10, area["y"] + area["height"] * j / 10)
            for text, markup in page.evaluate(TOOLTIPS, f"{box} .leaflet-tooltip"):
                assert not markup, text
                seen.append(text)
    return seen


def _assert_shown_as_text(page: Any, scope: str, literal: str) -> None:
    assert page.locator(f"{scope} .xss").count() == 0, "a name was parsed as markup"
    assert page.locator(".xss").count() == 0
    assert page.evaluate("window.__xss === undefined"), "a name's script ran"
    assert literal in page.locator(scope).inner_text(), f"{literal!r} not shown as text"


def test_the_register_maps_show_hostile_names_as_text(
    page: Any, regional_organiser: Any, hostile: dict[str, Any]
) -> None:
    login(page, "regional", PASSWORD)
    page.goto("/register/map/")
    page.locator("#region-map[data-ready=true]").wait_for()
    tips = _hover_everywhere(page, "#region-map")
    assert any('<img class="xss"' in t for t in tips), tips  # shapes' and points' tooltips
    _assert_shown_as_text(page, "#region-map", '<img class="xss"')
    page.goto(f"/register/locations/{hostile['here'].cqc_id}/")
    page.locator("#location-map[data-ready=true]").wait_for()
    tips = _hover_everywhere(page, "#location-map")
    assert any('<img class="xss"' in t for t in tips), tips
    _assert_shown_as_text(page, "#location-map", "Home")


def test_the_density_map_and_chart_show_hostile_names_as_text(
    page: Any, regional_organiser: Any, hostile: dict[str, Any]
) -> None:
    login(page, "regional", PASSWORD)
    page.goto("/density/")
    page.locator("#density-map[data-ready='true']").wait_for()
    tips = _hover_everywhere(page, "#density-map")
    assert any('<img class="xss"' in t for t in tips), tips
    _assert_shown_as_text(page, "#density-map", '<img class="xss"')
    _assert_shown_as_text(page, "main", '<img class="xss"')  # the table and the chart


def test_the_charter_maps_show_hostile_names_as_text(
    page: Any, regional_organiser: Any, hostile: dict[str, Any]
) -> None:
    slug = hostile["charter"].slug
    # Anonymous visitors: the public scoreboard.
    page.goto(f"/charters/public/{slug}/")
    page.locator("#charter-map.map-ready").wait_for()
    tips = _hover_everywhere(page, "#charter-map")
    assert any('<img class="xss"' in t for t in tips), tips
    _assert_shown_as_text(page, "#charter-map", '<img class="xss"')
    page.locator("#charter-map path.status-signed").click(force=True)  # its popup
    _assert_shown_as_text(page, "#charter-map", '<img class="xss"')
    # Organisers: the charter's own map.
    login(page, "regional", PASSWORD)
    page.goto(f"/charters/map/?charter={slug}")
    page.locator("#charter-map.map-ready").wait_for()
    _hover_everywhere(page, "#charter-map")
    _assert_shown_as_text(page, "#charter-map", '<img class="xss"')


def test_the_goal_charts_show_hostile_names_as_text(
    page: Any, regional_organiser: Any, hostile: dict[str, Any]
) -> None:
    login(page, "regional", PASSWORD)
    for url in (f"/reports/campaigns/{hostile['campaign'].slug}/", "/"):
        page.goto(url)
        chart = page.locator("svg[role=img]").last
        chart.wait_for()
        assert page.locator(".xss").count() == 0 and page.evaluate("window.__xss === undefined")
        assert "<svg class" in page.locator("main").inner_text() or "<svg class" in (
            chart.text_content() or ""
        ), url
