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

from .matcher import Matcher
from .model import Candidate, Match, Query, Scored
from .util import collector_paused

__all__ = ["Candidate", "Match", "Matcher", "Query", "Scored", "collector_paused"]
