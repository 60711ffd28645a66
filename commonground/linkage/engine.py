"""Link free-text workplaces to register locations, to a provider only, or to nothing.

Pure Python (rapidfuzz, no Django) so that the bench, the ``match`` command and the
background linking task share one engine. Build a :class:`Matcher` once from the register,
then call :meth:`Matcher.match` or :meth:`Matcher.match_many`.

How a record is decided:

1. The workplace and the employer are normalised separately
   (:mod:`commonground.linkage.normalise`) into distinctive tokens. The workplace names
   the home; the employer mostly names the provider, so it counts as provider evidence
   and only stands in for the workplace when that says nothing useful.
2. Blocking: each token, its near spellings (one edit either side, via a deletion index)
   and, for an unknown truncated word, the words it begins, look up an inverted index of
   register names (current, previous, confirmed aliases, provider names). Entries are
   ranked by the rarity-weighted (IDF) mass they share; every location bearing exactly
   the text's name is kept however many there are. Near spellings are Indel similarity,
   except that two neighbouring letters swapped count as one slip, like a letter left
   out. Blocking by place as well: locations
   in the record's postcode district whose names share a word (or a near spelling) with
   the text, and every location at its full postcode, are added.
3. Name score (0-100): a rarity-weighted Dice overlap of the text's tokens and a register
   name's tokens, with fuzzy credit for misspellings. A word that is the location's town
   or its provider's brand counts as agreeing evidence rather than as an unmatched word
   ("Hollins Park (Bolton)", "BUPA - Heathfield"), the town even when misspelt.
4. Location score = 0.75 x name + postcode agreement (full / sector / district / area) +
   town, provider and service-type agreement + a bonus when every word agrees exactly.
   An employer written as a company ("... Limited") that is exactly one provider's name,
   beside a workplace written otherwise, names that provider: it tells apart homes of
   the same name whose companies are named after them.
   Auto-link only when the best location clears a name threshold that rises as postcode
   evidence falls, and beats the runner-up by a margin.
5. Text naming a multi-location provider but no home links the provider only, or the
   one home of that provider at the given full postcode.
6. No name but a type ("Care Home") and a full postcode that one location holds links
   it when the register (or its name) says it is that type; so does a workplace written
   as that postcode. A postcode column alone (perhaps the member's home) is reviewed.
7. Workplaces outside the register (NHS, councils, supermarkets, agencies, schools) fail
   the evidence thresholds; a small stop-list makes them stricter still (a council's own
   care home still links on a near-exact name at its full postcode).

The text analysis (steps 1-3) depends only on the text, so it is cached: member lists
repeat their workplaces heavily, and the postcode step is cheap. A result's candidates are
made into :class:`Scored` rows only when read, and long runs pause the cyclic collector
(:func:`collector_paused`).
"""

from __future__ import annotations

import gc
import math
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from rapidfuzz.distance import Indel

from .normalise import (
    LEGAL_WORDS,
    STOP_WORDS,
    NameParts,
    Postcode,
    normalise_text,
    parse_name,
    parse_postcode,
    town_tokens,
)

__all__ = ["Candidate", "Match", "Matcher", "Query", "Scored", "collector_paused"]

Decision = Literal["auto", "review", "none"]
NameSource = Literal["current", "previous", "alias", "provider", "postcode"]
PostcodeLevel = Literal["full", "sector", "district", "area", "none"]


@dataclass(frozen=True)
class Candidate:
    """A register location as the matcher sees it."""

    location_id: str
    name: str
    previous_names: tuple[str, ...]
    provider_id: str | None
    provider_name: str | None
    postcode: str | None
    town: str | None
    council_code: str | None
    aliases: tuple[str, ...] = ()
    """Texts a person confirmed earlier as meaning this location."""
    service_types: tuple[str, ...] = ()
    """The register's service types ("care_home_nursing", "care_home", "home_care"...)."""


@dataclass
class Query:
    """One member or contact record to link."""

    id: str
    employer: str
    workplace: str
    postcode: str
    job_title: str = ""


# The register's service types, as the type tokens a text's "Nursing Home", "Rest Home"
# or "Home Care" reduces to (normalise._KIND_PHRASES).
_SERVICE_KIND = {
    "care_home_nursing": "nursing",
    "care_home": "residential",
    "home_care": "homecare",
}

_SOURCE_LABEL = {
    "current": "name",
    "previous": "previous name",
    "alias": "confirmed alias",
    "provider": "provider name",
}


class Scored(NamedTuple):
    """One candidate for a record, with the evidence a reviewer needs.

    A named tuple rather than a dataclass: millions are made in a bench run, and they
    are shared between identical records, so they must be cheap and immutable.
    """

    location_id: str | None
    provider_id: str | None
    name: str
    """The register name of the location (or of the provider, for a provider link)."""
    score: float
    name_matched: NameSource
    """Which register text matched: current, previous, alias or provider name."""
    matched_text: str
    name_score: float
    postcode_level: PostcodeLevel
    town_agrees: bool = False
    provider_agrees: bool = False

    @property
    def reasons(self) -> list[str]:
        """Plain-language evidence for a reviewer, built on demand."""
        out: list[str] = []
        if self.name_matched == "postcode":
            out.append("found by postcode only; the text does not match its name")
        else:
            label = _SOURCE_LABEL[self.name_matched]
            out.append(f"{label} '{self.matched_text}' matches {self.name_score:.0f}%")
        if self.postcode_level != "none":
            out.append(f"postcode agrees ({self.postcode_level})")
        if self.town_agrees:
            out.append("town agrees")
        if self.provider_agrees:
            out.append("provider named")
        return out


@dataclass(slots=True)
class Match:
    """The outcome for one record.

    ``location_id`` and ``provider_id`` are set only when ``decision`` is ``auto`` (a
    provider-only link has ``location_id`` None); for ``review`` the suggestions are in
    ``candidates``, best first.
    """

    query_id: str
    location_id: str | None
    provider_id: str | None
    score: float
    decision: Decision
    evidence: Sequence[Scored] | _Candidates
    """The candidates, or what makes them when :attr:`candidates` is first read."""
    reason: str = ""

    @property
    def candidates(self) -> list[Scored]:
        """The leading candidates (up to five) with their evidence, best first."""
        ev = self.evidence
        return ev.get() if isinstance(ev, _Candidates) else list(ev)


class _Candidates:
    """A result's leading candidates, made into :class:`Scored` rows only when read.

    Most records are linked, or not, without anyone reading the evidence (``match``
    writes a decision; ``link`` keeps candidates only for the review queue), and making
    the rows was a sixth of the matching time. Shared by every record with the same
    result, so they are made at most once.
    """

    __slots__ = ("_head", "_made", "_matcher", "_rows")

    def __init__(self, matcher: Matcher, rows: list[_RowT], head: tuple[Scored, ...] = ()) -> None:
        self._matcher: Matcher | None = matcher
        self._rows = rows
        self._head = head
        self._made: list[Scored] | None = None

    def get(self) -> list[Scored]:
        if self._made is None:
            assert self._matcher is not None
            scored = self._matcher._scored
            made = [*self._head, *(scored(*r) for r in self._rows[: 5 - len(self._head)])]
            self._made, self._matcher, self._rows = made, None, []
        return list(self._made)


# -- Tuning -----------------------------------------------------------------------------
# Tuned on bench data generated with a seed other than the reported one (bench/linkage).

