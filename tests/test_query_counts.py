"""The pages measured at national scale (bench/scale) run as many queries at 3 workplaces and
people as at 30: the number of queries per page does not grow with the data (issue 9)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts.models import Branch, User
from commonground.people.models import (
    Assessment,
    Conversation,
    Membership,
    Person,
    WorkplaceRole,
)
from commonground.register.models import Council, Location
from commonground.testing import make_location, make_provider

_n = itertools.count(1)


def grow(branch: Branch, council: Council, size: int) -> Location:
    """Add ``size`` workplaces (two providers) with ``size`` people each at the first one,
    members, a rep, conversations and assessments; returns the first workplace."""
    providers = [make_provider(f"Synthetic Count Care {next(_n)}") for _ in range(2)]
    first = None
    for i in range(size):
        n = next(_n)
        loc = make_location(
            council,
            f"Synthetic Count Home {n}",
            postcode=f"BL{1 + i % 3} {n % 9}AA",
            provider=providers[i % 2],
            beds=20 + i,
        )
        first = first or loc
        person = Person.objects.create(
            branch=branch, full_name=f"Synthetic Worker {n}", location=loc
        )
        Membership.objects.create(
            person=person,
            branch=branch,
            number=f"QC{n:06d}",
            status="member" if i % 3 else "lapsed",
        )
        if i % 4 == 0:
            WorkplaceRole.objects.create(person=person, location=loc, role="rep")
        at = datetime(2026, 1, 1 + i % 28, tzinfo=UTC)
        Conversation.objects.create(person=person, at=at, outcome="supportive")
        Assessment.objects.create(person=person, at=at, value=1 + i % 5)
    assert first is not None
    for _ in range(size):
        n = next(_n)
        person = Person.objects.create(
            branch=branch, full_name=f"Synthetic Colleague {n}", location=first
        )
        Membership.objects.create(
            person=person, branch=branch, number=f"QC{n:06d}", status="member"
        )
    return first


def pages(workplace: Location) -> dict[str, str]:
    return {
        "dashboard": reverse("dashboard:home"),
        "register list": reverse("register:location-list"),
        "workplace page": reverse("register:location-detail", args=[workplace.cqc_id]),
        "density by council": reverse("density:table", args=["council"]),
        "targets list": reverse("density:targets"),
    }


def count_queries(user: User, urls: dict[str, str]) -> dict[str, int]:
    client = Client()
    client.force_login(user)
    counts = {}
    for label, url in urls.items():
        cache.clear()
        assert client.get(url).status_code == 200, label  # warm: session, template loaders
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, label
        counts[label] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("persona", ["branch_organiser_a", "regional_organiser"])
def test_it_runs_as_many_queries_per_page_at_30_as_at_3(
    persona: str, request: Any, branch_a: Branch, branch_b: Branch, council_a: Council
) -> None:
    user: User = request.getfixturevalue(persona)
    workplace = grow(branch_a, council_a, 3)
    grow(branch_b, branch_b.councils.get(), 3)
    small = count_queries(user, pages(workplace))

    grow(branch_a, council_a, 27)
    grow(branch_b, branch_b.councils.get(), 27)
    assert Location.objects.count() >= 60
    large = count_queries(user, pages(workplace))

    assert all(n >= 3 for n in small.values()), small
    assert large == small
