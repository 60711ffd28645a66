"""The date a register file was extracted: from its preamble, its name, or its records."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from .detect import _csv_rows, _decoded_lines, _find_header, _sniff
from .model import (
    RowError,
)
from .reading import read_register
from .values import _ISO_DATE_RE, _LONG_DATE_RE, _UK_DATE_RE, _make_date, _parse_date

# --- Extract date -----------------------------------------------------------------------

_NAME_DATE_RES = (
    re.compile(r"(?<!\d)(\d{4})[-_](\d{2})[-_](\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s_-]+([A-Za-z]{3,9})[\s_-]+(\d{4})(?!\d)"),
)
_NAME_MONTH_RES = (
    re.compile(r"(?<!\d)(\d{4})[-_](\d{2})(?![-_]?\d)"),
    re.compile(r"(?<![A-Za-z])([A-Za-z]{3,9})[\s_-]+(\d{4})(?!\d)"),
)


def source_date(path: Path) -> date | None:
    """Best-effort date of the extract, or None.

    In order: the directory preamble ("This data was produced on 19 August 2026"); a
    full date in the file name ("..._2021-03-01.csv", "19_August_2026_CQC_directory.csv");
    for API records, the latest registration, deregistration, inspection or rating date
    they mention (the extract cannot be older); a month in the file name ("_2025-03",
    "January 2019"), taken as its first day.
    """
    try:
        sniff = _sniff(path)
    except OSError:
        return None
    if sniff.format == "directory":
        produced = _preamble_date(path)
        if produced is not None:
            return produced
    from_name = _name_date(path.stem)
    if from_name is not None:
        return from_name
    if sniff.format == "api":
        latest = _latest_api_date(path)
        if latest is not None:
            return latest
    return _name_month(path.stem)


def _preamble_date(path: Path) -> date | None:
    with path.open("rb") as fh:
        header = _find_header(_csv_rows(_decoded_lines(fh)), ("directory",))
    for row in header.preamble if header else []:
        for cell in row:
            for pattern in (_LONG_DATE_RE, _UK_DATE_RE, _ISO_DATE_RE):
                if match := pattern.search(cell):
                    found = _parse_date(match.group(0))
                    if found is not None:
                        return found
    return None


def _name_date(stem: str) -> date | None:
    iso, long = _NAME_DATE_RES
    if match := iso.search(stem):
        found = _make_date(*match.groups())
        if found is not None:
            return found
    for match in long.finditer(stem):
        day, month, year = match.groups()
        found = _make_date(year, month, day)
        if found is not None:
            return found
    return None


def _name_month(stem: str) -> date | None:
    numeric, named = _NAME_MONTH_RES
    if match := numeric.search(stem):
        found = _make_date(match.group(1), match.group(2), "1")
        if found is not None:
            return found
    for match in named.finditer(stem):
        found = _make_date(match.group(2), match.group(1), "1")
        if found is not None:
            return found
    return None


def _latest_api_date(path: Path) -> date | None:
    # Capped at today: one mistyped future date must not make a file look newer than
    # the data already held ("an older file never overwrites newer data").
    today = datetime.now(UTC).date()
    latest: date | None = None
    for row in read_register(path, "api"):
        if isinstance(row, RowError):
            continue
        for found in (
            row.registration_date,
            row.deregistration_date,
            row.last_inspection_date,
            row.rating_date,
        ):
            if found is not None and found <= today and (latest is None or found > latest):
                latest = found
    return latest
