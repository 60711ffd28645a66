"""Generate a register and member records with known truth for the linkage bench.

The register is built from the real CQC files under COMMONGROUND_DATA_DIR (default
/work/shared/data):

- ``cqc/cqc_care_homes_england_2021-03-01.csv``: every care home in England in 2021. It has
  no provider names, so providers are synthesised: homes whose names share a brand prefix
  ("Support for Living Limited - 43 Shirley Gardens") form their real group, a share of
  the rest go to clearly synthetic chains ("Amberwell Care Group", ...), and the rest are
  independents whose provider is a company named after the home or a made-up owner.
- ``cqc/cqc_api_locations_oldham_2025-03.jsonl``: Oldham's social care locations from the
  CQC API, with real provider ids, brands and predecessor names. Registered ones replace
  their 2021 rows; deregistered ones are dropped from the register.

A seeded share of locations is renamed (the old name kept as a previous name), as CQC
renames do. Member records are then drawn from the register with known truth, in the
ways members really write their workplace: exact, suffix swaps, abbreviations, short
and brand names, town hints, old names, typos, the provider instead of the home, and
postcodes that are full, partial, missing, mistyped, wrong or the member's own. About 7%
work outside the register (NHS, councils, supermarkets, agencies, schools, and care
businesses the register does not hold).

Usage::

    python -m bench.linkage.generate --out bench/out --seed 42 --sizes 10k,100k,1M

writes ``register_s<seed>.csv``, ``members_s<seed>_<size>.csv``
(id,employer,workplace,postcode,job_title) and ``truth_s<seed>_<size>.csv``
(id,location_id,provider_id,level,case). ``level`` is what the text can support:
``location``, ``provider`` (the member named the provider, not the home; location_id
still says where they work) or ``none`` (outside the register). ``case`` names the
variant and the postcode kind, for the error breakdown; the matcher never sees it. Smaller files are prefixes
of larger ones with the same seed. Everything is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import os
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(os.environ.get("COMMONGROUND_DATA_DIR", "/work/shared/data"))
ENGLAND = "cqc/cqc_care_homes_england_2021-03-01.csv"
OLDHAM = "cqc/cqc_api_locations_oldham_2025-03.jsonl"

# Clearly synthetic chain names (no real provider is implied).
CHAINS = [
    "Amberwell Care Group",
    "Brightholme Healthcare",
    "Cindermoor Care",
    "Dunmere Living",
    "Elmcrest Care Homes",
    "Fairhaven Senior Living",
    "Greywell Healthcare",
    "Hartwood Care",
    "Ivorydale Care",
    "Juniper Lane Care",
    "Kestrelmoor Care Homes",
    "Larkhaven Healthcare",
    "Maplecroft Care Group",
    "Northfold Care",
    "Orchardleigh Care",
    "Pennyroyal Care",
    "Quillan Healthcare",
    "Redmarsh Care",
    "Silverbirch Care Homes",
    "Thornleigh Living",
    "Umberside Care",
    "Valebrook Healthcare",
    "Westerhope Care",
    "Yarrowdale Care",
    "Zennor Care Partnership",
    "HC-Nine",
    "Caremoor Group",
    "Lindenvale Care",
]
CHAIN_SIZES = [420, 330, 260, 210, 170, 140, 120, 100, 90, 80, 70, 60, 55, 50, 45]
CHAIN_SIZES += [40, 35, 30, 26, 22, 20, 18, 16, 14, 12, 10, 8, 6]
SURNAMES = [
    "Ahmed",
    "Patel",
    "Khan",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
    "Martin",
    "Jackson",
    "Clarke",
    "Clark",
    "Turner",
    "Hill",
    "Scott",
    "Cooper",
    "Morris",
    "Ward",
    "Moore",
    "King",
    "Watson",
    "Baker",
    "Harrison",
    "Morgan",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "Singh",
    "Begum",
    "Hussain",
    "Ali",
    "Chowdhury",
]
OWNER_FORMS = [
    "{a} Care Ltd",
    "{a} & {b} Ltd",
    "{a} Healthcare Limited",
    "{a} Homes Ltd",
    "{a} {b} Care Ltd",
    "{a} & {b} Care Homes Ltd",
    "{a}-{b} Healthcare Ltd",
]
NEW_NAME_WORDS = [
    "Ashgrove",
    "Beechfield",
    "Briarwood",
    "Brookside",
    "Cherrytree",
    "Clovelly",
    "Copperfield",
    "Dovecote",
    "Eastbrook",
    "Fernlea",
    "Foxglove",
    "Glenholme",
    "Hawthorne",
    "Hazelmere",
    "Heatherbank",
    "Hillcrest",
    "Kingfisher",
    "Lakeside",
    "Lavender",
    "Meadowcroft",
    "Millbrook",
    "Oakmere",
    "Parkfield",
    "Primrose",
    "Riverside",
    "Rosewood",
    "Sandpiper",
    "Springbank",
    "Sunnyside",
    "Thornbury",
    "Westfield",
    "Willowmead",
    "Woodbank",
    "Yewtree",
    "Abbotsford",
    "Bramley",
    "Chalfont",
    "Denholme",
    "Elmhurst",
    "Greenacres",
    "Harewood",
]
NEW_NAME_SUFFIXES = ["House", "Lodge", "Court", "Manor", "Grange", "View", "Care Home"]

TRUSTS = [
    "Royal Oldham Hospital",
    "Northern Care Alliance NHS Foundation Trust",
    "Pennine Acute Hospitals NHS Trust",
    "Manchester University NHS Foundation Trust",
    "Salford Royal",
    "Bolton NHS Foundation Trust",
    "Tameside and Glossop Integrated Care NHS FT",
    "North West Ambulance Service",
    "Lancashire Teaching Hospitals",
    "Leeds Teaching Hospitals NHS Trust",
    "Guy's and St Thomas' NHS Foundation Trust",
    "Sheffield Children's Hospital",
    "Community Nursing Team",
    "District Nurses",
    "NHS",
    "Mental Health Trust",
    "Royal Infirmary",
    "General Hospital",
    "Wythenshawe Hospital",
    "St James's University Hospital",
]
SHOPS = ["Tesco", "Asda", "Sainsbury's", "Morrisons", "Aldi", "Lidl", "Co-op", "Iceland"]
AGENCIES = [
    "Hays",
    "Reed",
    "Randstad Care",
    "Nursing Personnel",
    "Medacs Healthcare",
    "Thornbury Nursing Services",
    "Pulse Agency",
    "ID Medical",
    "Bank staff",
    "Agency",
    "Self employed",
    "Various",
]
SCHOOL_FORMS = ["{t} Primary School", "{t} Academy", "{t} College", "St Mary's Primary School"]
COUNCIL_FORMS = ["{c} Council", "{c} MBC", "{c} City Council", "Adult Social Care - {c} Council"]
# Care-like businesses outside the register (Wales, Scotland, unregistered services):
# made-up distinctive words, some sharing a word with real homes.
OUTSIDE_WORDS = [
    "Glenmorven",
    "Penrhyndale",
    "Cairnbrook",
    "Llanfair",
    "Tyddyn",
    "Strathleven",
    "Bryngwyn",
    "Dunalastair",
    "Invergarry",
    "Pentwyn",
    "Gwelfor",
    "Ardmore",
    "Craigdhu",
    "Tawelfan",
    "Bodlondeb",
    "Cwmbran",
    "Kilbride",
    "Ballochmyle",
    "Glaslyn",
    "Maesteg",
]

JOB_TITLES = ["Care Assistant", "Senior Carer", "Nurse", "Cook", "Domestic", "Activities"]
JOB_TITLES += ["Support Worker", "Team Leader", "Deputy Manager", "Care Worker", ""]

ABBREV = {
    "park": "Pk",
    "road": "Rd",
    "house": "Ho",
    "court": "Ct",
    "gardens": "Gdns",
    "avenue": "Ave",
    "saint": "St",
    "lane": "Ln",
    "close": "Cl",
    "lodge": "Lge",
    "manor": "Mnr",
}
KIND_SUFFIXES = [" Care Home", " Nursing Home", " Residential Home", " Rest Home", ""]
KIND_SUFFIXES += [" carehome"]
# Homes registered again after a change of provider (the old registration kept).
REGISTER_AGAIN = 0.015
# Members who write their workplace's postcode into the workplace field.
POSTCODE_IN_WORKPLACE = 0.02
LEGAL = [" Ltd", " Limited", " Ltd.", ""]
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


@dataclass
class Location:
    location_id: str
    name: str
    previous_names: list[str]
    provider_id: str
    provider_name: str
    postcode: str
    town: str
    council_code: str
    council_name: str
    staff: int
    homecare: bool = False
    chain: bool = False
    nursing: bool = False
    registered_on: str = ""
    predecessor_ids: list[str] = field(default_factory=list)
    superseded: bool = False
    """An older registration of a home registered again: nobody works for it now."""

    @property
    def service(self) -> str:
        """The register's service type, as the app stores it."""
        if self.homecare:
            return "home_care"
        return "care_home_nursing" if self.nursing else "care_home"


