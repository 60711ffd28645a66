"""Tests for the motion parser.

The layouts below are modelled on real UNISON motion pages (national delegate,
health, local government and community conferences) but reworded: the page
furniture and metadata shapes are real, the motion text is ours.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.lib.textfiles import decode
from commonground.motions.parser import (
    DECISIONS,
    ParsedCall,
    ParsedMotion,
    parse_motion,
)

# -- layouts -----------------------------------------------------------------

SGE = "the SGE"  # the body the short examples call on

# 1. Current unison.org.uk page: labels alone on their lines, values below,
#    cookie banner and share links around it, items "1)Word" with no space.
HEALTH_LABELS_ON_OWN_LINES = """\
We use cookies to collect anonymous data to help us improve your browsing experience.
Accept all cookies
Skip to main content

Safe staffing on mental health wards

Back to all Motions

Conference
2024 Health Conference
Date
22 April 2024
Decision
Carried

Conference notes that vacancy rates on mental health wards remain far above
the NHS average and that members report working alone on night shifts.

Conference calls on the Service Group Executive to:

1)Survey branches on lone working in mental health settings;

2)Publish model safe staffing clauses for local negotiators; and

3)Raise the findings with the NHS Staff Council.

Share this
Facebook
Twitter
Print
"""

# 2. Older page: no labels at all, a notes list that is *not* calls, "•"
#    bullets, and an amendments section whose own "calls on" must be ignored.
COMMUNITY_UNLABELLED_WITH_AMENDMENT = """\
Organising in housing associations

Back to all Motions

2024 Community Conference
9 November 2023
Carried as Amended

Conference notes:
1. Housing association mergers have produced employers with tens of thousands of staff;
2. Recognition agreements are often lost in the process.

Conference therefore calls upon the Community Service Group Executive to:
• map recognition agreements across the ten largest associations
• produce an organising guide for merger situations
• report progress to the 2025 conference

Amendment 4.1
Submitted by: Eastern Region
Add new bullet: Conference calls on regions to appoint a lead organiser.
Carried
"""

# 3. "Label: value" lines, a numeric UK date, a lost motion and a shouted
#    "CALLS FOR:" with dash bullets and no body called on.
NDC_LABELS_INLINE_CALLS_FOR = """\
Title: Scrap the two-child limit
Conference: 2023 National Delegate Conference
Date: 14/06/2023
Status: Lost
Submitted by: Northern Region

CONFERENCE NOTES THAT THE TWO-CHILD LIMIT PUSHES CARE WORKERS' FAMILIES INTO POVERTY.

CONFERENCE THEREFORE CALLS FOR:
- AN IMMEDIATE END TO THE TWO-CHILD LIMIT
- A BENEFIT SYSTEM THAT MEETS THE REAL COST OF LIVING
"""

# 4. Just the motion text pasted from an email: hard-wrapped lines, "(1)"
#    numbering, "instructs", and no title or metadata at all.
BODY_ONLY_HARD_WRAPPED = """\
Conference notes that many home care workers are still not paid for the time
they spend travelling between visits.

Conference instructs the National Executive Council to:

(1) campaign for travel time to be paid at no less than the real living
wage in every commissioning contract;
(2) support branches taking equal pay and minimum wage claims; and
(3) report to next year's conference.
"""

# 5. Two blocks: lettered calls on the NEC, then "·" bullets for regions and
#    branches.  Explicit numbers are kept, bullets carry on from the last one.
TWO_BLOCKS_LETTERS_THEN_BULLETS = """\
Defending facility time

Conference: 2022 Local Government Conference
Date: 19 June 2022
Decision: Carried

Conference calls on the NEC to:
a) defend facility time agreements under threat;
b) publish a guide to the facility time publication regulations;
c) work with Labour Link on model council motions.

Conference further calls on regions and branches to:
· record facility time accurately
· share examples of agreements that work
"""

# 6. A date with no day (left empty, year kept), "remitted", roman numerals
#    and lettered sub-points folded into the call above them.
REMITTED_ROMAN_WITH_SUBPOINTS = """\
Motion 12: Sleep-in shifts and the minimum wage

Conference: 2021 Community Conference
Date: June 2021
Decision: Remitted

Conference asks the Service Group Executive to:
i) seek legal advice on sleep-in pay following the Supreme Court judgment;
ii) campaign for:
a) full pay for every hour of a sleep-in shift
b) proper rest facilities
iii) report back.
"""

# 7. The oldest pages put everything in one paragraph: "1)work with ...
#    2)produce ...".  ISO date, withdrawn, breadcrumb and skip link.
OLD_INLINE_PARAGRAPH = """\
Skip to main content
Home > Motions > 2008
Make public services count

Conference: 2008 National Delegate Conference
Date: 2008-06-18
Decision: Withdrawn

