"""List markers: "1.", "1)", "(1)", "1 -", "a)", "A.", "i)", bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# --------------------------------------------------------------------------
# List markers

ROMAN: Final = {
    numeral: value
    for value, numeral in enumerate(
        [
            "i",
            "ii",
            "iii",
            "iv",
            "v",
            "vi",
            "vii",
            "viii",
            "ix",
            "x",
            "xi",
            "xii",
            "xiii",
            "xiv",
            "xv",
            "xvi",
            "xvii",
            "xviii",
            "xix",
            "xx",
        ],
        start=1,
    )
}
# Arrows and diamonds are how several unions' agendas (Wales TUC's "➔") bullet a list.
_BULLETS = "·•\\-*–—▪◦●‣∙■□➢►✓✔➔➜➝→⇒➤➣❖◆◇♦⁃○"
# Bullets that never stand for a dash in running text, so that "• a; • b" run onto one
# line (as a PDF's list often is) can be split where the bullet recurs.
INLINE_BULLETS = "·•▪◦●‣∙■□➢►✓✔➔➜➝→⇒➤➣❖◆◇♦○"
_MARKER = re.compile(
    rf"""^(?:
      (?P<sub>[0-9]{{1,2}}\.[0-9]{{1,2}})\.?\s+        # 2.1 sub-point
    | \((?P<pn>[0-9]{{1,2}})\)\s*                      # (1)
    | (?P<n>[0-9]{{1,2}})(?:\.\)|[.)])(?![0-9])\s*     # 1.  1)  1.Build
    | (?P<nd>[0-9]{{1,2}})\s+[-–—]\s+                  # 1 - text
    | \((?P<pa>[a-zA-Z]{{1,5}})\)\s*                   # (a) (iv)
    | (?P<a>[a-z]{{1,5}})(?:\.\s+|\)\s*)                # a) a. iv) a)text
    | (?P<ua>[A-Z]{{1,5}})\)\s*                        # A) IV) A)Campaign
    | (?P<ud>[A-Z]|[IVX]{{2,5}})\.\s+(?=[a-z])           # A. text  IV. text
    | (?P<rb>[ivx]{{1,5}})\s+(?=[a-z])                  # "i<tab>text" pasted from a document
    | (?P<b>[{_BULLETS}])\s*                           # bullets
    | (?P<ob>[o§])\s+(?=\S)                           # Word's "o" and "§" bullets
    )(?P<text>.*)$""",
    re.X,
)


@dataclass(frozen=True)
class ListMarker:
    kind: str  # "num", "sub", "alpha", "roman", "alpha_or_roman", "bullet"
    token: str
    text: str
    shape: str = ""
    """How the marker is written, whatever its value: "1.", "1)", "(1)", "a)", "a.",
    "(a)", "A)", or the bullet's glyph. A list keeps one shape; "i." under "a)" does not."""

    def value_as(self, style: str) -> int | None:
        if self.kind in ("num", "sub"):
            return int(self.token.split(".")[0])
        if style == "roman":
            return ROMAN.get(self.token)
        if style == "alpha":
            return ord(self.token) - ord("a") + 1
        return None


def parse_marker(line: str) -> ListMarker | None:
    m = _MARKER.match(line)
    if m is None:
        return None
    text = m.group("text").strip()
    group = next(name for name in _SHAPES if m.group(name))
    after = line[m.end(group) : m.end(group) + 1]
    shape = _SHAPES[group].replace("?", after if after in ".)" else "")
    if m.group("sub"):
        return ListMarker("sub", m.group("sub"), text, shape)
    number = m.group("n") or m.group("pn") or m.group("nd")
    if number:
        return ListMarker("num", number, text, shape)
    if m.group("b") or m.group("ob"):
        glyph = m.group("b") or m.group("ob")
        if text or glyph in INLINE_BULLETS:
            # A round bullet alone on its line, its item on the next (a council's
            # agenda page: "·" then "commission home care by the hour;").
            return ListMarker("bullet", glyph, text, glyph)
        return None
    token = (
        m.group("a") or m.group("pa") or m.group("ua") or m.group("ud") or m.group("rb") or ""
    ).casefold()
    if len(token) == 1:
        kind = "alpha_or_roman" if token in "ivx" else "alpha"
        return ListMarker(kind, token, text, shape)
    if token in ROMAN:
        return ListMarker("roman", token, text, shape)
    return None  # "Mr.", "etc." and the like


# Inside a list already introduced, "A. Seek paid leave" is an item, though outside one a
# capital after "A. " is more often an initial ("A. Khan").
_CAPITAL_ITEM = re.compile(r"^(?P<ua>[A-Z])\.\s+(?P<text>[A-Z].*)$")


def parse_list_marker(line: str) -> ListMarker | None:
    """``parse_marker`` for a line inside an introduced list."""
    marker = parse_marker(line)
    if marker is None and (m := _CAPITAL_ITEM.match(line)) is not None:
        token = m.group("ua").casefold()
        kind = "alpha_or_roman" if token in "ivx" else "alpha"
        return ListMarker(kind, token, m.group("text").strip(), "A.")
    return marker


# Each alternative of ``_MARKER`` and how it is written ("?" stands for the "." or ")"
# after the token).
_SHAPES: Final = {
    "sub": "1.1",
    "pn": "(1)",
    "n": "1?",
    "nd": "1 -",
    "pa": "(a)",
    "a": "a?",
    "ua": "A)",
    "ud": "A.",
    "rb": "i",
    "b": "•",
    "ob": "o",
}
