"""Aggregate reads for the map, the scoreboards and the CLI. No personal data leaves here
unless ``with_contacts`` is asked for (never on public pages)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commonground.charters.models import (
    SIGNED_STATES,
    STATUS_COLOURS,
    Charter,
    Commitment,
    Compliance,
    Status,
    Target,
    TargetKind,
    TargetStatus,
)
from commonground.lib.query import equal, search
from commonground.register.models import Boundary, Council, CouncilKind, Location, Region

# Targets that appear on scoreboards: everyone but candidates (individuals).
PUBLIC_KINDS = (TargetKind.COUNCIL, TargetKind.MAYOR, TargetKind.PROVIDER)


def with_counts(charters: QuerySet[Charter], region: Region | None) -> QuerySet[Charter]:
    """``commitment_count`` and, in ``region``, ``signed_count`` and ``pledged_count``.

    Each is its own subquery: counting commitments and statuses in one join multiplied them
    ("169 commitments / 52 signed" for 13 and 4). Candidates are left out of ``signed_count``,
    as from the scoreboard and the dashboard (``charter_progress``).
    """

    def statuses(**filters: Any) -> Any:
        qs = TargetStatus.objects.filter(charter=OuterRef("pk"), target__region=region, **filters)
        return Coalesce(
            Subquery(
                qs.order_by().values("charter").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    commitments = (
        Commitment.objects.filter(charter=OuterRef("pk"), is_placeholder=False)
        .order_by()
        .values("charter")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return charters.annotate(
        commitment_count=Coalesce(Subquery(commitments, output_field=IntegerField()), 0),
        signed_count=statuses(status__in=SIGNED_STATES, target__kind__in=PUBLIC_KINDS),
        pledged_count=statuses(status=Status.PLEDGED),
    )


@dataclass
class CharterProgress:
    """A charter's standing in a region, as the scoreboard counts it (candidates left out)."""

    charter: Charter
    rows: list[ScoreboardRow]

    @property
    def targets(self) -> int:
        return len(self.rows)

    @property
    def signed(self) -> int:
        return sum(1 for r in self.rows if r.status in SIGNED_STATES)

    @property
    def pledged(self) -> int:
        return sum(1 for r in self.rows if r.status == Status.PLEDGED)

    @property
    def councils(self) -> int:
        return sum(1 for r in self.rows if r.kind == TargetKind.COUNCIL)

    @property
    def counts(self) -> list[dict[str, Any]]:
        """The statuses that occur, with their numbers (``status_counts``)."""
        return [c for c in status_counts(self.rows) if c["count"]]


def charter_progress(charter: Charter, region: Region | None) -> CharterProgress:
    """The figures every page shows for a charter: its cards, the dashboard, the report."""
    rows = scoreboard(charter, [region], include_candidates=False) if region else []
    return CharterProgress(charter, rows)


def filter_targets(
    targets: QuerySet[Target],
    *,
    q: str = "",
    kind: str = "",
    charter: Charter | None = None,
    status: str = "",
) -> QuerySet[Target]:
    """The target list's filters. ``status`` on ``charter``, or on any charter without one;
    "not approached" on a charter also matches targets with no status row for it."""
    targets = equal(search(targets, q, "name", "council__name", "standing_for"), kind=kind)
    if status:
        if charter is None:
            targets = targets.filter(statuses__status=status).distinct()
        elif status == Status.NOT_APPROACHED:
            targets = targets.exclude(
                Q(statuses__charter=charter) & ~Q(statuses__status=Status.NOT_APPROACHED)
            )
        else:
            targets = targets.filter(statuses__charter=charter, statuses__status=status)
    return targets


def statuses_by_target(targets: list[Target]) -> dict[int, list[TargetStatus]]:
    """Each target's status rows (with their charter), in one query."""
    result: dict[int, list[TargetStatus]] = {}
    for ts in TargetStatus.objects.filter(target__in=targets).select_related("charter"):
        result.setdefault(ts.target_id, []).append(ts)
    return result


def date_label(iso: str | None) -> str:
    """An ISO date as pages show dates ("1 Dec 2026"); "" for none."""
    return date_format(dt.date.fromisoformat(iso), "j M Y") if iso else ""


