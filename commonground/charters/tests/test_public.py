from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.charters import actions
from commonground.testing import log_in_with_password


@pytest.fixture
def campaign_data(regional_organiser, ecc, bolton, liverpool, candidate):
    ts = actions.status_for(bolton, ecc)
    actions.change_status(regional_organiser, ts, "signed", note="Met Cllr Secret Person at home")
    actions.change_status(regional_organiser, actions.status_for(candidate, ecc), "pledged")
    return ts


@pytest.mark.django_db
def test_the_public_scoreboard_is_404_until_published(client, ecc):
    assert client.get(reverse("charters:public-scoreboard", args=[ecc.slug])).status_code == 404
    assert client.get(reverse("charters:public-geojson", args=[ecc.slug])).status_code == 404


@pytest.mark.django_db
def test_an_organiser_publishes_it_and_it_shows_no_personal_data(
    client, regional_organiser, ecc, campaign_data
):
    client.force_login(regional_organiser)
    response = client.post(
        reverse("charters:scoreboard-publish", args=[ecc.slug]), {"action": "publish"}
    )
    assert response.status_code == 302
    assert Entry.objects.get(action="charters.charter.published").actor == regional_organiser
    client.logout()
    response = client.get(reverse("charters:public-scoreboard", args=[ecc.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bolton" in body and "Signed" in body
    for personal in (
        "Cllr Test Leader",
        "leader@bolton",
        "Synthetic Candidate Person",
        "Secret Person",
        "regional",
        "@example.invalid",
    ):
        assert personal not in body, personal
    geo = client.get(reverse("charters:public-geojson", args=[ecc.slug])).json()
    assert all("url" not in f["properties"] for f in geo["features"])
    assert "Cllr" not in str(geo)


@pytest.mark.django_db
def test_an_organiser_withdraws_it(client, regional_organiser, ecc):
    actions.set_scoreboard_published(regional_organiser, ecc, True)
    client.force_login(regional_organiser)
    client.post(reverse("charters:scoreboard-publish", args=[ecc.slug]), {"action": "withdraw"})
    assert Entry.objects.filter(action="charters.charter.withdrawn").exists()
    client.logout()
    assert client.get(reverse("charters:public-scoreboard", args=[ecc.slug])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["branch_organiser_a", "viewer", "rep_at_workplace_x"])
def test_only_those_with_publish_charters_publish(client, personas, persona, ecc):
    client.force_login(personas[persona])
    url = reverse("charters:scoreboard-publish", args=[ecc.slug])
    assert client.post(url, {"action": "publish"}).status_code == 403
    ecc.refresh_from_db()
    assert not ecc.scoreboard_published


@pytest.mark.django_db
def test_the_public_pages_pass_the_two_factor_middleware(client, regional_organiser, ecc):
    actions.set_scoreboard_published(regional_organiser, ecc, True)
    log_in_with_password(client, regional_organiser)  # not past the second factor
    with override_settings(COMMONGROUND_REQUIRE_2FA=True):
        assert client.get(reverse("charters:public-scoreboard", args=[ecc.slug])).status_code == 200
        assert client.get(reverse("charters:charter-list")).status_code == 302


@pytest.mark.django_db
def test_the_public_index_lists_only_published_charters(client, regional_organiser, charters):
    actions.set_scoreboard_published(regional_organiser, charters["migrant-workers"], True)
    body = client.get(reverse("charters:public-index")).content.decode()
    assert "Migrant Social Care Workers" in body and "Ethical Care Charter" not in body
