"""Generate a realistic, messy membership extract (synthetic people only).

Messy as real ones are: mixed date formats, phone numbers with and without the leading zero,
postcodes in any case and spacing, blank and placeholder cells, unknown status words, a few
bad rows (invalid email, impossible dates, missing numbers, short rows), duplicate numbers,
quoted fields with commas and newlines, and names with accents (written as cp1252 or UTF-8).

``expected`` counts are returned so tests and the benchmark can check the importer exactly.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FIRST = [
    "Amara", "Bogdan", "Chiamaka", "Dorota", "Eilidh", "Femi", "Grace", "Hana", "Ioana",
    "Joseph", "Kwame", "Lerato", "Maria", "Nadia", "Oksana", "Priya", "Rosa", "Siobhán",
    "Tendai", "Zoë", "José", "Renée", "Agnieszka", "Chipo",
]  # fmt: skip
LAST = [
    "Synthetic", "Testperson", "Examplewood", "Fakeley", "Mockford", "Sampleton",
    "Placeholder", "Dummyshaw", "Démo", "Nóbody", "Fictional", "Madeupson",
]  # fmt: skip
WORKPLACES = [
    "Hollins Pk", "Hollins Park Care Home", "Bupa – Heathfield", "Heathfield House",
    "Mersey View", "Oakwood Lodge", "Sunnyside Home Care", "Rosebank, Bolton",
    "The Willows\nNursing Wing", "Cedar Court", "",
]  # fmt: skip
EMPLOYERS = ["Synthetic Care Ltd", "Example Homes plc", "Mock Homecare", "", "n/a"]
JOBS = ["Care Assistant", "Senior Carer", "Nurse", "Cook", "Domestic", "Team Leader", ""]
STATUSES = ["Member", "Full member", "ACTIVE", "In arrears", "Lapsed", "Resigned", "contact", "?"]
OUTCODES = ["BL1", "BL3", "M1", "M41", "L1", "L8", "WN1", "OL1", "SK4", "WA1"]
HEADERS = [
    "Membership No", "Forename", "Surname", "Workplace", "Employer", "Postcode",
    "Job Title", "E-mail", "Mobile", "Status", "Join Date",
]  # fmt: skip


@dataclass
class Expected:
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    numbers: list[str] = field(default_factory=list)


def _date(rng: random.Random, year: int, month: int, day: int) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{day:02d}/{month:02d}/{year}"
    if style == 1:
        return f"{year}-{month:02d}-{day:02d}"
    if style == 2:
        return f"{day}.{month}.{year % 100:02d}"
    return f"{day} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][month % 6]} {year}"


def _phone(rng: random.Random, n: int) -> str:
    digits = f"7700{n % 1000000:06d}"
    style = rng.randrange(4)
    if style == 0:
        return "0" + digits
    if style == 1:
        return digits  # Excel ate the zero
    if style == 2:
        return f"+44 {digits[:4]} {digits[4:]}"
    return ""


def iter_rows(
    count: int,
    *,
    seed: int = 4,
    bad_every: int = 50,
    start: int = 0,
    expected: Expected | None = None,
) -> Iterator[list[str]]:
    """Yield data rows (about 2% bad, 0.2% blank); fills ``expected`` as it goes."""
    rng = random.Random(seed)
    exp = expected if expected is not None else Expected()
    for i in range(start, start + count):
        number = f"M{i + 100000:07d}"
        first = FIRST[i % len(FIRST)]
        last = LAST[(i // 7) % len(LAST)]
        pc = f"{OUTCODES[i % len(OUTCODES)]} {i % 10}{'ABDEFGHJ'[i % 8]}{'LNPQRSTU'[(i // 3) % 8]}"
        if i % 3 == 0:
            pc = pc.lower().replace(" ", "")
        row = [
            number if i % 5 else number.lower(),
            first,
            last,
            WORKPLACES[i % len(WORKPLACES)],
            EMPLOYERS[i % len(EMPLOYERS)],
            pc,
            JOBS[i % len(JOBS)],
            f"person.{i}@example.invalid" if i % 4 else "",
            _phone(rng, i),
            STATUSES[i % len(STATUSES)],
            _date(rng, 1990 + i % 30, 1 + i % 12, 1 + i % 28),
        ]
        kind = i % bad_every if bad_every else -1
        if kind == 7:
            row[7] = "not-an-email"
        elif kind == 17:
            row[10] = "31/02/2019"
        elif kind == 27:
            row[0] = ""
        elif kind == 37:
            row = row[:5]  # short row
        elif kind == 41:
            row[0] = f"M{i + 100000 - 1:07d}"  # duplicate of the previous row's number
        elif kind == 45:
            exp.blank += 1
            yield [""] * len(HEADERS)
            continue
        if kind in (7, 17, 27, 37, 41):
            exp.rejected += 1
        else:
            exp.accepted += 1
            exp.numbers.append(row[0].upper())
        exp.read += 1
        yield row


def write_csv(
    path: Path,
    count: int,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    seed: int = 4,
    bad_every: int = 50,
    keep_numbers: bool = True,
) -> Expected:
    exp = Expected()
    with path.open("w", encoding=encoding, newline="", errors="replace") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(HEADERS)
        for row in iter_rows(count, seed=seed, bad_every=bad_every, expected=exp):
            writer.writerow(row)
    if not keep_numbers:
        exp.numbers = []
    return exp
