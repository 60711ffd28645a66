"""The same figure, date and style everywhere (issue 19, defect 15)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from commonground.alliances.models import Direction, LedgerEntry, Partner, SupportKind, Unit
from commonground.charters.models import Charter, Status, Target, TargetKind, TargetStatus
from commonground.charters.seed import seed_charters
from commonground.jobs.models import Job, JobStatus
from commonground.linkage.models import ReviewItem, ReviewStatus
from commonground.people.models import Person
from commonground.testing import PASSWORD, make_location

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def make_queue(branch, council):
    """Two records waiting for review, each with two candidate homes."""
    homes = [
        make_location(council, "Synthetic Willows Nursing Home", postcode="BL3 1AB"),
        make_location(council, "Synthetic Willows Lodge", postcode="BL3 2CD"),
    ]
    items = []
    for n, text in enumerate(["Willows", "Willow lodge"]):
        person = Person.objects.create(
            branch=branch, full_name=f"Synthetic Queue Person {n}", workplace_text=text
        )
        candidates = [
            {
                "location_id": h.pk,
                "cqc_id": h.cqc_id,
                "name": h.name,
                "score": 70.0 - i,
                "provider_id": None,
                "reasons": ["name matches 70%"],
            }
            for i, h in enumerate(homes)
        ]
        items.append(
            ReviewItem.objects.create(
                person=person,
                branch=branch,
                workplace_text=text,
                best_score=70.0 - n,
                status=ReviewStatus.OPEN,
                candidates=candidates,
            )
        )
    return items


@pytest.fixture
def signed_charter(region, council_a):
    seed_charters()
    charter = Charter.objects.order_by("pk")[0]
    target = Target.objects.create(
        kind=TargetKind.COUNCIL, name="Synthetic Bolton Council", region=region, council=council_a
    )
    TargetStatus.objects.create(
        target=target,
        charter=charter,
        status=Status.SIGNED,
        status_since=dt.date(2026, 3, 14),
        signed_on=dt.date(2026, 3, 14),
    )
    charter.scoreboard_published = True
    charter.scoreboard_published_at = timezone.now()
    charter.save()
    return charter


def test_charter_cards_and_the_dashboard_count_the_same_way(
    page, regional_organiser, signed_charter
):
    login(page, "regional", PASSWORD)
    page.goto("/dashboard/")
    panel = page.locator("section[aria-labelledby=p-charters]").inner_text()
    dashboard = re.search(r"(\d+) / (\d+) · " + re.escape(signed_charter.name), panel)
    assert dashboard is not None
    page.goto("/charters/")
    card = page.locator(".charter-cards > li").filter(has_text=signed_charter.name).inner_text()
    assert f"{dashboard.group(1)} / {dashboard.group(2)}" in card
    assert dashboard.group(1) == "1"
    commitments = signed_charter.commitments.filter(is_placeholder=False).count()
    assert re.search(rf"\b{commitments}\s+commitments listed", card)


def test_public_pages_show_dates_as_every_other_page_does(page, signed_charter):
    page.goto(f"/charters/public/{signed_charter.slug}/")
    table = page.get_by_test_id("public-scoreboard").inner_text()
    assert "14 Mar 2026" in table and "2026-03-14" not in table


def test_every_section_has_the_same_sub_navigation(page, regional_organiser):
    login(page, "regional", PASSWORD)
    styles = set()
    for url in (
        "/people/",
        "/register/",
        "/density/",
        "/charters/",
        "/campaigns/",
        "/alliances/",
        "/facility/",
    ):
        page.goto(url)
        nav = page.locator("main nav.subnav").first
        assert nav.is_visible(), url
        link = nav.locator("a").first
        styles.add(
            link.evaluate("a => getComputedStyle(a).borderRadius + getComputedStyle(a).borderStyle")
        )
    assert len(styles) == 1, styles


def test_the_review_queue_counts_follow_keyboard_decisions(
    page, branch_organiser_a, branch_a, council_a
):
    items = make_queue(branch_a, council_a)
    login(page, "branch_a", PASSWORD)
    page.goto("/linkage/")
    assert page.get_by_test_id("tab-open").inner_text() == "2"
    assert page.get_by_test_id("tab-accepted").inner_text() == "0"
    page.wait_for_selector(f"#review-row-{items[0].pk}.selected")
    page.keyboard.press("a")
    page.wait_for_selector(f"#review-row-{items[0].pk}", state="detached")
    page.wait_for_function(
        "document.querySelector('[data-testid=tab-open]').textContent.trim() === '1'"
    )
    assert page.get_by_test_id("tab-accepted").inner_text() == "1"


def test_a_regional_organiser_sees_the_branch_imports_in_their_region(
    page, regional_organiser, branch_organiser_a, branch_a
):
    Job.objects.create(
        kind="people-import",
        label="Import synthetic-branch-list.csv",
        owner=branch_organiser_a,
        branch=branch_a,
        status=JobStatus.DONE,
    )
    login(page, "regional", PASSWORD)
    page.goto("/jobs/")
    assert "Import synthetic-branch-list.csv" in page.locator("main").inner_text()


def test_removing_a_ledger_entry_asks_first(page, regional_organiser, region, branch_a):
    partner = Partner.objects.create(region=region, name="Synthetic Ledger Partner", kind="faith")
    entry = LedgerEntry.objects.create(
        partner=partner,
        branch=branch_a,
        direction=Direction.GIVEN,
        kind=SupportKind.TURNOUT,
        unit=Unit.COUNT,
        quantity=3,
        date=dt.date(2026, 5, 1),
        description="Synthetic: stewards at their event",
    )
    login(page, "regional", PASSWORD)
    page.goto("/alliances/ledger/")
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("button", name="Remove").first.click()
    page.wait_for_timeout(300)
    assert dialogs and "cannot be undone" in dialogs[0]
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
