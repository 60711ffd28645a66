from __future__ import annotations

import pytest
from django.db.models import Sum

from commonground.register.models import Location, WorkforceRatio
from commonground.register.workforce import (
    annotate_workforce,
    estimate,
    estimate_many,
    workforce_totals,
)
from commonground.testing import make_location

pytestmark = pytest.mark.django_db


def test_it_estimates_care_homes_from_beds(council_a):
    loc = make_location(council_a, beds=45, primary_service_type="care_home_nursing")
    result = estimate(loc)
    assert result.value == 54  # 45 × 1.2
    assert "45 beds" in result.basis and not result.is_override
    assert loc.estimated_workforce() == result


def test_it_uses_the_per_agency_default_for_home_care(council_a):
    loc = make_location(council_a, beds=None, primary_service_type="home_care")
    assert estimate(loc).value == WorkforceRatio.objects.get(service_type="home_care").per_location


def test_it_honours_an_override_and_deregistration(council_a):
    loc = make_location(council_a, workforce_override=12, workforce_override_note="rota")
    assert estimate(loc).value == 12 and estimate(loc).is_override and "rota" in estimate(loc).basis
    gone = make_location(council_a, registration_status="deregistered")
    assert estimate(gone).value == 0


def test_one_location_and_the_lists_agree(council_a, council_b):
    make_location(council_a, beds=33, primary_service_type="care_home")
    make_location(council_a, beds=7, primary_service_type="care_home_nursing")
    make_location(council_a, beds=None, primary_service_type="care_home")
    make_location(council_b, beds=None, primary_service_type="supported_living")
    make_location(council_b, beds=0, primary_service_type="gp")
    make_location(council_b, workforce_override=3)
    qs = Location.objects.all()
    python = estimate_many(qs)
    annotated = dict(annotate_workforce(qs).values_list("pk", "workforce_estimate"))
    assert annotated == {pk: e.value for pk, e in python.items()}
    totals = workforce_totals(qs)
    assert totals[council_a.pk] == sum(
        python[pk].value for pk in qs.filter(council=council_a).values_list("pk", flat=True)
    )
    assert (
        sum(totals.values()) == annotate_workforce(qs).aggregate(s=Sum("workforce_estimate"))["s"]
    )


def test_it_uses_one_query_for_council_sums(council_a, django_assert_num_queries):
    make_location(council_a)
    with django_assert_num_queries(2):  # the ratios, then the sums
        workforce_totals(Location.objects.all())


def test_it_rounds_half_up_on_every_database(council_a):
    """5 beds × 0.5 staff is 2.5 workers: 3, on SQLite and on PostgreSQL alike (PostgreSQL's
    ROUND of a float rounds half to even, which gave 2 in lists and 3 on the page)."""
    ratio = WorkforceRatio.objects.get(service_type="care_home")
    ratio.per_bed = 0.5
    ratio.save()
    loc = make_location(council_a, beds=5, primary_service_type="care_home")
    assert estimate(loc).value == 3
    assert annotate_workforce(Location.objects.filter(pk=loc.pk)).get().workforce_estimate == 3
