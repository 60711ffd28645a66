"""Councils from mySociety's list of UK local authorities (GSS codes, names, successors)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from commonground.jobs.progress import Progress, null_progress
from commonground.register.models import (
    Council,
    CouncilKind,
    Region,
)

from .files import (
    COUNCIL_KINDS,
    SKIP_TYPES,
    PlacesSummary,
    read_csv,
    split_alt_names,
    to_float,
)

# --- Councils ---------------------------------------------------------------------------

_COUNCIL_COLUMNS = (
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "county-la",
    "alt-names",
    "former-gss-codes",
    "current-authority",
    "lat",
    "long",
)
_GSS_CODE = re.compile(r"^[EJKLMNSW]\d{8}$")


def _council_problem(row: Mapping[str, str]) -> tuple[str, str] | None:
    """(field, reason) if this council row cannot be stored, else None."""
    code = row["gss-code"]
    if not _GSS_CODE.match(code):
        return "gss-code", f"{code[:40]!r} is not a GSS code (like E08000001)"
    if not row["nice-name"].strip():
        return "nice-name", "the council has no name"
    for name, limit in (
        ("nice-name", 200),
        ("official-name", 255),
        ("region", 100),
        ("nation", 100),
    ):
        if len(row[name]) > limit:
            return name, f"longer than {limit} characters"
    for name, low, high in (("lat", -90.0, 90.0), ("long", -180.0, 180.0)):
        value = to_float(row[name])
        if row[name].strip() and (value is None or not low <= value <= high):
            return name, f"{row[name][:40]!r} is not a {name}itude"
    return None


@transaction.atomic
def import_councils(path: Path, progress: Progress = null_progress) -> PlacesSummary:
    """Upsert councils from the mySociety authority list (keyed on the GSS code).

    Names an admin (or the North West seed) set are kept; codes, alternative names,
    parents, successors and centroids come from the list.
    """
    summary = PlacesSummary()
    rows: list[dict[str, str]] = []
    for line, row in read_csv(path, _COUNCIL_COLUMNS):
        if not row["gss-code"]:
            continue  # combined authorities and the like have no code of their own
        problem = _council_problem(row)
        if problem is not None:
            summary.read += 1
            summary.reject(line, *problem)
            continue
        rows.append(row)
    by_local_code = {r["local-authority-code"]: r["gss-code"] for r in rows}
    regions: dict[str, Region] = {r.name: r for r in Region.objects.all()}
    existing = {c.ons_code: c for c in Council.objects.all()}
    pending_parents: list[tuple[str, str]] = []
    total = len(rows)
    for n, row in enumerate(rows, start=1):
        summary.read += 1
        if row["local-authority-type"] in SKIP_TYPES:
            continue
        code = row["gss-code"]
        region_name = row["region"] if row["nation"] == "England" else row["nation"]
        region = regions.get(region_name)
        if region is None and region_name and slugify(region_name):
            region, _ = Region.objects.get_or_create(
                slug=slugify(region_name)[:50], defaults={"name": region_name}
            )
            regions[region_name] = region
        alt = split_alt_names(row["alt-names"])
        values: dict[str, Any] = {
            "official_name": row["official-name"],
            "alt_names": alt,
            "former_codes": [c for c in row["former-gss-codes"].split(",") if c],
            "successor_codes": [
                by_local_code[c] for c in row["replaced-by"].split(",") if c in by_local_code
            ],
            "active": row["current-authority"] == "True",
            "latitude": to_float(row["lat"]),
            "longitude": to_float(row["long"]),
        }
        council = existing.get(code)
        if council is None:
            council = Council.objects.create(
                ons_code=code,
                name=row["nice-name"],
                kind=COUNCIL_KINDS.get(row["local-authority-type"], CouncilKind.OTHER),
                region=region,
                **values,
            )
            existing[code] = council
            summary.created += 1
        else:
            if council.region_id is None:
                values["region"] = region
            changed = [
                k
                for k, v in values.items()
                if getattr(council, k) != v
                # Keep codes the seed (or an admin) knows when the list has none.
                and not (k in ("successor_codes", "former_codes") and not v)
            ]
            for k in changed:
                setattr(council, k, values[k])
            if changed:
                council.save(update_fields=changed)
                summary.updated += 1
            else:
                summary.unchanged += 1
        if row["county-la"] and row["county-la"] in by_local_code:
            pending_parents.append((code, by_local_code[row["county-la"]]))
        progress(n, total, code)
    for code, parent_code in pending_parents:
        child, parent = existing.get(code), existing.get(parent_code)
        if child and parent and child.parent_id is None:
            child.parent = parent
            child.save(update_fields=["parent"])
    return summary


# --- Resolution -------------------------------------------------------------------------
