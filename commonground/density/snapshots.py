"""Taking monthly snapshots, and their trend as points for a chart (``lib.charts``)."""

from __future__ import annotations

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone

from commonground.density import measure, queries
from commonground.density.models import DensitySnapshot, SnapshotLevel
from commonground.lib.charts import Point
from commonground.lib.disclosure import is_suppressed


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def parse_month(text: str) -> date:
    """``YYYY-MM`` to the first day of that month (ValueError otherwise)."""
    year, _, mon = text.partition("-")
    if len(year) != 4 or not mon.isdigit():
        raise ValueError(text)
    return date(int(year), int(mon), 1)


@transaction.atomic
def take_snapshot(month: date, *, synthetic: bool = False) -> int:
    """Snapshot every region, council and branch for ``month``; idempotent (upsert).

    Members are counted as of the month's last day (or today, for the current month), from
    the synced joined/lapsed dates, so a past month can be backfilled consistently.
    """
    month = month.replace(day=1)
    today = timezone.localdate()
    as_of = min(month_end(month), today)
    scope = measure.full_scope()
    rows = [
        (SnapshotLevel.REGION, queries.region_rows(scope, as_of)),
        (SnapshotLevel.COUNCIL, queries.council_rows(scope, as_of)),
        (SnapshotLevel.BRANCH, queries.branch_rows(scope, as_of)),
    ]
    existing = {(s.level, s.key): s for s in DensitySnapshot.objects.filter(month=month)}
    new: list[DensitySnapshot] = []
    changed: list[DensitySnapshot] = []
    for level, level_rows in rows:
        for r in level_rows:
            snap = existing.get((level, r.key)) or DensitySnapshot(
                month=month, level=level, key=r.key
            )
            snap.name = r.name[:200]
            snap.members, snap.workforce, snap.reps = r.members, r.workforce, r.reps or 0
            snap.is_synthetic = synthetic
            snap.taken_at = timezone.now()
            (changed if snap.pk else new).append(snap)
    DensitySnapshot.objects.bulk_create(new)
    DensitySnapshot.objects.bulk_update(
        changed, ["name", "members", "workforce", "reps", "is_synthetic", "taken_at"]
    )
    return len(new) + len(changed)


def trend(
    level: str, key: str, *, suppress: bool, months: int = 12
) -> list[tuple[DensitySnapshot, float | None]]:
    """The last ``months`` snapshots of one region, council or branch, oldest first, each
    with its density (``None`` where the count is hidden from the viewer): one query."""
    snaps = list(DensitySnapshot.objects.filter(level=level, key=key).order_by("-month")[:months])
    return [
        (s, measure.density(s.members, s.workforce, hidden=suppress and is_suppressed(s.members)))
        for s in reversed(snaps)
    ]


def trend_points(level: str, key: str, *, suppress: bool, months: int = 12) -> list[Point]:
    """The trend of one region, council or branch as chart points (``lib.charts``), each
    shown figure with its members and workforce."""
    return [
        Point(
            s.month.strftime("%b %y"),
            value,
            f"{s.members:,} / ~{s.workforce:,}" if value is not None else "",
        )
        for s, value in trend(level, key, suppress=suppress, months=months)
    ]


def trend_is_synthetic(level: str, key: str) -> bool:
    """Whether any snapshot of this region, council or branch is made-up demo history."""
    return DensitySnapshot.objects.filter(level=level, key=key, is_synthetic=True).exists()
