"""The matching engine on small registers built here (no database, no Django)."""

from __future__ import annotations

import gc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.linkage.engine import Candidate, Matcher, Query
from commonground.linkage.normalise import alias_key, parse_name


def home(
    location_id: str,
    name: str,
    postcode: str | None,
    town: str,
    *,
    provider: tuple[str, str] | None = None,
    previous: tuple[str, ...] = (),
    aliases: tuple[str, ...] = (),
    service: str = "",
) -> Candidate:
    return Candidate(
        location_id=location_id,
        name=name,
        previous_names=previous,
        provider_id=provider[0] if provider else None,
        provider_name=provider[1] if provider else None,
        postcode=postcode,
        town=town,
        council_code=None,
        aliases=aliases,
        service_types=(service,) if service else (),
    )


BUPA = ("P-BUPA", "Bupa Care Homes")

REGISTER = [
    home("L-HOLLINS", "Hollins Park Care Home", "BL1 4AA", "Bolton"),
    home("L-HEATH", "Heathfield", "M20 1AA", "Manchester", provider=BUPA),
    home("L-OAKS", "The Oaks", "M21 2BB", "Manchester", provider=BUPA),
    home("L-CEDARS", "Cedar Court", "SK4 3CC", "Stockport", provider=BUPA),
    home("L-ANNE-BOLTON", "Saint Anne's", "BL2 1AB", "Bolton"),
    home("L-ANNE-LEEDS", "St Anne's Nursing Home", "LS6 1AB", "Leeds"),
    home("L-MEADOW", "Meadow View", "OL8 2BY", "Oldham", previous=("Old Mill House",)),
    home("L-WILLOWS-1", "The Willows", "SK1 1AA", "Stockport"),
    home("L-WILLOWS-2", "The Willows", "WA1 1AA", "Warrington"),
    home("L-ELMS", "The Elms Nursing Home", "OL9 6LD", "Oldham"),
    home("L-BIG", "Greystones", "PR1 1AA", "Preston", aliases=("The Big House",)),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(REGISTER, aliases={"Greystone Hse (Preston)": "L-BIG"})


def match(
    m: Matcher, workplace: str, postcode: str = "", employer: str = ""
) -> tuple[str, str | None, str | None]:
    r = m.match(Query(id="q", employer=employer, workplace=workplace, postcode=postcode))
    return r.decision, r.location_id, r.provider_id


def test_it_links_an_exact_name(matcher: Matcher) -> None:
    assert match(matcher, "Hollins Park Care Home") == ("auto", "L-HOLLINS", None)


def test_it_links_an_abbreviated_short_name(matcher: Matcher) -> None:
    assert match(matcher, "Hollins Pk") == ("auto", "L-HOLLINS", None)


def test_it_links_a_brand_prefixed_name_with_its_provider(matcher: Matcher) -> None:
    assert match(matcher, "BUPA - Heathfield") == ("auto", "L-HEATH", "P-BUPA")
    r = matcher.match(Query("q", "", "BUPA - Heathfield", ""))
    assert r.candidates[0].provider_agrees


def test_it_breaks_a_tie_with_the_bracketed_town(matcher: Matcher) -> None:
    assert match(matcher, "St Annes Nursing Home (Bolton)") == ("auto", "L-ANNE-BOLTON", None)
    r = matcher.match(Query("q", "", "St Annes Nursing Home (Bolton)", ""))
    assert r.candidates[0].town_agrees
    assert r.candidates[1].location_id == "L-ANNE-LEEDS"


def test_it_links_an_old_name(matcher: Matcher) -> None:
    r = matcher.match(Query("q", "", "Old Mill House", ""))
    assert (r.decision, r.location_id) == ("auto", "L-MEADOW")
    assert r.candidates[0].name_matched == "previous"


def test_a_postcode_alone_is_reviewed_not_linked(matcher: Matcher) -> None:
    r = matcher.match(Query("q", "", "", "OL8 2BY"))
    assert (r.decision, r.location_id) == ("review", None)
    assert r.candidates[0].location_id == "L-MEADOW"
    assert r.candidates[0].name_matched == "postcode"


def test_a_postcode_links_when_the_type_named_is_the_homes(matcher: Matcher) -> None:
    assert match(matcher, "Nursing Home", "OL9 6LD") == ("auto", "L-ELMS", None)
    # Meadow View's name says nothing of its type: still only a review.
    assert match(matcher, "Nursing Home", "OL8 2BY")[0] == "review"


def test_a_postcode_links_when_the_register_says_the_type_named() -> None:
    # Most homes' names say nothing of their type ("Meadow View"); the register does.
    m = Matcher(
        [
            home("L-MEADOW", "Meadow View", "OL8 2BY", "Oldham", service="care_home"),
            home("L-AGENCY", "Bluebird Oldham", "OL1 1AA", "Oldham", service="home_care"),
            home("L-PAIR-1", "Ash House", "OL2 2AA", "Oldham", service="care_home"),
            home("L-PAIR-2", "Elm House", "OL2 2AA", "Oldham", service="care_home"),
        ]
    )
    assert match(m, "Care Home", "OL8 2BY") == ("auto", "L-MEADOW", None)
    assert match(m, "nursing home", "ol82by") == ("auto", "L-MEADOW", None)
    # The type named is not the register's, two homes share the postcode, or no type
    # is named: a person decides.
    assert match(m, "Care Home", "OL1 1AA")[0] == "review"
    assert match(m, "Home Care", "OL8 2BY")[0] == "review"
    assert match(m, "Care Home", "OL2 2AA")[0] == "review"
    assert match(m, "", "OL8 2BY")[0] == "review"
    assert match(m, "N/A", "OL8 2BY")[0] == "review"


def test_a_workplace_written_as_a_postcode_links_the_one_home_there() -> None:
    # In the workplace column a postcode says where the member works; in the postcode
    # column it may be where they live, so alone it is only reviewed.
    m = Matcher(
        [
            home("L-MEADOW", "Meadow View", "OL8 2BY", "Oldham"),
            home("L-PAIR-1", "Ash House", "OL2 2AA", "Oldham"),
            home("L-PAIR-2", "Elm House", "OL2 2AA", "Oldham"),
        ]
    )
    assert match(m, "OL8 2BY") == ("auto", "L-MEADOW", None)
    # It beats a postcode column that is probably the member's home.
    assert match(m, "ol8 2by", "M1 1AA") == ("auto", "L-MEADOW", None)
    assert match(m, "", "OL8 2BY")[0] == "review"
    # Two homes share it, only its first half is given, or nothing is there: not linked.
    assert match(m, "OL2 2AA")[0] == "review"
    assert match(m, "OL8")[0] == "none"
    assert match(m, "M1 1AA", "OL8 2BY")[0] == "none"
    assert match(m, "Tesco OL8 2BY")[0] == "none"


def test_two_letters_swapped_count_as_one_slip() -> None:
    # "Pakrbourn": the commonest slip at a keyboard, not a different name.
    m = Matcher(
        [
            home("L-PARK", "Parkbourn", "TS4 2QP", "Middlesbrough"),
            home("L-WELF", "Welford", "TS5 1AA", "Middlesbrough"),
        ]
    )
    assert match(m, "Pakrbourn") == ("auto", "L-PARK", None)
    # Two letters that differ otherwise make a short word a different word: "Gwelfor"
    # is two slips from Welford, though no other name is nearer. (A long word may be
    # two slips out: "Pakdbourn" still reads as Parkbourn, the only name near it.)
    assert match(m, "Gwelfor")[0] != "auto"


def test_a_misspelt_town_still_names_the_town() -> None:
    # "Ashwood nr Wighn" is the Ashwood in Wigan, at its postcode; "Wigan" is also a
    # word of another home's name, so the slip is read as that word and must still
    # count as the town.
    m = Matcher(
        [
            home("L-ASH-WIGAN", "Ashwood Residential Care Home", "WN4 9LH", "Wigan"),
            home("L-ASH-KENT", "Ashwood Rest Home", "CT1 1AA", "Canterbury"),
            home("L-WIGAN-LANE", "Wigan Lane Care Home", "WN1 2AA", "Wigan"),
        ]
    )
    r = m.match(Query("q", "", "Ashwood nr Wighn", "WN4 9LH"))
    assert (r.decision, r.location_id) == ("auto", "L-ASH-WIGAN")
    assert r.candidates[0].town_agrees


def test_a_council_home_links_when_its_postcode_agrees() -> None:
    # "Council" marks work outside the register, but councils run care homes too: a
    # near-exact name at the home's own full postcode is that home.
    m = Matcher(
        [
            home(
                "L-ASHFIELD",
                "Ashfield (Skipton) (North Yorkshire County Council)",
                "BD23 2BG",
                "Skipton",
            ),
            home(
                "L-OTHER",
                "Ashfield (Malton) (North Yorkshire County Council)",
                "YO17 1AA",
                "Malton",
            ),
        ]
    )
    text = "Ashfield (Skipton) (North Yorkshire Counly Council)"
    assert match(m, text, "BD23 2BG") == ("auto", "L-ASHFIELD", None)
    assert match(m, text)[0] != "auto"
    assert match(m, "North Yorkshire County Council", "BD23 2BG")[0] != "auto"


def test_an_employer_named_exactly_as_a_company_tells_namesakes_apart() -> None:
    # Companies named after their home: "The Willows Care Home Limited" owns one of the
    # Willows, and an employer column saying so, beside the workplace as the member
    # writes it, tells which.
    m = _namesakes(
        home(
            "L-W-CH",
            "The Willows Care Home",
            "OL1 1AA",
            "Oldham",
            provider=("P-CH", "The Willows Care Home Limited"),
        ),
        home(
            "L-W-RH",
            "The Willows Residential Home",
            "BL1 1AA",
            "Bolton",
            provider=("P-RH", "The Willows Residential Home Limited"),
        ),
    )
    assert match(m, "Willows Rest Home", employer="The Willows Care Home Ltd") == (
        "auto",
        "L-W-CH",
        "P-CH",
    )
    assert match(m, "The Willows", employer="Willows Residential Home Limited")[:2] == (
        "auto",
        "L-W-RH",
    )
    # Without it, or when the employer only repeats the workplace, nothing tells them
    # apart; nor does a company name that is not one provider's.
    assert match(m, "Willows Rest Home")[0] != "auto"
    assert match(m, "The Willows Care Home Ltd", employer="The Willows Care Home Ltd")[0] != "auto"
    assert match(m, "Willows Rest Home", employer="The Willows Nursing Home Ltd")[0] != "auto"


def test_a_name_with_one_slip_beats_another_homes_postcode() -> None:
    # The postcode is Kiln Lodge's, but members know where they work better than its
    # postcode: a name written right but for one slip still links; two slips do not.
    m = Matcher(
        [
            home("L-GLEN", "Glenfield House Nursing Home", "NR35 1HQ", "Bungay"),
            home("L-KILN", "Kiln Lodge", "NR35 2AA", "Bungay"),
            home("L-GLENN", "Glennfield Care Home", "LE1 1AA", "Leicester"),
            # Another Glenfield: the name's leading word is not one home's alone, which
            # would name it whatever the postcode (test_engine_recall).
            home("L-GLEN-C", "Glenfield Court", "LE2 2AA", "Leicester"),
        ]
    )
    assert match(m, "Glenfield Hous", "NR35 2AA") == ("auto", "L-GLEN", None)
    assert match(m, "Glenfeld Hose", "NR35 2AA")[0] == "review"


def test_a_postcode_does_not_link_a_contradicting_name(matcher: Matcher) -> None:
    assert match(matcher, "Tesco", "OL8 2BY")[0] == "none"
    assert match(matcher, "Riverside Lodge", "OL8 2BY")[0] != "auto"


def test_it_links_only_the_provider_when_no_home_is_named(matcher: Matcher) -> None:
    assert match(matcher, "Bupa") == ("auto", None, "P-BUPA")
    first = matcher.match(Query("q", "", "Bupa", "")).candidates[0]
    assert (first.provider_id, first.name_matched, first.location_id) == (
        "P-BUPA",
        "provider",
        None,
    )
    assert match(matcher, "", employer="BUPA") == ("auto", None, "P-BUPA")


def test_it_links_the_providers_home_at_the_full_postcode(matcher: Matcher) -> None:
    assert match(matcher, "Bupa", "M21 2BB") == ("auto", "L-OAKS", "P-BUPA")


@pytest.mark.parametrize(
    "workplace",
    [
        "Royal Oldham Hospital",
        "Pennine Acute Hospitals NHS Trust",
        "Tesco",
        "Oldham Council",
        "Hays",
        "St Mary's Primary School",
    ],
)
def test_it_leaves_workplaces_outside_the_register_unlinked(
    matcher: Matcher, workplace: str
) -> None:
    assert match(matcher, workplace, "BL1 4AB")[0] == "none"


def test_two_equally_good_candidates_go_to_review(matcher: Matcher) -> None:
    r = matcher.match(Query("q", "", "The Willows", ""))
    assert (r.decision, r.location_id) == ("review", None)
    assert {c.location_id for c in r.candidates[:2]} == {"L-WILLOWS-1", "L-WILLOWS-2"}


def test_a_postcode_settles_equally_good_names(matcher: Matcher) -> None:
    assert match(matcher, "The Willows", "WA1 1AA") == ("auto", "L-WILLOWS-2", None)
    assert match(matcher, "The Willows", "WA1 1") == ("auto", "L-WILLOWS-2", None)


def test_a_postcode_area_settles_namesakes_far_apart(matcher: Matcher) -> None:
    # A member's home postcode is mostly near work: "WA9" is in the area of the
    # Warrington Willows, not of the Stockport one.
    assert match(matcher, "The Willows", "WA9 9ZZ") == ("auto", "L-WILLOWS-2", None)
    assert match(matcher, "The Willows", "LS1 1AA")[0] == "review"


def test_an_exact_name_beats_a_near_spelling() -> None:
    m = Matcher(
        [
            home("L-HARWOOD", "Harwood Court", "NE23 6AZ", "Cramlington"),
            home("L-HAREWOOD", "Harewood Court Nursing Home", "LS17 9LH", "Leeds"),
        ]
    )
    assert match(m, "Harwood Court") == ("auto", "L-HARWOOD", None)
    assert match(m, "Harewood Court") == ("auto", "L-HAREWOOD", None)


def _namesakes(*extra: Candidate) -> Matcher:
    """Two "The Willows" a record without a postcode cannot tell apart, and more."""
    return Matcher(
        [
            home("L-W-SK", "The Willows", "SK1 1AA", "Stockport", provider=("P-SK", "Ashby Ltd")),
            home("L-W-WA", "The Willows", "WA1 1AA", "Warrington", provider=("P-WA", "Brook Ltd")),
            *extra,
        ]
    )


def test_an_employer_named_from_common_words_still_names_its_provider() -> None:
    # Owners' names are often surnames, each in more register names than block on their
    # own; the exact name of a provider is still found.
    owner = ("P-WW", "White & Wilson Care Homes Ltd")
    m = _namesakes(
        home("L-W-OL", "The Willows", "OL1 1AA", "Oldham", provider=owner),
        *(
            home(
                f"L-F{i}", f"{w} Lodge {i}", "M1 1AA", "Manchester", provider=(f"P{i}", f"{w} Ltd")
            )
            for i in range(170)
            for w in ("White", "Wilson", "Whites", "Wilton")
        ),
    )
    assert match(m, "The Willows", employer="White & Wilson Care Homes Ltd") == (
        "auto",
        "L-W-OL",
        "P-WW",
    )
    assert match(m, "The Willows")[0] != "auto"


def test_an_employer_naming_a_homes_old_name_names_its_company() -> None:
    # The company kept the home's old name ("Pegasus Care Home Limited"): its name and the
    # old name are one entry, and the employer column naming it still tells the home.
    m = _namesakes(
        home(
            "L-W-OL",
            "The Willows",
            "OL1 1AA",
            "Oldham",
            previous=("Pegasus Care Home",),
            provider=("P-PG", "Pegasus Care Home Limited"),
        )
    )
    assert match(m, "The Willows", employer="Pegasus Care Home Limited")[:2] == (
        "auto",
        "L-W-OL",
    )


def test_an_employer_owning_one_home_settles_a_short_name() -> None:
    # "Foxglove" is the whole name of two homes, but the employer owns only the third,
    # "Foxglove Manor": as telling as a postcode only that home has.
    m = _namesakes(
        home("L-FOX-1", "Foxglove Care Home", "B1 1AA", "Birmingham", provider=("P-1", "Ames Ltd")),
        home("L-FOX-2", "Foxglove Care Home", "L1 1AA", "Liverpool", provider=("P-2", "Bell Ltd")),
        home(
            "L-FOX-M",
            "Foxglove Manor",
            "SK8 1AA",
            "Cheadle",
            provider=("P-CM", "Cheadle Manor Care Centre Limited"),
        ),
        # "Manor" is as common as in the real register.
        *(home(f"L-M{i}", f"Manor {i}", "M1 1AA", "Manchester") for i in range(100)),
    )
    assert match(m, "Foxglove", employer="Cheadle Manor Care Centre Limited")[:2] == (
        "auto",
        "L-FOX-M",
    )
    assert match(m, "Foxglove")[0] != "auto"


def test_a_type_named_settles_a_home_whose_name_holds_the_text() -> None:
    # "Rossendale Road" holds every word of "Rossendale", so the short form is reviewed;
    # "Rossendale Rest Home" says a care home, as only the nursing home's name does.
    m = Matcher(
        [
            home("L-ROSS-NH", "Rossendale Nursing Home", "BB4 1AA", "Rossendale"),
            home("L-ROSS-RD", "Rossendale Road", "BB11 1AA", "Burnley"),
        ]
    )
    assert match(m, "Rossendale Rest Home") == ("auto", "L-ROSS-NH", None)
    assert match(m, "Rossendale")[0] == "review"


def test_a_confirmed_alias_links_automatically(matcher: Matcher) -> None:
    r = matcher.match(Query("q", "", "THE BIG HOUSE", ""))
    assert (r.decision, r.location_id, r.reason) == ("auto", "L-BIG", "confirmed alias")
    assert (r.candidates[0].location_id, r.candidates[0].name_matched) == ("L-BIG", "alias")
    assert match(matcher, "greystone hse (preston)") == ("auto", "L-BIG", None)


def test_an_alias_that_is_another_homes_name_is_not_trusted() -> None:
    m = Matcher(REGISTER, aliases={"The Willows": "L-WILLOWS-1"})
    assert match(m, "The Willows")[0] == "review"


def test_candidates_carry_evidence_for_a_reviewer(matcher: Matcher) -> None:
    r = matcher.match(Query("q", "", "The Willows", "SK1 1AB"))
    best = r.candidates[0]
    assert best.postcode_level == "sector"
    assert best.reasons == ["name 'The Willows' matches 100%", "postcode agrees (sector)"]
    assert 0 <= r.score <= 100 and len(r.candidates) <= 5


def test_match_many_agrees_with_match(matcher: Matcher) -> None:
    qs = [Query(str(i), "", w, "") for i, w in enumerate(["Hollins Pk", "Tesco", "Bupa"])]
    many = matcher.match_many(qs)
    first = next(many)
    # The cyclic collector is paused while matching, and back once the run ends.
    assert not gc.isenabled()
    rest = list(many)
    assert gc.isenabled()
    assert [m.location_id for m in [first, *rest]] == [matcher.match(q).location_id for q in qs]
    assert [m.candidates for m in [first, *rest]] == [matcher.match(q).candidates for q in qs]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40), st.text(max_size=20), st.text(max_size=12))
def test_it_never_crashes_on_arbitrary_text(workplace: str, employer: str, postcode: str) -> None:
    r = MATCHER.match(Query("q", employer, workplace, postcode))
    assert r.decision in ("auto", "review", "none")
    assert 0.0 <= r.score <= 100.0


MATCHER = Matcher(REGISTER)


def test_normalisation_of_sector_names() -> None:
    p = parse_name("St Annes Nursing Home (Bolton)")
    assert (p.core, p.kinds, p.town) == ("saint annes bolton", frozenset({"nursing"}), "bolton")
    assert parse_name("BUPA - Heathfield").segments == ("bupa", "heathfield")
    assert parse_name("The Willows Care Home Ltd").core == "willows"
    assert parse_name("Cedars Res Home nr Rochdale").town == "rochdale"
    assert parse_name("Rose & Crown Homecare").core == "rose crown"
    assert alias_key("Hollins Pk") == alias_key("HOLLINS PARK CARE HOME LIMITED")
