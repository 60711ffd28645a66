from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from commonground.library.models import Item


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
