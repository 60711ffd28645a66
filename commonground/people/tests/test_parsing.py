from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.imports.readers import UnreadableFile, open_table
from commonground.people.mapping import FIELDS, MappingError, check_mapping, guess_mapping
from commonground.people.parsing import (
    BlankRow,
    CleanRow,
    InvalidValue,
    RejectedRow,
    membership_key,
    normalise_email,
    normalise_employment_type,
    normalise_phone,
    normalise_status,
    validate_rows,
)

TODAY = date(2024, 6, 1)
HEADERS = [
    "Membership Number",
    "First name",
    "Surname",
    "Email",
    "Mobile",
    "Postcode",
    "Workplace",
    "Status",
    "Join date",
    "Lapse date",
]
MAPPING = guess_mapping(HEADERS)


def row(**overrides: str) -> list[str]:
    base = {
        "Membership Number": "AB12345",
        "First name": "Testa",
        "Surname": "Example",
        "Email": "Testa.Example@Example.org",
        "Mobile": "07700 900123",
        "Postcode": "m41 5bu",
        "Workplace": "Synthetic  Care Home",
        "Status": "Active",
        "Join date": "03/02/2020",
        "Lapse date": "",
    }
    base.update(overrides)
    return [base[h] for h in HEADERS]


def validate(rows, headers=HEADERS, mapping=MAPPING, **kwargs):
    numbered = [(line, cells) for line, cells in enumerate(rows, start=2)]
    return list(validate_rows(numbered, headers, mapping, today=TODAY, **kwargs))


def only(rows, **kwargs):
    [result] = validate(rows, **kwargs)
    return result


# --- mapping -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Membership Number", "membership_number"),
        ("Member No", "membership_number"),
        ("Mem No.", "membership_number"),
        ("MEMBERSHIP_NO", "membership_number"),
        ("membership-number ", "membership_number"),
        ("First name", "first_name"),
        ("Forename", "first_name"),
        ("Surname", "last_name"),
        ("Last Name", "last_name"),
        ("Name", "full_name"),
        ("Workplace", "workplace"),
        ("Work Location", "workplace"),
        ("Employer", "employer"),
        ("Postcode", "postcode"),
        ("Post Code", "postcode"),
        ("Home Postcode", "postcode"),
        ("Job title", "job_title"),
        ("Email", "email"),
        ("E-mail address", "email"),
        ("Personal Email Address", "email"),
        ("Mobile", "phone"),
        ("Mobile Phone", "phone"),
        ("Tel", "phone"),
        ("Status", "status"),
        ("Member Status", "status"),
        ("Join date", "joined"),
        ("Date joined", "joined"),
        ("Lapse Date", "lapsed"),
        ("Preferred Language", "languages"),
        ("Contract Type", "employment_type"),
        ("Employment Status", "employment_type"),
        ("Branch Code", "branch"),
        ("External ID", "external_id"),
    ],
)
def test_it_recognises_common_header_names(header, field):
    assert guess_mapping(["Something else", header]) == {field: header}


def test_it_maps_a_typical_extract():
    headers = [
        "Mem No.",
        "Forename",
        "Surname",
        "E-mail address",
        "Mobile Phone",
        "Post Code",
        "Work Location",
        "Employer",
        "Job title",
        "Member Status",
        "Date joined",
        "Notes",
    ]
    assert guess_mapping(headers) == {
        "membership_number": "Mem No.",
        "first_name": "Forename",
        "last_name": "Surname",
        "email": "E-mail address",
        "phone": "Mobile Phone",
        "postcode": "Post Code",
        "workplace": "Work Location",
        "employer": "Employer",
        "job_title": "Job title",
        "status": "Member Status",
        "joined": "Date joined",
    }


def test_it_prefers_the_better_name_and_uses_each_header_once():
    mapping = guess_mapping(["Tel", "Mobile", "Workplace Postcode", "Postcode", "Status"])
    assert mapping == {"phone": "Mobile", "postcode": "Postcode", "status": "Status"}


def test_it_leaves_look_alike_columns_unmapped():
    assert guess_mapping(["Workplace Postcode", "Email consent", "Employer Address"]) == {}


def test_it_checks_a_mapping():
    assert check_mapping(["A"], {"membership_number": "A"}) == []
    assert check_mapping(["A"], {"shoe_size": "A", "email": "B"}, key=None) == [
        "shoe_size: not a field we import",
        "email: the file has no column 'B'",
    ]
    with pytest.raises(MappingError, match="membership_number: no column"):
        validate([], mapping={"email": "Email"})


