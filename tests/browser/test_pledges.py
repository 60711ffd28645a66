"""Candidates' pledges and the add-target form (issue 19, defect 12)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from commonground.charters.models import Charter, Status, Target, TargetKind, TargetStatus
from commonground.charters.seed import seed_charters
from commonground.testing import PASSWORD, make_location, make_provider

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def pledged_candidate(region, election: dt.date) -> tuple[Target, Charter]:
    seed_charters()
    charter = Charter.objects.order_by("pk")[0]
    target = Target.objects.create(
        kind=TargetKind.CANDIDATE,
        name="Synthetic Candidate Person",
        region=region,
        standing_for="Mayor of the Synthetic City Region",
        election_date=election,
    )
    TargetStatus.objects.create(target=target, charter=charter, status=Status.PLEDGED)
    return target, charter


def test_no_election_outcome_before_the_election(page, regional_organiser, region):
    election = timezone.localdate() + dt.timedelta(days=60)
    target, charter = pledged_candidate(region, election)
    login(page, "regional", PASSWORD)
    page.goto(f"/charters/targets/{target.pk}/?charter={charter.slug}")
    page.get_by_label("Elected?").select_option("yes")
    page.get_by_label("Pledge honoured?").select_option("no")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_text(re.compile("record the outcome after it")).wait_for()
    target.refresh_from_db()
    assert target.elected is None
    assert TargetStatus.objects.get(target=target).pledge_honoured is None


def test_a_broken_pledge_shows_on_the_scoreboard_and_the_list(page, regional_organiser, region):
    election = timezone.localdate() - dt.timedelta(days=30)
    target, charter = pledged_candidate(region, election)
    login(page, "regional", PASSWORD)
    page.goto(f"/charters/targets/{target.pk}/?charter={charter.slug}")
    page.get_by_label("Elected?").select_option("yes")
    page.get_by_label("Pledge honoured?").select_option("no")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_text("Pledge outcome saved.").wait_for()
    assert TargetStatus.objects.get(target=target).pledge_honoured is False

    page.goto(f"/charters/scoreboard/?charter={charter.slug}")
    row = page.get_by_role("row").filter(has_text="Synthetic Candidate Person")
    assert "pledge not honoured" in row.inner_text()
    page.goto(f"/charters/targets/?charter={charter.slug}")
    row = page.get_by_role("row").filter(has_text="Synthetic Candidate Person")
    assert "pledge not honoured" in row.inner_text()


def test_the_add_target_form_shows_the_fields_of_the_kind_and_finds_providers(
    page, regional_organiser, region, council_a
):
    seed_charters()
    provider = make_provider("Synthetic Quillon Care Group Ltd", cqc_id="1-900000001")
    make_location(council_a, "Synthetic Quillon House", provider=provider)
    login(page, "regional", PASSWORD)
    page.goto("/charters/targets/add/")
    page.get_by_label("Kind").select_option("provider")
    assert page.locator('.field[data-field="council"]').is_hidden()
    assert page.locator('.field[data-field="standing_for"]').is_hidden()
    page.get_by_label("Find by name, postcode or CQC id").fill("quillon")
    page.get_by_label("Synthetic Quillon Care Group Ltd").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", level=1, name=re.compile("Synthetic Quillon Care Group")).wait_for()
    target = Target.objects.get(kind=TargetKind.PROVIDER)
    assert target.provider == provider and target.council is None
    page.goto("/charters/targets/add/")
    page.get_by_label("Kind").select_option("candidate")
    assert page.locator('.field[data-field="standing_for"]').is_visible()
    assert page.locator('.field[data-field="provider"]').is_hidden()
