"""Ranking workplaces as organising targets, and narrowing the ranking (docs/density.md).

The score and its reasons come from the density rows of ``density.queries``; the factors are
below so that the targets page can explain them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commonground.density.measure import (
    Scope,
    cached,
    current_roles,
    density,
    locations,
    member_q,
    members,
)
from commonground.density.queries import DensityRow, grouped_counts
from commonground.lib.disclosure import is_suppressed, suppress_below
from commonground.lib.postcodes import outcode
from commonground.register.queries import filter_locations
from commonground.register.workforce import annotate_workforce

# Targets (docs/density.md).
TARGET_DENSITY = 0.5
MIN_TARGET_WORKFORCE = 10
NO_REP_FACTOR = 1.5
NEIGHBOUR_FACTOR = 1.5
ACTIVE_BRANCH_FACTOR = 1.25
ACTIVE_BRANCH_MEMBERS = 5


@dataclass
class RankedTarget:
    row: DensityRow
    score: float
    reasons: list[str]
    postcode: str
    council: str
    location_id: int = 0
    council_id: int | None = None

    @property
    def has_rep(self) -> bool:
        return bool(self.row.reps)


def targets(scope: Scope) -> list[RankedTarget]:
    return cached("targets", scope, lambda: _targets(scope))


def _targets(scope: Scope) -> list[RankedTarget]:
    """Workplaces ranked by size × low density × no rep × nearness (docs/density.md).

    Five grouped queries, none per workplace: the locations in scope with their workforce,
    members and reps grouped by workplace, and the councils of active branches. Members at
    other workplaces of the same postcode district ("organised neighbours") are summed from
    the per-workplace counts.
    """
    in_scope = locations(scope)
    member_counts = grouped_counts(
        members(scope).filter(location__in=in_scope), "location_id", Count("pk")
    )
    rep_counts = grouped_counts(
        current_roles(scope).filter(location__in=in_scope), "location_id", Count("pk")
    )
    places = annotate_workforce(in_scope).order_by("-workforce_estimate", "name")
    rows: list[tuple[Any, ...]] = []
    by_outcode: dict[str, int] = {}
    for pk, cqc_id, name, postcode, council_id, council_name, provider, w in places.values_list(
        "pk",
        "cqc_id",
        "name",
        "postcode",
        "council_id",
        "council__name",
        "provider__name",
        "workforce_estimate",
    ):
        m = member_counts.get(pk, 0)
        if m:
            oc = outcode(postcode)
            if oc:
                by_outcode[oc] = by_outcode.get(oc, 0) + m
        if w >= MIN_TARGET_WORKFORCE:
            reps = rep_counts.get(pk, 0)
            rows.append(
                (pk, cqc_id, name, postcode, council_id, council_name, provider, w, m, reps)
            )
    active: dict[int, list[str]] = {}
    for council_id, code in (
        scope.branches()
        .annotate(
            n=Count(
                "people",
                filter=member_q(prefix="people__")
                & (Q(people__location__isnull=False) | Q(people__provider__isnull=False)),
            )
        )
        .filter(n__gte=ACTIVE_BRANCH_MEMBERS, councils__isnull=False)
        .values_list("councils", "code")
    ):
        active.setdefault(council_id, []).append(code)

    out: list[RankedTarget] = []
    for pk, cqc_id, name, postcode, council_id, council_name, provider, w, m, reps in rows:
        gap = 1.0 - min((density(m, w) or 0.0) / TARGET_DENSITY, 1.0)
        if gap <= 0:
            continue
        row = DensityRow("location", cqc_id, name, m, w, reps, scope.suppress, url_key=cqc_id)
        reasons = [_("~%(n)s workers (estimate)") % {"n": f"{w:,}"}]
        if m == 0:
            reasons.append(_("no members yet"))
        elif row.hidden:
            reasons.append(_("fewer than %(n)d members") % {"n": suppress_below()})
        else:
            reasons.append(
                ngettext("density %(d)s (%(m)s member)", "density %(d)s (%(m)s members)", m)
                % {"d": row.density_label, "m": f"{m:,}"}
            )
        rep_factor = 1.0
        if reps == 0:
            rep_factor = NO_REP_FACTOR
            reasons.append(_("no rep"))
        else:
            reasons.append(
                _("has a rep")
                if row.reps_label.startswith("<")
                else ngettext("%(n)s rep", "%(n)s reps", reps) % {"n": reps}
            )
        near = 1.0
        oc = outcode(postcode)
        neighbours = by_outcode.get(oc, 0) - m if oc else 0
        if neighbours > 0:
            near = NEIGHBOUR_FACTOR
            if scope.suppress and is_suppressed(neighbours):
                reasons.append(_("members at other workplaces in %(oc)s") % {"oc": oc})
            else:
                reasons.append(
                    ngettext(
                        "%(n)s member at other workplaces in %(oc)s",
                        "%(n)s members at other workplaces in %(oc)s",
                        neighbours,
                    )
                    % {"n": neighbours, "oc": oc}
                )
        elif council_id in active:
            near = ACTIVE_BRANCH_FACTOR
            reasons.append(
                _("in the patch of active branch %(codes)s")
                % {"codes": ", ".join(sorted(active[council_id]))}
            )
        score = round(w * gap * rep_factor * near, 1)
        out.append(RankedTarget(row, score, reasons, postcode, council_name or "", pk, council_id))
        row.extra["provider"] = provider or ""
    # Workplaces without a rep first (winning a rep is the first step), then by score.
    out.sort(key=lambda t: (t.has_rep, -t.score, t.row.name))
    return out


# Target filters: the workforce-size bands (a target has at least MIN_TARGET_WORKFORCE).
TARGET_SIZES: dict[str, tuple[Any, int, int | None]] = {
    "10-24": (gettext_lazy("10–24 workers"), 10, 24),
    "25-49": (gettext_lazy("25–49 workers"), 25, 49),
    "50-99": (gettext_lazy("50–99 workers"), 50, 99),
    "100+": (gettext_lazy("100 workers or more"), 100, None),
}


@dataclass(frozen=True)
class TargetFilters:
    """What narrows the targets (the page, its export): blank or None means any."""

    q: str = ""
    council: str = ""
    provider: int | None = None
    service_type: str = ""
    size: str = ""
    rating: str = ""
    rep: str = ""
    """``"no"``: no rep yet; ``"yes"``: has a rep."""
    branch: str = ""

    def register_filters(self) -> dict[str, str]:
        """The filters ``register.queries.filter_locations`` applies, as it takes them."""
        return {
            "q": self.q,
            "council": self.council,
            "provider": "" if self.provider is None else str(self.provider),
            "type": self.service_type,
            "rating": self.rating,
        }


def filter_targets(scope: Scope, found: list[RankedTarget], f: TargetFilters) -> list[RankedTarget]:
    """The targets that pass ``f``, in the same order. The register's own filters (search,
    council, provider, service type, rating) select the workplaces in one query; the rest
    (size, rep, branch) read the target itself."""
    if any(f.register_filters().values()):
        wanted = set(
            filter_locations(locations(scope), f.register_filters())
            .order_by()
            .values_list("pk", flat=True)
        )
        found = [t for t in found if t.location_id in wanted]
    if f.size in TARGET_SIZES:
        _label, low, high = TARGET_SIZES[f.size]
        found = [
            t for t in found if t.row.workforce >= low and (high is None or t.row.workforce <= high)
        ]
    if f.rep == "no":
        found = [t for t in found if not t.has_rep]
    elif f.rep == "yes":
        found = [t for t in found if t.has_rep]
    if f.branch:
        patch = set(scope.branches().filter(code=f.branch).values_list("councils", flat=True))
        found = [t for t in found if t.council_id in patch]
    return found