# --- single values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("07700-900-123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("447700900123", "+447700900123"),
        ("7700900123", "+447700900123"),
        ("0161 496 0000", "+441614960000"),
        ("+353 20 912 3456", "+353209123456"),
        ("", ""),
        ("N/A", ""),
    ],
)
def test_it_normalises_phone_numbers(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["123", "07700 900123 / 07700 900456", "call me", "+0", "00000"])
def test_it_rejects_bad_phone_numbers(raw):
    with pytest.raises(InvalidValue, match="is not a valid UK phone number"):
        normalise_phone(raw)


def test_it_lowercases_and_checks_email():
    assert (
        normalise_email("  Testa.Example+union@Example.ORG ") == "testa.example+union@example.org"
    )
    assert normalise_email("none") == ""
    for bad in ["bob@", "bob", "bob@example", "a b@example.org", "bob@@example.org"]:
        with pytest.raises(InvalidValue, match="is not a valid email address"):
            normalise_email(bad)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("Active", "member"),
        ("CURRENT", "member"),
        ("Full member", "member"),
        ("Full Member - Paying", "member"),
        ("Lapsed", "lapsed"),
        ("Resigned", "lapsed"),
        ("Ceased", "lapsed"),
        ("Resigned (moved)", "lapsed"),
        ("Inactive", "lapsed"),
        ("Non-member", "non-member"),
        ("Non Member", "non-member"),
        ("Contact", "non-member"),
        ("", "unknown"),
        ("Unknown", "unknown"),
    ],
)
def test_it_normalises_status(raw, status):
    assert normalise_status(raw) == (status, True)


def test_it_reports_a_status_it_does_not_understand():
    assert normalise_status("Frozen") == ("unknown", False)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Permanent", "permanent"),
        ("Zero Hours", "zero-hours"),
        ("zero-hours contract", "zero-hours"),
        ("Bank", "bank"),
        ("Agency worker", "agency"),
        ("Sponsored visa", "sponsored-visa"),
        ("Tier 2", "sponsored-visa"),
        ("", ""),
    ],
)
def test_it_normalises_employment_type(raw, kind):
    assert normalise_employment_type(raw) == (kind, True)


# --- rows --------------------------------------------------------------------------------


def test_it_cleans_a_good_row():
    result = only([row()])
    assert result == CleanRow(
        line=2,
        values={
            "membership_number": "AB12345",
            "first_name": "Testa",
            "last_name": "Example",
            "full_name": "Testa Example",
            "email": "testa.example@example.org",
            "phone": "+447700900123",
            "postcode": "M41 5BU",
            "workplace": "Synthetic Care Home",
            "status": "member",
            "joined": date(2020, 2, 3),
            "lapsed": None,
        },
    )


def test_it_cleans_every_field():
    headers = [*FIELDS]
    mapping = {field: field for field in FIELDS}
    cells = {
        "membership_number": " 123 45.0 ",
        "external_id": "EXT-1",
        "first_name": "Testa",
        "last_name": "Example",
        "full_name": "Testa  Q. Example",
        "email": "T@Example.org",
        "phone": "07700900123",
        "postcode": "SW1A1AA",
        "workplace": "Synthetic House",
        "employer": "Synthetic Care Ltd",
        "job_title": "Care Worker",
        "status": "Lapsed",
        "joined": "1 Jan 2010",
        "lapsed": "2023-12-31",
        "languages": "english, Polish/BSL and english",
        "employment_type": "Zero hours",
        "branch": "NW01",
    }
    result = only([[cells[f] for f in FIELDS]], headers=headers, mapping=mapping)
    assert isinstance(result, CleanRow)
    assert result.values == {
        "membership_number": "12345",
        "external_id": "EXT-1",
        "first_name": "Testa",
        "last_name": "Example",
        "full_name": "Testa Q. Example",
        "email": "t@example.org",
        "phone": "+447700900123",
        "postcode": "SW1A 1AA",
        "workplace": "Synthetic House",
        "employer": "Synthetic Care Ltd",
        "job_title": "Care Worker",
        "status": "lapsed",
        "joined": date(2010, 1, 1),
        "lapsed": date(2023, 12, 31),
        "languages": ("English", "Polish", "BSL"),
        "employment_type": "zero-hours",
        "branch": "NW01",
    }
    assert result.warnings == ()


