"""One small-count policy (``accounts.permissions.must_suppress``) on every page that counts
people: a persona sees the same figure hidden, or the same figure shown, wherever it appears.

Before the policy had one home, density hid counts by role while campaigns and partners hid
them by ``view_people``, which reps hold: a rep saw "<5" members on the density page and the
exact 3 on the campaign page and the partner page.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commonground.accounts.permissions import must_suppress
from commonground.alliances.models import Partner
from commonground.campaigns.models import Campaign, Goal, Metric
from commonground.people.models import Membership, MembershipStatus, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_members(region, branch_a, workplace_x):
    """Three members of branch T-A at workplace X who joined in 2025."""
    partner = Partner.objects.create(
        region=region, name="Synthetic Tenants Union", kind="community"
    )
    people = []
    for n in range(3):
        person = Person.objects.create(
            branch=branch_a,
            full_name=f"Synthetic Member {n}",
            location=workplace_x,
            recruited_via=partner,
        )
        Membership.objects.create(
            person=person,
            branch=branch_a,
            status=MembershipStatus.MEMBER,
            joined=datetime.date(2025, 3, 1),
        )
        people.append(person)
    return partner


@pytest.fixture
def recruiting_campaign(region, branch_a):
    campaign = Campaign.objects.create(
        name="Synthetic Recruit Drive",
        slug="synthetic-recruit-drive",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        region=region,
    )
    campaign.branches.set([branch_a])
    Goal.objects.create(campaign=campaign, metric=Metric.MEMBERS_RECRUITED, target_value=10)
    return campaign


def _pages(client, user, campaign, partner):
    client.force_login(user)
    density = client.get(reverse("density:overview")).content.decode()
    goal = client.get(reverse("campaigns:campaign-detail", args=[campaign.slug])).content.decode()
    recruits = client.get(reverse("alliances:partner-detail", args=[partner.pk])).content.decode()
    client.logout()
    return density, goal, recruits


@pytest.mark.parametrize(
    ("persona", "hidden"),
    [
        ("rep_at_workplace_x", True),
        ("viewer", True),
        ("branch_organiser_a", False),
        ("regional_organiser", False),
    ],
)
def test_every_page_hides_or_shows_a_small_count_alike(
    request, client, persona, hidden, three_members, recruiting_campaign
):
    user = request.getfixturevalue(persona)
    assert must_suppress(user) is hidden
    density, goal, recruits = _pages(client, user, recruiting_campaign, three_members)
    if hidden:
        assert 'data-testid="goal-value">&lt;5<' in goal
        assert "&lt;5" in density
        assert "&lt;5" in recruits
    else:
        assert 'data-testid="goal-value">3<' in goal
        assert "&lt;5" not in density and "&lt;5" not in recruits


def test_anonymous_visitors_see_small_counts_hidden():
    from django.contrib.auth.models import AnonymousUser

    assert must_suppress(AnonymousUser()) is True
    assert must_suppress(None) is True
