"""The engine on the kinds of record held-out data showed it missing (issue 20).

Each test fails without the change it names; registers are built here, no database.
"""

from __future__ import annotations

from commonground.linkage.engine import Candidate, Matcher, Query
from commonground.linkage.normalise import alias_key, parse_name
from commonground.linkage.tests.factories import home


def decide(m: Matcher, workplace: str, postcode: str = "") -> tuple[str, str | None]:
    r = m.match(Query(id="q", employer="", workplace=workplace, postcode=postcode))
    return r.decision, r.location_id


def test_care_home_run_together_is_the_type_not_a_strange_word() -> None:
    assert alias_key("Willows carehome") == alias_key("The Willows Care Home") == "willows"
    assert parse_name("Acorn Lodge nursinghome").kinds == {"nursing"}
    m = Matcher([home("W1", "The Willows", "SK1 1AA"), home("W2", "The Willows", "WA1 1AA")])
    assert decide(m, "Willows carehome", "SK1 1AA") == ("auto", "W1")


def test_the_one_home_at_a_full_postcode_links_on_a_plausible_name() -> None:
    # "Hazelmere Grange" at the postcode of "Hazelmere", the only home there: the
    # postcode says which, whatever "Hazelmere Grange Lodge" elsewhere scores on name.
    m = Matcher(
        [home("H1", "Hazelmere", "OL1 1AA"), home("H2", "Hazelmere Grange Lodge", "M1 1AA")]
    )
    assert decide(m, "Hazelmere Grange", "OL1 1AA") == ("auto", "H1")


def test_a_text_naming_another_home_exactly_is_not_linked_by_a_postcode() -> None:
    # The postcode may be where the member lives: "Hazelmere Grange" is another home's
    # whole name, and the home at the postcode is named only in part.
    m = Matcher([home("H1", "Hazelmere", "OL1 1AA"), home("H2", "Hazelmere Grange", "M1 1AA")])
    assert decide(m, "Hazelmere Grange", "OL1 1AA") != ("auto", "H1")


def test_a_postcode_shared_by_two_homes_does_not_link_a_partial_name() -> None:
    m = Matcher(
        [
            home("H1", "Hazelmere", "OL1 1AA"),
            home("H3", "Thornbury House", "OL1 1AA"),
            home("H2", "Hazelmere Grange Lodge", "M1 1AA"),
        ]
    )
    assert decide(m, "Hazelmere Grange", "OL1 1AA") != ("auto", "H1")


def test_an_exact_name_no_other_home_bears_links_without_a_postcode() -> None:
    m = Matcher([home("F1", "Fernhill", "BH22 9AW"), home("F2", "Fernhill House", "S1 1AA")])
    assert decide(m, "Fernhill") == ("auto", "F1")
    assert decide(m, "FERNHILL CARE HOME") == ("auto", "F1")


def test_an_exact_name_held_by_several_longer_names_is_not_linked() -> None:
    # "Southfield" beside "Southfield House" and "Southfield Court": as likely a short
    # form of either.
    m = Matcher(
        [
            home("S1", "Southfield", "HD5 8RZ"),
            home("S2", "Southfield House", "S1 1AA"),
            home("S3", "Southfield Court", "LS1 1AA"),
        ]
    )
    assert decide(m, "Southfield")[0] != "auto"


def test_a_home_registered_again_links_its_current_registration() -> None:
    # The 2021 file lists "Sunrise of Frognal" twice: a new registration at the same
    # address. The newer is the current one.
    m = Matcher(
        [
            home("1-2745555246", "Sunrise of Frognal", "DA14 6LF", registered_on="2016-06-30"),
            home("1-3876084699", "Sunrise of Frognal", "DA14 6LF", registered_on="2017-08-01"),
            home("1-1000000001", "Frognal House", "NW3 6XX"),
        ]
    )
    assert decide(m, "Sunrise of Frognal") == ("auto", "1-3876084699")
    assert decide(m, "Sunrise of Frognal", "DA14 6LF") == ("auto", "1-3876084699")


def test_without_dates_the_later_cqc_id_is_the_current_registration() -> None:
    m = Matcher(
        [
            home("1-10609926568", "Coombe Hill Manor", "KT2 7EQ"),
            home("1-10232604320", "Coombe Hill Manor", "KT2 7EQ"),
        ]
    )
    assert decide(m, "Coombe Hill Manor") == ("auto", "1-10609926568")