TEXT_COVER_POWER = 1.0
NAME_COVER_POWER = 0.25
NAME_WEIGHT = 0.75
POSTCODE_POINTS: dict[PostcodeLevel, float] = {
    "full": 30.0,
    "sector": 22.0,
    "district": 16.0,
    "area": 7.0,
    "none": 0.0,
}
_LEVEL_RANK: dict[PostcodeLevel, int] = {
    "full": 4,
    "sector": 3,
    "district": 2,
    "area": 1,
    "none": 0,
}
# A valid full postcode in another district: often the member's home, so only a nudge.
POSTCODE_CONFLICT_POINTS = 0.0
TOWN_POINTS = 5.0
TOWN_SIMILAR = 0.8  # a misspelt town word still names the town
KIND_POINTS = 3.0
EXACT_POINTS = 5.0
PROVIDER_POINTS = 10.0
SOLE_PROVIDER_POINTS = 20.0
EMPLOYER_PENALTY = 10.0
EMPLOYER_ONLY_BELOW = 80.0
AUTO_SCORE = 65.0
# How far the best must beat the runner-up, by postcode agreement of the best.
AUTO_MARGIN: dict[str, float] = {
    "unique": 6.5,
    "full": 6.5,
    "sector": 6.5,
    "district": 6.5,
    "area": 6.5,
    "none": 6.5,
}
# The name evidence required for auto at each level of postcode agreement. "unique" is a
# full postcode held by one location only: then weakly consistent name evidence suffices.
MIN_NAME_FOR_AUTO: dict[str, float] = {
    "unique": 45.0,
    "full": 60.0,
    "sector": 70.0,
    "district": 78.0,
    "area": 86.0,
    "none": 85.0,
}
# Another home whose name holds every word of the text ("Woodcote" in "Woodcote Hall")
# blocks auto unless the postcode agrees better with the best than with it.
# The record's full postcode is another home's: link the named home only on a name right
# but for a slip or so (members know their workplace's name better than its postcode).
OTHER_FULL_NAME = 92.0
CONTAIN_COVER = 0.97
CONTAIN_NAME = 40.0
REVIEW_SCORE = 55.0
TIE_POINTS = 3.0  # candidates this close to the best are equally good
REVIEW_MAX_TIED = 2
REVIEW_NAME = 60.0
PROVIDER_AUTO = 90.0
PROVIDER_MARGIN = 8.0
PROVIDER_NAMED = 85.0
NONCARE_EXACT = 97.0
NONCARE_AT_POSTCODE = 95.0  # ... or a near one at the home's own full postcode
UNKNOWN_WEIGHT = 9.0  # a word the register has never seen: as rare as the rarest
# A near spelling earns similarity**FUZZY_POWER: "Warrington" must beat "Barrington" for
# a text that says Warrington, by more than one letter in ten.
FUZZY_POWER = 1.0

BLOCK_TOP = 10  # register entries scored per text after blocking
COMMON_POSTING = 150  # words in more entries than this do not block on their own
GENERIC_WEIGHT = 0.5
OPTIONAL_FACTOR = 0.3
MIN_REGISTER = 5_000
TEXT_CACHE = 100_000
PAIR_ROWS = 20  # candidates kept per (workplace, employer) before the postcode
TEXT_LOCS = 20  # candidates kept per analysed text
ROWS_KEPT = 8  # leading candidates a decision looks at
CLOSE_POINTS = 10.0  # candidates this close to the best are kept past PAIR_ROWS
TWINS_MAX = 300  # bound on the locations kept per text or pair, ties included
PAIR_CACHE = 100_000
PAIR_RESULTS = 4  # postcode outcomes remembered per pair
RAW_CACHE = 300_000  # raw text -> analysis references: cheap entries
TOKEN_CACHE = 300_000
PC_CACHE = 200_000

# Generic care words: in thousands of names, and in members' texts at random.
_GENERIC = frozenset(
    {
        "care",
        "home",
        "homes",
        "nursing",
        "residential",
        "services",
        "service",
        "support",
        "living",
        "health",
        "healthcare",
        "centre",
        "community",
        "specialist",
        "dementia",
        "unit",
        "respite",
    }
)
# Employers outside the register. The evidence thresholds do most of the work; this list
# means a link needs an (almost) exact register name, since a wrong link is worse than none.
_NONCARE_RE = re.compile(
    r"\b(nhs|hospitals?|infirmary|foundation trust|health trust|healthcare trust|ambulance|"
    r"council|borough|mbc|school|primary|academy|college|university|nursery|tesco|asda|"
    r"sainsburys|morrisons|aldi|lidl|waitrose|co op|coop|iceland|boots|superdrug|amazon|"
    r"royal mail|post office|hays|reed|randstad|adecco|manpower|pertemps|agency|"
    r"recruitment|staffing|locum|gp|surgery|medical centre|health centre|pharmacy|dental|"
    r"dentist|hmp|prison|police|jobcentre|mcdonalds|kfc|costa|greggs|hotel|nurses|"
    r"self employed|unemployed|retired|student|various|bank staff)\b"
)
_UNINFORMATIVE = frozenset({"", "na", "n a", "none", "unknown", "tbc", "nil", "other", "x"})
_POSTCODE_IN_TEXT_RE = re.compile(r"\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2})\b")
_EMPTY: frozenset[str] = frozenset()
_NO_PROVIDERS: frozenset[int] = frozenset()
_TOWN_STOP = frozenset({"on", "upon", "under", "in", "by", "the", "le", "de", "la", "next", "sea"})


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


class _Ev(NamedTuple):
    """Name evidence for one location from one text."""

    name: float
    entry: int  # -1: found by postcode, no name evidence
    town: bool
    brand: bool
    cover: float  # share of the text's words the name explains
    kind: bool = False  # the text and the name say the same type ("Nursing Home")


_NO_EVIDENCE = _Ev(0.0, -1, False, False, 0.0)


class _Query:
    """A text's words prepared for scoring: weights and register neighbours."""

    __slots__ = ("kinds", "qindex", "rev", "tokens", "total", "towns", "weights", "words")

    def __init__(self) -> None:
        self.kinds: frozenset[str] = frozenset()
        self.tokens: list[tuple[str, float, dict[str, float]]] = []
        self.words: frozenset[str] = frozenset()
        self.total = 0.0
        self.weights: list[float] = []
        self.qindex: dict[str, int] = {}
        self.rev: dict[str, tuple[tuple[int, float], ...]] = {}
        """Register word -> ((index of the text's word, similarity), ...)."""
        self.towns: dict[str, tuple[int, float]] = {}
        """Town words the text's words misspell: town word -> (index, similarity)."""


class _Text:
    """One free text analysed against the register, independent of any postcode."""

    __slots__ = (
        "alias_loc",
        "best",
        "extra",
        "informative",
        "key",
        "locs",
        "named",
        "near",
        "noncare",
        "parts",
        "providers",
        "qy",
    )

    def __init__(self, parts: NameParts, key: tuple[object, ...]) -> None:
        self.parts = parts
        self.key = key
        self.informative = parts.core not in _UNINFORMATIVE and any(
            len(t) > 1 for t in parts.tokens
        )
        # The key's last part (Matcher._text): whether the text names work outside the
        # register, searched once per distinct text.
        self.noncare = bool(key[3])
        self.best = 0.0
        """The best name score of any location."""
        self.locs: dict[int, _Ev] = {}
        self.extra: dict[int, _Ev] = {}
        """Locations scored because the postcode reached them, not the name."""
        self.providers: list[tuple[float, int, int]] = []
        """(score, provider, entry) for multi-location providers, best first."""
        self.named: frozenset[int] = frozenset()
        """Providers this text names (any provider entry scoring PROVIDER_NAMED)."""
        self.alias_loc = -1
        self.near: frozenset[str] | None = None
        """Register words within reach of the text's words (computed when needed)."""
        self.qy: _Query | None = None


