"""A hand-countable fixture: two Bolton homes of one provider with fixed workforce figures."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from commonground.people.models import Membership, Person, WorkplaceRole
from commonground.testing import make_location, make_provider

_n = itertools.count(1)


def add_member(
    branch: Any, location: Any = None, provider: Any = None, status: str = "member"
) -> Person:
    n = next(_n)
    person = Person.objects.create(
        branch=branch,
        full_name=f"Synthetic Density Person {n}",
        location=location,
        provider=provider or (location.provider if location is not None else None),
    )
    Membership.objects.create(person=person, branch=branch, number=f"DN{n:06d}", status=status)
    return person


@pytest.fixture
def homes(council_a: Any, branch_a: Any) -> dict[str, Any]:
    """big: ~20 workers, 3 members + 1 lapsed, one rep; small: ~10 workers, 1 member, no rep;
    plus one member linked only to the provider. Council Bolton: 4 / 30; provider: 5 / 30."""
    provider = make_provider("Synthetic Density Care Ltd")
    big = make_location(
        council_a,
        "Synthetic Big Home",
        postcode="BL1 1AA",
        provider=provider,
        workforce_override=20,
    )
    small = make_location(
        council_a,
        "Synthetic Small Home",
        postcode="BL1 2BB",
        provider=provider,
        workforce_override=10,
    )
    members = [add_member(branch_a, big) for _ in range(3)]
    add_member(branch_a, big, status="lapsed")
    add_member(branch_a, small)
    add_member(branch_a, provider=provider)
    WorkplaceRole.objects.create(person=members[0], location=big, role="rep")
    return {"provider": provider, "big": big, "small": small}
