"""A small synthetic register and people with free-text workplaces for linkage tests."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from commonground.people.models import Membership, Person
from commonground.register.models import Council, Location, Provider
from commonground.testing import make_location, make_provider

_n = itertools.count(1)


def make_person(
    branch: Any, workplace: str = "", employer: str = "", postcode: str = "", **extra: Any
) -> Person:
    n = next(_n)
    person = Person.objects.create(
        branch=branch,
        full_name=f"Synthetic Linkage Person {n}",
        email=f"linkage{n}@example.invalid",
        workplace_text=workplace,
        employer_text=employer,
        postcode=postcode,
        **extra,
    )
    Membership.objects.create(person=person, branch=branch, number=f"LK{n:06d}", status="member")
    return person


@pytest.fixture
def chain(db: Any) -> Provider:
    return make_provider("Synthetic Amberwell Care Group Ltd", cqc_id="1-900000001")


@pytest.fixture
def small_register(council_a: Council, council_b: Council, chain: Provider) -> dict[str, Location]:
    """Homes with distinctive names, two of a chain, and two sharing a first word."""
    return {
        "hollins": make_location(
            council_a,
            "Synthetic Hollins Park Care Home",
            postcode="BL1 4AA",
            town="Bolton",
            cqc_id="1-100000001",
            provider=chain,
        ),
        "heathfield": make_location(
            council_a,
            "Heathfield House",
            postcode="BL2 5QT",
            town="Bolton",
            cqc_id="1-100000002",
            provider=chain,
        ),
        "willows_a": make_location(
            council_a,
            "The Willows Nursing Home",
            postcode="BL3 1AB",
            town="Bolton",
            cqc_id="1-100000003",
        ),
        "willows_b": make_location(
            council_b,
            "The Willows Residential Home",
            postcode="L18 2CD",
            town="Liverpool",
            cqc_id="1-100000004",
        ),
        "mersey": make_location(
            council_b,
            "Mersey Quayside Lodge",
            postcode="L1 8JQ",
            town="Liverpool",
            cqc_id="1-100000005",
        ),
    }
