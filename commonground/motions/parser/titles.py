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
_TITLE_PREFIX = re.compile(
    r"^(?:emergency\s+)?(?:motion|composite)\s*(?:no\.?\s*)?"
    r"(?:[0-9A-Z]{1,3}\s*[:.\-–—]|[0-9]{1,3}[A-Z]?)\s+(?=\S)",
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
