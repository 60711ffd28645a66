"""Deciding a record: its postcode against the candidates its texts found, and the verdict."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rapidfuzz.distance import OSA, Indel

from commonground.lib.postcodes import POSTCODE_IN_TEXT, Postcode, parse_postcode
from commonground.lib.postcodes import area as postcode_area

from ..normalise import normalise_text, parse_name
from .analysis import TextAnalyser
from .model import LazyCandidates, Match, PostcodeLevel, Query, Scored
from .state import (
    NO_EVIDENCE,
    AnalysedText,
    CandidateRow,
    Decided,
    NameEvidence,
    TextPair,
    new_tuple,
)
from .tuning import (
    AGAINST_POINTS,
    AUTO_MARGIN,
    AUTO_SCORE,
    CONTAIN_COVER,
    CONTAIN_NAME,
    EMPLOYMENT_RE,
    FAR_KM,
    GROUP_RE,
    LEVEL_RANK,
    MIN_NAME_FOR_AUTO,
    NONCARE_AT_POSTCODE,
    NONCARE_EXACT,
    OTHER_FULL_NAME,
    PAIR_RESULTS,
    PC_CACHE,
    POSTCODE_CONFLICT_POINTS,
    POSTCODE_POINTS,
    PROVIDER_AUTO,
    PROVIDER_MARGIN,
    REVIEW_MAX_TIED,
    REVIEW_NAME,
    REVIEW_SCORE,
    ROWS_KEPT,
    SOLE_NAME_HOLDERS,
    SOLE_WORD_COVER,
    SOLE_WORD_NAME,
    SPELT_LIKE,
    SPELT_MIN,
    SPELT_OTHER,
    TIE_POINTS,
    UNIQUE_FULL_NAME,
    UNIQUE_FULL_SURE,
)
from .util import (
    as_percent,
    collector_paused,
    km_apart,
)


class Matcher(TextAnalyser):
    """The register indexed for linking. Build once; match many records."""

    # -- deciding -------------------------------------------------------------------------

    def _decide(self, workplace: str, employer: str, postcode: str) -> Decided:
        pc = self._postcode(postcode)
        given = False
        if workplace or employer:
            # A postcode typed into the workplace column is the workplace's, and beats the
            # postcode column (often the member's home); one in the employer column only
            # stands in for a missing postcode.
            m = POSTCODE_IN_TEXT.search(workplace)
            in_workplace = m is not None
            if m is None and (pc is None or pc.full is None):
                m = POSTCODE_IN_TEXT.search(employer)
            if m:
                found = parse_postcode(m.group(1))
                if found is not None and found.full is not None:
                    pc = found
                    given = in_workplace
                    workplace = workplace.replace(m.group(1), " ")
                    employer = employer.replace(m.group(1), " ")
        if workplace[:1].isspace() or workplace[:1].isalpha():
            workplace = self._employment_stripped(workplace)
        pair = self._pair(workplace, employer)
        levels: dict[int, PostcodeLevel] = {}
        extra: tuple[tuple[int, PostcodeLevel], ...] = ()
        at_pc: list[int] = []
        far: frozenset[int] = frozenset()
        sig: tuple[object, ...] = ()
        if pc is not None:
            # The result depends on the postcode only through which candidates it agrees
            # with, and how: that signature is cached, so a member's own home postcode,
            # unique to them, still reuses the work done for their colleagues.
            loc_pc = self._loc_pc
            district = pc.district
            area = postcode_area(district)
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
            if district in self._points:
                far = frozenset(
                    li for _, li, _ev in pair.base if li not in levels and self._far(district, li)
                )
            sig = (tuple(levels.items()), extra, pc.full is not None, len(at_pc), given, far)
        res = pair.results.get(sig)
        if res is None:
            res = self._judge(pair, pc, levels, extra, at_pc, given, far)
            if len(pair.results) < PAIR_RESULTS:
                pair.results[sig] = res
        return res

    def _name_matched(self, row: CandidateRow) -> str:
        """The register name a row's text matched (its current name, an old name...)."""
        e = row[5].entry
        return normalise_text(self._e_text[e] if e >= 0 else self._cands[row[2]].name)

    def _employment_stripped(self, workplace: str) -> str:
        """The workplace without how the member works there ("Agency", "bank staff at")."""
        m = EMPLOYMENT_RE.match(workplace)
        if m is None:
            return workplace
        rest = workplace[m.end() :]
        if not any(ch.isalpha() for ch in rest):
            return workplace
        if (
            not m.group("role")
            and not m.group(0).lstrip().lower().startswith("agency")
            and (
                parse_name(workplace).core in self._exact
                or parse_name(rest).core not in self._exact
            )
        ):
            # A bare "Bank The Willows": only when the rest is a home's name and the whole
            # is not ("Bank House"). "Agency" begins no home's name.
            return workplace
        return rest

    def _far(self, district: str, li: int) -> bool:
        """Whether a record's postcode district is far from a location's: not the same
        or a neighbouring place, and not one slip from its district ("SL6" for SK6)."""
        lpc = self._loc_pc[li]
        if lpc is None or lpc.district == district:
            return False
        key = (district, lpc.district)
        hit = self._far_cache.get(key)
        if hit is None:
            there = self._points.get(lpc.district)
            hit = (
                there is not None
                and OSA.distance(district, lpc.district, score_cutoff=1) > 1
                and km_apart(self._points[district], there) > FAR_KM
            )
            if len(self._far_cache) >= PC_CACHE:
                self._far_cache.clear()
            self._far_cache[key] = hit
        return hit

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
        pair: TextPair,
        pc: Postcode | None,
        levels: Mapping[int, PostcodeLevel],
        extra: tuple[tuple[int, PostcodeLevel], ...],
        at_pc: list[int],
        given: bool = False,
        far: frozenset[int] = frozenset(),
    ) -> Decided:
        """Decide from the candidates; ``given``: the workplace was written as a postcode;
        ``far``: locations far from the record's postcode."""
        primary, secondary = pair.primary, pair.secondary
        conflict = POSTCODE_CONFLICT_POINTS if pc is not None and pc.full is not None else 0.0
        # Plain tuples while sorting (there may be dozens); named rows for the leaders.
        loc_pc, loc_prov, named = self._loc_pc, self._loc_prov, pair.named
        against = pair.against | far if far else pair.against
        raw: list[CandidateRow] = []
        for base, li, ev in pair.base:
            level = levels.get(li, "none")
            pts = POSTCODE_POINTS[level]
            if level == "none" and loc_pc[li] is not None:
                pts += conflict
            if li in against and level != "full":
                pts -= AGAINST_POINTS
            raw.append((base + pts, ev.name, li, level, ev.brand or loc_prov[li] in named, ev))
        for li, level in extra:
            ev = self._score_location(primary, li) if primary.informative else NO_EVIDENCE
            score = self._base_score(li, ev, named) + POSTCODE_POINTS[level]
            raw.append((score, ev.name, li, level, ev.brand or loc_prov[li] in named, ev))
        raw.sort(reverse=True)
        if self._chained:
            raw = self._current_registrations(raw)
        rows = raw[:ROWS_KEPT]
        cands = LazyCandidates(self, rows[:5])

        if primary.alias_loc >= 0:
            c = self._cands[primary.alias_loc]
            if not rows or rows[0][2] != primary.alias_loc:
                alias = Scored(
                    c.location_id, c.provider_id, c.name, 100.0, "alias", c.name, 100.0, "none"
                )
                cands = LazyCandidates(self, rows[:4], (alias,))
            return c.location_id, c.provider_id, 100.0, "auto", cands, "confirmed alias"

        best_s, best_name, best_li, best_level = rows[0][:4] if rows else (0.0, 0.0, -1, "none")
        exact = self._exact.get(primary.parts.core, ()) if primary.informative else ()
        # A text that is exactly one home's name and no other's; not a town's name
        # ("Rossendale" may mean any home there).
        sole_name = (
            len(exact) == 1
            and best_li in exact
            and best_name >= 100.0
            and not self._towns.issuperset(primary.parts.tokens)
        )
        # The text names a place ("Knowsley": any of its homes, not just the one named
        # after it) or a group of homes ("Hallmark Care Homes"), not a home. The record's
        # own full postcode still decides.
        not_a_home = (
            rows
            and best_level != "full"
            and (
                (
                    primary.place_only
                    # "Kendal Care Home", the whole name of a home, names it; "Kendal",
                    # the bare place, does not.
                    and (
                        best_name < 100.0
                        or (
                            not primary.parts.kinds
                            and set(primary.parts.tokens) <= set(primary.place_only)
                        )
                    )
                    and self._in_named_place(primary.place_only, best_li)
                )
                or (
                    primary.group
                    and (best_name < 100.0 or not GROUP_RE.search(self._name_matched(rows[0])))
                )
            )
        )
        # Evidence against the best: the record's postcode or the place written after
        # the name says it is elsewhere. Its own full postcode still decides.
        held = not_a_home or (
            bool(rows)
            and best_level != "full"
            and (
                best_li in against
                or (self._chained and best_li in {self._current[li] for li in against})
            )
        )
        # A text made only of service words ("Reablement Team", "District Nursing") names
        # a kind of service that many places have: it names a home only when something
        # besides the name agrees (tuning.SERVICE_WORDS).
        held = held or (bool(rows) and primary.service_only and not self._corroborated(rows[0]))
        if held:
            sole_name = False
        if (
            rows
            and not held
            and self._clear(rows, at_pc, primary.noncare, primary.parts.kinds, sole_name)
        ):
            c = self._cands[best_li]
            return c.location_id, c.provider_id, as_percent(best_s), "auto", cands, "clear best"

        if len(at_pc) == 1 and primary.informative and not primary.noncare:
            # The one location at the record's full postcode, named plausibly ("Willows
            # carehome" at the Willows' postcode): whether the postcode is the member's
            # workplace or their home, a name that agrees as well is strong evidence,
            # whatever namesakes elsewhere score without it.
            only = next((r for r in raw if r[2] == at_pc[0]), None)
            if only is not None and (
                self._agrees_at_postcode(only, raw) or self._spelt_like(primary, only, raw)
            ):
                c = self._cands[only[2]]
                reason = "the only home at this postcode, and its name agrees"
                return c.location_id, c.provider_id, as_percent(only[0]), "auto", cands, reason

        if primary.noncare:
            return None, None, as_percent(best_s), "none", cands, "works outside the register"

        if rows and not held and self._sole_word_names(primary, rows):
            c = self._cands[best_li]
            reason = "a word only this home's name holds, the rest agreeing"
            return c.location_id, c.provider_id, as_percent(best_s), "auto", cands, reason

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
                return c.location_id, pid, as_percent(ps), "auto", cands, reason
            pname = self._prov_names[p] or pid
            pcand = Scored(
                None,
                pid,
                pname,
                as_percent(ps),
                "provider",
                self._e_text[pe],
                as_percent(ps),
                "none",
            )
            cands = LazyCandidates(self, rows[:4], (pcand,))
            return None, pid, as_percent(ps), "auto", cands, "provider named, no home"

        if not_a_home:
            return None, None, as_percent(best_s), "none", cands, "names a place or a group"
        if rows and best_s >= REVIEW_SCORE and best_name >= REVIEW_NAME:
            tied = [r for r in rows if r[0] >= best_s - TIE_POINTS]
            provs = {loc_prov[r[2]] for r in tied}
            if len(tied) > 1 and len(provs) == 1 and -1 not in provs:
                # Equally good homes of one provider: the provider at least is known.
                p = provs.pop()
                reason = "several homes of one provider fit equally"
                return None, self._prov_ids[p], as_percent(best_s), "auto", cands, reason
            if len(tied) > REVIEW_MAX_TIED:
                # Too many equally good homes for a person to choose from either.
                return None, None, as_percent(best_s), "none", cands, "too many equal candidates"
            return None, None, as_percent(best_s), "review", cands, "uncertain"
        if rows and best_level == "full" and not primary.informative:
            if len(at_pc) == 1 and given:
                # The workplace written as a postcode ("OL8 2BY") that one location holds:
                # the member says where they work, as a postcode column (perhaps their
                # home's) alone does not.
                c = self._cands[best_li]
                reason = "the workplace given as the postcode of this home only"
                return c.location_id, c.provider_id, as_percent(best_s), "auto", cands, reason
            if len(at_pc) == 1 and self._type_agrees(primary.parts.kinds, best_li, registered=True):
                # "Nursing Home" and a postcode held by one location only, a care home by
                # its name or by the register: the type is the weakly consistent name
                # evidence that a bare postcode lacks.
                c = self._cands[best_li]
                reason = "the only home at this postcode, of the type named"
                return c.location_id, c.provider_id, as_percent(best_s), "auto", cands, reason
            return None, None, as_percent(best_s), "review", cands, "postcode only"
        return None, None, as_percent(best_s), "none", cands, "no good candidate"

    def _agrees_at_postcode(self, here: CandidateRow, raw: list[CandidateRow]) -> bool:
        """Whether the one location at the record's full postcode is named well enough
        to link: a plausible name, and no other home named much better."""
        n = here[1]
        if n < UNIQUE_FULL_NAME:
            return False
        # A text that is another home's name exactly, when this one's is only plausible,
        # names that other home: the postcode may be where the member lives.
        return n >= UNIQUE_FULL_SURE or not any(r[1] >= 100.0 and r[2] != here[2] for r in raw)

    def _spelt_like(self, text: AnalysedText, here: CandidateRow, raw: list[CandidateRow]) -> bool:
        """Whether the text, letter by letter, is a slipshod spelling of a name of the one
        location at the record's full postcode ("Mllgield" for Millfield, "HRTLNAD HOUSE"
        for Hartland House), which no other home's name explains well. Slips that make
        the words unreadable to the word-by-word score still leave most letters in order;
        beside the postcode of that one home, that is enough."""
        letters = text.parts.core.replace(" ", "")
        if len(letters) < SPELT_MIN or any(r[1] >= SPELT_OTHER and r[2] != here[2] for r in raw):
            return False
        return any(
            Indel.normalized_similarity(letters, self._e_core[e].replace(" ", "")) >= SPELT_LIKE
            for e in self._entries_of[here[2]]
        )

    @staticmethod
    def _corroborated(row: CandidateRow) -> bool:
        """Whether evidence besides the name agrees with a row: the record's postcode in
        its district or nearer, its town or council written, or its provider named."""
        return LEVEL_RANK[row[3]] >= LEVEL_RANK["district"] or row[5].town or row[4]

    def _sole_word_names(self, text: AnalysedText, rows: list[CandidateRow]) -> bool:
        """Whether the best row is the one home whose names alone hold a word of the
        text (perhaps misspelt: "Lantdown House" for Langdown House), and the rest of
        the text agrees with its name. A name that distinctive needs no postcode; but a
        postcode that favours another home the text names too stands in the way. A home
        found by the postcode alone, whose name the text does not touch, does not: the
        postcode is then the member's home, or mistyped."""
        _score, n, li, level, _brand, ev = rows[0]
        if text.sole != li or n < SOLE_WORD_NAME or ev.cover < SOLE_WORD_COVER:
            return False
        rank = LEVEL_RANK[level]
        return all(LEVEL_RANK[r[3]] <= rank or r[1] <= 0.0 for r in rows[1:])

    def _current_registrations(self, raw: list[CandidateRow]) -> list[CandidateRow]:
        """The rows with each registration replaced by the current one of its chain.

        A home re-registered at its address (a new provider makes a new location id)
        is one workplace: its registrations would tie, and the member works at the
        current one. The best row of each chain stands for it.
        """
        current = self._current
        out: list[CandidateRow] = []
        seen: set[int] = set()
        for row in raw:
            li = current[row[2]]
            if li in seen:
                continue
            seen.add(li)
            out.append(row if li == row[2] else (row[0], row[1], li, row[3], row[4], row[5]))
        return out

    def _clear(
        self,
        rows: list[CandidateRow],
        at_pc: list[int],
        noncare: bool,
        kinds: frozenset[str],
        sole_name: bool = False,
    ) -> bool:
        """Whether the best row is clear enough to link without a person.

        ``sole_name``: the text is exactly the best's name, which no other location
        bears; then homes whose longer names hold it do not stand in the way.
        """
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
        rank = LEVEL_RANK[level]
        if sole_name and all(LEVEL_RANK[r[3]] <= rank for r in rows[1:]):
            # The text is exactly this home's name and no other's: it names this home,
            # unless several longer names hold it ("Southfield" beside "Southfield
            # Court" and "Southfield Lodge"), when it is as likely one of theirs,
            # shortened.
            holders = {
                self._e_core[r[5].entry]
                for r in rows[1:]
                if r[5].cover >= CONTAIN_COVER and r[1] >= CONTAIN_NAME and r[5].entry >= 0
            }
            if len(holders) <= SOLE_NAME_HOLDERS:
                return True
        typed = self._type_agrees(kinds, rows[0][2])
        for _s, other_n, other_li, other_level, other_brand, other_ev in rows[1:]:
            if (
                other_ev.cover >= CONTAIN_COVER
                and other_n >= CONTAIN_NAME
                and LEVEL_RANK[other_level] >= rank
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

    def scored_row(
        self, score: float, n: float, li: int, level: PostcodeLevel, brand: bool, ev: NameEvidence
    ) -> Scored:
        c = self._cands[li]
        e = ev.entry
        # tuple.__new__ skips the named tuple's Python-level constructor: this runs
        # millions of times in a large run.
        return new_tuple(
            Scored,
            (
                c.location_id,
                c.provider_id,
                c.name,
                as_percent(score),
                self._e_source[e] if e >= 0 else "postcode",
                self._e_text[e] if e >= 0 else "",
                as_percent(n),
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
