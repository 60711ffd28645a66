"""Postcode districts (outcodes): centroid, town and council, for resolving and maps."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from commonground.jobs.progress import Progress, null_progress
from commonground.lib.postcodes import is_outcode
from commonground.register.models import (
    PostcodeDistrict,
)

from .files import (
    PlacesSummary,
    read_csv,
    to_float,
)
from .resolver import CouncilResolver


@transaction.atomic
def import_postcodes(path: Path, progress: Progress = null_progress) -> PlacesSummary:
    """Postcode districts (outcodes) with centroids from the Doogal list.

    Its "Region" column is the local authority name (old district names included): each is
    resolved to the council with social care duties, so Carlisle's districts land in
    Cumberland.
    """
    summary = PlacesSummary()
    resolver = CouncilResolver()
    existing = {p.outcode: p for p in PostcodeDistrict.objects.all()}
    to_create: list[PostcodeDistrict] = []
    to_update: list[PostcodeDistrict] = []
    fields = ["latitude", "longitude", "town", "council_name", "council"]
    numbered = read_csv(path, ("Postcode",))
    seen: set[str] = set()
    rows = [row for _line, row in numbered]
    for n, (line, row) in enumerate(numbered, start=1):
        summary.read += 1
        code = (row.get("Postcode") or "").strip().upper()
        if not is_outcode(code):
            summary.reject(line, "Postcode", f"{code[:40]!r} is not a postcode district")
            continue
        if code in seen:
            summary.reject(line, "Postcode", f"{code} appears more than once")
            continue
        seen.add(code)
        la_name = (row.get("Region") or "").strip()
        lat, lng = to_float(row.get("Latitude") or ""), to_float(row.get("Longitude") or "")
        if lat is not None and not -90 <= lat <= 90:
            summary.reject(line, "Latitude", f"{lat} is not a latitude")
            continue
        if lng is not None and not -180 <= lng <= 180:
            summary.reject(line, "Longitude", f"{lng} is not a longitude")
            continue
        council_id: int | None = None
        if la_name:
            council = resolver.council_by_name(la_name)
            if council is not None:
                council_id = resolver.roll_up(council, latitude=lat, longitude=lng).council_id
        if council_id is None and lat is not None and lng is not None:
            # Names such as "Bingley" are towns, not councils: place the centroid instead.
            council_id = resolver.council_at(lat, lng)
        if council_id is None and la_name:
            summary.unmatched.append(f"{code} ({la_name})")
        values = {
            "latitude": lat,
            "longitude": lng,
            "town": (row.get("Post Town") or row.get("Town/Area") or "")[:100],
            "council_name": la_name[:200],
            "council_id": council_id,
        }
        current = existing.get(code)
        if current is None:
            to_create.append(PostcodeDistrict(outcode=code, **values))
            summary.created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
            summary.updated += 1
        else:
            summary.unchanged += 1
        if n % 500 == 0:
            progress(n, len(rows), code)
    PostcodeDistrict.objects.bulk_create(to_create, batch_size=1000)
    PostcodeDistrict.objects.bulk_update(to_update, fields, batch_size=1000)
    progress(len(rows), len(rows), "")
    return summary