@dataclass
class Register:
    locations: list[Location]
    by_provider: dict[str, list[int]] = field(default_factory=dict)
    cores: set[str] = field(default_factory=set)
    postcodes_by_district: dict[str, list[str]] = field(default_factory=dict)
    districts_by_area: dict[str, list[str]] = field(default_factory=dict)
    successors: set[int] = field(default_factory=set)
    """Locations that replaced an older registration of the same home."""


def _core(text: str) -> str:
    """A rough core for the generator's own collision checks (not the engine's)."""
    s = re.sub(r"[^a-z0-9 ]", " ", text.lower().replace("'", ""))
    s = re.sub(
        r"\b(the|ltd|limited|care home|nursing home|residential home|rest home|home)\b", " ", s
    )
    return " ".join(s.split())


def _district(pc: str) -> str:
    return pc.split()[0] if " " in pc else pc[:-3]


def _registration_order(row: dict[str, str]) -> tuple[str, int]:
    return row["Location HSCA start date"], int(row["Location ID"].rpartition("-")[2] or 0)


def build_register(seed: int, data_dir: Path = DATA_DIR) -> Register:
    rng = random.Random(f"register:{seed}")
    api = [json.loads(line) for line in (data_dir / OLDHAM).open(encoding="utf-8")]
    social = [r for r in api if r.get("type") == "Social Care Org"]
    deregistered = {r["locationId"] for r in social if r["registrationStatus"] != "Registered"}
    registered = [r for r in social if r["registrationStatus"] == "Registered"]
    replaced: set[str] = set()
    for r in registered:
        for rel in r.get("relationships", []):
            if rel.get("type") == "HSCA Predecessor":
                replaced.add(rel["relatedLocationId"])
    api_ids = {r["locationId"] for r in registered}

    locations: list[Location] = []
    with (data_dir / ENGLAND).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    # The 2021 snapshot lists 69 homes twice (same name, address and postcode: a new
    # registration while the old one was still open). Both stay in the register, as in
    # the file; the staff work for the newer registration, the current one.
    newest: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (_core(row["Location Name"]), row["Location Postal Code"].strip().upper())
        # The later start date, then the later id (CQC numbers ids in order).
        if key not in newest or _registration_order(row) > _registration_order(newest[key]):
            newest[key] = row
    kept = {id(row) for row in newest.values()}
    for row in rows:
        lid = row["Location ID"]
        if lid in deregistered or lid in replaced or lid in api_ids:
            continue
        beds = int(row["Care homes beds"] or 0)
        locations.append(
            Location(
                location_id=lid,
                name=row["Location Name"].strip(),
                previous_names=[],
                provider_id="",
                provider_name="",
                postcode=row["Location Postal Code"].strip().upper(),
                town=row["Location City"].strip(),
                council_code=row["lad24_code_spatial_join"],
                council_name=row["lad24_name_spatial_join"],
                staff=max(4, round(beds * rng.uniform(0.9, 1.5))) if id(row) in kept else 0,
                nursing=row["Service type - Care home service with nursing"].strip() == "Y",
                registered_on=row["Location HSCA start date"],
                superseded=id(row) not in kept,
            )
        )
    # Oldham API records keep their real provider ids; a brand is the provider's name.
    # A deregistered predecessor of a registered location at the same postcode stays in
    # the register (CQC keeps it, with the succession link); nobody works for it now.
    by_id = {r["locationId"]: r for r in social}
    for r in registered:
        for rel in r.get("relationships", []):
            old_r = by_id.get(rel.get("relatedLocationId", ""))
            if (
                rel.get("type") == "HSCA Predecessor"
                and old_r is not None
                and old_r["registrationStatus"] != "Registered"
                and (old_r.get("postalCode") or "").strip().upper()
                == (r.get("postalCode") or "").strip().upper()
            ):
                locations.append(
                    Location(
                        location_id=old_r["locationId"],
                        name=old_r["name"].strip(),
                        previous_names=[],
                        provider_id=old_r["providerId"],
                        provider_name="",
                        postcode=(old_r.get("postalCode") or "").strip().upper(),
                        town=(old_r.get("postalAddressTownCity") or "").strip(),
                        council_code="E08000004",
                        council_name="Oldham",
                        staff=0,
                        homecare=old_r.get("careHome") != "Y",
                        registered_on=old_r.get("registrationDate") or "",
                        superseded=True,
                    )
                )
    for r in registered:
        prev = [
            rel["relatedLocationName"]
            for rel in r.get("relationships", [])
            if rel.get("type") == "HSCA Predecessor"
            and _core(rel.get("relatedLocationName", "")) != _core(r["name"])
        ]
        brand = (r.get("brandName") or "").removeprefix("BRAND ").strip()
        homecare = r.get("careHome") != "Y"
        beds = int(r.get("numberOfBeds") or 0)
        locations.append(
            Location(
                location_id=r["locationId"],
                name=r["name"].strip(),
                previous_names=list(dict.fromkeys(prev)),
                provider_id=r["providerId"],
                provider_name=brand,
                postcode=(r.get("postalCode") or "").strip().upper(),
                town=(r.get("postalAddressTownCity") or "").strip(),
                council_code="E08000004",
                council_name="Oldham",
                staff=rng.randint(15, 90) if homecare else max(4, round(beds * 1.2)),
                homecare=homecare,
                nursing=any(
                    "with nursing" in (t.get("description") or "").lower()
                    for t in r.get("gacServiceTypes") or []
                ),
                registered_on=r.get("registrationDate") or "",
                predecessor_ids=[
                    rel["relatedLocationId"]
                    for rel in r.get("relationships", [])
                    if rel.get("type") == "HSCA Predecessor"
                ],
            )
        )
    _assign_providers(locations, rng)
    _rename_some(locations, rng)
    _register_again(locations, rng)
    reg = Register(locations)
    old_at = {(_core(loc.name), loc.postcode) for loc in locations if loc.superseded}
    old_ids = {loc.location_id for loc in locations if loc.superseded}
    reg.successors = {
        i
        for i, loc in enumerate(locations)
        if not loc.superseded
        and (old_ids.intersection(loc.predecessor_ids) or (_core(loc.name), loc.postcode) in old_at)
    }
    for i, loc in enumerate(locations):
        reg.by_provider.setdefault(loc.provider_id, []).append(i)
        reg.cores.add(_core(loc.name))
        reg.cores.update(_core(n) for n in loc.previous_names)
        if loc.postcode:
            d = _district(loc.postcode)
            reg.postcodes_by_district.setdefault(d, []).append(loc.postcode)
    for d in reg.postcodes_by_district:
        area = re.match(r"[A-Z]+", d)
        reg.districts_by_area.setdefault(area.group(0) if area else d, []).append(d)
    return reg


