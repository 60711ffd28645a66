"""Metadata: labels, decisions, dates, conference lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from commonground.lib.dates import EARLIEST, MONTHS, DateError, find_dates, parse_date

from .lines import line_key, phrases

# --------------------------------------------------------------------------
# Metadata: labels, decisions, dates, conference lines

LABELS: Final = {
    label: kind
    for kind, labels in (
        ("conference", "conference|conference name|event"),
        ("date", "date|conference date|motion date|date of conference|date debated|debated"),
        ("date", "debated on|published|published on|date published|posted|posted on"),
        ("decision", "decision|status|outcome|result|conference decision|motion status"),
        ("decision", "vote|voting|vote result|result of vote"),
        ("submitted_by", "submitted by|submitted|moved by|proposed by|from"),
        ("submitted_by", "mover|proposer|submitting body|moved|proposed|received from"),
        ("title", "title|motion title|motion|subject"),
        ("year", "year|conference year"),
        # Recognised so they stay out of the body, but not kept.
        ("ignore", "seconded by|category|categories|tags|type|motion type|motion number"),
        ("ignore", "motion no|motion ref|agenda number|agenda item"),
        ("ignore", "last updated|updated|last modified|modified|seconder|seconded"),
        ("ignore", "number|service group|sector|topic|topics|region|reference|ref|policy area"),
    )
    for label in labels.split("|")
}
# Once the motion text has started, only these labels are read as metadata:
# "Result: members won back pay" in a preamble is prose.
BODY_LABELS: Final = phrases(
    "conference|date|decision|status|submitted by|moved by|proposed by|seconded by",
    "mover|proposer|seconder",
)
# Labels that may sit alone on a line with the value on the next line.
LABELS_ALONE: Final = phrases(
    "conference|date|decision|status|outcome|result|submitted by|moved by|title|motion title",
    "year|seconded by|motion no|motion number",
)


def label_key(raw: str) -> str:
    """A label as ``label_kind`` takes it. A label in two languages ("Dyddiad / Date",
    "Penderfyniad / Decision", as Welsh bodies print them) is read by the side we know."""
    if "/" in raw:
        for side in raw.split("/"):
            key = line_key(side)
            if key in LABELS:
                return key
    return line_key(raw)


def label_kind(label: str) -> str | None:
    """What a label (as ``line_key`` gives it) names. Besides the known ones, any label
    that begins with "date" ("Date of vote", "Date submitted", "Date agreed") is a date."""
    kind = LABELS.get(label)
    if kind is None and label.split(" ", 1)[0] == "date" and len(label.split()) <= 3:
        return "date"
    return kind


def body_label(label: str) -> bool:
    """Whether a label is read as metadata once the motion's text has started."""
    return label in BODY_LABELS or (label_kind(label) == "date" and label.startswith("date"))


_LABEL = r"[A-Za-z][A-Za-z ]{0,24}?(?:\s*/\s*[A-Za-z][A-Za-z ]{0,24}?)?"
LABEL_LINE = re.compile(rf"^(?P<label>{_LABEL})\s*:\s*(?P<value>.*)$")
# "Outcome – CARRIED AS AMENDED": a decision's label set off by a spaced dash.
DASH_LABEL_LINE = re.compile(rf"^(?P<label>{_LABEL})\s+[-–—]\s+(?P<value>\S.*)$")
# A table copied from a page: label and value in two cells, a tab between them.
TAB_LABEL_LINE = re.compile(rf"^\s*(?P<label>{_LABEL})[ ]*\t+\s*(?P<value>\S.*)$")
# The same row in a Markdown table: "| Date | 14 April 2026 |".
PIPE_LABEL_LINE = re.compile(rf"^\s*\|\s*(?P<label>{_LABEL})\s*\|\s*(?P<value>[^|]*?)\s*\|?\s*$")
SUBMITTED = re.compile(r"^(?:submitted|moved|proposed)\s+by\b\s*:?\s*(?P<value>.+)$", re.I)
SECONDED = re.compile(r"^seconded\s+by\b", re.I)
# A council's notice of motion: "Cllr Ruth Ashworth to move (Cllr Imran Sadiq to second)".
TO_MOVE = re.compile(r"^(?P<value>[A-Z][^()]{1,80}?)\s+to\s+move\b(?:\s*\([^)]*\))?[^.]*:?$")
# "Motion 7", "Emergency Motion 2:", "Agenda item 8", and a number with its amendments
# or the motions it composites: "Motion 23 + A1", "Composite 5 (motions 39, 40, 41)".
_MOTION_NUMBER = (
    r"(?:(?:emergency\s+)?(?:motion|composite|resolution)|agenda\s+item|item)"
    r"\s*(?:no\.?\s*)?[0-9A-Z]{1,4}"
    r"(?:\s*\+\s*(?:A[0-9]{0,2}|As|amendments?)(?:\s*\+\s*A[0-9]{1,2})*|\s*\([^)]{0,80}\))?"
)
MOTION_LABEL = re.compile(rf"^{_MOTION_NUMBER}\s*[:.]?\s*$", re.I)
# "Motion 4 — Carried": the number and the decision on one line.
MOTION_NUMBER_THEN = re.compile(rf"^{_MOTION_NUMBER}\s*[:\-–—]\s*(?P<rest>\S.*)$", re.I)
# A decisions list: "Resolution no. 14 – Social care workforce Carried", "Motion 161 Care in
# the Community – agreed". Read only after a motion's number, where a title is expected.
NUMBERED_TITLE_DECISION = re.compile(
    rf"^(?P<head>{_MOTION_NUMBER}\b.*?\S)(?:\s*[:\-–—|]\s*|\s+)"
    r"(?P<d>(?:carried|agreed|adopted|passed|lost|defeated|remitted|withdrawn)"
    r"(?:\s*\(?as\s+amended\)?)?)\s*[.!]?$",
    re.I,
)
# Below the amendments: "Motion as amended: Carried", "Substantive motion as amended - carried",
# "Motion 4 as amended CARRIED".
MOTION_AS_AMENDED = re.compile(
    r"^(?:the\s+)?(?:substantive\s+)?motion(?:\s+(?:no\.?\s*)?[0-9]{1,3}[A-Z]?)?\s+as\s+amended"
    r"\s*(?:was\s+)?[:\-–—]?\s*(?P<value>.+)$",
    re.I,
)
NUMBER_ONLY = re.compile(r"^(?:no\.?\s*)?[0-9]{1,4}[A-Za-z]?$", re.I)

