"""An independent held-out linkage set, and its bench: ``commonground match`` and Splink.

Written for issue 20 (session 5) by an engineer who had not read the engine
(``commonground/linkage/engine/``), ``bench/linkage/generate.py`` or the linkage sections
of the docs: the cases and their shares are this file's own guesses at how a union's
membership data looks, not the ones the engine was tuned on.

    python -m bench.linkage.heldout            # make the set (once), run both, print the table
    python -m bench.linkage.heldout --no-splink --examples 5

The register is the real one: the England care homes file (March 2021) and the Oldham API
records (social care, registered and deregistered, with CQC's succession links), loaded
into a database of its own with the product's importer (``commonground import_register``),
as an operator would. 100,000 member records (fixed seed) are drawn from it: about 8% work
outside it (NHS, councils, shops, schools, agencies, home care outside Oldham, care homes
in Wales and Scotland, Oldham GPs, dentists and hospices that CQC registers but the
register leaves out). Each record has its truth (the current registration of the home the
member works at, or none) and a case label. Everything is written under
``bench/out/heldout/`` (gitignored): no data is copied into the repository.

A record is *identifiable* when its workplace text names the home (in any spelling,
however misspelt) and, among the current locations bearing that name (the same key: lower
case, punctuation, "the", "&"/"and", "St"/"Saint", "Ltd" and care-home type words set
aside), the record's postcode fits the true home strictly better than every other (full >
sector > district > area > none). Records whose text names only an employer, a town or
nothing are never identifiable, whatever their postcode.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.linkage.generate import REGISTER_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench/out/heldout"
SPLINK_PYTHON = ROOT / "bench/out/splink-venv/bin/python"
SEED = 20261202
N_RECORDS = 100_000
OUTSIDE_SHARE = 0.08
OLDHAM_SHARE = 0.08  # of the records inside the register

ENGLAND = "cqc/cqc_care_homes_england_2021-03-01.csv"
OLDHAM = "cqc/cqc_api_locations_oldham_2025-03.jsonl"
DISTRICTS = "postcodes/postcode_districts_doogal_2023-09.csv"
COUNCILS = "boundaries/uk_local_authorities_future_mysociety.csv"


def data_dir() -> Path:
    env = os.environ.get("COMMONGROUND_DATA_DIR")
    return Path(env) if env else ROOT.parent / "shared/data"


# -- the register, read from the real files ---------------------------------------------------


@dataclass
class Loc:
    id: str
    name: str
    postcode: str
    town: str
    district: str  # local authority name
    region: str
    street: str
    beds: int
    registered: bool
    provider_id: str = ""
    start: str = ""
    oldham: bool = False
    care_home: bool = True
    successors: set[str] = field(default_factory=set)
    predecessors: set[str] = field(default_factory=set)


def read_register() -> dict[str, Loc]:
    locs: dict[str, Loc] = {}
    with (data_dir() / ENGLAND).open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            locs[r["Location ID"]] = Loc(
                id=r["Location ID"],
                name=r["Location Name"].strip(),
                postcode=r["Location Postal Code"].strip(),
                town=r["Location City"].strip(),
                district=r["lad24_name_spatial_join"].strip(),
                region=r["Location Region"],
                street=r["Location Street Address"].strip(),
                beds=int(r["Care homes beds"] or 20),
                registered=True,
                start=r["Location HSCA start date"],
            )
    with (data_dir() / OLDHAM).open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("type") != "Social Care Org":
                continue
            loc = Loc(
                id=r["locationId"],
                name=r["name"].strip(),
                postcode=r.get("postalCode", "").strip(),
                town=r.get("postalAddressTownCity", "").strip(),
                district="Oldham",
                region="North West",
                street=r.get("postalAddressLine2") or r.get("postalAddressLine1") or "",
                beds=int(r.get("numberOfBeds") or 0),
                registered=r.get("registrationStatus") == "Registered",
                provider_id=r.get("providerId", ""),
                start=r.get("registrationDate", ""),
                oldham=True,
                care_home=r.get("careHome") == "Y",
            )
            for rel in r.get("relationships", []):
                other = rel.get("relatedLocationId", "")
                if rel.get("type") == "HSCA Successor":
                    loc.successors.add(other)
                elif rel.get("type") == "HSCA Predecessor":
                    loc.predecessors.add(other)
            locs[loc.id] = loc
    for loc in list(locs.values()):
        for s in loc.successors:
            if s in locs:
                locs[s].predecessors.add(loc.id)
        for p in loc.predecessors:
            if p in locs:
                locs[p].successors.add(loc.id)
    return locs


def current_of(locs: dict[str, Loc], lid: str) -> str | None:
    """The registered location a chain of successions leads to from ``lid`` (itself when
    registered), or None where the chain ends in a closed home."""
    seen: set[str] = set()
    todo = [lid]
    found: list[Loc] = []
    while todo:
        x = todo.pop()
        if x in seen or x not in locs:
            continue
        seen.add(x)
        if locs[x].registered:
            found.append(locs[x])
        todo += sorted(locs[x].successors)
    if not found:
        return None
    return max(found, key=lambda loc: (loc.start, loc.id)).id


# -- postcodes and names, by this file's own rules ------------------------------------------

PC_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$")
PART_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ?([0-9]))?$")
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def pc_parts(text: str) -> tuple[str, str, str, str] | None:
    """(area, district, sector, full) of a postcode as far as given ('' for what is not)."""
    t = re.sub(r"\s+", "", text.upper())
    m = PC_RE.match(t)
    if m:
        d = m.group(1)
        return _area(d), d, f"{d} {m.group(2)}", f"{d} {m.group(2)}{m.group(3)}"
    m = PART_RE.match(text.upper().strip())
    if m:
        d = m.group(1)
        return _area(d), d, f"{d} {m.group(2)}" if m.group(2) else "", ""
    return None


def _area(district: str) -> str:
    m = re.match(r"[A-Z]+", district)
    return m.group(0) if m else ""


def fit(pc: tuple[str, str, str, str] | None, loc_pc: str) -> int:
    """How closely a record's postcode fits a location's: 4 full, 3 sector, 2 district,
    1 area, 0 not at all or not given."""
    lp = pc_parts(loc_pc)
    if pc is None or lp is None:
        return 0
    for level, i in ((4, 3), (3, 2), (2, 1), (1, 0)):
        if pc[i] and pc[i] == lp[i]:
            return level
    return 0


STOP = {
    "the", "care", "home", "homes", "nursing", "residential", "rest", "centre", "center",
    "ltd", "limited", "and", "of", "res", "nh", "carehome", "resthome",
}  # fmt: skip


def key(name: str) -> str:
    """This file's own name key: what stays when spelling habits are set aside."""
    t = name.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    t = re.sub(r"\bst\b\.?", "saint", t)
    toks = [w for w in re.findall(r"[a-z0-9]+", t) if w not in STOP]
    return " ".join(toks)


