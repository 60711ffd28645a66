from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.campaigns.models import Campaign, Goal

PERSONAS = [
    "admin",
    "regional_organiser",
    "branch_organiser_a",
    "rep_at_workplace_x",
    "viewer",
    "outsider_branch_b",
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_with_view_campaigns_sees_the_pages(client, personas, persona, campaign, event):
    client.force_login(personas[persona])
    for url in [
        reverse("campaigns:campaign-list"),
        reverse("campaigns:campaign-detail", args=[campaign.slug]),
        reverse("campaigns:event-list"),
        reverse("campaigns:event-calendar") + "?month=2025-06",
        reverse("campaigns:event-timeline"),
        reverse("campaigns:event-detail", args=[event.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        "Stall at Bolton market"
        in client.get(reverse("campaigns:event-calendar") + "?month=2025-06").content.decode()
    )


@pytest.mark.django_db
def test_anonymous_visitors_log_in_first(client, campaign):
    assert client.get(reverse("campaigns:campaign-list")).status_code == 302


@pytest.mark.django_db
def test_a_branch_organiser_creates_a_campaign_with_an_audit_row(
    client, branch_organiser_a, branch_a
):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("campaigns:campaign-create"),
        {"name": "Bolton home care", "starts_on": "2025-02-01", "branches": [branch_a.pk]},
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="Bolton home care")
    assert campaign.slug == "bolton-home-care"
    assert list(campaign.branches.all()) == [branch_a]
    assert Entry.objects.get(action="campaigns.campaign.created").actor == branch_organiser_a


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,code", [("viewer", 403), ("rep_at_workplace_x", 403), ("outsider_branch_b", 404)]
)
def test_others_cannot_change_the_campaign(client, personas, persona, code, campaign):
    client.force_login(personas[persona])
    assert client.get(reverse("campaigns:campaign-edit", args=[campaign.slug])).status_code == code
    response = client.post(
        reverse("campaigns:goal-create", args=[campaign.slug]),
        {"metric": "events_held", "target_value": "5"},
    )
    assert response.status_code == code
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_it_adds_and_removes_goals(client, branch_organiser_a, campaign):
    client.force_login(branch_organiser_a)
    client.post(
        reverse("campaigns:goal-create", args=[campaign.slug]),
        {"metric": "events_held", "target_value": "5", "label": "Events"},
    )
    goal = Goal.objects.get()
    assert Entry.objects.filter(action="campaigns.goal.created").exists()
    url = reverse("campaigns:goal-delete", args=[campaign.slug, goal.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    assert not Goal.objects.exists()
    assert Entry.objects.filter(action="campaigns.goal.deleted").exists()


@pytest.mark.django_db
def test_a_density_goal_needs_workplaces_from_the_register(
    client, regional_organiser, campaign, workplace_x
):
    client.force_login(regional_organiser)
    url = reverse("campaigns:goal-create", args=[campaign.slug])
    client.post(url, {"metric": "density", "target_value": "30", "workplaces": "1-NOPE"})
    assert not Goal.objects.exists()
    client.post(url, {"metric": "density", "target_value": "30"})
    assert not Goal.objects.exists()
    client.post(url, {"metric": "density", "target_value": "30", "workplaces": workplace_x.cqc_id})
    assert list(Goal.objects.get().workplaces.all()) == [workplace_x]


@pytest.mark.django_db
def test_it_filters_campaigns(client, regional_organiser, campaign):
    client.force_login(regional_organiser)
    assert (
        "Test Care Drive"
        in client.get(reverse("campaigns:campaign-list"), {"q": "care"}).content.decode()
    )
    body = client.get(reverse("campaigns:campaign-list"), {"q": "zzz"}).content.decode()
    assert "No campaigns match these filters." in body
