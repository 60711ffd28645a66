"""Titles and paragraph openers."""

from __future__ import annotations

import re

from .calls import find_intros
from .markers import parse_marker

# --------------------------------------------------------------------------
# Titles and paragraph openers

AMENDMENT_HEADING = re.compile(
    r"^(?:proposed\s+)?amendments?(?:\s*(?:\([0-9]+\)|[:.\-–—].*)?|\s+(?:no\.?\s*)?[0-9]{1,3}(?:\.[0-9]{1,2})*\b.*)$",
    re.I,
)
# "Motion 7: Title", "Composite 07 Title", "Resolution no. 13 – Title"; the TUC's codes
# ("C07 Title", "EM1 Title"); a council's "Notice of Motion – Title", "Motion – Title"; and an agenda's
# number ("41. Title", "212.<tab>TITLE").
_TITLE_PREFIX = re.compile(
    r"^(?:(?:emergency\s+)?(?:motion|composite|resolution)\s*(?:no\.?\s*)?"
    r"(?:[0-9A-Z]{1,3}\s*[:.\-–—]|[0-9]{1,3}[A-Z]?)"
    r"|(?-i:(?:C|EM|CM)[0-9]{1,3})(?=\s+[A-Z])"
    r"|(?:notice\s+of\s+)?motion\s*[:\-–—]"
    r"|[0-9]{1,3}[.:)])\s+(?=\S)",
    re.I,
)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+UNISON\b.*$", re.I)
# "Conference notes ...", "Health Conference therefore calls ...", "CONFERENCE BELIEVES",
# "This Congress notes": capitalised words, then "conference" (or the TUC's and GMB's
# "congress"), then a lower-case or shouted word.
_OPENER = re.compile(
    r"^(?:(?:[A-Z][\w’'&-]*|the|of|and)\s+){0,5}?(?:Conference|CONFERENCE|conference|Congress|CONGRESS|congress)\b,?\s*(?P<next>\S+)?"
)
_WE_OPENER = re.compile(r"^(?:We\s+[a-z]|WE\s+[A-Z])")


def is_opener(line: str) -> bool:
    m = _OPENER.match(line)
    if m and m.group("next"):
        nxt = m.group("next")
        return nxt[0].islower() or (nxt.isupper() and len(nxt) > 1) or nxt[0] in "(,"
    return bool(_WE_OPENER.match(line))


def clean_title(line: str) -> str:
    title = _TITLE_SUFFIX.sub("", _TITLE_PREFIX.sub("", line)).strip()
    return title.strip("\"“”'‘’ ") or title


# The last word of a body that moves motions: "North West Region", "Kirkby Care Branch",
# "UNISON Cymru Wales", "National Women's Committee", "Oldham West CLP".
_ORGANISATION_END = re.compile(
    r"\b(?:region|branch|committee|union|forum|network|clp|cymru|wales|scotland|ireland"
    r"|trades\s+council|service\s+group|sector)$",
    re.I,
)
_LINKING_WORDS = frozenset({"and", "&"})


def is_organisation(line: str) -> bool:
    """A proper name ending in a word such as "Region" or "Branch", every word
    capitalised ("and", "&" aside): who moved a motion. Only asked of a header line
    that a second title-like line follows; "Support for the Black Members' Committee"
    (with a lower-case "for") stays a title."""
    words = line.split()
    return (
        len(words) <= 8
        and _ORGANISATION_END.search(line) is not None
        and all(w[0].isupper() or w[0].isdigit() or w in _LINKING_WORDS for w in words)
    )


def is_title_like(line: str) -> bool:
    return (
        len(line) <= 160
        and len(line.split()) <= 22
        and line[-1] not in ".:;,"
        and any(ch.isalpha() for ch in line)
        and parse_marker(line) is None
        and not is_opener(line)
        and not AMENDMENT_HEADING.match(line)
        and not find_intros(line)
    )