Conference welcomes the campaign in response to the spending review. Conference calls on the National Executive Council to: 1)work with service groups on a joint campaign plan; 2)produce materials for branches; 3)report progress to the 2009 conference.
"""

# 8. Windows line endings, non-breaking spaces, runs of blank lines, "*"
#    bullets, an "Outcome:" label, and an introduction wrapped over two lines.
MESSY_PASTE = (
    "Social care: a national care service\r\n"
    "\r\n\r\n\r\n"
    "Conference:\u00a02023\u00a0Local Government Conference\r\n"
    "Date: Sunday 18th June 2023\r\n"
    "Outcome: Carried\r\n"
    "\r\n\r\n"
    "Conference believes that care is a public good.\r\n"
    "\r\n"
    "Conference therefore calls on the Local Government Service Group\r\n"
    "Executive to:\r\n"
    "\r\n\r\n"
    "* campaign for a national care service\r\n"
    "\r\n\r\n"
    "*\u00a0press for sectoral collective bargaining in social care\r\n"
    "\r\n"
    "Print this page\r\n"
)

# 9. Items pasted from <li> without their bullets: one line, one call; the list
#    ends at the next "Conference ..." paragraph.  Unknown decision, range date.
UNMARKED_ITEMS = """\
Year of the young worker

Conference: National Delegate Conference 2024, Brighton
Date: 18-21 June 2024
Decision: Not reached

Conference therefore instructs the National Young Members' Forum to:
Hold a young workers' summit in every region
Produce a recruitment film with young care workers
Conference believes this will help build the union for the future.
"""

# 10. No calls at all: the motion notes and believes but asks nobody for
#     anything.  Dotted numeric date, lost, submitted by.
NO_CALLS = """\
A tribute to our retired members

Conference: 2019 National Retired Members' Conference
Date: 05.11.2019
Decision: Lost
Submitted by: National Retired Members' Committee

Conference notes the contribution retired members make to branch life.
Conference believes their experience is an asset to the whole union.
"""

# 11. A single call inside a sentence ("... and calls on X to ..."), no
#     decision on the page, "Motion 3" label line in the header.
SINGLE_INLINE_CALL = """\
Caucus meeting

Back to all Motions

Motion 3
2017 Community Service Group Conference
10 November 2016

This Conference notes that the Black members caucus meeting is the only chance for Black members in the sector to meet.

This Conference believes that the caucus meeting should be part of the timetable and calls on the Community Service Group Executive to discuss how this can be achieved with the National Black Members Committee.
"""

# 12. Numbers alone on their lines with the text below, and a "Share this" and
#     "Print" in the middle of the list.
NUMBERS_ON_OWN_LINES = """\
Ethical care charter

Conference: 2023 Local Government Conference
Date: 20 June 2023
Decision: Carried as amended

