"""Taking monthly snapshots and drawing their trend as a server-rendered SVG."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from commonground.density import measure, queries
from commonground.density.models import DensitySnapshot, SnapshotLevel
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


@dataclass
class TrendChart:
    """An SVG line chart of density by month, laid out here so the template only draws."""

    width: int
    height: int
    points: str
    dots: list[dict[str, object]]
    y_ticks: list[dict[str, object]]
    x_labels: list[dict[str, object]]
    synthetic: bool
    empty: bool


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


def trend_chart(level: str, key: str, *, suppress: bool, months: int = 12) -> TrendChart:
    """The trend of one region, council or branch as an SVG line chart."""
    values = trend(level, key, suppress=suppress, months=months)
    snaps = [s for s, _ in values]
    w, h, left, right, top, bottom = 640, 220, 48, 12, 12, 28
    known = [v for _, v in values if v is not None]
    top_value = max(known, default=0.0)
    scale_max = max(0.01, top_value * 1.2)
    inner_w, inner_h = w - left - right, h - top - bottom
    step = inner_w / max(len(values) - 1, 1)
    dots: list[dict[str, object]] = []
    xs: list[dict[str, object]] = []
    pts: list[str] = []
    for i, (s, v) in enumerate(values):
        x = left + i * step
        xs.append({"x": round(x, 1), "label": s.month.strftime("%b %y")})
        if v is None:
            continue
        y = top + inner_h * (1 - v / scale_max)
        pts.append(f"{x:.1f},{y:.1f}")
        dots.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "title": f"{s.month:%B %Y}: {v * 100:.1f}% ({s.members:,} / ~{s.workforce:,})",
            }
        )
    ticks = []
    for frac in (0.0, 0.5, 1.0):
        value = scale_max * frac
        ticks.append({"y": round(top + inner_h * (1 - frac), 1), "label": f"{value * 100:.1f}%"})
    return TrendChart(
        w,
        h,
        " ".join(pts),
        dots,
        ticks,
        xs,
        synthetic=any(s.is_synthetic for s in snaps),
        empty=not dots,
    )
