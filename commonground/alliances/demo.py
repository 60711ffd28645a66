"""Demo alliances: real public alliance names, synthetic contacts, branches and history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from commonground.accounts.models import Branch
from commonground.alliances.models import (
    Affiliation,
    AffiliationStatus,
    Contact,
    Direction,
    IssueTag,
    JointAction,
    LedgerEntry,
    Partner,
    PartnerType,
    SupportKind,
    Unit,
)
from commonground.register.models import Region

PARTNERS = (
    (
        "Greater Manchester Citizens",
        PartnerType.BROAD_BASED,
        (
            "Citizens UK chapter for Greater Manchester (since 2016): schools, union branches, "
            "faith institutions and community groups acting together."
        ),
        [
            "real-living-wage",
            "migrant-workers-refugees",
            "housing-homelessness",
            "mental-health",
            "hate-crime",
        ],
        ("Jo Demo-Harper", "Community organiser (synthetic contact)"),
    ),
    (
        "Liverpool Citizens (forming)",
        PartnerType.BROAD_BASED,
        "A Citizens UK chapter being founded in the Liverpool City Region.",
        ["real-living-wage", "housing-homelessness", "migrant-workers-refugees"],
        ("Kit Sample-Rowe", "Lead organiser (synthetic contact)"),
    ),
    (
        "Synthetic Salford Interfaith Forum",
        PartnerType.FAITH,
        "Churches, mosques and a gurdwara in Salford that host our care-worker surgeries.",
        ["migrant-workers-refugees", "hate-crime"],
        ("Rev. Alex Placeholder", "Forum chair (synthetic contact)"),
    ),
    (
        "Synthetic Bolton Home Care Users' Voice",
        PartnerType.SERVICE_USER,
        (
            "People who receive home care in Bolton, and their families: allies for 15-minute-visit "
            "and continuity-of-care campaigns."
        ),
        ["fair-contracts", "mental-health"],
        ("Pat Example", "Coordinator (synthetic contact)"),
    ),
    (
        "Synthetic Merseyside Refugee Welcome",
        PartnerType.COMMUNITY,
        "Refugee and migrant support group; joint English-for-work classes for care workers.",
        ["migrant-workers-refugees", "hate-crime"],
        ("Sam Fictional-Aziz", "Volunteer lead (synthetic contact)"),
    ),
    (
        "Synthetic Wirral Carers' Network",
        PartnerType.VOLUNTARY,
        "Voluntary-sector body for unpaid carers on the Wirral.",
        ["mental-health", "public-services"],
        ("Morgan Testwell", "Chief officer (synthetic contact)"),
    ),
)

# (partner, branch code, status, started, fee)
AFFILIATIONS = [
    ("Greater Manchester Citizens", f"NW-D{n:02d}", AffiliationStatus.ACTIVE, 2023, 250)
    for n in (1, 2, 3, 5, 7, 9, 11, 13, 15, 17, 19, 33)
] + [
    ("Greater Manchester Citizens", "NW-D04", AffiliationStatus.PROPOSED, None, None),
    ("Greater Manchester Citizens", "NW-D08", AffiliationStatus.LAPSED, 2021, 150),
    ("Liverpool Citizens (forming)", "NW-D21", AffiliationStatus.ACTIVE, 2024, 100),
    ("Liverpool Citizens (forming)", "NW-D23", AffiliationStatus.ACTIVE, 2024, 100),
    ("Liverpool Citizens (forming)", "NW-D34", AffiliationStatus.ACTIVE, 2024, 100),
    ("Liverpool Citizens (forming)", "NW-D20", AffiliationStatus.PROPOSED, None, None),
    ("Liverpool Citizens (forming)", "NW-D35", AffiliationStatus.PROPOSED, None, None),
    ("Synthetic Salford Interfaith Forum", "NW-D11", AffiliationStatus.ACTIVE, 2022, 0),
    ("Synthetic Bolton Home Care Users' Voice", "NW-D01", AffiliationStatus.ACTIVE, 2024, 25),
    ("Synthetic Merseyside Refugee Welcome", "NW-D23", AffiliationStatus.ACTIVE, 2023, 0),
]

ACTIONS = (
    (
        "Real Living Wage accountability assembly",
        dt.date(2025, 3, 14),
        ["Greater Manchester Citizens"],
        ["NW-D01", "NW-D05", "NW-D11"],
        ["real-living-wage"],
        420,
        9,
        "Mayoral candidates asked to pay the Real Living Wage on every home-care contract.",
    ),
    (
        "Care workers' surgery at the interfaith centre",
        dt.date(2025, 5, 2),
        ["Synthetic Salford Interfaith Forum"],
        ["NW-D11"],
        ["migrant-workers-refugees"],
        38,
        6,
        "Advice on visas, sponsorship and pay for migrant care workers; six joined.",
    ),
    (
        "Liverpool Citizens founding listening campaign",
        dt.date(2025, 6, 20),
        ["Liverpool Citizens (forming)", "Synthetic Merseyside Refugee Welcome"],
        ["NW-D21", "NW-D23"],
        ["housing-homelessness", "migrant-workers-refugees"],
        150,
        4,
        "Members ran listening sessions in three care homes for the founding assembly.",
    ),
    (
        "Fifteen-minute visits: users and workers together",
        dt.date(2025, 9, 9),
        ["Synthetic Bolton Home Care Users' Voice"],
        ["NW-D01"],
        ["fair-contracts"],
        60,
        3,
        "Joint evidence session with Bolton's commissioners on rushed visits.",
    ),
)

# (partner, direction, kind, quantity, unit, date, branch, description)
LEDGER = (
    (
        "Greater Manchester Citizens",
        Direction.GIVEN,
        SupportKind.TURNOUT,
        85,
        Unit.COUNT,
        (2025, 3, 14),
        "NW-D01",
        "Members at the accountability assembly",
    ),
    (
        "Greater Manchester Citizens",
        Direction.RECEIVED,
        SupportKind.SPEAKERS,
        2,
        Unit.COUNT,
        (2025, 4, 10),
        "NW-D01",
        "Faith leaders spoke at our pay rally",
    ),
    (
        "Greater Manchester Citizens",
        Direction.RECEIVED,
        SupportKind.ROOMS,
        6,
        Unit.HOURS,
        (2025, 2, 1),
        "NW-D05",
        "Training room for leadership course",
    ),
    (
        "Greater Manchester Citizens",
        Direction.GIVEN,
        SupportKind.LETTERS,
        40,
        Unit.COUNT,
        (2025, 6, 1),
        "NW-D11",
        "Letters backing the housing campaign",
    ),
    (
        "Synthetic Salford Interfaith Forum",
        Direction.RECEIVED,
        SupportKind.ROOMS,
        12,
        Unit.HOURS,
        (2025, 5, 2),
        "NW-D11",
        "Hall for the monthly surgery",
    ),
    (
        "Synthetic Salford Interfaith Forum",
        Direction.GIVEN,
        SupportKind.SPEAKERS,
        1,
        Unit.COUNT,
        (2025, 7, 5),
        "NW-D11",
        "Steward spoke on hate crime at work",
    ),
    (
        "Liverpool Citizens (forming)",
        Direction.GIVEN,
        SupportKind.TURNOUT,
        30,
        Unit.COUNT,
        (2025, 6, 20),
        "NW-D21",
        "Listening session hosts",
    ),
    (
        "Liverpool Citizens (forming)",
        Direction.RECEIVED,
        SupportKind.RESOURCES,
        1,
        Unit.COUNT,
        (2025, 6, 21),
        "NW-D21",
        "Community organising training pack",
    ),
    (
        "Synthetic Bolton Home Care Users' Voice",
        Direction.RECEIVED,
        SupportKind.LETTERS,
        65,
        Unit.COUNT,
        (2025, 9, 1),
        "NW-D01",
        "Letters to commissioners",
    ),
    (
        "Synthetic Merseyside Refugee Welcome",
        Direction.GIVEN,
        SupportKind.RESOURCES,
        8,
        Unit.HOURS,
        (2025, 8, 12),
        "NW-D23",
        "Rights-at-work session",
    ),
)


@transaction.atomic
def seed(region: Region) -> str:
    tags = {t.slug: t for t in IssueTag.objects.all()}
    partners: dict[str, Partner] = {}
    for name, kind, description, issues, (contact, role) in PARTNERS:
        partner, _ = Partner.objects.update_or_create(
            region=region,
            name=name,
            defaults={"kind": kind, "description": description, "is_synthetic": True},
        )
        partner.issues.set([tags[s] for s in issues if s in tags])
        Contact.objects.update_or_create(
            partner=partner, name=contact, defaults={"public_role": role}
        )
        partners[name] = partner
    branches = {b.code: b for b in Branch.objects.filter(region=region)}
    for name, code, status, year, fee in AFFILIATIONS:
        if code not in branches:
            continue
        Affiliation.objects.update_or_create(
            branch=branches[code],
            partner=partners[name],
            defaults={
                "status": status,
                "started": dt.date(year, 4, 1) if year else None,
                "ended": dt.date(2023, 3, 31) if status == AffiliationStatus.LAPSED else None,
                "annual_fee": Decimal(fee) if fee is not None else None,
            },
        )
    actions: dict[str, JointAction] = {}
    for title, date, pnames, codes, issues, turnout, recruits, text in ACTIONS:
        action, _ = JointAction.objects.update_or_create(
            region=region,
            title=title,
            defaults={
                "date": date,
                "description": text,
                "turnout": turnout,
                "recruits_reported": recruits,
            },
        )
        action.partners.set([partners[n] for n in pnames])
        action.branches.set([branches[c] for c in codes if c in branches])
        action.issues.set([tags[s] for s in issues if s in tags])
        actions[title] = action
    for pname, direction, support, qty, unit, ymd, code, text in LEDGER:
        LedgerEntry.objects.update_or_create(
            partner=partners[pname],
            date=dt.date(*ymd),
            kind=support,
            direction=direction,
            defaults={
                "quantity": Decimal(qty),
                "unit": unit,
                "branch": branches.get(code),
                "description": text,
            },
        )
    return (
        f"{len(partners)} partners, {Affiliation.objects.count()} affiliations, "
        f"{len(actions)} joint actions, {LedgerEntry.objects.count()} ledger rows"
    )
