"""A rep's scope: a branch, and workplaces an admin assigns on a page (issue 14, finding 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commonground.accounts import actions
from commonground.accounts.models import Role, User, WorkplaceAssignment
from commonground.audit.models import Entry
from commonground.people.access import people_visible_to
from commonground.people.models import Person
from commonground.testing import make_location, make_user

pytestmark = pytest.mark.django_db


def test_a_rep_with_no_branch_sees_nobody_at_their_workplace(
    region: Any, branch_a: Any, branch_b: Any, workplace_x: Any
) -> None:
    for branch in (branch_a, branch_b):
        Person.objects.create(branch=branch, location=workplace_x, full_name="Synthetic P")
    stray = make_user("stray_rep", Role.REP, region)
    WorkplaceAssignment.objects.create(user=stray, location=workplace_x)
    assert not people_visible_to(stray).exists()
    ours = make_user("our_rep", Role.REP, region, [branch_a])
    WorkplaceAssignment.objects.create(user=ours, location=workplace_x)
    assert list(people_visible_to(ours).values_list("branch", flat=True)) == [branch_a.pk]


def test_a_rep_or_branch_organiser_needs_a_branch(client: Any, admin: User, region: Any) -> None:
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user-invite"),
        {"username": "nobranch", "email": "nobranch@example.invalid", "role": Role.REP},
    )
    assert response.status_code == 200
    assert "Choose the branch" in response.content.decode()
    assert not User.objects.filter(username="nobranch").exists()
    viewer = make_user("to_promote", Role.VIEWER, region)
    response = client.post(
        reverse("accounts:user-detail", args=[viewer.pk]),
        {"role": Role.BRANCH_ORGANISER, "region": region.pk, "is_active": "on"},
    )
    assert response.status_code == 200
    viewer.refresh_from_db()
    assert viewer.role == Role.VIEWER
    with pytest.raises(ValidationError):
        actions.set_role_and_scope(admin, viewer, role=Role.REP, region=region, branches=[])
    with pytest.raises(ValidationError):
        actions.invite_user(admin, email="x@example.invalid", username="x", role=Role.REP)


def test_an_admin_assigns_workplaces_to_a_rep_on_their_page(
    client: Any, admin: User, rep_at_workplace_x: User, workplace_x: Any, council_a: Any
) -> None:
    other = make_location(council_a, name="Synthetic Lodge")
    client.force_login(admin)
    page = client.get(reverse("accounts:user-detail", args=[rep_at_workplace_x.pk]))
    html = page.content.decode()
    # Only the assigned workplace is on the page, and a search box (no list of every location).
    assert workplace_x.name in html and other.name not in html
    assert reverse("register:location-search") in html
    found = client.get(
        reverse("register:location-search"), {"name": "workplaces", "workplaces-q": "Lodge"}
    )
    assert other.cqc_id in found.content.decode()
    saved = client.post(
        reverse("accounts:user-workplaces", args=[rep_at_workplace_x.pk]),
        {"workplaces": [other.cqc_id]},
    )
    assert saved.status_code == 302
    assert list(rep_at_workplace_x.workplaces.all()) == [other]
    actions_written = set(
        Entry.objects.filter(subject_id=str(rep_at_workplace_x.pk)).values_list("action", flat=True)
    )
    assert {
        "accounts.user.workplace_assigned",
        "accounts.user.workplace_unassigned",
    } <= actions_written


def test_only_an_admin_assigns_workplaces(
    client: Any, branch_organiser_a: User, rep_at_workplace_x: User
) -> None:
    client.force_login(branch_organiser_a)
    url = reverse("accounts:user-workplaces", args=[rep_at_workplace_x.pk])
    assert client.post(url, {"workplaces": []}).status_code == 403
    assert rep_at_workplace_x.workplaces.exists()
