"""Scoped fetches for the review queue: a reviewer sees the items of the people they may see.

Items are found through ``people.access.people_visible_to`` so linkage can never show a
person the people pages would not. Outside scope is 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.linkage.models import ReviewItem
from commonground.people.access import people_visible_to


def review_items_visible_to(user: User) -> QuerySet[ReviewItem]:
    """Review items of people in the user's scope; 403 for roles without ``view_linkage``."""
    if not has_perm(user, "view_linkage"):
        raise PermissionDenied
    return ReviewItem.objects.filter(person__in=people_visible_to(user).values("pk"))


def get_review_item_for_user(user: User, pk: int, *, write: bool = False) -> ReviewItem:
    """One review item in scope, or ``Http404``; ``write`` also needs ``change_linkage``."""
    try:
        item = (
            review_items_visible_to(user)
            .select_related("person", "branch", "location", "provider")
            .get(pk=pk)
        )
    except ReviewItem.DoesNotExist as exc:
        raise Http404 from exc
    if write and not has_perm(user, "change_linkage"):
        raise PermissionDenied
    return item
