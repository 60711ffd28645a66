"""Lawful basis: people without one are flagged and never reach an outreach list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.people.actions import erase_person
from commonground.people.models import Person
from commonground.people.tests.conftest import make_person

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_it_leaves_people_without_a_basis_and_the_erased_out_of_outreach(
    admin, branch_a, workplace_x
):
    member = make_person(branch_a, workplace_x, number="M1000001")
    consented = make_person(branch_a, workplace_x, lawful_basis="consent")
    no_basis = make_person(branch_a, workplace_x)
    erased = make_person(branch_a, workplace_x, lawful_basis="consent")
    erase_person(admin, erased)
    ok = set(Person.objects.outreach_ok().values_list("pk", flat=True))
    assert ok == {member.pk, consented.pk}
    assert no_basis.pk not in ok and erased.pk not in ok


def test_the_contact_list_holds_only_people_in_scope_with_a_basis(
    client, branch_organiser_a, branch_a, branch_b, workplace_x, workplace_y
):
    member = make_person(branch_a, workplace_x, number="M1000002", phone="+447700900001")
    no_basis = make_person(branch_a, workplace_x)
    other_branch = make_person(branch_b, workplace_y, number="M1000003")
    client.force_login(branch_organiser_a)
    response = client.get(reverse("people:contact-list"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0][0] == "id"
    ids = {int(r[0]) for r in rows[1:]}
    assert ids == {member.pk}
    assert no_basis.pk not in ids and other_branch.pk not in ids
    entry = Entry.objects.get(action="people.person.exported")
    assert entry.data["purpose"] == "outreach" and entry.data["count"] == 1


def test_the_contact_list_narrows_by_workplace(client, admin, branch_a, workplace_x, workplace_y):
    at_x = make_person(branch_a, workplace_x, number="M1000004")
    make_person(branch_a, workplace_y, number="M1000005")
    client.force_login(admin)
    rows = _rows(client.get(reverse("people:contact-list"), {"workplace": workplace_x.pk}))
    assert [int(r[0]) for r in rows[1:]] == [at_x.pk]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("rep_at_workplace_x", 403), ("viewer", 403), ("outsider_branch_b", 200)],
)
def test_the_contact_list_obeys_roles(client, personas, person_x, persona, status):
    client.force_login(personas[persona])
    response = client.get(reverse("people:contact-list"))
    assert response.status_code == status
    if status == 200:  # another branch's organiser: their own branch only
        assert person_x.pk not in {int(r[0]) for r in _rows(response)[1:]}


def test_the_contact_list_refuses_post(client, admin):
    client.force_login(admin)
    assert client.post(reverse("people:contact-list")).status_code == 405


def test_people_without_a_basis_are_flagged_on_their_page(client, admin, branch_a, workplace_x):
    person = make_person(branch_a, workplace_x)
    client.force_login(admin)
    body = client.get(reverse("people:person-detail", args=[person.pk])).content.decode()
    assert "excluded from outreach" in body
