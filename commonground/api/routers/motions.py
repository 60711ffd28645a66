"""Motions (the union's published policy) and their calls to action with progress."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from commonground.api.common import (
    Id,
    PageParams,
    ResultPage,
    Text,
    acting_user,
    one_of,
    page_of,
    responses,
)
from commonground.motions.access import get_motion_for_user, motions_visible_to
from commonground.motions.models import Body, CallProgress, CallToAction, Decision, Motion
from commonground.motions.queries import filter_motions, with_call_counts

router = Router(tags=["motions"])

if TYPE_CHECKING:
    DecisionParam: TypeAlias = str
    BodyParam: TypeAlias = str
    ProgressParam: TypeAlias = str
else:
    DecisionParam = one_of(Decision.values)
    BodyParam = one_of(Body.values)
    ProgressParam = one_of(["open"], CallProgress.values)


class MotionOut(Schema):
    id: int
    title: str
    conference: str
    date: dt.date | None
    decision: str
    calls_on: str
    # Counts annotated by the query (queries.py), read under their annotation names.
    calls: int = Field(0, validation_alias="call_count")
    calls_done: int = Field(0, validation_alias="done_count")
    calls_blocked: int = Field(0, validation_alias="blocked_count")


class CallOut(Schema):
    id: int
    number: int
    text: str
    responsible_body: str
    responsible_detail: str
    status: str


class MotionDetailOut(MotionOut):
    text: str
    call_list: list[CallOut]

    @staticmethod
    def resolve_call_list(obj: Motion) -> list[CallToAction]:
        return list(obj.calls.order_by("number", "pk"))


class MotionPage(ResultPage[MotionOut]):
    pass


class MotionFilters(PageParams):
    q: Text = ""
    decision: DecisionParam = ""
    body: BodyParam = Field("", description="Responsible body of one of its calls.")
    progress: ProgressParam = Field("", description="A call status, or `open`.")


@router.get("/", response=responses(MotionPage), summary="Motions, newest first")
def motion_list(request: HttpRequest, filters: Query[MotionFilters]) -> dict[str, Any]:
    qs = with_call_counts(motions_visible_to(acting_user(request, "view_motions")))
    qs = filter_motions(
        qs, q=filters.q, decision=filters.decision, body=filters.body, progress=filters.progress
    )
    return page_of(qs.order_by("-date", "title", "pk"), filters)


@router.get("/{pk}", response=responses(MotionDetailOut), summary="One motion with its calls")
def motion_detail(request: HttpRequest, pk: Id) -> Motion:
    user = acting_user(request, "view_motions")
    get_motion_for_user(user, pk)  # 404 outside scope
    return with_call_counts(motions_visible_to(user)).get(pk=pk)