@dataclass
class ScoreboardRow:
    """One line of a scoreboard: a target (or a council nobody has approached yet)."""

    name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    colour: str
    since: str | None = None
    signed_on: str | None = None
    met: int = 0
    commitments: int = 0
    target_id: int | None = None
    council_id: int | None = None
    is_demo: bool = False
    pledge_honoured: bool | None = None
    """Candidates after the election: kept (True) or broken (False) their pledge."""
    extra: dict[str, Any] = field(default_factory=dict)

    # ``since`` and ``signed_on`` stay ISO for exports, JSON and the API; pages show these.
    @property
    def since_label(self) -> str:
        return date_label(self.since)

    @property
    def signed_on_label(self) -> str:
        return date_label(self.signed_on)

    def as_public_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "status_label": self.status_label,
            "since": self.since,
            "signed_on": self.signed_on,
            "commitments_met": self.met,
            "commitments": self.commitments,
        }


def _status_row(
    ts: TargetStatus | None, target: Target | None, council: Council | None
) -> ScoreboardRow:
    status = Status(ts.status) if ts else Status.NOT_APPROACHED
    kind = target.kind if target else TargetKind.COUNCIL
    honoured = ts.pledge_honoured if ts else None
    label = str(status.label)
    if honoured is False:
        label = _("%(status)s · pledge not honoured") % {"status": label}
    elif honoured is True:
        label = _("%(status)s · pledge honoured") % {"status": label}
    return ScoreboardRow(
        name=target.name if target else (council.name if council else ""),
        kind=kind,
        kind_label=str(TargetKind(kind).label),
        status=status.value,
        status_label=label,
        colour=STATUS_COLOURS[status],
        since=ts.status_since.isoformat() if ts and ts.status_since else None,
        signed_on=ts.signed_on.isoformat() if ts and ts.signed_on else None,
        met=getattr(ts, "met_count", 0) if ts else 0,
        commitments=getattr(ts, "compliance_count", 0) if ts else 0,
        target_id=target.pk if target else None,
        council_id=council.pk if council else (target.council_id if target else None),
        is_demo=bool(ts and ts.is_demo),
        pledge_honoured=honoured,
    )


def scoreboard(
    charter: Charter,
    regions: list[Region],
    *,
    include_candidates: bool = True,
    kinds: list[str] | None = None,
) -> list[ScoreboardRow]:
    """Every council with social care duties in ``regions`` (approached or not), then the
    other targets, with their status on ``charter``. Public callers pass
    ``include_candidates=False``: candidates are individuals."""
    statuses = {
        ts.target_id: ts
        for ts in TargetStatus.objects.filter(charter=charter, target__region__in=regions)
        .annotate(
            met_count=Count("compliance", filter=Q(compliance__state=Compliance.MET)),
            compliance_count=Count("compliance"),
        )
        .select_related("target")
    }
    targets = Target.objects.filter(region__in=regions).select_related("council")
    if not include_candidates:
        targets = targets.exclude(kind=TargetKind.CANDIDATE)
    if kinds:
        targets = targets.filter(kind__in=kinds)
    rows: list[ScoreboardRow] = []
    council_targets = {t.council_id: t for t in targets if t.kind == TargetKind.COUNCIL}
    if not kinds or TargetKind.COUNCIL in kinds:
        for council in social_care_councils_in(regions):
            t = council_targets.get(council.pk)
            rows.append(_status_row(statuses.get(t.pk) if t else None, t, council))
    listed = {r.council_id for r in rows}
    for t in targets:
        if t.kind == TargetKind.COUNCIL:
            if t.council_id is None or t.council_id not in listed:
                rows.append(_status_row(statuses.get(t.pk), t, t.council))
            continue
        rows.append(_status_row(statuses.get(t.pk), t, None))
    return rows


def social_care_councils_in(regions: list[Region]) -> QuerySet[Council]:
    return (
        Council.objects.filter(region__in=regions, active=True)
        .exclude(kind=CouncilKind.DISTRICT)
        .order_by("name")
    )


