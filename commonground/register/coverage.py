"""What the register covers: per council and service type, how many locations, from which
source and how old; and the gaps a banner warns about (issue 16, "Coverage you can see").

A council's data is *as of* the newest of: the ``source_date`` of its locations (the date of
the file or sync that last wrote them) and the end of the last successful ``sync-register``
that keeps it current (a sync that found no change still confirms the data). It is stale
when that is more than ``STALE_AFTER_DAYS`` old. A council has a home-care gap when no
registered home-care agency is held for it: CQC's care-home files never list agencies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.lib import datacache
from commonground.register.models import (
    SERVICE_TYPE_LABELS,
    SOCIAL_CARE_TYPES,
    Council,
    Location,
    RegisterSync,
    RegistrationStatus,
    ServiceType,
    SyncStatus,
)

STALE_AFTER_DAYS = 35
SERVICE_ORDER = [t.value for t in ServiceType if t in SOCIAL_CARE_TYPES]

FILL_HOME_CARE = _(
    "Import CQC’s monthly HSCA Active Locations workbook (Register › Import, or "
    "“commonground import-register HSCA_Active_Locations.ods”), or run "
    "“commonground sync-register” with a CQC API key."
)
FILL_STALE = _(
    "Import this month’s HSCA Active Locations workbook (Register › Import, or "
    "“commonground import-register HSCA_Active_Locations.ods”), or run "
    "“commonground sync-register” (daily, with a CQC API key)."
)


@dataclass
class CoverageCell:
    """One council × service type."""

    service_type: str
    locations: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    newest: date | None = None
    oldest: date | None = None

    @property
    def label(self) -> str:
        return str(SERVICE_TYPE_LABELS.get(self.service_type, self.service_type))


@dataclass
class CouncilCoverage:
    council: Council
    cells: dict[str, CoverageCell]
    newest: date | None  # newest source_date of its locations
    synced: date | None  # end of the last successful sync that keeps it current
    today: date

    @property
    def as_of(self) -> date | None:
        dates = [d for d in (self.newest, self.synced) if d is not None]
        return max(dates) if dates else None

    @property
    def age_days(self) -> int | None:
        return (self.today - self.as_of).days if self.as_of else None

    @property
    def locations(self) -> int:
        return sum(c.locations for c in self.cells.values())

    @property
    def care_homes(self) -> int:
        return sum(
            self.cells[t].locations for t in (ServiceType.CARE_HOME, ServiceType.CARE_HOME_NURSING)
        )

    @property
    def home_care(self) -> int:
        return self.cells[ServiceType.HOME_CARE].locations

    @property
    def has_home_care(self) -> bool:
        return self.cells[ServiceType.HOME_CARE].locations > 0

    @property
    def stale(self) -> bool:
        return self.age_days is None or self.age_days > STALE_AFTER_DAYS

    @property
    def sources(self) -> dict[str, int]:
        total: dict[str, int] = defaultdict(int)
        for cell in self.cells.values():
            for source, n in cell.sources.items():
                total[source] += n
        return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass
class Gaps:
    no_home_care: list[Council]
    stale: list[CouncilCoverage]
    with_home_care: list[Council]

    def __bool__(self) -> bool:
        return bool(self.no_home_care or self.stale)

    @property
    def newest(self) -> date | None:
        dates = [c.as_of for c in self.stale if c.as_of is not None]
        return max(dates) if dates else None


def last_sync() -> RegisterSync | None:
    return RegisterSync.objects.filter(status=SyncStatus.SUCCEEDED).order_by("-window_end").first()


def coverage(councils: Iterable[Council], today: date | None = None) -> list[CouncilCoverage]:
    """Coverage of each council (in the order given)."""
    councils = list(councils)
    today = today or timezone.localdate()
    rows = (
        Location.objects.filter(
            council__in=councils,
            is_social_care=True,
            registration_status=RegistrationStatus.REGISTERED,
        )
        .order_by()
        .values_list("council_id", "primary_service_type", "source")
        .annotate(n=Count("pk"), newest=Max("source_date"), oldest=Min("source_date"))
    )
    cells: dict[int, dict[str, CoverageCell]] = {
        c.pk: {t: CoverageCell(t) for t in SERVICE_ORDER} for c in councils
    }
    for council_id, kind, source, n, newest, oldest in rows:
        cell = cells[council_id].setdefault(kind or "", CoverageCell(kind or ""))
        cell.locations += n
        label = source or str(_("an earlier import"))
        cell.sources[label] = cell.sources.get(label, 0) + n
        if newest is not None and (cell.newest is None or newest > cell.newest):
            cell.newest = newest
        if oldest is not None and (cell.oldest is None or oldest < cell.oldest):
            cell.oldest = oldest
    sync = last_sync()
    synced = set(sync.councils) if sync else set()
    result = []
    for council in councils:
        dates = [c.newest for c in cells[council.pk].values() if c.newest]
        result.append(
            CouncilCoverage(
                council=council,
                cells=cells[council.pk],
                newest=max(dates) if dates else None,
                synced=sync.window_end.date() if sync and council.ons_code in synced else None,
                today=today,
            )
        )
    return result


def gaps(councils: QuerySet[Council]) -> Gaps:
    """The councils lacking home-care data, and those whose data is stale (cached)."""
    councils = councils.order_by("name")
    key = (tuple(councils.values_list("pk", flat=True)), timezone.localdate().isoformat())

    def compute() -> Gaps:
        rows = coverage(councils)
        return Gaps(
            no_home_care=[r.council for r in rows if not r.has_home_care],
            stale=[r for r in rows if r.stale],
            with_home_care=[r.council for r in rows if r.has_home_care],
        )

    return datacache.cached("register.gaps", key, ["register"], compute)


def sources() -> list[dict[str, object]]:
    """Every source the register's rows came from: how many rows, and the newest date."""
    rows = (
        Location.objects.filter(is_social_care=True)
        .order_by()
        .values("source")
        .annotate(locations=Count("pk"), newest=Max("source_date"), oldest=Min("source_date"))
        .order_by("-locations", "source")
    )
    return [
        {
            "source": row["source"] or "(before sources were recorded)",
            "locations": row["locations"],
            "newest": row["newest"].isoformat() if row["newest"] else None,
            "oldest": row["oldest"].isoformat() if row["oldest"] else None,
        }
        for row in rows
    ]
