"""Locations a full register file no longer lists: flagged ``not_in_latest_file``, with the
change in their history (never deleted: a home missing from one file may be back in the next)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from commonground.register.models import Location, LocationChange

BATCH_SIZE = 1000


def flag_absent(
    seen: set[str],
    file_date: date,
    source: str,
    *,
    types_in_file: set[str],
    social_care_only: bool,
) -> int:
    """Flag locations a full file no longer lists (of the service types it covers)."""
    candidates = Location.objects.filter(not_in_latest_file=False).exclude(
        source_date__gte=file_date
    )
    if social_care_only:
        candidates = candidates.filter(is_social_care=True)
    flagged = [
        pk
        for pk, cqc_id, text in candidates.values_list("pk", "cqc_id", "service_types_text")
        if cqc_id not in seen and types_in_file & set(text.split("|"))
    ]
    for start in range(0, len(flagged), BATCH_SIZE):
        chunk = flagged[start : start + BATCH_SIZE]
        with transaction.atomic():
            Location.objects.filter(pk__in=chunk).update(not_in_latest_file=True)
            LocationChange.objects.bulk_create(
                LocationChange(
                    location_id=pk,
                    field="not_in_latest_file",
                    old_value="False",
                    new_value="True",
                    source=source,
                    source_date=file_date,
                )
                for pk in chunk
            )
    return len(flagged)
