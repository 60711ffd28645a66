"""Read-side queries over the register: the location list's filters and sorts.

Shared by the register pages and the API, so both filter the same way. Every function takes
a queryset that already came from ``register.access``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from commonground.lib.postcodes import normalise_postcode
from commonground.register.models import Location, ServiceType
from commonground.register.workforce import annotate_workforce

SIZE_BANDS: dict[str, tuple[Any, Q]] = {
    "1-19": (gettext_lazy("1–19 beds"), Q(beds__gte=1, beds__lte=19)),
    "20-49": (gettext_lazy("20–49 beds"), Q(beds__gte=20, beds__lte=49)),
    "50-99": (gettext_lazy("50–99 beds"), Q(beds__gte=50, beds__lte=99)),
    "100+": (gettext_lazy("100 beds or more"), Q(beds__gte=100)),
    "none": (gettext_lazy("No beds (agencies, schemes)"), Q(beds__isnull=True) | Q(beds=0)),
}
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
STATUSES: dict[str, tuple[Any, Q]] = {
    "registered": (gettext_lazy("Registered"), Q(registration_status="registered")),
    "deregistered": (gettext_lazy("Deregistered"), Q(registration_status="deregistered")),
    "not_in_latest": (gettext_lazy("Not in the latest file"), Q(not_in_latest_file=True)),
}
SORTS = {
    "name": ("name", "cqc_id"),
    "-beds": ("-beds", "name"),
    "-workforce": ("-workforce_estimate", "name"),
    "council": ("council__name", "name"),
    "rating": ("rating", "name"),
    "-registered": ("-registration_date", "name"),
}
FILTER_KEYS = ("q", "council", "type", "size", "rating", "status", "provider", "scope", "sort")


def filter_locations(qs: QuerySet[Location], f: Mapping[str, str]) -> QuerySet[Location]:
    """Apply the list filters (``FILTER_KEYS``; blank or unknown values are ignored).

    Social-care locations only unless ``scope`` is ``"all"``; annotated with
    ``workforce_estimate`` and ordered by ``sort`` (default: name).
    """
    get = {key: (f.get(key) or "").strip() for key in FILTER_KEYS}
    if get["scope"] != "all":
        qs = qs.filter(is_social_care=True)
    if q := get["q"]:
        cond = Q(name__icontains=q) | Q(cqc_id__iexact=q) | Q(also_known_as__icontains=q)
        cond |= Q(provider__name__icontains=q)
        postcode = normalise_postcode(q)
        if postcode:
            cond |= Q(postcode=postcode)
        elif len(q) <= 4 and q[:1].isalpha():
            cond |= Q(postcode__istartswith=f"{q} ")
        qs = qs.filter(cond)
    if get["council"]:
        qs = qs.filter(council__ons_code=get["council"])
    if get["type"] in ServiceType.values:
        qs = qs.filter(service_types_text__contains=f"|{get['type']}|")
    if get["size"] in SIZE_BANDS:
        qs = qs.filter(SIZE_BANDS[get["size"]][1])
    if get["rating"] == "none":
        qs = qs.filter(rating="")
    elif get["rating"] in RATINGS:
        qs = qs.filter(rating=get["rating"])
    if get["status"] in STATUSES:
        qs = qs.filter(STATUSES[get["status"]][1])
    if get["provider"].isdigit():
        qs = qs.filter(provider_id=int(get["provider"]))
    annotated: QuerySet[Location] = annotate_workforce(qs)
    return annotated.order_by(*SORTS.get(get["sort"], SORTS["name"]))
