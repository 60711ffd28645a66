"""Parsing one value (naming the column and the value when it is bad), and dates."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date

from commonground.lib.dates import DateError, parse_date

from .model import (
    CORE_SOCIAL_CARE_TYPES,
    ID_RE,
    RATING_NONE,
    SERVICE_TYPE_CODES,
    SERVICE_TYPE_NAMES,
    SOCIAL_CARE_DIRECTORATE,
    SOCIAL_CARE_SECTOR,
    SOCIAL_CARE_SERVICE_TYPES,
    USER_BANDS,
    BadValue,
)

# --- Value parsers: raise BadValue naming the column and the offending value ------------


def required(value: str, column: str) -> str:
    if not value:
        raise BadValue(column, f"{column} is blank")
    return value


def location_id(value: str, column: str) -> str:
    if not value:
        raise BadValue(column, "the CQC location id is missing")
    if not ID_RE.match(value):
        raise BadValue(
            column, f"{value!r} is not a CQC id (like 1-123456789, or RT2F3 for NHS sites)"
        )
    return value


def optional_id(value: str, column: str) -> str | None:
    if not value:
        return None
    if not ID_RE.match(value):
        raise BadValue(
            column, f"{value!r} is not a CQC id (like 1-123456789, or RJX for NHS trusts)"
        )
    return value


def yes_no(value: str, column: str) -> bool | None:
    key = value.casefold()
    if not key:
        return None
    if key in ("y", "yes", "true"):
        return True
    if key in ("n", "no", "false"):
        return False
    raise BadValue(column, f"{value!r} is not Y or N")


def coordinate(value: str, column: str, bounds: tuple[float, float]) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadValue(column, f"{value!r} is not a number") from None
    if not math.isfinite(number) or not bounds[0] <= number <= bounds[1]:
        raise BadValue(column, f"{value} is outside the UK ({bounds[0]} to {bounds[1]})")
    return number


def count(value: str, column: str) -> int | None:
    if not value:
        return None
    # Spreadsheet round trips turn 45 into "45.0".
    if not re.fullmatch(r"\d{1,6}(?:\.0*)?", value):
        raise BadValue(column, f"{value!r} is not a whole number of beds")
    return int(value.split(".")[0])


def beds(number: int | None, care_home: bool | None) -> int | None:
    # The API gives numberOfBeds 0 for services without beds (home care, GPs): that is
    # "not applicable", not an empty care home.
    if number == 0 and care_home is False:
        return None
    return number


def rating(value: str) -> str | None:
    return None if value.casefold() in RATING_NONE else value


def join(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def service_code(label: str) -> str:
    key = " ".join(label.split()).casefold()
    if not key:
        return ""
    return SERVICE_TYPE_NAMES.get(key, "other")


def ordered(codes: set[str]) -> list[str]:
    return [code for code in SERVICE_TYPE_CODES if code in codes]


def ordered_bands(bands: Iterable[str]) -> list[str]:
    """CQC's band names in its own order; names it does not publish are kept, after them."""
    held = set(bands)
    known = [band for band in USER_BANDS if band in held]
    return known + sorted(held - set(USER_BANDS))


def company_number(value: str, column: str) -> str | None:
    """A Companies House number: 8 characters ("01234567", "SC123456", "OC301234").

    A workbook can store an all-digit number as a number, losing its leading zeros
    (1234567.0): they are put back.
    """
    text = "".join(value.split()).upper()
    if not text:
        return None
    if text.isdigit() and len(text) < 8:
        text = text.zfill(8)
    if not re.fullmatch(r"[A-Z0-9]{8}", text):
        raise BadValue(column, f"{value!r} is not a Companies House number (8 characters)")
    return text


def charity_number(value: str, column: str) -> str | None:
    """A charity number (England and Wales "1012345", Scotland "SC012345", with "-1" parts)."""
    text = "".join(value.split()).upper()
    if not text:
        return None
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{0,19}", text):
        raise BadValue(column, f"{value!r} is not a charity number")
    return text


def is_social_care(
    codes: set[str], sector: str | None, care_home: bool | None, directorate: str | None = None
) -> bool:
    """Care homes, home care, supported living, extra care, shared lives and the other adult
    social care services.

    A location is in when it holds one of the six core service types (or is a care home),
    or when CQC inspects it as adult social care (its directorate, or one of the other
    adult social care service types). Where CQC gives the sector, it must also be social
    care: an NHS trust's nursing unit or community team can be registered for a
    social-care service type, but its staff work for the NHS, not for a care provider.
    """
    social = (
        bool(codes & SOCIAL_CARE_SERVICE_TYPES)
        or care_home is True
        or (directorate or "").casefold() == SOCIAL_CARE_DIRECTORATE
    )
    if sector:
        return social and sector.casefold() == SOCIAL_CARE_SECTOR
    return social


def scope_reason(sector: str | None, codes: set[str]) -> str:
    """Why a location is outside social care, in CQC's words where it gives them."""
    if sector and sector.casefold() != SOCIAL_CARE_SECTOR:
        return sector  # "Primary Dental Care", "NHS Healthcare Organisation", ...
    if sector:
        return "Social Care Org without an adult social care service"
    kinds = sorted(codes)
    return f"no social-care service type ({', '.join(kinds)})" if kinds else "no service type"


def social_care_codes(codes: set[str], social: bool) -> set[str]:
    """A social-care location registered for none of the core six types (say, a community
    learning disability service) is "other adult social care", not "other health service".
    """
    if social and not codes & CORE_SOCIAL_CARE_TYPES and codes:
        return (codes - {"other"}) | {"other_social_care"}
    return codes


# --- Dates ------------------------------------------------------------------------------


def date_value(value: str, column: str) -> date | None:
    """The column's date (read by :func:`commonground.lib.dates.parse_date`), None if blank."""
    if not value:
        return None
    try:
        return parse_date(value)
    except DateError:
        raise BadValue(column, f"{value!r} is not a date") from None
