"""An organiser's day, end to end, on a desktop and on a phone (issue 19, Done means).

Each journey starts where the user lands after logging in and moves only by what the page
offers (menus, links, buttons, the search box): a page with no way on is a dead end and fails
the journey. The other journeys of the issue run in their own files: importing an extract
(test_people), the review queue by keyboard (test_linkage, test_consistency), a council from
not approached to signed and the public scoreboard (test_charters), a campaign with goals,
events, sign-ups and its report (test_campaigns, test_campaign_work), pledges
(test_pledges), facility time (test_facility).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from commonground.campaigns.models import Campaign, Event, EventKind, EventStatus, Goal, Metric
from commonground.facility.models import Employer, TimeEntry
from commonground.people.actions import log_conversation, set_workplace_role
from commonground.people.models import Conversation
from commonground.people.tests.conftest import make_person
from commonground.testing import PASSWORD, make_location

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

DEVICES = ["page", "phone_page"]


def go_to_section(page: Any, name: str) -> None:
    """Open a section from the main navigation: the menu on a phone, the bar on a desktop."""
    nav = page.get_by_role("navigation", name="Main")
    if nav.is_visible():
        nav.get_by_role("link", name=name, exact=True).click()
    else:
        page.locator(".nav-toggle > summary").click()
        page.locator(".nav-toggle").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("load")


@pytest.fixture
def bolton_homes(branch_organiser_a, branch_a, council_a, workplace_x):
    workplace_x.workforce_override = 40
    workplace_x.save(update_fields=["workforce_override"])
    make_location(council_a, "Synthetic Quiet Lodge", postcode="BL5 1AA")
    people = [
        make_person(
            branch_a, workplace_x, full_name=f"Synthetic Journey Member {n}", number=f"J{n}"
        )
        for n in range(6)
    ]
    set_workplace_role(branch_organiser_a, people[0], "rep")
    return workplace_x, people


@pytest.mark.parametrize("device", DEVICES)
def test_find_a_councils_homes_open_one_and_see_its_members_and_density(
    request, device, branch_organiser_a, bolton_homes
):
    page = request.getfixturevalue(device)
    home, _people = bolton_homes
    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/my-day/")
    go_to_section(page, "Register")
    page.locator("select[name=council]").select_option(label="Bolton")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=home.name).first.click()
    page.get_by_role("heading", level=1, name=re.compile(home.name)).wait_for()
    figures = page.get_by_test_id("workplace-figures").inner_text()
    assert "6" in figures and "15.0%" in figures  # 6 members of a workforce of 40
    page.get_by_role("link", name=re.compile("Wall chart")).click()
    assert page.locator(".person-card").count() == 6


@pytest.mark.parametrize("device", DEVICES)
def test_a_rep_logs_a_one_to_one_from_my_day(request, device, rep_at_workplace_x, bolton_homes):
    page = request.getfixturevalue(device)
    _home, people = bolton_homes
    due = timezone.localdate()
    log_conversation(rep_at_workplace_x, people[2], next_step="Ask about the rota", follow_up=due)
    login(page, "rep_x", PASSWORD)
    page.wait_for_url("**/my-day/")
    section = page.locator("#follow-ups")
    section.get_by_role("link", name=people[2].full_name).click()
    page.get_by_role("radio", name=re.compile("leader")).check()
    page.get_by_label("Outcome").select_option("supportive")
    page.get_by_label("Next step").fill("Bring two colleagues to the meeting")
    page.get_by_label("Follow up on").fill((due + dt.timedelta(days=7)).isoformat())
    assert page.get_by_label(re.compile("This was the follow-up due")).is_checked()
    page.get_by_role("button", name="Save one-to-one").click()
    page.get_by_text("One-to-one saved.").wait_for()
    people[2].refresh_from_db()
    assert people[2].assessment == 1 and people[2].follow_up_due == due + dt.timedelta(days=7)
    assert Conversation.objects.filter(person=people[2], follow_up_done=False).count() == 1
    # Back to My day: the follow-up moved on a week.
    go_to_section(page, "My day")
    later = due + dt.timedelta(days=7)
    row = page.locator("#follow-ups li").filter(has_text=people[2].full_name).inner_text()
    assert f"{later.day} {later:%b %Y}" in row and "today" not in row


@pytest.mark.parametrize("device", DEVICES)
def test_search_everything_from_the_header(request, device, branch_organiser_a, bolton_homes):
    page = request.getfixturevalue(device)
    _home, people = bolton_homes
    target = people[3]
    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/my-day/")
    if device == "page":
        # Keyboard only: "/" to the box, the live list, arrow down, Enter.
        page.keyboard.press("/")
        page.keyboard.type("synthetic journey member 3")
        page.locator("#site-search-results a").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    else:
        box = page.get_by_role("searchbox", name="Find people, workplaces and more")
        box.fill("journey member 3")
        box.press("Enter")
        page.get_by_test_id("search-results").get_by_role("link", name=target.full_name).click()
    page.get_by_role("heading", level=1, name=re.compile(target.full_name)).wait_for()


@pytest.fixture
def secretary_world(region, branch_a, rep_at_workplace_x):
    return Employer.objects.create(
        region=region, name="Synthetic Bolton Council", working_weeks=Decimal(52)
    )


def test_a_secretary_records_a_reps_facility_time_on_a_phone(
    phone_page, branch_organiser_a, rep_at_workplace_x, secretary_world
):
    page = phone_page
    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/my-day/")
    go_to_section(page, "Facility time")
    page.get_by_role("link", name="Record time").click()
    page.get_by_label("Whose time").select_option(str(rep_at_workplace_x.pk))
    page.get_by_label("Date").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Hours").fill("2")
    page.get_by_label("Category").select_option("representation")
    page.locator("#id_employer").select_option(label="Synthetic Bolton Council")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("and approved").wait_for()
    assert TimeEntry.objects.get().activist == rep_at_workplace_x


def test_a_campaigns_report_is_reached_from_the_campaigns_section_on_a_phone(
    phone_page, regional_organiser, region, branch_a, workplace_x
):
    campaign = Campaign.objects.create(
        name="Synthetic Phone Drive",
        slug="phone-drive",
        starts_on=dt.date(2026, 1, 1),
        region=region,
    )
    goal = Goal.objects.create(
        campaign=campaign, metric=Metric.EVENTS_HELD, target_value=Decimal(4)
    )
    goal.workplaces.set([workplace_x])
    Event.objects.create(
        campaign=campaign,
        kind=EventKind.STALL,
        title="Synthetic market stall",
        starts_at=timezone.now() - dt.timedelta(days=2),
        status=EventStatus.HELD,
        headcount=30,
    )
    page = phone_page
    login(page, "regional", PASSWORD)
    page.wait_for_url("**/dashboard/")
    go_to_section(page, "Campaigns")
    page.get_by_role("link", name="Synthetic Phone Drive").click()
    page.get_by_role("link", name="This campaign's report").click()
    assert "Synthetic market stall" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
