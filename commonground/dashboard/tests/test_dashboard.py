from __future__ import annotations

import pytest
from django.urls import reverse

EXPECTED_SCOPE = {
    "admin": "All regions (admin)",
    "regional_organiser": "North West region",
    "branch_organiser_a": "T-A Synthetic Bolton Care (test)",
    "rep_at_workplace_x": "1 assigned workplace",
    "viewer": "North West region · aggregates only",
    "outsider_branch_b": "T-B Synthetic Liverpool Care (test)",
}


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(EXPECTED_SCOPE))
def test_it_shows_each_persona_their_scope(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert EXPECTED_SCOPE[persona] in response.content.decode()


@pytest.mark.django_db
def test_it_hides_people_from_viewers_navigation(client, viewer, branch_organiser_a):
    client.force_login(viewer)
    assert (
        reverse("dashboard:domain", args=["people"])
        not in client.get(reverse("dashboard:home")).content.decode()
    )
    assert client.get(reverse("dashboard:domain", args=["people"])).status_code == 403
    client.force_login(branch_organiser_a)
    assert client.get(reverse("dashboard:domain", args=["people"])).status_code in (200, 302)


@pytest.mark.django_db
def test_it_lists_only_branches_in_scope(client, branch_organiser_a, branch_b):
    client.force_login(branch_organiser_a)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "Synthetic Bolton Care (test)" in body
    assert "Synthetic Liverpool Care (test)" not in body


@pytest.mark.django_db
def test_it_rejects_the_wrong_method(client, viewer):
    client.force_login(viewer)
    assert client.post(reverse("dashboard:home")).status_code == 405


@pytest.mark.django_db
def test_unknown_domains_are_404(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("dashboard:domain", args=["nothing"])).status_code == 404


@pytest.mark.django_db
def test_health_reports_the_database(client):
    assert client.get(reverse("dashboard:health")).json()["status"] == "ok"


@pytest.mark.parametrize(
    ("language", "direction"), [("en-gb", "ltr"), ("pl", "ltr"), ("ar", "rtl")]
)
def test_the_page_names_the_language_it_is_in(client, admin, language, direction):
    """``<html lang>`` follows the active language (screen readers and the browser's own
    date boxes read it), and a right-to-left language turns the page."""
    from django.utils import translation

    client.force_login(admin)
    with translation.override(language):
        page = client.get(reverse("dashboard:home")).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
