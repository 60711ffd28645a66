"""What the matcher works out for a text or a pair of texts, and caches."""

from __future__ import annotations

from typing import NamedTuple

from ..normalise import (
    NameParts,
)
from .model import Decision, LazyCandidates, PostcodeLevel
from .tuning import SERVICE_WORDS, UNINFORMATIVE

NO_WORDS: frozenset[str] = frozenset()
NO_PROVIDERS: frozenset[int] = frozenset()


class NameEvidence(NamedTuple):
    """Name evidence for one location from one text."""

    name: float
    entry: int  # -1: found by postcode, no name evidence
    town: bool
    brand: bool
    cover: float  # share of the text's words the name explains
    kind: bool = False  # the text and the name say the same type ("Nursing Home")


NO_EVIDENCE = NameEvidence(0.0, -1, False, False, 0.0)


class PreparedText:
    """A text's words prepared for scoring: weights and register neighbours."""

    __slots__ = (
        "kinds",
        "place",
        "qindex",
        "rev",
        "tokens",
        "total",
        "towns",
        "weights",
        "words",
    )

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
        self.place: tuple[str, ...] = ()
        """A town or council written after the name ("Willows Care Home Bolton")."""


class AnalysedText:
    """One free text analysed against the register, independent of any postcode."""

    __slots__ = (
        "alias_loc",
        "best",
        "extra",
        "group",
        "informative",
        "key",
        "locs",
        "named",
        "near",
        "noncare",
        "parts",
        "place",
        "place_only",
        "providers",
        "qy",
        "service_only",
        "sole",
    )

    def __init__(self, parts: NameParts, key: tuple[object, ...]) -> None:
        self.parts = parts
        self.key = key
        self.informative = parts.core not in UNINFORMATIVE and any(len(t) > 1 for t in parts.tokens)
        # The key's last part (Matcher._text): whether the text names work outside the
        # register, searched once per distinct text.
        self.noncare = bool(key[3])
        self.best = 0.0
        """The best name score of any location."""
        self.locs: dict[int, NameEvidence] = {}
        self.extra: dict[int, NameEvidence] = {}
        """Locations scored because the postcode reached them, not the name."""
        self.providers: list[tuple[float, int, int]] = []
        """(score, provider, entry) for multi-location providers, best first."""
        self.named: frozenset[int] = frozenset()
        """Providers this text names (any provider entry scoring PROVIDER_NAMED)."""
        self.alias_loc = -1
        self.near: frozenset[str] | None = None
        """Register words within reach of the text's words (computed when needed)."""
        self.qy: PreparedText | None = None
        self.place: tuple[str, ...] = ()
        """A town or council written after the name: a place, not part of the name."""
        self.place_only: tuple[str, ...] = ()
        """The place, when the text is only a town's or council's name ("Knowsley")."""
        self.group = bool(key[4]) if len(key) > 4 else False
        """The text names a group of homes ("Hallmark Care Homes"), not one home."""
        self.service_only = bool(parts.tokens) and SERVICE_WORDS.issuperset(parts.tokens)
        """The text is only words for a kind of service ("Reablement Team"), no place."""
        self.sole = -1
        """The one home (current registration) whose names alone hold a word of the
        text, in its likeliest reading; -1 for none, or for words naming two homes."""


# A location's standing for one record: (score, name score, location, postcode level,
# provider named, evidence). Plain tuples: dozens are made and sorted per record.
CandidateRow = tuple[float, float, int, PostcodeLevel, bool, NameEvidence]
new_tuple = tuple.__new__


Decided = tuple[str | None, str | None, float, Decision, LazyCandidates, str]


class TextPair:
    """A (workplace, employer) pair's evidence before the postcode, and its results."""

    __slots__ = (
        "against",
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
        primary: AnalysedText,
        secondary: AnalysedText | None,
        base: list[tuple[float, int, NameEvidence]],
        named: frozenset[int],
    ) -> None:
        self.key = key
        self.primary = primary
        self.secondary = secondary
        self.base = base
        """(score before postcode, location, evidence), best first."""
        self.named = named
        self.areas: frozenset[str] = frozenset()
        self.against: frozenset[int] = frozenset()
        """Locations the text's place contradicts (in another town and council)."""
        self.results: dict[tuple[object, ...], Decided] = {}