def test_it_gives_every_reason_naming_field_and_value():
    result = only(
        [
            row(
                **{
                    "Membership Number": "12",
                    "Email": "bob@",
                    "Mobile": "123",
                    "Postcode": "XYZ",
                    "Join date": "31/02/2024",
                }
            )
        ]
    )
    assert isinstance(result, RejectedRow)
    assert result.line == 2
    assert result.reasons == [
        "membership_number: '12' is not a valid membership number",
        "email: 'bob@' is not a valid email address",
        "phone: '123' is not a valid UK phone number",
        "postcode: 'XYZ' is not a valid UK postcode",
        "joined: '31/02/2024' is not a valid date (day/month/year expected)",
    ]
    assert result.raw["Email"] == "bob@"
    assert result.raw["Surname"] == "Example"


def test_it_truncates_long_values_in_reasons():
    result = only([row(Email="x" * 500)])
    assert isinstance(result, RejectedRow)
    [reason] = result.reasons
    assert reason == f"email: '{'x' * 59}…' is not a valid email address"


def test_it_rejects_a_future_join_date_and_a_lapse_before_joining():
    future = only([row(**{"Join date": "02/06/2024"})])
    assert isinstance(future, RejectedRow)
    assert future.reasons == ["joined: '02/06/2024' is in the future"]
    backwards = only([row(**{"Join date": "03/02/2020", "Lapse date": "01/01/2019"})])
    assert isinstance(backwards, RejectedRow)
    assert backwards.reasons == ["lapsed: '01/01/2019' is before the join date"]


def test_it_rejects_a_missing_key():
    result = only([row(**{"Membership Number": "  "})])
    assert isinstance(result, RejectedRow)
    assert result.reasons == ["membership_number: missing"]


def test_it_shapes_membership_numbers_for_comparison():
    assert membership_key(" ab 123\u00a045 ") == "AB12345"
    assert membership_key("12345.0") == "12345"
    assert membership_key("AB1.0") == "AB1.0"


def test_it_takes_a_custom_membership_pattern():
    rows = [row(**{"Membership Number": "N-1234"}), row(**{"Membership Number": "AB12345"})]
    results = validate(rows, membership_pattern=r"N-\d{4}")
    assert isinstance(results[0], CleanRow)
    assert results[0].values["membership_number"] == "N-1234"
    assert isinstance(results[1], RejectedRow)


def test_it_rejects_duplicates_after_the_first_naming_it():
    rows = [
        row(),
        row(**{"Membership Number": "CD99999"}),
        row(**{"Membership Number": "ab 12345"}),
        row(**{"Membership Number": "AB12345", "Email": "bad@"}),
    ]
    results = validate(rows)
    assert [type(r) for r in results] == [CleanRow, CleanRow, RejectedRow, RejectedRow]
    assert results[2].reasons == ["membership_number: 'AB12345' appears again (first on line 2)"]
    assert results[3].reasons == [
        "email: 'bad@' is not a valid email address",
        "membership_number: 'AB12345' appears again (first on line 2)",
    ]


def test_it_keys_on_an_external_id_when_asked():
    headers = ["External ID", "Email"]
    mapping = guess_mapping(headers)
    results = validate(
        [["X1", "a@example.org"], ["X1", "b@example.org"], ["", "c@example.org"]],
        headers=headers,
        mapping=mapping,
        key="external_id",
    )
    assert [type(r) for r in results] == [CleanRow, RejectedRow, RejectedRow]
    assert results[2].reasons == ["external_id: missing"]


def test_it_rejects_ragged_rows_but_forgives_trailing_empty_cells():
    short = row()[:-3]
    extra = [*row(**{"Membership Number": "CD99999"}), "spill"]
    trailing = [*row(**{"Membership Number": "EF99999"}), "", " "]
    results = validate([short, extra, trailing])
    assert results[0] == RejectedRow(
        line=2,
        reasons=["row: has 7 cells but the header has 10"],
        raw=dict(zip(HEADERS, short, strict=False)),
    )
    assert isinstance(results[1], RejectedRow)
    assert results[1].reasons == ["row: has 11 cells but the header has 10"]
    assert results[1].raw["(extra cell 1)"] == "spill"
    assert isinstance(results[2], CleanRow)


def test_it_marks_blank_rows():
    results = validate([[], [""] * 10, ["  "] * 10, [" ", ""], row()])
    assert results[:4] == [BlankRow(2), BlankRow(3), BlankRow(4), BlankRow(5)]
    assert isinstance(results[4], CleanRow)


def test_it_warns_about_values_it_keeps_but_does_not_understand():
    headers = ["Member No", "Status", "Contract"]
    result = only(
        [["12345", "Frozen", "Seasonal"]], headers=headers, mapping=guess_mapping(headers)
    )
    assert isinstance(result, CleanRow)
    assert result.values["status"] == "unknown"
    assert result.values["employment_type"] == ""
    assert result.warnings == (
        "status: 'Frozen' not recognised, set to unknown",
        "employment_type: 'Seasonal' not recognised, left blank",
    )


