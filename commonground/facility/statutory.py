"""From our records to ``figures.compute_figures``: which officials, which hours.

See ``docs/facility-time.md`` for the rules written out with a worked example.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from commonground.facility.figures import (
    ACTIVITIES,
    CATEGORY_MAP,
    DUTIES,
    Figures,
    FiguresInputError,
    OfficialInput,
    compute_figures,
)
from commonground.facility.models import EntryStatus, OfficialTerms, PeriodInput, TimeEntry

_YEAR_DAYS = Decimal(365)
_FTE_PLACES = Decimal("0.0001")


@dataclass
class Result:
    period: PeriodInput
    officials: list[OfficialInput]
    figures: Figures | None
    problems: list[str]


def working_hours(terms: OfficialTerms, period: PeriodInput) -> Decimal:
    """Contracted hours × working weeks, pro rata for a period shorter than a year."""
    factor = min(Decimal(period.days) / _YEAR_DAYS, Decimal(1))
    return (terms.contracted_hours_per_week * period.employer.working_weeks * factor).quantize(
        Decimal("0.01")
    )


def officials_for(period: PeriodInput) -> tuple[list[OfficialInput], list[str]]:
    """One ``OfficialInput`` per official with terms; problems for hours without terms.

    Only approved entries count. An activist with approved hours at this employer but no
    terms for the period cannot be costed: that is reported, never guessed.
    """
    duties = [k for k, v in CATEGORY_MAP.items() if v == DUTIES]
    activities = [k for k, v in CATEGORY_MAP.items() if v == ACTIVITIES]
    zero = Decimal(0)
    rows = (
        TimeEntry.objects.filter(
            employer_id=period.employer_id,
            status=EntryStatus.APPROVED,
            date__gte=period.start,
            date__lte=period.end,
        )
        .values("activist_id")
        .annotate(
            paid_duties=Sum("hours", filter=Q(category__in=duties)),
            paid_activities=Sum("hours", filter=Q(category__in=activities, paid=True)),
            unpaid=Sum("hours", filter=Q(category__in=activities, paid=False)),
        )
    )
    hours: dict[int, dict[str, Any]] = {r["activist_id"]: dict(r) for r in rows}
    terms = list(period.officials.select_related("activist"))
    officials = []
    for t in terms:
        h = hours.get(t.activist_id, {})
        officials.append(
            OfficialInput(
                official_id=str(t.activist_id),
                contracted_hours_per_week=t.contracted_hours_per_week,
                fte=(t.contracted_hours_per_week / period.employer.weekly_hours).quantize(
                    _FTE_PLACES
                ),
                hours_paid_duties=h.get("paid_duties") or zero,
                hours_paid_activities=h.get("paid_activities") or zero,
                hours_unpaid=h.get("unpaid") or zero,
                hourly_rate=t.hourly_rate,
                working_hours_in_period=working_hours(t, period),
            )
        )
    with_terms = {t.activist_id for t in terms}
    problems = []
    from commonground.accounts.models import User

    for user in User.objects.filter(pk__in=set(hours) - with_terms).order_by("username"):
        problems.append(
            f"{user.get_full_name() or user.username} has approved facility time at this "
            "employer but no hours and pay entered for the period"
        )
    return officials, problems


def figures_for(period: PeriodInput) -> Result:
    officials, problems = officials_for(period)
    if problems:
        return Result(period, officials, None, problems)
    try:
        figures = compute_figures(officials, period.total_pay_bill)
    except FiguresInputError as exc:
        return Result(period, officials, None, exc.problems)
    return Result(period, officials, figures, [])