# A location's standing for one record: (score, name score, location, postcode level,
# provider named, evidence). Plain tuples: dozens are made and sorted per record.
_RowT = tuple[float, float, int, PostcodeLevel, bool, _Ev]
_new_tuple = tuple.__new__


_Result = tuple[str | None, str | None, float, Decision, _Candidates, str]


class _Pair:
    """A (workplace, employer) pair's evidence before the postcode, and its results."""

    __slots__ = (
        "areas",
        "base",
        "key",
        "named",
        "primary",
        "results",
        "secondary",
    )

    def __init__(
        self,
        key: tuple[object, object, object],
        primary: _Text,
        secondary: _Text | None,
        base: list[tuple[float, int, _Ev]],
        named: frozenset[int],
    ) -> None:
        self.key = key
        self.primary = primary
        self.secondary = secondary
        self.base = base
        """(score before postcode, location, evidence), best first."""
        self.named = named
        self.areas: frozenset[str] = frozenset()
        self.results: dict[tuple[object, ...], _Result] = {}


_MISSING = object()


def _bounded_put(cache: OrderedDict[Any, Any], key: Any, value: Any, limit: int) -> None:
    # Oldest out (an OrderedDict pops its first item in O(1); a dict does not once many
    # items were deleted). A member list repeats its common workplaces throughout.
    if len(cache) >= limit:
        cache.popitem(last=False)
    cache[key] = value