def test_it_caches_without_mixing_up_values():
    rows = [
        row(**{"Membership Number": f"AB{10000 + i}", "Postcode": pc})
        for i, pc in enumerate(["m41 5bu", "bad", "m41 5bu", "bad"])
    ]
    results = validate(rows)
    assert [type(r) for r in results] == [CleanRow, RejectedRow, CleanRow, RejectedRow]
    assert results[3].reasons == ["postcode: 'bad' is not a valid UK postcode"]


# --- end to end --------------------------------------------------------------------------

MESSY = (
    "\ufeffMem No.;Forename;Surname;E-mail address;Mobile;Post Code;Member Status;Date joined\r\n"
    "12345;Siobhán;Testperson;SIOBHAN@EXAMPLE.ORG;07700 900001;M41 5BU;Active;03/02/2020\r\n"
    "12346;Testa;Example;bob@;07700 900002;M41 5BU;Active;03/02/2020\r\n"
    "\r\n"
    '12347;"Sampla\r\nMultiline";Example;;;LS1 4AP;Lapsed;3 Feb 2021\r\n'
    "12345;Dupe;Example;;;;Active;\r\n"
    ";;;;;;;\r\n"
    "12348;Short;Row\r\n"
    ";Nokey;Example;;;;Active;\r\n"
    "12349;Zoë;Exampleton;;+44 7700 900003;EH1 1YZ;Contact;2024-01-31\r\n"
    "12350;Future;Example;;;;Active;31/12/2099\r\n"
)


def test_it_gives_exact_counts_and_reasons_for_a_messy_file(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_bytes(MESSY.encode("utf-8"))
    table = open_table(path)
    results = list(
        validate_rows(table.rows(), table.headers, guess_mapping(table.headers), today=TODAY)
    )
    counts = Counter(type(r).__name__ for r in results)
    assert counts == {"CleanRow": 3, "RejectedRow": 5, "BlankRow": 2}
    rejected = {r.line: r.reasons for r in results if isinstance(r, RejectedRow)}
    assert rejected == {
        3: ["email: 'bob@' is not a valid email address"],
        7: ["membership_number: '12345' appears again (first on line 2)"],
        9: ["row: has 3 cells but the header has 8"],
        10: ["membership_number: missing"],
        12: ["joined: '31/12/2099' is in the future"],
    }
    assert [r.line for r in results if isinstance(r, BlankRow)] == [4, 8]
    clean = {r.line: r.values for r in results if isinstance(r, CleanRow)}
    assert clean[2]["email"] == "siobhan@example.org"
    assert clean[5]["first_name"] == "Sampla Multiline"
    assert clean[11]["status"] == "non-member"
    assert clean[11]["phone"] == "+447700900003"


# --- properties --------------------------------------------------------------------------

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_TEXT = st.text(alphabet=st.sampled_from(list("aZ09 -/.@+:;,'\"é£\t\n")), max_size=20)


@FUZZ
@given(
    rows=st.lists(st.lists(st.one_of(_TEXT, st.text(max_size=20)), max_size=12), max_size=20),
)
def test_every_row_gets_exactly_one_result(rows):
    headers = [*FIELDS]
    mapping = {field: field for field in FIELDS}
    numbered = [(line, cells) for line, cells in enumerate(rows, start=2)]
    results = list(validate_rows(numbered, headers, mapping, today=TODAY))
    assert [r.line for r in results] == [line for line, _ in numbered]
    for result in results:
        if isinstance(result, RejectedRow):
            assert result.reasons
            assert all(re.match(r"^(row|[a-z_]+): ", reason) for reason in result.reasons)
        else:
            assert isinstance(result, CleanRow | BlankRow)


@FUZZ
@given(data=st.binary(max_size=1500))
def test_arbitrary_files_validate_or_are_refused(tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"Membership Number,Email,Join date,Postcode\n" + data)
    try:
        table = open_table(path)
    except UnreadableFile:
        return
    mapping = guess_mapping(table.headers)
    if "membership_number" not in mapping:
        with pytest.raises(MappingError):
            list(validate_rows(table.rows(), table.headers, mapping, today=TODAY))
        return
    try:
        rows = list(table.rows())
    except UnreadableFile:
        return
    results = list(validate_rows(rows, table.headers, mapping, today=TODAY))
    assert len(results) == len(rows)
