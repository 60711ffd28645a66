"""Demo linkage: synthetic members who wrote their workplace the messy way, then a linking run.

The people demo links its people exactly; this adds, per demo branch, records written as
members really write them (short names, typos, the provider instead of the home, a town in
brackets, only a postcode, employers outside the register) and runs the matcher over every
unlinked person, so many link automatically and the review queue has work in it.
Idempotent: the records are keyed on a synthetic external id; linking skips linked people.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Branch
from commonground.linkage.services import link_people
from commonground.people.models import LawfulBasis, Membership, MembershipStatus, Person, Source
from commonground.register.models import Location, Region

BRANCH_CODES = ("NW-D01", "NW-D02", "NW-D03", "NW-D20")
OUTSIDE = (
    "Royal Infirmary NHS Foundation Trust",
    "Tesco Extra",
    "Borough Council adult services",
    "Agency work (various)",
    "Self employed",
)


def _variants(loc: Location, i: int) -> tuple[str, str, str]:
    """(employer, workplace, postcode) as a member might write them."""
    name = loc.name
    words = [w for w in name.replace("(", " ").replace(")", " ").split() if w]
    provider = loc.provider.name if loc.provider else ""
    sector = loc.postcode[:-2] if len(loc.postcode) > 4 else loc.postcode
    kind = i % 8
    if kind == 0:
        return provider, name.lower(), loc.postcode
    if kind == 1:
        short = " ".join(words[:2]) if len(words) > 2 else name
        return "", short, sector
    if kind == 2:
        typo = name[:3] + name[4:] if len(name) > 6 else name
        return "", typo, loc.postcode
    if kind == 3:
        return provider, f"{words[0]} ({loc.town or 'Bolton'})", ""
    if kind == 4:
        return provider, "", loc.postcode
    if kind == 5:
        return provider, f"{provider} - {words[0]}" if provider else words[0], sector
    if kind == 6:
        return "", words[0], ""
    return "", name.replace("Care Home", "Nursing Home").replace("Ltd", ""), loc.postcode


@transaction.atomic
def _seed_records() -> int:
    now = timezone.now()
    created = 0
    for code in BRANCH_CODES:
        branch = Branch.objects.filter(code=code).first()
        if branch is None:
            continue
        locations = list(
            Location.objects.filter(
                council__in=branch.councils.all(),
                is_social_care=True,
                registration_status="registered",
            )
            .select_related("provider")
            .order_by("-beds", "cqc_id")[8:40]
        )
        if not locations:
            continue
        for i in range(48):
            number = f"DEMOLK{code[-2:]}{i:04d}"
            if i % 12 == 11:
                employer, workplace, postcode = OUTSIDE[i % len(OUTSIDE)], "", ""
            else:
                employer, workplace, postcode = _variants(locations[i % len(locations)], i)
            person, was_created = Person.objects.get_or_create(
                branch=branch,
                external_id=number,
                defaults={
                    "full_name": f"Linkage Demo {i} (synthetic)",
                    "email": f"linkage.{number.lower()}@example.invalid",
                    "employer_text": employer[:200],
                    "workplace_text": workplace[:200],
                    "postcode": postcode,
                    "job_title": "Care assistant",
                    "source": Source.IMPORT,
                    "lawful_basis": LawfulBasis.MEMBER,
                },
            )
            if was_created:
                created += 1
                Membership.objects.create(
                    person=person,
                    branch=branch,
                    number=number,
                    status=MembershipStatus.MEMBER,
                    joined=(now - timedelta(days=15 + i * 9)).date(),
                    source="demo extract",
                    extract_date=now.date(),
                )
    return created


def seed(region: Region) -> str:
    created = _seed_records()
    counts = link_people(actor="demo")
    return (
        f"linkage: {created} messy synthetic records added; linked {counts['people']} people: "
        f"{counts['auto']} auto ({counts['provider_only']} provider only), "
        f"{counts['review']} to review, {counts['none']} none"
    )
