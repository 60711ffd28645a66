"""Recruits attributed to a partner: set on the person, counted (never listed) on the partner."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from commonground.alliances.models import Partner
from commonground.people.tests.conftest import make_person
from commonground.register.models import Region

pytestmark = pytest.mark.django_db


def test_an_organiser_attributes_a_person_to_a_partner_and_the_partner_counts_them(
    client: Any, branch_organiser_a: Any, branch_a: Any, workplace_x: Any, partner: Partner
) -> None:
    person = make_person(branch_a, workplace_x, full_name="Synthetic Ria Recruit", number="R1")
    client.force_login(branch_organiser_a)
    edit = reverse("people:person-edit", args=[person.pk])
    assert partner.name in client.get(edit).content.decode()  # offered as a choice
    response = client.post(
        edit,
        {
            "full_name": person.full_name,
            "lawful_basis": "member",
            "recruited_via": partner.pk,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.recruited_via == partner
    detail = client.get(reverse("people:person-detail", args=[person.pk])).content.decode()
    assert "Recruited through" in detail and partner.name in detail

    page = client.get(reverse("alliances:partner-detail", args=[partner.pk])).content.decode()
    assert "Recruited through them" in page
    assert "<dd>1</dd>" in page
    assert "Synthetic Ria Recruit" not in page  # a count, never the people


def test_a_viewer_sees_a_small_count_hidden(
    client: Any, viewer: Any, branch_a: Any, workplace_x: Any, partner: Partner
) -> None:
    for i in range(3):
        person = make_person(branch_a, workplace_x, full_name=f"Synthetic R{i}", number=f"R{i}")
        person.recruited_via = partner
        person.save(update_fields=["recruited_via"])
    client.force_login(viewer)
    page = client.get(reverse("alliances:partner-detail", args=[partner.pk])).content.decode()
    assert "<dd>&lt;5</dd>" in page and "<dd>3</dd>" not in page


def test_a_partner_of_another_region_is_not_offered(
    client: Any, branch_organiser_a: Any, branch_a: Any, workplace_x: Any, partner: Partner
) -> None:
    other = Region.objects.create(name="Elsewhere (test)", slug="elsewhere-recruits")
    elsewhere_partner = Partner.objects.create(region=other, name="Synthetic Far Away Forum")
    person_x = make_person(branch_a, workplace_x, full_name="Synthetic Sam Sample", number="R9")
    client.force_login(branch_organiser_a)
    edit = reverse("people:person-edit", args=[person_x.pk])
    assert elsewhere_partner.name not in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "full_name": person_x.full_name,
            "lawful_basis": "member",
            "recruited_via": elsewhere_partner.pk,
        },
    )
    assert response.status_code == 200  # refused: not a valid choice
    person_x.refresh_from_db()
    assert person_x.recruited_via is None
