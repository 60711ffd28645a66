"""Tests for the statutory facility time figures, against hand-worked examples."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.facility.figures import (
    ACTIVITIES,
    BAND_0,
    BAND_1_50,
    BAND_51_99,
    BAND_100,
    CATEGORY_MAP,
    DUTIES,
    Figures,
    FiguresInputError,
    OfficialInput,
    band_for,
    compute_figures,
    relevant_period,
)


def official(
    official_id: str,
    *,
    working: str,
    fte: str = "1",
    duties: str = "0",
    activities: str = "0",
    unpaid: str = "0",
    rate: str = "15.00",
    weekly: str = "37",
) -> OfficialInput:
    return OfficialInput(
        official_id=official_id,
        contracted_hours_per_week=D(weekly),
        fte=D(fte),
        hours_paid_duties=D(duties),
        hours_paid_activities=D(activities),
        hours_unpaid=D(unpaid),
        hourly_rate=D(rate),
        working_hours_in_period=D(working),
    )


# -- Example 1: a care trust, four officials, pay bill £1,250,000 -------------
#
# official  working h  FTE  duties  paid act.  unpaid  rate    paid h  cost
# A         1924       1.0   150      30        10     15.00    180     180 x 15.00 =  2,700.00
# B         1154.4     0.6   600     100         0     14.50    700     700 x 14.50 = 10,150.00
# C         1924       1.0  1924       0         0     18.20   1924    1924 x 18.20 = 35,016.80
# D          962       0.5     0       0         0     12.00      0                      0.00
#
# Table 1: 4 officials; FTE 1.0 + 0.6 + 1.0 + 0.5 = 3.10
# Table 2 (facility time incl. unpaid activities / working hours x 100, whole %):
#   A (150 + 30 + 10) / 1924 = 190 / 1924 =   9.875...% ->  10 -> 1-50%
#   B (600 + 100)    / 1154.4 = 700 / 1154.4 = 60.637...% ->  61 -> 51-99%
#   C 1924 / 1924                            = 100%        -> 100 -> 100%
#   D no hours                                             ->        0%
#   => 0%: 1, 1-50%: 1, 51-99%: 1, 100%: 1
# Table 3: cost 2,700.00 + 10,150.00 + 35,016.80 = 47,866.80
#          47,866.80 / 1,250,000 x 100 = 3.829344 -> 3.83%
# Table 4: paid hours 180 + 700 + 1924 = 2804; paid activities 30 + 100 = 130
#          130 / 2804 x 100 = 4.6362... -> 4.64%
EXAMPLE_1 = [
    official("A", working="1924", duties="150", activities="30", unpaid="10", rate="15.00"),
    official(
        "B",
        working="1154.4",
        fte="0.6",
        duties="600",
        activities="100",
        rate="14.50",
        weekly="22.2",
    ),
    official("C", working="1924", duties="1924", rate="18.20"),
    official("D", working="962", fte="0.5", rate="12.00", weekly="18.5"),
]


def test_it_computes_example_1() -> None:
    assert compute_figures(EXAMPLE_1, D("1250000")) == Figures(
        relevant_officials=4,
        fte=D("3.10"),
        band_0=1,
        band_1_50=1,
        band_51_99=1,
        band_100=1,
        total_cost=D("47866.80"),
        total_pay_bill=D("1250000.00"),
        pay_bill_percentage=D("3.83"),
        pay_bill_percentage_note=None,
        total_paid_facility_time_hours=D("2804"),
        paid_activities_hours=D("130"),
        paid_activities_percentage=D("4.64"),
        paid_activities_percentage_note=None,
    )


# -- Example 2: half-up rounding, and unpaid activities in the band -----------
#
# official  working h  FTE  duties  paid act.  unpaid  rate    paid h  cost
# E         1950       1.0    50       0          0    20.00    50      50 x 20.00 = 1,000.00
# F          975       0.5    10       2.5      480    20.00    12.5  12.5 x 20.00 =   250.00
#
# Table 1: 2 officials; FTE 1.50
# Table 2: E 50 / 1950 = 2.56% -> 3 -> 1-50%
#          F (10 + 2.5 + 480) / 975 = 492.5 / 975 = 50.51% -> 51 -> 51-99%
#          (on paid hours alone F would be 12.5 / 975 = 1.28%: unpaid time counts)
# Table 3: cost 1,250.00; 1,250 / 1,000,000 x 100 = 0.125 -> 0.13 (half up;
#          Python's default half-even would publish 0.12)
# Table 4: paid hours 62.5; paid activities 2.5; 2.5 / 62.5 x 100 = 4.00
EXAMPLE_2 = [
    official("E", working="1950", duties="50", rate="20.00", weekly="37.5"),
    official(
        "F",
        working="975",
        fte="0.5",
        duties="10",
        activities="2.5",
        unpaid="480",
        rate="20.00",
        weekly="18.75",
    ),
]


def test_it_computes_example_2() -> None:
    assert compute_figures(EXAMPLE_2, D("1000000")) == Figures(
        relevant_officials=2,
        fte=D("1.50"),
        band_0=0,
        band_1_50=1,
        band_51_99=1,
        band_100=0,
        total_cost=D("1250.00"),
        total_pay_bill=D("1000000.00"),
        pay_bill_percentage=D("0.13"),
        pay_bill_percentage_note=None,
        total_paid_facility_time_hours=D("62.5"),
        paid_activities_hours=D("2.5"),
        paid_activities_percentage=D("4.00"),
        paid_activities_percentage_note=None,
    )


# -- Example 3: a school, three officials, pay bill £3,000,000 ----------------
#
# official  working h  FTE  duties  paid act.  unpaid  rate    paid h  cost
# G         1950       1.0   7.8       0          0    16.00    7.8    7.8 x 16.00 = 124.80
# H         1560       0.8   0        39          0    13.75   39     39 x 13.75   = 536.25
# I         1950       1.0   0         0         20    15.00    0                      0.00
#
# Table 1: 3 officials; FTE 2.80
# Table 2: G 7.8 / 1950 = 0.4% -> rounds to 0, but G had facility time -> 1-50%
#          H 39 / 1560 = 2.5% -> 3 -> 1-50%
#          I 20 / 1950 = 1.03% (unpaid only) -> 1 -> 1-50%
# Table 3: cost 124.80 + 536.25 = 661.05; 661.05 / 3,000,000 x 100 = 0.022035 -> 0.02
# Table 4: paid hours 7.8 + 39 = 46.8; paid activities 39; 39 / 46.8 x 100 = 83.33
EXAMPLE_3 = [
    official("G", working="1950", duties="7.8", rate="16.00"),
    official("H", working="1560", fte="0.8", activities="39", rate="13.75", weekly="30"),
    official("I", working="1950", unpaid="20", rate="15.00"),
]


def test_it_computes_example_3() -> None:
    assert compute_figures(EXAMPLE_3, D("3000000")) == Figures(
        relevant_officials=3,
        fte=D("2.80"),
        band_0=0,
        band_1_50=3,
        band_51_99=0,
        band_100=0,
        total_cost=D("661.05"),
        total_pay_bill=D("3000000.00"),
        pay_bill_percentage=D("0.02"),
        pay_bill_percentage_note=None,
        total_paid_facility_time_hours=D("46.8"),
        paid_activities_hours=D("39"),
        paid_activities_percentage=D("83.33"),
        paid_activities_percentage_note=None,
    )


def test_it_renders_rows_for_csv() -> None:
    rows = compute_figures(EXAMPLE_1, D("1250000")).as_rows()
    assert rows[0] == ("table", "figure", "value", "note")
    assert [(table, value) for table, _, value, _ in rows[1:]] == [
        ("1", "4"),
        ("1", "3.10"),
        ("2", "1"),
        ("2", "1"),
        ("2", "1"),
        ("2", "1"),
        ("3", "47866.80"),
        ("3", "1250000.00"),
        ("3", "3.83"),
        ("4", "2804"),
        ("4", "130"),
        ("4", "4.64"),
    ]
    assert all(len(row) == 4 and all(isinstance(cell, str) for cell in row) for row in rows)


# -- Table 2 boundaries: 1000 working hours, so hours = percentage x 10 -------


@pytest.mark.parametrize(
    ("hours", "band"),
    [
        ("0", BAND_0),
        ("0.1", BAND_1_50),  # 0.01%: any facility time is not 0%
        ("5", BAND_1_50),  # 0.5% rounds to 1
        ("500", BAND_1_50),  # exactly 50%
        ("504", BAND_1_50),  # 50.4% rounds to 50
        ("505", BAND_51_99),  # 50.5% rounds to 51
        ("510", BAND_51_99),  # 51%
        ("994", BAND_51_99),  # 99.4% rounds to 99
        ("995", BAND_100),  # 99.5% rounds to 100
        ("1000", BAND_100),  # 100%
    ],
)
def test_it_bands_percentages_of_working_time(hours: str, band: str) -> None:
    assert band_for(D(hours), D("1000")) == band


def test_it_puts_exactly_half_time_in_the_lower_band() -> None:
    figures = compute_figures(
        [
            official("half", working="1924", duties="962"),
            official("over", working="1924", duties="963"),
        ],
        D("100000"),
    )
    # 962 / 1924 = 50% exactly; 963 / 1924 = 50.05% -> rounds to 50: both 1-50%.
    assert (figures.band_1_50, figures.band_51_99) == (2, 0)


# -- Edge cases -----------------------------------------------------------------


def test_it_handles_zero_officials() -> None:
    figures = compute_figures([], D("500000"))
    assert figures == Figures(
        relevant_officials=0,
        fte=D("0.00"),
        band_0=0,
        band_1_50=0,
        band_51_99=0,
        band_100=0,
        total_cost=D("0.00"),
        total_pay_bill=D("500000.00"),
        pay_bill_percentage=D("0.00"),
        pay_bill_percentage_note=None,
        total_paid_facility_time_hours=D("0"),
        paid_activities_hours=D("0"),
        paid_activities_percentage=None,
        paid_activities_percentage_note=(
            "No paid facility time hours in the period, so the share spent on paid trade "
            "union activities cannot be calculated."
        ),
    )
    row = compute_figures([], D("500000")).as_rows()[-1]
    assert row[2] == ""
    assert row[3].startswith("No paid facility time hours")


def test_it_does_not_divide_by_a_zero_pay_bill() -> None:
    figures = compute_figures(EXAMPLE_1, D("0"))
    assert figures.pay_bill_percentage is None
    assert figures.pay_bill_percentage_note == (
        "Total pay bill is zero, so the percentage of the pay bill cannot be calculated."
    )
    assert figures.total_cost == D("47866.80")  # the rest is still published
    assert figures.as_rows()[9][2:] == ("", figures.pay_bill_percentage_note)


def test_it_counts_an_official_with_no_hours_and_no_working_hours_as_zero() -> None:
    figures = compute_figures([official("new", working="0", fte="0.2")], D("1000"))
    assert figures.band_0 == 1


def test_it_rejects_inputs_that_cannot_give_true_figures() -> None:
    bad = [
        official("A", working="100", duties="-1"),
        official("A", working="100", duties="101"),
        official("Z", working="0", activities="1"),
        OfficialInput("F", D(37), D(1), 1.5, D(0), D(0), D(15), D(1924)),  # type: ignore[arg-type]
        official("N", working="NaN"),
    ]
    with pytest.raises(FiguresInputError) as raised:
        compute_figures(bad, D("-5"))
    assert raised.value.problems == [
        "total pay bill must be a finite amount, not negative",
        "official A: hours_paid_duties must be a finite number, not negative",
        "official A is listed twice",
        "official A: more facility time hours than working hours",
        "official Z: facility time recorded without any working hours",
        "official F: hours_paid_duties must be a Decimal",
        "official N: working_hours_in_period must be a finite number, not negative",
    ]


def test_it_maps_logged_categories_to_the_statute() -> None:
    assert dict(CATEGORY_MAP) == {
        "duties": DUTIES,
        "representation": DUTIES,
        "training": DUTIES,
        "activities": ACTIVITIES,
        "organising": ACTIVITIES,
    }


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (dt.date(2024, 4, 1), (dt.date(2024, 4, 1), dt.date(2025, 3, 31))),
        (dt.date(2025, 3, 31), (dt.date(2024, 4, 1), dt.date(2025, 3, 31))),
        (dt.date(2025, 1, 15), (dt.date(2024, 4, 1), dt.date(2025, 3, 31))),
        (dt.date(2024, 3, 31), (dt.date(2023, 4, 1), dt.date(2024, 3, 31))),
    ],
)
def test_it_finds_the_relevant_period(day: dt.date, period: tuple[dt.date, dt.date]) -> None:
    assert relevant_period(day) == period


HOURS = st.decimals(min_value=0, max_value=2000, places=2)


@st.composite
def officials(draw: st.DrawFn) -> list[OfficialInput]:
    result = []
    for index in range(draw(st.integers(0, 8))):
        working = draw(HOURS)
        duties = draw(st.decimals(min_value=0, max_value=working, places=2))
        activities = draw(st.decimals(min_value=0, max_value=working - duties, places=2))
        unpaid = draw(st.decimals(min_value=0, max_value=working - duties - activities, places=2))
        result.append(
            OfficialInput(
                official_id=str(index),
                contracted_hours_per_week=D(37),
                fte=draw(st.decimals(min_value=0, max_value=1, places=2)),
                hours_paid_duties=duties,
                hours_paid_activities=activities,
                hours_unpaid=unpaid,
                hourly_rate=draw(st.decimals(min_value=0, max_value=100, places=2)),
                working_hours_in_period=working,
            )
        )
    return result


@settings(deadline=None)
@given(officials(), st.decimals(min_value=0, max_value=10**9, places=2))
def test_its_tables_are_consistent(people: list[OfficialInput], pay_bill: D) -> None:
    figures = compute_figures(people, pay_bill)
    bands = figures.band_0 + figures.band_1_50 + figures.band_51_99 + figures.band_100
    assert bands == figures.relevant_officials == len(people)
    assert figures.paid_activities_hours <= figures.total_paid_facility_time_hours
    if figures.paid_activities_percentage is not None:
        assert D(0) <= figures.paid_activities_percentage <= D(100)
    assert (figures.pay_bill_percentage is None) == (pay_bill == 0)
    assert len(figures.as_rows()) == 13
