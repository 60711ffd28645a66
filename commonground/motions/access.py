"""Scoped fetches for motions. Motions are the union's published policy: everyone with
``view_motions`` sees them all; changing them needs ``change_motions``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.motions.models import CallToAction, Motion


def motions_visible_to(user: User) -> QuerySet[Motion]:
    if not has_perm(user, "view_motions"):
        return Motion.objects.none()
    return Motion.objects.all()


def get_motion_for_user(user: User, pk: int, *, write: bool = False) -> Motion:
    try:
        motion = motions_visible_to(user).get(pk=pk)
    except Motion.DoesNotExist as exc:
        raise Http404 from exc
    if write and not has_perm(user, "change_motions"):
        raise PermissionDenied
    return motion


def get_call_for_user(user: User, pk: int, *, write: bool = False) -> CallToAction:
    try:
        call = CallToAction.objects.select_related("motion").get(
            pk=pk, motion__in=motions_visible_to(user)
        )
    except CallToAction.DoesNotExist as exc:
        raise Http404 from exc
    if write and not has_perm(user, "change_motions"):
        raise PermissionDenied
    return call