# -- how members type a workplace -----------------------------------------------------------

CHAINS = [
    "HC-One", "Barchester Healthcare", "Four Seasons Health Care", "Care UK", "Bupa",
    "Anchor Hanover", "MHA", "Runwood Homes", "Hallmark Care Homes", "Sanctuary Care",
    "Minster Care Group", "Maria Mallaband", "Orchard Care Homes", "Priory Group",
    "Exemplar Health Care", "Advinia Health Care", "Akari Care", "Ideal Carehomes",
    "Avery Healthcare", "Care Concern Group", "Countrywide Care Homes",
]  # fmt: skip
JOBS = [
    "Care Assistant", "Carer", "Senior Carer", "Senior Care Assistant", "HCA", "Nurse",
    "RGN", "Team Leader", "Domestic", "Cook", "Kitchen Assistant", "Laundry",
    "Activities Coordinator", "Support Worker", "Night Carer", "Deputy Manager", "",
]  # fmt: skip
TYPE_WORDS = [
    "Care Home", "Nursing Home", "care home", "carehome", "Residential Home", "Rest Home",
    "Res Home", "Nursing home", "Care Centre", "NH", "Home",
]  # fmt: skip
SUFFIX_RE = re.compile(
    r"\s*(-\s*)?\b(care home|nursing home|residential home|residential care home|rest home|"
    r"care centre|nursing and residential home|home)\b\s*$",
    re.I,
)
ABBREV = [
    (r"\bStreet\b", "St"), (r"\bRoad\b", "Rd"), (r"\bAvenue\b", "Ave"), (r"\bLane\b", "Ln"),
    (r"\bSaint\b", "St"), (r"\bSt\b\.?", "Saint"), (r"\bSt\.", "St"), (r"\bHouse\b", "Hse"),
    (r"\bNursing Home\b", "N/H"), (r"\bResidential\b", "Resi"), (r"\bCourt\b", "Ct"),
]  # fmt: skip
KEYS = "qwertyuiopasdfghjklzxcvbnm"
NEAR = {k: KEYS[max(0, i - 1)] + KEYS[min(len(KEYS) - 1, i + 1)] for i, k in enumerate(KEYS)}


def typo(rng: random.Random, s: str) -> str:
    """One or two slips of the hand in the longer words of a name."""
    words = s.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return s
    for _ in range(1 if rng.random() < 0.7 else 2):
        i = rng.choice(long)
        w = words[i]
        j = rng.randrange(1, len(w) - 1)
        op = rng.random()
        if op < 0.3:
            w = w[:j] + w[j + 1 :]  # dropped
        elif op < 0.55:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swapped
        elif op < 0.75:
            w = w[:j] + w[j] + w[j:]  # doubled
        elif op < 0.9:
            c = w[j].lower()
            w = w[:j] + rng.choice(NEAR.get(c, c)) + w[j + 1 :]  # neighbour key
        else:
            w = w[:j] + rng.choice("aeiou") + w[j + 1 :]  # wrong vowel
        words[i] = w
    return " ".join(words)


def strip_type(name: str) -> str:
    out = SUFFIX_RE.sub("", name).strip(" -,")
    return out or name


def casual(rng: random.Random, name: str) -> str:
    """How a member writes a home's name from memory."""
    base = strip_type(name)
    r = rng.random()
    if r < 0.35:
        return base
    if r < 0.7:
        return f"{base} {rng.choice(TYPE_WORDS)}"
    if r < 0.85 and base.lower().startswith("the "):
        return base[4:]
    if r < 0.92 and not base.lower().startswith("the "):
        return f"The {base}"
    return name.replace(" and ", " & ") if " and " in name else name.replace(" & ", " and ")


