"""The workforce ESTIMATE of a location: the denominator of density.

One rule, in two forms that must agree (a test checks they do):

- ``estimate(location)`` for one location, with the basis in words;
- ``annotate_workforce(qs)`` / ``workforce_totals(qs, by)`` in SQL, for lists and council sums.

The rule, in order:

1. an organiser's override (``Location.workforce_override``) wins;
2. a deregistered location employs no one: 0;
3. the ratio of the location's primary service type (``WorkforceRatio``):
   beds × staff per bed when both are known, else the per-location default;
4. no ratio for the type (GPs, dentists, …): 0, said so in the basis.

Rounding is half-up (``floor(x + 0.5)``) in Python, and ``ROUND`` (half away from zero,
the same for positive numbers) in SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import (
    Case,
    F,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils.translation import gettext as _

from commonground.lib import datacache
from commonground.register.models import (
    Location,
    RegistrationStatus,
    ServiceType,
    WorkforceRatio,
)

__all__ = ["Estimate", "annotate_workforce", "estimate", "estimate_many", "workforce_totals"]

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Estimate:
    """An estimated number of workers, and how it was reached. Never a count."""

    value: int
    basis: str
    is_override: bool = False


@dataclass(frozen=True)
class _Ratio:
    per_bed: float | None
    per_location: int | None


def _ratios() -> dict[str, _Ratio]:
    # A handful of rows, cached with the register (``lib.datacache``): saving a ratio makes
    # them, and every figure computed with them, stale (``WorkforceRatio.save``).
    return datacache.cached(
        "register.workforce_ratios",
        (),
        ["register"],
        lambda: {
            r.service_type: _Ratio(r.per_bed, r.per_location) for r in WorkforceRatio.objects.all()
        },
    )


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _estimate(location: Location, ratios: dict[str, _Ratio]) -> Estimate:
    if location.workforce_override is not None:
        note = location.workforce_override_note
        basis = _("set by an organiser")
        return Estimate(
            location.workforce_override, f"{basis}: {note}" if note else basis, is_override=True
        )
    if location.registration_status == RegistrationStatus.DEREGISTERED:
        return Estimate(0, _("deregistered: no current workforce"))
    kind = location.primary_service_type
    label = str(dict(ServiceType.choices).get(kind, kind or _("unknown service type")))
    ratio = ratios.get(kind)
    if ratio is None:
        return Estimate(0, _("no workforce ratio for %(type)s") % {"type": label})
    if ratio.per_bed is not None and location.beds:
        value = _half_up(location.beds * ratio.per_bed)
        return Estimate(
            value,
            _("%(beds)d beds × %(ratio)s staff per bed (%(type)s)")
            % {"beds": location.beds, "ratio": f"{ratio.per_bed:g}", "type": label},
        )
    if ratio.per_location is not None:
        return Estimate(
            ratio.per_location,
            _("default of %(n)d staff per location (%(type)s)")
            % {"n": ratio.per_location, "type": label},
        )
    return Estimate(0, _("no workforce ratio for %(type)s") % {"type": label})


def estimate(location: Location) -> Estimate:
    """The estimated workforce of one location, with its basis in words."""
    return _estimate(location, _ratios())


def estimate_many(locations: Iterable[Location]) -> dict[int, Estimate]:
    """Estimates for many locations (one query for the ratios), keyed by location id."""
    ratios = _ratios()
    return {loc.pk: _estimate(loc, ratios) for loc in locations}


def workforce_expression() -> Case:
    """The rule above as one SQL expression over ``Location`` columns."""
    whens: list[When] = [
        When(workforce_override__isnull=False, then=F("workforce_override")),
        When(registration_status=RegistrationStatus.DEREGISTERED, then=Value(0)),
    ]
    for kind, ratio in _ratios().items():
        if ratio.per_bed is not None:
            whens.append(
                When(
                    Q(primary_service_type=kind, beds__gt=0),
                    then=Cast(Round(F("beds") * Value(float(ratio.per_bed))), IntegerField()),
                )
            )
        if ratio.per_location is not None:
            whens.append(When(primary_service_type=kind, then=Value(ratio.per_location)))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def annotate_workforce(qs: QuerySet[Location], name: str = "workforce_estimate") -> Any:
    """``qs`` with an integer ``workforce_estimate`` annotation (an ESTIMATE)."""
    return qs.annotate(**{name: workforce_expression()})


def workforce_totals(qs: QuerySet[Location], by: str = "council_id") -> dict[Any, int]:
    """Summed estimates grouped by ``by`` (e.g. ``council_id``, ``provider_id``): one query."""
    rows = (
        qs.order_by()
        .values(by)
        .annotate(total=Coalesce(Sum(workforce_expression()), Value(0)))
        .values_list(by, "total")
    )
    return {key: int(total) for key, total in rows}
