"""Help: a guide per role, a page per section, and a help link on every section's pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.dashboard.help import GUIDES, TOPICS
from commonground.dashboard.models import GuideDismissal

pytestmark = pytest.mark.django_db


def test_every_topic_opens_for_a_role_allowed_to_see_its_section(client, admin):
    client.force_login(admin)
    for topic in TOPICS:
        response = client.get(reverse("dashboard:help-topic", args=[topic.slug]))
        assert response.status_code == 200, topic.slug
        assert str(topic.title) in response.content.decode()
    assert client.get(reverse("dashboard:help-topic", args=["no-such-topic"])).status_code == 404


def test_a_viewer_is_not_shown_help_for_what_they_cannot_open(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("dashboard:help-topic", args=["people"])).status_code == 403
    body = client.get(reverse("dashboard:help")).content.decode()
    assert "Getting started as a partner liaison" in body
    assert reverse("dashboard:help-topic", args=["people"]) not in body


def test_each_section_links_to_its_help(client, branch_organiser_a):
    client.force_login(branch_organiser_a)
    for url, slug in (
        (reverse("people:person-list"), "people"),
        (reverse("density:targets"), "density"),
        (reverse("register:location-list"), "register"),
        (reverse("dashboard:search"), "search"),
        (reverse("dashboard:my-day"), "my-day"),
    ):
        body = client.get(url).content.decode()
        assert f'class="section-help no-print"><a href="/help/{slug}/"' in body, url


def test_the_first_run_guide_shows_until_hidden(client, personas):
    for name, role in (("rep_at_workplace_x", "rep"), ("regional_organiser", "regional_organiser")):
        user = personas[name]
        client.force_login(user)
        landing = client.get(reverse("dashboard:root")).url
        assert str(GUIDES[role]) in client.get(landing).content.decode()
        response = client.post(reverse("dashboard:guide-hide"))
        assert response.status_code == 302
        assert str(GUIDES[role]) not in client.get(landing).content.decode()
        assert GuideDismissal.objects.filter(user=user, guide=role).exists()
        # It stays on the help page.
        assert str(GUIDES[role]) in client.get(reverse("dashboard:help")).content.decode()
    assert client.get(reverse("dashboard:guide-hide")).status_code == 405
