"""The register indexed for linking: names, words, postcodes, providers."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from commonground.lib.postcodes import Postcode, parse_postcode
from commonground.lib.postcodes import area as postcode_area

from ..normalise import (
    NameParts,
    parse_name,
    town_tokens,
)
from .model import Candidate, NameSource
from .state import NO_WORDS, AnalysedText, TextPair
from .tuning import (
    COMMON_POSTING,
    COUNCIL_WORDS,
    GENERIC_WEIGHT,
    GENERIC_WORDS,
    MIN_REGISTER,
    OPTIONAL_FACTOR,
    PAIR_CACHE,
    PC_CACHE,
    RAW_CACHE,
    SERVICE_KIND,
    SOLE_WORD_MIN,
    TEXT_CACHE,
    TOKEN_CACHE,
    TOWN_STOP_WORDS,
)
from .util import collector_paused, company_key, deletions


class RegisterIndex:
    """The register indexed for linking: what :class:`Matcher` reads. Built once."""

    def __init__(
        self,
        candidates: Iterable[Candidate],
        *,
        aliases: Mapping[str, str] | None = None,
        district_points: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        # Postcode district -> (latitude, longitude) of its centre, where known: a record's
        # postcode far from a home is evidence against it (Matcher._far).
        self._points: dict[str, tuple[float, float]] = dict(district_points or {})
        # Building makes a few million objects and almost no cycles: the collector would
        # scan them again and again as they grow (a third of the build's time).
        with collector_paused():
            self._build(candidates, aliases or {})
        self.share_caches(1)

    def _build(self, candidates: Iterable[Candidate], aliases: Mapping[str, str]) -> None:
        self._cands: list[Candidate] = list(candidates)
        # Names repeat while building (a location's name for its type and its entry, a
        # provider's for its company key, brand and entry): each is parsed once.
        self._parsed: dict[str, NameParts] = {}
        self._town_words: dict[str | None, frozenset[str]] = {}
        self._loc_index: dict[str, int] = {}
        for i, c in enumerate(self._cands):
            self._loc_index.setdefault(c.location_id, i)
        self._build_providers()
        self._build_places()
        self._build_entries(aliases)
        self._build_token_index()
        self._build_chains()
        self._build_sole_words()
        del self._parsed, self._town_words
        self._token_cache: dict[str, tuple[float, dict[str, float]]] = {}
        self._fixed: dict[str, tuple[str, ...]] = {}
        self._text_cache: OrderedDict[str, tuple[object, ...]] = OrderedDict()
        self._core_cache: OrderedDict[tuple[object, ...], AnalysedText] = OrderedDict()
        self._pair_cache: OrderedDict[tuple[object, object, object], TextPair] = OrderedDict()
        self._pair_seen: OrderedDict[tuple[object, object, object], None] = OrderedDict()
        self._raw_pairs: OrderedDict[tuple[str, str], tuple[object, object, object]] = OrderedDict()
        self._pc_cache: OrderedDict[str, object] = OrderedDict()
        self._company_cache: OrderedDict[str, tuple[str, frozenset[int]]] = OrderedDict()
        self._far_cache: dict[tuple[str, str], bool] = {}

    def share_caches(self, ways: int) -> None:
        """Bound the caches at 1/``ways`` of their size: for each of ``ways`` processes
        forked from this matcher, each seeing its share of the texts."""
        ways = max(1, ways)
        self._text_limit = TEXT_CACHE // ways
        self._pair_limit = PAIR_CACHE // ways
        self._raw_limit = RAW_CACHE // ways
        self._token_limit = TOKEN_CACHE // ways
        self._pc_limit = PC_CACHE // ways

    def _parse(self, text: str) -> NameParts:
        parts = self._parsed.get(text)
        if parts is None:
            parts = self._parsed[text] = parse_name(text)
        return parts

    def _town(self, town: str | None) -> frozenset[str]:
        words = self._town_words.get(town)
        if words is None:
            words = self._town_words[town] = frozenset(town_tokens(town)) - TOWN_STOP_WORDS
        return words

    def _council(self, council: str | None) -> frozenset[str]:
        """A council's distinctive words: "Bristol, City of" is Bristol."""
        return self._town(council) - COUNCIL_WORDS if council else NO_WORDS

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
            key = company_key(self._parse(name)) if name else ""
            if key:
                self._prov_company.setdefault(key, []).append(p)
        # A brand's words are evidence for each of its homes ("BUPA - Heathfield"). Only
        # for providers of several homes: a single home's company is usually its own name.
        self._prov_brand: list[frozenset[str]] = [
            frozenset(self._parse(name).tokens) - GENERIC_WORDS
            if name and len(self._prov_locs[p]) > 1
            else NO_WORDS
            for p, name in enumerate(self._prov_names)
        ]

    def _build_places(self) -> None:
        self._loc_pc: list[Postcode | None] = []
        self._pc_full: dict[str, list[int]] = {}
        self._pc_sector: dict[str, list[int]] = {}
        self._loc_town: list[frozenset[str]] = []
        self._loc_council: list[frozenset[str]] = []
        for i, c in enumerate(self._cands):
            pc = parse_postcode(c.postcode)
            # CQC postcodes may be blank or malformed: such a location is found by name only.
            self._loc_pc.append(pc if pc is not None and pc.full is not None else None)
            if pc is not None and pc.full is not None and pc.sector is not None:
                self._pc_full.setdefault(pc.full, []).append(i)
                self._pc_sector.setdefault(pc.sector, []).append(i)
            self._loc_town.append(self._town(c.town))
            self._loc_council.append(self._council(c.council_name))
        self._loc_area = [
            postcode_area(pc.district) if pc is not None else "" for pc in self._loc_pc
        ]
        self._towns: frozenset[str] = frozenset().union(*self._loc_town)
        # Places members add to a name ("Willows Care Home Bolton", "Acorn Lodge, Cheshire
        # East"): each town and council, by its words, with the districts of its homes.
        place_districts: dict[tuple[str, ...], set[str]] = {}
        place_homes: dict[tuple[str, ...], int] = {}
        for i, pc in enumerate(self._loc_pc):
            for words in {self._loc_town[i], self._loc_council[i]}:
                if words:
                    key = tuple(sorted(words))
                    place_homes[key] = place_homes.get(key, 0) + 1
                    found = place_districts.setdefault(key, set())
                    if pc is not None:
                        found.add(pc.district)
        self._place_districts = {k: frozenset(v) for k, v in place_districts.items()}
        self._place_homes = place_homes
        self._place_areas = {
            k: frozenset(postcode_area(d) for d in v) for k, v in place_districts.items()
        }
        self._place_words: frozenset[str] = frozenset(w for k in place_districts for w in k)
        self._loc_kinds = [self._parse(c.name).kinds for c in self._cands]
        # What the register says the location is, whatever its name says.
        self._loc_service = [
            frozenset(SERVICE_KIND[t] for t in c.service_types if t in SERVICE_KIND)
            for c in self._cands
        ]
        # Misspelt towns ("Budleihg Salterton") are corrected through this index.
        self._town_del: dict[str, list[str]] = {}
        for t in self._towns:
            if len(t) >= 5:
                for d in deletions(t) | {t}:
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
                parts = self._parse(text)
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
                parts = self._parse(name)
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
                for t in self._loc_town[loc] | self._loc_council[loc]:
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
            self._idf[t] = min(w, GENERIC_WEIGHT) if t in GENERIC_WORDS else max(w, 0.3)
        # Deletion index: one deletion on either side finds every word within about one
        # edit, transpositions included. The prefix index serves truncated words.
        self._del_index: dict[str, list[str]] = {}
        self._prefix_index: dict[str, list[str]] = {}
        # First letter -> register words of seven letters or more: the words a long
        # misspelt word may be two slips from (TextAnalyser._two_slips).
        by_initial: dict[str, list[str]] = {}
        for t in postings:
            if len(t) >= 4:
                for d in deletions(t):
                    self._del_index.setdefault(d, []).append(t)
            if len(t) >= 5:
                for k in range(4, min(len(t), 8)):
                    self._prefix_index.setdefault(t[:k], []).append(t)
            if len(t) >= 7 and t not in GENERIC_WORDS:
                by_initial.setdefault(t[0], []).append(t)
        # Shortest first, with where each length starts, so that a word is compared only
        # with the words two letters shorter to two longer.
        self._by_initial: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}
        for letter, found in by_initial.items():
            found.sort(key=len)
            lengths = [len(t) for t in found]
            starts = tuple(bisect_left(lengths, n) for n in range(lengths[-1] + 2))
            self._by_initial[letter] = (tuple(found), starts)
        # Each entry's word weights. A location's own town and its brand's words are
        # optional (members leave them out), so they weigh less.
        self._e_words: list[tuple[tuple[str, float], ...]] = []
        self._e_total: list[float] = []
        self._e_town: list[frozenset[str]] = []
        self._e_council: list[frozenset[str]] = []
        self._e_brand: list[frozenset[str]] = []
        for e, toks in enumerate(self._e_tokens):
            loc = self._e_loc[e]
            town = brand = council = NO_WORDS
            if loc >= 0 and self._e_source[e] != "provider":
                town = self._loc_town[loc]
                council = self._loc_council[loc]
                if council == town:
                    council = NO_WORDS
                p = self._loc_prov[loc]
                brand = self._prov_brand[p] if p >= 0 else NO_WORDS
            optional = town | brand | council
            ws = tuple(self._idf[t] * (OPTIONAL_FACTOR if t in optional else 1.0) for t in toks)
            # (word, weight) pairs: scoring reads them together, for every entry it scores.
            self._e_words.append(tuple(zip(toks, ws, strict=True)))
            self._e_total.append(sum(ws))
            self._e_town.append(town)
            self._e_council.append(council)
            self._e_brand.append(brand)

    def _build_chains(self) -> None:
        """Each location's current registration: itself, unless the home was registered
        again at the same full postcode (a new provider makes a new location id).

        Which registration of a linked chain is current is the register's rule
        (``register.succession``), given as each candidate's ``current_id``. Where the
        links are missing, registrations bearing the same name at the same full postcode,
        with the same type words and service type, are one home too; of those the current
        is the latest registered, then the latest CQC id (CQC numbers ids in order).
        """
        parent = list(range(len(self._cands)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def same_place(a: int, b: int) -> bool:
            pa, pb = self._loc_pc[a], self._loc_pc[b]
            return pa is None or pb is None or pa.full == pb.full

        succeeded: set[int] = set()
        for i, c in enumerate(self._cands):
            j = self._loc_index.get(c.current_id) if c.current_id else None
            if j is not None and j != i and same_place(i, j):
                succeeded.add(i)
                parent[root(i)] = root(j)
        for locs in self._pc_full.values():
            if len(locs) < 2:
                continue
            by_name: dict[tuple[str, frozenset[str], frozenset[str]], int] = {}
            for i in locs:
                for e in self._entries_of[i]:
                    if self._e_source[e] in ("current", "previous"):
                        # The type words too: "Lindisfarne Nursing" and "Lindisfarne
                        # Residential" at one address are two homes.
                        key = (self._e_core[e], self._e_kinds[e], self._loc_service[i])
                        j = by_name.setdefault(key, i)
                        if j != i:
                            parent[root(i)] = root(j)
        groups: dict[int, list[int]] = {}
        for i in range(len(self._cands)):
            groups.setdefault(root(i), []).append(i)
        self._current = list(range(len(self._cands)))
        self._chained = False
        for members in groups.values():
            if len(members) < 2:
                continue
            head = max(members, key=lambda i: (i not in succeeded, *self._registration_key(i)))
            for i in members:
                self._current[i] = head
            self._chained = True

    def _build_sole_words(self) -> None:
        """Words that only one home's names hold (its registrations counted as one), and
        that lead its name: word -> that home's current registration.

        A name leads with what sets it apart ("Langdown House", "Penventon Discharge
        Lounge"); a later word may be a trade that other businesses share ("Compact
        Personnel Ltd"). The home's own name must hold it, and not as part of an address
        ("94 Strathleven Road" names every business on that street); a word only of a
        company's name, or of a name the home no longer bears, may be another business's
        trade. Not type or generic words, not towns' words, not short ones, and not a word
        of a provider of several homes (a brand word names every home of the brand).
        """
        self._sole_word: dict[str, int] = {}
        for t, post in self._postings.items():
            if len(t) < SOLE_WORD_MIN or t in GENERIC_WORDS or t in self._towns:
                continue
            homes = {self._current[self._e_loc[e]] if self._e_loc[e] >= 0 else -1 for e in post}
            if len(homes) != 1 or -1 in homes:
                continue
            leads = any(
                self._e_source[e] in ("current", "alias")
                and self._e_tokens[e][0] == t
                and not any(w.isdigit() for w in self._e_tokens[e])
                for e in post
            )
            if leads:
                self._sole_word[t] = homes.pop()

    def _registration_key(self, i: int) -> tuple[str, int]:
        c = self._cands[i]
        digits = c.location_id.rpartition("-")[2]
        return c.registered_on, int(digits) if digits.isdigit() else -1
