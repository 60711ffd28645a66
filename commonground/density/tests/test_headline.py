"""Every density headline divides members and workforce of the same scope (issue 19, item 3).

A branch organiser used to see their branch's members over the whole region's workforce
("0.1% · 85 members · ~71,414 workers"). Their headline is now their branch's members over
the workforce of the councils their branch covers, the same figure as the branch's row.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.density import measure, queries
from commonground.people.models import Membership, MembershipStatus, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_homes(branch_a, branch_b, workplace_x, workplace_y):
    """Bolton (branch T-A's patch) employs ~20, Liverpool (T-B's) ~80; T-A has 2 members."""
    for place, workforce in ((workplace_x, 20), (workplace_y, 80)):
        place.workforce_override = workforce
        place.save()
    for n in range(2):
        person = Person.objects.create(
            branch=branch_a, full_name=f"Synthetic Member {n}", location=workplace_x
        )
        Membership.objects.create(person=person, branch=branch_a, status=MembershipStatus.MEMBER)


def test_a_branch_headline_is_its_members_over_its_own_councils(
    client, region, two_homes, branch_organiser_a
):
    scope = measure.scope_for(branch_organiser_a, region)
    total = queries.summary(scope)
    assert (total.members, total.workforce) == (2, 20)
    branch_row = {r.key: r for r in queries.branch_rows(scope)}["T-A"]
    assert total.row.density == branch_row.density == pytest.approx(0.1)

    client.force_login(branch_organiser_a)
    dashboard = client.get(reverse("dashboard:home")).content.decode()
    assert "10.0%" in dashboard and "~20 workers" in dashboard
    overview = client.get(reverse("density:overview")).content.decode()
    assert "10.0%" in overview and "~20<" in overview


def test_a_regional_headline_is_the_region(client, region, two_homes, regional_organiser):
    total = queries.summary(measure.scope_for(regional_organiser, region))
    assert (total.members, total.workforce) == (2, 100)
    client.force_login(regional_organiser)
    assert "2.0%" in client.get(reverse("dashboard:home")).content.decode()
