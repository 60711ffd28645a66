"""A workplace's register page shows its organisation (issue 19, defect 4): members, reps and
density in scope, the wall chart, conversations due, campaigns and charter targets."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from commonground.campaigns.models import Campaign, Goal, Metric
from commonground.charters.models import Charter, Status, Target, TargetKind, TargetStatus
from commonground.charters.seed import seed_charters
from commonground.people.actions import log_conversation, set_workplace_role
from commonground.people.tests.conftest import make_person
from commonground.testing import PASSWORD

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organised_home(branch_organiser_a, region, branch_a, council_a, workplace_x):
    workplace_x.workforce_override = 30  # the organisers' own count: 12 of 30 is 40.0%
    workplace_x.save(update_fields=["workforce_override"])
    people = [
        make_person(branch_a, workplace_x, full_name=f"Synthetic Member {n:02d}", number=f"W{n}")
        for n in range(12)
    ]
    for person in people[:2]:
        set_workplace_role(branch_organiser_a, person, "rep")
    log_conversation(
        branch_organiser_a,
        people[5],
        next_step="Bring the petition",
        follow_up=timezone.localdate() + datetime.timedelta(days=2),
    )
    campaign = Campaign.objects.create(
        name="Synthetic Hollins Park Drive",
        slug="hollins",
        starts_on=datetime.date(2026, 1, 1),
        region=region,
    )
    goal = Goal.objects.create(campaign=campaign, metric=Metric.DENSITY, target_value=Decimal(30))
    goal.workplaces.set([workplace_x])
    seed_charters()
    target = Target.objects.create(
        kind=TargetKind.COUNCIL, name="Synthetic Bolton Council", region=region, council=council_a
    )
    TargetStatus.objects.create(
        target=target, charter=Charter.objects.order_by("pk")[0], status=Status.SIGNED
    )
    return workplace_x


def test_the_workplace_page_shows_members_reps_density_and_links(
    page, branch_organiser_a, organised_home
):
    login(page, "branch_a", PASSWORD)
    page.goto(f"/register/locations/{organised_home.cqc_id}/")
    panel = page.locator("#people-and-density")
    text = re.sub(r"\s+", " ", panel.inner_text())
    assert "will appear here" not in text
    assert "12 members" in text and "2 reps" in text
    # 12 members of a workforce of 30: the density the density pages show.
    assert "40.0% density" in text and "~30 workers" in text
    assert "Synthetic Member 05" in text  # the conversation due
    assert "Synthetic Hollins Park Drive" in text and "Synthetic Bolton Council" in text
    panel.get_by_role("link", name=re.compile("Wall chart")).click()
    page.wait_for_url(f"**/people/workplaces/{organised_home.pk}/")
    assert page.locator(".person-card").count() == 12


def test_a_viewer_sees_figures_but_no_names(page, viewer, organised_home):
    login(page, "viewer", PASSWORD)
    page.goto(f"/register/locations/{organised_home.cqc_id}/")
    text = page.locator("#people-and-density").inner_text()
    assert "12" in text and "Synthetic Member" not in text
    assert page.get_by_role("link", name=re.compile("Wall chart")).count() == 0
