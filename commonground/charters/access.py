"""Scoped fetches for charters, targets, letters and evidence (docs/style.md §3).

Charter work is region-wide and holds no members' data, so anyone with ``view_charters`` sees
the statuses of targets in their region. Contact details of record, letters and evidence are
for those who may change charter work (viewers and reps see statuses only). Writing is
scoped: regional organisers change any target in their region, branch organisers only the
targets their branches lead or whose council (or combined authority) their branches cover.
Outside that scope a target is 404, so its existence is not revealed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from commonground.accounts.models import Role, User
from commonground.accounts.permissions import has_perm
from commonground.charters.models import (
    Charter,
    Evidence,
    Letter,
    LetterTemplate,
    Target,
    TargetStatus,
)
from commonground.register.models import Region


def can_see_contacts(user: User) -> bool:
    """Contact details, letters and evidence: only for those who run charter work."""
    return has_perm(user, "change_charters")


def region_for(user: User) -> Region | None:
    """The region whose charter work the user sees (admins without a region: the first)."""
    if user.region_id:
        return user.region
    if user.is_admin:
        return Region.objects.order_by("pk").first()
    return None


def charters_visible_to(user: User) -> QuerySet[Charter]:
    if not has_perm(user, "view_charters"):
        return Charter.objects.none()
    return Charter.objects.all()


def get_charter_for_user(user: User, slug: str) -> Charter:
    try:
        return charters_visible_to(user).get(slug=slug)
    except Charter.DoesNotExist as exc:
        raise Http404 from exc


def targets_visible_to(user: User) -> QuerySet[Target]:
    """Targets whose statuses the user may see: their region's (admins: every region)."""
    qs = Target.objects.select_related("council", "combined_authority", "provider", "branch")
    if not has_perm(user, "view_charters"):
        return qs.none()
    if user.is_admin:
        return qs.all()
    if not user.region_id:
        return qs.none()
    return qs.filter(region_id=user.region_id)


def targets_writable_by(user: User) -> QuerySet[Target]:
    """Targets whose statuses, letters and compliance the user may change."""
    qs = targets_visible_to(user)
    if not has_perm(user, "change_charters"):
        return qs.none()
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return qs
    branch_ids = list(user.branches.values_list("pk", flat=True))
    councils = user.branches.values("councils")
    return qs.filter(
        Q(branch_id__in=branch_ids)
        | Q(council_id__in=councils)
        | Q(combined_authority__councils__in=councils)
    ).distinct()


def can_change_target(user: User, target: Target) -> bool:
    return targets_writable_by(user).filter(pk=target.pk).exists()


def get_target_for_user(user: User, pk: int, *, write: bool = False) -> Target:
    """A target the user may see (``write=True``: may change), else 404 (403 without the perm)."""
    if write and not has_perm(user, "change_charters"):
        raise PermissionDenied
    qs = targets_writable_by(user) if write else targets_visible_to(user)
    try:
        return qs.get(pk=pk)
    except Target.DoesNotExist as exc:
        raise Http404 from exc


def get_target_status_for_user(user: User, pk: int, *, write: bool = False) -> TargetStatus:
    if write and not has_perm(user, "change_charters"):
        raise PermissionDenied
    targets = targets_writable_by(user) if write else targets_visible_to(user)
    try:
        return TargetStatus.objects.select_related("target", "charter").get(
            pk=pk, target__in=targets
        )
    except TargetStatus.DoesNotExist as exc:
        raise Http404 from exc


def get_letter_for_user(user: User, pk: int, *, write: bool = False) -> Letter:
    """Letters name the office holder: only for those who may change charter work."""
    if not can_see_contacts(user):
        raise PermissionDenied
    targets = targets_writable_by(user) if write else targets_visible_to(user)
    try:
        return Letter.objects.select_related(
            "target_status__target", "target_status__charter", "branch"
        ).get(pk=pk, target_status__target__in=targets)
    except Letter.DoesNotExist as exc:
        raise Http404 from exc


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    if not can_see_contacts(user):
        raise PermissionDenied
    try:
        return Evidence.objects.select_related("compliance__target_status__target").get(
            pk=pk, compliance__target_status__target__in=targets_visible_to(user)
        )
    except Evidence.DoesNotExist as exc:
        raise Http404 from exc


def letter_templates_for(charter: Charter) -> QuerySet[LetterTemplate]:
    return LetterTemplate.objects.filter(Q(charter=charter) | Q(charter__isnull=True))


def published_charters() -> QuerySet[Charter]:
    """Charters whose public scoreboard an organiser has published (no login needed)."""
    return Charter.objects.filter(scoreboard_published=True)


def get_published_charter(slug: str) -> Charter:
    try:
        return published_charters().get(slug=slug)
    except Charter.DoesNotExist as exc:
        raise Http404 from exc
