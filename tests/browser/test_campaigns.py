from __future__ import annotations

import pytest

from commonground.campaigns.models import EventSignup
from commonground.charters.seed import seed_charters
from commonground.testing import PASSWORD
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_an_organiser_runs_a_campaign_with_goals_events_and_sign_ups(
    page, branch_organiser_a, branch_a
):
    seed_charters()
    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/dashboard/**")
    page.goto("/campaigns/")
    assert "No campaigns yet." in page.content()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Name").fill("Bolton home care drive")
    page.get_by_label("Starts").fill("2025-01-01")
    page.get_by_label(branch_a.name, exact=False).check()
    page.get_by_label("Ethical Care Charter").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bolton home care drive"

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Measure").select_option("events_held")
    page.get_by_label("Label").fill("Events held")
    page.locator("#id_target_value").fill("4")
    page.get_by_role("button", name="Add goal").click()
    assert page.get_by_test_id("goal-value").inner_text() == "0"

    page.get_by_role("link", name="Add an event").click()
    page.get_by_label("Kind").select_option("stall")
    page.get_by_label("Title").fill("Stall at Bolton market")
    page.get_by_label("Starts").fill("2025-06-07T11:00")
    page.get_by_label("Status").select_option("held")
    page.get_by_label("Head count").fill("25")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Sign people up").click()
    page.get_by_label("Name").fill("Synthetic Signup Person")
    page.get_by_label("Email").fill("signup@example.invalid")
    page.get_by_label("They read this wording and agreed to it").check()
    page.get_by_role("button", name="Record sign-up").click()
    assert "Sign-up recorded" in page.content()
    assert EventSignup.objects.get().consent_wording

    page.goto("/campaigns/bolton-home-care-drive/")
    assert page.get_by_test_id("goal-value").inner_text() == "1"
    assert "Stall held: Stall at Bolton market" in page.content()
