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


# A bullet from a Symbol or Wingdings font comes out of a PDF or Word file as a
# private-use character ("\uf0b7", "\uf0a7", "\uf0d8"): at the start of a line it is
# a bullet, anywhere else it goes with the other unprintable characters.
_PRIVATE_BULLET = re.compile(r"^(\s*)[\ue000-\uf8ff]+")


# Text pasted from an e-mail ("> " before each quoted line) or from Markdown ("# Title",
# "*Carried*"): the marks go, the words stay.
_EMAIL_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_EMPHASIS = re.compile(r"^([*_])(?=\S)(.*\S)\1$")


def clean_line(raw: str) -> str:
    if raw.lstrip()[:1] in (">", "#"):
        raw = _HEADING_MARK.sub("", _EMAIL_QUOTE.sub("", raw))
    if "~~" in raw or "<" in raw or "*" in raw or "+" in raw or not raw.isascii():
        raw = _INSERT_MARKS.sub("", _STRUCK.sub("", raw))
        raw = _PRIVATE_BULLET.sub(r"\1•", raw)
    kept = "".join(
        ch for ch in raw if ch == "\t" or unicodedata.category(ch) not in _DROP_CATEGORIES
    )
    line = " ".join(kept.split())
    emphasis = _EMPHASIS.match(line)
    return emphasis.group(2) if emphasis else line


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
    # A council's agenda: the section's heading above the motion's own.
    "agenda item|notice of motion|notices of motion|motions on notice",
)
_COOKIE_WORDS: Final = phrases(
    "we use|accept|consent|preferences|settings|browsing|this site|our site|website|essential"
)
_BREADCRUMB = re.compile(r"^(?:you are here:?\s*)?home\s*(?:[>/»›|]|\s-\s)", re.I)
_PAGE_OF = re.compile(r"^page [0-9]+ of [0-9]+$", re.I)
# A table's rule or empty row ("|---|---|", "| | |", "+----+"), or a horizontal rule.
_TABLE_RULE = re.compile(r"^[|+:=\-\s]*[|+=\-][|+:=\-\s]*$")
# A forwarded e-mail's own lines: "From: ...", "Sent: ...", "-----Original Message-----".
EMAIL_HEADER = re.compile(r"^(?:from|sent|to|cc|bcc|subject|date)\s*:", re.I)
_EMAIL_RULE = re.compile(r"^-{3,}\s*(?:original message|forwarded message)\s*-{3,}$", re.I)
# A page number on its own line, from a PDF: "12", "Page 12", "Page 14 of 60", "- 12 -".
PAGE_NUMBER = re.compile(
    r"^(?:page\s+[0-9]{1,3}(?:\s+of\s+[0-9]{1,3})?|[-–—]\s*[0-9]{1,3}\s*[-–—]|[0-9]{1,3})$", re.I
)
# "Print | Email | Share", "Facebook · X · Email": a strip of links.
_LINK_SEPARATORS = re.compile(r"\s*\|\s*|\s+[·•/]\s+")


def is_noise(line: str) -> bool:
    if parse_marker(line) is not None:
        return False  # "· x" is a call, not the X share link
    if line_key(line) in _NOISE:
        return True
    parts = [part for part in _LINK_SEPARATORS.split(line) if part]
    if len(parts) > 1 and all(line_key(part) in _NOISE for part in parts):
        return True
    low = line.casefold()
    if "cookie" in low and len(line) < 600 and any(w in low for w in _COOKIE_WORDS):
        return True
    return bool(
        _BREADCRUMB.match(line)
        or _PAGE_OF.match(line)
        or _EMAIL_RULE.match(line)
        or _TABLE_RULE.match(line)
    )
