"""The date a register file was extracted: from its preamble, its name, or its records."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from commonground.lib.dates import find_dates, make_date
from commonground.lib.textfiles import open_detected

from .detect import csv_rows, sniff
from .header import find_header
from .model import RegisterRow
from .reading import read_register

_NAME_DATE_RES = (
    re.compile(r"(?<!\d)(\d{4})[-_](\d{2})[-_](\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s_-]+([A-Za-z]{3,9})[\s_-]+(\d{4})(?!\d)"),
)
_NAME_MONTH_RES = (
    re.compile(r"(?<!\d)(\d{4})[-_](\d{2})(?![-_]?\d)"),
    re.compile(r"(?<![A-Za-z])([A-Za-z]{3,9})[\s_-]+(\d{4})(?!\d)"),
)
# The workbook's README: "Source: CQC database as at 1 October 2026".
_AS_AT_RE = re.compile(r"\bas at\s+(.+)$", re.IGNORECASE)


def source_date(path: Path) -> date | None:
    """Best-effort date of the extract, or None.

    In order: the date the file states about itself (the directory's preamble "This data
    was produced on 19 August 2026"; the workbook's README "Source: CQC database as at
    1 October 2026", or a dated title row above its header); a full date in the file name
    ("..._2021-03-01.csv", "01_October_2026_HSCA_Active_Locations.ods"); for API records,
    the latest registration, deregistration, inspection or rating date they mention (the
    extract cannot be older); a month in the file name ("_2025-03", "January 2019"), taken
    as its first day.
    """
    try:
        found = sniff(path)
    except OSError:
        return None
    if found.workbook is not None:
        stated = _dated_cell(
            [row for rows in found.workbook.before.values() for row in rows], as_at_only=True
        ) or _dated_cell(found.workbook.header.preamble, as_at_only=False)
        if stated is not None:
            return stated
    elif found.format == "directory":
        produced = _preamble_date(path)
        if produced is not None:
            return produced
    from_name = _name_date(path.stem)
    if from_name is not None:
        return from_name
    if found.format == "api":
        latest = _latest_api_date(path)
        if latest is not None:
            return latest
    return _name_month(path.stem)


def _dated_cell(rows: list[list[str]], *, as_at_only: bool) -> date | None:
    for row in rows:
        for cell in row:
            text = " ".join(cell.split())
            if as_at_only:
                match = _AS_AT_RE.search(text)
                if match is None:
                    continue
                text = match.group(1)
            found = next(find_dates(text), None)
            if found is not None:
                return found
    return None


def _preamble_date(path: Path) -> date | None:
    with open_detected(path) as fh:
        header = find_header(csv_rows(fh), ("directory",))
    return _dated_cell(header.preamble, as_at_only=False) if header else None


def _name_date(stem: str) -> date | None:
    iso, long = _NAME_DATE_RES
    if match := iso.search(stem):
        found = make_date(*match.groups())
        if found is not None:
            return found
    for match in long.finditer(stem):
        day, month, year = match.groups()
        found = make_date(year, month, day)
        if found is not None:
            return found
    return None


def _name_month(stem: str) -> date | None:
    numeric, named = _NAME_MONTH_RES
    if match := numeric.search(stem):
        found = make_date(match.group(1), match.group(2), "1")
        if found is not None:
            return found
    for match in named.finditer(stem):
        found = make_date(match.group(2), match.group(1), "1")
        if found is not None:
            return found
    return None


def _latest_api_date(path: Path) -> date | None:
    # Capped at today: one mistyped future date must not make a file look newer than
    # the data already held ("an older file never overwrites newer data").
    today = datetime.now(UTC).date()
    latest: date | None = None
    for row in read_register(path, "api"):
        if not isinstance(row, RegisterRow):
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
