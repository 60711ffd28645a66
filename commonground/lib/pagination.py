from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest,
    qs: QuerySet[Any] | list[Any],
    per_page: int = 50,
    *,
    count: int | None = None,
) -> Page[Any]:
    """The requested page of ``qs`` (invalid page numbers give the nearest page).

    ``count``: the number of items when the caller already knows it (e.g. cached), which
    saves the ``COUNT(*)`` query.
    """
    paginator = Paginator(qs, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    return paginator.get_page(request.GET.get("page"))


def querystring_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()
