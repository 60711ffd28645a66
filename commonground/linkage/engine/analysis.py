"""Analysing a record's texts against the register: words, blocking, name scores."""

from __future__ import annotations

from collections.abc import Iterable
from heapq import nlargest

from rapidfuzz.distance import OSA, Indel
from rapidfuzz.process import extract

from commonground.lib.postcodes import Postcode, parse_postcode

from ..normalise import (
    NameParts,
    normalise_text,
    parse_name,
)
from .index import RegisterIndex
from .state import (
    NO_EVIDENCE,
    NO_PROVIDERS,
    AnalysedText,
    NameEvidence,
    PreparedText,
    TextPair,
    new_tuple,
)
from .tuning import (
    BLOCK_TOP,
    COMMON_POSTING,
    EMPLOYER_ONLY_BELOW,
    EMPLOYER_PENALTY,
    EXACT_POINTS,
    FUZZY_POWER,
    GENERIC_WEIGHT,
    GENERIC_WORDS,
    GROUP_RE,
    KIND_POINTS,
    LONG_WORD,
    NAME_COVER_POWER,
    NAME_WEIGHT,
    NONCARE_RE,
    PAIR_ROWS,
    PROVIDER_NAMED,
    PROVIDER_POINTS,
    SOLE_PROVIDER_POINTS,
    TEXT_COVER_POWER,
    TEXT_LOCS,
    TOWN_POINTS,
    TOWN_SIMILAR,
    TWINS_MAX,
    TWO_SLIP_MIN,
    UNKNOWN_WEIGHT,
)
from .util import (
    COMPANY_RE,
    MISSING,
    bounded_put,
    company_key,
    deletions,
    keep_close,
    second_item,
    similarity,
)


