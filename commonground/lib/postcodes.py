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
"""

from __future__ import annotations

import re

__all__ = ["is_valid_postcode", "normalise_postcode", "outcode", "sector"]

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


def outcode(pc: str | None) -> str | None:
    """The outward code (postcode district), e.g. "M41"; None if not a postcode."""
    normal = normalise_postcode(pc)
    return normal.split(" ")[0] if normal else None


def sector(pc: str | None) -> str | None:
    """The postcode sector, e.g. "M41 5"; None if not a postcode."""
    normal = normalise_postcode(pc)
    return normal[:-2] if normal else None
