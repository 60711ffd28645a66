"""Density, defined once: members ÷ estimated workforce, over a scope (docs/density.md).

Every figure called "density" anywhere (the density pages and exports, the dashboard, the
campaign report and goals, the API, the ``density`` command, the monthly snapshots) is
counted with the definitions here:

- **member** (:func:`member_q`): a person whose synced membership status is ``member``; as
  of a date, one who had joined by then and had not lapsed by then. Counted only from the
  branches of the scope.
- **workforce**: ``register.workforce``'s ESTIMATE, over registered social-care locations.
- **density** (:func:`density`, and :func:`density_expression` for the same ratio in SQL):
  members ÷ workforce; unknown when the workforce is 0 or the member count is hidden.
- **scope** (:class:`Scope`): whose members count (branches), which locations' workforce
  (a region, or the councils of the branches a user is limited to) and whether small counts
  are hidden (``accounts.permissions.must_suppress``). Members and workforce always come
  from the same scope: a branch's members are divided by its own councils' workforce, never
  by the region's.

People are counted here directly rather than through ``people.access``: these are
aggregates, which viewers may see, and small counts are hidden for anyone who may not see
the people themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Case, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Coalesce

from commonground.accounts.access import branches_visible_to, patch_council_ids
from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import must_suppress
from commonground.lib import datacache
from commonground.lib.disclosure import is_suppressed
from commonground.people.models import MembershipStatus, Person, RoleKind, WorkplaceRole
from commonground.register.models import (
    Council,
    CouncilKind,
    Location,
    Region,
    RegistrationStatus,
)
from commonground.register.workforce import workforce_expression

REP_ROLES = (RoleKind.REP, RoleKind.STEWARD, RoleKind.HEALTH_SAFETY)


def density(members: int, workforce: int, *, hidden: bool = False) -> float | None:
    """Members ÷ estimated workforce (0..1): the one definition of density.

    ``None`` when the workforce is unknown (0) or the member count is ``hidden`` from the
    viewer (a density reveals the count it was divided from).
    """
    if hidden or not workforce:
        return None
    return members / workforce


def density_expression(members_field: str, workforce_field: str) -> Case:
    """:func:`density` in SQL, over two annotations (for sorting tables in the database)."""
    return Case(
        When(
            **{f"{workforce_field}__gt": 0},
            then=Cast(F(members_field), FloatField()) / Cast(F(workforce_field), FloatField()),
        ),
        default=Value(None),
        output_field=FloatField(),
    )


@dataclass(frozen=True)
class Scope:
    """Whose members count, which register locations, and whether small counts are hidden."""

    branch_ids: tuple[int, ...] | None
    """Branches whose members count; None: every branch."""
    region_id: int | None
    """Locations in this region's councils; None: every region."""
    suppress: bool
    council_ids: tuple[int, ...] | None = None
    """Only these councils' locations (the patch of the branches a user is limited to);
    None: every council of the region."""

    def branches(self) -> QuerySet[Branch]:
        qs = Branch.objects.all()
        if self.branch_ids is not None:
            qs = qs.filter(pk__in=self.branch_ids)
        if self.region_id is not None:
            qs = qs.filter(region_id=self.region_id)
        return qs


def scope_for(user: User, region: Region | None = None) -> Scope:
    """The density scope of ``user`` within ``region`` (admins: every branch in it).

    A user limited to some branches (a branch organiser, a rep) sees those branches' members
    over the workforce of the councils those branches cover.
    """
    branch_ids = (
        None if user.is_admin else tuple(branches_visible_to(user).values_list("pk", flat=True))
    )
    region_id = region.pk if region is not None else (None if user.is_admin else user.region_id)
    if region_id is None and not user.is_admin:
        region_id = -1  # no region: nothing
    patch = patch_council_ids(user)
    return Scope(
        branch_ids,
        region_id,
        suppress=must_suppress(user),
        council_ids=None if patch is None else tuple(patch),
    )


def full_scope(region: Region | None = None) -> Scope:
    """Everything (commands, snapshots, campaign goals): no suppression."""
    return Scope(None, region.pk if region is not None else None, suppress=False)


T = TypeVar("T")


def cached(name: str, scope: Scope, compute: Callable[[], T], *parts: Any) -> T:
    """``compute()`` for ``scope``, cached (``lib.datacache``): the aggregates read every
    member of a region, seconds of SQL at national scale, the same for every page view of a
    scope. Stale after a people or register import, or ``COMMONGROUND_CACHE_SECONDS``."""
    return datacache.cached(f"density.{name}", (scope, parts), ("people", "register"), compute)


def member_q(as_of: date | None = None, prefix: str = "") -> Q:
    """Members now, or as of a date (joined by then and not lapsed by then)."""
    p = prefix
    if as_of is None:
        return Q(**{f"{p}membership__status": MembershipStatus.MEMBER})
    joined = Q(**{f"{p}membership__joined__isnull": True}) | Q(
        **{f"{p}membership__joined__lte": as_of}
    )
    current = Q(**{f"{p}membership__status": MembershipStatus.MEMBER}) | Q(
        **{
            f"{p}membership__status": MembershipStatus.LAPSED,
            f"{p}membership__lapsed__gt": as_of,
        }
    )
    return joined & current


LINKED = Q(location__isnull=False) | Q(provider__isnull=False)
"""A member counts toward density once linked to a register location or provider."""


def members(scope: Scope, as_of: date | None = None) -> QuerySet[Person]:
    qs = Person.objects.filter(member_q(as_of))
    if scope.branch_ids is not None:
        qs = qs.filter(branch_id__in=scope.branch_ids)
    return qs


def current_roles(scope: Scope) -> QuerySet[WorkplaceRole]:
    qs = WorkplaceRole.objects.filter(ended__isnull=True, role__in=REP_ROLES)
    if scope.branch_ids is not None:
        qs = qs.filter(person__branch_id__in=scope.branch_ids)
    return qs


def councils(scope: Scope) -> QuerySet[Council]:
    qs = Council.objects.filter(active=True).exclude(kind=CouncilKind.DISTRICT)
    if scope.region_id is not None:
        qs = qs.filter(region_id=scope.region_id)
    if scope.council_ids is not None:
        qs = qs.filter(pk__in=scope.council_ids)
    return qs


def locations(scope: Scope) -> QuerySet[Location]:
    """Registered social-care locations in scope: the workforce side."""
    qs = Location.objects.filter(
        is_social_care=True, registration_status=RegistrationStatus.REGISTERED
    )
    if scope.region_id is not None:
        qs = qs.filter(council__region_id=scope.region_id)
    if scope.council_ids is not None:
        qs = qs.filter(council_id__in=scope.council_ids)
    return qs


@dataclass(frozen=True)
class Measure:
    """Members and estimated workforce of one place or group of places, and their density."""

    members: int
    workforce: int

    @property
    def density(self) -> float | None:
        return density(self.members, self.workforce)


def measure_at(scope: Scope, location_ids: Iterable[int]) -> Measure:
    """Members of ``scope`` linked to these locations ÷ these locations' workforce: two
    aggregate queries (a campaign's target workplaces, a wall chart, one workplace)."""
    ids = list(location_ids)
    found = members(scope).filter(location_id__in=ids).count()
    workforce = Location.objects.filter(pk__in=ids).aggregate(
        w=Coalesce(Sum(workforce_expression()), 0)
    )["w"]
    return Measure(found, int(workforce))


def hidden(scope: Scope, count: int) -> bool:
    """Whether ``count`` people is withheld in ``scope`` (``lib.disclosure``)."""
    return scope.suppress and is_suppressed(count)
