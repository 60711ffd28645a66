"""Facts about one provider across the whole register (no personal data: CQC's public data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from commonground.register.models import Location, Provider, Region, RegistrationStatus
from commonground.register.queries import RATINGS


def provider_facts(provider: Provider, region: Region | None) -> dict[str, Any]:
    """Brands, ratings and where the provider's registered locations are (England-wide)."""
    locations = Location.objects.filter(provider=provider)
    registered = locations.filter(registration_status=RegistrationStatus.REGISTERED)
    brands = sorted(
        set(locations.exclude(brand_name="").values_list("brand_name", flat=True).distinct())
    )
    counts = registered.aggregate(
        total=Count("pk"),
        in_region=Count("pk", filter=Q(council__region=region)) if region else Count("pk"),
        **{f"rating_{i}": Count("pk", filter=Q(rating=rating)) for i, rating in enumerate(RATINGS)},
        unrated=Count("pk", filter=Q(rating="")),
    )
    ratings = [(rating, counts[f"rating_{i}"]) for i, rating in enumerate(RATINGS)]
    by_region = list(
        registered.values("council__region__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "council__region__name")
    )
    by_council = list(
        registered.filter(council__region=region)
        .values("council__name", "council__ons_code")
        .annotate(n=Count("pk"))
        .order_by("-n", "council__name")
        if region
        else []
    )
    return {
        "brands": brands,
        "registered": counts["total"],
        "in_region": counts["in_region"],
        "elsewhere": counts["total"] - counts["in_region"],
        "ratings": ratings,
        "unrated": counts["unrated"],
        "by_region": by_region,
        "by_council": by_council,
    }
