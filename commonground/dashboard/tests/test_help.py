"""Help: a guide per role, a page per section, and a help link on every section's pages."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commonground.dashboard.help import GUIDES, TOPICS, topic_for_page
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


# Pages with no section of their own: the help itself, Django's admin, the API's JSON, what
# the public and providers' webhooks open without logging in.
NO_HELP_NAMESPACES = {"admin", "api-v1", "public"}
NO_HELP_PAGES = {
    "dashboard:root",
    "dashboard:domain",
    "dashboard:favicon",
    "dashboard:health",
    "dashboard:guide-hide",
    "dashboard:help",
    "dashboard:help-topic",
    "accounts:login",
    "accounts:logout",
    "accounts:invite-accept",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "outreach:email-webhook",
    "outreach:sms-webhook",
    "outreach:unsubscribe",
}


def _names(patterns: list[URLPattern | URLResolver], namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, p.namespace or namespace)
        elif p.name:
            yield namespace, p.name


def test_every_section_a_user_logs_in_to_has_its_help():
    """Outreach, public pages, jobs, the audit trail and the account pages had no help link."""
    missing = sorted(
        f"{namespace}:{name}"
        for namespace, name in _names(get_resolver().url_patterns)
        if namespace not in NO_HELP_NAMESPACES
        and f"{namespace}:{name}" not in NO_HELP_PAGES
        and topic_for_page(namespace, name) is None
    )
    assert not missing


def test_the_new_sections_link_to_their_help(client, admin, branch_organiser_a):
    for user, url, slug in (
        (branch_organiser_a, reverse("outreach:index"), "outreach"),
        (branch_organiser_a, reverse("pages:page-list"), "pages"),
        (branch_organiser_a, reverse("jobs:job-list"), "jobs"),
        (branch_organiser_a, reverse("accounts:password-change"), "account"),
        (branch_organiser_a, reverse("api:token-list"), "account"),
        (admin, reverse("audit:entry-list"), "users"),
        (admin, reverse("accounts:user-list"), "users"),
    ):
        client.force_login(user)
        body = client.get(url).content.decode()
        assert f'class="section-help no-print"><a href="/help/{slug}/"' in body, url
