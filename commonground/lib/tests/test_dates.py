"""The one date reader: every shape the people importer, the register readers and the
motions parser met in real files, and the reasons it gives for what it refuses."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.lib.dates import DateError, find_dates, make_date, month_number, parse_date

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # membership extracts (people)
        ("03/02/2024", date(2024, 2, 3)),
        ("3/2/2024", date(2024, 2, 3)),
        ("03-02-2024", date(2024, 2, 3)),
        ("03 / 02 / 2024", date(2024, 2, 3)),
        ("03.02.24", date(2024, 2, 3)),
        ("03.02.85", date(1985, 2, 3)),
        ("2024-02-03", date(2024, 2, 3)),
        ("2024/02/03", date(2024, 2, 3)),
        ("2024-02-03T00:00:00", date(2024, 2, 3)),
        ("2024-02-03 14:05:00", date(2024, 2, 3)),
        ("03/02/2024 00:00", date(2024, 2, 3)),
        ("3 Feb 2024", date(2024, 2, 3)),
        ("3rd February 2024", date(2024, 2, 3)),
        ("03-Feb-24", date(2024, 2, 3)),
        ("Feb 3, 2024", date(2024, 2, 3)),
        ("45325", date(2024, 2, 3)),
        ("45325.0", date(2024, 2, 3)),
        ("  ", None),
        ("", None),
        ("n/a", None),
        ("TBC", None),
        ("00/00/0000", None),
        ("0000-00-00", None),
        # register files (CQC's directory, workbook and API)
        ("01/03/2021 - 00:00", date(2021, 3, 1)),
        ("01/Mar/2021", date(2021, 3, 1)),
        ("2021-03-01T00:00:00.000Z", date(2021, 3, 1)),
        ("2021-03-01T09:30:00+01:00", date(2021, 3, 1)),
        ("1st_October_2026", date(2026, 10, 1)),
        ("1 Sept 2026", date(2026, 9, 1)),
        # motion pages
        ("Tuesday 18 June 2024", date(2024, 6, 18)),
        ("Tue. 18th of June, 2024", date(2024, 6, 18)),
        ("Wednesday June 19, 2024", date(2024, 6, 19)),
        ("18 JUNE 2024", date(2024, 6, 18)),
    ],
)
def test_it_reads_dates_as_uk_files_write_them(raw, expected):
    assert parse_date(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "reason", "year"),
    [
        ("31/02/2024", "'31/02/2024' is not a valid date (day/month/year expected)", 2024),
        ("02/13/2024", "is not a valid date", 2024),  # day first: never American
        ("2024-13-01", "is not a valid date", 2024),
        ("29/02/23", "is not a valid date", 2023),
        ("3 Foo 2024", "is not a date we recognise", None),
        ("next Tuesday", "is not a date we recognise", None),
        ("20240203", "is not a date we recognise", None),
        ("01/03-2021", "is not a date we recognise", None),  # two different separators
        ("June 2024", "is not a date we recognise", None),
        ("01/01/1850", "'01/01/1850' is before 1900", 1850),
        ("01/01/3024", "is after 2099", 3024),
        ("99999", "is not a date we recognise", None),  # a day count beyond 2099
        ("x" * 100, "'" + "x" * 59 + "…' is not a date", None),  # long values cut short
    ],
)
def test_it_refuses_what_is_not_one_day_and_says_why(raw, reason, year):
    with pytest.raises(DateError, match=reason.replace("(", r"\(").replace(")", r"\)")) as exc:
        parse_date(raw, today=TODAY)
    assert exc.value.year == year


def test_two_digit_years_are_never_later_than_this_year():
    assert parse_date("01/01/24", today=date(2024, 6, 1)) == date(2024, 1, 1)
    assert parse_date("01/01/25", today=date(2024, 6, 1)) == date(1925, 1, 1)
    assert parse_date("01/01/25", today=date(2025, 1, 1)) == date(2025, 1, 1)


def test_typed_workbook_cells_are_dates_already():
    assert parse_date(date(2024, 2, 3)) == date(2024, 2, 3)
    assert parse_date(datetime(2024, 2, 3, 14, 5)) == date(2024, 2, 3)
    assert parse_date(45325.0) == date(2024, 2, 3)
    assert parse_date(45325) == date(2024, 2, 3)
    assert parse_date(None) is None
    with pytest.raises(DateError, match="not a date we recognise"):
        parse_date(45325.5)
    with pytest.raises(DateError, match="before 1900"):
        parse_date(date(1850, 1, 1))


def test_options_for_the_callers_real_differences():
    with pytest.raises(DateError, match="not a date we recognise"):
        parse_date("45325", serials=False)  # a number in running text is not a date
    with pytest.raises(DateError):
        parse_date(45325, serials=False)
    assert parse_date("31/12/2100", latest=date(2100, 12, 31)) == date(2100, 12, 31)
    with pytest.raises(DateError, match="after 2099"):
        parse_date("31/12/2100")
    with pytest.raises(DateError, match="before 2000"):
        parse_date("31/12/1999", earliest=date(2000, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Source: CQC database as at 1 October 2026", [date(2026, 10, 1)]),
        ("This data was produced on 19 August 2026", [date(2026, 8, 19)]),
        ("Members at 01/02/2024", [date(2024, 2, 1)]),
        ("from 2024-06-03 to 05/06/2024", [date(2024, 6, 3), date(2024, 6, 5)]),
        ("2024-06-03", [date(2024, 6, 3)]),  # no "24-06-03" inside it
        ("31 February 2024, then 1 March 2024", [date(2024, 3, 1)]),
        ("ref 45325 and 12345678", []),
        ("no date here", []),
    ],
)
def test_it_finds_the_dates_inside_a_text(text, expected):
    assert list(find_dates(text, today=TODAY)) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("2026", "10", "01"), date(2026, 10, 1)),
        (("2026", "October", "1"), date(2026, 10, 1)),
        (("2019", "jan", "1"), date(2019, 1, 1)),
        ((2024, 2, 30), None),
        (("2019", "Janvier", "1"), None),
        (("2019", "13", "1"), None),
    ],
)
def test_make_date_builds_a_day_from_its_parts(parts, expected):
    assert make_date(*parts) == expected


def test_month_numbers_and_names():
    assert [month_number(w) for w in ("3", "Mar", "MARCH", "sept", "13", "0", "x")] == [
        3,
        3,
        3,
        9,
        None,
        None,
        None,
    ]


@settings(deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_date_none_or_a_reason_naming_it(raw):
    try:
        value = parse_date(raw, today=TODAY)
    except DateError as exc:
        assert str(exc).startswith("'")
    else:
        assert value is None or date(1900, 1, 1) <= value <= date(2099, 12, 31)
