"""Demo facility time: synthetic activists at two public employers, with one full period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Branch, Role, User
from commonground.facility.models import (
    Employer,
    EntryStatus,
    OfficialTerms,
    PeriodInput,
    TimeEntry,
)
from commonground.register.models import Council, Region

# (username, first, last, branch, contracted hours a week, hourly cost)
ACTIVISTS = (
    ("activist-demo-1", "Ash", "Steward (synthetic)", "NW-D01", Decimal("37"), Decimal("16.40")),
    ("activist-demo-2", "Bea", "Rep (synthetic)", "NW-D01", Decimal("22.5"), Decimal("14.90")),
    ("activist-demo-3", "Cal", "Convenor (synthetic)", "NW-D01", Decimal("37"), Decimal("19.75")),
    (
        "activist-demo-4",
        "Dee",
        "Learning rep (synthetic)",
        "NW-D01",
        Decimal("30"),
        Decimal("15.20"),
    ),
)

# (username, month offset within the period, hours, category, paid)
PATTERN = (
    ("activist-demo-1", "representation", Decimal("3.5"), True),
    ("activist-demo-1", "duties", Decimal("2"), True),
    ("activist-demo-1", "organising", Decimal("1.5"), False),
    ("activist-demo-2", "training", Decimal("6"), True),
    ("activist-demo-2", "activities", Decimal("2"), True),
    ("activist-demo-4", "duties", Decimal("1"), True),
)


@transaction.atomic
def seed(region: Region) -> str:
    bury_council = Council.objects.filter(ons_code="E08000002").first()
    bolton_council = Council.objects.filter(ons_code="E08000001").first()
    employers = {}
    for name, council in (
        ("Synthetic Bolton Council (demo employer)", bolton_council),
        ("Synthetic Bury Council (demo employer)", bury_council),
    ):
        employer, _ = Employer.objects.update_or_create(
            region=region,
            name=name,
            defaults={"council": council, "is_public_sector": True, "is_synthetic": True},
        )
        employers[name] = employer
    bolton = employers["Synthetic Bolton Council (demo employer)"]
    users = {}
    for username, first, last, code, _hours, _rate in ACTIVISTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": Role.REP,
                "region": region,
                "email": f"{username}@demo.invalid",
            },
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        branch = Branch.objects.filter(code=code).first()
        if branch:
            user.branches.add(branch)
        users[username] = (user, branch)
    secretary = User.objects.filter(username="branch").first()
    period, _ = PeriodInput.objects.update_or_create(
        employer=bolton,
        start=dt.date(2024, 4, 1),
        end=dt.date(2025, 3, 31),
        defaults={"total_pay_bill": Decimal("48250000.00")},
    )
    for username, _f, _l, _code, hours, rate in ACTIVISTS[:3]:
        OfficialTerms.objects.update_or_create(
            period=period,
            activist=users[username][0],
            defaults={"contracted_hours_per_week": hours, "hourly_rate": rate},
        )
    # Cal is an official with no facility time this period: the 0% band.
    count = 0
    # Monthly entries April 2024 – March 2025, approved; this month's pending.
    for month in range(12):
        year, m = (2024, 4 + month) if month < 9 else (2025, month - 8)
        for n, (username, category, hours, paid) in enumerate(PATTERN):
            user, branch = users[username]
            if branch is None:
                continue
            employer = (
                bolton
                if username != "activist-demo-4"
                else employers["Synthetic Bury Council (demo employer)"]
            )
            TimeEntry.objects.update_or_create(
                activist=user,
                date=dt.date(year, m, 3 + n * 3),
                employer=employer,
                category=category,
                defaults={
                    "branch": branch,
                    "hours": hours,
                    "paid": paid,
                    "description": "Synthetic demo entry",
                    "status": EntryStatus.APPROVED,
                    "decided_by": secretary,
                    "is_synthetic": True,
                },
            )
            count += 1
    ash, ash_branch = users["activist-demo-1"]
    if ash_branch:
        TimeEntry.objects.update_or_create(
            activist=ash,
            date=timezone.localdate() - dt.timedelta(days=2),
            employer=bolton,
            category="representation",
            defaults={
                "branch": ash_branch,
                "hours": Decimal("2.5"),
                "description": "Grievance hearing (synthetic)",
                "status": EntryStatus.PENDING,
                "is_synthetic": True,
            },
        )
    return f"{len(employers)} employers, {count + 1} facility entries, 1 statutory period"
