"""The one postcode module: strict normalising for what we store, lenient parsing for
matching what members typed."""

from __future__ import annotations

import pytest

from commonground.lib.postcodes import (
    POSTCODE_IN_TEXT,
    area,
    is_outcode,
    is_valid_postcode,
    normalise_postcode,
    outcode,
    parse_postcode,
    sector,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M41 5BU", "M41 5BU"),
        ("m41  5bu", "M41 5BU"),
        ("M415BU", "M41 5BU"),
        ("OL8\u00a02BY", "OL8 2BY"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("GIR 0AA", "GIR 0AA"),
        ("OL8 OBY", None),  # a letter O for a zero is not guessed at when storing
        ("QL8 2BY", None),  # Q never starts a postcode
        ("OL8 2CY", None),  # C is never an inward letter
        ("OL8", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_postcode_keeps_only_real_formats(raw, expected):
    assert normalise_postcode(raw) == expected
    assert is_valid_postcode(raw) is (expected is not None)


def test_outcode_and_sector():
    assert (outcode("ol82by"), sector("ol82by")) == ("OL8", "OL8 2")
    assert (outcode("nonsense"), sector("nonsense")) == (None, None)


@pytest.mark.parametrize(
    ("raw", "full", "sector_", "district"),
    [
        ("ol82by", "OL8 2BY", "OL8 2", "OL8"),
        ("ol8 2by", "OL8 2BY", "OL8 2", "OL8"),
        ("OL8 OBY", "OL8 0BY", "OL8 0", "OL8"),  # a letter O typed for the zero
        ("OL8 2CY", "OL8 2CY", "OL8 2", "OL8"),  # a typo still names its sector
        ("ÖL8 2BY", "OL8 2BY", "OL8 2", "OL8"),  # accents dropped
        (" (OL8 2BY) ", "OL8 2BY", "OL8 2", "OL8"),
        ("OL8 2", None, "OL8 2", "OL8"),
        ("OL8", None, None, "OL8"),
        ("m1", None, None, "M1"),
    ],
)
def test_parse_postcode_keeps_what_can_be_trusted(raw, full, sector_, district):
    found = parse_postcode(raw)
    assert found is not None
    assert (found.full, found.sector, found.district) == (full, sector_, district)


@pytest.mark.parametrize("raw", ["", None, "not a postcode", "OL82BYXXX", "12345", "8OL"])
def test_parse_postcode_refuses_what_is_not_one(raw):
    assert parse_postcode(raw) is None


def test_a_postcode_inside_a_text_and_a_districts_area():
    found = POSTCODE_IN_TEXT.search("Hollins Park, Oldham OL8 2BY (main site)")
    assert found is not None and found.group(1) == "OL8 2BY"
    assert POSTCODE_IN_TEXT.search("Ward 12B, Room 3") is None
    assert [area(d) for d in ("OL8", "M1", "EC1A", "8")] == ["OL", "M", "EC", ""]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        *[("M41", True), ("EC1A", True), ("BF1", True), ("GIR", True), ("NPT", True)],
        *[("M41 5BU", False), ("m41", False), ("41M", False), ("", False), ("ABC1", False)],
    ],
)
def test_is_outcode_for_lists_of_districts(code, expected):
    assert is_outcode(code) is expected
