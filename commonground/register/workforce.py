"""The workforce ESTIMATE of a location: the denominator of density.

The rule lives once, as a list of (condition, value, basis) steps (:func:`_steps`), from
which both the SQL value (:func:`workforce_expression`, for lists, sums and density) and the
SQL basis code are built. ``estimate(location)`` reads both for one location and only puts
the basis into words: Python never recomputes the number.

The rule, in order:

1. an organiser's override (``Location.workforce_override``) wins;
2. a deregistered location employs no one: 0;
3. the ratio of the location's primary service type (``WorkforceRatio``):
   beds × staff per bed when both are known, else the per-location default;
4. no ratio for the type (GPs, dentists, …): 0, said so in the basis.

Rounding is half-up, ``FLOOR(x + 0.5)``, the same on SQLite and PostgreSQL (whose ``ROUND``
of a float may round half to even).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Expression,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor
from django.utils.translation import gettext as _

from commonground.lib import datacache
from commonground.register.models import (
    Location,
    RegistrationStatus,
    ServiceType,
    WorkforceRatio,
)

__all__ = ["Estimate", "annotate_workforce", "estimate", "estimate_many", "workforce_totals"]

# The basis of an estimate, as SQL returns it (put into words by ``_words``).
OVERRIDE, DEREGISTERED, PER_BED, PER_LOCATION, NO_RATIO = (
    "override",
    "deregistered",
    "per_bed",
    "per_location",
    "no_ratio",
)


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


def _steps() -> list[tuple[Q, Expression | F | Value, str]]:
    """The rule, step by step: the first condition a location meets gives its value."""
    steps: list[tuple[Q, Expression | F | Value, str]] = [
        (Q(workforce_override__isnull=False), F("workforce_override"), OVERRIDE),
        (Q(registration_status=RegistrationStatus.DEREGISTERED), Value(0), DEREGISTERED),
    ]
    for kind, ratio in _ratios().items():
        if ratio.per_bed is not None:
            half_up = Floor(F("beds") * Value(float(ratio.per_bed)) + Value(0.5))
            steps.append(
                (Q(primary_service_type=kind, beds__gt=0), Cast(half_up, IntegerField()), PER_BED)
            )
        if ratio.per_location is not None:
            steps.append((Q(primary_service_type=kind), Value(ratio.per_location), PER_LOCATION))
    return steps


def workforce_expression() -> Case:
    """The rule as one SQL expression over ``Location`` columns: the estimated workforce."""
    whens = [When(condition, then=value) for condition, value, _basis in _steps()]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _basis_expression() -> Case:
    """Which step of the rule gave the value (``OVERRIDE`` … ``NO_RATIO``)."""
    whens = [When(condition, then=Value(basis)) for condition, _value, basis in _steps()]
    return Case(*whens, default=Value(NO_RATIO), output_field=CharField())


def _words(location: Location, value: int, basis: str) -> Estimate:
    """The basis of ``value`` in words (the value itself comes from SQL)."""
    if basis == OVERRIDE:
        note = location.workforce_override_note
        text = _("set by an organiser")
        return Estimate(value, f"{text}: {note}" if note else text, is_override=True)
    if basis == DEREGISTERED:
        return Estimate(value, _("deregistered: no current workforce"))
    kind = location.primary_service_type
    label = str(dict(ServiceType.choices).get(kind, kind or _("unknown service type")))
    ratio = _ratios().get(kind)
    if basis == PER_BED and ratio is not None and ratio.per_bed is not None:
        return Estimate(
            value,
            _("%(beds)d beds × %(ratio)s staff per bed (%(type)s)")
            % {"beds": location.beds, "ratio": f"{ratio.per_bed:g}", "type": label},
        )
    if basis == PER_LOCATION:
        return Estimate(
            value,
            _("default of %(n)d staff per location (%(type)s)") % {"n": value, "type": label},
        )
    return Estimate(value, _("no workforce ratio for %(type)s") % {"type": label})


def estimate_many(locations: Iterable[Location]) -> dict[int, Estimate]:
    """Estimates for many saved locations (one query), keyed by location id."""
    by_pk = {loc.pk: loc for loc in locations}
    rows = (
        Location.objects.filter(pk__in=list(by_pk))
        .annotate(_value=workforce_expression(), _basis=_basis_expression())
        .values_list("pk", "_value", "_basis")
    )
    return {pk: _words(by_pk[pk], value, basis) for pk, value, basis in rows}


def estimate(location: Location) -> Estimate:
    """The estimated workforce of one saved location, with its basis in words."""
    return estimate_many([location])[location.pk]


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
