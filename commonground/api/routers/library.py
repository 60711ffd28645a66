"""The library: guides, briefings and good-practice stories visible to the user."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from commonground.api.common import (
    Code,
    Id,
    PageParams,
    ResultPage,
    Text,
    acting_user,
    one_of,
    page_of,
    responses,
)
from commonground.library.access import get_item_for_user, items_visible_to
from commonground.library.models import Attachment, Item, ItemKind
from commonground.library.queries import STATES, filter_items

router = Router(tags=["library"])

if TYPE_CHECKING:
    KindParam: TypeAlias = str
    StateParam: TypeAlias = str
else:
    KindParam = one_of(ItemKind.values)
    StateParam = one_of(STATES)


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    slug: str
    summary: str
    tags: list[str] = Field(..., description="Tag slugs.")
    region: str | None = Field(..., description="Region slug; null: every region.")
    branch: str | None = Field(..., description="Branch code.")
    public_byline: str
    written_on: dt.date
    review_by: dt.date | None
    is_public: bool
    published_at: dt.datetime | None

    @staticmethod
    def resolve_tags(obj: Item) -> list[str]:
        return [t.slug for t in obj.tags.all()]

    @staticmethod
    def resolve_region(obj: Item) -> str | None:
        return obj.region.slug if obj.region else None

    @staticmethod
    def resolve_branch(obj: Item) -> str | None:
        return obj.branch.code if obj.branch else None


class AttachmentOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int


class ItemDetailOut(ItemOut):
    body: str = Field(..., description="Markdown.")
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Item) -> list[Attachment]:
        return list(obj.attachments.all())


class ItemPage(ResultPage[ItemOut]):
    pass


class ItemFilters(PageParams):
    q: Text = Field("", description="Full-text search: every word, best match first.")
    kind: KindParam = ""
    tag: Code = Field("", description="Tag slug.")
    state: StateParam = Field("", description="`public`, `internal` or `review` (due).")


@router.get("/items", response=responses(ItemPage), summary="Library items you may read")
def item_list(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any]:
    """Your region's items and the national ones; ordered by relevance when `q` is given."""
    user = acting_user(request, "view_library")
    qs = filter_items(
        items_visible_to(user),
        q=filters.q,
        kind=filters.kind,
        tag=filters.tag,
        state=filters.state,
        today=timezone.localdate(),
    )
    if not filters.q.strip():
        qs = qs.order_by("-written_on", "title", "pk")
    return page_of(qs.prefetch_related("tags"), filters)


@router.get("/items/{pk}", response=responses(ItemDetailOut), summary="One library item")
def item_detail(request: HttpRequest, pk: Id) -> Item:
    return get_item_for_user(acting_user(request, "view_library"), pk)
