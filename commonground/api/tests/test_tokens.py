from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.api.models import ApiToken
from commonground.audit.models import Entry


def _create(client, user, name="bolton nightly"):
    client.force_login(user)
    response = client.post(reverse("api:token-list"), {"name": name})
    assert response.status_code == 200
    return response.context["new_token"]


@pytest.mark.django_db
def test_it_creates_a_token_shown_once_and_stores_only_its_hash(client, branch_organiser_a):
    raw = _create(client, branch_organiser_a)
    token = ApiToken.objects.get(user=branch_organiser_a)
    assert raw.startswith("cg_") and raw not in token.key_hash
    assert Entry.objects.filter(action="api.token.created", actor=branch_organiser_a).exists()
    assert raw not in client.get(reverse("api:token-list")).content.decode()


@pytest.mark.django_db
def test_a_token_acts_as_its_user(client, branch_organiser_a):
    raw = _create(client, branch_organiser_a)
    client.logout()
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json() == {
        "username": "branch_a",
        "role": "branch_organiser",
        "scope": "T-A Synthetic Bolton Care (test)",
    }


@pytest.mark.django_db
def test_a_missing_or_revoked_token_is_refused_with_an_error_body(client, branch_organiser_a):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorised"
    raw = _create(client, branch_organiser_a)
    token = ApiToken.objects.get(user=branch_organiser_a)
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 302
    assert Entry.objects.filter(action="api.token.revoked").exists()
    client.logout()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.django_db
def test_tokens_are_managed_by_their_owner_only(client, branch_organiser_a, outsider_branch_b):
    _create(client, branch_organiser_a)
    token = ApiToken.objects.get(user=branch_organiser_a)
    client.force_login(outsider_branch_b)
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    assert "bolton nightly" not in client.get(reverse("api:token-list")).content.decode()
    assert client.get(reverse("api:token-revoke", args=[token.pk])).status_code == 405


@pytest.mark.django_db
def test_the_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "Commonground API"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "cdn." not in body and "/static/ninja/" in body


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["reset", "change", "set_password"])
def test_a_new_password_revokes_the_tokens(client, branch_organiser_a, mailoutbox, how):
    """Issue 14, finding 10: tokens survived a password reset."""
    import re

    from commonground.testing import PASSWORD

    raw = _create(client, branch_organiser_a)
    me = "/api/v1/me/"
    assert client.get(me, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    new = "a-new-and-long-passphrase-7"
    if how == "reset":
        client.logout()
        client.post(reverse("accounts:password-reset"), {"email": branch_organiser_a.email})
        found = re.search(r"/accounts/password/reset/\S+/\S+/", mailoutbox[0].body)
        assert found is not None
        link = found.group(0)
        form = client.get(link, follow=True)
        done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        assert done.status_code == 302
    elif how == "change":
        response = client.post(
            reverse("accounts:password-change"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 302
    else:  # the model's own API, as the Django admin and ``changepassword`` use it
        branch_organiser_a.set_password(new)
        branch_organiser_a.save()
    assert client.get(me, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    token = ApiToken.objects.get(user=branch_organiser_a)
    assert token.revoked is not None
    entry = Entry.objects.filter(action="api.token.revoked").latest("id")
    assert entry.data["reason"] == "password changed"
