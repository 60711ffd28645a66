"""Scoped fetches for the library (docs/style.md §3).

Items hold no personal data beyond an author; everyone with ``view_library`` sees the items
of their region and the national ones (no region). Editors: organisers of the region, the
item's author, and a branch organiser for their own branch's items.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from commonground.accounts.models import Role, User
from commonground.accounts.permissions import has_perm
from commonground.library.models import Attachment, Item


def items_visible_to(user: User) -> QuerySet[Item]:
    """Items of the user's region plus those meant for every region."""
    if not has_perm(user, "view_library"):
        return Item.objects.none()
    qs = Item.objects.select_related("region", "branch", "author")
    if user.is_admin:
        return qs
    return qs.filter(Q(region__isnull=True) | Q(region_id=user.region_id))


def can_change_item(user: User, item: Item) -> bool:
    if not has_perm(user, "change_library"):
        return False
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return True
    if item.author_id == user.pk:
        return True
    return item.branch_id is not None and user.branches.filter(pk=item.branch_id).exists()


def get_item_for_user(user: User, pk: int, *, write: bool = False) -> Item:
    """One visible item; ``write`` also requires the right to change it (else 403)."""
    try:
        item = items_visible_to(user).get(pk=pk)
    except Item.DoesNotExist as exc:
        raise Http404 from exc
    if write and not can_change_item(user, item):
        raise PermissionDenied
    return item


def get_attachment_for_user(user: User, item_pk: int, pk: int) -> Attachment:
    item = get_item_for_user(user, item_pk)
    try:
        return item.attachments.get(pk=pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc


def public_items() -> QuerySet[Item]:
    """Published items, for the logged-out public pages."""
    return Item.objects.filter(is_public=True).select_related("region", "branch")


def get_public_item(slug: str) -> Item:
    try:
        return public_items().get(slug=slug)
    except Item.DoesNotExist as exc:
        raise Http404 from exc
