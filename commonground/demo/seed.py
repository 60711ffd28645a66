"""The demo: the North West region, synthetic branches and one persona per role.

Everything about people here is synthetic. Each domain adds its own demo data through
``DEMO_STEPS`` so that ``commonground demo`` stays the one entry point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from commonground.accounts.models import Branch, Role, ServiceGroup, User, WorkplaceAssignment
from commonground.alliances import demo as alliances_demo
from commonground.alliances.models import Partner
from commonground.campaigns import demo as campaigns_demo
from commonground.campaigns.models import Campaign
from commonground.charters import demo as charters_demo
from commonground.density import demo as density_demo
from commonground.facility import demo as facility_demo
from commonground.library import demo as library_demo
from commonground.linkage import demo as linkage_demo
from commonground.motions import demo as motions_demo
from commonground.outreach import demo as outreach_demo
from commonground.people import demo as people_demo
from commonground.people.models import Person
from commonground.publicpages import demo as publicpages_demo
from commonground.register import demo as register_demo
from commonground.register.models import Council, Region
from commonground.register.seed import seed_north_west

DEMO_PASSWORD = "commonground-demo"

# The two city regions of the drive: 35 synthetic branches across their 16 councils.
CITY_REGION_COUNCILS = [
    "E08000001",
    "E08000002",
    "E08000003",
    "E08000004",
    "E08000005",
    "E08000006",
    "E08000007",
    "E08000008",
    "E08000009",
    "E08000010",  # Greater Manchester
    "E08000011",
    "E08000012",
    "E08000013",
    "E08000014",
    "E08000015",
    "E06000006",  # Liverpool City Region
]


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    branch_codes: tuple[str, ...] = ()
    description: str = ""


PERSONAS = (
    Persona("admin", "Ada", "Steward (demo)", Role.ADMIN, (), "regional data steward: everything"),
    Persona(
        "regional",
        "Rhiannon",
        "Organiser (demo)",
        Role.REGIONAL_ORGANISER,
        (),
        "the whole North West region",
    ),
    Persona(
        "branch",
        "Bola",
        "Secretary (demo)",
        Role.BRANCH_ORGANISER,
        ("NW-D01",),
        "one branch (NW-D01)",
    ),
    Persona("rep", "Reza", "Activist (demo)", Role.REP, ("NW-D01",), "assigned workplaces only"),
    Persona("viewer", "Val", "Liaison (demo)", Role.VIEWER, (), "aggregates only, never a person"),
    Persona(
        "otherbranch",
        "Olu",
        "Secretary (demo)",
        Role.BRANCH_ORGANISER,
        ("NW-D20",),
        "another branch (NW-D20)",
    ),
)


def seed_branches(region: Region) -> list[Branch]:
    councils = {c.ons_code: c for c in Council.objects.filter(ons_code__in=CITY_REGION_COUNCILS)}
    branches: list[Branch] = []
    groups = [
        ([ServiceGroup.COMMUNITY], "Community & Care"),
        ([ServiceGroup.LOCAL_GOVERNMENT, ServiceGroup.COMMUNITY], "Local Government & Care"),
    ]
    n = 0
    for code in CITY_REGION_COUNCILS:
        council = councils[code]
        for service_groups, label in groups:
            n += 1
            branches.append(
                _branch(region, n, f"Synthetic {council.name} {label}", service_groups, [council])
            )
    # Three cross-borough branches make 35.
    gm = [councils[c] for c in CITY_REGION_COUNCILS[:10]]
    lcr = [councils[c] for c in CITY_REGION_COUNCILS[10:]]
    for name, covered in (
        ("Synthetic Greater Manchester Home Care", gm),
        ("Synthetic Merseyside Care Homes", lcr),
        ("Synthetic City Regions Voluntary Sector", gm + lcr),
    ):
        n += 1
        branches.append(_branch(region, n, name, [ServiceGroup.COMMUNITY], covered))
    return branches


def _branch(
    region: Region, n: int, name: str, groups: list[ServiceGroup], councils: list[Council]
) -> Branch:
    branch, _ = Branch.objects.update_or_create(
        code=f"NW-D{n:02d}",
        defaults={
            "region": region,
            "name": name,
            "service_groups": [str(g) for g in groups],
            "is_synthetic": True,
        },
    )
    branch.councils.set(councils)
    return branch


def seed_personas(region: Region) -> list[tuple[Persona, User]]:
    result = []
    for p in PERSONAS:
        user, _ = User.objects.update_or_create(
            username=p.username,
            defaults={
                "first_name": p.first_name,
                "last_name": p.last_name,
                "role": p.role,
                "email": f"{p.username}@demo.invalid",
                "region": region,
                "is_active": True,
                "is_staff": p.role == Role.ADMIN,
                "is_superuser": p.role == Role.ADMIN,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.branches.set(Branch.objects.filter(code__in=p.branch_codes))
        result.append((p, user))
    return result


def assign_rep_workplaces(limit: int = 3) -> int:
    """Give the demo rep a few workplaces in their branch's councils, once the register exists."""
    from commonground.register.models import Location

    rep = User.objects.filter(username="rep").first()
    if rep is None:
        return 0
    councils = Council.objects.filter(branches__users=rep)
    locations = Location.objects.filter(council__in=councils, is_social_care=True).order_by(
        "-beds", "cqc_id"
    )[:limit]
    for loc in locations:
        WorkplaceAssignment.objects.get_or_create(user=rep, location=loc)
    return rep.assignments.count()