def _assign_providers(locations: list[Location], rng: random.Random) -> None:
    # 1. Real groups visible in the names: "X Limited - 88 Park Road", "Heathcotes (Y)".
    prefixes: dict[str, list[int]] = defaultdict(list)
    for i, loc in enumerate(locations):
        if loc.provider_id:
            continue
        m = re.match(r"^(.+?)\s+-\s+.+$", loc.name) or re.match(r"^([^()]+?)\s*\(.+\)$", loc.name)
        if m:
            prefixes[m.group(1).strip()].append(i)
    n = 0
    for prefix, members in prefixes.items():
        if len(members) >= 3:
            n += 1
            for i in members:
                locations[i].provider_id = f"SP-G{n:04d}"
                locations[i].provider_name = prefix
                locations[i].chain = True
    # 2. Synthetic chains over the remaining 2021 homes.
    free = [i for i, loc in enumerate(locations) if not loc.provider_id]
    rng.shuffle(free)
    pos = 0
    for k, size in enumerate(CHAIN_SIZES):
        name = CHAINS[k % len(CHAINS)]
        for i in free[pos : pos + size]:
            locations[i].provider_id = f"SP-C{k:03d}"
            locations[i].provider_name = name
            locations[i].chain = True
        pos += size
    # 3. Independents: a company named after the home, a made-up owner, or no name known.
    owners: set[frozenset[str]] = set()
    for j, i in enumerate(free[pos:]):
        loc = locations[i]
        loc.provider_id = f"SP-I{j:05d}"
        u = rng.random()
        if u < 0.5:
            base = re.sub(r"(?i)\b(ltd|limited)\b\.?", "", loc.name).strip(" -")
            loc.provider_name = f"{base} Limited"
        elif u < 0.8:
            # Company names are unique: a made-up owner's firm is named once.
            for _ in range(50):
                a, b = rng.sample(SURNAMES, 2)
                owner = rng.choice(OWNER_FORMS).format(a=a, b=b)
                if frozenset(_core(owner).split()) not in owners:
                    break
            else:
                owner = f"{a} {b} {rng.choice(NEW_NAME_WORDS)} Care Ltd"
            owners.add(frozenset(_core(owner).split()))
            loc.provider_name = owner
        else:
            loc.provider_name = ""


