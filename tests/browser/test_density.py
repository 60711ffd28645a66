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


@pytest.fixture
def target_homes(council_a: Any, branch_a: Any) -> None:
    """Bolton: a big home with a rep and a smaller one without; Bury: one more home."""
    from commonground.people.models import WorkplaceRole
    from commonground.register.models import Council

    big = make_location(
        council_a, "Synthetic Repped Home", postcode="BL1 1AA", workforce_override=80
    )
    make_location(council_a, "Synthetic Unrepped Home", postcode="BL1 2BB", workforce_override=30)
    bury = Council.objects.get(ons_code="E08000002")
    make_location(bury, "Synthetic Bury Target Home", postcode="BL9 0AA", workforce_override=60)
    for n in range(6):
        p = Person.objects.create(branch=branch_a, full_name=f"Synthetic T {n}", location=big)
        Membership.objects.create(person=p, branch=branch_a, number=f"BT{n}", status="member")
        if n == 0:
            WorkplaceRole.objects.create(person=p, location=big, role="rep")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_targets_narrow_by_council_and_rep_and_put_homes_without_reps_first(
    fixture: str, request: Any, regional_organiser: Any, target_homes: None
) -> None:
    page = request.getfixturevalue(fixture)
    login(page, regional_organiser.username, PASSWORD)
    # From the council's workplaces to its targets.
    page.goto("/density/location/?council=E08000001")
    page.get_by_role("link", name="Targets in Bolton").click()
    page.wait_for_url("**/density/targets/?council=E08000001*")
    names = page.locator("ol.targets .target-head strong").all_inner_texts()
    assert "Synthetic Bury Target Home" not in names
    # The home without a rep comes first, though the one with a rep is bigger.
    assert names.index("Synthetic Unrepped Home") < names.index("Synthetic Repped Home")
    repped = page.locator("li.target", has_text="Synthetic Repped Home").inner_text()
    assert "1 rep" in repped and "1 reps" not in repped
    # The form keeps the council and narrows to homes with no rep yet.
    page.select_option("select[name=rep]", "no")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**rep=no*")
    names = page.locator("ol.targets .target-head strong").all_inner_texts()
    assert "Synthetic Unrepped Home" in names and "Synthetic Repped Home" not in names
    assert "council=E08000001" in (page.get_by_role("link", name="CSV").get_attribute("href") or "")
    # Nothing matches: say so, and offer the way back.
    page.fill("form.target-filters input[name=q]", "no such home anywhere")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("No targets match these filters.").wait_for()
    page.get_by_role("link", name="Show every target").click()
    page.get_by_text("Synthetic Bury Target Home").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
