"""The figures a public-sector employer publishes about facility time.

Source: the Trade Union (Facility Time Publication Requirements) Regulations 2017
(SI 2017/328), Schedule 2, for a relevant period of 1 April to 31 March:

* Table 1: the number of employees who were relevant union officials, and their
  full-time equivalent (FTE).
* Table 2: how many of them spent 0%, 1-50%, 51-99% or 100% of their working
  hours on facility time.
* Table 3: the total cost of facility time, the total pay bill, and
  (cost / pay bill) x 100.
* Table 4: hours spent on paid trade union activities as a percentage of total
  paid facility time hours.

Pure Python, Decimal throughout.  Published percentages are rounded to 2 dp,
half up (0.125 -> 0.13), as people do by hand; Python's default would round half
to even.

Which hours count where (regulation 2).  Facility time is time off under
sections 168 (duties), 168A (union learning reps) and 170 (activities) of the
1992 Act.  The regulations then define *paid* facility time hours as those
hours *excluding* section 170 activities the official was not paid for, so
unpaid activity time is facility time, but not paid facility time.  Hence:

* Table 2 (share of working hours) counts duties + paid activities + unpaid
  activities.
* Tables 3 and 4 count paid hours only: duties + paid activities.  Unpaid
  activities cost the employer nothing.

Note: a gov.scot notice (seen 2026) says statutory facility time reporting was
repealed by the Employment Rights Act 2025.  Branches still use these figures
to bargain and to compare employers, so the calculation stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Final

__all__ = [
    "ACTIVITIES",
    "BANDS",
    "BAND_0",
    "BAND_1_50",
    "BAND_51_99",
    "BAND_100",
    "CATEGORY_MAP",
    "DUTIES",
    "Figures",
    "FiguresInputError",
    "OfficialInput",
    "band_for",
    "compute_figures",
    "relevant_period",
]

DUTIES: Final = "duties"  # s.168 / s.168A: paid by law
ACTIVITIES: Final = "activities"  # s.170: paid only if the employer agrees

# How the categories an activist logs map onto the statute.  Representing a
# member (grievance, disciplinary) and a rep's own training for those duties
# are duties (s.168(1), (2)); organising and recruitment are union activities
# (s.170).  Whether an activities hour was paid is recorded per entry.
CATEGORY_MAP: Final[Mapping[str, str]] = MappingProxyType(
    {
        "duties": DUTIES,
        "representation": DUTIES,
        "training": DUTIES,
        "activities": ACTIVITIES,
        "organising": ACTIVITIES,
    }
)

BAND_0: Final = "0%"
BAND_1_50: Final = "1-50%"
BAND_51_99: Final = "51-99%"
BAND_100: Final = "100%"
BANDS: Final = (BAND_0, BAND_1_50, BAND_51_99, BAND_100)

_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")
_WHOLE: Final = Decimal(1)


def _round2(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def relevant_period(day: dt.date) -> tuple[dt.date, dt.date]:
    """The 1 April - 31 March period that contains ``day``."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def band_for(facility_time_hours: Decimal, working_hours: Decimal) -> str:
    """Table 2 band for one official.

    The percentage is rounded to a whole number (half up) and then banded, so
    50.4% is in 1-50%, 50.5% in 51-99% and 99.5% in 100%.  Two exceptions
    keep the bands honest: 0% means no facility time at all (0.3% rounds to 0
    but belongs in 1-50%), and anything short of zero hours is never 0%.
    """
    if facility_time_hours == 0:
        return BAND_0
    if working_hours <= 0:
        raise FiguresInputError(["facility time recorded without any working hours"])
    whole = (facility_time_hours * _HUNDRED / working_hours).quantize(_WHOLE, ROUND_HALF_UP)
    if whole <= 50:
        return BAND_1_50
    if whole <= 99:
        return BAND_51_99
    return BAND_100