def status_counts(rows: list[ScoreboardRow]) -> list[dict[str, Any]]:
    """The legend: every status in pipeline order with how many rows hold it."""
    counts = Counter(r.status for r in rows)
    return [
        {"status": s.value, "label": str(s.label), "colour": STATUS_COLOURS[s], "count": counts[s]}
        for s in Status
    ]


def _council_points(councils: list[Council]) -> dict[int, tuple[float, float]]:
    """Where to draw a council without a boundary: its own coordinates, else the mean of its
    care locations' coordinates (one aggregate query)."""
    points = {
        c.pk: (c.latitude, c.longitude)
        for c in councils
        if c.latitude is not None and c.longitude is not None
    }
    missing = [c.pk for c in councils if c.pk not in points]
    if missing:
        for row in (
            Location.objects.filter(council_id__in=missing, latitude__isnull=False)
            .values("council_id")
            .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        ):
            points[row["council_id"]] = (row["lat"], row["lon"])
    return points


def geojson(charter: Charter, regions: list[Region], *, public: bool = False) -> dict[str, Any]:
    """A FeatureCollection of councils coloured by status on ``charter``.

    A council with a ``register.Boundary`` is drawn as its shape; one without is a point
    (its coordinates or its care locations' centre); one with neither is listed under
    ``unplaced`` so the page can say so rather than silently leave it out.
    """
    rows = scoreboard(charter, regions, kinds=[TargetKind.COUNCIL])
    councils = list(social_care_councils_in(regions))
    boundaries = {b.council_id: b.geojson for b in Boundary.objects.filter(council__in=councils)}
    points = _council_points([c for c in councils if c.pk not in boundaries])
    features: list[dict[str, Any]] = []
    unplaced: list[str] = []
    for row in rows:
        geometry: dict[str, Any] | None = None
        if row.council_id in boundaries:
            geometry = _geometry(boundaries[row.council_id])
        elif row.council_id in points:
            lat, lon = points[row.council_id]
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        if geometry is None:
            unplaced.append(row.name)
            continue
        props: dict[str, Any] = {
            "name": row.name,
            "status": row.status,
            "status_label": row.status_label,
            "colour": row.colour,
            "since": row.since,
            "since_label": row.since_label,
        }
        if not public and row.target_id:
            props["url"] = reverse("charters:target-detail", args=[row.target_id])
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {
        "type": "FeatureCollection",
        "features": features,
        "unplaced": unplaced,
        "legend": status_counts(rows),
    }


def _geometry(stored: Any) -> dict[str, Any] | None:
    # Boundaries may be stored as a bare geometry, a Feature or a FeatureCollection.
    if not isinstance(stored, dict):
        return None
    kind = stored.get("type")
    if kind == "Feature":
        geometry = stored.get("geometry")
        return geometry if isinstance(geometry, dict) else None
    if kind == "FeatureCollection":
        geoms = [f.get("geometry") for f in stored.get("features", []) if isinstance(f, dict)]
        geoms = [g for g in geoms if isinstance(g, dict)]
        if not geoms:
            return None
        return geoms[0] if len(geoms) == 1 else {"type": "GeometryCollection", "geometries": geoms}
    return stored if kind else None


def status_report(charters: list[Charter]) -> list[dict[str, Any]]:
    """For the CLI: every target's status per charter, in every region."""
    regions = list(Region.objects.filter(charter_targets__isnull=False).distinct())
    if not regions:
        regions = list(Region.objects.all())
    report = []
    for charter in charters:
        rows = scoreboard(charter, regions)
        report.append(
            {
                "charter": charter.slug,
                "name": charter.name,
                "complete": charter.is_complete,
                "published": charter.scoreboard_published,
                "counts": {c["status"]: c["count"] for c in status_counts(rows) if c["count"]},
                "targets": [
                    {
                        "name": r.name,
                        "kind": r.kind,
                        "status": r.status,
                        "since": r.since,
                        "signed_on": r.signed_on,
                        "commitments_met": r.met,
                        "demo": r.is_demo,
                    }
                    for r in rows
                ],
            }
        )
    return report