def punctuate(rng: random.Random, name: str) -> str:
    """Apostrophes, '&', 'St', numbers and street words, written another way."""
    out = name
    for pat, rep in rng.sample(ABBREV, k=len(ABBREV)):
        if re.search(pat, out) and rng.random() < 0.6:
            out = re.sub(pat, rep, out, count=1)
            break
    if "'" in out and rng.random() < 0.7:
        out = out.replace("'", "")
    elif re.search(r"\b\w+s\b", out) and rng.random() < 0.2:
        out = re.sub(r"\b(\w+)s\b", r"\1's", out, count=1)
    m = re.match(r"^(\d+)\s", out)
    if m and rng.random() < 0.6:
        out = rng.choice(["No. ", "No ", "Number "]) + out
    if " and " in out:
        out = out.replace(" and ", " & ")
    elif " & " in out:
        out = out.replace(" & ", " and ")
    return out


def case_style(rng: random.Random, s: str) -> str:
    r = rng.random()
    if r < 0.12:
        return s.upper()
    if r < 0.2:
        return s.lower()
    if r < 0.23:
        return s.title()
    if r < 0.27:
        return f" {s}  "
    return s


# -- postcodes as members give them --------------------------------------------------------


class Postcodes:
    def __init__(self) -> None:
        self.nearby: dict[str, list[str]] = {}
        self.by_area: dict[str, list[str]] = defaultdict(list)
        with (data_dir() / DISTRICTS).open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["Active postcodes"] in ("", "0"):
                    continue
                d = r["Postcode"]
                self.nearby[d] = [x.strip() for x in r["Nearby districts"].split(",") if x]
                self.by_area[_area(d)].append(d)
                self.by_area[r["UK region"]].append(d)
        self.nw = list(self.by_area["North West"])

    def home(self, rng: random.Random, district: str) -> str:
        """A member's home postcode near a workplace district (invented units)."""
        d = district
        if rng.random() < 0.4:
            near = [x for x in self.nearby.get(district, []) if x in self.nearby]
            if near:
                d = rng.choice(near[:6])
        if not d:
            d = rng.choice(self.nw)
        return f"{d} {rng.randint(1, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"

    def anywhere_nw(self, rng: random.Random) -> str:
        return self.home(rng, rng.choice(self.nw))


def mangle_pc(rng: random.Random, pc: str) -> str:
    """A full postcode as typed: no space, lower case, O for 0, a slipped last letter."""
    r = rng.random()
    if r < 0.35:
        return pc.replace(" ", "")
    if r < 0.6:
        return pc.lower()
    if r < 0.75 and "0" in pc:
        return pc.replace("0", "O", 1)
    if r < 0.85:
        return pc.replace(" ", "  ")
    return pc[:-1] + rng.choice(UNIT_LETTERS)


# -- outside the register -------------------------------------------------------------------

OUTSIDE_PLACES = [
    ("NHS", "Royal Oldham Hospital", "OL1 2JH"),
    ("Northern Care Alliance NHS FT", "Salford Royal", "M6 8HD"),
    ("NCA", "Fairfield General Hospital", "BL9 7TD"),
    ("Manchester University NHS FT", "North Manchester General Hospital", "M8 5RB"),
    ("Tameside and Glossop ICFT", "Tameside General", "OL6 9RW"),
    ("WWL NHS", "Royal Albert Edward Infirmary", "WN1 2NN"),
    ("Bolton NHS FT", "Royal Bolton Hospital", "BL4 0JR"),
    ("Pennine Care NHS", "Community mental health team", ""),
    ("Bridgewater Community Healthcare", "District Nursing", ""),
    ("NHS", "Ward 4", ""),
    ("Oldham Council", "Oldham Council", "OL1 1UT"),
    ("Rochdale Borough Council", "Number One Riverside", "OL16 1XU"),
    ("Bury Council", "Reablement Team", ""),
    ("Manchester City Council", "Town Hall Extension", "M60 2LA"),
    ("Wigan Council", "Adult social care", ""),
    ("Tesco", "Tesco Extra", ""),
    ("ASDA", "Asda superstore", ""),
    ("Sainsbury's", "Sainsburys", ""),
    ("Morrisons", "Morrisons", ""),
    ("Aldi", "Aldi", ""),
    ("", "St Mary's RC Primary School", ""),
    ("Oldham Council", "Hathershaw College", "OL8 3EP"),
    ("", "Bolton Sixth Form College", ""),
    ("Hays", "Agency", ""),
    ("Thornbury Nursing Services", "", ""),
    ("Pulse", "agency nurse", ""),
    ("Bluebird Care", "Bluebird Care Bolton", ""),
    ("Home Instead", "Home Instead Wigan & Leigh", ""),
    ("Helping Hands", "Helping Hands Bury", ""),
    ("Caremark", "Caremark Salford", ""),
    ("Right at Home", "Right at Home Stockport", ""),
    ("Lifeways", "Supported living", ""),
    ("Making Space", "", ""),
    ("Turning Point", "Turning Point Rochdale", ""),
    ("", "St Ann's Hospice", "SK8 3SZ"),
    ("", "Dr Kershaw's Hospice", "OL1 4NT"),
    ("", "Willow Wood Hospice", "OL7 9RQ"),
    ("self employed", "PA", ""),
    ("Amazon", "Amazon warehouse", ""),
    ("", "Day centre", ""),
]
# The kinds of OUTSIDE_PLACES, by the index each kind ends before.
OUTSIDE_KINDS = [
    (10, "nhs"), (15, "council"), (20, "shop"), (23, "school"), (26, "agency"),
    (34, "home_care_elsewhere"), (37, "hospice"), (40, "other"),
]  # fmt: skip
# Care homes outside England (not in the register): names much like English ones.
OUTSIDE_HOMES = [
    ("The Willows", "LL13 7"), ("Bryn Awel", "LL29 8"), ("Plas Newydd", "CH7 1"),
    ("Ty Coch Care Home", "CF14 4"), ("Oakfield Nursing Home", "EH10 5"),
    ("Rosewood Lodge", "G41 3"), ("Victoria House", "SA1 6"), ("The Grange", "NP20 4"),
    ("Cartref Ni", "LL57 2"), ("Park View", "KA7 2"), ("Beech Tree House", "DG1 3"),
    ("Meadowbank Care Home", "EH16 6"), ("Hafod", "LL12 7"), ("The Laurels", "CH5 4"),
]  # fmt: skip


