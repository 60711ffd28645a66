"""The campaign report and the dashboard panels in a real browser, desktop and phone."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from commonground.campaigns.models import Campaign, Goal, Metric
from commonground.charters.seed import seed_charters
from commonground.density.snapshots import take_snapshot
from commonground.people.models import Membership, Person
from commonground.testing import PASSWORD, make_location
from tests.browser.conftest import login


@pytest.fixture
def report_data(region: Any, council_a: Any, branch_a: Any) -> None:
    seed_charters()
    loc = make_location(council_a, "Synthetic Report Home", workforce_override=60)
    for n in range(6):
        p = Person.objects.create(branch=branch_a, full_name=f"Synthetic R {n}", location=loc)
        Membership.objects.create(person=p, branch=branch_a, number=f"BR{n}", status="member")
    today = datetime.date.today().replace(day=1)
    take_snapshot((today - datetime.timedelta(days=1)).replace(day=1))
    take_snapshot(today)
    campaign = Campaign.objects.create(
        name="Synthetic Drive",
        slug="synthetic-drive",
        starts_on=datetime.date(2020, 1, 1),
        region=region,
    )
    Goal.objects.create(campaign=campaign, metric=Metric.EVENTS_HELD, target_value=Decimal(4))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_the_report_draws_its_charts_and_offers_a_pdf(
    fixture: str, request: Any, regional_organiser: Any, report_data: None
) -> None:
    page = request.getfixturevalue(fixture)
    login(page, regional_organiser.username, PASSWORD)
    page.goto("/reports/")
    assert page.get_by_role("heading", name="Campaign report").is_visible()
    charts = page.locator("svg.chart[role='img']")
    assert charts.count() == 2
    assert "Synthetic R" not in page.content()
    # The data table behind a chart opens for anyone who cannot read the drawing.
    page.get_by_text("The figures as a table").first.click()
    assert page.locator("details.chart-data table").first.is_visible()
    box = charts.first.bounding_box()
    assert box is not None and box["width"] <= page.viewport_size["width"]
    response = page.request.get(page.get_by_test_id("report-pdf").get_attribute("href") or "")
    assert response.status == 200 and response.body().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_shows_panels(page: Any, regional_organiser: Any, report_data: None) -> None:
    login(page, regional_organiser.username, PASSWORD)
    page.goto("/dashboard/")
    panels = page.get_by_test_id("dashboard-panels")
    assert panels.get_by_role("heading", name="Recruitment against goals").is_visible()
    assert panels.locator("svg.chart").count() >= 1