class FiguresInputError(ValueError):
    """The inputs cannot give true figures; ``problems`` says why, one per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class OfficialInput:
    official_id: str
    contracted_hours_per_week: Decimal  # for reference; FTE and hours are given
    fte: Decimal
    hours_paid_duties: Decimal
    hours_paid_activities: Decimal
    hours_unpaid: Decimal  # unpaid s.170 activities during working hours
    hourly_rate: Decimal  # the employer's hourly cost of this official
    working_hours_in_period: Decimal

    @property
    def paid_facility_time_hours(self) -> Decimal:
        return self.hours_paid_duties + self.hours_paid_activities

    @property
    def facility_time_hours(self) -> Decimal:
        return self.paid_facility_time_hours + self.hours_unpaid

    @property
    def band(self) -> str:
        return band_for(self.facility_time_hours, self.working_hours_in_period)


@dataclass(frozen=True)
class Figures:
    # Table 1
    relevant_officials: int
    fte: Decimal
    # Table 2
    band_0: int
    band_1_50: int
    band_51_99: int
    band_100: int
    # Table 3
    total_cost: Decimal
    total_pay_bill: Decimal
    pay_bill_percentage: Decimal | None
    pay_bill_percentage_note: str | None
    # Table 4
    total_paid_facility_time_hours: Decimal
    paid_activities_hours: Decimal
    paid_activities_percentage: Decimal | None
    paid_activities_percentage_note: str | None

    def as_rows(self) -> list[tuple[str, str, str, str]]:
        """Header row, then one row per published figure, all strings, for CSV.

        Money and percentages have two decimal places; a percentage that cannot
        be computed is blank with the reason in the note column.
        """
        pct = self.pay_bill_percentage
        act = self.paid_activities_percentage
        return [
            ("table", "figure", "value", "note"),
            (
                "1",
                "Employees who were relevant union officials during the relevant period",
                str(self.relevant_officials),
                "",
            ),
            ("1", "Full-time equivalent employee number", f"{self.fte:.2f}", ""),
            ("2", "Officials spending 0% of working hours on facility time", str(self.band_0), ""),
            (
                "2",
                "Officials spending 1-50% of working hours on facility time",
                str(self.band_1_50),
                "",
            ),
            (
                "2",
                "Officials spending 51-99% of working hours on facility time",
                str(self.band_51_99),
                "",
            ),
            (
                "2",
                "Officials spending 100% of working hours on facility time",
                str(self.band_100),
                "",
            ),
            ("3", "Total cost of facility time", f"{self.total_cost:.2f}", ""),
            ("3", "Total pay bill", f"{self.total_pay_bill:.2f}", ""),
            (
                "3",
                "Percentage of the total pay bill spent on facility time",
                "" if pct is None else f"{pct:.2f}",
                self.pay_bill_percentage_note or "",
            ),
            (
                "4",
                "Total paid facility time hours",
                f"{self.total_paid_facility_time_hours:f}",
                "",
            ),
            (
                "4",
                "Hours spent on paid trade union activities",
                f"{self.paid_activities_hours:f}",
                "",
            ),
            (
                "4",
                (
                    "Time spent on paid trade union activities as a percentage of total "
                    "paid facility time hours"
                ),
                "" if act is None else f"{act:.2f}",
                self.paid_activities_percentage_note or "",
            ),
        ]


_AMOUNTS: Final = (
    "contracted_hours_per_week",
    "fte",
    "hours_paid_duties",
    "hours_paid_activities",
    "hours_unpaid",
    "hourly_rate",
    "working_hours_in_period",
)


def _problems(officials: Sequence[OfficialInput], total_pay_bill: object) -> list[str]:
    problems: list[str] = []
    if not isinstance(total_pay_bill, Decimal | int) or isinstance(total_pay_bill, bool):
        problems.append("total pay bill must be a Decimal")
    elif not Decimal(total_pay_bill).is_finite() or total_pay_bill < 0:
        problems.append("total pay bill must be a finite amount, not negative")
    seen: set[str] = set()
    for official in officials:
        who = f"official {official.official_id}"
        if official.official_id in seen:
            problems.append(f"{who} is listed twice")
        seen.add(official.official_id)
        valid = True
        for name in _AMOUNTS:
            value = getattr(official, name)
            # Floats carry binary rounding errors into money; refuse them.
            if not isinstance(value, Decimal | int) or isinstance(value, bool):
                problems.append(f"{who}: {name} must be a Decimal")
                valid = False
            elif not Decimal(value).is_finite() or value < 0:
                problems.append(f"{who}: {name} must be a finite number, not negative")
                valid = False
        if not valid:
            continue
        hours = official.facility_time_hours
        if hours > 0 and official.working_hours_in_period == 0:
            problems.append(f"{who}: facility time recorded without any working hours")
        elif hours > official.working_hours_in_period:
            problems.append(f"{who}: more facility time hours than working hours")
    return problems


def compute_figures(officials: Sequence[OfficialInput], total_pay_bill: Decimal) -> Figures:
    """The four published tables for one employer and one relevant period.

    Raises ``FiguresInputError`` listing every problem with the inputs; a
    percentage that cannot be computed (a zero pay bill, no paid hours) is
    ``None`` with a note rather than an error.
    """
    problems = _problems(officials, total_pay_bill)
    if problems:
        raise FiguresInputError(problems)
    pay_bill = Decimal(total_pay_bill)

    bands = dict.fromkeys(BANDS, 0)
    for official in officials:
        bands[official.band] += 1

    # Summed unrounded and rounded once, so pennies do not accumulate; the
    # percentage is then taken from the published (rounded) cost, so anyone
    # dividing the published cost by the published pay bill gets the same figure.
    cost = _round2(
        sum((Decimal(o.paid_facility_time_hours) * o.hourly_rate for o in officials), Decimal(0))
    )
    paid_hours = sum((Decimal(o.paid_facility_time_hours) for o in officials), Decimal(0))
    activities = sum((Decimal(o.hours_paid_activities) for o in officials), Decimal(0))

    if pay_bill == 0:
        pay_bill_pct = None
        pay_bill_note: str | None = (
            "Total pay bill is zero, so the percentage of the pay bill cannot be calculated."
        )
    else:
        pay_bill_pct = _round2(cost * _HUNDRED / pay_bill)
        pay_bill_note = None

    if paid_hours == 0:
        activities_pct = None
        activities_note: str | None = (
            "No paid facility time hours in the period, so the share spent on paid trade "
            "union activities cannot be calculated."
        )
    else:
        activities_pct = _round2(activities * _HUNDRED / paid_hours)
        activities_note = None

    return Figures(
        relevant_officials=len(officials),
        fte=_round2(sum((Decimal(o.fte) for o in officials), Decimal(0))),
        band_0=bands[BAND_0],
        band_1_50=bands[BAND_1_50],
        band_51_99=bands[BAND_51_99],
        band_100=bands[BAND_100],
        total_cost=cost,
        total_pay_bill=_round2(pay_bill),
        pay_bill_percentage=pay_bill_pct,
        pay_bill_percentage_note=pay_bill_note,
        total_paid_facility_time_hours=paid_hours,
        paid_activities_hours=activities,
        paid_activities_percentage=activities_pct,
        paid_activities_percentage_note=activities_note,
    )