def outside_record(
    rng: random.Random, pcs: Postcodes, oldham_other: list[tuple[str, str]]
) -> tuple[str, str, str, str, str]:
    """(employer, workplace, postcode, job, case) for someone working outside."""
    r = rng.random()
    if r < 0.12 and oldham_other:
        # GPs, dentists, hospitals in Oldham: CQC-registered, not social care.
        name, pc = rng.choice(oldham_other)
        postcode = pc if rng.random() < 0.5 else rng.choice(["", pcs.home(rng, "OL8")])
        return (
            "",
            case_style(rng, name),
            postcode,
            rng.choice(["Receptionist", "Nurse", ""]),
            ("outside_cqc_not_social_care"),
        )
    if r < 0.3:
        name, sector = rng.choice(OUTSIDE_HOMES)
        unit = f"{rng.randint(1, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
        postcode = rng.choice([f"{sector[:-1]}{unit}", "", f"{sector[:-1]}{unit}"])
        return "", case_style(rng, name), postcode, rng.choice(JOBS), "outside_home_wales_scot"
    k = rng.randrange(len(OUTSIDE_PLACES))
    employer, place, pc = OUTSIDE_PLACES[k]
    kind = next(name for end, name in OUTSIDE_KINDS if k < end)
    if rng.random() < 0.3:
        employer, place = "", place or employer
    if not place and rng.random() < 0.5:
        place = employer
    p = rng.random()
    postcode = pc if (pc and p < 0.4) else (pcs.anywhere_nw(rng) if p < 0.75 else "")
    job = rng.choice(["HCA", "Staff Nurse", "Support Worker", "Checkout", "TA", "Carer", ""])
    return case_style(rng, employer), case_style(rng, place), postcode, job, f"outside_{kind}"


# -- the member file ----------------------------------------------------------------------


@dataclass
class Record:
    id: str
    employer: str
    workplace: str
    postcode: str
    job: str
    truth: str  # the current location id, or "" outside the register
    case: str
    names_home: bool  # the workplace text names the home (in some spelling)
    typed_key: str  # this file's key of what was typed for the home's name


def generate(seed: int = SEED, n: int = N_RECORDS) -> tuple[dict[str, Loc], list[Record]]:
    rng = random.Random(seed)
    locs = read_register()
    pcs = Postcodes()
    current = {lid: current_of(locs, lid) for lid in locs}
    live = [loc for loc in locs.values() if loc.registered]
    oldham_live = [loc for loc in live if loc.oldham]
    england = [loc for loc in live if not loc.oldham]
    weights = [max(loc.beds, 8) * (3.0 if loc.region == "North West" else 1.0) for loc in england]
    # Old names of homes registered again (the predecessors' names), by current id.
    old_names: dict[str, list[str]] = defaultdict(list)
    for loc in locs.values():
        cur = current[loc.id]
        if cur and cur != loc.id and key(loc.name) != key(locs[cur].name):
            old_names[cur].append(loc.name)
    chain_homes = [loc for loc in oldham_live if loc.predecessors]
    newest = same_home_newest(live)
    # A chain or group name per home, invented (the register holds no provider names).
    chain_of = {loc.id: rng.choice(CHAINS) for loc in live if rng.random() < 0.35}
    oldham_other: list[tuple[str, str]] = []
    with (data_dir() / OLDHAM).open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("type") != "Social Care Org" and r.get("registrationStatus") == "Registered":
                oldham_other.append((r["name"], r.get("postalCode", "")))

    records: list[Record] = []
    for i in range(n):
        rid = f"H{i + 1:06d}"
        if rng.random() < OUTSIDE_SHARE:
            emp, wp, pc, job, case = outside_record(rng, pcs, oldham_other)
            records.append(Record(rid, emp, wp, pc, job, "", case, False, ""))
            continue
        if rng.random() < OLDHAM_SHARE:
            loc = rng.choice(chain_homes) if rng.random() < 0.25 else rng.choice(oldham_live)
        else:
            loc = rng.choices(england, weights)[0]
        rec = member_record(rng, rid, loc, locs, old_names, chain_of, pcs)
        # Two registrations of one home (same name, same postcode, both listed): the
        # member works at the home; the answer is its newest registration.
        rec.truth = newest.get(rec.truth, rec.truth)
        records.append(rec)
    return locs, records


