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


@pytest.fixture
def team_a(branch_a: Branch, workplace_x: Location) -> list[Person]:
    """Five people at workplace X (branch T-A) reachable by phone; one without a number."""
    people = [
        make_person(
            branch_a,
            f"Synthetic Caller Target {i}",
            location=workplace_x,
            phone=f"+4477009001{i:02d}",
            email=f"target{i}@example.invalid",
        )
        for i in range(5)
    ]
    make_person(branch_a, "Synthetic No Number", location=workplace_x)
    return people


@pytest.fixture
def target_list(branch_organiser_a: Any, branch_a: Branch, team_a: list[Person]) -> Any:
    from commonground.outreach.actions import save_list

    return save_list(
        branch_organiser_a,
        None,
        name="Hollins Park",
        branch=branch_a,
        filters={"workplace": team_a[0].location_id},
    )


@pytest.fixture
def assignment(branch_organiser_a: Any, rep_at_workplace_x: Any, target_list: Any) -> Any:
    from commonground.outreach.actions import save_assignment

    return save_assignment(
        branch_organiser_a,
        None,
        {
            "title": "Ring round",
            "target_list": target_list,
            "script": "Hello {first_name} at {workplace}",
        },
        [branch_organiser_a, rep_at_workplace_x],
    )
