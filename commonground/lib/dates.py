"""Dates as people in the UK write them, in files, forms and web pages.

Pure Python, no Django: the people importer, the register readers and the motions parser
all read dates through :func:`parse_date` (one whole value) or :func:`find_dates` (dates
written inside a longer text).

What is accepted, always day first (a UK value "02/13/2024" is refused, not read the
American way):

- ``03/02/2024``, ``3-2-2024``, ``03.02.24`` (one separator, used twice);
- ISO ``2024-02-03`` and ``2024/02/03``, with or without a time (``T14:05:00Z``);
- a time after a numeric date, as exports write it (``03/02/2024 00:00``, the CQC
  directory's ``01/03/2021 - 00:00``);
- month names or their abbreviations: ``3 Feb 2024``, ``3rd of February 2024``,
  ``03-Feb-24``, ``01/Mar/2021``, ``1_October_2026``, ``Feb 3, 2024``, with an optional
  weekday in front (``Tuesday 18 June 2024``);
- two-digit years, read as not later than this year ("24" is 2024, "85" is 1985);
- Excel serial day counts (a date column that lost its format: ``45325``), and the typed
  ``date``/``datetime``/number cells python-calamine gives for a workbook;
- blank values and the placeholders people type for "no date" (``n/a``, ``00/00/0000``)
  give ``None``.

Anything else raises :class:`DateError` with a reason a person can act on. Years outside
``earliest``..``latest`` (by default 1900 to 2099) are refused.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

__all__ = [
    "EARLIEST",
    "LATEST",
    "MONTHS",
    "DateError",
    "find_dates",
    "make_date",
    "month_number",
    "parse_date",
    "uk_today",
]

EARLIEST: Final = date(1900, 1, 1)
LATEST: Final = date(2099, 12, 31)

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS: Final[dict[str, int]] = {
    name: number
    for number, month in enumerate(_MONTH_NAMES.split(), start=1)
    for name in (month, month[:3])
} | {"sept": 9}

# Placeholders people type into a date column instead of leaving it empty.
_NULLS = frozenset({"-", "--", "n/a", "na", "none", "null", "nil", "tbc", "#n/a", "unknown", "?"})
_EXCEL_EPOCH = date(1899, 12, 30)
_SHOWN = 60

_TIME = r"(?:(?:[ T]+|\s*-\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_SHAPES = (
    # day / month / year, one separator used twice
    rf"(?P<d1>\d{{1,2}})\s*(?P<s1>[/.\-])\s*(?P<m1>\d{{1,2}})\s*(?P=s1)\s*(?P<y1>\d{{4}}|\d{{2}}){_TIME}",
    # ISO: year - month - day
    rf"(?P<y2>\d{{4}})(?P<s2>[/.\-])(?P<m2>\d{{1,2}})(?P=s2)(?P<d2>\d{{1,2}}){_TIME}",
    # day, month name, year
    (
        rf"{_WEEKDAY}(?P<d3>\d{{1,2}}){_ORD}(?:\s+of)?[\s\-/._]*(?P<m3>[a-z]{{3,9}})\.?,?"
        rf"[\s\-/._]*(?P<y3>\d{{4}}|\d{{2}}){_TIME}"
    ),
    # month name, day, year
    rf"{_WEEKDAY}(?P<m4>[a-z]{{3,9}})\.?\s+(?P<d4>\d{{1,2}}){_ORD},?\s+(?P<y4>\d{{4}})",
)
_WHOLE = re.compile("|".join(f"(?:{shape})" for shape in _SHAPES), re.IGNORECASE)
# Inside a text: not glued to other digits or letters ("2024-06-03" holds no "24-06-03").
_INSIDE = re.compile(
    r"(?<![0-9A-Za-z])(?:" + "|".join(f"(?:{shape})" for shape in _SHAPES) + r")(?![0-9])",
    re.IGNORECASE,
)
_SERIAL = re.compile(r"[1-9]\d{4}(?:\.0+)?")
_GROUPS = (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "m3", "y3"), ("d4", "m4", "y4"))


class DateError(ValueError):
    """Not a date we can read. ``str()`` is the reason, naming the value; ``year`` is the
    year the value spells out when it has a date's shape (``31/02/2024``), else None."""

    def __init__(self, message: str, year: int | None = None) -> None:
        super().__init__(message)
        self.year = year


def uk_today() -> date:
    """Today in the UK."""
    # Resolved per call, not at import: a machine without tz data fails here, not on import.
    return datetime.now(ZoneInfo("Europe/London")).date()


def month_number(word: str) -> int | None:
    """1-12 for a month's number, name or abbreviation ("03", "Mar", "march"); else None."""
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(word.casefold())


def make_date(year: str | int, month: str | int, day: str | int) -> date | None:
    """The date from its parts (month as number or name), or None if there is no such day."""
    number = month if isinstance(month, int) else month_number(month)
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:  # 30 February and the like
        return None


def _show(value: str) -> str:
    value = value.strip()
    if len(value) > _SHOWN:
        value = value[: _SHOWN - 1] + "…"
    return f"'{value}'"


class _Invalid(NamedTuple):
    reason: str
    year: int | None


class _ShortYear(NamedTuple):
    """A date whose two-digit year is placed by the caller's "today"."""

    day: int
    month: int
    year: int


# What the cached reading of a text found; None for "no date".
_Reading = date | _ShortYear | _Invalid | None