def member_record(
    rng: random.Random,
    rid: str,
    loc: Loc,
    locs: dict[str, Loc],
    old_names: dict[str, list[str]],
    chain_of: dict[str, str],
    pcs: Postcodes,
) -> Record:
    name = loc.name
    label = ""
    if old_names.get(loc.id) and rng.random() < 0.5:
        name, label = rng.choice(old_names[loc.id]), "old_name"
    r = rng.random()
    names_home = True
    if r < 0.20:
        wp, variant = name, "exact"
    elif r < 0.42:
        wp, variant = casual(rng, name), "casual"
    elif r < 0.55:
        wp, variant = typo(rng, casual(rng, name) if rng.random() < 0.5 else name), "typo"
    elif r < 0.63:
        wp, variant = punctuate(rng, name), "punctuation"
    elif r < 0.71:
        town = rng.choice([loc.town, loc.district]) or loc.district
        sep = rng.choice([", ", " ", " - ", " in "])
        wp, variant = f"{casual(rng, name)}{sep}{town}", "name_and_town"
    elif r < 0.75:
        wp, variant = f"{strip_type(name)} {rng.choice(['Ltd', 'Limited', 'Care Ltd'])}", "ltd"
    elif r < 0.79:
        wp, variant = "", "employer_only"
        names_home = False
    elif r < 0.82:
        wp, variant = rng.choice([loc.town, loc.district, loc.street]) or loc.town, "town_only"
        names_home = False
    elif r < 0.85:
        wp, variant = "", "blank"
        names_home = False
    elif r < 0.88:
        wp, variant = casual(rng, name), "pc_in_workplace"
    elif r < 0.90:
        wp, variant = (
            f"{rng.choice(['Agency', 'Bank', 'agency staff at'])} {casual(rng, name)}",
            ("agency"),
        )
    elif r < 0.93:
        # Only the first word or two that stand out ("Acorn" for "Acorn Lodge Nursing Home").
        words = strip_type(name).split()
        if words and words[0].lower() == "the":
            words = words[1:]
        wp, variant = " ".join(words[: rng.choice([1, 2])]) or name, "short"
    else:
        wp, variant = casual(rng, name), "casual"
    typed_key = key(wp) if names_home else ""
    if variant == "name_and_town":
        typed_key = key(casual(rng, name))
    if variant == "agency":
        typed_key = key(wp.split(" ", 1)[1].removeprefix("staff at "))
    if variant != "employer_only" and wp:
        wp = case_style(rng, wp)

    # The employer column.
    e = rng.random()
    chain = chain_of.get(loc.id)
    if variant == "employer_only":
        employer = chain or rng.choice([f"{strip_type(loc.name)} Ltd", "care home", loc.town])
    elif variant == "agency":
        employer = rng.choice(["Hays", "Pulse", "Newcross Healthcare", "Thornbury", "agency"])
    elif e < 0.4:
        employer = ""
    elif e < 0.65 and chain:
        employer = chain
    elif e < 0.75:
        employer = name
    elif e < 0.85:
        employer = f"{strip_type(loc.name)} Ltd"
    else:
        employer = rng.choice(["Care home", "private", "n/a", loc.district, "", chain or ""])
    employer = case_style(rng, employer)

    # The postcode column: the workplace's, the member's home, part of one, or nothing.
    p = rng.random()
    district = (pc_parts(loc.postcode) or ("", "", "", ""))[1]
    if p < 0.34:
        postcode, pk = loc.postcode, "work_full"
        if rng.random() < 0.15:
            postcode, pk = mangle_pc(rng, loc.postcode), "work_typed"
    elif p < 0.66:
        postcode, pk = pcs.home(rng, district), "home"
    elif p < 0.71:
        postcode, pk = district, "district"
    elif p < 0.74:
        postcode, pk = " ".join(loc.postcode.split()[:1]) + " " + loc.postcode[-3:-2], "sector"
    else:
        postcode, pk = "", "blank"
    if variant == "pc_in_workplace":
        wp = f"{wp}{rng.choice([', ', ' ', ' - '])}{loc.postcode}"
        postcode, pk = (pcs.home(rng, district), "home") if rng.random() < 0.4 else ("", "blank")
    case = f"{label + '+' if label else ''}{variant}/{pk}"
    return Record(
        rid, employer, wp, postcode, rng.choice(JOBS), loc.id, case, names_home, typed_key
    )


def same_home_newest(live: list[Loc]) -> dict[str, str]:
    """Each registered location's newest registration of the same home: the same name
    key at the same postcode (CQC lists both after some changes of provider)."""
    groups: dict[tuple[str, str], list[Loc]] = defaultdict(list)
    for loc in live:
        groups[(key(loc.name), loc.postcode.replace(" ", "").upper())].append(loc)
    out: dict[str, str] = {}
    for group in groups.values():
        best = max(group, key=lambda loc: (loc.start, loc.id)).id
        out.update({loc.id: best for loc in group})
    return out


