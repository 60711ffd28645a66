"""No raw internals on screen (issue 19, defect 14): audit details, job counts, money, the log-in
page's title, the icon, and the "not found" page of the demo."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from commonground.charters.models import Charter
from commonground.charters.seed import seed_charters
from commonground.facility.models import Employer, PeriodInput
from commonground.jobs.models import Job, JobStatus
from commonground.people.actions import update_person
from commonground.people.tests.conftest import make_person
from commonground.testing import PASSWORD

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_audit_trail_reads_as_words_not_dictionaries(page, admin, branch_a, workplace_x):
    person = make_person(branch_a, workplace_x, full_name="Synthetic Audited Person")
    update_person(admin, person, {"job_title": "Cook", "lawful_basis": "consent"})
    login(page, "admin", PASSWORD)
    page.goto("/audit/")
    table = page.locator("table.audit").inner_text()
    assert "people.person.changed" in table
    assert "{" not in table and "'" not in table
    assert "lawful basis › to: consent" in table


def test_a_finished_linking_job_says_what_happened_in_words(page, branch_organiser_a, branch_a):
    job = Job.objects.create(
        kind="linkage",
        label="Link people to workplaces",
        owner=branch_organiser_a,
        branch=branch_a,
        status=JobStatus.DONE,
        result={"people": 1200, "auto": 900, "provider_only": 12, "by_alias": 40},
    )
    login(page, "branch_a", PASSWORD)
    page.goto(f"/jobs/{job.pk}/")
    text = page.locator("main").inner_text()
    assert "provider_only" not in text and "by_alias" not in text
    assert "Linked to an employer only (no workplace)" in text
    assert "1,200" in text


def test_money_has_thousands_separators(page, branch_organiser_a, region):
    employer = Employer.objects.create(
        region=region, name="Synthetic Big Council", working_weeks=Decimal(52)
    )
    period = PeriodInput.objects.create(
        employer=employer,
        start=dt.date(2024, 4, 1),
        end=dt.date(2025, 3, 31),
        total_pay_bill=Decimal("48250000.00"),
    )
    login(page, "branch_a", PASSWORD)
    page.goto(f"/facility/figures/{period.pk}/")
    text = page.locator("main").inner_text()
    assert "£48,250,000" in text and "48250000" not in text


def test_the_login_page_is_titled_after_the_product_and_has_an_icon(page, live_server):
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto("/accounts/login/")
    assert page.title() == "Log in · Commonground"
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon and page.request.get(icon).ok
    assert page.request.get("/favicon.ico").ok
    assert not missing


def test_an_unpublished_scoreboard_is_a_plain_not_found_page_in_the_demo(page, settings, region):
    settings.DEBUG = True  # as the demo runs
    seed_charters()
    charter = Charter.objects.order_by("pk").first()
    assert charter is not None and not charter.scoreboard_published
    response = page.goto(f"/charters/public/{charter.slug}/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Not found").is_visible()
    assert "DEBUG = True" not in page.content()
    assert not re.search(r"URLconf|urlpatterns", page.content())
