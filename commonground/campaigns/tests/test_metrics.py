from __future__ import annotations

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from commonground.campaigns import actions, metrics
from commonground.campaigns.models import Event, EventKind, EventStatus, Metric
from commonground.campaigns.tests.conftest import make_goal
from commonground.charters import actions as charter_actions
from commonground.charters.models import Charter, Target


def _held(campaign, day, headcount=None, kind=EventKind.LOBBY, status=EventStatus.HELD):
    return Event.objects.create(
        campaign=campaign,
        kind=kind,
        title=f"Event {day}",
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
        status=status,
        headcount=headcount,
    )


@pytest.mark.django_db
def test_events_held_follows_the_events(campaign):
    goal = make_goal(campaign, Metric.EVENTS_HELD, 4)
    assert metrics.progress(goal).value == 0
    _held(campaign, datetime.date(2025, 3, 1))
    _held(campaign, datetime.date(2025, 4, 1), status=EventStatus.PLANNED)
    _held(campaign, datetime.date(2024, 4, 1))  # before the campaign's period
    progress = metrics.progress(goal)
    assert progress.value == 1 and progress.percent == 25
    only_stalls = make_goal(campaign, Metric.EVENTS_HELD, 4, event_kind=EventKind.STALL)
    assert metrics.compute(only_stalls) == 0


@pytest.mark.django_db
def test_attendance_uses_head_counts_else_attended_sign_ups(campaign):
    goal = make_goal(campaign, Metric.ATTENDANCE, 100)
    _held(campaign, datetime.date(2025, 3, 1), headcount=40)
    counted_by_signups = _held(campaign, datetime.date(2025, 3, 2))
    assert metrics.compute(goal) == 40
    for n in range(3):
        actions.record_signup(
            None,
            counted_by_signups,
            name=f"S{n}",
            phone="0",
            lawful_basis="consent",
            consent_wording="ok",
        )
    assert metrics.compute(goal) == 43


@pytest.mark.django_db
def test_councils_signed_follows_charter_statuses(
    campaign, regional_organiser, council_a, council_b
):
    ecc = Charter.objects.get(slug="ethical-care")
    campaign.charters.set([ecc])
    goal = make_goal(campaign, Metric.COUNCILS_SIGNED, 2)
    assert metrics.compute(goal) == 0
    bolton = Target.objects.create(
        kind="council", name="Bolton", region=campaign.region, council=council_a
    )
    ts = charter_actions.status_for(bolton, ecc)
    charter_actions.change_status(regional_organiser, ts, "pledged", on=datetime.date(2025, 2, 1))
    assert metrics.compute(goal) == 0
    charter_actions.change_status(regional_organiser, ts, "signed", on=datetime.date(2025, 3, 1))
    assert metrics.compute(goal) == 1
    # Another charter does not count toward this goal.
    other = Target.objects.create(
        kind="council", name="Liverpool", region=campaign.region, council=council_b
    )
    charter_actions.change_status(
        regional_organiser,
        charter_actions.status_for(other, Charter.objects.get(slug="migrant-workers")),
        "signed",
    )
    assert metrics.compute(goal) == 1
    # Signing after the goal's period does not count; lapsing takes it away.
    charter_actions.change_status(regional_organiser, ts, "lapsed")
    assert metrics.compute(goal) == 0


@pytest.mark.django_db
def test_the_campaign_page_shows_progress_changing(client, viewer, campaign):
    make_goal(campaign, Metric.EVENTS_HELD, 2, label="Events held")
    client.force_login(viewer)
    url = reverse("campaigns:campaign-detail", args=[campaign.slug])
    assert 'data-testid="goal-value">0<' in client.get(url).content.decode()
    _held(campaign, datetime.date(2025, 5, 5))
    body = client.get(url).content.decode()
    assert 'data-testid="goal-value">1<' in body and "50%" in body


_SEQ = itertools.count(1)


def _member(branch, joined, location=None, status="member"):
    from commonground.people.models import Membership, Person

    person = Person.objects.create(
        branch=branch, full_name=f"Synthetic Member {next(_SEQ)}", location=location
    )
    return Membership.objects.create(person=person, branch=branch, status=status, joined=joined)


@pytest.mark.django_db
def test_members_recruited_counts_joiners_in_the_period_and_branches(campaign, branch_a, branch_b):
    goal = make_goal(campaign, Metric.MEMBERS_RECRUITED, 10)
    assert metrics.compute(goal) == 0
    _member(branch_a, datetime.date(2025, 3, 1))
    _member(branch_a, datetime.date(2024, 3, 1))  # before the period
    _member(branch_b, datetime.date(2025, 3, 1))  # not a campaign branch
    assert metrics.compute(goal) == 1
    _member(branch_a, datetime.date(2025, 9, 9))
    assert metrics.progress(goal).percent == 20


@pytest.mark.django_db
def test_density_at_target_workplaces_follows_members(campaign, branch_a, workplace_x):
    workplace_x.workforce_override = 20
    workplace_x.save()
    goal = make_goal(campaign, Metric.DENSITY, 30)
    goal.workplaces.set([workplace_x])
    assert metrics.compute(goal) == 0
    _member(branch_a, datetime.date(2025, 3, 1), location=workplace_x)
    _member(branch_a, datetime.date(2025, 3, 1), location=workplace_x, status="lapsed")
    assert metrics.compute(goal) == 5.0


@pytest.mark.django_db
def test_density_goal_measures_what_the_density_pages_show(
    client, campaign, branch_a, council_a, regional_organiser
):
    """No override: the workforce is the register's estimate (40 beds × 1.0 for a care
    home), as on the density table. The goal used to sum overrides only and said "not
    available" for every home the density pages measured."""
    from commonground.testing import make_location

    home = make_location(
        council_a, "Synthetic Estimate Home", beds=40, primary_service_type="care_home"
    )
    goal = make_goal(campaign, Metric.DENSITY, 30)
    goal.workplaces.set([home])
    for _ in range(2):
        _member(branch_a, datetime.date(2025, 3, 1), location=home)
    assert metrics.compute(goal) == 5.0  # 2 / 40
    client.force_login(regional_organiser)
    table = client.get(reverse("density:table", args=["location"])).content.decode()
    assert "Synthetic Estimate Home" in table and "5.0%" in table
    page = client.get(reverse("campaigns:campaign-detail", args=[campaign.slug])).content.decode()
    assert 'data-testid="goal-value">5<' in page


@pytest.mark.django_db
def test_a_density_goal_without_workplaces_is_not_measured(campaign):
    density = make_goal(campaign, Metric.DENSITY, 30)
    assert metrics.compute(density) is None
    assert not metrics.progress(density).available