def identifiable(rec: Record, locs: dict[str, Loc], by_key: dict[str, set[str]]) -> bool:
    """Whether the record's text names one home and its postcode tells it from namesakes."""
    if not rec.truth or not rec.names_home or not rec.typed_key:
        return False
    true = locs[rec.truth]
    keys = {key(true.name)} | {key(locs[p].name) for p in true.predecessors if p in locs}
    # A misspelt name that is another home's name names that home, not this one.
    if rec.typed_key not in keys and by_key.get(rec.typed_key):
        return False
    # "Short" forms name every home whose key starts with them.
    if rec.case.split("/")[0].endswith("short"):
        rivals = {lid for k, ids in by_key.items() if k.startswith(rec.typed_key) for lid in ids}
    else:
        rivals = set().union(*(by_key.get(k, set()) for k in keys))
    pc = pc_parts(rec.postcode)
    if rec.case.split("/")[0].endswith("pc_in_workplace"):
        pc = pc_parts(true.postcode)
    own = fit(pc, true.postcode)
    for other in rivals - {true.id}:
        o = locs[other]
        if o.postcode == true.postcode and key(o.name) == key(true.name):
            continue  # another registration of the same home
        if fit(pc, o.postcode) >= own:
            return False
    return True


def write_set(out: Path, seed: int = SEED, n: int = N_RECORDS) -> None:
    locs, records = generate(seed, n)
    by_key: dict[str, set[str]] = defaultdict(set)
    for loc in locs.values():
        if loc.registered:
            by_key[key(loc.name)].add(loc.id)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "members.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "employer", "workplace", "postcode", "job_title"])
        for r in records:
            w.writerow([r.id, r.employer, r.workplace, r.postcode, r.job])
    with (out / "truth.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "location_id", "case", "identifiable"])
        for r in records:
            w.writerow([r.id, r.truth, r.case, int(identifiable(r, locs, by_key))])
    # The register in the bench's own shape, for Splink: current registrations, with the
    # names of the registrations they succeed as previous names.
    with (out / "register.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(REGISTER_COLUMNS)
        olds: dict[str, list[str]] = defaultdict(list)
        for loc in locs.values():
            cur = current_of(locs, loc.id)
            if cur and cur != loc.id:
                olds[cur].append(loc.name)
        for loc in locs.values():
            if not loc.registered:
                continue
            prev = "|".join(dict.fromkeys(x for x in olds[loc.id] if x != loc.name))
            w.writerow(
                [loc.id, loc.name, prev, loc.provider_id, "", loc.postcode, loc.town, "",
                 "", loc.start, ""]
            )  # fmt: skip


# -- running and scoring ------------------------------------------------------------------


def load_database(out: Path) -> Path:
    """A database of its own holding the real register, loaded by ``import_register``."""
    var = out / "db"
    stamp = var / "loaded.stamp"
    if stamp.exists():
        return var
    if var.exists():
        shutil.rmtree(var)
    var.mkdir(parents=True)
    env = _env(var)
    cg = [sys.executable, "-m", "commonground"]
    subprocess.run([*cg, "migrate", "-v0"], check=True, cwd=ROOT, env=env)
    # As an operator sets up: councils and postcode districts, then the register files.
    for command, path in (
        ("import_councils", COUNCILS),
        ("import_postcodes", DISTRICTS),
        ("import_register", ENGLAND),
        ("import_register", OLDHAM),
    ):
        subprocess.run(
            [*cg, command, "--json", str(data_dir() / path)],
            check=True,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    stamp.write_text("ok")
    return var


def _env(var: Path) -> dict[str, str]:
    env = {**os.environ, "COMMONGROUND_VAR_DIR": str(var.resolve()), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    return env


Decisions = dict[str, tuple[str, str]]  # id -> (decision, location id)


def run_match(out: Path, workers: int) -> tuple[Decisions, dict[str, float]]:
    var = load_database(out)
    output = out / "match_out.csv"
    cmd = [sys.executable, "-m", "commonground", "match", "--quiet", "--workers", str(workers)]
    cmd += ["--input", str(out / "members.csv"), "--output", str(output)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(var))
    _pid, status, use = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("commonground match failed")
    with output.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        got = {r["id"]: (r["decision"], r["location_id"]) for r in reader}
    usage = {"wall_s": wall, "cpu_s": use.ru_utime + use.ru_stime, "rss_mb": use.ru_maxrss / 1024}
    return got, usage


def run_splink(out: Path, python: Path) -> tuple[dict[str, Decisions], dict[str, float]]:
    """Splink (its own virtualenv) on the same files, both of the bench's thresholds."""
    cmd = [str(python), "-m", "bench.linkage.heldout", "--splink-worker", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DEBUG": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    text = proc.stdout.read()
    _pid, status, use = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("splink failed")
    (out / "splink_out.json").write_text(text.strip().splitlines()[-1], encoding="utf-8")
    got: dict[str, dict[str, list[str]]] = json.loads(text.strip().splitlines()[-1])
    usage = {"wall_s": wall, "cpu_s": use.ru_utime + use.ru_stime, "rss_mb": use.ru_maxrss / 1024}
    return {label: {k: (v[0], v[1]) for k, v in d.items()} for label, d in got.items()}, usage


def last_outputs(out: Path, workers: int) -> dict[str, Decisions]:
    with (out / "match_out.csv").open(newline="", encoding="utf-8") as f:
        match = {r["id"]: (r["decision"], r["location_id"]) for r in csv.DictReader(f)}
    systems = {f"commonground match ({workers} workers)": match}
    splink = out / "splink_out.json"
    if splink.exists():
        got: dict[str, dict[str, list[str]]] = json.loads(splink.read_text(encoding="utf-8"))
        systems.update({lab: {k: (v[0], v[1]) for k, v in d.items()} for lab, d in got.items()})
    return systems


def splink_worker(out: Path) -> None:
    from bench.linkage import splink_baseline as sb

    best, _timings = sb.best_matches(out / "register.csv", out / "members.csv")
    res = {}
    for label, threshold in (
        (f"Splink {sb.splink_version()} p>={sb.AUTO_PROBABILITY_F1}", sb.AUTO_PROBABILITY_F1),
        (f"Splink {sb.splink_version()} p>={sb.AUTO_PROBABILITY}", sb.AUTO_PROBABILITY),
    ):
        res[label] = {k: [d, loc] for k, (d, loc, _p) in sb.decide(best, threshold).items()}
    print(json.dumps(res))


@dataclass
class Tally:
    records: int = 0
    linkable: int = 0
    ident: int = 0
    auto: int = 0
    right: int = 0
    right_ident: int = 0
    review: int = 0
    outside: int = 0
    outside_linked: int = 0

    def add(
        self, truth: str, ident: bool, decision: str, loc: str, current: dict[str, str]
    ) -> None:
        self.records += 1
        self.linkable += bool(truth)
        self.ident += ident
        self.outside += not truth
        self.review += decision == "review"
        if decision != "auto":
            return
        self.auto += 1
        ok = bool(truth) and current.get(loc, loc) == truth
        self.right += ok
        self.right_ident += ok and ident
        self.outside_linked += not truth

    def row(self) -> str:
        prec = self.right / self.auto if self.auto else 1.0
        rec = self.right / self.linkable if self.linkable else 0.0
        ri = self.right_ident / self.ident if self.ident else 0.0
        out = self.outside_linked / self.outside if self.outside else 0.0
        rv = self.review / self.records if self.records else 0.0
        return f"{prec:.4f} | {rec:.4f} | {ri:.4f} | {rv:.2%} | {out:.2%}"


def issue_kinds(
    truth: list[dict[str, str]], members: dict[str, dict[str, str]], locs: dict[str, Loc]
) -> dict[str, list[str]]:
    """The kinds of record issue 20 names, found in this set by this file's rules."""
    live = [loc for loc in locs.values() if loc.registered]
    at_full = Counter(p[3] for loc in live if (p := pc_parts(loc.postcode)) and p[3])
    names = Counter(key(loc.name) for loc in live)
    out: dict[str, list[str]] = defaultdict(list)
    for t in truth:
        if not t["location_id"] or t["identifiable"] != "1":
            continue
        m, case = members[t["id"]], t["case"]
        variant = case.split("/")[0]
        pc = pc_parts(m["postcode"])
        true = locs[t["location_id"]]
        if pc and pc[3] and at_full[pc[3]] == 1 and fit(pc, true.postcode) == 4:
            out[t["id"]].append("(issue) full postcode of one location, name given")
        if variant == "exact" and not m["postcode"].strip() and names[key(true.name)] == 1:
            out[t["id"]].append("(issue) exact unique name, no postcode")
        if variant == "typo" and not m["postcode"].strip():
            out[t["id"]].append("(issue) misspelt name, no postcode")
        if variant.startswith("old_name+"):
            out[t["id"]].append("(issue) old name of a re-registered home")
    return out


def score(out: Path, systems: dict[str, Decisions], examples: int) -> str:
    locs = read_register()
    current = {lid: c for lid in locs if (c := current_of(locs, lid))}
    with (out / "truth.csv").open(newline="", encoding="utf-8") as f:
        truth = list(csv.DictReader(f))
    with (out / "members.csv").open(newline="", encoding="utf-8") as f:
        members = {r["id"]: r for r in csv.DictReader(f)}
    lines = [
        "| system | precision (auto) | recall | recall (identifiable) | review | outside linked |"
    ]
    lines.append("|---|---|---|---|---|---|")
    per_case: dict[str, dict[str, Tally]] = {}
    extra = issue_kinds(truth, members, locs)
    for name, got in systems.items():
        total = Tally()
        cases: dict[str, Tally] = defaultdict(Tally)
        for t in truth:
            d, loc = got.get(t["id"], ("none", ""))
            ident = t["identifiable"] == "1"
            total.add(t["location_id"], ident, d, loc, current)
            variant = t["case"].split("/")[0].split("+")[-1]
            if t["location_id"]:
                keys = [variant, "postcode: " + t["case"].split("/")[-1]]
            else:
                keys = [t["case"]]
            for c in keys:
                cases[c].add(t["location_id"], ident, d, loc, current)
            for c in extra.get(t["id"], ()):
                cases[c].add(t["location_id"], ident, d, loc, current)
        lines.append(f"| {name} | {total.row()} |")
        per_case[name] = cases
    names = list(systems)
    lines += [
        "",
        "By case (precision / recall / recall identifiable / review / outside linked):",
        "",
    ]
    lines.append("| case | records | identifiable | " + " | ".join(names) + " |")
    lines.append("|---|---|---|" + "---|" * len(names))
    first = per_case[names[0]]
    for c in sorted(first, key=lambda c: (c.startswith("postcode"), c.startswith("outside"), c)):
        cells = []
        for nm in names:
            tl = per_case[nm][c]
            p = tl.right / tl.auto if tl.auto else 1.0
            if tl.linkable:
                ri = f"{tl.right_ident / tl.ident:.3f}" if tl.ident else "-"
                cells.append(
                    f"{p:.3f} / {tl.right / tl.linkable:.3f} / {ri} / {tl.review / tl.records:.1%}"
                )
            else:
                cells.append(
                    f"linked {tl.outside_linked / tl.records:.2%}, review {tl.review / tl.records:.1%}"
                )
        lines.append(
            f"| {c} | {first[c].records:,} | {first[c].ident:,} | " + " | ".join(cells) + " |"
        )
    if examples:
        lines += ["", misses(names[0], systems[names[0]], truth, members, locs, current, examples)]
    return "\n".join(lines)


def misses(
    name: str,
    got: Decisions,
    truth: list[dict[str, str]],
    members: dict[str, dict[str, str]],
    locs: dict[str, Loc],
    current: dict[str, str],
    examples: int,
) -> str:
    """The first system's misses on identifiable records and its wrong links, by kind."""
    kinds: dict[str, list[str]] = defaultdict(list)
    newest = same_home_newest([loc for loc in locs.values() if loc.registered])
    for t in truth:
        d, loc = got.get(t["id"], ("none", ""))
        m = members[t["id"]]
        ok = d == "auto" and t["location_id"] and current.get(loc, loc) == t["location_id"]
        if ok or (d != "auto" and t["identifiable"] != "1"):
            continue
        if d == "auto" and not t["location_id"]:
            kind = f"WRONG (outside linked) {t['case']}"
        elif d == "auto" and newest.get(loc) == t["location_id"]:
            kind = f"WRONG (an older registration of the same home) {t['case']}"
        elif d == "auto":
            kind = f"WRONG {t['case']}"
        else:
            kind = f"missed ({d}) {t['case']}"
        true = locs.get(t["location_id"])
        linked = locs.get(loc)
        kinds[kind].append(
            f"    {m['employer']!r} / {m['workplace']!r} / {m['postcode']!r} -> {d} "
            f"{(linked.name + ' ' + linked.postcode) if linked else ''}; truth: "
            f"{(true.name + ' ' + true.postcode) if true else 'outside'}"
        )
    out = [f"{name}: misses on identifiable records and wrong auto links, by kind:"]
    for kind, rows in sorted(kinds.items(), key=lambda kv: -len(kv[1]))[:40]:
        out.append(f"  {len(rows):>5}  {kind}")
        out += rows[:examples]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Independent held-out linkage set and bench")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--records", type=int, default=N_RECORDS)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--splink-python", type=Path, default=SPLINK_PYTHON)
    ap.add_argument("--examples", type=int, default=0, help="print N examples per kind of miss")
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument(
        "--score-only",
        action="store_true",
        help="score the outputs of the last run again (no matching)",
    )
    ap.add_argument("--splink-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.splink_worker:
        splink_worker(args.out)
        return
    if args.regenerate or not (args.out / "truth.csv").exists():
        print("making the held-out set ...", file=sys.stderr, flush=True)
        write_set(args.out, args.seed, args.records)
    if args.score_only:
        print(score(args.out, last_outputs(args.out, args.workers), args.examples))
        return
    load_database(args.out)
    load0 = os.getloadavg()
    print("commonground match ...", file=sys.stderr, flush=True)
    match, mu = run_match(args.out, args.workers)
    systems: dict[str, Decisions] = {f"commonground match ({args.workers} workers)": match}
    usage = {next(iter(systems)): mu}
    if not args.no_splink:
        print("splink ...", file=sys.stderr, flush=True)
        sp, su = run_splink(args.out, args.splink_python)
        systems.update(sp)
        usage["Splink (one model, both thresholds)"] = su
    load1 = os.getloadavg()
    given = argv if argv is not None else sys.argv[1:]
    print(f"Command: `python -m bench.linkage.heldout {' '.join(given)}`".replace(" `", "`"))
    print(
        f"Load average (1, 5, 15 min): {load0} at the start, {load1} at the end; seed {args.seed}"
    )
    for nm, u in usage.items():
        print(
            f"{nm}: {u['wall_s']:.1f} s wall, {u['cpu_s']:.1f} s CPU, peak RSS {u['rss_mb']:.0f} MB"
        )
    print()
    print(score(args.out, systems, args.examples))


if __name__ == "__main__":
    main()
