from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commonground.accounts.models import Role
from commonground.facility.models import (
    Employer,
    EntryStatus,
    OfficialTerms,
    PeriodInput,
    TimeEntry,
)
from commonground.testing import make_user


@pytest.fixture
def employer(region, council_a):
    # 52 working weeks makes the hand arithmetic easy: 37 h a week = 1,924 h a year.
    return Employer.objects.create(
        region=region,
        name="Synthetic Bolton Council",
        council=council_a,
        weekly_hours=Decimal("37"),
        working_weeks=Decimal("52"),
    )


@pytest.fixture
def pending_entry(rep_at_workplace_x, branch_a, employer):
    return TimeEntry.objects.create(
        activist=rep_at_workplace_x,
        branch=branch_a,
        employer=employer,
        date=dt.date(2025, 5, 6),
        hours=Decimal("3.5"),
        category="representation",
        description="Grievance hearing",
    )


def add_hours(activist, branch, employer, total, category, paid=True, status="approved"):
    """Record ``total`` hours as 8-hour days from 1 April 2024 (the relevant period)."""
    day = dt.date(2024, 4, 1) + dt.timedelta(
        days=TimeEntry.objects.filter(activist=activist).count()
    )
    remaining = Decimal(total)
    while remaining > 0:
        hours = min(remaining, Decimal(8))
        TimeEntry.objects.create(
            activist=activist,
            branch=branch,
            employer=employer,
            date=day,
            hours=hours,
            category=category,
            paid=paid,
            status=status,
        )
        remaining -= hours
        day += dt.timedelta(days=1)


@pytest.fixture
def worked_example(region, branch_a, employer):
    """The hand-computed example in docs/facility-time.md.

    A: 37 h/wk, £20/h: duties 100 h, organising paid 50 h, organising unpaid 10 h
    B: 18.5 h/wk, £15/h: representation 500 h, activities paid 100 h
    C: 37 h/wk, £10/h: no facility time
    D: 10 h/wk, £12/h: duties 520 h (all of their 520 working hours)
    Plus a pending 50 h and a rejected 40 h for A, and 30 h outside the period: not counted.
    """
    people = {k: make_user(f"official_{k.lower()}", Role.REP, region, [branch_a]) for k in "ABCD"}
    period = PeriodInput.objects.create(
        employer=employer,
        start=dt.date(2024, 4, 1),
        end=dt.date(2025, 3, 31),
        total_pay_bill=Decimal("1000000"),
    )
    for key, hours, rate in (
        ("A", "37", "20"),
        ("B", "18.5", "15"),
        ("C", "37", "10"),
        ("D", "10", "12"),
    ):
        OfficialTerms.objects.create(
            period=period,
            activist=people[key],
            contracted_hours_per_week=Decimal(hours),
            hourly_rate=Decimal(rate),
        )
    add_hours(people["A"], branch_a, employer, 100, "duties")
    add_hours(people["A"], branch_a, employer, 50, "organising", paid=True)
    add_hours(people["A"], branch_a, employer, 10, "organising", paid=False)
    add_hours(people["A"], branch_a, employer, 50, "duties", status=EntryStatus.PENDING)
    add_hours(people["A"], branch_a, employer, 40, "duties", status=EntryStatus.REJECTED)
    add_hours(people["B"], branch_a, employer, 500, "representation")
    add_hours(people["B"], branch_a, employer, 100, "activities", paid=True)
    add_hours(people["D"], branch_a, employer, 520, "duties")
    TimeEntry.objects.create(
        activist=people["C"],
        branch=branch_a,
        employer=employer,
        date=dt.date(2025, 4, 1),
        hours=Decimal(8),
        category="duties",
        status=EntryStatus.APPROVED,
    )
    return period, people