def _rename_some(locations: list[Location], rng: random.Random) -> None:
    for loc in locations:
        if rng.random() < 0.04 and not loc.superseded:
            new = f"{rng.choice(NEW_NAME_WORDS)} {rng.choice(NEW_NAME_SUFFIXES)}"
            if _core(new) != _core(loc.name):
                loc.previous_names = [loc.name, *loc.previous_names]
                loc.name = new


def _register_again(locations: list[Location], rng: random.Random) -> None:
    """A change of provider at some homes: a new registration (a new location id) at the
    same address and name; the old one stays in the register, its staff move to the new.
    Half carry CQC's succession link, half only their registration dates (as the 2021
    file's duplicates do)."""
    for loc in list(locations):
        if loc.superseded or loc.homecare or not loc.postcode or rng.random() >= REGISTER_AGAIN:
            continue
        new_id = f"1-{rng.randrange(12_000_000_000, 19_999_999_999)}"
        owner = f"{rng.choice(SURNAMES)} {rng.choice(NEW_NAME_WORDS)} Care Ltd"
        locations.append(
            Location(
                location_id=new_id,
                name=loc.name,
                previous_names=list(loc.previous_names),
                provider_id=f"SP-R{new_id[2:]}",
                provider_name=owner,
                postcode=loc.postcode,
                town=loc.town,
                council_code=loc.council_code,
                council_name=loc.council_name,
                staff=loc.staff,
                nursing=loc.nursing,
                registered_on=f"2021-0{rng.randint(1, 2)}-{rng.randint(10, 28)}",
                predecessor_ids=[loc.location_id] if rng.random() < 0.5 else [],
            )
        )
        loc.staff = 0
        loc.superseded = True