def test_a_succession_link_names_the_current_registration_under_a_new_name() -> None:
    # CQC's predecessor link joins "Park Hills Nursing Home" to its successor, renamed:
    # the register's succession rule says the successor is current.
    m = Matcher(
        [
            home(
                "1-113831768",
                "Park Hills Nursing Home",
                "OL8 4DJ",
                registered_on="2011-02-01",
                current="1-18437805065",
            ),
            home(
                "1-18437805065",
                "Park Hills Private Nursing Home",
                "OL8 4DJ",
                registered_on="2024-02-01",
            ),
        ]
    )
    assert decide(m, "Park Hills Nursing Home", "OL8 4DJ") == ("auto", "1-18437805065")


def test_two_homes_of_different_types_at_one_address_stay_apart() -> None:
    # Not one home registered twice: the later id must not stand for the other.
    m = Matcher(
        [
            home("1-125940638", "Lindisfarne CLS Nursing", "DH2 2EP"),
            home("1-125940657", "Lindisfarne CLS Residential", "DH2 2EP"),
        ]
    )
    assert decide(m, "Lindisfarne CLS Nursing Home", "DH2 2EP") != ("auto", "1-125940657")


# -- A misspelt name with no postcode (issue 20: the weakest kind) ---------------------------


def _homes(*names: str) -> Matcher:
    return Matcher([home(f"1-{900 + i}", name, f"BL{i + 1} 1AA") for i, name in enumerate(names)])


def test_a_slip_in_a_run_together_type_word_is_still_the_type() -> None:
    # "carehmoe", "caerhome", "careome": one slip from "carehome", which no name word is.
    for text in ("Lawn Park carehoem", "Lawn Park caerhome", "Lawn Park careome"):
        parts = parse_name(text)
        assert (parts.core, parts.kinds) == ("lawn park", frozenset({"home"}))
    assert parse_name("Pavilion Care Cnetre").core == "pavilion"
    m = _homes("Lawn Park Care Home", "The Lawn Residential Care Home", "Park View")
    assert decide(m, "Lawn Park carehoem") == ("auto", "1-900")


def test_a_misspelt_word_only_one_homes_name_holds_names_that_home() -> None:
    # "Lantdown" is one slip from Langdown, which only Langdown House bears; the rest of
    # the text ("Hose") agrees with its name.
    m = _homes("Langdown House", "Langley House", "Home Lea House", "Lanton Court")
    assert decide(m, "The Lantdown Hose carehome") == ("auto", "1-900")
    assert decide(m, "Langdwon") == ("auto", "1-900")


def test_a_slip_two_homes_names_could_be_is_not_linked_on_it() -> None:
    # "Harbood" reads as Harwood, which two homes bear: the postcode must say which.
    m = _homes("Harwood House", "Harwood Court", "Bowood Lodge")
    assert decide(m, "Harbood")[0] != "auto"


def test_a_distinctive_word_must_lead_the_homes_own_current_name() -> None:
    # A trade word later in a name ("Compact Personnel Ltd") is shared with businesses
    # outside the register ("Nursing Personnel", an agency); a street in an address-name
    # with every business on it; an old name may be another business's now.
    m = _homes("Compact Personnel Ltd", "Southside Partnership - 94 Strathleven Road", "Oak View")
    assert decide(m, "Nursing Personnel")[0] != "auto"
    assert decide(m, "Strathleven Care Home")[0] != "auto"
    renamed = Matcher(
        [
            Candidate(
                location_id="1-1",
                name="Harewood View",
                previous_names=("Tamworth Staffing Ltd",),
                provider_id=None,
                provider_name=None,
                postcode="M35 9BG",
                town=None,
                council_code=None,
            ),
            home("1-2", "Oak View", "M35 9BH"),
        ]
    )
    assert decide(renamed, "Tamworh Staffing")[0] != "auto"


def test_another_homes_postcode_does_not_hide_a_distinctive_name() -> None:
    # "Miblbank" is Millbank, which no other name holds; the postcode is another home's,
    # whose name the text does not touch: mistyped, or where the member lives.
    m = _homes("Millbank", "Netherton Green Care Home", "Mill House")
    assert decide(m, "Miblbank", "BL2 1AA") == ("auto", "1-900")
