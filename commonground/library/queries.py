from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from commonground.library.models import Item, Tag
from commonground.library.search import search_items

STATES = ("public", "internal", "review")


def filter_items(
    qs: QuerySet[Item],
    *,
    q: str = "",
    kind: str = "",
    tag: Tag | str | None = None,
    state: str = "",
    today: dt.date | None = None,
) -> QuerySet[Item]:
    """The list's filters, then full-text search (best match first when ``q`` is given).

    ``tag`` is a tag or a tag's slug; ``state`` is ``public``, ``internal`` or ``review``
    (review date on or before ``today``).
    """
    if kind:
        qs = qs.filter(kind=kind)
    if isinstance(tag, Tag):
        qs = qs.filter(tags=tag)
    elif tag:
        # By slug: a slug may name a tag in two categories, so match through a subquery
        # (no join, so no duplicate rows).
        qs = qs.filter(pk__in=Item.tags.through.objects.filter(tag__slug=tag).values("item_id"))
    if state == "public":
        qs = qs.filter(is_public=True)
    elif state == "internal":
        qs = qs.filter(is_public=False)
    elif state == "review" and today is not None:
        qs = qs.filter(review_by__lte=today)
    return search_items(qs, q.strip())


def related_items(item: Item, qs: QuerySet[Item], limit: int = 5) -> list[Item]:
    """Items sharing the most tags with ``item`` (then same kind, then newest)."""
    tag_ids = list(item.tags.values_list("pk", flat=True))
    if not tag_ids:
        return list(qs.filter(kind=item.kind).exclude(pk=item.pk)[:limit])
    return list(
        qs.exclude(pk=item.pk)
        .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
        .filter(shared__gt=0)
        .order_by("-shared", "-written_on", "title")[:limit]
    )
