"""Scoped fetches for outreach: lists, assignments, templates and sends (STYLE.md §3).

- Organisers (``change_outreach``) see their branches' records; regional organisers their
  region's; admins everything. A record outside scope is ``Http404``.
- Callers (any role with ``view_outreach``, reps included) see the assignments they are
  callers on, and only the people of those assignments who are also in their own scope.
- Viewers have no outreach permission at all (403).
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from commonground.accounts.access import branch_ids_for_people
from commonground.accounts.models import Role, User
from commonground.accounts.permissions import has_perm
from commonground.outreach.models import (
    CallAssignment,
    Mailing,
    MessageTemplate,
    Sender,
    TargetList,
)

M = TypeVar("M", bound=Model)


def _scoped(user: User, qs: QuerySet[M]) -> QuerySet[M]:
    """Records of the user's branches (and, for the region's organisers, region-wide ones)."""
    if user.is_admin:
        return qs
    if user.role == Role.REGIONAL_ORGANISER:
        return qs.filter(region_id=user.region_id) if user.region_id else qs.none()
    ids = branch_ids_for_people(user) or []
    return qs.filter(branch_id__in=ids)


def _require(user: User, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied


def _get(qs: QuerySet[M], pk: int) -> M:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def lists_visible_to(user: User) -> QuerySet[TargetList]:
    _require(user, "change_outreach")
    return _scoped(user, TargetList.objects.select_related("branch", "region"))


def get_list_for_user(user: User, pk: int) -> TargetList:
    return _get(lists_visible_to(user), pk)


def assignments_managed_by(user: User) -> QuerySet[CallAssignment]:
    _require(user, "change_outreach")
    return _scoped(user, CallAssignment.objects.select_related("target_list", "branch"))


def assignments_for_caller(user: User) -> QuerySet[CallAssignment]:
    """Assignments the user is a caller on (open or closed)."""
    _require(user, "view_outreach")
    return CallAssignment.objects.filter(callers=user).select_related("target_list", "branch")


def get_assignment_for_user(user: User, pk: int, *, manage: bool = False) -> CallAssignment:
    """An assignment the user manages, or (``manage=False``) is a caller on."""
    _require(user, "change_outreach" if manage else "view_outreach")
    qs = CallAssignment.objects.select_related("target_list", "branch")
    if manage:
        return _get(_scoped(user, qs), pk)
    managed = _scoped(user, qs) if has_perm(user, "change_outreach") else qs.none()
    return _get(qs.filter(Q(pk__in=managed.values("pk")) | Q(callers=user)).distinct(), pk)


def templates_visible_to(user: User) -> QuerySet[MessageTemplate]:
    _require(user, "change_outreach")
    return _scoped(user, MessageTemplate.objects.select_related("branch"))


def get_template_for_user(user: User, pk: int) -> MessageTemplate:
    return _get(templates_visible_to(user), pk)


def mailings_visible_to(user: User) -> QuerySet[Mailing]:
    _require(user, "change_outreach")
    return _scoped(
        user, Mailing.objects.select_related("template", "target_list", "branch", "created_by")
    )


def get_mailing_for_user(user: User, pk: int) -> Mailing:
    return _get(mailings_visible_to(user), pk)


def can_send(user: User) -> bool:
    """Sending is a permission of its own: admins, and users an admin made senders."""
    if not has_perm(user, "change_outreach"):
        return False
    return user.is_admin or Sender.objects.filter(user=user).exists()
