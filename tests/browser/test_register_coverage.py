"""Coverage, the gaps banner and provider names in a real browser, desktop and phone (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from commonground.register.models import Location
from commonground.testing import PASSWORD, make_location, make_provider
from tests.browser.conftest import login


@pytest.fixture
def coverage_data(council_a: Any, council_b: Any) -> dict[str, Location]:
    today = timezone.localdate()
    named = make_provider("Synthetic Named Care Ltd")
    unnamed = make_provider("", cqc_id="1-700000009")
    home = make_location(
        council_a,
        "Synthetic Bolton Home",
        provider=named,
        source="HSCA_Active_Locations.ods",
        source_date=today,
    )
    agency = make_location(
        council_a,
        "Synthetic Bolton Agency",
        provider=unnamed,
        brand_name="Synthetic Brand",
        primary_service_type="home_care",
        service_types_text="|home_care|",
        beds=None,
        source="CQC API (sync-register)",
        source_date=today,
    )
    make_location(
        council_b,
        "Synthetic Liverpool Home",
        provider=named,
        source="cqc_care_homes_england_2021-03-01.csv",
        source_date=today.replace(year=2021, month=3, day=1),
    )
    return {"home": home, "agency": agency}


@pytest.mark.django_db(transaction=True)
def test_the_banner_leads_to_the_coverage_page(
    page: Any, regional_organiser: Any, coverage_data: Any
) -> None:
    page.set_default_timeout(60_000)  # a shared, busy machine; pages render in < 1 s
    login(page, regional_organiser.username, PASSWORD)
    for url in ("/register/", "/density/", "/density/targets/"):
        page.goto(url)
        banner = page.locator(".coverage-banner")
        assert banner.is_visible(), url
        assert "No home-care data for 23 of 24 councils." in banner.inner_text()
    page.get_by_role("link", name="How to fill the gap →").click()
    page.wait_for_url("**/register/coverage/?show=gaps")
    assert "import-register" in page.locator("#council-E08000012").text_content()
    assert page.locator("#council-E08000001").count() == 0
    page.goto("/register/coverage/")
    assert "none" in page.locator(".coverage-summary tr", has_text="Liverpool").inner_text()
    page.get_by_role("link", name="Liverpool").click()
    liverpool = page.locator("#council-E08000012")
    liverpool.locator("summary").click()
    assert "no home-care data" in liverpool.inner_text()
    assert "cqc_care_homes_england_2021-03-01.csv (1)" in liverpool.inner_text()
    bolton = page.locator("#council-E08000001")
    bolton.locator("summary").click()
    assert "current" in bolton.inner_text()
    assert "CQC API (sync-register) (1)" in bolton.inner_text()
    page.get_by_label("Show").select_option("no_home_care")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("#council-E08000001").count() == 0
    assert page.locator("#council-E08000012").count() == 1
    # One council with current home-care data: no banner.
    page.goto("/register/?council=E08000001")
    assert page.locator(".coverage-banner").count() == 0


@pytest.mark.django_db(transaction=True)
def test_provider_names_on_provider_and_density_pages_on_a_phone(
    phone_page: Any, regional_organiser: Any, coverage_data: Any
) -> None:
    phone_page.set_default_timeout(60_000)
    login(phone_page, regional_organiser.username, PASSWORD)
    agency = coverage_data["agency"]
    phone_page.goto(f"/register/providers/{agency.provider_id}/")
    heading = phone_page.locator("h1").inner_text()
    assert heading == "Synthetic Brand (brand; provider’s name not known yet)"
    assert "1-700000009" not in heading
    assert "sync-register" in phone_page.locator(".provider-unnamed").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    phone_page.goto(f"/register/providers/{coverage_data['home'].provider_id}/")
    assert phone_page.locator("h1").inner_text() == "Synthetic Named Care Ltd"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    phone_page.goto("/density/provider/")
    names = phone_page.locator("table th[scope=row]").all_inner_texts()
    assert any("Synthetic Named Care Ltd" in n for n in names)
    assert any("Synthetic Brand (brand; provider’s name not known yet)" in n for n in names)
    assert not any("CQC provider" in n or n.strip().startswith("1-") for n in names)
    phone_page.goto("/register/coverage/")
    phone_page.locator("#council-E08000012").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400


@pytest.mark.django_db(transaction=True)
def test_a_branch_organiser_sees_a_short_banner_about_their_council_on_a_phone(
    phone_page: Any, branch_organiser_a: Any, coverage_data: Any
) -> None:
    coverage_data["agency"].delete()  # Bolton, branch A's council, now has no home care
    phone_page.set_default_timeout(60_000)
    login(phone_page, branch_organiser_a.username, PASSWORD)
    for url in ("/register/", "/density/", "/density/targets/"):
        phone_page.goto(url)
        banner = phone_page.locator(".coverage-banner")
        text = banner.inner_text()
        assert "No home-care data for Bolton." in text, url
        assert "Liverpool" not in text and "councils" not in text
        # One or two lines of text on a 390 px phone.
        lines = banner.locator("p").evaluate(
            "p => Math.round(p.getBoundingClientRect().height"
            " / parseFloat(getComputedStyle(p).lineHeight))"
        )
        assert lines <= 2, (url, lines)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    phone_page.screenshot(path="/tmp/cg-coverage-banner-phone.png")
    phone_page.get_by_role("link", name="How to fill the gap →").click()
    phone_page.wait_for_url("**/register/coverage/?show=gaps&q=Bolton")
    assert "import-register" in phone_page.locator("#council-E08000001").text_content()