class Matcher:
    """The register indexed for linking. Build once; match many records."""

    def __init__(
        self,
        candidates: Iterable[Candidate],
        *,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self._cands: list[Candidate] = list(candidates)
        self._loc_index: dict[str, int] = {}
        for i, c in enumerate(self._cands):
            self._loc_index.setdefault(c.location_id, i)
        self._build_providers()
        self._build_places()
        self._build_entries(aliases or {})
        self._build_token_index()
        self._token_cache: dict[str, tuple[float, dict[str, float]]] = {}
        self._fixed: dict[str, tuple[str, ...]] = {}
        self._text_cache: OrderedDict[str, tuple[object, ...]] = OrderedDict()
        self._core_cache: OrderedDict[tuple[object, ...], _Text] = OrderedDict()
        self._pair_cache: OrderedDict[tuple[object, object, object], _Pair] = OrderedDict()
        self._raw_pairs: OrderedDict[tuple[str, str], tuple[object, object, object]] = OrderedDict()
        self._pc_cache: OrderedDict[str, object] = OrderedDict()
        self.share_caches(1)

    def share_caches(self, ways: int) -> None:
        """Bound the caches at 1/``ways`` of their size: for each of ``ways`` processes
        forked from this matcher, each seeing its share of the texts."""
        ways = max(1, ways)
        self._text_limit = TEXT_CACHE // ways
        self._pair_limit = PAIR_CACHE // ways
        self._raw_limit = RAW_CACHE // ways
        self._token_limit = TOKEN_CACHE // ways
        self._pc_limit = PC_CACHE // ways

    @property
    def location_count(self) -> int:
        return len(self._cands)

    # -- building ------------------------------------------------------------------------

    def _build_providers(self) -> None:
        self._prov_index: dict[str, int] = {}
        self._prov_ids: list[str] = []
        self._prov_names: list[str | None] = []
        self._prov_locs: list[list[int]] = []
        self._loc_prov: list[int] = []
        for i, c in enumerate(self._cands):
            if c.provider_id is None:
                self._loc_prov.append(-1)
                continue
            p = self._prov_index.get(c.provider_id)
            if p is None:
                p = len(self._prov_ids)
                self._prov_index[c.provider_id] = p
                self._prov_ids.append(c.provider_id)
                self._prov_names.append(c.provider_name)
                self._prov_locs.append([])
            elif self._prov_names[p] is None and c.provider_name:
                self._prov_names[p] = c.provider_name
            self._prov_locs[p].append(i)
            self._loc_prov.append(p)
        # Providers by their whole name, type words kept: "Regency Nursing Home Limited"
        # is not "Regency Retirement Home Ltd", though both are "Regency" at heart.
        self._prov_company: dict[str, list[int]] = {}
        for p, name in enumerate(self._prov_names):
            key = _company_key(parse_name(name)) if name else ""
            if key:
                self._prov_company.setdefault(key, []).append(p)
        # A brand's words are evidence for each of its homes ("BUPA - Heathfield"). Only
        # for providers of several homes: a single home's company is usually its own name.
        self._prov_brand: list[frozenset[str]] = [
            frozenset(parse_name(name).tokens) - _GENERIC
            if name and len(self._prov_locs[p]) > 1
            else _EMPTY
            for p, name in enumerate(self._prov_names)
        ]

    def _build_places(self) -> None:
        self._loc_pc: list[Postcode | None] = []
        self._pc_full: dict[str, list[int]] = {}
        self._pc_sector: dict[str, list[int]] = {}
        self._loc_town: list[frozenset[str]] = []
        for i, c in enumerate(self._cands):
            pc = parse_postcode(c.postcode)
            # CQC postcodes may be blank or malformed: such a location is found by name only.
            self._loc_pc.append(pc if pc is not None and pc.full is not None else None)
            if pc is not None and pc.full is not None and pc.sector is not None:
                self._pc_full.setdefault(pc.full, []).append(i)
                self._pc_sector.setdefault(pc.sector, []).append(i)
            self._loc_town.append(frozenset(town_tokens(c.town)) - _TOWN_STOP)
        self._loc_area = [_area(pc.district) if pc is not None else "" for pc in self._loc_pc]
        self._towns: frozenset[str] = frozenset().union(*self._loc_town)
        self._loc_kinds = [parse_name(c.name).kinds for c in self._cands]
        # What the register says the location is, whatever its name says.
        self._loc_service = [
            frozenset(_SERVICE_KIND[t] for t in c.service_types if t in _SERVICE_KIND)
            for c in self._cands
        ]
        # Misspelt towns ("Budleihg Salterton") are corrected through this index.
        self._town_del: dict[str, list[str]] = {}
        for t in self._towns:
            if len(t) >= 5:
                for d in _deletions(t) | {t}:
                    self._town_del.setdefault(d, []).append(t)

    def _build_entries(self, aliases: Mapping[str, str]) -> None:
        # An entry is one register text that can match: a current, previous or alias name
        # of a location, or a provider name (of one location, or of several: loc = -1).
        self._e_loc: list[int] = []
        self._e_prov: list[int] = []
        self._e_source: list[NameSource] = []
        self._e_text: list[str] = []
        self._e_core: list[str] = []
        self._e_kinds: list[frozenset[str]] = []
        self._e_tokens: list[tuple[str, ...]] = []
        self._entries_of: list[list[int]] = [[] for _ in self._cands]
        self._exact: dict[str, set[int]] = {}
        self._exact_prov: dict[str, list[int]] = {}
        self._alias: dict[str, int] = {}
        extra_aliases: dict[int, list[str]] = {}
        for text, loc_id in aliases.items():
            li = self._loc_index.get(loc_id)
            if li is not None:
                extra_aliases.setdefault(li, []).append(text)
        for i, c in enumerate(self._cands):
            seen: set[str] = set()
            texts: list[tuple[NameSource, str]] = [("current", c.name)]
            texts += [("previous", n) for n in c.previous_names]
            texts += [("alias", a) for a in (*c.aliases, *extra_aliases.get(i, ()))]
            p = self._loc_prov[i]
            if p >= 0 and len(self._prov_locs[p]) == 1 and self._prov_names[p]:
                texts.append(("provider", self._prov_names[p] or ""))
            for source, text in texts:
                parts = parse_name(text)
                if source == "alias" and parts.core:
                    prior = self._alias.get(parts.core, i)
                    # The same text confirmed for two locations: trust neither.
                    self._alias[parts.core] = i if prior == i else -1
                if parts.is_empty or parts.core in seen:
                    continue
                seen.add(parts.core)
                if source != "provider":
                    self._exact.setdefault(parts.core, set()).add(i)
                else:
                    self._exact_prov.setdefault(parts.core, []).append(len(self._e_loc))
                self._entries_of[i].append(len(self._e_loc))
                self._add_entry(i, p, source, text, parts)
        for p, locs in enumerate(self._prov_locs):
            name = self._prov_names[p]
            if len(locs) > 1 and name:
                parts = parse_name(name)
                if not parts.is_empty:
                    self._exact_prov.setdefault(parts.core, []).append(len(self._e_loc))
                    self._add_entry(-1, p, "provider", name, parts)

    def _add_entry(
        self, loc: int, prov: int, source: NameSource, text: str, parts: NameParts
    ) -> None:
        self._e_loc.append(loc)
        self._e_prov.append(prov)
        self._e_source.append(source)
        self._e_text.append(text)
        self._e_core.append(parts.core)
        self._e_kinds.append(parts.kinds)
        self._e_tokens.append(tuple(dict.fromkeys(parts.tokens)))

    def _build_token_index(self) -> None:
        postings: dict[str, list[int]] = {}
        for e, toks in enumerate(self._e_tokens):
            for t in toks:
                postings.setdefault(t, []).append(e)
        self._postings = postings
        # Brand words lead to every home of the brand ("Hartwood - The Willows"), town
        # words to the homes in that town ("The Rise (Dawlish)").
        brand_postings: dict[str, list[int]] = {}
        town_postings: dict[str, list[int]] = {}
        for e, loc in enumerate(self._e_loc):
            if loc >= 0 and self._e_source[e] != "provider":
                p = self._loc_prov[loc]
                for t in self._prov_brand[p] if p >= 0 else ():
                    brand_postings.setdefault(t, []).append(e)
                for t in self._loc_town[loc]:
                    town_postings.setdefault(t, []).append(e)
        self._brand_sets = {t: frozenset(p) for t, p in brand_postings.items()}
        self._common_sets = {
            t: frozenset(p) for t, p in postings.items() if len(p) > COMMON_POSTING
        }
        self._town_sets = {t: frozenset(p) for t, p in town_postings.items()}
        # District -> word -> the locations there whose names hold the word.
        self._dist_words: dict[str, dict[str, list[int]]] = {}
        for li, entries in enumerate(self._entries_of):
            lpc = self._loc_pc[li]
            if lpc is None:
                continue
            words = self._dist_words.setdefault(lpc.district, {})
            for t in {t for e in entries for t in self._e_tokens[e]}:
                words.setdefault(t, []).append(li)
        # Rarity as if the register had at least MIN_REGISTER entries, so that a small
        # register (a test, one council) still treats a once-seen word as distinctive.
        n = max(len(self._e_tokens), MIN_REGISTER) + 1
        self._idf: dict[str, float] = {}
        for t, post in postings.items():
            w = math.log(n / (len(post) + 0.5))
            self._idf[t] = min(w, GENERIC_WEIGHT) if t in _GENERIC else max(w, 0.3)
        # Deletion index: one deletion on either side finds every word within about one
        # edit, transpositions included. The prefix index serves truncated words.
        self._del_index: dict[str, list[str]] = {}
        self._prefix_index: dict[str, list[str]] = {}
        for t in postings:
            if len(t) >= 4:
                for d in _deletions(t):
                    self._del_index.setdefault(d, []).append(t)
            if len(t) >= 5:
                for k in range(4, min(len(t), 8)):
                    self._prefix_index.setdefault(t[:k], []).append(t)
        # Each entry's word weights. A location's own town and its brand's words are
        # optional (members leave them out), so they weigh less.
        self._e_weights: list[tuple[float, ...]] = []
        self._e_total: list[float] = []
        self._e_town: list[frozenset[str]] = []
        self._e_brand: list[frozenset[str]] = []
        for e, toks in enumerate(self._e_tokens):
            loc = self._e_loc[e]
            town = brand = _EMPTY
            if loc >= 0 and self._e_source[e] != "provider":
                town = self._loc_town[loc]
                p = self._loc_prov[loc]
                brand = self._prov_brand[p] if p >= 0 else _EMPTY
            optional = town | brand
            ws = tuple(self._idf[t] * (OPTIONAL_FACTOR if t in optional else 1.0) for t in toks)
            self._e_weights.append(ws)
            self._e_total.append(sum(ws))
            self._e_town.append(town)
            self._e_brand.append(brand)

    # -- text analysis --------------------------------------------------------------------

    def _token(self, q: str) -> tuple[float, dict[str, float]]:
        """A query word's weight and its register neighbours with similarity (cached)."""
        hit = self._token_cache.get(q)
        if hit is not None:
            return hit
        nb: dict[str, float] = {}
        known = q in self._idf
        if known:
            nb[q] = 1.0
        if len(q) >= 3:
            floor = 0.8 if known else 0.72
            found: set[str] = set(self._del_index.get(q, ()))  # q lacks a letter
            if len(q) >= 4:
                for d in _deletions(q):
                    if len(d) >= 4 and d in self._idf:
                        found.add(d)  # q has a letter too many
                    found.update(self._del_index.get(d, ()))  # a letter differs
            # In a fixed order: the neighbours' order decides ties in blocking, and a set of
            # strings iterates in an order that changes from process to process.
            for t in sorted(found):
                if t not in nb:
                    sim = _similarity(q, t)
                    if sim >= floor:
                        nb[t] = sim**FUZZY_POWER
        if not nb and len(q) >= 4:
            # A truncated word ("Heathf", "Kingsw") begins the register's word.
            for t in self._prefix_index.get(q, ())[:40]:
                nb[t] = 0.8
        if nb:
            # A misspelling weighs as its likeliest reading; on a tie, the commoner one.
            top = max(nb.values())
            w = min(self._idf[t] for t, s in nb.items() if s >= top - 0.02)
        else:
            # Unknown: as rare as the rarest; but a stray letter or two means little.
            w = GENERIC_WEIGHT if q in _GENERIC else UNKNOWN_WEIGHT if len(q) > 2 else 1.0
        if len(self._token_cache) >= self._token_limit:
            self._token_cache.clear()
        res = (w, nb)
        self._token_cache[q] = res
        return res

    def _words(self, parts: NameParts) -> list[str]:
        """The text's words, with misspelt towns corrected and run-together words split."""
        words: list[str] = []
        for q in parts.tokens:
            if q in self._idf or q in self._towns or len(q) < 5:
                words.append(q)
                continue
            fixed = self._fixed.get(q)
            if fixed is None:
                fixed = self._fix_word(q)
                if len(self._fixed) >= self._token_limit:
                    self._fixed.clear()
                self._fixed[q] = fixed
            words += fixed
        return list(dict.fromkeys(words))

    def _fix_word(self, q: str) -> tuple[str, ...]:
        if self._token(q)[1]:
            return (q,)  # a misspelling of a register word: scoring copes
        towns = {t for d in _deletions(q) | {q} for t in self._town_del.get(d, ())}
        towns = {t for t in towns if Indel.normalized_similarity(q, t) >= 0.8}
        if len(towns) == 1:
            return (towns.pop(),)  # a misspelt town
        if len(q) >= 7:
            # "Hollinspark": a run-together pair of register words.
            for k in range(3, len(q) - 2):
                if q[:k] in self._idf and q[k:] in self._idf:
                    return (q[:k], q[k:])
        return (q,)

    def _query(self, parts: NameParts) -> _Query:
        qy = _Query()
        qy.kinds = parts.kinds
        words = self._words(parts)
        qy.words = frozenset(words)
        for qi, q in enumerate(words):
            w, nb = self._token(q)
            qy.tokens.append((q, w, nb))
            qy.total += w
            qy.weights.append(w)
            qy.qindex[q] = qi
            for t, sim in nb.items():
                qy.rev[t] = (*qy.rev.get(t, ()), (qi, sim))
        towns = self._towns
        for t, hits in qy.rev.items():
            if t in towns and t not in qy.qindex:
                near = max(hits, key=_second)
                if near[1] >= TOWN_SIMILAR:
                    qy.towns[t] = near
        return qy

    def _analyse(self, parts: NameParts, key: tuple[object, ...]) -> _Text:
        tx = _Text(parts, key)
        if not tx.informative:
            return tx
        qy = self._query(parts)
        li = self._alias.get(parts.core, -1)
        # An alias that is also another location's real name is not safe to auto-link.
        if li >= 0 and self._exact.get(parts.core, {li}) <= {li}:
            tx.alias_loc = li
        provs: dict[int, tuple[float, int]] = {}
        named: set[int] = set()
        for e in self._block(qy, parts):
            ev = self._score_entry(qy, e)
            loc = self._e_loc[e]
            if ev.name >= PROVIDER_NAMED and (
                self._e_source[e] == "provider"
                or (
                    loc >= 0 and self._e_prov[e] >= 0 and len(self._prov_locs[self._e_prov[e]]) == 1
                )
            ):
                # A provider's name, or any name of the one home a provider has: an
                # employer column naming it ("Pegasus Care Home", the home's old name and
                # its company's) names that home's provider.
                named.add(self._e_prov[e])
            if loc < 0:
                p = self._e_prov[e]
                if ev.name > provs.get(p, (-1.0, 0))[0]:
                    provs[p] = (ev.name, e)
            else:
                prev = tx.locs.get(loc)
                if prev is None or ev.name > prev.name:
                    tx.locs[loc] = ev
        # Name twins: every location bearing the same name as a leading candidate must be
        # seen, or a typo that blocked only one of several "Willow Court"s looks unique.
        leaders = sorted(tx.locs.values(), reverse=True)[:3]
        for ev in leaders:
            for li in self._exact.get(self._e_core[ev.entry], ()):
                if li not in tx.locs:
                    tx.locs[li] = self._best_entry(qy, li)
        if len(tx.locs) > TEXT_LOCS:
            # Keep the leaders, and every location as good as the last one kept: with
            # thirty "The Old Vicarage"s, the postcode decides and must see them all.
            ranked = sorted(tx.locs.items(), key=lambda kv: kv[1].name, reverse=True)
            cut = ranked[TEXT_LOCS - 1][1].name
            keep = [kv for k, kv in enumerate(ranked) if k < TEXT_LOCS or kv[1].name >= cut]
            tx.locs = dict(keep[:TWINS_MAX])
        tx.providers = sorted(((s, p, e) for p, (s, e) in provs.items()), reverse=True)[:3]
        tx.named = frozenset(named) if named else _NO_PROVIDERS
        tx.best = max((ev.name for ev in tx.locs.values()), default=0.0)
        return tx

    def _block(self, tx: _Query, parts: NameParts) -> list[int]:
        acc: dict[int, float] = {}
        common: list[tuple[frozenset[int], float]] = []
        postings = self._postings
        for _q, w, nb in tx.tokens:
            for t, sim in nb.items():
                post = postings[t]
                if len(post) > COMMON_POSTING:
                    if w > GENERIC_WEIGHT:
                        common.append((self._common_sets[t], w * sim))
                    continue
                ws = w * sim
                for e in post:
                    acc[e] = acc.get(e, 0.0) + ws
        if len(common) >= 2 and not acc:
            # Only common words ("Manor House"): the entries holding the rarest and another.
            common.sort(key=lambda c: len(c[0]))
            rarest = common[0][0]
            for group, _w in common[1:]:
                for e in rarest.intersection(group):
                    acc[e] = acc.get(e, 0.0) + 1.0
        # A common word, a brand or a town lifts the entries holding it among those the
        # rarer words found ("Singh & Moore", "Hartwood - The Willows", "The Rise (Dawlish)").
        lifts = [
            (g, w)
            for q, w, _nb in tx.tokens
            for g in (self._brand_sets.get(q), self._town_sets.get(q))
            if g is not None
        ]
        for group, w in common + lifts:
            for e in group.intersection(acc):
                acc[e] += w
        top: Iterable[int] = acc
        if len(acc) > BLOCK_TOP:
            top = sorted(acc, key=acc.__getitem__, reverse=True)[:BLOCK_TOP]
        # Every location bearing exactly this name is scored: with several "The Willows",
        # the postcode decides, and must see them all.
        exact: list[int] = []
        for key in (parts.core, *parts.segments):
            for li in self._exact.get(key, ()):
                exact += self._entries_of[li]
        # And every provider bearing exactly this name: owners' names are made of common
        # words ("White & Wilson Care Homes Ltd"), which do not block on their own.
        exact += self._exact_prov.get(parts.core, ())
        return list(dict.fromkeys([*exact, *top]))

    def _score_entry(self, tx: _Query, e: int) -> _Ev:
        """How well one register entry explains a text (name score 0-100)."""
        best_q = [0.0] * len(tx.weights)
        rev = tx.rev
        matched_c = 0.0
        for t, wc in zip(self._e_tokens[e], self._e_weights[e], strict=True):
            hits = rev.get(t)
            if hits is not None:
                bc = 0.0
                for qi, sim in hits:
                    if sim > best_q[qi]:
                        best_q[qi] = sim
                    if sim > bc:
                        bc = sim
                matched_c += wc * bc
        town_hit = brand_hit = False
        town = self._e_town[e]
        if town:
            # The location's whole town is written ("Grange" alone is not Grange-over-Sands),
            # perhaps misspelt ("nr Doncster"): its words are agreeing evidence, not
            # unmatched words.
            if town <= tx.words:
                for t in town:
                    qi = tx.qindex[t]
                    if best_q[qi] < 0.9:
                        best_q[qi] = 1.0
                        town_hit = True
            elif tx.towns:
                near = tx.towns
                found = [near.get(t) or (tx.qindex.get(t, -1), 1.0) for t in town]
                if all(qi >= 0 for qi, _sim in found):
                    for qi, sim in found:
                        if best_q[qi] < 0.9:
                            best_q[qi] = sim
                            town_hit = True
        brand = self._e_brand[e]
        if brand:
            qindex = tx.qindex
            for t in brand:
                qi = qindex.get(t, -1)
                if qi >= 0 and best_q[qi] < 0.9:
                    best_q[qi] = 1.0
                    brand_hit = True
        total_c = self._e_total[e]
        if tx.total <= 0 or total_c <= 0:
            return _Ev(0.0, e, town_hit, brand_hit, 0.0, False)
        matched_q = 0.0
        for w, b in zip(tx.weights, best_q, strict=True):
            matched_q += w * b
        # Asymmetric: members often leave words out of a name ("Woodcote" for "Woodcote
        # Hall") but rarely add a wrong one, so words the text has and the name lacks
        # count against it more than words the name has and the text lacks.
        cover_q = matched_q / tx.total
        cover_c = matched_c / total_c
        score = 100.0 * cover_q**TEXT_COVER_POWER * cover_c**NAME_COVER_POWER
        kind = not tx.kinds.isdisjoint(self._e_kinds[e])
        return _Ev(score, e, town_hit, brand_hit, cover_q, kind)

    def _best_entry(self, qy: _Query, li: int) -> _Ev:
        best = _NO_EVIDENCE
        for e in self._entries_of[li]:
            ev = self._score_entry(qy, e)
            if ev.name > best.name or best.entry < 0:
                best = ev
        return best

    def _score_location(self, tx: _Text, li: int) -> _Ev:
        """Name evidence for a location the postcode reached, not the name; remembered."""
        ev = tx.locs.get(li) or tx.extra.get(li)
        if ev is None:
            near = self._near(tx)
            if any(near.intersection(self._e_tokens[e]) for e in self._entries_of[li]):
                if tx.qy is None:
                    tx.qy = self._query(tx.parts)
                ev = self._best_entry(tx.qy, li)
            else:
                # Blocking would have found it had it shared a word: no name evidence.
                ev = _NO_EVIDENCE
            if len(tx.extra) < 16:
                tx.extra[li] = ev
        return ev

    def _near(self, tx: _Text) -> frozenset[str]:
        if tx.near is None:
            near: set[str] = set()
            for q in self._words(tx.parts):
                near.update(self._token(q)[1])
            tx.near = frozenset(near)
        return tx.near

    def _text(self, raw: str) -> _Text:
        parts: NameParts | None = None
        ckey = self._text_cache.get(raw)
        if ckey is not None:
            # Least recently used out first: popular texts stay however many rare ones
            # pass through (member lists repeat a few texts very often).
            self._text_cache.move_to_end(raw)
        else:
            parts = parse_name(raw)
            # Texts that differ only in case, punctuation, legal or type words share one
            # analysis ("Hollins Park Ltd", "HOLLINS PARK CARE HOME"). The raw cache holds
            # keys, not analyses, so that it keeps none alive.
            ckey = (
                parts.tokens,
                parts.segments,
                parts.kinds,
                bool(_NONCARE_RE.search(parts.plain)),
            )
            _bounded_put(self._text_cache, raw, ckey, self._raw_limit)
        tx = self._core_cache.get(ckey)
        if tx is None:
            tx = self._analyse(parts or parse_name(raw), ckey)
            _bounded_put(self._core_cache, ckey, tx, self._text_limit)
        else:
            self._core_cache.move_to_end(ckey)
        return tx

    def _postcode(self, raw: str) -> Postcode | None:
        pc = self._pc_cache.get(raw, _MISSING)
        if pc is _MISSING:
            pc = parse_postcode(raw)
            _bounded_put(self._pc_cache, raw, pc, self._pc_limit)
        return pc  # type: ignore[return-value]

    def _pair(self, workplace: str, employer: str) -> _Pair:
        """The postcode-free part of a record's evidence, cached per pair of texts."""
        raw = (workplace, employer)
        key = self._raw_pairs.get(raw)
        pair = self._pair_cache.get(key) if key is not None else None
        if pair is None:
            pair = self._make_pair(workplace, employer)
            _bounded_put(self._raw_pairs, raw, pair.key, self._raw_limit)
        else:  # least recently used out first, as for texts
            self._raw_pairs.move_to_end(raw)
            self._pair_cache.move_to_end(pair.key)
        return pair

    def _make_pair(self, workplace: str, employer: str) -> _Pair:
        wt = self._text(workplace)
        et = self._text(employer) if employer else None
        # An employer written as a company ("Regency Nursing Home Limited") that is one
        # provider's name exactly names that provider, even when it repeats the
        # workplace's name at heart ("Regency Rest Home"), as companies named after
        # their home do: it tells apart the namesakes that the name alone cannot.
        company = self._company(employer, workplace) if et is not None else _NO_PROVIDERS
        if et is not None and (not et.informative or et.parts.core == wt.parts.core):
            et = None
        primary, secondary = (wt, et) if wt.informative or et is None else (et, None)
        # When the workplace names a home well, the employer only matters through the
        # providers it names: records that differ only in how they spell the employer
        # ("Amberwell", "Amberwell Care Group Ltd") share one pair.
        skey: object = None
        if secondary is not None:
            if primary.best >= EMPLOYER_ONLY_BELOW:
                skey = secondary.named
                if not secondary.named:
                    secondary = None
            else:
                skey = secondary.key
        key = (primary.key, skey, company)
        pair = self._pair_cache.get(key)
        if pair is not None:
            self._pair_cache.move_to_end(key)  # most recently used last
            return pair
        # Name evidence per location: the workplace's; the employer's only stands in when
        # the workplace names no home well (then less trusted), else it names the provider.
        locs = primary.locs
        if secondary is not None and secondary.locs and primary.best < EMPLOYER_ONLY_BELOW:
            locs = dict(locs)
            for li, ev in secondary.locs.items():
                ev2 = ev._replace(name=ev.name - EMPLOYER_PENALTY, cover=0.0)
                if li not in locs or ev2.name > locs[li].name:
                    locs[li] = ev2
        named = company or (secondary.named if secondary is not None else _NO_PROVIDERS)
        base = [(self._base_score(li, ev, named), li, ev) for li, ev in locs.items()]
        base.sort(key=lambda b: (b[0], b[2].name), reverse=True)
        pair = _Pair(key, primary, secondary, _keep_close(base, PAIR_ROWS), named)
        pair.areas = frozenset(self._loc_area[li] for _, li, _ev in pair.base)
        _bounded_put(self._pair_cache, key, pair, self._pair_limit)
        return pair

    def _company(self, employer: str, workplace: str) -> frozenset[int]:
        """The one provider an employer text names by its whole company name, if any.

        From the raw text: the analysis of a text is shared with texts that differ only
        in legal and type words, which are what tell companies apart here. A company
        name is evidence only beside a workplace written differently: the workplace's
        own text repeated ("Parkside Ltd" twice) says nothing more.
        """
        if not _COMPANY_RE.search(employer):
            return _NO_PROVIDERS  # not written as a company
        parts = parse_name(employer)
        if parts.plain == normalise_text(workplace):
            return _NO_PROVIDERS
        found = self._prov_company.get(_company_key(parts), ())
        return frozenset(found) if len(found) == 1 else _NO_PROVIDERS

    def _base_score(self, li: int, ev: _Ev, named: frozenset[int]) -> float:
        s = NAME_WEIGHT * ev.name
        if ev.name >= 100.0:
            # Every word agrees exactly: a slip that lands exactly on another home's name
            # is far rarer than a name written right, so this beats a near spelling
            # ("Harwood Court" for Harwood Court rather than Harewood Court).
            s += EXACT_POINTS
        if ev.town:
            s += TOWN_POINTS
        if ev.kind:
            s += KIND_POINTS
        if ev.name > 0:
            p = self._loc_prov[li]
            if p in named and len(self._prov_locs[p]) == 1:
                # The employer names the company of this home and of no other: as telling
                # as a postcode only this home has.
                s += SOLE_PROVIDER_POINTS
            elif ev.brand or p in named:
                s += PROVIDER_POINTS
        return s

    # -- deciding -------------------------------------------------------------------------

    def _decide(self, workplace: str, employer: str, postcode: str) -> _Result:
        pc = self._postcode(postcode)
        given = False
        if workplace or employer:
            # A postcode typed into the workplace column is the workplace's, and beats the
            # postcode column (often the member's home); one in the employer column only
            # stands in for a missing postcode.
            m = _POSTCODE_IN_TEXT_RE.search(workplace)
            in_workplace = m is not None
            if m is None and (pc is None or pc.full is None):
                m = _POSTCODE_IN_TEXT_RE.search(employer)
            if m:
                found = parse_postcode(m.group(1))
                if found is not None and found.full is not None:
                    pc = found
                    given = in_workplace
                    workplace = workplace.replace(m.group(1), " ")
                    employer = employer.replace(m.group(1), " ")
        pair = self._pair(workplace, employer)
        levels: dict[int, PostcodeLevel] = {}
        extra: tuple[tuple[int, PostcodeLevel], ...] = ()
        at_pc: list[int] = []
        sig: tuple[object, ...] = ()
        if pc is not None:
            # The result depends on the postcode only through which candidates it agrees
            # with, and how: that signature is cached, so a member's own home postcode,
            # unique to them, still reuses the work done for their colleagues.
            loc_pc = self._loc_pc
            district = pc.district
            area = _area(district)
            loc_area = self._loc_area
            for _, li, _ev in pair.base if area in pair.areas else ():
                lpc = loc_pc[li]
                if lpc is None:
                    continue
                if lpc.district == district:
                    if pc.full is not None and pc.full == lpc.full:
                        levels[li] = "full"
                    elif pc.sector is not None and pc.sector == lpc.sector:
                        levels[li] = "sector"
                    else:
                        levels[li] = "district"
                elif loc_area[li] == area:
                    # Members mostly live near where they work: a postcode in the same
                    # area (the letters, "OL") is weak evidence, but it tells apart
                    # homes of the same name at opposite ends of the country.
                    levels[li] = "area"
            reached: dict[int, PostcodeLevel] = {}
            if pair.primary.informative and district in self._dist_words:
                # Blocking by place as well as by name: homes in the record's district that
                # share a word with the text, which name blocking may have passed over
                # ("Windsor" among forty Windsors).
                words = self._dist_words[district]
                for t in self._near(pair.primary):
                    for li in words.get(t, ()):
                        # Not in levels: not a name candidate either, since every
                        # name candidate in this district (area) is in levels.
                        if li not in levels:
                            reached[li] = self._level(pc, li)
            if pc.full is not None:
                at_pc = self._pc_full.get(pc.full, [])
                for li in at_pc:
                    if li not in levels:
                        reached[li] = "full"
            extra = tuple(reached.items())
            sig = (tuple(levels.items()), extra, pc.full is not None, len(at_pc), given)
        res = pair.results.get(sig)
        if res is None:
            res = self._judge(pair, pc, levels, extra, at_pc, given)
            if len(pair.results) < PAIR_RESULTS:
                pair.results[sig] = res
        return res

    def _level(self, pc: Postcode, li: int) -> PostcodeLevel:
        """How far a record's postcode agrees with a location's (same district known)."""
        lpc = self._loc_pc[li]
        if lpc is None:
            return "none"
        if pc.full is not None and pc.full == lpc.full:
            return "full"
        if pc.sector is not None and pc.sector == lpc.sector:
            return "sector"
        return "district" if lpc.district == pc.district else "none"

    def _judge(
        self,
        pair: _Pair,
        pc: Postcode | None,
        levels: Mapping[int, PostcodeLevel],
        extra: tuple[tuple[int, PostcodeLevel], ...],
        at_pc: list[int],
        given: bool = False,
    ) -> _Result:
        """Decide from the candidates; ``given``: the workplace was written as a postcode."""
        primary, secondary = pair.primary, pair.secondary
        conflict = POSTCODE_CONFLICT_POINTS if pc is not None and pc.full is not None else 0.0
        # Plain tuples while sorting (there may be dozens); named rows for the leaders.
        loc_pc, loc_prov, named = self._loc_pc, self._loc_prov, pair.named
        raw: list[_RowT] = []
        for base, li, ev in pair.base:
            level = levels.get(li, "none")
            pts = POSTCODE_POINTS[level]
            if level == "none" and loc_pc[li] is not None:
                pts += conflict
            raw.append((base + pts, ev.name, li, level, ev.brand or loc_prov[li] in named, ev))
        for li, level in extra:
            ev = self._score_location(primary, li) if primary.informative else _NO_EVIDENCE
            score = self._base_score(li, ev, named) + POSTCODE_POINTS[level]
            raw.append((score, ev.name, li, level, ev.brand or loc_prov[li] in named, ev))
        raw.sort(reverse=True)
        rows = raw[:ROWS_KEPT]
        cands = _Candidates(self, rows[:5])

        if primary.alias_loc >= 0:
            c = self._cands[primary.alias_loc]
            if not rows or rows[0][2] != primary.alias_loc:
                alias = Scored(
                    c.location_id, c.provider_id, c.name, 100.0, "alias", c.name, 100.0, "none"
                )
                cands = _Candidates(self, rows[:4], (alias,))
            return c.location_id, c.provider_id, 100.0, "auto", cands, "confirmed alias"

        best_s, best_name, best_li, best_level = rows[0][:4] if rows else (0.0, 0.0, -1, "none")
        if rows and self._clear(rows, at_pc, primary.noncare, primary.parts.kinds):
            c = self._cands[best_li]
            return c.location_id, c.provider_id, _pct(best_s), "auto", cands, "clear best"

        if primary.noncare:
            return None, None, _pct(best_s), "none", cands, "works outside the register"

        # A provider named instead of a home: by the workplace text itself, or by the
        # employer column when the workplace names no home.
        hit = self._provider_named(primary.providers, best_name + 10.0)
        if hit is None and secondary is not None and best_name < REVIEW_NAME:
            hit = self._provider_named(secondary.providers, 0.0)
        if hit is not None:
            ps, p, pe = hit
            pid = self._prov_ids[p]
            here = [li for li in at_pc if self._loc_prov[li] == p]
            if len(here) == 1:
                c = self._cands[here[0]]
                reason = "provider named; its only home at this postcode"
                return c.location_id, pid, _pct(ps), "auto", cands, reason
            pname = self._prov_names[p] or pid
            pcand = Scored(
                None, pid, pname, _pct(ps), "provider", self._e_text[pe], _pct(ps), "none"
            )
            cands = _Candidates(self, rows[:4], (pcand,))
            return None, pid, _pct(ps), "auto", cands, "provider named, no home"

        if rows and best_s >= REVIEW_SCORE and best_name >= REVIEW_NAME:
            tied = [r for r in rows if r[0] >= best_s - TIE_POINTS]
            provs = {loc_prov[r[2]] for r in tied}
            if len(tied) > 1 and len(provs) == 1 and -1 not in provs:
                # Equally good homes of one provider: the provider at least is known.
                p = provs.pop()
                reason = "several homes of one provider fit equally"
                return None, self._prov_ids[p], _pct(best_s), "auto", cands, reason
            if len(tied) > REVIEW_MAX_TIED:
                # Too many equally good homes for a person to choose from either.
                return None, None, _pct(best_s), "none", cands, "too many equal candidates"
            return None, None, _pct(best_s), "review", cands, "uncertain"
        if rows and best_level == "full" and not primary.informative:
            if len(at_pc) == 1 and given:
                # The workplace written as a postcode ("OL8 2BY") that one location holds:
                # the member says where they work, as a postcode column (perhaps their
                # home's) alone does not.
                c = self._cands[best_li]
                reason = "the workplace given as the postcode of this home only"
                return c.location_id, c.provider_id, _pct(best_s), "auto", cands, reason
            if len(at_pc) == 1 and self._type_agrees(primary.parts.kinds, best_li, registered=True):
                # "Nursing Home" and a postcode held by one location only, a care home by
                # its name or by the register: the type is the weakly consistent name
                # evidence that a bare postcode lacks.
                c = self._cands[best_li]
                reason = "the only home at this postcode, of the type named"
                return c.location_id, c.provider_id, _pct(best_s), "auto", cands, reason
            return None, None, _pct(best_s), "review", cands, "postcode only"
        return None, None, _pct(best_s), "none", cands, "no good candidate"

    def _clear(
        self, rows: list[_RowT], at_pc: list[int], noncare: bool, kinds: frozenset[str]
    ) -> bool:
        """Whether the best row is clear enough to link without a person."""
        score, n, _li, level, brand, ev = rows[0]
        if noncare and n < (NONCARE_AT_POSTCODE if level == "full" else NONCARE_EXACT):
            # A word of the world outside the register ("Council", "Nurses"): only the
            # register's own name for a home, or nearly it at the home's postcode (a
            # council's care home, "Retired Nurses National Home", misspelt).
            return False
        key: str = level
        if key == "full" and len(at_pc) == 1:
            key = "unique"
        second = rows[1][0] if len(rows) > 1 else 0.0
        if score < AUTO_SCORE or score - second < AUTO_MARGIN[key]:
            return False
        if n < MIN_NAME_FOR_AUTO[key]:
            return False
        if at_pc and level != "full" and n < OTHER_FULL_NAME:
            # The full postcode is another home's: rarely a coincidence.
            return False
        # Another home whose name holds every word of the text blocks auto unless
        # independent evidence (postcode, town, provider, the type of home the text
        # names: "Rossendale Rest Home" is the nursing home, not "Rossendale Road")
        # favours the best over it.
        rank = _LEVEL_RANK[level]
        typed = self._type_agrees(kinds, rows[0][2])
        for _s, other_n, other_li, other_level, other_brand, other_ev in rows[1:]:
            if (
                other_ev.cover >= CONTAIN_COVER
                and other_n >= CONTAIN_NAME
                and _LEVEL_RANK[other_level] >= rank
                and (other_brand or not brand)
                and (other_ev.town or not ev.town)
                and (other_ev.kind or not ev.kind)
                and (not typed or self._type_agrees(kinds, other_li))
            ):
                return False
        return True

    def _type_agrees(self, kinds: frozenset[str], li: int, registered: bool = False) -> bool:
        """Whether a text's service type matches the type in a location's own name (or,
        with ``registered``, the register's service type for it)."""
        if not kinds:
            return False
        own = self._loc_kinds[li]
        if registered:
            own = own | self._loc_service[li]
        if "homecare" in kinds:
            return "homecare" in own
        return bool(own & {"home", "nursing", "residential"})

    @staticmethod
    def _provider_named(
        providers: list[tuple[float, int, int]], at_least: float
    ) -> tuple[float, int, int] | None:
        if not providers:
            return None
        ps, p, pe = providers[0]
        p2 = providers[1][0] if len(providers) > 1 else 0.0
        if ps >= PROVIDER_AUTO and ps - p2 >= PROVIDER_MARGIN and ps >= at_least:
            return ps, p, pe
        return None

    def _scored(
        self, score: float, n: float, li: int, level: PostcodeLevel, brand: bool, ev: _Ev
    ) -> Scored:
        c = self._cands[li]
        e = ev.entry
        # tuple.__new__ skips the named tuple's Python-level constructor: this runs
        # millions of times in a large run.
        return _new_tuple(
            Scored,
            (
                c.location_id,
                c.provider_id,
                c.name,
                _pct(score),
                self._e_source[e] if e >= 0 else "postcode",
                self._e_text[e] if e >= 0 else "",
                _pct(n),
                level,
                ev.town,
                brand,
            ),
        )

    # -- public -----------------------------------------------------------------------------

    def match(self, q: Query) -> Match:
        """Link one record."""
        loc, prov, score, decision, cands, reason = self._decide(
            q.workplace or "", q.employer or "", q.postcode or ""
        )
        return Match(q.id, loc, prov, score, decision, cands, reason)

    def match_many(self, qs: Iterable[Query]) -> Iterator[Match]:
        """Link many records lazily; a repeated text is analysed once."""
        match = self.match
        with collector_paused():
            for q in qs:
                yield match(q)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a long run of matching.

    The matcher's caches keep millions of small tuples alive for the whole run, and the
    collector scanned them again and again as they grew: a third of the matching time
    at 300,000 records (bench/linkage). Matching makes next to no reference cycles (a
    few hundred objects in 300,000 records; reference counting frees the rest), so
    nothing builds up while it is paused; it is restored afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Words that mark a text as a company's name rather than a workplace's.
_COMPANY_RE = re.compile(r"(?i)\b(ltd|limited|plc|llp|cic)\b")


def _company_key(parts: NameParts) -> str:
    """A company's name without legal words and short words, its type words kept."""
    return " ".join(w for w in parts.plain.split() if w not in LEGAL_WORDS and w not in STOP_WORDS)


def _second(pair: tuple[int, float]) -> float:
    return pair[1]


def _similarity(q: str, t: str) -> float:
    """How alike two words are (0-1), as a typing slip would make them.

    Indel similarity, except that two neighbouring letters swapped ("Pakrbourn") count
    as one slip, like a letter left out, not as two: a swap is the commonest slip at a
    keyboard, and two real names rarely differ by one.
    """
    sim = Indel.normalized_similarity(q, t)
    if len(q) == len(t) and len(q) >= 4 and sim < 1.0:
        i = 0
        while q[i] == t[i]:
            i += 1
        if i + 1 < len(q) and q[i] == t[i + 1] and q[i + 1] == t[i] and q[i + 2 :] == t[i + 2 :]:
            sim = 1.0 - 1.0 / (len(q) + len(t))
    return sim


def _keep_close(base: list[tuple[float, int, _Ev]], n: int) -> list[tuple[float, int, _Ev]]:
    """The first ``n`` of a sorted list, and any later one within reach of the best."""
    if len(base) <= n:
        return base
    floor = base[0][0] - CLOSE_POINTS
    extra = [b for b in base[n:TWINS_MAX] if b[0] >= floor]
    return base[:n] + extra


_AREA_RE = re.compile(r"[A-Z]+")
_AREAS: dict[str, str] = {}


def _area(district: str) -> str:
    """The postcode area of a district: its leading letters ("OL" of "OL8")."""
    area = _AREAS.get(district)
    if area is None:
        m = _AREA_RE.match(district)
        area = m.group(0) if m else ""
        if len(_AREAS) < 10_000:
            _AREAS[district] = area
    return area


def _pct(score: float) -> float:
    """A score as reported: 0-100, one decimal (ranking uses the uncapped value)."""
    if score >= 100.0:
        return 100.0
    return int(score * 10.0 + 0.5) / 10.0 if score > 0.0 else 0.0
