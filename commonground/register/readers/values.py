"""Parsing one value (naming the column and the value when it is bad), dates, extract dates."""

from __future__ import annotations

import math
import re
from datetime import date

from .model import (
    _ID_RE,
    _RATING_NONE,
    _SERVICE_TYPES,
    _SOCIAL_CARE_SECTOR,
    SERVICE_TYPE_CODES,
    SOCIAL_CARE_SERVICE_TYPES,
    _Bad,
)

# --- Value parsers: raise _Bad naming the column and the offending value ----------------


def _required(value: str, column: str) -> str:
    if not value:
        raise _Bad(column, f"{column} is blank")
    return value


def _location_id(value: str, column: str) -> str:
    if not value:
        raise _Bad(column, "the CQC location id is missing")
    if not _ID_RE.match(value):
        raise _Bad(column, f"{value!r} is not a CQC id (like 1-123456789, or RT2F3 for NHS sites)")
    return value


def _optional_id(value: str, column: str) -> str | None:
    if not value:
        return None
    if not _ID_RE.match(value):
        raise _Bad(column, f"{value!r} is not a CQC id (like 1-123456789, or RJX for NHS trusts)")
    return value


def _yes_no(value: str, column: str) -> bool | None:
    key = value.casefold()
    if not key:
        return None
    if key in ("y", "yes", "true"):
        return True
    if key in ("n", "no", "false"):
        return False
    raise _Bad(column, f"{value!r} is not Y or N")


def _coordinate(value: str, column: str, bounds: tuple[float, float]) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise _Bad(column, f"{value!r} is not a number") from None
    if not math.isfinite(number) or not bounds[0] <= number <= bounds[1]:
        raise _Bad(column, f"{value} is outside the UK ({bounds[0]} to {bounds[1]})")
    return number


def _count(value: str, column: str) -> int | None:
    if not value:
        return None
    # Spreadsheet round trips turn 45 into "45.0".
    if not re.fullmatch(r"\d{1,6}(?:\.0*)?", value):
        raise _Bad(column, f"{value!r} is not a whole number of beds")
    return int(value.split(".")[0])


def _beds(beds: int | None, care_home: bool | None) -> int | None:
    # The API gives numberOfBeds 0 for services without beds (home care, GPs): that is
    # "not applicable", not an empty care home.
    if beds == 0 and care_home is False:
        return None
    return beds


def _rating(value: str) -> str | None:
    return None if value.casefold() in _RATING_NONE else value


def _join(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _service_code(label: str) -> str:
    key = " ".join(label.split()).casefold()
    if not key:
        return ""
    return _SERVICE_TYPES.get(key, "other")


def _ordered(codes: set[str]) -> list[str]:
    return [code for code in SERVICE_TYPE_CODES if code in codes]


def _is_social_care(codes: set[str], sector: str | None, care_home: bool | None) -> bool:
    """Care homes, home care, supported living, extra care and shared lives.

    Where CQC gives the sector, it must also be social care: an NHS trust's nursing
    unit or community team can be registered for a social-care service type, but its
    staff work for the NHS, not for a care provider.
    """
    social = bool(codes & SOCIAL_CARE_SERVICE_TYPES) or care_home is True
    if sector:
        return social and sector.casefold() == _SOCIAL_CARE_SECTOR
    return social


# --- Dates ------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3])
} | {"sept": 9}

_ISO_DATE_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
# 01/03/2021, 01/Mar/2021, and the directory's "01/03/2021 - 00:00".
_UK_DATE_RE = re.compile(
    r"(\d{1,2})[/-]([A-Za-z]{3,9}|\d{1,2})[/-](\d{4})(?:\s*-?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
_LONG_DATE_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s_-]+([A-Za-z]{3,9})[\s_-]+(\d{4})")


def _date(value: str, column: str) -> date | None:
    if not value:
        return None
    parsed = _parse_date(value)
    if parsed is None:
        raise _Bad(column, f"{value!r} is not a date")
    return parsed


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if match := _ISO_DATE_RE.fullmatch(text):
        year, month, day = match.groups()
        return _make_date(year, month, day)
    if match := _UK_DATE_RE.fullmatch(text) or _LONG_DATE_RE.fullmatch(text):
        day, month, year = match.groups()
        return _make_date(year, month, day)
    return None


def _make_date(year: str, month: str, day: str) -> date | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.casefold())
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:  # 30 February and the like
        return None
