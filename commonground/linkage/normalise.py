"""Normalise the free text people write for their workplace, and partial postcodes.

Pure Python, no Django: the matching engine and the bench both use it, and the register
side is normalised by the same functions so that the two always agree.

What people write is messy in ways typical of the care sector: "Hollins Pk",
"BUPA - Heathfield", "St Annes Nursing Home (Bolton)", "The Willows Care Home Ltd",
"Heathfield @ Bupa", "Cedars Res Home nr Rochdale". :func:`parse_name` turns such a text
into the distinctive tokens of a name ("hollins park", "saint annes"), the type of service
it mentions (kept apart because members swap "care home" for "nursing home" freely), a
town hint from brackets or "nr X", and the parts either side of brand separators.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Indel

__all__ = [
    "NameParts",
    "alias_key",
    "normalise_text",
    "parse_name",
    "town_tokens",
]

# Words a company adds to its name that never distinguish one workplace from another.
LEGAL_WORDS = frozenset(
    {"ltd", "limited", "plc", "llp", "cic", "group", "uk", "inc", "llc", "holdings", "lp"}
)
# Short words dropped from the distinctive part ("the" is also the "(The)" suffix).
STOP_WORDS = frozenset(
    {"the", "and", "of", "a", "an", "on", "upon", "in", "by", "at", "le", "la", "de", "du"}
)

# Abbreviations expanded token by token. "st" is handled apart (Saint or Street).
ABBREVIATIONS: dict[str, str] = {
    "pk": "park",
    "prk": "park",
    "rd": "road",
    "ho": "house",
    "hse": "house",
    "ct": "court",
    "crt": "court",
    "gdns": "gardens",
    "gdn": "garden",
    "gds": "gardens",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "dr": "drive",
    "sq": "square",
    "mt": "mount",
    "mnr": "manor",
    "lge": "lodge",
    "grn": "green",
    "terr": "terrace",
    "ter": "terrace",
    "cres": "crescent",
    "pl": "place",
    "ctr": "centre",
    "cntr": "centre",
    "center": "centre",
    "hosp": "hospital",
    "vw": "view",
    "cott": "cottage",
    "cotts": "cottages",
    "hts": "heights",
    "nth": "north",
    "sth": "south",
    "res": "residential",
    "resi": "residential",
    "nsg": "nursing",
    "nurs": "nursing",
    "dom": "domiciliary",
    "svcs": "services",
    "servs": "services",
    "assoc": "association",
    "mem": "memorial",
    "ret": "retirement",
    "hm": "home",
}

# Service-type phrases, longest first, each with the type token it reduces to. Members
# swap these freely ("Hollins Park Nursing Home" for "Hollins Park Care Home"), so they
# are taken out of the distinctive name and kept apart as weak evidence.
_KIND_PHRASES: tuple[tuple[str, str], ...] = (
    ("nursing and residential care home", "nursing"),
    ("residential and nursing care home", "nursing"),
    ("nursing and residential home", "nursing"),
    ("residential and nursing home", "nursing"),
    ("care home with nursing", "nursing"),
    ("care home without nursing", "residential"),
    ("residential care home", "residential"),
    ("nursing care home", "nursing"),
    ("home care services", "homecare"),
    ("homecare services", "homecare"),
    ("domiciliary care services", "homecare"),
    ("domiciliary care agency", "homecare"),
    ("domiciliary care", "homecare"),
    ("care at home", "homecare"),
    ("home care", "homecare"),
    ("homecare", "homecare"),
    ("care homes", "home"),
    ("care home", "home"),
    ("nursing homes", "nursing"),
    ("nursing home", "nursing"),
    ("residential home", "residential"),
    ("rest home", "residential"),
    ("retirement home", "residential"),
    ("care centre", "home"),
    ("nursing centre", "nursing"),
    ("residential care", "residential"),
    ("nursing care", "nursing"),
    ("nh", "nursing"),
    ("ch", "home"),
    ("rh", "residential"),
)
_KIND_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p, _ in _KIND_PHRASES) + r")\b")
_KIND_OF = dict(_KIND_PHRASES)
# A type word left dangling at the end ("Freehold Cottage Residential", "St Anne's Home").
_TRAILING_KIND = {"nursing": "nursing", "residential": "residential", "home": "home"}

# Separators between a brand or provider and the home: "BUPA - Heathfield",
# "Heathfield @ Bupa", "Hollins Park at Evergreen", "ABC Ltd t/a Hollins Park".
_SEPARATOR_RE = re.compile(
    r"\s+[-\u2013\u2014]+\s+|[\u2013\u2014]|\s*[:@|]\s*|\s+at\s+|\s+t/a\s+|\s+trading as\s+",
    re.IGNORECASE,
)
_BRACKET_RE = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_APOSTROPHE_RE = re.compile(r"['\u2019\u2018`\u00b4]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_NEAR_WORDS = frozenset({"nr", "near"})
_SEPARATOR_CHARS = frozenset("-\u2013\u2014:@|")
_SEPARATOR_WORDS = frozenset({"at", "t", "trading"})
# "N/H", "R/H", "C/H": nursing, rest or care home written short with a slash.
_SLASHED_KIND_RE = re.compile(r"(?i)\b([ncr])\s*/\s*h\b")
# The few distinct sets of service types, shared: millions of parsed names hold one.
_KINDS: dict[frozenset[str], frozenset[str]] = {}


def _ascii_lower(text: str) -> str:
    if text.isascii():
        return text.lower()
    # NFKD splits accented letters so "Café" matches "Cafe"; the marks are dropped.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def normalise_text(text: str) -> str:
    """Lower case, ASCII, '&' as 'and', apostrophes dropped, other punctuation as spaces."""
    s = _ascii_lower(text)
    s = _APOSTROPHE_RE.sub("", s)
    s = s.replace("&", " and ").replace("+", " and ")
    return " ".join(_NON_ALNUM_RE.sub(" ", s).split())


# Type words run together ("Willows carehome", "Acorn Lodge nursinghome").
RUN_TOGETHER: dict[str, tuple[str, ...]] = {
    "carehome": ("care", "home"),
    "carehomes": ("care", "homes"),
    "nursinghome": ("nursing", "home"),
    "nursinghomes": ("nursing", "homes"),
    "resthome": ("rest", "home"),
    "residentialhome": ("residential", "home"),
    "retirementhome": ("retirement", "home"),
    "carecentre": ("care", "centre"),
}


# Long words already looked at by _run_together (most are names, and repeat): word ->
# the type words it spells, or () for none. Bounded: emptied when full.
_RUN_SEEN: dict[str, tuple[str, ...]] = {}
_RUN_SEEN_MAX = 50_000


def _run_together(tok: str) -> tuple[str, ...] | None:
    """The type words a run-together token spells, one slip allowed ("carehmoe",
    "caerhome"): no register name word is one slip from "carehome"."""
    hit = RUN_TOGETHER.get(tok)
    if hit is not None or len(tok) < 7:
        return hit
    seen = _RUN_SEEN.get(tok)
    if seen is not None:
        return seen or None
    found: tuple[str, ...] = ()
    for key, words in RUN_TOGETHER.items():
        if abs(len(key) - len(tok)) <= 1 and OSA.distance(tok, key, score_cutoff=1) <= 1:
            found = words
            break
    if len(_RUN_SEEN) >= _RUN_SEEN_MAX:
        _RUN_SEEN.clear()
    _RUN_SEEN[tok] = found
    return found or None


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        # Every run-together spelling is seven letters or more: shorter words need no look.
        run = _run_together(tok) if len(tok) >= 7 else None
        if run is not None:
            out += run
        elif tok in ("st", "snt", "saint"):
            # "St Anne's" is Saint; "Union St" at the end of a name is Street.
            out.append("street" if i == last and i > 0 else "saint")
        else:
            out.append(ABBREVIATIONS.get(tok, tok))
    return out


@dataclass(frozen=True, slots=True)
class NameParts:
    """The pieces of a workplace or register name that matching uses."""

    core: str
    """The distinctive name: normalised tokens without type phrases or legal words."""
    tokens: tuple[str, ...]
    kinds: frozenset[str]
    """Service types mentioned: ``home``, ``nursing``, ``residential``, ``homecare``."""
    town: str | None
    """A town hint taken from brackets ("(Bolton)") or "nr Bolton"."""
    segments: tuple[str, ...]
    """The distinctive cores of the parts around a brand separator, when there are several."""
    plain: str
    """The whole text normalised but nothing removed (for stop-list patterns)."""

    @property
    def is_empty(self) -> bool:
        return not self.tokens


# Slips in the type words themselves ("Rest Heme", "Carre Home", "Nursing Homoe") are
# corrected only next to another type word, where they cannot be a name.
_KIND_LEAD = frozenset({"care", "nursing", "residential", "rest", "retirement"})
_KIND_FIX_LEAD = ("care", "nursing", "residential", "rest")


def _fix_kind_typos(tokens: list[str]) -> list[str]:
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a in _KIND_LEAD and b != "home" and 2 <= len(b) <= 5 and Indel.distance(b, "home") <= 2:
            tokens[i + 1] = "home"
        elif (
            a in _KIND_LEAD and 5 <= len(b) <= 7 and OSA.distance(b, "centre", score_cutoff=1) <= 1
        ):
            tokens[i + 1] = "centre"  # "Care Cnetre", "Nursing Cntre"
        elif b == "home" and a not in _KIND_LEAD and len(a) >= 3:
            for word in _KIND_FIX_LEAD:
                if Indel.normalized_similarity(a, word) >= 0.75:
                    tokens[i] = word
                    break
    return tokens


def _core_tokens(normalised: str, kinds: set[str]) -> list[str]:
    """The distinctive words, type phrases taken out into ``kinds``, and legal words too
    ("Limmited", "Limted": a slip in a legal word must not become a distinctive word)."""
    tokens = _fix_kind_typos(_expand(normalised.split()))
    s = " ".join(tokens)
    found = False
    for m in _KIND_RE.finditer(s):
        kinds.add(_KIND_OF[m.group(1)])
        found = True
    if found:  # else the words stand as they are
        tokens = _KIND_RE.sub(" ", s).split()
    while tokens and tokens[-1] in _TRAILING_KIND and len(tokens) > 1:
        kinds.add(_TRAILING_KIND[tokens.pop()])
    return [
        t
        for t in tokens
        if t not in STOP_WORDS
        and t not in LEGAL_WORDS
        and not (len(t) >= 6 and Indel.normalized_similarity(t, "limited") >= 0.85)
    ]


def parse_name(text: str | None) -> NameParts:
    """Split a free-text workplace or register name into the parts matching uses.

    >>> p = parse_name("St Annes Nursing Home (Bolton)")
    >>> p.core, sorted(p.kinds), p.town
    ('saint annes bolton', ['nursing'], 'bolton')
    """
    raw = (text or "").strip()
    if "/" in raw:
        raw = _SLASHED_KIND_RE.sub(r"\1h", raw)
    kinds: set[str] = set()
    town: str | None = None
    # Bracketed words stay in the name ("Heathcotes (Dawson House)" is the home's name)
    # but a short alphabetic one is also a town hint ("(Bolton)"); the engine decides.
    unbracketed = raw
    if "(" in raw or "[" in raw:
        for m in _BRACKET_RE.finditer(raw):
            inner = normalise_text(m.group(1) or m.group(2) or "")
            words = [w for w in inner.split() if w not in STOP_WORDS and w not in LEGAL_WORDS]
            if (
                words
                and len(words) <= 3
                and all(w.isalpha() for w in words)
                and not _KIND_RE.fullmatch(" ".join(words))
            ):
                town = " ".join(words)
        unbracketed = _BRACKET_RE.sub(lambda m: " " + (m.group(1) or m.group(2) or "") + " ", raw)
    plain = normalise_text(unbracketed)
    words = plain.split()
    # "Hollins Park nr Bolton": what follows "nr" is a town.
    if not _NEAR_WORDS.isdisjoint(words):
        for i, w in enumerate(words[:-1]):
            if w in _NEAR_WORDS and i > 0 and 1 <= len(words) - i - 1 <= 3:
                town = " ".join(words[i + 1 :])
                words = words[:i] + words[i + 1 :]
                break
    tokens = _core_tokens(" ".join(words), kinds)
    segments: tuple[str, ...] = ()
    # Most texts have no separator: each of them leaves a sign in the text's characters
    # or among its words ("at", "t/a" as "t", "trading"), looked for before the split.
    pieces = (
        [p for p in _SEPARATOR_RE.split(unbracketed) if p and p.strip()]
        if _SEPARATOR_CHARS.intersection(unbracketed) or not _SEPARATOR_WORDS.isdisjoint(words)
        else ()
    )
    if len(pieces) > 1:
        segs = []
        for piece in pieces:
            seg = " ".join(_core_tokens(normalise_text(piece), kinds))
            if seg:
                segs.append(seg)
        if len(segs) > 1:
            segments = tuple(segs)
    return NameParts(
        core=" ".join(tokens),
        tokens=tuple(tokens),
        kinds=_KINDS.setdefault(frozenset(kinds), frozenset(kinds)),
        town=town,
        segments=segments,
        plain=plain,
    )


def town_tokens(text: str | None) -> tuple[str, ...]:
    """A town's words as :func:`parse_name` spells them ("St Austell" -> saint austell)."""
    return tuple(_expand(normalise_text(text or "").split()))


def alias_key(text: str | None) -> str:
    """The key under which a human-confirmed workplace text is remembered.

    Two texts that differ only in case, punctuation, legal suffix, abbreviation or
    service type ("Hollins Pk" and "Hollins Park Care Home Ltd") share a key.
    """
    return parse_name(text).core
