"""Demo people: a few hundred obviously synthetic workers in the demo branches.

Names come from a small made-up list, emails end in ``@example.invalid``, phone numbers are
in Ofcom's drama range (07700 900xxx). Idempotent: people are keyed on their synthetic
membership number or external id.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Branch, User, WorkplaceAssignment
from commonground.people.models import (
    Assessment,
    Conversation,
    LawfulBasis,
    Membership,
    MembershipStatus,
    Person,
    Source,
    WorkplaceRole,
)
from commonground.register.models import Location, Region

FIRST = [
    "Ada",
    "Bo",
    "Cy",
    "Dee",
    "Eko",
    "Fen",
    "Gus",
    "Hal",
    "Ina",
    "Jo",
    "Kit",
    "Lu",
    "Mo",
    "Nia",
]
LAST = ["Demo", "Sample", "Example", "Mock", "Placeholder", "Testwell", "Fakeby"]
JOBS = ["Care assistant", "Senior carer", "Nurse", "Cook", "Domestic", "Team leader"]
UNITS = ["Ground floor", "First floor", "Dementia unit", "Community round"]
SHIFTS = ["Days", "Nights", "Twilight"]
ISSUES = ["pay", "rotas", "travel time", "PPE", "sick pay", "staffing"]
BRANCH_CODES = ("NW-D01", "NW-D02", "NW-D03", "NW-D20")
PER_BRANCH = 80


@transaction.atomic
def seed(region: Region) -> str:
    rng = random.Random(7)
    now = timezone.now()
    rep = User.objects.filter(username="rep").first()
    organiser = User.objects.filter(username="branch").first() or rep
    created = 0
    total = 0
    for code in BRANCH_CODES:
        branch = Branch.objects.filter(code=code).first()
        if branch is None:
            continue
        locations = list(
            Location.objects.filter(
                council__in=branch.councils.all(), is_social_care=True
            ).order_by("-beds", "cqc_id")[:8]
        )
        if code == "NW-D01" and rep is not None:
            # The demo rep's assigned workplaces get people first.
            assigned = [
                a.location
                for a in WorkplaceAssignment.objects.filter(user=rep).select_related("location")
            ]
            locations = assigned + [loc for loc in locations if loc not in assigned]
        for i in range(PER_BRANCH):
            number = f"DEMO{code[-2:]}{i:04d}"
            first = FIRST[(i * 5) % len(FIRST)]
            last = LAST[(i // len(FIRST) + len(code)) % len(LAST)]  # 98 distinct names
            location = locations[i % len(locations)] if locations else None
            is_member = i % 3 != 2
            person, was_created = Person.objects.get_or_create(
                branch=branch,
                external_id=number,
                defaults={
                    "full_name": f"{first} {last} (synthetic)",
                    "email": f"{first.lower()}.{last.lower()}.{number.lower()}@example.invalid",
                    "phone": f"+447700900{(i + len(code) * 37) % 1000:03d}",
                    "job_title": JOBS[i % len(JOBS)],
                    "workplace_text": location.name if location else "Unknown care home",
                    "location": location,
                    "provider_id": location.provider_id if location else None,
                    "link_method": "demo" if location else "",
                    "unit": UNITS[i % len(UNITS)],
                    "shift": SHIFTS[i % len(SHIFTS)],
                    "source": Source.IMPORT if is_member else Source.MANUAL,
                    "lawful_basis": LawfulBasis.MEMBER
                    if is_member
                    else (LawfulBasis.REGULAR_CONTACT if i % 4 else LawfulBasis.NONE),
                    "languages": ["English"] + (["Polish"] if i % 7 == 0 else []),
                },
            )
            total += 1
            if not was_created:
                continue
            created += 1
            if is_member:
                Membership.objects.create(
                    person=person,
                    branch=branch,
                    number=number,
                    status=MembershipStatus.MEMBER if i % 11 else MembershipStatus.LAPSED,
                    joined=(now - timedelta(days=200 + i * 13)).date(),
                    source="demo extract",
                    extract_date=now.date(),
                )
            if i % 4 != 3:
                value = rng.choice([1, 2, 2, 3, 3, 3, 4, 5])
                at = now - timedelta(days=rng.randrange(1, 90))
                Assessment.objects.create(person=person, value=value, by=organiser, at=at)
                person.assessment, person.assessed_at = value, at
            if i % 2 == 0:
                at = now - timedelta(days=rng.randrange(1, 40))
                follow_up = (
                    (now + timedelta(days=rng.randrange(-3, 10))).date() if i % 4 == 0 else None
                )
                Conversation.objects.create(
                    person=person,
                    at=at,
                    by=rep if code == "NW-D01" else organiser,
                    issues=rng.sample(ISSUES, 2),
                    outcome=rng.choice(["supportive", "undecided", "joined"]),
                    next_step="Talk again after the team meeting" if follow_up else "",
                    follow_up=follow_up,
                    notes="Synthetic demo note.",
                )
                person.last_contacted, person.follow_up_due = at, follow_up
            if i % 17 == 0 and location is not None:
                WorkplaceRole.objects.create(person=person, location=location, role="rep")
            elif i % 23 == 0 and location is not None:
                WorkplaceRole.objects.create(person=person, location=location, role="steward")
            person.save()
    return f"{total} synthetic people ({created} new) in {len(BRANCH_CODES)} branches"
