"""Fixtures for people tests: synthetic people in the persona branches and a private MEDIA_ROOT."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from commonground.people.models import Membership, Person

_n = itertools.count(1)


def make_person(branch: Any, location: Any = None, **extra: Any) -> Person:
    n = next(_n)
    number = extra.pop("number", None)
    status = extra.pop("status", "member")
    values: dict[str, Any] = {
        "full_name": f"Synthetic Person {n}",
        "email": f"person{n}@example.invalid",
        "lawful_basis": "member" if number else "",
    }
    values.update(extra)
    person = Person.objects.create(branch=branch, location=location, **values)
    if number:
        Membership.objects.create(person=person, branch=branch, number=number, status=status)
    return person


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def person_x(branch_a: Any, workplace_x: Any) -> Person:
    return make_person(
        branch_a, workplace_x, full_name="Synthetic Amara Testperson", number="M0000001"
    )


@pytest.fixture
def person_b(branch_b: Any, workplace_y: Any) -> Person:
    return make_person(
        branch_b, workplace_y, full_name="Synthetic Bogdan Mockford", number="M0000002"
    )
