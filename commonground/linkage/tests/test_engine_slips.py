"""Names written with more slips than one per word (issue 20, session 6).

Each test fails without the rule it names (docs/decisions.md, session 6, "slips");
registers are built here, no database.
"""

from __future__ import annotations

from commonground.linkage.engine import Candidate, Matcher, Query
from commonground.linkage.tests.factories import home


def decide(m: Matcher, workplace: str, postcode: str = "") -> tuple[str, str | None]:
    r = m.match(Query(id="q", employer="", workplace=workplace, postcode=postcode))
    return r.decision, r.location_id


def register() -> list[Candidate]:
    return [
        home("A1", "Abbotsleigh Mews", "DA15 8AY"),
        home("A2", "Arranmore Park Rest Home", "L40 7RQ"),
        home("M1", "The Mews", "S1 1AA"),
        home("P1", "Parkside", "OL1 1AA"),
        home("W1", "Welford Court", "NN6 6HA"),
        home("H1", "Hartland House", "LA7 7QW"),
        home("L1", "Lunesdale House", "LA7 7AA"),
    ]


def test_a_long_word_two_slips_from_one_register_word_reads_as_it() -> None:
    # "Abbootsleiigh": two letters too many, so no register word is one slip away; the
    # one word two slips away, of its first letter, is what it spells.
    m = Matcher(register())
    assert decide(m, "The Abbootsleiigh Mews") == ("auto", "A1")
    assert decide(m, "Arramnoore Park Res Home") == ("auto", "A2")


def test_two_slips_from_two_register_words_read_as_neither() -> None:
    # "Arramnoore" is two slips from "arranmore" and from "arramore": the slips do not
    # say which, so no home is linked on it.
    m = Matcher([*register(), home("A3", "Arramore Park", "L1 1AA")])
    assert decide(m, "Arramnoore Park")[0] != "auto"


def test_a_short_word_two_slips_out_is_still_another_name() -> None:
    # Seven letters: "Gwelfor" for Welford is as likely a name the register lacks.
    m = Matcher(register())
    assert decide(m, "Gwelfor Court")[0] != "auto"


def test_the_one_home_at_a_full_postcode_links_a_name_spelt_badly() -> None:
    # "HRTLNAD HOUSE" at Hartland House's postcode, the only home there: most of its
    # letters in order, where the word-by-word score reads almost nothing.
    m = Matcher(register())
    assert decide(m, "HRTLNAD HOUSE", "LA7 7QW") == ("auto", "H1")
    # Without the postcode, or at another postcode, it is no link.
    assert decide(m, "HRTLNAD HOUSE")[0] != "auto"
    assert decide(m, "HRTLNAD HOUSE", "LA7 7AA") != ("auto", "H1")


def test_a_text_unlike_the_home_at_the_postcode_is_not_linked_by_it() -> None:
    # A member's home postcode that happens to be a home's: a text that is not a
    # spelling of its name does not link it.
    m = Matcher(register())
    assert decide(m, "Tesco Extra", "LA7 7QW")[0] != "auto"
    assert decide(m, "Rosewood", "LA7 7QW")[0] != "auto"