def _parts(match: re.Match[str]) -> tuple[int, int | None, str]:
    for day_group, month_group, year_group in _GROUPS:
        day = match.group(day_group)
        if day is not None:
            return int(day), month_number(match.group(month_group)), match.group(year_group)
    raise AssertionError("a date shape without a day")  # pragma: no cover


@functools.lru_cache(maxsize=8192)
def _read(value: str, serials: bool) -> _Reading:
    """The text's date, without the checks that depend on the caller (cached per text)."""
    if not value or (len(value) <= 7 and value.casefold() in _NULLS):
        return None
    if not value.strip("0/.-: "):
        return None  # 00/00/0000 and 0000-00-00: old systems' way of saying "no date"
    match = _WHOLE.fullmatch(value)
    if match is None:
        if serials and _SERIAL.fullmatch(value):
            # A date column that lost its format in Excel arrives as a day count.
            return _EXCEL_EPOCH + timedelta(days=int(float(value)))
        return _Invalid(f"{_show(value)} is not a date we recognise (use dd/mm/yyyy)", None)
    day, month, year_text = _parts(match)
    year = int(year_text)
    if month is None:
        # An unknown month word ("3 Foo 2024") or a month number above 12.
        if not match.group("m1") and not match.group("m2"):
            return _Invalid(f"{_show(value)} is not a date we recognise (use dd/mm/yyyy)", None)
        return _Invalid(f"{_show(value)} is not a valid date (day/month/year expected)", year)
    if len(year_text) == 2:
        return _ShortYear(day, month, year)
    try:
        return date(year, month, day)
    except ValueError:
        return _Invalid(f"{_show(value)} is not a valid date (day/month/year expected)", year)


def parse_date(
    value: str | date | float | None,
    *,
    today: date | None = None,
    serials: bool = True,
    earliest: date = EARLIEST,
    latest: date = LATEST,
) -> date | None:
    """One value as a ``date``; ``None`` when blank. Raises :class:`DateError` otherwise.

    ``value`` is text, or a typed workbook cell (``date``, ``datetime``, or a number, read
    as an Excel serial day count). ``today`` places two-digit years (default: today in the
    UK, looked up only when a value needs it). ``serials=False`` refuses bare day counts
    (a number in running text is not a date). Dates outside ``earliest``..``latest`` are
    refused.
    """
    if type(value) is not str:
        if value is None:
            return None
        if isinstance(value, date):
            found = value.date() if isinstance(value, datetime) else value
            return _in_range(found, _show(found.isoformat()), earliest, latest)
        if not serials or isinstance(value, bool) or not float(value).is_integer():
            raise DateError(f"{_show(str(value))} is not a date we recognise (use dd/mm/yyyy)")
        value = str(int(value))
    text = value.strip()
    if not text:
        return None
    if len(text) == 10:
        # The two shapes nearly every file uses (2024-02-03, 03/02/2024), without regexes:
        # the register reads two dates in each of ~56,000 rows.
        if text[4] == "-" == text[7]:
            y, m, d = text[:4], text[5:7], text[8:]
        elif text[2] == "/" == text[5]:
            d, m, y = text[:2], text[3:5], text[6:]
        else:
            y = ""
        if y.isdigit() and m.isdigit() and d.isdigit():
            try:
                found = date(int(y), int(m), int(d))
            except ValueError:
                pass  # the general path below gives the reason
            else:
                if earliest <= found <= latest:
                    return found
    reading = _read(text, serials)
    if reading is None:
        return None
    if isinstance(reading, _Invalid):
        raise DateError(reading.reason, reading.year)
    if isinstance(reading, _ShortYear):
        year = reading.year + _century(reading.year, today)
        try:
            found = date(year, reading.month, reading.day)
        except ValueError:
            raise DateError(
                f"{_show(text)} is not a valid date (day/month/year expected)", year
            ) from None
    else:
        found = reading
    if earliest <= found <= latest:
        return found
    return _in_range(found, _show(text), earliest, latest, serial=bool(_SERIAL.fullmatch(text)))


def _century(short_year: int, today: date | None) -> int:
    # Two-digit years: not later than this year ("24" -> 2024, "85" -> 1985).
    this_year = (today or uk_today()).year
    return 2000 if short_year <= this_year % 100 else 1900


def _in_range(
    found: date, shown: str, earliest: date, latest: date, *, serial: bool = False
) -> date:
    if earliest <= found <= latest:
        return found
    if serial:
        # A number far outside any plausible date is not a day count at all.
        raise DateError(f"{shown} is not a date we recognise (use dd/mm/yyyy)")
    if found < earliest:
        raise DateError(f"{shown} is before {earliest.year}", found.year)
    raise DateError(f"{shown} is after {latest.year}", found.year)


def find_dates(
    text: str,
    *,
    today: date | None = None,
    earliest: date = EARLIEST,
    latest: date = LATEST,
) -> Iterator[date]:
    """Every whole date written inside ``text`` ("as at 1 October 2026"), in order.

    Only real days are yielded: "31 February 2024" inside a sentence is skipped, as are
    numbers (no Excel serials inside text).
    """
    for match in _INSIDE.finditer(text):
        try:
            found = parse_date(
                match.group(0), today=today, serials=False, earliest=earliest, latest=latest
            )
        except DateError:
            continue
        if found is not None:
            yield found
