"""Metadata: labels, decisions, dates, conference lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from .lines import phrases

# --------------------------------------------------------------------------
# Metadata: labels, decisions, dates, conference lines

LABELS: Final = {
    label: kind
    for kind, labels in (
        ("conference", "conference|conference name|event"),
        ("date", "date|conference date|motion date|date of conference|date debated|debated"),
        ("date", "debated on"),
        ("decision", "decision|status|outcome|result|conference decision|motion status"),
        ("submitted_by", "submitted by|submitted|moved by|proposed by|from"),
        ("title", "title|motion title|motion|subject"),
        ("year", "year|conference year"),
        # Recognised so they stay out of the body, but not kept.
        ("ignore", "seconded by|category|categories|tags|type|motion type|motion number"),
        ("ignore", "number|service group|sector|topic|topics|region|reference|ref|policy area"),
    )
    for label in labels.split("|")
}
# Once the motion text has started, only these labels are read as metadata:
# "Result: members won back pay" in a preamble is prose.
BODY_LABELS: Final = phrases(
    "conference|date|decision|status|submitted by|moved by|proposed by|seconded by"
)
# Labels that may sit alone on a line with the value on the next line.
LABELS_ALONE: Final = phrases(
    "conference|date|decision|status|outcome|result|submitted by|moved by|title|motion title",
    "year|seconded by",
)
LABEL_LINE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>.*)$")
SUBMITTED = re.compile(r"^(?:submitted|moved|proposed)\s+by\b\s*:?\s*(?P<value>.+)$", re.I)
SECONDED = re.compile(r"^seconded\s+by\b", re.I)
MOTION_LABEL = re.compile(
    r"^(?:emergency\s+)?(?:motion|composite)\s*(?:no\.?\s*)?[0-9A-Z]{1,4}\s*$", re.I
)
NUMBER_ONLY = re.compile(r"^(?:no\.?\s*)?[0-9]{1,4}[A-Za-z]?$", re.I)

DECISION = re.compile(
    r"""^(?:decision\s*[:\-–]?\s*)?(?:(?:this\s+)?motion\s+(?:was\s+)?)?(?:was\s+)?
    (?P<d>carried\s*\(?\s*as\s+amended\s*\)?|carried\s+with\s+amendments?|amended\s+and\s+carried
    |carried|agreed|passed|adopted|accepted|lost|defeated|not\s+carried|rejected|remitted
    |withdrawn|fell|falls|not\s+reached|not\s+debated|not\s+moved|referred(?:\s+back)?
    |ruled\s+out\s+of\s+order)\b""",
    re.I | re.X,
)
DECISION_TAIL = re.compile(r"\s*(?:\([^)]*\))?\s*[.!]?\s*")


def decision_of(phrase: str) -> str | None:
    words = " ".join(re.sub(r"[()]", " ", phrase.casefold()).split())
    if "amend" in words:
        return "carried as amended"
    if words in {"carried", "agreed", "passed", "adopted", "accepted"}:
        return "carried"
    if words in {"lost", "defeated", "not carried", "rejected"}:
        return "lost"
    if words in {"remitted", "withdrawn"}:
        return words
    return None  # fell, not reached, referred...: real outcomes, not ours to map


_MONTH_NAMES: Final = (
    "january february march april may june july august september october november december"
)
_MONTHS: Final = {
    name: number
    for number, month in enumerate(_MONTH_NAMES.split(), start=1)
    for name in (month, month[:3])
} | {"sept": 9}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DMY = re.compile(
    rf"{_WEEKDAY}(?P<d>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m>[a-z]{{3,9}})\.?,?\s+(?P<y>[0-9]{{4}})",
    re.I,
)
_MDY = re.compile(
    rf"{_WEEKDAY}(?P<m>[a-z]{{3,9}})\.?\s+(?P<d>[0-9]{{1,2}}){_ORD},?\s+(?P<y>[0-9]{{4}})", re.I
)
_ISO = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?:T[0-9:.]+(?:Z|[+\-][0-9:]+)?)?"
)
# Numeric dates are read day-first: these are UK pages.
_NUMERIC = re.compile(
    r"(?P<d>[0-9]{1,2})(?P<sep>[/.\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
)
_RANGE = re.compile(
    rf"{_WEEKDAY}[0-9]{{1,2}}{_ORD}(?:\s+[a-z]{{3,9}})?\s*(?:-|–|—|to|and|&)\s*"
    rf"{_WEEKDAY}[0-9]{{1,2}}{_ORD}\s+(?:of\s+)?(?P<m>[a-z]{{3,9}})\.?,?\s+(?P<y>[0-9]{{4}})",
    re.I,
)
_MONTH_YEAR = re.compile(r"(?P<m>[a-z]{3,9})\.?,?\s+(?P<y>[0-9]{4})", re.I)
YEAR = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?![0-9])")


@dataclass(frozen=True)
class _DateResult:
    value: dt.date | None
    year: int | None
    problem: str | None


def _year_ok(y: int) -> bool:
    return 1900 <= y <= 2100


def _make_date(y: int, m: int, d: int, raw: str) -> _DateResult:
    if y < 100:
        y += 2000
    if not _year_ok(y):
        return _DateResult(None, None, f"date {raw!r} is not a plausible date; left empty")
    try:
        return _DateResult(dt.date(y, m, d), y, None)
    except ValueError:
        return _DateResult(None, y, f"date {raw!r} is not a valid date; left empty")


def _exact_date(m: re.Match[str], raw: str) -> _DateResult | None:
    month_word = m.group("m")
    month = int(month_word) if month_word.isdigit() else _MONTHS.get(month_word.casefold())
    if month is None:
        return None
    return _make_date(int(m.group("y")), month, int(m.group("d")), raw)


def parse_date(raw: str, *, strict: bool) -> _DateResult | None:
    """``strict``: the whole value must be a date (unlabelled header lines).
    Otherwise a date is looked for inside a labelled value.  Returns None when
    nothing date-like is there at all."""
    value = raw.strip().rstrip(".").strip()
    for pattern in (_ISO, _NUMERIC, _DMY, _MDY):
        m = pattern.fullmatch(value)
        if m and (found := _exact_date(m, raw)) is not None:
            return found
    m = _RANGE.fullmatch(value) if strict else _RANGE.search(value)
    if m and m.group("m").casefold() in _MONTHS:
        year = int(m.group("y"))
        return _DateResult(
            None,
            year if _year_ok(year) else None,
            f"date {raw!r} is a range, not one day; left empty",
        )
    if not strict:
        found_dates: list[_DateResult] = []
        for pattern in (_ISO, _NUMERIC, _DMY, _MDY):
            for m in pattern.finditer(value):
                result = _exact_date(m, raw)
                if result is not None and result.value is not None:
                    found_dates.append(result)
        distinct = {r.value for r in found_dates}
        if len(distinct) == 1:
            return found_dates[0]
        if len(distinct) > 1:
            return _DateResult(None, None, f"date {raw!r} holds several dates; left empty")
    m = _MONTH_YEAR.fullmatch(value) if strict else _MONTH_YEAR.search(value)
    if m and m.group("m").casefold() in _MONTHS:
        year = int(m.group("y"))
        if _year_ok(year):
            return _DateResult(None, year, f"date {raw!r} has no day; left empty (year {year})")
    if not strict:
        y = YEAR.search(value)
        if y:
            year = int(y.group("y"))
            return _DateResult(None, year, f"date {raw!r} has no day; left empty (year {year})")
        return _DateResult(None, None, f"date {raw!r} not recognised; left empty")
    return None


CONFERENCE_LINE = re.compile(
    r"""^(?:unison\s+)?(?:(?P<y1>(?:19|20)[0-9]{2})(?:/[0-9]{2,4})?\s+)?
    (?:[\w’'&.\-]+\s+){0,10}?(?:conference|congress)
    (?:\s+(?P<y2>(?:19|20)[0-9]{2}))?
    (?:\s*[,–—\-]\s*[\w’'&.\- ]{1,60})?$""",
    re.I | re.X,
)
