from __future__ import annotations

import pytest

from commonground.alliances.models import Affiliation, Contact, LedgerEntry, Partner
from commonground.testing import PASSWORD
from tests.browser.conftest import login


@pytest.fixture
def partner(region, branch_a):
    p = Partner.objects.create(
        region=region, name="Greater Manchester Citizens", kind="broad_based"
    )
    Contact.objects.create(partner=p, name="Jo Synthetic", public_role="Community organiser")
    Affiliation.objects.create(partner=p, branch=branch_a, status="active", annual_fee=250)
    return p


@pytest.mark.django_db(transaction=True)
def test_a_branch_organiser_records_support_and_sees_the_balance(page, branch_organiser_a, partner):
    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/dashboard/**")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alliances").click()
    page.get_by_role("link", name="Greater Manchester Citizens").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Greater Manchester Citizens"
    page.get_by_role("link", name="Record support").click()
    page.get_by_label("Direction").select_option("given")
    page.get_by_label("Support").select_option("turnout")
    page.get_by_label("Quantity").fill("25")
    page.get_by_label("Date").fill("2025-03-14")
    page.locator("#id_branch").select_option(label="T-A Synthetic Bolton Care (test)")
    page.get_by_role("button", name="Record").click()
    assert "+25 count" in page.get_by_test_id("balance").inner_text()
    assert LedgerEntry.objects.filter(partner=partner).count() == 1
    page.get_by_role("navigation", name="Alliances").get_by_role(
        "link", name="Affiliations"
    ).click()
    assert "T-A" in page.get_by_test_id("matrix").inner_text()
    page.get_by_role("navigation", name="Alliances").get_by_role("link", name="Network").click()
    assert page.get_by_test_id("network").is_visible()


@pytest.mark.django_db(transaction=True)
def test_the_matrix_fits_a_phone(phone_page, viewer, partner):
    login(phone_page, "viewer", PASSWORD)
    phone_page.wait_for_url("**/dashboard/**")
    phone_page.goto("/alliances/affiliations/")
    assert phone_page.get_by_test_id("matrix").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # the table scrolls inside its wrapper, not the page