# The bench register file's columns (read by run.py, load_register.py, splink_baseline.py).
REGISTER_COLUMNS = [
    "location_id",
    "name",
    "previous_names",
    "provider_id",
    "provider_name",
    "postcode",
    "town",
    "council_code",
    "service",
    "registration_date",
    "predecessor_ids",
]


def write_register(reg: Register, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(REGISTER_COLUMNS)
        for loc in reg.locations:
            w.writerow(
                [
                    loc.location_id,
                    loc.name,
                    "|".join(loc.previous_names),
                    loc.provider_id,
                    loc.provider_name,
                    loc.postcode,
                    loc.town,
                    loc.council_code,
                    loc.service,
                    loc.registered_on,
                    "|".join(loc.predecessor_ids),
                ]
            )


# -- Text noise -------------------------------------------------------------------------


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip in a word of four letters or more."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    p = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.3:
        w = w[:p] + w[p + 1 :]
    elif op < 0.55:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    elif op < 0.8:
        w = w[:p] + rng.choice(KEYBOARD) + w[p + 1 :]
    else:
        w = w[:p] + w[p] + w[p:]
    words[i] = w
    return " ".join(words)


def strip_kind(name: str) -> str:
    s = re.sub(
        r"(?i)\s*\b((nursing|residential) (and|&) (nursing|residential) (care )?home"
        r"|care home with nursing|residential care home|care home|nursing home"
        r"|residential home|rest home|retirement home|ltd|limited)\b\.?",
        "",
        name,
    )
    return " ".join(s.split()) or name


def suffix_swap(name: str, rng: random.Random) -> str:
    base = strip_kind(name)
    if rng.random() < 0.25 and not base.lower().startswith("the "):
        base = "The " + base
    elif rng.random() < 0.3 and base.lower().startswith("the "):
        base = base[4:]
    return base + rng.choice(KIND_SUFFIXES) + (rng.choice(LEGAL) if rng.random() < 0.2 else "")


def abbreviate(name: str, rng: random.Random) -> str:
    out = []
    changed = False
    for w in name.split():
        lw = w.lower().strip(".,")
        if lw in ABBREV and (rng.random() < 0.8 or not changed):
            out.append(ABBREV[lw])
            changed = True
        elif lw == "st" and rng.random() < 0.5:
            out.append("Saint")
            changed = True
        elif lw == "and":
            out.append("&")
            changed = True
        else:
            out.append(w)
    return " ".join(out)


def short_form(name: str) -> str:
    words = [w for w in strip_kind(name).split() if w.lower() not in ("the", "-")]
    if not words:
        return name
    if words[0].isdigit() and len(words) > 2:
        return " ".join(words[1:3])
    return words[0] if len(words[0]) >= 5 else " ".join(words[:2])


def restyle(text: str, rng: random.Random) -> str:
    u = rng.random()
    if u < 0.12:
        return text.upper()
    if u < 0.22:
        return text.lower()
    return text


# -- Postcodes ----------------------------------------------------------------------------

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def home_postcode(reg: Register, near: str, rng: random.Random) -> str:
    """A plausible home postcode for someone who works at ``near``."""
    if near and rng.random() < 0.7:
        district = _district(near)
    else:
        area_m = re.match(r"[A-Z]+", near or "")
        districts = reg.districts_by_area.get(area_m.group(0) if area_m else "", [])
        district = (
            rng.choice(districts) if districts else rng.choice(list(reg.postcodes_by_district))
        )
    digit = rng.choice("0123456789")
    return f"{district} {digit}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def postcode_for(reg: Register, loc: Location | None, rng: random.Random) -> tuple[str, str]:
    """(postcode as written, what kind of postcode it is)."""
    pc = loc.postcode if loc else ""
    u = rng.random()
    if loc is None:
        if u < 0.45:
            any_pc = rng.choice(rng.choice(list(reg.postcodes_by_district.values())))
            return home_postcode(reg, any_pc, rng), "home"
        return "", "blank"
    if u < 0.45:
        v = rng.random()
        if v < 0.1:
            return pc.lower(), "full"
        if v < 0.2:
            return pc.replace(" ", ""), "full"
        return pc, "full"
    if u < 0.49:
        return pc[:-2], "sector"
    if u < 0.53:
        return _district(pc), "district"
    if u < 0.70:
        return "", "blank"
    if u < 0.90:
        return home_postcode(reg, pc, rng), "home"
    if u < 0.95:
        i = rng.choice([len(pc) - 2, len(pc) - 1])
        return pc[:i] + rng.choice(INWARD_LETTERS) + pc[i + 1 :], "typo"
    other = rng.choice(reg.locations).postcode
    return other, "wrong"


# -- Members ------------------------------------------------------------------------------


@dataclass
class Variant:
    workplace: str
    case: str
    provider_level: bool = False


def variant_pool(reg: Register, li: int, seed: int) -> list[tuple[Variant, float]]:
    """The handful of ways the staff of one location write its name, with frequencies."""
    loc = reg.locations[li]
    rng = random.Random(f"pool:{seed}:{loc.location_id}")
    name = loc.name
    pool: list[tuple[Variant, float]] = [
        (Variant(name, "exact"), 3.0),
        (Variant(suffix_swap(name, rng), "suffix"), 2.5),
        (Variant(suffix_swap(name, rng), "suffix"), 1.0),
    ]
    ab = abbreviate(strip_kind(name), rng)
    if ab != strip_kind(name):
        pool.append((Variant(ab, "abbrev"), 1.2))
    short = short_form(name)
    if _core(short) != _core(name):
        pool.append((Variant(short, "short"), 0.8))
    if loc.town and loc.town.lower() not in name.lower():
        form = rng.choice(["{n} ({t})", "{n}, {t}", "{n} nr {t}", "{n} {t}"])
        pool.append((Variant(form.format(n=strip_kind(name), t=loc.town.title()), "town"), 0.7))
    if loc.chain and loc.provider_name:
        brand = brand_form(loc.provider_name, rng)
        form = rng.choice(["{b} - {n}", "{n} ({b})", "{b} {n}", "{n} @ {b}"])
        pool.append((Variant(form.format(b=brand, n=strip_kind(name)), "brand"), 1.0))
        pool.append((Variant(brand_form(loc.provider_name, rng), "provider", True), 0.9))
    for prev in loc.previous_names:
        # Renamed homes: staff keep the old name for years.
        pool.append((Variant(prev, "old"), 3.0))
        pool.append((Variant(suffix_swap(prev, rng), "old"), 1.5))
    pool.append((Variant(typo(suffix_swap(name, rng), rng), "typo"), 0.8))
    return pool


def brand_form(provider: str, rng: random.Random) -> str:
    words = provider.split()
    u = rng.random()
    if u < 0.4:
        return words[0]
    if u < 0.7:
        return provider
    return re.sub(r"(?i)\s*\b(group|ltd|limited)\b", "", provider) + rng.choice([" Ltd", ""])


def outside_record(reg: Register, rng: random.Random) -> tuple[str, str, str]:
    """(workplace, employer, case) for someone working outside the register."""
    u = rng.random()
    loc = rng.choice(reg.locations)
    if u < 0.25:
        t = rng.choice(TRUSTS)
        return t, rng.choice([t, "NHS", ""]), "nhs"
    if u < 0.42:
        c = rng.choice(COUNCIL_FORMS).format(c=loc.council_name or "Oldham")
        return c, rng.choice([c, ""]), "council"
    if u < 0.55:
        s = rng.choice(SHOPS)
        w = s if rng.random() < 0.6 else f"{s} {loc.town.title()}"
        return w, rng.choice([s, ""]), "shop"
    if u < 0.68:
        a = rng.choice(AGENCIES)
        return a, rng.choice([a, ""]), "agency"
    if u < 0.75:
        s = rng.choice(SCHOOL_FORMS).format(t=loc.town.title() or "Oldham")
        return s, "", "school"
    # Care-like workplaces the register does not hold; some share a word with real homes.
    for _ in range(20):
        if rng.random() < 0.5:
            name = f"{rng.choice(OUTSIDE_WORDS)} {rng.choice(['House', 'Lodge', 'Care Home', 'Court'])}"
        else:
            word = rng.choice(_core(rng.choice(reg.locations).name).split() or ["Oak"]).title()
            name = f"{word} {rng.choice(OUTSIDE_WORDS)}"
        if _core(name) not in reg.cores:
            return name, rng.choice([name, ""]), "outside_care"
    return "Tesco", "", "shop"


def generate_members(reg: Register, seed: int, n: int) -> Iterator[tuple[list[str], list[str]]]:
    """Yield (member row, truth row) pairs, deterministic for ``seed``."""
    rng = random.Random(f"members:{seed}")
    cum = list(itertools.accumulate(loc.staff for loc in reg.locations))
    total = cum[-1]
    pools: dict[int, tuple[list[Variant], list[float]]] = {}
    for k in range(n):
        mid = f"M{k:07d}"
        job = rng.choice(JOB_TITLES)
        if rng.random() < 0.07:
            wp, emp, case = outside_record(reg, rng)
            pc, _ = postcode_for(reg, None, rng)
            yield [mid, emp, restyle(wp, rng), pc, job], [mid, "", "", "none", case]
            continue
        li = bisect.bisect_right(cum, rng.random() * total)
        li = min(li, len(reg.locations) - 1)
        loc = reg.locations[li]
        if li not in pools:
            pool = variant_pool(reg, li, seed)
            pools[li] = ([v for v, _ in pool], list(itertools.accumulate(w for _, w in pool)))
        variants, vcum = pools[li]
        u = rng.random()
        if u < 0.03:
            v = Variant(rng.choice(["", "Care Home", "Nursing Home", "N/A"]), "postcode_only")
        else:
            v = variants[bisect.bisect_right(vcum, rng.random() * vcum[-1])]
            if u < 0.13 and v.case != "provider":
                # A personal slip on top of the common form.
                v = Variant(typo(v.workplace, rng), "typo", v.provider_level)
        pc, pc_kind = postcode_for(reg, loc, rng)
        if v.case == "postcode_only":
            pc, pc_kind = loc.postcode, "full"
        elif loc.postcode and rng.random() < POSTCODE_IN_WORKPLACE:
            # The workplace's postcode written into the workplace field, alone or after
            # the name; the postcode column then holds the member's home or nothing.
            form = rng.choice(["{p}", "{n} {p}", "{n}, {p}"])
            v = Variant(form.format(n=v.workplace, p=loc.postcode), "pc_in_workplace")
            pc, pc_kind = (
                ("", "blank")
                if rng.random() < 0.5
                else (
                    home_postcode(reg, loc.postcode, rng),
                    "home",
                )
            )
        emp = employer_for(loc, v, rng)
        level = "location"
        if v.provider_level:
            # The provider instead of the home: the home is knowable only from a full
            # postcode that no other home of the provider shares.
            written = " ".join(pc.upper().split())
            same_pc = [
                i
                for i in reg.by_provider[loc.provider_id]
                if reg.locations[i].postcode.replace(" ", "") == written.replace(" ", "")
            ]
            if not (pc_kind == "full" and len(same_pc) == 1):
                level = "provider"
        case = f"{v.case}/{pc_kind}"
        if li in reg.successors:
            case = f"chain_{case}"
        yield (
            [mid, emp, restyle(v.workplace, rng), pc, job],
            [mid, loc.location_id, loc.provider_id, level, case],
        )


def employer_for(loc: Location, v: Variant, rng: random.Random) -> str:
    u = rng.random()
    if v.provider_level:
        return v.workplace if u < 0.5 else ""
    if loc.provider_name and u < (0.45 if loc.chain else 0.3):
        return brand_form(loc.provider_name, rng) if loc.chain else loc.provider_name
    if u < 0.75:
        return ""
    return v.workplace


SIZES = {"10k": 10_000, "20k": 20_000, "100k": 100_000, "1M": 1_000_000}


def parse_sizes(text: str) -> list[tuple[str, int]]:
    out = []
    for s in text.split(","):
        s = s.strip()
        if s in SIZES:
            out.append((s, SIZES[s]))
        elif s:
            out.append((s, int(s)))
    return out


def write_members(reg: Register, seed: int, n: int, members: Path, truth: Path) -> None:
    with (
        members.open("w", newline="", encoding="utf-8") as fm,
        truth.open("w", newline="", encoding="utf-8") as ft,
    ):
        wm = csv.writer(fm)
        wt = csv.writer(ft)
        wm.writerow(["id", "employer", "workplace", "postcode", "job_title"])
        wt.writerow(["id", "location_id", "provider_id", "level", "case"])
        for mrow, trow in generate_members(reg, seed, n):
            wm.writerow(mrow)
            wt.writerow(trow)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sizes", default="10k,100k,1M")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    reg = build_register(args.seed)
    write_register(reg, args.out / f"register_s{args.seed}.csv")
    for label, n in parse_sizes(args.sizes):
        write_members(
            reg,
            args.seed,
            n,
            args.out / f"members_s{args.seed}_{label}.csv",
            args.out / f"truth_s{args.seed}_{label}.csv",
        )
        print(f"wrote {n:,} members ({label}) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