DECISION = re.compile(
    r"""^(?:decision\s*[:\-–]?\s*)?
    (?:(?:this\s+|the\s+)?(?:substantive\s+)?(?:motion|resolution|composite)s?\s+(?:was\s+|were\s+)?)?
    (?:was\s+)?
    (?P<d>carried\s*\(?\s*as\s+amended\s*\)?|carried\s+with\s+amendments?|amended\s+and\s+carried
    |carried|agreed|passed|adopted|accepted|lost|defeated|not\s+carried|rejected|remitted
    |withdrawn|fell|falls|not\s+reached|not\s+debated|not\s+moved|referred(?:\s+back)?
    |ruled\s+out\s+of\s+order)\b""",
    re.I | re.X,
)
# What may follow the decision on its line: "(as amended)", "unanimously", "nem con",
# and the TUC site's tag "Carried motion".
DECISION_TAIL = re.compile(
    r"""\s*(?:\([^)]*\))?\s*(?:(?:motion|resolution|composite)\b\s*)?
    (?:(?:unanimously|overwhelmingly|nem\.?\s*con\.?|without\s+(?:opposition|dissent)
    |by\s+(?:a\s+)?(?:large\s+|clear\s+|narrow\s+|big\s+)?majority)\s*)?
    (?:to\s+(?:the\s+)?(?-i:[A-Z])[\w’'&\- ]{0,80})?   # "Remitted to the Service Group Executive"
    (?:in\s+favour\s+of\s+(?-i:[A-Z])[\w’'&\- ]{0,40})?  # "Withdrawn in favour of Composite 3"
    [.!]?\s*""",
    re.I | re.X,
)


# Council minutes: "RESOLVED – That this Council: ..." records that the motion was
# carried, the resolution following ("BE IT RESOLVED that" is the motion's own text).
RESOLVED = re.compile(r"^(?-i:RESOLVED|Resolved)\s*[:\-–—]\s*(?P<rest>.*)$")
# "The motion was put to the vote and declared CARRIED.": the motion's, not an amendment's.
# "On being put to the vote the motion was declared lost." too.
DECLARED = re.compile(
    r"^(?:(?:on|upon)\s+(?:being\s+)?put\s+to\s+the\s+vote,?\s+)?"
    r"(?:the\s+)?(?:substantive\s+)?motion\b[^.]{0,80}?\b(?:was\s+declared|declared|was)\s+"
    r"(?P<value>\S+(?:\s+\S+){0,3}?)\.?$",
    re.I,
)


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


# Dates are read by commonground.lib.dates; what a motion page adds is what to say about
# a value that is not one day: a range, a month without a day, several dates, a year.
_LATEST = dt.date(2100, 12, 31)
_ORD = r"(?:st|nd|rd|th)?"
_DAY_NAME = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
# "Monday", "MONDAY/WEDNESDAY" (the STUC's header for a three-day Congress).
_WEEKDAY = rf"(?:{_DAY_NAME}(?:\s*[/&–—-]\s*{_DAY_NAME})?,?\s+)?"
_RANGE = re.compile(
    rf"{_WEEKDAY}[0-9]{{1,2}}{_ORD}(?:\s+[a-z]{{3,9}})?\s*(?:-|–|—|/|to|and|&)\s*"
    rf"{_WEEKDAY}[0-9]{{1,2}}{_ORD}\s+(?:of\s+)?(?P<m>[a-z]{{3,9}})\.?,?\s+(?P<y>[0-9]{{4}})",
    re.I,
)
_MONTH_YEAR = re.compile(r"(?P<m>[a-z]{3,9})\.?,?\s+(?P<y>[0-9]{4})", re.I)
YEAR = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?![0-9])")


