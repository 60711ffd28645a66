"""Density overview in a real browser: the council map and the table, desktop and phone."""

from __future__ import annotations

from typing import Any

import pytest

from commonground.people.models import Membership, Person
from commonground.register.models import Boundary
from commonground.testing import PASSWORD, make_location
from tests.browser.conftest import login

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.6, 53.5], [-2.3, 53.5], [-2.3, 53.7], [-2.6, 53.7], [-2.6, 53.5]]],
}


@pytest.fixture
def density_data(council_a: Any, branch_a: Any) -> None:
    Boundary.objects.create(council=council_a, geojson=SQUARE)
    loc = make_location(council_a, "Synthetic Density Home", workforce_override=40)
    for n in range(6):
        p = Person.objects.create(branch=branch_a, full_name=f"Synthetic D {n}", location=loc)
        Membership.objects.create(person=p, branch=branch_a, number=f"BD{n}", status="member")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_it_draws_the_map_and_the_table(
    fixture: str, request: Any, regional_organiser: Any, density_data: None
) -> None:
    page = request.getfixturevalue(fixture)
    login(page, regional_organiser.username, PASSWORD)
    page.goto("/density/")
    page.wait_for_selector("#density-map[data-ready='true']")
    assert int(page.locator("#density-map").get_attribute("data-features") or 0) >= 1
    row = page.locator("table.density-table tr", has_text="Bolton")
    assert "15.0%" in row.inner_text()  # 6 members / ~40 workers
    page.goto("/density/targets/")
    assert page.get_by_text("Synthetic Density Home").count() == 1
