"""Scoped fetches for alliances (docs/style.md §3).

Partners belong to a region: everyone with ``view_alliances`` in that region sees them
(partners are organisations, not people). Affiliations and ledger rows of a branch are
changed only by users whose branches include it (organisers of the region: all of them).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from commonground.accounts.access import branches_visible_to
from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm
from commonground.alliances.models import Affiliation, JointAction, LedgerEntry, Partner


def partners_visible_to(user: User) -> QuerySet[Partner]:
    """Partners in the user's region (all of them for admins).

    The people app uses this to offer "recruited via partner" choices.
    """
    if not has_perm(user, "view_alliances"):
        return Partner.objects.none()
    if user.is_admin:
        return Partner.objects.all()
    if not user.region_id:
        return Partner.objects.none()
    return Partner.objects.filter(region_id=user.region_id)


def get_partner_for_user(user: User, pk: int, *, write: bool = False) -> Partner:
    """One partner the user may see; ``write`` also requires ``change_alliances``."""
    try:
        partner = partners_visible_to(user).get(pk=pk)
    except Partner.DoesNotExist as exc:
        raise Http404 from exc
    if write and not has_perm(user, "change_alliances"):
        raise PermissionDenied
    return partner


def branches_writable_by(user: User) -> QuerySet[Branch]:
    """Branches whose affiliations and ledger rows the user may change."""
    if not has_perm(user, "change_alliances"):
        return Branch.objects.none()
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return branches_visible_to(user)
    return user.branches.all()


def affiliations_visible_to(user: User) -> QuerySet[Affiliation]:
    """Affiliations between visible partners and visible branches."""
    return Affiliation.objects.filter(
        partner__in=partners_visible_to(user), branch__in=branches_visible_to(user)
    ).select_related("branch", "partner")


def get_affiliation_for_user(user: User, pk: int, *, write: bool = False) -> Affiliation:
    qs = affiliations_visible_to(user)
    if write:
        qs = qs.filter(branch__in=branches_writable_by(user))
    try:
        return qs.get(pk=pk)
    except Affiliation.DoesNotExist as exc:
        raise Http404 from exc


def joint_actions_visible_to(user: User) -> QuerySet[JointAction]:
    if not has_perm(user, "view_alliances"):
        return JointAction.objects.none()
    if user.is_admin:
        return JointAction.objects.all()
    if not user.region_id:
        return JointAction.objects.none()
    return JointAction.objects.filter(region_id=user.region_id)


def get_joint_action_for_user(user: User, pk: int) -> JointAction:
    try:
        return joint_actions_visible_to(user).get(pk=pk)
    except JointAction.DoesNotExist as exc:
        raise Http404 from exc


def ledger_visible_to(user: User) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(partner__in=partners_visible_to(user)).select_related(
        "partner", "branch", "joint_action"
    )


def get_ledger_entry_for_user(user: User, pk: int, *, write: bool = False) -> LedgerEntry:
    qs = ledger_visible_to(user)
    if write:
        if not has_perm(user, "change_alliances"):
            raise PermissionDenied
        if not (user.is_admin or user.role == Role.REGIONAL_ORGANISER):
            qs = qs.filter(branch__in=branches_writable_by(user))
    try:
        return qs.get(pk=pk)
    except LedgerEntry.DoesNotExist as exc:
        raise Http404 from exc