@dataclass(frozen=True)
class DateResult:
    """What a date line or label said: the day, the year alone, and any problem."""

    value: dt.date | None
    year: int | None
    problem: str | None
    is_range: bool = False


def _year_ok(y: int) -> bool:
    return EARLIEST.year <= y <= _LATEST.year


def _month_year(m: re.Match[str] | None) -> int | None:
    if m is None or m.group("m").casefold() not in MONTHS:
        return None
    return int(m.group("y"))


def read_date(raw: str, *, strict: bool) -> DateResult | None:
    """``strict``: the whole value must be a date (unlabelled header lines).
    Otherwise a date is looked for inside a labelled value.  Returns None when
    nothing date-like is there at all."""
    value = raw.strip().rstrip(".").strip()
    try:
        found = parse_date(value, serials=False, latest=_LATEST) if value else None
    except DateError as exc:
        if exc.year is not None:
            if not _year_ok(exc.year):
                return DateResult(None, None, f"date {raw!r} is not a plausible date; left empty")
            return DateResult(None, exc.year, f"date {raw!r} is not a valid date; left empty")
    else:
        if found is not None:
            return DateResult(found, found.year, None)
    year = _month_year(_RANGE.fullmatch(value) if strict else _RANGE.search(value))
    if year is not None:
        return DateResult(
            None,
            year if _year_ok(year) else None,
            f"date {raw!r} is a range, not one day; left empty",
            is_range=True,
        )
    if not strict:
        distinct = list(dict.fromkeys(find_dates(value, latest=_LATEST)))
        if len(distinct) == 1:
            return DateResult(distinct[0], distinct[0].year, None)
        if len(distinct) > 1:
            return DateResult(None, None, f"date {raw!r} holds several dates; left empty")
    year = _month_year(_MONTH_YEAR.fullmatch(value) if strict else _MONTH_YEAR.search(value))
    if year is not None and _year_ok(year):
        return DateResult(None, year, f"date {raw!r} has no day; left empty (year {year})")
    if not strict:
        y = YEAR.search(value)
        if y:
            year = int(y.group("y"))
            return DateResult(None, year, f"date {raw!r} has no day; left empty (year {year})")
        return DateResult(None, None, f"date {raw!r} not recognised; left empty")
    return None


CONFERENCE_LINE = re.compile(
    r"""^(?:unison\s+)?(?:(?P<y1>(?:19|20)[0-9]{2})(?:/[0-9]{2,4})?\s+)?
    (?:[\w’'&.\-]+\s+){0,10}?(?:conference|congress)
    (?:\s+(?P<y2>(?:19|20)[0-9]{2}))?
    (?:\s*[,–—\-·•]\s*(?P<tail>[\w’'&.\- ]{1,60}))?$""",
    re.I | re.X,
)
# "Local Government Conference 2023 - Motion 7": the motion's number, not the conference's.
MOTION_TAIL = re.compile(r"^(?:emergency\s+)?(?:motion|composite)\b.*$", re.I)


@dataclass(frozen=True)
class ConferenceLine:
    """A line naming a conference: the name, whether it carries a year, and a date
    written after it on the same line."""

    name: str
    has_year: bool
    date_text: str | None


def read_conference(line: str) -> ConferenceLine | None:
    """ "2024 Health Conference"; "Health Service Group Conference, 22 April 2024" (a
    date after it); "Local Government Conference 2023 - Motion 7" (the motion's number);
    "Unite Policy Conference 2021 – day three", "2026 National Delegate Conference –
    Brighton" (the name ends at "Conference" and its year)."""
    conference = CONFERENCE_LINE.match(line)
    if conference is None:
        return None
    name, date_text = line, None
    tail = conference.group("tail")
    if tail:
        head = line[: conference.start("tail")].rstrip(" ,–—-·•")
        found = None if MOTION_TAIL.match(tail) else read_date(tail, strict=True)
        if MOTION_TAIL.match(tail):
            name = head
        elif found is not None and found.value is not None:
            name, date_text = head, tail
        elif conference.group("y1") or conference.group("y2"):
            name = head  # the name ends at its year: what follows is a day, a venue
    has_year = bool(conference.group("y1") or conference.group("y2"))
    return ConferenceLine(name, has_year, date_text)
