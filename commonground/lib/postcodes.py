"""UK postcodes: normalise, validate and cut into outcode and sector.

Pure Python, no Django: the register readers and the importers both use it.

A postcode is an outward code (the district, e.g. ``M41``) and an inward code (a digit
and two letters, e.g. ``5BU``). The pattern follows the published format rules:

- the outward code is ``A9``, ``A99``, ``AA9``, ``AA99``, ``A9A`` or ``AA9A``;
- the first letter is never Q, V or X; the second letter is never I, J or Z;
- the letter in ``A9A`` is one of ABCDEFGHJKPSTUW, in ``AA9A`` one of ABEHMNPRVWXY;
- the inward letters never use C, I, K, M, O or V;
- ``GIR 0AA`` (the old Girobank code) is valid although it breaks all of the above.

It checks the format only, not that the postcode exists: terminated and future
postcodes pass.

:func:`normalise_postcode` validates (forms, importers, search). :func:`parse_postcode`
is for matching what members typed against known postcodes (the linkage engine): it
keeps what can be trusted of a partial or slightly wrong postcode (a sector, a district)
instead of refusing it, so it follows the shape only, not the letter rules above.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "POSTCODE_IN_TEXT",
    "Postcode",
    "area",
    "is_outcode",
    "is_valid_postcode",
    "normalise_postcode",
    "outcode",
    "parse_postcode",
    "sector",
]

_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"  # AA9A
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
# Matched against the compact form (no space), so "M415BU" and "M41 5BU" are one case.
_COMPACT_RE = re.compile(rf"^(?:GIR0AA|{_OUTWARD}{_INWARD})$")


def normalise_postcode(s: str | None) -> str | None:
    """The postcode in its standard form ("M41 5BU"), or None if it is not one.

    Case and whitespace are forgiven (CQC and council files contain "m41  5bu" and
    non-breaking spaces); anything else, including a letter O typed for a zero, is
    not guessed at.
    """
    if not s:
        return None
    compact = "".join(s.split()).upper()
    if not _COMPACT_RE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(s: str | None) -> bool:
    """Whether ``s`` is a UK postcode in any spacing or case."""
    return normalise_postcode(s) is not None


# An outward code as a list of districts writes it ("M41", "EC1A", "BF1"): the shape only,
# and the non-geographic GIR and NPT included.
_OUTCODE_RE = re.compile(r"^(?:[A-Z]{1,2}[0-9][0-9A-Z]?|GIR|NPT)$")


def is_outcode(code: str) -> bool:
    """Whether ``code`` (uppercase, no spaces) is a postcode district ("M41", "EC1A")."""
    return _OUTCODE_RE.match(code) is not None


def outcode(pc: str | None) -> str | None:
    """The outward code (postcode district), e.g. "M41"; None if not a postcode."""
    normal = normalise_postcode(pc)
    return normal.split(" ")[0] if normal else None


def sector(pc: str | None) -> str | None:
    """The postcode sector, e.g. "M41 5"; None if not a postcode."""
    normal = normalise_postcode(pc)
    return normal[:-2] if normal else None


# -- Lenient reading, for matching -----------------------------------------------------

# A whole postcode written inside a text ("Hollins Park, OL8 2BY"); group 1 is the postcode.
POSTCODE_IN_TEXT = re.compile(r"\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2})\b")
_FULL_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_DISTRICT_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_SECTOR_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])$")
_NOT_POSTCODE_RE = re.compile(r"[^A-Z0-9 ]")
_AREA_RE = re.compile(r"[A-Z]+")
_AREAS: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Postcode:
    """A postcode as far as it was given: full ("OL8 2BY"), sector ("OL8 2") or district."""

    full: str | None
    sector: str | None
    district: str


def parse_postcode(text: str | None) -> Postcode | None:
    """Parse a full or partial postcode leniently; None when it is not one.

    Members type "ol82by", "OL8 2", "OL8" or a letter O for a zero in the inward code;
    all of these keep what can be trusted.
    """
    if not text:
        return None
    if not text.isascii():
        # NFKD splits accented letters, and the marks are dropped.
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    s = text.upper().strip()
    spaced = " ".join(_NOT_POSTCODE_RE.sub(" ", s).split())
    compact = spaced.replace(" ", "")
    if not compact or len(compact) > 8:
        return None
    # A zero typed as the letter O in the inward digit ("OL8 OBY").
    if len(compact) >= 5 and compact[-3] == "O":
        compact = compact[:-3] + "0" + compact[-2:]
    m = _FULL_RE.match(compact)
    if m:
        district, inward = m.group(1), m.group(2)
        return Postcode(f"{district} {inward}", f"{district} {inward[0]}", district)
    m = _SECTOR_RE.match(spaced)
    if m and " " in spaced:
        return Postcode(None, f"{m.group(1)} {m.group(2)}", m.group(1))
    if _DISTRICT_RE.match(compact):
        return Postcode(None, None, compact)
    return None


def area(district: str) -> str:
    """The postcode area of a district: its leading letters ("OL" of "OL8")."""
    found = _AREAS.get(district)
    if found is None:
        m = _AREA_RE.match(district)
        found = m.group(0) if m else ""
        if len(_AREAS) < 10_000:
            _AREAS[district] = found
    return found
