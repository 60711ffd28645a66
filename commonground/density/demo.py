"""Demo density: a year of monthly snapshots, marked synthetic.

Each month is computed from today's links and the synced joined/lapsed dates as of that
month's end (the same query as the real command), so the history is consistent with today's
figures; it is still made up, since the demo's join dates are, so every row is marked
``is_synthetic`` and the chart says so.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from commonground.density.snapshots import take_snapshot
from commonground.register.models import Region

MONTHS = 12


def seed(region: Region) -> str:
    today = timezone.localdate().replace(day=1)
    rows = 0
    month = today
    for _ in range(MONTHS):
        rows += take_snapshot(month, synthetic=True)
        month = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    return f"density: {MONTHS} monthly snapshots ({rows} rows, synthetic)"