class TextAnalyser(RegisterIndex):
    """The register indexed for linking, and what a text says about it (cached)."""

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
                for d in deletions(q):
                    if len(d) >= 4 and d in self._idf:
                        found.add(d)  # q has a letter too many
                    found.update(self._del_index.get(d, ()))  # a letter differs
            # In a fixed order: the neighbours' order decides ties in blocking, and a set of
            # strings iterates in an order that changes from process to process.
            for t in sorted(found):
                if t not in nb:
                    sim = similarity(q, t)
                    # One slip (a letter left out, added, changed, or two swapped) in
                    # a short word; a word shifted by a letter ("Gwelfor" for Welford,
                    # two slips) is more likely another name than a misspelling.
                    if sim >= floor and (len(q) >= LONG_WORD or OSA.distance(q, t) <= 1):
                        nb[t] = sim**FUZZY_POWER
        if not nb and len(q) >= TWO_SLIP_MIN and not self._town_of(q) and not self._split(q):
            # A long word no register word is one slip from ("Abbootsleiigh", "Mllgield"),
            # and not a misspelt town or two words run together: two slips in a word that
            # long still leave one reading, when only one register word of its first
            # letter is that near ("Gwelfor", shorter, may be another name).
            two = self._two_slips(q)
            if two:
                nb[two] = similarity(q, two)
        if not nb and len(q) >= 4:
            # A truncated word ("Heathf", "Kingsw") begins the register's word.
            for t in self._prefix_index.get(q, ())[:40]:
                nb[t] = 0.8
        if nb:
            # A misspelling weighs as its likeliest reading; on a tie, the commoner one.
            top = max(nb.values())
            w = min(self._idf[t] for t, s in nb.items() if s >= top - 0.02)
        else:
            # Unknown: as rare as the rarest. Only a fragment means little: a letter, a
            # piece of a postcode ("M7"), an "nr" with no town after it. Two letters are a
            # word ("Cartref Ni", initials) that a name without it does not explain.
            fragment = len(q) < 2 or (len(q) == 2 and (not q.isalpha() or q == "nr"))
            w = GENERIC_WEIGHT if q in GENERIC_WORDS else 1.0 if fragment else UNKNOWN_WEIGHT
        if len(self._token_cache) >= self._token_limit:
            self._token_cache.clear()
        res = (w, nb)
        self._token_cache[q] = res
        return res

    def _two_slips(self, q: str) -> str:
        """The one register word two slips (OSA) from a long word, beginning with its
        letter; "" when none, or several."""
        words, starts = self._by_initial.get(q[0], ((), ()))
        if not words:
            return ""
        lo = starts[min(len(q) - 2, len(starts) - 1)]
        hi = starts[min(len(q) + 3, len(starts) - 1)]
        found = extract(q, words[lo:hi], scorer=OSA.distance, score_cutoff=2, limit=2)
        return found[0][0] if len(found) == 1 else ""

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
        town = self._town_of(q)
        if town:
            return (town,)  # a misspelt town
        return self._split(q) or (q,)

    def _town_of(self, q: str) -> str:
        """The one town a word is a slip from, or ""."""
        towns = {t for d in deletions(q) | {q} for t in self._town_del.get(d, ())}
        towns = {t for t in towns if Indel.normalized_similarity(q, t) >= 0.8}
        return towns.pop() if len(towns) == 1 else ""

    def _split(self, q: str) -> tuple[str, ...]:
        """ "Hollinspark": a run-together pair of register words, or ()."""
        if len(q) >= 7:
            for k in range(3, len(q) - 2):
                if q[:k] in self._idf and q[k:] in self._idf:
                    return (q[:k], q[k:])
        return ()

    def _place_of(self, words: tuple[str, ...] | list[str]) -> tuple[tuple[str, ...], bool]:
        """A town or council written after the name ("Acorn Lodge, Wigan", "Woodlands
        Cheshire East"), as its key in the register's places; and whether the text is
        only a place ("Knowsley"), its type and generic words aside."""
        named = [w for w in words if w not in GENERIC_WORDS]
        if not named:
            return (), False
        places = self._place_districts
        whole = tuple(sorted(named))
        if whole in places:
            return whole, True
        for k in (3, 2, 1):
            if len(words) > k:
                key = tuple(sorted(words[-k:]))
                if key in places and any(w not in GENERIC_WORDS for w in words[:-k]):
                    return key, False
        return (), False

    def _query(self, parts: NameParts) -> PreparedText:
        qy = PreparedText()
        qy.kinds = parts.kinds
        words = self._words(parts)
        place, only = self._place_of(words)
        qy.place = () if only else place
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
                near = max(hits, key=second_item)
                if near[1] >= TOWN_SIMILAR:
                    qy.towns[t] = near
        return qy

    def _analyse(self, parts: NameParts, key: tuple[object, ...]) -> AnalysedText:
        tx = AnalysedText(parts, key)
        if not tx.informative:
            return tx
        qy = self._query(parts)
        li = self._alias.get(parts.core, -1)
        # An alias that is also another location's real name is not safe to auto-link.
        if li >= 0 and self._exact.get(parts.core, {li}) <= {li}:
            tx.alias_loc = li
        provs: dict[int, tuple[float, int]] = {}
        named: set[int] = set()
        score_entry, e_loc = self._score_entry, self._e_loc
        for e in self._block(qy, parts):
            ev = score_entry(qy, e)
            loc = e_loc[e]
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
        leaders = nlargest(3, tx.locs.values())  # as sorted(..., reverse=True)[:3]
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
        tx.sole = self._sole_home(qy)
        tx.place = qy.place
        place, only = self._place_of(parts.tokens)
        tx.place_only = place if only else ()
        tx.providers = sorted(((s, p, e) for p, (s, e) in provs.items()), reverse=True)[:3]
        tx.named = frozenset(named) if named else NO_PROVIDERS
        tx.best = max((ev.name for ev in tx.locs.values()), default=0.0)
        return tx

    def _sole_home(self, qy: PreparedText) -> int:
        """The one home named by a word of the text that only its names hold, read as
        the register word it most likely spells; -1 when none, or when words name two."""
        sole = self._sole_word
        found = -1
        for _q, _w, nb in qy.tokens:
            if not nb:
                continue
            top = max(nb.values())
            readings = [t for t, sim in nb.items() if sim >= top - 0.02]
            if len(readings) != 1:
                continue  # two equally likely readings: the slip does not say which
            li = sole.get(readings[0], -1)
            if li < 0:
                continue
            if found >= 0 and found != li:
                return -1
            found = li
        return found

    def _block(self, tx: PreparedText, parts: NameParts) -> list[int]:
        acc: dict[int, float] = {}
        acc_get = acc.get
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
                    acc[e] = acc_get(e, 0.0) + ws
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
            # From the smaller side: a common word's set may hold thousands of entries.
            if len(group) < len(acc):
                for e in group:
                    if e in acc:
                        acc[e] += w
            else:
                for e in group.intersection(acc):
                    acc[e] += w
        top: Iterable[int] = acc
        if len(acc) > BLOCK_TOP:
            # As sorted(...)[:BLOCK_TOP], ties in the same order, without sorting them all.
            top = nlargest(BLOCK_TOP, acc, key=acc.__getitem__)
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

    def _score_entry(self, tx: PreparedText, e: int) -> NameEvidence:
        """How well one register entry explains a text (name score 0-100)."""
        best_q = [0.0] * len(tx.weights)
        rev = tx.rev
        matched_c = 0.0
        for t, wc in self._e_words[e]:
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
        if not town_hit:
            # The council's name counts as the town's ("Woodlands Cheshire East"); so
            # does a place written after the name when the home is there ("Willows,
            # Chadderton" for a home whose post town is Oldham).
            council = self._e_council[e]
            place: Iterable[str] = ()
            if council and council <= tx.words:
                place = council
            elif tx.place:
                loc = self._e_loc[e]
                lpc = self._loc_pc[loc] if loc >= 0 else None
                if lpc is not None and lpc.district in self._place_districts[tx.place]:
                    place = tx.place
            for t in place:
                qi = tx.qindex[t]
                if best_q[qi] < 0.9:
                    best_q[qi] = 1.0
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
            return NameEvidence(0.0, e, town_hit, brand_hit, 0.0, False)
        matched_q = 0.0
        for w, b in zip(tx.weights, best_q, strict=False):  # as many: one per word
            matched_q += w * b
        # Asymmetric: members often leave words out of a name ("Woodcote" for "Woodcote
        # Hall") but rarely add a wrong one, so words the text has and the name lacks
        # count against it more than words the name has and the text lacks.
        cover_q = matched_q / tx.total
        cover_c = matched_c / total_c
        score = 100.0 * cover_q**TEXT_COVER_POWER * cover_c**NAME_COVER_POWER
        kind = not tx.kinds.isdisjoint(self._e_kinds[e])
        # tuple.__new__: the named tuple's own constructor is Python code, and this runs
        # for every entry blocking finds.
        return new_tuple(NameEvidence, (score, e, town_hit, brand_hit, cover_q, kind))

    def _best_entry(self, qy: PreparedText, li: int) -> NameEvidence:
        best = NO_EVIDENCE
        for e in self._entries_of[li]:
            ev = self._score_entry(qy, e)
            if ev.name > best.name or best.entry < 0:
                best = ev
        return best

    def _score_location(self, tx: AnalysedText, li: int) -> NameEvidence:
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
                ev = NO_EVIDENCE
            if len(tx.extra) < 16:
                tx.extra[li] = ev
        return ev

    def _near(self, tx: AnalysedText) -> frozenset[str]:
        if tx.near is None:
            near: set[str] = set()
            for q in self._words(tx.parts):
                near.update(self._token(q)[1])
            tx.near = frozenset(near)
        return tx.near

    def _text(self, raw: str) -> AnalysedText:
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
                bool(NONCARE_RE.search(parts.plain)),
                not parts.segments
                and "(" not in raw
                and "[" not in raw
                and bool(GROUP_RE.search(parts.plain)),
            )
            bounded_put(self._text_cache, raw, ckey, self._raw_limit)
        tx = self._core_cache.get(ckey)
        if tx is None:
            tx = self._analyse(parts or parse_name(raw), ckey)
            bounded_put(self._core_cache, ckey, tx, self._text_limit)
        else:
            self._core_cache.move_to_end(ckey)
        return tx

    def _postcode(self, raw: str) -> Postcode | None:
        pc = self._pc_cache.get(raw, MISSING)
        if pc is MISSING:
            pc = parse_postcode(raw)
            bounded_put(self._pc_cache, raw, pc, self._pc_limit)
        return pc  # type: ignore[return-value]

    def _pair(self, workplace: str, employer: str) -> TextPair:
        """The postcode-free part of a record's evidence, cached per pair of texts."""
        raw = (workplace, employer)
        key = self._raw_pairs.get(raw)
        pair = self._pair_cache.get(key) if key is not None else None
        if pair is None:
            pair = self._make_pair(workplace, employer)
            if pair.key in self._pair_cache:
                bounded_put(self._raw_pairs, raw, pair.key, self._raw_limit)
        else:  # least recently used out first, as for texts
            self._raw_pairs.move_to_end(raw)
            self._pair_cache.move_to_end(pair.key)
        return pair

    def _make_pair(self, workplace: str, employer: str) -> TextPair:
        wt = self._text(workplace)
        et = self._text(employer) if employer else None
        # An employer written as a company ("Regency Nursing Home Limited") that is one
        # provider's name exactly names that provider, even when it repeats the
        # workplace's name at heart ("Regency Rest Home"), as companies named after
        # their home do: it tells apart the namesakes that the name alone cannot.
        company = self._company(employer, workplace) if et is not None else NO_PROVIDERS
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
        named = company or (secondary.named if secondary is not None else NO_PROVIDERS)
        base = [(self._base_score(li, ev, named), li, ev) for li, ev in locs.items()]
        base.sort(key=lambda b: (b[0], b[2].name), reverse=True)
        pair = TextPair(key, primary, secondary, keep_close(base, PAIR_ROWS), named)
        pair.areas = frozenset(self._loc_area[li] for _, li, _ev in pair.base)
        if primary.place:
            pair.against = frozenset(
                li for _, li, ev in pair.base if not self._in_place(primary.place, li, ev)
            )
        # Most pairs are seen once (a home's name beside one member's spelling of the
        # employer): a pair is kept from its second sighting on, so that the cache holds
        # the pairs that recur rather than every pair of the run (memory: decisions.md).
        if key in self._pair_seen:
            bounded_put(self._pair_cache, key, pair, self._pair_limit)
        else:
            bounded_put(self._pair_seen, key, None, self._raw_limit)
        return pair

    def _in_named_place(self, place: tuple[str, ...], li: int) -> bool:
        """Whether a location is in a place that has other homes too: a text that is only
        that place's name ("Kendal") may mean any of them, not just the one named after
        it ("Kendal Care Home"). A home elsewhere whose name holds the word ("Keswick",
        a home in Leatherhead) can only be meant by its name."""
        if self._place_homes[place] < 2:
            return False
        words = frozenset(place)
        if words == self._loc_town[li] or words == self._loc_council[li]:
            return True
        lpc = self._loc_pc[li]
        return lpc is not None and lpc.district in self._place_districts[place]

    def _in_place(self, place: tuple[str, ...], li: int, ev: NameEvidence) -> bool:
        """Whether a location may be in the place a text names after its name: its
        postcode area has homes of that town or council (members write the nearest big
        town), its town or council is that place, or its name holds the place
        ("Bluebird Care Oldham")."""
        lpc = self._loc_pc[li]
        if lpc is not None and self._loc_area[li] in self._place_areas[place]:
            return True
        words = frozenset(place)
        if words <= self._loc_town[li] or words <= self._loc_council[li]:
            return True
        if ev.entry >= 0 and words.issubset(self._e_tokens[ev.entry]):
            return True
        return lpc is None and not self._loc_town[li] and not self._loc_council[li]

    def _company(self, employer: str, workplace: str) -> frozenset[int]:
        """The one provider an employer text names by its whole company name, if any.

        From the raw text: the analysis of a text is shared with texts that differ only
        in legal and type words, which are what tell companies apart here. A company
        name is evidence only beside a workplace written differently: the workplace's
        own text repeated ("Parkside Ltd" twice) says nothing more.
        """
        hit = self._company_cache.get(employer)
        if hit is None:
            if COMPANY_RE.search(employer):
                parts = parse_name(employer)
                found = self._prov_company.get(company_key(parts), ())
                hit = (parts.plain, frozenset(found) if len(found) == 1 else NO_PROVIDERS)
            else:
                hit = ("", NO_PROVIDERS)  # not written as a company
            # Employers repeat (a provider's name, spelt a few ways) far more than pairs.
            bounded_put(self._company_cache, employer, hit, self._raw_limit)
        plain, named = hit
        if not named or plain == normalise_text(workplace):
            return NO_PROVIDERS
        return named

    def _base_score(self, li: int, ev: NameEvidence, named: frozenset[int]) -> float:
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
