from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commonground.facility.models import Employer, OfficialTerms, PeriodInput, TimeEntry
from commonground.testing import PASSWORD
from tests.browser.conftest import login


@pytest.fixture
def employer(region, council_a):
    return Employer.objects.create(
        region=region, name="Synthetic Bolton Council", working_weeks=Decimal(52)
    )


@pytest.mark.django_db(transaction=True)
def test_a_rep_records_time_and_the_secretary_approves(
    page, phone_page, rep_at_workplace_x, branch_organiser_a, employer
):
    # The rep records from a phone.
    login(phone_page, "rep_x", PASSWORD)
    phone_page.wait_for_url("**/dashboard/**")
    phone_page.goto("/facility/")
    phone_page.get_by_role("link", name="Record time").click()
    phone_page.get_by_label("Date").fill("2025-05-06")
    phone_page.get_by_label("Hours").fill("3.5")
    phone_page.get_by_label("Category").select_option("representation")
    phone_page.locator("#id_employer").select_option(label="Synthetic Bolton Council")
    phone_page.get_by_label("What for").fill("Grievance hearing")
    phone_page.get_by_role("button", name="Save").click()
    assert "Awaiting approval" in phone_page.get_by_test_id("entries").inner_text()

    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/dashboard/**")
    page.goto("/facility/")
    page.get_by_role("button", name="Approve").click()
    assert "Approved" in page.get_by_test_id("entries").inner_text()
    assert TimeEntry.objects.get().status == "approved"


@pytest.mark.django_db(transaction=True)
def test_the_figures_page_shows_the_statutory_tables(
    page, branch_organiser_a, rep_at_workplace_x, branch_a, employer
):
    period = PeriodInput.objects.create(
        employer=employer,
        start=dt.date(2024, 4, 1),
        end=dt.date(2025, 3, 31),
        total_pay_bill=Decimal(100000),
    )
    OfficialTerms.objects.create(
        period=period,
        activist=rep_at_workplace_x,
        contracted_hours_per_week=Decimal(37),
        hourly_rate=Decimal(20),
    )
    TimeEntry.objects.create(
        activist=rep_at_workplace_x,
        branch=branch_a,
        employer=employer,
        date=dt.date(2024, 6, 1),
        hours=Decimal(10),
        category="duties",
        status="approved",
    )
    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/dashboard/**")
    page.goto("/facility/employers/")
    page.get_by_role("link", name="2024/25").click()
    assert page.get_by_test_id("officials").inner_text() == "1"
    assert page.get_by_test_id("band-1-50").inner_text() == "1"
    assert page.get_by_test_id("cost").inner_text() == "£200"
    assert page.get_by_test_id("pay-bill-pct").inner_text() == "0.20%"


@pytest.mark.django_db(transaction=True)
def test_a_regional_organiser_records_time_against_a_branch(
    page, regional_organiser, branch_a, employer
):
    # Issue 19, defect 10: "You need a branch to record facility time".
    login(page, "regional", PASSWORD)
    page.goto("/facility/new/")
    assert page.get_by_role("heading", name="Record facility time").is_visible()
    page.get_by_label("Date").fill("2025-05-06")
    page.get_by_label("Hours").fill("2")
    page.get_by_label("Category").select_option("activities")
    page.locator("#id_employer").select_option(label="Synthetic Bolton Council")
    page.get_by_label("Branch").select_option(str(branch_a.pk))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved. Your branch secretary will approve it.").wait_for()
    entry = TimeEntry.objects.get()
    assert entry.activist == regional_organiser and entry.branch == branch_a
    assert entry.status == "pending"


@pytest.mark.django_db(transaction=True)
def test_a_branch_secretary_records_hours_for_a_rep(
    page, branch_organiser_a, rep_at_workplace_x, branch_a, employer
):
    # Issue 19, defect 10: a branch secretary could not record hours for a rep.
    login(page, "branch_a", PASSWORD)
    page.goto("/facility/new/")
    page.get_by_label("Whose time").select_option(str(rep_at_workplace_x.pk))
    page.get_by_label("Date").fill("2025-05-07")
    page.get_by_label("Hours").fill("1.5")
    page.get_by_label("Category").select_option("duties")
    page.locator("#id_employer").select_option(label="Synthetic Bolton Council")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("and approved").wait_for()
    entry = TimeEntry.objects.get()
    assert entry.activist == rep_at_workplace_x and entry.branch == branch_a
    assert entry.status == "approved" and entry.decided_by == branch_organiser_a
    row = page.get_by_test_id("entries").get_by_role("row").filter(has_text="rep_x")
    assert "Approved" in row.inner_text()
