"""Campaigns (issue 19, defect 11): target workplaces picked from the register, partners from
Alliances, no "held" before an event starts, and each campaign's own report."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from commonground.alliances.models import Partner
from commonground.campaigns.models import Campaign, Event, EventKind, EventStatus, Goal
from commonground.testing import PASSWORD, make_location

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def campaign(region, branch_a):
    c = Campaign.objects.create(
        name="Synthetic Bolton Homes Drive",
        slug="bolton-homes",
        starts_on=dt.date(2026, 1, 1),
        region=region,
    )
    c.branches.set([branch_a])
    return c


def test_target_workplaces_are_picked_from_the_register_by_name(
    page, branch_organiser_a, campaign, council_a
):
    home = make_location(council_a, "Synthetic Quarry Bank Care Home", postcode="BL2 6QB")
    login(page, "branch_a", PASSWORD)
    page.goto(f"/campaigns/{campaign.slug}/goals/add/")
    page.get_by_label("Measure").select_option("density")
    assert page.locator('.field[data-field="event_kind"]').is_hidden()
    page.get_by_label("Find by name, postcode or CQC id").fill("quarry bank")
    page.get_by_label(re.compile("Synthetic Quarry Bank Care Home")).check()
    page.locator("#id_target_value").fill("30")
    page.get_by_role("button", name="Add goal").click()
    page.get_by_role("heading", level=1, name=campaign.name).wait_for()
    goal = Goal.objects.get(campaign=campaign)
    assert list(goal.workplaces.all()) == [home]


def test_partners_come_from_alliances(page, branch_organiser_a, campaign, region):
    partner = Partner.objects.create(
        region=region, name="Synthetic Bolton Faith Forum", kind="faith"
    )
    login(page, "branch_a", PASSWORD)
    page.goto(f"/campaigns/{campaign.slug}/")
    box = page.get_by_test_id("campaign-partners")
    box.get_by_label("Add a partner").select_option(str(partner.pk))
    box.get_by_role("button", name="Add").click()
    page.get_by_test_id("campaign-partners").get_by_role("link", name=partner.name).click()
    page.wait_for_url(f"**/alliances/partners/{partner.pk}/")
    assert list(partner.campaigns.all()) == [campaign]


def test_an_event_cannot_be_held_before_it_starts(page, branch_organiser_a, campaign, branch_a):
    soon = timezone.localtime() + dt.timedelta(days=3)
    event = Event.objects.create(
        campaign=campaign,
        kind=EventKind.STALL,
        title="Synthetic stall next week",
        starts_at=soon,
        branch=branch_a,
        status=EventStatus.PLANNED,
    )
    login(page, "branch_a", PASSWORD)
    page.goto(f"/campaigns/events/{event.pk}/edit/")
    page.get_by_label("Status").select_option("held")
    page.get_by_label("Head count").fill("40")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("An event can be marked held once it has started.").wait_for()
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED and event.headcount is None


def test_each_campaign_has_its_own_report_as_a_page_and_a_pdf(
    page, regional_organiser, campaign, branch_a
):
    Event.objects.create(
        campaign=campaign,
        kind=EventKind.LOBBY,
        title="Synthetic lobby of the council",
        starts_at=timezone.now() - dt.timedelta(days=10),
        branch=branch_a,
        status=EventStatus.HELD,
        headcount=42,
    )
    other = Campaign.objects.create(
        name="Synthetic Other Drive",
        slug="other",
        starts_on=dt.date(2026, 1, 1),
        region=campaign.region,
    )
    Event.objects.create(
        campaign=other,
        kind=EventKind.STALL,
        title="Synthetic stall elsewhere",
        starts_at=timezone.now() - dt.timedelta(days=3),
        status=EventStatus.HELD,
    )
    login(page, "regional", PASSWORD)
    page.goto(f"/campaigns/{campaign.slug}/")
    page.get_by_role("link", name="This campaign's report").click()
    page.get_by_role("heading", level=1, name=re.compile(campaign.name)).wait_for()
    text = page.locator("main").inner_text()
    assert "Synthetic lobby of the council" in text and "Synthetic stall elsewhere" not in text
    assert re.search(r"1\s+held", page.get_by_test_id("campaign-report-events").inner_text())
    pdf = page.request.get(page.get_by_test_id("campaign-report-pdf").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
