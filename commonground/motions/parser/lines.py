"""Line clean-up and page furniture."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .markers import parse_marker

# --------------------------------------------------------------------------
# Line clean-up and page furniture

_DROP_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})


# Amended text pasted with its marks: struck words go, inserted words stay. A letter
# struck through with a combining stroke ("f̶u̶l̶l̶"), ~~markdown~~, or HTML <del>, <s>,
# <strike>; inserted as **markdown**, ++markdown++, or <ins>, <u>.
_STRUCK = re.compile(
    r".[\u0335\u0336\u0337\u0338]+|~~.*?~~|<(del|s|strike)\b[^>]*>.*?</\1\s*>", re.I | re.S
)
_INSERT_MARKS = re.compile(r"\*\*|\+\+|</?(?:ins|u)\b[^>]*>", re.I)


def clean_line(raw: str) -> str:
    if "~~" in raw or "<" in raw or "*" in raw or "+" in raw or not raw.isascii():
        raw = _INSERT_MARKS.sub("", _STRUCK.sub("", raw))
    kept = "".join(
        ch for ch in raw if ch == "\t" or unicodedata.category(ch) not in _DROP_CATEGORIES
    )
    return " ".join(kept.split())


def line_key(line: str) -> str:
    """Lower-case words only: "« Back to all Motions" -> "back to all motions"."""
    return " ".join(re.sub(r"[\W_]+", " ", line.casefold()).split())


def phrases(*groups: str) -> frozenset[str]:
    return frozenset(phrase for group in groups for phrase in group.split("|"))


BACK_LINKS: Final = phrases(
    "back to all motions|back to motions|back to all policy motions|back to policy motions",
    "back to conference motions",
)
_NOISE: Final = BACK_LINKS | phrases(
    "back|back to top|top|next|previous|related|related motions|close|ok|got it",
    "share|share this|share this page|share this motion|share by email|share via email",
    "share on facebook|share on twitter|share on x|share on linkedin|share on whatsapp",
    "facebook|twitter|x|linkedin|whatsapp|email|tweet|copy link",
    "print|print this page|print page|print this motion",
    "skip to main content|skip to content|menu|search|home|log in|login|my unison",
    "join|join unison|join us|unison|unison national|unison the public service union",
    "conference motions|policy motions|motions",
    "accept|reject|accept all|reject all|accept all cookies|reject all cookies",
    "manage cookies|cookie settings|cookie preferences|use essential cookies only",
    "set cookie preferences",
)
_COOKIE_WORDS: Final = phrases(
    "we use|accept|consent|preferences|settings|browsing|this site|our site|website|essential"
)
_BREADCRUMB = re.compile(r"^(?:you are here:?\s*)?home\s*(?:[>/»›|]|\s-\s)", re.I)
_PAGE_OF = re.compile(r"^page [0-9]+ of [0-9]+$", re.I)


def is_noise(line: str) -> bool:
    if parse_marker(line) is not None:
        return False  # "· x" is a call, not the X share link
    if line_key(line) in _NOISE:
        return True
    low = line.casefold()
    if "cookie" in low and len(line) < 600 and any(w in low for w in _COOKIE_WORDS):
        return True
    return bool(_BREADCRUMB.match(line) or _PAGE_OF.match(line))
