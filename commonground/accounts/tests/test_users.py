from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.accounts.models import Invitation, Role, User
from commonground.audit.models import Entry


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona",
    [
        "regional_organiser",
        "branch_organiser_a",
        "rep_at_workplace_x",
        "viewer",
        "outsider_branch_b",
    ],
)
def test_it_refuses_the_user_screens_to_non_admins(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("accounts:user-list")).status_code == 403
    assert client.get(reverse("accounts:user-invite")).status_code == 403
    assert (
        client.get(reverse("accounts:user-detail", args=[personas["viewer"].pk])).status_code == 403
    )


@pytest.mark.django_db
def test_it_lists_and_filters_users(client, personas):
    client.force_login(personas["admin"])
    response = client.get(reverse("accounts:user-list"), {"role": Role.VIEWER})
    body = response.content.decode()
    assert response.status_code == 200
    assert "viewer" in body and "branch_a" not in body


@pytest.mark.django_db
def test_it_changes_role_and_scope_with_an_audit_row(client, admin, viewer, branch_a):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user-detail", args=[viewer.pk]),
        {
            "role": Role.BRANCH_ORGANISER,
            "region": viewer.region_id,
            "branches": [branch_a.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == Role.BRANCH_ORGANISER
    assert list(viewer.branches.all()) == [branch_a]
    entry = Entry.objects.get(action="accounts.user.role_changed")
    assert entry.actor == admin
    assert entry.subject_id == str(viewer.pk)
    assert entry.data["changed"]["role"] == {"from": "viewer", "to": "branch_organiser"}
    assert entry.data["changed"]["branches"] == {"from": [], "to": ["T-A"]}


@pytest.mark.django_db
def test_it_writes_no_audit_row_when_nothing_changes(client, admin, viewer):
    client.force_login(admin)
    client.post(
        reverse("accounts:user-detail", args=[viewer.pk]),
        {"role": Role.VIEWER, "region": viewer.region_id, "is_active": "on"},
    )
    assert not Entry.objects.filter(
        action__in=["accounts.user.role_changed", "accounts.user.scope_changed"]
    ).exists()


@pytest.mark.django_db
def test_it_returns_404_for_an_unknown_user(client, admin):
    client.force_login(admin)
    assert client.get(reverse("accounts:user-detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_it_invites_a_user_who_sets_a_password(
    client, admin, region, branch_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user-invite"),
            {
                "username": "newrep",
                "email": "newrep@example.invalid",
                "role": Role.REP,
                "region": region.pk,
                "branches": [branch_a.pk],
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="newrep")
    assert not user.is_active and not user.has_usable_password()
    assert Entry.objects.filter(action="accounts.user.invited", subject_id=str(user.pk)).exists()
    assert len(mailoutbox) == 1
    token = Invitation.objects.get(user=user).token
    assert token in mailoutbox[0].body
    client.logout()
    accept = reverse("accounts:invite-accept", args=[token])
    weak = client.post(accept, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    done = client.post(
        accept, {"password1": "long-enough-passphrase-42", "password2": "long-enough-passphrase-42"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.check_password("long-enough-passphrase-42")
    assert client.get(accept).status_code == 404  # used once only
