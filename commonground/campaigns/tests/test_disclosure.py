"""Campaign goals that count people hide small counts from anyone who may not see people."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.campaigns import metrics
from commonground.campaigns.models import Metric
from commonground.campaigns.tests.conftest import make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_recruited(monkeypatch):
    monkeypatch.setitem(metrics.REGISTRY, Metric.MEMBERS_RECRUITED, lambda scope: 3.0)
    monkeypatch.setitem(metrics.REGISTRY, Metric.EVENTS_HELD, lambda scope: 2.0)


def test_a_small_count_of_people_is_hidden_with_its_percentage(campaign, three_recruited):
    goal = make_goal(campaign, Metric.MEMBERS_RECRUITED, target=10)
    hidden = metrics.progress(goal, suppress_small=True)
    assert hidden.hidden and hidden.value_label == "<5" and hidden.percent is None
    exact = metrics.progress(goal)
    assert not exact.hidden and exact.value == 3.0 and exact.percent == 30


def test_counts_of_things_not_people_are_not_hidden(campaign, three_recruited):
    goal = make_goal(campaign, Metric.EVENTS_HELD, target=4)
    assert not metrics.progress(goal, suppress_small=True).hidden


def test_the_campaign_page_shows_viewers_less_than_five(
    client, campaign, viewer, regional_organiser, three_recruited
):
    make_goal(campaign, Metric.MEMBERS_RECRUITED, target=10)
    url = reverse("campaigns:campaign-detail", args=[campaign.slug])
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert 'data-testid="goal-value">&lt;5<' in page and "30%" not in page
    client.logout()
    client.force_login(regional_organiser)
    page = client.get(url).content.decode()
    assert 'data-testid="goal-value">3<' in page and "30%" in page
