"""Register file readers and postcodes: pure Python, no database.

The real extracts live outside the repository (``COMMONGROUND_DATA_DIR``, by default
``../shared/data``); tests that need them skip when they are absent.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.lib.postcodes import is_valid_postcode, normalise_postcode, outcode, sector
from commonground.register.readers import (
    FORMATS,
    WHOLE_RECORD,
    RegisterRow,
    RowError,
    UnrecognisedFile,
    detect_format,
    read_register,
    source_date,
)


def _data_dir() -> Path:
    configured = os.environ.get("COMMONGROUND_DATA_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


DATA = _data_dir()
ENGLAND = DATA / "cqc" / "cqc_care_homes_england_2021-03-01.csv"
OLDHAM = DATA / "cqc" / "cqc_api_locations_oldham_2025-03.jsonl"
TRAFFORD = DATA / "cqc" / "trafford_care_homes_2026-02-25.csv"
DIRECTORY = Path(__file__).resolve().parents[1] / "fixtures" / "care_directory_sample.csv"

HSCA_HEADER = "Location ID,Location Name,Care homes beds,Location HSCA start date,Location Latitude"


def _needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"real data file {path} not found (set COMMONGROUND_DATA_DIR)")


def _rows(records: list[RegisterRow | RowError]) -> list[RegisterRow]:
    return [r for r in records if isinstance(r, RegisterRow)]


def _errors(records: list[RegisterRow | RowError]) -> list[RowError]:
    return [r for r in records if isinstance(r, RowError)]


@pytest.fixture(scope="module")
def england() -> list[RegisterRow | RowError]:
    _needs(ENGLAND)
    return list(read_register(ENGLAND))


@pytest.fixture(scope="module")
def oldham() -> list[RegisterRow | RowError]:
    _needs(OLDHAM)
    return list(read_register(OLDHAM))


# --- Postcodes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M41 5BU", "M41 5BU"),
        ("m41  5bu", "M41 5BU"),
        (" OL15BU ", "OL1 5BU"),
        ("sw1a1aa", "SW1A 1AA"),
        ("W1A 0AX", "W1A 0AX"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("M1\u00a01AE", "M1 1AE"),  # non-breaking space, as pasted from web pages
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_it_normalises_postcodes(raw: str, expected: str) -> None:
    assert normalise_postcode(raw) == expected
    assert is_valid_postcode(raw)


@pytest.mark.parametrize(
    "raw",
    [None, "", "M41", "M41 5B", "M41 5BUX", "Q1 1AA", "AI1 1AA", "M41 5CU", "M41 OBU", "12345"],
)
def test_it_rejects_what_is_not_a_postcode(raw: str | None) -> None:
    assert normalise_postcode(raw) is None
    assert not is_valid_postcode(raw)
    assert outcode(raw) is None
    assert sector(raw) is None


def test_it_cuts_postcodes_into_outcode_and_sector() -> None:
    assert outcode("m415bu") == "M41"
    assert sector("m415bu") == "M41 5"
    assert outcode("SW1A 1AA") == "SW1A"
    assert sector("SW1A 1AA") == "SW1A 1"
    assert sector("GIR 0AA") == "GIR 0"


# --- HSCA Active Locations --------------------------------------------------------------


def test_it_reads_every_care_home_in_the_england_file(
    england: list[RegisterRow | RowError],
) -> None:
    rows = _rows(england)
    assert len(england) == 15_403
    assert _errors(england) == []
    assert sum(r.region == "North West" for r in rows) == 1_920
    assert all(r.is_social_care and r.source_format == "hsca" for r in rows)
    assert all(r.registration_status == "registered" for r in rows)
    assert len({r.location_id for r in rows}) == 15_403
    assert Counter(r.postcode is None for r in rows) == {False: 15_403}
    assert england[0] == RegisterRow(
        line=2,
        source_format="hsca",
        location_id="1-112951275",
        name="The Abbeyfield East London Extra Care Society Limited",
        address="George Brooker House",
        town="Dagenham",
        postcode="RM9 6LH",
        postcode_raw="RM9 6LH",
        latitude=51.537993,
        longitude=0.144212,
        beds=45,
        service_types=["care_home"],
        user_bands=["Dementia", "Older People", "Physical Disability"],
        is_social_care=True,
        registration_date=date(2010, 10, 1),
        district_code="E09000002",
        district_name="Barking and Dagenham",
        region="London",
    )


def test_it_keeps_the_spatial_join_apart_from_cqc_council_fields(
    england: list[RegisterRow | RowError],
) -> None:
    rows = _rows(england)
    # The lad24_* columns are a third party's, so they are districts, never councils.
    assert all(r.council_code is None and r.council_name is None for r in rows)
    assert all(r.district_code and r.district_code.startswith("E0") for r in rows)


def test_it_reads_nursing_from_the_service_type_columns(
    england: list[RegisterRow | RowError],
) -> None:
    types = Counter(tuple(r.service_types) for r in _rows(england))
    assert types == {
        ("care_home",): 11_021,
        ("care_home_nursing",): 4_166,
        ("care_home_nursing", "care_home"): 216,
    }


def test_it_dates_the_england_file_from_its_name() -> None:
    _needs(ENGLAND)
    assert source_date(ENGLAND) == date(2021, 3, 1)


def test_it_reads_the_full_hsca_columns_when_present(tmp_path: Path) -> None:
    path = tmp_path / "HSCA_Active_Locations.csv"
    header = [
        "Location ID",
        "Location Name",
        "Location Also Known As",
        "Dormant (Y/N)",
        "Care home?",
        "Location Type/Sector",
        "Location Latest Overall Rating",
        "Publication Date",
        "Location Region",
        "Location Local Authority",
        "Location Street Address",
        "Location Address Line 2",
        "Location City",
        "Location Postal Code",
        "Care homes beds",
        "Provider ID",
        "Provider Name",
        "Service type - Domiciliary care service",
        "Service type - Supported living service",
        "Service type - Doctors consultation service",
    ]
    values = [
        "1-1234567890",
        "Moorside Home Care",
        "Moorside",
        "N",
        "N",
        "Social Care Org",
        "Requires improvement",
        "03/05/2024",
        "North West",
        "Oldham",
        "Unit 1",
        "Moor Lane",
        "Oldham",
        "ol4 1aa",
        "",
        "1-987654321",
        "Moorside Care Ltd",
        "Y",
        "Y",
        "",
    ]
    path.write_text(",".join(header) + "\n" + ",".join(values) + "\n", encoding="utf-8")

    [row] = list(read_register(path))

    assert isinstance(row, RegisterRow)
    assert row.also_known_as == "Moorside"
    assert (row.provider_id, row.provider_name) == ("1-987654321", "Moorside Care Ltd")
    assert (row.council_name, row.region) == ("Oldham", "North West")
    assert (row.address, row.town, row.postcode) == ("Unit 1, Moor Lane", "Oldham", "OL4 1AA")
    assert row.postcode_raw == "ol4 1aa"
    assert row.service_types == ["home_care", "supported_living"]
    assert row.is_social_care
    assert row.dormant is False
    assert (row.rating, row.rating_date) == ("Requires improvement", date(2024, 5, 3))
    assert row.location_type == "Social Care Org"
    assert row.beds is None


def test_it_reads_the_deactivated_locations_file(tmp_path: Path) -> None:
    path = tmp_path / "HSCA_Deactivated_Locations.csv"
    path.write_text(
        "Location ID,Location Name,Location Status,Location HSCA start date,"
        "Location HSCA End Date,Care home?,Care homes beds at point location de-activated\n"
        "1-1000000001,Closed Home,Inactive,2011-01-01,2019-06-30,Y,30\n",
        encoding="utf-8",
    )

    [row] = list(read_register(path))

    assert isinstance(row, RegisterRow)
    assert row.registration_status == "deregistered"
    assert row.deregistration_date == date(2019, 6, 30)
    assert row.beds == 30
    assert row.is_social_care  # "Care home?" says so even without service type columns
    assert row.service_types == []


def test_it_reports_malformed_csv_rows_and_reads_on(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        HSCA_HEADER + "\n"
        "1-1010000001,Good Home,30,2020-01-01,53.1\n"  # line 2
        ",No Id,,,\n"  # 3
        "1-1x,Bad Id,,,\n"  # 4
        "1-1030000000,Bad Beds,-1,,\n"  # 5
        "1-1040000000,Bad Date,,2021-02-30,\n"  # 6
        "1-1050000000,Null Island,,,0\n"  # 7
        "1-1060000000,,,,\n"  # 8
        "1-1070000000,Stray comma,1,2020-01-01,53.1,x\n"  # 9
        '1-1080000000,"Two\nLines",,,\n'  # 10-11
        "\n"  # 12
        "1-1090000000,Last Home,,01/03/2021,\n",  # 13
        encoding="utf-8",
    )

    records = list(read_register(path))

    assert [(r.line, r.location_id) for r in _rows(records)] == [
        (2, "1-1010000001"),
        (10, "1-1080000000"),
        (13, "1-1090000000"),
    ]
    assert [(e.line, e.field) for e in _errors(records)] == [
        (3, "Location ID"),
        (4, "Location ID"),
        (5, "Care homes beds"),
        (6, "Location HSCA start date"),
        (7, "Location Latitude"),
        (8, "Location Name"),
        (9, WHOLE_RECORD),
    ]
    reasons = [e.reason for e in _errors(records)]
    assert reasons[0] == "the CQC location id is missing"
    assert "'1-1x' is not a CQC id" in reasons[1]
    assert "'2021-02-30' is not a date" in reasons[3]
    assert "outside the UK" in reasons[4]
    assert "6 values but the header has 5 columns" in reasons[6]
    assert _errors(records)[1].raw["Location Name"] == "Bad Id"


# --- CQC API JSON ---------------------------------------------------------------------


def test_it_reads_every_oldham_api_record(oldham: list[RegisterRow | RowError]) -> None:
    rows = _rows(oldham)
    assert len(oldham) == 451
    assert _errors(oldham) == []
    assert sum(r.is_social_care for r in rows) == 224
    assert Counter(r.registration_status for r in rows) == {"deregistered": 235, "registered": 216}
    assert all(r.council_name == "Oldham" and r.council_code is None for r in rows)
    social = Counter(t for r in rows if r.is_social_care for t in r.service_types)
    assert social["home_care"] > 100
    assert social["supported_living"] > 0
    assert "gp" not in social and "dentist" not in social


def test_it_keeps_predecessor_and_successor_links(oldham: list[RegisterRow | RowError]) -> None:
    rows = {r.location_id: r for r in _rows(oldham)}
    dental = rows["1-1015412687"]
    assert dental.predecessors == ["1-188693354"]
    assert dental.successors == ["1-619125906"]
    assert dental.registration_status == "deregistered"
    assert dental.deregistration_date == date(2014, 5, 30)
    assert dental.service_types == ["dentist"]
    assert not dental.is_social_care
    assert sum(bool(r.predecessors) for r in rows.values()) > 100
    assert sum(bool(r.successors) for r in rows.values()) > 100


def test_it_accepts_nhs_site_codes_but_not_as_social_care(
    oldham: list[RegisterRow | RowError],
) -> None:
    rows = {r.location_id: r for r in _rows(oldham)}
    # An NHS trust's nursing unit: a care home by service type, NHS by sector.
    butler_green = rows["5J5X2"]
    assert butler_green.provider_id == "5J5"
    assert butler_green.service_types == ["care_home_nursing", "other"]
    assert butler_green.location_type == "NHS Healthcare Organisation"
    assert not butler_green.is_social_care
    assert butler_green.successors == ["RT2C1"]


def test_it_reads_api_details(oldham: list[RegisterRow | RowError]) -> None:
    rows = {r.location_id: r for r in _rows(oldham)}
    agency = rows["1-10024040008"]
    assert agency.name == "Ebenezer Care Services"
    assert agency.provider_id == "1-9408305833"
    assert (agency.postcode, agency.town) == ("M35 9BG", "Manchester")
    assert (agency.latitude, agency.longitude) == (53.5120651, -2.1572985)
    assert agency.beds is None  # numberOfBeds 0 means "no beds" for home care
    assert agency.dormant is True
    assert agency.registration_date == date(2021, 3, 31)
    rated = [r for r in rows.values() if r.rating == "Good"]
    assert rated and all(r.rating_date is not None for r in rated)
    assert not any(r.rating == "No published rating" for r in rows.values())


def test_it_dates_the_api_extract_from_its_content() -> None:
    _needs(OLDHAM)
    assert source_date(OLDHAM) == date(2025, 3, 13)


def test_it_reads_a_single_pretty_printed_api_object(tmp_path: Path) -> None:
    path = tmp_path / "location.json"
    record = {
        "locationId": "1-1234567890",
        "name": "Hillside House",
        "providerId": "1-987654321",
        "careHome": "Y",
        "numberOfBeds": 40,
        "registrationStatus": "Registered",
        "gacServiceTypes": [
            {"name": "Nursing homes", "description": "Care home service with nursing"}
        ],
        "type": "Social Care Org",
        "currentRatings": {"overall": {"rating": "Outstanding", "reportDate": "2024-02-01"}},
        "lastInspection": {"date": "2023-12-12"},
    }
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")

    assert detect_format(path) == "api"
    [row] = list(read_register(path))

    assert isinstance(row, RegisterRow)
    assert (row.line, row.beds, row.service_types) == (1, 40, ["care_home_nursing"])
    assert (row.rating, row.rating_date) == ("Outstanding", date(2024, 2, 1))
    assert row.last_inspection_date == date(2023, 12, 12)
    assert row.is_social_care


def test_it_reads_an_api_listing_page(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    page = {
        "page": 1,
        "locations": [
            {"locationId": "1-1000000001", "locationName": "One", "postalCode": "OL1 1AA"},
            {"locationId": "", "locationName": "Two"},
        ],
    }
    path.write_text(json.dumps(page), encoding="utf-8")

    records = list(read_register(path))

    assert [r.name for r in _rows(records)] == ["One"]
    assert [(e.line, e.field) for e in _errors(records)] == [(2, "locationId")]


def test_it_reports_malformed_json_lines_and_reads_on(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    good = {"locationId": "1-1000000001", "name": "Good"}
    lines = [
        json.dumps(good),  # 1
        "{not json",  # 2
        "",  # 3: blank lines are skipped
        json.dumps({"name": "No id"}),  # 4
        json.dumps({"locationId": "1-1000000003", "name": "X", "numberOfBeds": "many"}),  # 5
        json.dumps({"locationId": "1-1000000004", "name": "X", "gacServiceTypes": "Dentist"}),
        json.dumps({"locationId": "1-1000000005", "name": "X", "registrationStatus": "Gone"}),
        "[1, 2]",  # 8
        json.dumps({**good, "locationId": "1-1000000009", "deregistrationDate": "2024-13-01"}),
        json.dumps({**good, "locationId": "1-1000000010"}),  # 10
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    records = list(read_register(path))

    assert [(r.line, r.location_id) for r in _rows(records)] == [
        (1, "1-1000000001"),
        (10, "1-1000000010"),
    ]
    assert [(e.line, e.field) for e in _errors(records)] == [
        (2, WHOLE_RECORD),
        (4, "locationId"),
        (5, "numberOfBeds"),
        (6, "gacServiceTypes"),
        (7, "registrationStatus"),
        (8, WHOLE_RECORD),
        (9, "deregistrationDate"),
    ]
    errors = _errors(records)
    assert errors[0].reason.startswith("not valid JSON")
    assert errors[0].raw == {"text": "{not json"}
    assert errors[5].reason == "expected a JSON object, found a list"


# --- CQC care directory -----------------------------------------------------------------


def test_it_skips_the_directory_preamble() -> None:
    records = list(read_register(DIRECTORY))
    rows = _rows(records)

    assert detect_format(DIRECTORY) == "directory"
    assert _errors(records) == []
    assert len(rows) == 12
    # Header on line 5; the third home's address runs over three lines.
    assert [r.line for r in rows[:4]] == [6, 7, 8, 11]
    assert all(r.source_format == "directory" and r.region == "North West" for r in rows)
    assert all(r.registration_status == "registered" for r in rows)


def test_it_classifies_directory_service_types() -> None:
    rows = {r.name: r for r in _rows(list(read_register(DIRECTORY)))}

    assert not rows["Fernside Medical Practice"].is_social_care
    assert rows["Fernside Medical Practice"].service_types == ["gp"]
    assert not rows["Grove Dental Care"].is_social_care
    agency = rows["Dale Home Care Services"]
    assert agency.is_social_care and agency.service_types == ["home_care"]
    assert rows["Brookfield Nursing Centre"].service_types == ["care_home_nursing", "care_home"]
    assert rows["Hawthorn Court"].service_types == ["home_care", "extra_care"]
    assert rows["North West Shared Lives"].service_types == ["shared_lives"]
    assert sum(r.is_social_care for r in rows.values()) == 10


def test_it_reads_directory_details() -> None:
    rows = {r.name: r for r in _rows(list(read_register(DIRECTORY)))}

    cedar = rows["Cedar View"]
    assert (cedar.address, cedar.town) == ("Cedar View, 40 Wilmslow Road", "Manchester")
    assert (cedar.location_id, cedar.provider_id) == ("1-900000003", "1-800000001")
    assert cedar.provider_name == "Acre Care Homes Limited"
    assert cedar.council_name == "Manchester"
    assert cedar.last_inspection_date == date(2025, 1, 21)
    assert rows["Brookfield Nursing Centre"].also_known_as == "Brookfield"
    assert rows["Dale Home Care Services"].last_inspection_date is None
    assert sum(r.provider_id == "1-800000001" for r in rows.values()) == 3


def test_it_dates_the_directory_from_its_preamble() -> None:
    assert source_date(DIRECTORY) == date(2025, 3, 12)


def test_it_reads_the_older_directory_captions(tmp_path: Path) -> None:
    # 2017-2020 files: "Local Authority", "CQC Location (for office use only" (sic),
    # and dates written 15/04/2020 - 00:00.
    path = tmp_path / "15_April_2020_CQC_directory.csv"
    path.write_text(
        "CQC Locations data\n\n\n\n"
        "Name,Address,Postcode,Service types,Date of latest check,Local Authority,"
        "CQC Location (for office use only,CQC Provider ID (for office use only)\n"
        'Old Home,"1 Old Road,Sale",M33 1AA,Residential homes,15/04/2020 - 00:00,Trafford,'
        "1-1000000001,1-1000000002\n",
        encoding="utf-8",
    )

    [row] = list(read_register(path))

    assert isinstance(row, RegisterRow)
    assert (row.location_id, row.provider_id) == ("1-1000000001", "1-1000000002")
    assert row.council_name == "Trafford"
    assert row.last_inspection_date == date(2020, 4, 15)
    assert source_date(path) == date(2020, 4, 15)  # no date in the preamble: the name's


# --- Detection, encodings, unrecognised files --------------------------------------------


def test_it_detects_each_format() -> None:
    _needs(ENGLAND)
    _needs(OLDHAM)
    assert detect_format(ENGLAND) == "hsca"
    assert detect_format(OLDHAM) == "api"
    assert detect_format(DIRECTORY) == "directory"


def test_it_names_expected_and_found_columns_for_an_unrecognised_file() -> None:
    _needs(TRAFFORD)  # a council's own layout, not CQC's

    with pytest.raises(UnrecognisedFile) as caught:
        detect_format(TRAFFORD)

    message = str(caught.value)
    for column in ("Location ID", "Location Name", "locationId", "Name"):
        assert f'"{column}"' in message
    assert '"CQC Location ID (for office use only)"' in message
    assert 'Found columns: "name", "cqc_id", "type"' in message
    assert caught.value.found[:2] == ["name", "cqc_id"]
    assert set(caught.value.expected) == set(FORMATS)
    with pytest.raises(UnrecognisedFile):
        read_register(TRAFFORD)


def test_it_refuses_a_file_of_another_format_when_one_is_forced() -> None:
    with pytest.raises(UnrecognisedFile) as caught:
        read_register(DIRECTORY, "hsca")

    assert list(caught.value.expected) == ["hsca"]
    assert '"Location ID", "Location Name"' in str(caught.value)
    assert "CQC Location ID (for office use only)" in caught.value.found
    with pytest.raises(UnrecognisedFile):
        read_register(DIRECTORY, "api")
    with pytest.raises(ValueError, match="unknown register format"):
        read_register(DIRECTORY, "xlsx")


@pytest.mark.parametrize(
    ("content", "note"),
    [
        (b"", "empty"),
        (b"  \r\n\n", "empty"),
        (b"PK\x03\x04rest-of-a-zip", "spreadsheet"),
        ("Location ID,Location Name\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_it_explains_files_it_cannot_read(tmp_path: Path, content: bytes, note: str) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(content)

    with pytest.raises(UnrecognisedFile, match=note):
        list(read_register(path))


def test_it_reads_utf8_with_bom_and_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    body = "Location ID,Location Name\r\n1-1000000001,Caf\u00e9 Court\r\n1-1000000002,St Anne\u2019s\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert [r.name for r in _rows(list(read_register(path)))] == [
        "Caf\u00e9 Court",
        "St Anne\u2019s",
    ]

    path.write_bytes(body.encode("cp1252"))
    assert detect_format(path) == "hsca"
    assert [r.name for r in _rows(list(read_register(path)))] == [
        "Caf\u00e9 Court",
        "St Anne\u2019s",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("HSCA_Active_Locations_2021-03-01.csv", date(2021, 3, 1)),
        ("15_April_2020_CQC_directory.csv", date(2020, 4, 15)),
        ("HSCA Active Locations January 2019.csv", date(2019, 1, 1)),
        ("locations_2025-03.csv", date(2025, 3, 1)),
        ("register.csv", None),
    ],
)
def test_it_dates_files_from_their_names(tmp_path: Path, name: str, expected: date | None) -> None:
    path = tmp_path / name
    path.write_text(HSCA_HEADER + "\n", encoding="utf-8")
    assert source_date(path) == expected


# --- Properties: nothing but UnrecognisedFile ever escapes --------------------------------

FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Module scope: hypothesis reruns the test body, not function-scoped fixtures.
    return tmp_path_factory.mktemp("fuzz")


def _read_anything(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        records = list(read_register(path))
    except UnrecognisedFile:
        return
    finally:
        source_date(path)  # best effort: never raises
    for record in records:
        assert isinstance(record, RegisterRow | RowError)
        assert record.line >= 1


@FUZZ
@given(content=st.binary(max_size=4096))
def test_it_survives_arbitrary_bytes(fuzz_dir: Path, content: bytes) -> None:
    _read_anything(fuzz_dir / "register.csv", content)


@FUZZ
@given(prefix=st.sampled_from(["hsca", "directory", "api"]), content=st.binary(max_size=2048))
def test_it_survives_arbitrary_bytes_after_a_valid_start(
    fuzz_dir: Path, prefix: str, content: bytes
) -> None:
    start = {
        "hsca": HSCA_HEADER.encode() + b",Care home?,Service type - Shared Lives\r\n",
        "directory": DIRECTORY.read_bytes()[:800],
        "api": b'{"locationId": "1-1000000001", "name": "A"}\n{',
    }[prefix]
    _read_anything(fuzz_dir / "register.csv", start + content)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_API_KEYS = [
    "locationId",
    "name",
    "providerId",
    "careHome",
    "numberOfBeds",
    "gacServiceTypes",
    "relationships",
    "currentRatings",
    "lastInspection",
    "registrationStatus",
    "registrationDate",
    "deregistrationDate",
    "dormancy",
    "onspdLatitude",
    "postalCode",
    "type",
]


@FUZZ
@given(record=st.dictionaries(st.sampled_from(_API_KEYS), _JSON_VALUES))
def test_it_survives_api_records_of_any_shape(fuzz_dir: Path, record: dict[str, object]) -> None:
    record.setdefault("locationId", "1-1000000001")
    line = json.dumps(record)
    _read_anything(fuzz_dir / "api.jsonl", f"{line}\n{line}\n".encode())
