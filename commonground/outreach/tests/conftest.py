from __future__ import annotations

from typing import Any

import pytest

from commonground.accounts.models import Branch
from commonground.people.models import Membership, Person
from commonground.register.models import Location


def make_person(
    branch: Branch,
    name: str,
    *,
    location: Location | None = None,
    email: str = "",
    phone: str = "",
    basis: str = "member",
    member: bool = True,
    **extra: Any,
) -> Person:
    person = Person.objects.create(
        branch=branch,
        full_name=name,
        location=location,
        email=email,
        phone=phone,
        lawful_basis=basis,
        **extra,
    )
    if member:
        Membership.objects.create(
            person=person, branch=branch, number=f"N{person.pk:05d}", status="member"
        )
    return person


@pytest.fixture
def member_a(branch_a: Branch, workplace_x: Location) -> Person:
    return make_person(
        branch_a,
        "Synthetic Ada Member",
        location=workplace_x,
        email="ada@example.invalid",
        phone="+447700900001",
    )


@pytest.fixture
def contact_a(branch_a: Branch, workplace_x: Location) -> Person:
    return make_person(
        branch_a,
        "Synthetic Cal Contact",
        location=workplace_x,
        email="cal@example.invalid",
        phone="+447700900002",
        basis="regular_contact",
        member=False,
    )
