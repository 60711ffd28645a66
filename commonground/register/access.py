"""Scoped fetches for the register (docs/style.md §3).

The register is public CQC data with no personal data, but scope stays consistent with the
rest of the product: admins see every region, everyone else their own region. Outside scope
is 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.register.models import Council, CouncilKind, Location, Provider, Region


def regions_visible_to(user: User) -> QuerySet[Region]:
    if user.is_admin:
        return Region.objects.all()
    return Region.objects.filter(pk=user.region_id) if user.region_id else Region.objects.none()


def councils_visible_to(user: User) -> QuerySet[Council]:
    """Councils with social care duties in the user's region (every region for admins)."""
    qs = Council.objects.filter(active=True).exclude(kind=CouncilKind.DISTRICT)
    if user.is_admin:
        return qs
    return qs.filter(region_id=user.region_id) if user.region_id else qs.none()


def locations_visible_to(user: User) -> QuerySet[Location]:
    """Locations whose council is in the user's region; admins also see unresolved ones."""
    if not has_perm(user, "view_register"):
        return Location.objects.none()
    if user.is_admin:
        return Location.objects.all()
    if not user.region_id:
        return Location.objects.none()
    return Location.objects.filter(council__region_id=user.region_id)


def providers_visible_to(user: User) -> QuerySet[Provider]:
    if user.is_admin:
        return Provider.objects.all()
    return Provider.objects.filter(
        pk__in=locations_visible_to(user).filter(provider__isnull=False).values("provider_id")
    )


def get_location_for_user(user: User, cqc_id: str, *, write: bool = False) -> Location:
    """One location in scope (404 otherwise); ``write`` also needs ``change_register`` (403)."""
    try:
        location = (
            locations_visible_to(user).select_related("provider", "council").get(cqc_id=cqc_id)
        )
    except Location.DoesNotExist as exc:
        raise Http404(_("No such location.")) from exc
    if write and not has_perm(user, "change_register"):
        raise PermissionDenied(_("You may not change the register."))
    return location


def get_council_for_user(user: User, ons_code: str) -> Council:
    try:
        return (
            councils_visible_to(user)
            .select_related("region", "combined_authority")
            .get(ons_code=ons_code)
        )
    except Council.DoesNotExist as exc:
        raise Http404(_("No such council.")) from exc


def get_provider_for_user(user: User, pk: int) -> Provider:
    try:
        return providers_visible_to(user).get(pk=pk)
    except Provider.DoesNotExist as exc:
        raise Http404(_("No such provider.")) from exc


def get_region_for_user(user: User, slug: str | None) -> Region:
    """The region asked for (admins), else the user's own; 404 when none is visible."""
    regions = regions_visible_to(user)
    region = None
    if slug:
        region = regions.filter(slug=slug).first()
    if region is None and user.region_id:
        region = regions.filter(pk=user.region_id).first()
    if region is None and slug is None:
        region = regions.filter(slug="north-west").first() or regions.first()
    if region is None:
        raise Http404(_("No such region."))
    return region
