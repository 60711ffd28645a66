"""Facts about the North West seeded into every install (from shared/reference/NORTH_WEST.md).

Admins can edit them afterwards; seeding again never overwrites an edit to a name.
"""

from __future__ import annotations

from django.db import transaction

from commonground.register.models import CombinedAuthority, Council, CouncilKind, Region

COMBINED_AUTHORITIES = [
    # code, name, short name, elected mayor
    ("E47000001", "Greater Manchester Combined Authority", "GMCA", True),
    ("E47000004", "Liverpool City Region Combined Authority", "LCRCA", True),
    # The code for Lancashire's combined county authority is not verified in our sources.
    ("E47000018", "Lancashire Combined County Authority", "Lancashire CCA", False),
]

# name, ONS code, kind, sub-area, combined authority code
NORTH_WEST_COUNCILS = [
    ("Cheshire East", "E06000049", CouncilKind.UNITARY, "Cheshire", None),
    ("Cheshire West and Chester", "E06000050", CouncilKind.UNITARY, "Cheshire", None),
    ("Halton", "E06000006", CouncilKind.UNITARY, "Cheshire", "E47000004"),
    ("Warrington", "E06000007", CouncilKind.UNITARY, "Cheshire", None),
    ("Cumberland", "E06000063", CouncilKind.UNITARY, "Cumbria", None),
    ("Westmorland and Furness", "E06000064", CouncilKind.UNITARY, "Cumbria", None),
    ("Lancashire", "E10000017", CouncilKind.COUNTY, "Lancashire", "E47000018"),
    ("Blackburn with Darwen", "E06000008", CouncilKind.UNITARY, "Lancashire", "E47000018"),
    ("Blackpool", "E06000009", CouncilKind.UNITARY, "Lancashire", "E47000018"),
    ("Bolton", "E08000001", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Bury", "E08000002", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Manchester", "E08000003", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Oldham", "E08000004", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Rochdale", "E08000005", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Salford", "E08000006", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Stockport", "E08000007", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Tameside", "E08000008", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Trafford", "E08000009", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Wigan", "E08000010", CouncilKind.METROPOLITAN, "Greater Manchester", "E47000001"),
    ("Knowsley", "E08000011", CouncilKind.METROPOLITAN, "Merseyside", "E47000004"),
    ("Liverpool", "E08000012", CouncilKind.METROPOLITAN, "Merseyside", "E47000004"),
    ("St Helens", "E08000013", CouncilKind.METROPOLITAN, "Merseyside", "E47000004"),
    ("Sefton", "E08000014", CouncilKind.METROPOLITAN, "Merseyside", "E47000004"),
    ("Wirral", "E08000015", CouncilKind.METROPOLITAN, "Merseyside", "E47000004"),
]

# Lancashire's 12 districts do not commission social care: their locations roll up to the county.
LANCASHIRE_DISTRICTS = [
    ("Burnley", "E07000117"),
    ("Chorley", "E07000118"),
    ("Fylde", "E07000119"),
    ("Hyndburn", "E07000120"),
    ("Lancaster", "E07000121"),
    ("Pendle", "E07000122"),
    ("Preston", "E07000123"),
    ("Ribble Valley", "E07000124"),
    ("Rossendale", "E07000125"),
    ("South Ribble", "E07000126"),
    ("West Lancashire", "E07000127"),
    ("Wyre", "E07000128"),
]

# Cumbria County Council was replaced on 1 April 2023; older data carries its code.
CUMBRIA = ("Cumbria", "E10000006", ["E06000063", "E06000064"])
# Cumbria's six former districts, and which new unitary each now sits in.
CUMBRIA_DISTRICTS = [
    ("Allerdale", "E07000026", "E06000063"),
    ("Barrow-in-Furness", "E07000027", "E06000064"),
    ("Carlisle", "E07000028", "E06000063"),
    ("Copeland", "E07000029", "E06000063"),
    ("Eden", "E07000030", "E06000064"),
    ("South Lakeland", "E07000031", "E06000064"),
]


@transaction.atomic
def seed_north_west() -> Region:
    """Create (or complete) the North West region, its councils and combined authorities."""
    region, _ = Region.objects.get_or_create(
        slug="north-west", defaults={"name": "North West", "ons_code": "E12000002"}
    )
    cas = {}
    for code, name, short, mayor in COMBINED_AUTHORITIES:
        ca, _ = CombinedAuthority.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "region": region, "has_mayor": mayor},
        )
        cas[code] = ca
    for name, code, kind, sub_area, ca_code in NORTH_WEST_COUNCILS:
        council, _created = Council.objects.get_or_create(
            ons_code=code,
            defaults={"name": name, "kind": kind, "sub_area": sub_area, "region": region},
        )
        updates = {
            "region": region,
            "kind": kind,
            "sub_area": sub_area,
            "active": True,
            "combined_authority": cas.get(ca_code) if ca_code else None,
        }
        for field, value in updates.items():
            setattr(council, field, value)
        council.save()
    lancashire = Council.objects.get(ons_code="E10000017")
    for name, code in LANCASHIRE_DISTRICTS:
        Council.objects.update_or_create(
            ons_code=code,
            defaults={
                "name": name,
                "kind": CouncilKind.DISTRICT,
                "parent": lancashire,
                "region": region,
                "sub_area": "Lancashire",
                "active": True,
            },
        )
    name, code, successors = CUMBRIA
    cumbria, _ = Council.objects.update_or_create(
        ons_code=code,
        defaults={
            "name": name,
            "kind": CouncilKind.COUNTY,
            "region": region,
            "sub_area": "Cumbria",
            "active": False,
            "successor_codes": successors,
        },
    )
    for name, code, successor in CUMBRIA_DISTRICTS:
        Council.objects.update_or_create(
            ons_code=code,
            defaults={
                "name": name,
                "kind": CouncilKind.DISTRICT,
                "parent": cumbria,
                "region": region,
                "sub_area": "Cumbria",
                "active": False,
                "successor_codes": [successor],
            },
        )
    return region
