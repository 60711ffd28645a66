"""The engine's weights and thresholds, and the word lists it judges texts by."""

from __future__ import annotations

import re

from .model import PostcodeLevel

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
LEVEL_RANK: dict[PostcodeLevel, int] = {
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
# The one location at the record's full postcode links on a plausible name, whatever
# namesakes elsewhere score; unless the text is another home's name exactly and this
# one's name agrees less than UNIQUE_FULL_SURE.
UNIQUE_FULL_NAME = 40.0
UNIQUE_FULL_SURE = 85.0
# ... or on a text whose letters, spaces aside, are this like one of its names (Indel
# similarity), when no other home's name scores SPELT_OTHER: slips too many for the words
# to be read one by one ("Mllgield" for Millfield).
SPELT_LIKE = 0.75
SPELT_MIN = 5  # letters
SPELT_OTHER = 80.0
# A text that is exactly one home's name, and no other's, links it without a postcode
# when at most this many other homes' longer names hold it.
SOLE_NAME_HOLDERS = 1
# A word that only one home's names hold, written right or with a slip whose likeliest
# reading is that word ("Lantdown" for Langdown), names that home without a postcode when
# the rest of the text agrees with its name (see Matcher._sole_word_names).
SOLE_WORD_MIN = 5  # letters
SOLE_WORD_NAME = 70.0
SOLE_WORD_COVER = 0.75
# A record's postcode this far (km, district centre to district centre) from a home, one
# not a slip away from its district, is the member's home elsewhere or another workplace:
# evidence against the home. A text's place (town or council after the name) that is
# not the home's, likewise. Such a home loses these points and is not linked without a
# person, unless the record's full postcode is the home's.
FAR_KM = 60.0
AGAINST_POINTS = 15.0
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
# Words shorter than this match a register word only one slip away (OSA distance 1).
LONG_WORD = 9
# A word this long that no register word is one slip from reads as the one register word
# (same first letter, seven letters or more) two slips from it, if there is only one.
TWO_SLIP_MIN = 8

BLOCK_TOP = 10  # register entries scored per text after blocking
COMMON_POSTING = 150  # words in more entries than this do not block on their own
GENERIC_WEIGHT = 0.5
OPTIONAL_FACTOR = 0.3
MIN_REGISTER = 5_000
TEXT_CACHE = 20_000  # analysed texts; cached pairs keep theirs alive too (decisions.md)
PAIR_ROWS = 20  # candidates kept per (workplace, employer) before the postcode
TEXT_LOCS = 20  # candidates kept per analysed text
ROWS_KEPT = 8  # leading candidates a decision looks at
CLOSE_POINTS = 10.0  # candidates this close to the best are kept past PAIR_ROWS
TWINS_MAX = 300  # bound on the locations kept per text or pair, ties included
PAIR_CACHE = 10_000  # pairs seen twice; each keeps its analyses alive (decisions.md)
PAIR_RESULTS = 4  # postcode outcomes remembered per pair
RAW_CACHE = 300_000  # raw text -> analysis references: cheap entries
TOKEN_CACHE = 300_000
PC_CACHE = 200_000

# Generic care words: in thousands of names, and in members' texts at random.
GENERIC_WORDS = frozenset(
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
# Words that name a kind of service, not one place: every council has a "Reablement Team",
# every trust "District Nursing", many charities "Supported Living". A text made only of
# these (and type words) names a home only when something besides the name agrees: the
# record's postcode in the home's district or nearer, its town or council, its provider.
SERVICE_WORDS = GENERIC_WORDS | frozenset(
    {
        "team",
        "teams",
        "reablement",
        "enablement",
        "district",
        "domiciliary",
        "homecare",
        "supported",
        "outreach",
        "intermediate",
        "rehabilitation",
        "rehab",
        "day",
        "night",
        "adult",
        "adults",
        "social",
        "mental",
        "learning",
        "disability",
        "disabilities",
        "extra",
        "housing",
        "shared",
        "lives",
        "short",
        "break",
        "breaks",
        "crisis",
        "response",
        "rapid",
        "older",
        "people",
        "elderly",
        "nurse",
        "nurses",
        "hub",
        "assessment",
        "independent",
        "independence",
        "floating",
    }
)
# Employers outside the register. The evidence thresholds do most of the work; this list
# means a link needs an (almost) exact register name, since a wrong link is worse than none.
NONCARE_RE = re.compile(
    r"\b(nhs|hospitals?|infirmary|foundation trust|health trust|healthcare trust|ambulance|"
    r"council|borough|mbc|school|primary|academy|college|university|nursery|tesco|asda|"
    r"sainsburys|morrisons|aldi|lidl|waitrose|co op|coop|iceland|boots|superdrug|amazon|"
    r"royal mail|post office|hays|reed|randstad|adecco|manpower|pertemps|agency|"
    r"recruitment|staffing|locum|gp|surgery|medical centre|health centre|pharmacy|dental|"
    r"dentist|hmp|prison|police|jobcentre|mcdonalds|kfc|costa|greggs|hotel|nurses|"
    r"self employed|unemployed|retired|student|various|bank staff)\b"
)
# A group of homes named rather than one ("Hallmark Care Homes", "Ideal Carehomes",
# "Barchester Healthcare").
# Only as the text's last words: "Kestrelmoor Care Homes - The Tudors" names a home.
GROUP_RE = re.compile(
    r"\b(homes|carehomes|group|groups|healthcare|health care)( (ltd|limited|plc|uk))*$"
)
# How a member works somewhere, written before the workplace ("Agency - The Willows",
# "bank staff at Acorn Lodge", "Nights: Hollins Park"): not part of its name. A bare
# "Bank" or "Relief" is taken off only when what is left names a home and the whole does
# not ("Bank House" is a home's name).
EMPLOYMENT_RE = re.compile(
    r"(?i)^\W*(?:(?:agency|bank|relief|casual|temp|temporary|nights?|zero hours?)\b[\s,/&+]*)+"
    r"(?P<role>(?:(?:staff|workers?|nurses?|carers?|hcas?|shifts?|cover|work(?:ing)?|only)\b"
    r"[\s,/&+]*)*(?:(?:[-:|@(]|\bat\b|\bfor\b|\bin\b|\bvia\b|\bwith\b)\s*)*)"
)
UNINFORMATIVE = frozenset({"", "na", "n a", "none", "unknown", "tbc", "nil", "other", "x"})
# Words of councils' names that are not the place's ("Kingston upon Hull, City of").
COUNCIL_WORDS = frozenset(
    {"city", "of", "county", "borough", "metropolitan", "royal", "district", "council", "and"}
)
TOWN_STOP_WORDS = frozenset(
    {"on", "upon", "under", "in", "by", "the", "le", "de", "la", "next", "sea"}
)

# The register's service types, as the type tokens a text's "Nursing Home", "Rest Home"
# or "Home Care" reduces to (normalise._KIND_PHRASES).
SERVICE_KIND = {
    "care_home_nursing": "nursing",
    "care_home": "residential",
    "home_care": "homecare",
}
