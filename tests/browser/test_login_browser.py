from __future__ import annotations

import pytest

from commonground.testing import PASSWORD
from tests.browser.conftest import login

# Reps and branch organisers start on My day; the others on the dashboard.
SCOPES = {
    "admin": ("admin", "All regions (admin)", "**/dashboard/"),
    "regional_organiser": ("regional", "North West region", "**/dashboard/"),
    "branch_organiser_a": ("branch_a", "T-A Synthetic Bolton Care (test)", "**/my-day/"),
    "rep_at_workplace_x": ("rep_x", "1 assigned workplace", "**/my-day/"),
    "viewer": ("viewer", "North West region · aggregates only", "**/dashboard/"),
    "outsider_branch_b": ("branch_b", "T-B Synthetic Liverpool Care (test)", "**/my-day/"),
}


@pytest.mark.django_db(transaction=True)
def test_each_persona_logs_in_and_sees_their_scope(page, personas):
    for username, scope, landing in SCOPES.values():
        login(page, username, PASSWORD)
        page.wait_for_url(landing)
        assert scope in page.get_by_test_id("scope").inner_text()
        assert scope in page.get_by_test_id("dashboard-scope").inner_text()
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
        page.wait_for_url("**/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_refused(page, viewer):
    login(page, "viewer", "wrong-password")
    assert "correct username and password" in page.content()
    assert "/accounts/login/" in page.url


@pytest.mark.django_db(transaction=True)
def test_the_lockout_engages(page, viewer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, "viewer", "wrong-password")
    login(page, "viewer", PASSWORD)
    assert "Too many failed log-in attempts" in page.content()
    assert "/dashboard/" not in page.url


@pytest.mark.django_db(transaction=True)
def test_the_menu_works_on_a_phone(phone_page, branch_organiser_a):
    login(phone_page, "branch_a", PASSWORD)
    phone_page.wait_for_url("**/my-day/")
    assert not phone_page.get_by_role("navigation", name="Main").is_visible()
    phone_page.get_by_text("Menu").click()
    phone_page.locator(".nav-toggle").get_by_role("link", name="Register").click()
    phone_page.wait_for_url("**/register/")
    assert phone_page.get_by_role("heading", level=1).is_visible()