Conference calls on the Service Group Executive to:
1.
Promote the ethical care charter to every council
Share this
2.
Track which councils have signed it
Print
3.
Publish the list each year
"""

LAYOUTS = [
    pytest.param(
        HEALTH_LABELS_ON_OWN_LINES,
        {
            "title": "Safe staffing on mental health wards",
            "conference": "2024 Health Conference",
            "date": "2024-04-22",
            "decision": "carried",
            "calls_on": "the Service Group Executive",
            "calls": [
                {"number": 1, "text": "Survey branches on lone working in mental health settings"},
                {"number": 2, "text": "Publish model safe staffing clauses for local negotiators"},
                {"number": 3, "text": "Raise the findings with the NHS Staff Council"},
            ],
        },
        id="labels-on-own-lines",
    ),
    pytest.param(
        COMMUNITY_UNLABELLED_WITH_AMENDMENT,
        {
            "title": "Organising in housing associations",
            "conference": "2024 Community Conference",
            "date": "2023-11-09",
            "decision": "carried as amended",
            "calls_on": "the Community Service Group Executive",
            "calls": [
                {
                    "number": 1,
                    "text": "map recognition agreements across the ten largest associations",
                },
                {"number": 2, "text": "produce an organising guide for merger situations"},
                {"number": 3, "text": "report progress to the 2025 conference"},
            ],
        },
        id="unlabelled-with-amendment",
    ),
    pytest.param(
        NDC_LABELS_INLINE_CALLS_FOR,
        {
            "title": "Scrap the two-child limit",
            "conference": "2023 National Delegate Conference",
            "date": "2023-06-14",
            "decision": "lost",
            "calls_on": None,
            "calls": [
                {"number": 1, "text": "AN IMMEDIATE END TO THE TWO-CHILD LIMIT"},
                {"number": 2, "text": "A BENEFIT SYSTEM THAT MEETS THE REAL COST OF LIVING"},
            ],
        },
        id="calls-for-without-body",
    ),
    pytest.param(
        BODY_ONLY_HARD_WRAPPED,
        {
            "title": None,
            "conference": None,
            "date": None,
            "decision": None,
            "calls_on": "the National Executive Council",
            "calls": [
                {
                    "number": 1,
                    "text": "campaign for travel time to be paid at no less than the real "
                    "living wage in every commissioning contract",
                },
                {
                    "number": 2,
                    "text": "support branches taking equal pay and minimum wage claims",
                },
                {"number": 3, "text": "report to next year's conference"},
            ],
        },
        id="body-only-hard-wrapped",
    ),
    pytest.param(
        TWO_BLOCKS_LETTERS_THEN_BULLETS,
        {
            "title": "Defending facility time",
            "conference": "2022 Local Government Conference",
            "date": "2022-06-19",
            "decision": "carried",
            "calls_on": "the NEC",
            "calls": [
                {"number": 1, "text": "defend facility time agreements under threat"},
                {
                    "number": 2,
                    "text": "publish a guide to the facility time publication regulations",
                },
                {"number": 3, "text": "work with Labour Link on model council motions"},
                {"number": 4, "text": "record facility time accurately"},
                {"number": 5, "text": "share examples of agreements that work"},
            ],
        },
        id="two-blocks",
    ),
    pytest.param(
        REMITTED_ROMAN_WITH_SUBPOINTS,
        {
            "title": "Sleep-in shifts and the minimum wage",
            "conference": "2021 Community Conference",
            "date": None,
            "decision": "remitted",
            "calls_on": "the Service Group Executive",
            "calls": [
                {
                    "number": 1,
                    "text": "seek legal advice on sleep-in pay following the Supreme Court judgment",
                },
                {
                    "number": 2,
                    "text": "campaign for: a) full pay for every hour of a sleep-in shift "
                    "b) proper rest facilities",
                },
                {"number": 3, "text": "report back"},
            ],
        },
        id="roman-with-subpoints",
    ),
    pytest.param(
        OLD_INLINE_PARAGRAPH,
        {
            "title": "Make public services count",
            "conference": "2008 National Delegate Conference",
            "date": "2008-06-18",
            "decision": "withdrawn",
            "calls_on": "the National Executive Council",
            "calls": [
                {"number": 1, "text": "work with service groups on a joint campaign plan"},
                {"number": 2, "text": "produce materials for branches"},
                {"number": 3, "text": "report progress to the 2009 conference"},
            ],
        },
        id="old-inline-paragraph",
    ),
    pytest.param(
        MESSY_PASTE,
        {
            "title": "Social care: a national care service",
            "conference": "2023 Local Government Conference",
            "date": "2023-06-18",
            "decision": "carried",
            "calls_on": "the Local Government Service Group Executive",
            "calls": [
                {"number": 1, "text": "campaign for a national care service"},
                {"number": 2, "text": "press for sectoral collective bargaining in social care"},
            ],
        },
        id="messy-paste",
    ),
    pytest.param(
        UNMARKED_ITEMS,
        {
            "title": "Year of the young worker",
            "conference": "National Delegate Conference 2024, Brighton",
            "date": None,
            "decision": None,
            "calls_on": "the National Young Members' Forum",
            "calls": [
                {"number": 1, "text": "Hold a young workers' summit in every region"},
                {"number": 2, "text": "Produce a recruitment film with young care workers"},
            ],
        },
        id="unmarked-items",
    ),
    pytest.param(
        NO_CALLS,
        {
            "title": "A tribute to our retired members",
            "conference": "2019 National Retired Members' Conference",
            "date": "2019-11-05",
            "decision": "lost",
            "calls_on": None,
            "calls": [],
        },
        id="no-calls",
    ),
    pytest.param(
        SINGLE_INLINE_CALL,
        {
            "title": "Caucus meeting",
            "conference": "2017 Community Service Group Conference",
            "date": "2016-11-10",
            "decision": None,
            "calls_on": "the Community Service Group Executive",
            "calls": [
                {
                    "number": 1,
                    "text": "discuss how this can be achieved with the National Black "
                    "Members Committee",
                },
            ],
        },
        id="single-inline-call",
    ),
    pytest.param(
        NUMBERS_ON_OWN_LINES,
        {
            "title": "Ethical care charter",
            "conference": "2023 Local Government Conference",
            "date": "2023-06-20",
            "decision": "carried as amended",
            "calls_on": "the Service Group Executive",
            "calls": [
                {"number": 1, "text": "Promote the ethical care charter to every council"},
                {"number": 2, "text": "Track which councils have signed it"},
                {"number": 3, "text": "Publish the list each year"},
            ],
        },
        id="numbers-on-own-lines",
    ),
]


# Calls addressed to someone other than the first body called on (by layout).
OTHER_ADDRESSEES = {
    "two-blocks": ["the NEC"] * 3 + ["regions and branches"] * 2,
}


@pytest.mark.parametrize(("text", "expected"), LAYOUTS)
def test_it_parses_layout(
    text: str, expected: dict[str, object], request: pytest.FixtureRequest
) -> None:
    got = parse_motion(text).to_json()
    addressees = [call.pop("addressee") for call in got["calls"]]
    layout = request.node.callspec.id
    assert addressees == OTHER_ADDRESSEES.get(layout, [expected["calls_on"]] * len(addressees))
    assert got == expected


def test_it_marks_everything_missing_when_only_the_body_is_pasted() -> None:
    parsed = parse_motion(BODY_ONLY_HARD_WRAPPED)
    assert parsed.warnings == [
        "title missing",
        "conference missing",
        "date missing",
        "decision missing",
    ]


def test_it_keeps_the_year_but_not_a_date_without_a_day() -> None:
    parsed = parse_motion(REMITTED_ROMAN_WITH_SUBPOINTS)
    assert parsed.date is None
    assert parsed.year == 2021
    assert parsed.warnings == ["date 'June 2021' has no day; left empty (year 2021)"]


def test_it_does_not_map_unknown_decisions_or_date_ranges() -> None:
    parsed = parse_motion(UNMARKED_ITEMS)
    assert parsed.warnings == [
        "date '18-21 June 2024' is a range, not one day; left empty",
        (
            "decision 'Not reached' is not one of carried, carried as amended, lost, "
            "remitted, withdrawn; left empty"
        ),
    ]
    assert parsed.year == 2024


def test_it_warns_when_there_are_no_calls() -> None:
    parsed = parse_motion(NO_CALLS)
    assert parsed.warnings == ["no calls to action found"]
    assert parsed.submitted_by == "National Retired Members' Committee"


def test_it_notes_the_conference_year_when_the_date_is_missing() -> None:
    parsed = parse_motion(
        "Fair pay\n2024 Community Conference\n\nConference calls on the SGE to:\n1. act"
    )
    assert parsed.date is None
    assert "date missing (conference year 2024)" in parsed.warnings


def test_it_ignores_calls_inside_amendments_and_keeps_the_motion_decision() -> None:
    parsed = parse_motion(COMMUNITY_UNLABELLED_WITH_AMENDMENT)
    assert "appoint a lead organiser" not in json.dumps(parsed.to_json())
    assert parsed.decision == "carried as amended"  # not the amendment's "Carried"
    assert parsed.submitted_by is None  # the amendment's mover, not the motion's
    assert parsed.body.endswith("Carried")  # but the amendment stays in the text


def test_it_keeps_the_body_without_page_furniture_or_metadata() -> None:
    parsed = parse_motion(HEALTH_LABELS_ON_OWN_LINES)
    assert parsed.body.startswith("Conference notes that vacancy rates")
    for furniture in ("cookies", "Share this", "Back to all Motions", "Print", "Decision"):
        assert furniture not in parsed.body
    assert "\n\n\n" not in parsed.body


def test_it_ignores_calls_made_by_others_in_the_preamble() -> None:
    parsed = parse_motion(
        "Pay\n\nConference notes that the TUC calls on the government to act.\n"
        "Motion 39 last year called on the SGE to report.\n"
    )
    assert parsed.calls == []
    assert parsed.calls_on is None


def test_it_does_not_take_questions_as_calls() -> None:
    parsed = parse_motion("T\n\nConference asks why the employer refuses to negotiate.\n")
    assert parsed.calls == []


def test_it_reads_a_mover_line_after_the_calls_as_metadata() -> None:
    parsed = parse_motion(
        "T\n\nConference calls on the SGE to:\n1. act\nSubmitted by North West Region\n"
    )
    assert parsed.calls == [ParsedCall(1, "act", SGE)]
    assert parsed.submitted_by == "North West Region"


def test_it_takes_the_title_just_above_the_back_link() -> None:
    parsed = parse_motion("UNISON Scotland\nMy Account\nFair work\nBack to all Motions\n")
    assert parsed.title == "Fair work"


def test_it_treats_title_like_lines_after_the_title_as_subheadings() -> None:
    parsed = parse_motion("Fair work\nBackground\nConference notes the Fair Work Convention.")
    assert parsed.title == "Fair work"
    assert parsed.body == "Background\nConference notes the Fair Work Convention."


def test_it_warns_on_conflicting_metadata_and_keeps_the_first() -> None:
    parsed = parse_motion("T\nDecision: Carried\nStatus: Lost\nDate: 1 May 2024\nDate: 2 May 2024")
    assert parsed.decision == "carried"
    assert parsed.date == dt.date(2024, 5, 1)
    assert "conflicting decision: kept 'carried', ignored 'lost'" in parsed.warnings
    assert "conflicting date: kept 2024-05-01, ignored '2 May 2024'" in parsed.warnings


def test_it_takes_calls_on_from_the_first_block_that_names_a_body() -> None:
    parsed = parse_motion(
        "Conference calls for:\n- a\n- b\nConference calls on the NEC to:\n1. c\n2. d\n"
    )
    assert parsed.calls_on == "the NEC"
    # "calls for" names nobody: those calls have no addressee.
    assert parsed.calls == [
        ParsedCall(1, "a"),
        ParsedCall(2, "b"),
        ParsedCall(1, "c", "the NEC"),
        ParsedCall(2, "d", "the NEC"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("14 June 2023", dt.date(2023, 6, 14)),
        ("14th June 2023", dt.date(2023, 6, 14)),
        ("Wednesday, 14 June 2023", dt.date(2023, 6, 14)),
        ("June 14, 2023", dt.date(2023, 6, 14)),
        ("14 Jun 2023", dt.date(2023, 6, 14)),
        ("14 Sept 2023", dt.date(2023, 9, 14)),
        ("14/06/2023", dt.date(2023, 6, 14)),
        ("14/6/23", dt.date(2023, 6, 14)),
        ("14-06-2023", dt.date(2023, 6, 14)),
        ("2023-06-14", dt.date(2023, 6, 14)),
        ("2023-06-14T09:30:00Z", dt.date(2023, 6, 14)),
        ("June 2023", None),
        ("2023", None),
        ("31/02/2023", None),
        ("06/14/2023", None),  # read day-first; month 14 does not exist
        ("13–16 June 2023", None),
        ("30 June - 2 July 2023", None),
        ("soon", None),
    ],
)
def test_it_reads_dates(line: str, expected: dt.date | None) -> None:
    assert parse_motion(f"Title\nDate: {line}\n").date == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Carried", "carried"),
        ("CARRIED AS AMENDED", "carried as amended"),
        ("Carried (as amended)", "carried as amended"),
        ("Carried with amendments", "carried as amended"),
        ("Motion was lost", "lost"),
        ("Defeated", "lost"),
        ("Remitted to the NEC", "remitted"),
        ("Withdrawn.", "withdrawn"),
        ("Fell", None),
        ("Referred back", None),
        ("", None),
    ],
)
def test_it_reads_decisions(value: str, expected: str | None) -> None:
    assert parse_motion(f"Title\nDecision: {value}\n").decision == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("1. a\n2. b", [ParsedCall(1, "a", SGE), ParsedCall(2, "b", SGE)]),
        ("1) a\n2) b", [ParsedCall(1, "a", SGE), ParsedCall(2, "b", SGE)]),
        ("1.Build a\n2.Grow b", [ParsedCall(1, "Build a", SGE), ParsedCall(2, "Grow b", SGE)]),
        ("(1) a\n(2) b", [ParsedCall(1, "a", SGE), ParsedCall(2, "b", SGE)]),
        ("a) x\nb) y", [ParsedCall(1, "x", SGE), ParsedCall(2, "y", SGE)]),
        ("(a) x\n(b) y", [ParsedCall(1, "x", SGE), ParsedCall(2, "y", SGE)]),
        (
            "i) x\nii) y\niii) z",
            [ParsedCall(1, "x", SGE), ParsedCall(2, "y", SGE), ParsedCall(3, "z", SGE)],
        ),
        ("· x\n· y", [ParsedCall(1, "x", SGE), ParsedCall(2, "y", SGE)]),
        ("• x\n• y", [ParsedCall(1, "x", SGE), ParsedCall(2, "y", SGE)]),
        ("- x\n- y", [ParsedCall(1, "x", SGE), ParsedCall(2, "y", SGE)]),
        ("* x\n* y", [ParsedCall(1, "x", SGE), ParsedCall(2, "y", SGE)]),
        (
            "3. x\n7. y",
            [ParsedCall(3, "x", SGE), ParsedCall(7, "y", SGE)],
        ),  # explicit numbers are kept
        (
            "h) x\ni) y\nj) z",
            [ParsedCall(8, "x", SGE), ParsedCall(9, "y", SGE), ParsedCall(10, "z", SGE)],
        ),  # i is a letter here
        ("1. x\n2.1 detail\n2. y", [ParsedCall(1, "x 2.1 detail", SGE), ParsedCall(2, "y", SGE)]),
    ],
)
def test_it_reads_numbering_styles(lines: str, expected: list[ParsedCall]) -> None:
    assert parse_motion(f"T\n\nConference calls on the SGE to:\n{lines}\n").calls == expected


@pytest.mark.parametrize(
    "intro",
    [
        "Conference calls on the NEC to:",
        "Conference therefore calls upon the NEC to:",
        "Conference, therefore, calls on the NEC to:",
        "Health Conference further calls on the NEC to:",
        "We call on the NEC to:",
        "CONFERENCE THEREFORE CALLS ON THE NEC TO:",
        "Conference instructs the NEC to:",
        "Conference calls on the NEC to work with the SGE to:",
        "Calls on the NEC to:",
    ],
)
def test_it_recognises_introductions(intro: str) -> None:
    parsed = parse_motion(f"T\n\n{intro}\n1. act\n")
    assert parsed.calls == [ParsedCall(1, "act", parsed.calls_on)]
    assert parsed.calls_on is not None
    assert parsed.calls_on.casefold() == "the nec"


def test_it_ends_a_list_at_the_next_paragraph() -> None:
    parsed = parse_motion(
        "T\n\nConference calls on the SGE to:\n1. act now.\n\nThe crisis in care is deepening.\n"
    )
    assert parsed.calls == [ParsedCall(1, "act now", SGE)]


def test_it_caps_very_long_input() -> None:
    parsed = parse_motion("x" * 1_000_001)
    assert parsed.warnings[0].startswith("input longer than 1000000 characters")


# -- properties ----------------------------------------------------------------

FRAGMENTS = [
    "",
    "Back to all Motions",
    "Share this",
    "Print",
    "Conference",
    "Date",
    "Decision",
    "Status: Carried as amended",
    "Conference: 2023 National Delegate Conference",
    "2024 Community Conference",
    "Date: 14 June 2023",
    "14/06/2023",
    "June 2023",
    "13-16 June 2023",
    "Carried",
    "Lost",
    "Submitted by: ",
    "Motion 12",
    "Amendment 1.1",
    "Conference notes:",
    "Conference calls on the Service Group Executive to:",
    "Conference therefore calls upon the NEC to:",
    "CONFERENCE THEREFORE CALLS FOR:",
    "Conference calls on the NEC to: 1)work 2)grow",
    "and calls on the SGE to",
    "1.",
    "1)",
    "1.Build",
    "(1)",
    "a)",
    "i)",
    "ii)",
    "2.1",
    "·",
    "•",
    "-",
    "*",
    "We use cookies on this website",
    "calls on",
    "calls for",
    "to:",
    ":",
]

LINE = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=30),
    st.tuples(st.sampled_from(FRAGMENTS), st.text(max_size=20)).map("".join),
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS)).map(" ".join),
)
STRUCTURED = st.lists(LINE, max_size=40).map("\n".join)


def assert_well_formed(parsed: ParsedMotion) -> None:
    data = parsed.to_json()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"title", "conference", "date", "decision", "calls_on", "calls"}
    for key in ("title", "conference", "calls_on"):
        assert data[key] is None or (isinstance(data[key], str) and data[key].strip())
    assert data["decision"] is None or data["decision"] in DECISIONS
    if data["date"] is not None:
        dt.date.fromisoformat(data["date"])
    for call in data["calls"]:
        assert set(call) == {"number", "text", "addressee"}
        assert call["addressee"] is None or call["addressee"].strip()
        assert isinstance(call["number"], int)
        assert isinstance(call["text"], str) and call["text"].strip()
    assert all(isinstance(w, str) for w in parsed.warnings)
    assert isinstance(parsed.body, str)


@settings(deadline=None)
@given(st.text())
def test_it_never_raises_on_arbitrary_text(text: str) -> None:
    assert_well_formed(parse_motion(text))


@settings(deadline=None)
@given(STRUCTURED)
def test_it_never_raises_on_mixes_of_motion_keywords(text: str) -> None:
    assert_well_formed(parse_motion(text))


@settings(deadline=None)
@given(st.binary(max_size=2000))
def test_it_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    assert_well_formed(parse_motion(decode(data)))


NOISE_LINES = ["Share this", "Print", "Back to all Motions", "Twitter", "Accept all cookies"]


@settings(deadline=None)
@given(
    st.sampled_from(
        [
            HEALTH_LABELS_ON_OWN_LINES,
            COMMUNITY_UNLABELLED_WITH_AMENDMENT,
            TWO_BLOCKS_LETTERS_THEN_BULLETS,
            REMITTED_ROMAN_WITH_SUBPOINTS,
            NUMBERS_ON_OWN_LINES,
        ]
    ),
    st.data(),
)
def test_it_is_not_disturbed_by_page_furniture_anywhere(text: str, data: st.DataObject) -> None:
    lines = text.splitlines()
    # Furniture after the title: a back link above the title would make the
    # line above it the title, which is the rule for real pages.
    for _ in range(data.draw(st.integers(0, 6))):
        at = data.draw(st.integers(1, len(lines)))
        lines.insert(at, data.draw(st.sampled_from(NOISE_LINES[:2] + NOISE_LINES[3:])))
    noisy = "\n".join(lines).replace("\n\n", "\n\n\n")
    assert parse_motion(noisy).to_json() == parse_motion(text).to_json()


# -- session 5: rules for layouts from other unions' pages and PDFs ------------


def calls_of(text: str) -> list[str]:
    return [call.text for call in parse_motion(text).calls]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A comma (or semicolon) and "and to" with a verb: a second call, on one line
        # or across a line break.
        ("to pay X, and to support Y.", ["pay X", "support Y"]),
        ("to pay X, and\nto support Y.", ["pay X", "support Y"]),
        ("to pay X;\nand to support Y.", ["pay X", "support Y"]),
        # No comma: one call ("listen and act" is one thing to do).
        (
            "to listen to members and to act on what they say.",
            ["listen to members and to act on what they say"],
        ),
        (
            "to listen to members\nand to act on what they say.",
            ["listen to members and to act on what they say"],
        ),
        # "to" before a name or a determiner is the same call going on.
        (
            "to write to councillors, and to MPs, about pay.",
            ["write to councillors, and to MPs, about pay"],
        ),
        (
            "to write to councillors,\nand to the press, about pay.",
            ["write to councillors, and to the press, about pay"],
        ),
        # A noun after "to" (a word then "of", or a plural) is a recipient too; a verb
        # ending in "ss" or "us" is still a verb.
        (
            "to write to the minister, and to members of the committee.",
            ["write to the minister, and to members of the committee"],
        ),
        (
            "to write to the minister, and to employers.",
            ["write to the minister, and to employers"],
        ),
        (
            "to survey members, and to discuss the results.",
            ["survey members", "discuss the results"],
        ),
        ("to survey members, and to focus on pay.", ["survey members", "focus on pay"]),
    ],
)
def test_and_to_splits_a_call_only_after_a_comma_and_before_a_verb(
    sentence: str, expected: list[str]
) -> None:
    assert calls_of(f"Pay\n\nConference calls on the NEC {sentence}\n") == expected


def test_a_word_hyphenated_at_a_line_break_is_mended_but_a_compound_keeps_its_hyphen() -> None:
    text = "Pay\n\nConference calls on the NEC to:\n1. organ-\nise branches;\n2. end sleep-\nin shifts.\n"
    assert calls_of(text) == ["organise branches", "end sleep-in shifts"]


def test_a_bullet_run_onto_one_line_is_split_but_a_dash_in_a_call_is_not() -> None:
    text = "Pay\n\nConference calls on the NEC to:\n• pay X; • fund Y – and Z; • report.\n"
    assert calls_of(text) == ["pay X", "fund Y – and Z", "report"]
    text = "Pay\n\nConference calls on the NEC to:\n- pay X - in full;\n- report.\n"
    assert calls_of(text) == ["pay X - in full", "report"]


def test_inline_roman_numerals_count_as_roman() -> None:
    text = "Pay\n\nConference calls on the NEC to: (i) pay X, (ii) fund Y, and (iii) report.\n"
    parsed = parse_motion(text)
    assert [(c.number, c.text) for c in parsed.calls] == [
        (1, "pay X"),
        (2, "fund Y"),
        (3, "report"),
    ]


def test_a_proper_name_above_the_title_is_who_moved_it_a_title_stays_a_title() -> None:
    moved = parse_motion(
        "Welsh Congress 2026\nUNISON Cymru Wales\nTravel time\n\nCongress calls on the General Council to act.\n"
    )
    assert (moved.title, moved.submitted_by) == ("Travel time", "UNISON Cymru Wales")
    titled = parse_motion(
        "Support for the Black Members' Committee\nCare homes\n\nConference calls on the NEC to act.\n"
    )
    assert (titled.title, titled.submitted_by) == ("Support for the Black Members' Committee", None)


def test_a_line_repeated_at_page_breaks_is_a_running_header_a_repeated_title_is_not() -> None:
    pdf = (
        "2025 Health Conference      Final Agenda\n\nPay\n\nConference calls on the NEC to:\n"
        "1. pay X;\n\n12\n2025 Health Conference      Final Agenda\n\n2. fund Y.\n"
    )
    parsed = parse_motion(pdf)
    assert (parsed.conference, parsed.title, calls_of(pdf)) == (
        "2025 Health Conference",
        "Pay",
        ["pay X", "fund Y"],
    )
    # The same line twice on a web page, with no page break near: it stays.
    web = "Pay\n\nConference calls on the NEC to:\n1. pay X.\n\nPay\n"
    assert parse_motion(web).title == "Pay"
    assert "Pay" in parse_motion(web).body.splitlines()[1:]


def test_below_the_amendments_only_the_motions_own_decision_is_taken() -> None:
    base = "Pay\n\nConference calls on the NEC to:\n1. pay X.\n\nAmendment 1.1\nAdd at end: fund Y.\nCarried\n"
    assert parse_motion(base).decision is None
    assert parse_motion(base + "\nMotion as amended: Carried\n").decision == "carried as amended"
    assert parse_motion(base + "\nSubstantive motion lost\n").decision == "lost"


def test_a_forwarded_emails_header_is_not_the_motions() -> None:
    text = (
        "From: Branch Secretary\nSent: 02 December 2024 09:14\nSubject: FW: motion\n\n"
        "> Pay\n>\n> Date: 12 November 2024\n>\n> Conference calls on the NEC to:\n> 1. pay X.\n"
    )
    parsed = parse_motion(text)
    assert (parsed.title, parsed.date, calls_of(text)) == ("Pay", dt.date(2024, 11, 12), ["pay X"])


@pytest.mark.parametrize(
    ("line", "decision"),
    [
        ("(Carried)", "carried"),
        ("Resolutions Carried", "carried"),
        ("Remitted to the Service Group Executive", "remitted"),
        ("*Lost*", "lost"),
        ("Result: Carried (For 312, Against 41)", "carried"),
        ("Referred to the National Executive Council", None),
    ],
)
def test_decision_lines_from_other_unions(line: str, decision: str | None) -> None:
    assert (
        parse_motion(f"Pay\n\n{line}\n\nConference calls on the NEC to pay X.\n").decision
        == decision
    )


def test_a_tables_rows_are_labels_and_a_decisions_list_line_gives_title_and_decision() -> None:
    table = "Title\tPay\nConference\t2024 National Delegate Conference\nDate\t19 June 2024\n\nConference calls on the NEC to pay X.\n"
    parsed = parse_motion(table)
    assert (parsed.title, parsed.conference, parsed.date) == (
        "Pay",
        "2024 National Delegate Conference",
        dt.date(2024, 6, 19),
    )
    listed = parse_motion(
        "Motion 161 Care in the Community – agreed\n\nConference calls on the NEC to pay X.\n"
    )
    assert (listed.title, listed.decision) == ("Care in the Community", "carried")
    # Without a motion's number in front, a title ending in a decision word stays whole.
    plain = parse_motion("Pay rises carried\n\nConference calls on the NEC to pay X.\n")
    assert (plain.title, plain.decision) == ("Pay rises carried", None)


def test_calls_on_with_only_a_colon_gives_each_call_its_own_body() -> None:
    text = "Pay\n\nConference calls on:\na) the NEC to fund X;\nb) regions to appoint Y;\nc) to report.\n"
    assert [(c.addressee, c.text) for c in parse_motion(text).calls] == [
        ("the NEC", "fund X"),
        ("regions", "appoint Y"),
        (None, "report"),
    ]
    assert parse_motion(text).calls_on == "the NEC"


def test_a_branch_calling_counts_and_calls_for_names_a_body_only_in_the_list_form() -> None:
    branch = parse_motion("Pay\n\nThis branch calls on the Branch Committee to:\n1. pay X.\n")
    assert [(c.addressee, c.text) for c in branch.calls] == [("the Branch Committee", "pay X")]
    listed = parse_motion("Pay\n\nConference calls for the NEC to:\n1. pay X.\n")
    assert listed.calls_on == "the NEC"
    prose = parse_motion("Pay\n\nConference calls for an end to zero-hours contracts.\n")
    assert [(c.addressee, c.text) for c in prose.calls] == [
        (None, "an end to zero-hours contracts")
    ]


def test_two_columns_laid_out_side_by_side_are_read_left_then_right() -> None:
    left = ["This Congress notes that:", "", "• pay is low", "  for most staff;", "• rotas change."]
    right = ["This Congress calls on the General Council to:", "", "• campaign for", "  fair pay;"]
    right += ["• report back."]
    rows = [f"{a:<40}{b}".rstrip() for a, b in zip(left, right, strict=True)]
    text = "Welsh Congress 2026                          12 May 2026\n\nPay\n\n" + "\n".join(rows)
    parsed = parse_motion(text)
    assert [c.text for c in parsed.calls] == ["campaign for fair pay", "report back"]
    # The header's date, far to the right, is not a column.
    assert (parsed.conference, parsed.date) == ("Welsh Congress 2026", dt.date(2026, 5, 12))
    # Fewer than three rows apart at one position is not a column layout.
    two = "Pay\n\nConference calls on the NEC to:\n1. pay X     in full;\n2. report     back.\n"
    assert calls_of(two) == ["pay X in full", "report back"]


def test_a_sub_list_opened_by_a_colon_stays_in_its_call_until_the_lists_next_marker() -> None:
    text = "Pay\n\nConference calls on the NEC to:\na) press for:\ni. X;\nii. Y;\nb) report.\n"
    assert calls_of(text) == ["press for: i. X; ii. Y", "report"]
    # Without the colon, "i)" after "h)" is the ninth item of a lettered list.
    letters = "".join(f"{ch}) do {ch};\n" for ch in "abcdefghi")
    parsed = parse_motion(f"Pay\n\nConference calls on the NEC to:\n{letters}")
    assert [c.number for c in parsed.calls] == list(range(1, 10))


def test_council_minutes_resolved_is_carried_but_be_it_resolved_is_the_motions_text() -> None:
    minutes = parse_motion(
        "Fair pay\n\nRESOLVED – That this Council:\n(a) pays the living wage;\n(b) reports.\n"
    )
    assert minutes.decision == "carried"
    assert [(c.text, c.addressee) for c in minutes.calls] == [
        ("pays the living wage", None),
        ("reports", None),
    ]
    motion = parse_motion("Fair pay\n\nBE IT RESOLVED that this Council pays the living wage.\n")
    assert motion.decision is None


def test_a_council_calling_counts_only_as_the_sentences_subject() -> None:
    council = parse_motion("Pay\n\nCouncil calls on the Regional Committee to:\n1. pay X.\n")
    assert council.calls_on == "the Regional Committee"
    preamble = "Pay\n\nConference notes that the General Council calls on the government to act.\n"
    assert parse_motion(preamble).calls == []


@pytest.mark.parametrize(
    ("line", "decision"),
    [
        ("The motion was put to the vote and declared CARRIED.", "carried"),
        ("On being put to the vote the motion was declared lost.", "lost"),
        ("The amendment was put to the vote and declared carried.", None),
        ("Outcome – CARRIED AS AMENDED", "carried as amended"),
        ("Withdrawn in favour of Composite 3", "withdrawn"),
    ],
)
def test_declared_decisions_are_the_motions_own(line: str, decision: str | None) -> None:
    text = f"Pay\n\nConference calls on the NEC to:\n1. pay X.\n\n{line}\n"
    assert parse_motion(text).decision == decision


def test_a_label_in_two_languages_is_read_by_the_side_we_know() -> None:
    parsed = parse_motion(
        "Teitl / Title: Pay\nDyddiad / Date: 14 March 2026\nPenderfyniad / Decision: Carried\n\n"
        "Council calls on the Regional Committee to act.\n"
    )
    assert (parsed.title, parsed.date, parsed.decision) == ("Pay", dt.date(2026, 3, 14), "carried")


def test_a_capital_after_a_letter_is_an_item_only_inside_a_list() -> None:
    text = "Pay\n\nConference calls on the NEC to:\nA. Seek paid leave\nfor carers.\nB. Report.\n"
    assert calls_of(text) == ["Seek paid leave for carers", "Report"]
    # Outside a list "A. Khan" is a name: the mover, not a call.
    moved = parse_motion("Pay\n\nA. Khan\n\nConference calls on the NEC to act.\n")
    assert [c.text for c in moved.calls] == ["act"]