def attribute_recruits(region: Region) -> str:
    """Every seventh synthetic person of the region came through one of its first three
    partners (idempotent). Seeded here, after people and alliances both exist."""
    partners = list(Partner.objects.filter(region=region).order_by("pk")[:3])
    attributed = Person.objects.filter(branch__region=region, recruited_via__isnull=False)
    if partners and not attributed.exists():
        people = Person.objects.filter(branch__region=region).order_by("pk")
        for i, pk in enumerate(people.values_list("pk", flat=True)[::7]):
            Person.objects.filter(pk=pk).update(recruited_via=partners[i % len(partners)])
    return f"{attributed.count()} synthetic people attributed to the partner they were recruited through"


def link_campaign_partners(region: Region) -> str:
    """The demo campaign names its partner from Alliances (seeded after both exist)."""
    partner = Partner.objects.filter(region=region, name="Greater Manchester Citizens").first()
    if partner is None:
        return "no partner to link"
    for campaign in Campaign.objects.filter(region=region, is_demo=True):
        campaign.alliance_partners.add(partner)
    return f"{partner.name} named on {partner.campaigns.count()} demo campaign(s)"


# Each domain app's ``demo.seed(region) -> str`` (a one-line summary), in this order, after
# the foundation, so later domains can build on earlier ones.
DEMO_STEPS: tuple[tuple[str, Callable[[Region], object]], ...] = (
    ("register", register_demo.seed),
    ("people", people_demo.seed),
    ("linkage", linkage_demo.seed),
    ("density", density_demo.seed),
    ("charters", charters_demo.seed),
    ("campaigns", campaigns_demo.seed),
    ("alliances", alliances_demo.seed),
    ("recruits", attribute_recruits),
    ("campaign partners", link_campaign_partners),
    ("publicpages", publicpages_demo.seed),
    ("library", library_demo.seed),
    ("facility", facility_demo.seed),
    ("motions", motions_demo.seed),
    ("outreach", outreach_demo.seed),
)


def demo_steps() -> list[tuple[str, Callable[[Region], object]]]:
    return list(DEMO_STEPS)


@transaction.atomic
def seed_foundation() -> tuple[Region, list[tuple[Persona, User]]]:
    region = seed_north_west()
    seed_branches(region)
    personas = seed_personas(region)
    return region, personas
