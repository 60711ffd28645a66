"""The review queue: the record beside its candidates; accept, reject, pick another, search.

Keyboard-driven through ``static/commonground/linkage.js``; every action works as a plain
form post too. htmx requests get the item panel back (and drop the decided item from the
list out of band).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.jobs.models import Job
from commonground.lib.pagination import paginate
from commonground.lib.postcodes import normalise_postcode
from commonground.linkage import actions
from commonground.linkage.access import get_review_item_for_user, review_items_visible_to
from commonground.linkage.forms import AcceptForm, LocationSearchForm, QueueFilterForm
from commonground.linkage.models import ReviewItem, ReviewStatus
from commonground.linkage.tasks import JOB_KIND, link_people_task
from commonground.people.access import branches_for_people, log_people_listed
from commonground.register.access import locations_visible_to
from commonground.register.models import Location, Provider, RegistrationStatus

QUEUE_SIZE = 100
STATUS_TABS = (
    (ReviewStatus.OPEN, _("Waiting")),
    (ReviewStatus.NONE, _("No candidate")),
    (ReviewStatus.ACCEPTED, _("Linked")),
    (ReviewStatus.REJECTED, _("No match")),
)


def _filters(request: AuthenticatedHttpRequest) -> dict[str, str]:
    """The queue's filters (branch code, search text) from the page's address; an htmx
    decision posted from the page reads them from the address it was made on."""
    params = request.GET
    current = request.headers.get("HX-Current-URL", "")
    if not params and current:
        params = QueryDict(urlsplit(current).query)
    values = QueueFilterForm(params).values
    return {"branch": values["branch"], "q": values["q"]}


def _filtered(request: AuthenticatedHttpRequest) -> QuerySet[ReviewItem]:
    """The items this user may see that match the page's filters, of every status."""
    qs = review_items_visible_to(request.user)
    filters = _filters(request)
    if filters["branch"]:
        qs = qs.filter(branch__code=filters["branch"])
    if filters["q"]:
        q = filters["q"]
        qs = qs.filter(
            Q(workplace_text__icontains=q)
            | Q(employer_text__icontains=q)
            | Q(postcode__icontains=q)
        )
    return qs


def _queue(request: AuthenticatedHttpRequest, status: str) -> QuerySet[ReviewItem]:
    qs = _filtered(request).filter(status=status).select_related("branch")
    return (
        qs.order_by("-best_score", "pk")
        if status == ReviewStatus.OPEN
        else qs.order_by("-updated", "-pk")
    )


def _item_context(request: AuthenticatedHttpRequest, item: ReviewItem | None) -> dict[str, Any]:
    if item is not None:
        # A record in the queue is personal data (a workplace, a home postcode): audited.
        log_action(
            item,
            "linkage.reviewitem.viewed",
            request.user,
            {"person": item.person_id},
            request=request,
        )
    return {
        "item": item,
        "can_change": has_perm(request.user, "change_linkage"),
        "can_view_people": has_perm(request.user, "view_people"),
    }


@login_required
@require_perm("view_linkage")
@require_GET
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = QueueFilterForm(request.GET).values
    status = query["status"] or ReviewStatus.OPEN
    qs = _queue(request, status)
    page = paginate(request, qs, per_page=QUEUE_SIZE)
    total = page.paginator.count
    items = list(page.object_list)
    wanted = query["item"]
    current = None
    if wanted:
        current = get_review_item_for_user(request.user, wanted)
    elif items:
        current = get_review_item_for_user(request.user, items[0].pk)
    log_people_listed(
        request.user,
        len(items),
        where="linkage.review-queue",
        query={"status": status, **_filters(request)},
        request=request,
    )
    job_id = query["job"]
    job = Job.objects.filter(pk=job_id, owner=request.user).first() if job_id else None
    return render(
        request,
        "linkage/review_queue.html",
        {
            "items": items,
            "page": page,
            "total": total,
            "status": status,
            "filters": _filters(request),
            "branches": branches_for_people(request.user).order_by("code"),
            "tabs": _tabs(request),
            "job": job,
            **_item_context(request, current),
        },
    )


@login_required
@require_perm("view_linkage")
@require_GET
def review_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_review_item_for_user(request.user, pk)
    if request.htmx:
        return render(request, "linkage/_item.html", _item_context(request, item))
    return redirect(reverse("linkage:review-queue") + f"?status={item.status}&item={item.pk}")


def _next_item(request: AuthenticatedHttpRequest, after: ReviewItem) -> ReviewItem | None:
    return _queue(request, ReviewStatus.OPEN).exclude(pk=after.pk).first()


def _tabs(request: AuthenticatedHttpRequest) -> list[tuple[str, Any, int, str]]:
    """Each tab with what it would show under the page's filters, and its address."""
    counts = dict(_filtered(request).order_by().values_list("status").annotate(n=Count("pk")))
    filters = {k: v for k, v in _filters(request).items() if v}
    base = reverse("linkage:review-queue")
    return [
        (key, label, counts.get(key, 0), f"{base}?{urlencode({'status': key, **filters})}")
        for key, label in STATUS_TABS
    ]


def _current_status(request: AuthenticatedHttpRequest) -> str:
    """The tab of the page an htmx request was made on."""
    current = request.headers.get("HX-Current-URL", "")
    status = QueryDict(urlsplit(current).query).get("status") or ReviewStatus.OPEN
    return status if status in ReviewStatus.values else ReviewStatus.OPEN


def _after_decision(request: AuthenticatedHttpRequest, item: ReviewItem) -> HttpResponse:
    if request.htmx:
        nxt = _next_item(request, item)
        context = _item_context(request, nxt)
        context["decided"] = item
        # The tab counts and the list change with every decision: swapped in out of band.
        context["oob_tabs"] = _tabs(request)
        context["status"] = _current_status(request)
        return render(request, "linkage/_item.html", context)
    return redirect("linkage:review-queue")


@login_required
@require_perm("change_linkage")
@require_POST
def review_item_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_review_item_for_user(request.user, pk, write=True)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a location or a provider."), status=400)
    location = provider = None
    if form.cleaned_data.get("location"):
        # Any location in the register the reviewer may see: a candidate or a search result.
        location = (
            locations_visible_to(request.user)
            .select_related("provider")
            .filter(pk=form.cleaned_data["location"])
            .first()
        )
        if location is None:
            return HttpResponse(_("No such location."), status=400)
    elif form.cleaned_data.get("provider"):
        allowed = {c.get("provider_id") for c in item.candidates}
        provider = Provider.objects.filter(pk=form.cleaned_data["provider"]).first()
        if provider is None or provider.pk not in allowed:
            return HttpResponse(_("No such provider."), status=400)
    try:
        actions.accept_review_item(
            request.user,
            item,
            location=location,
            provider=provider,
            remember=request.POST.get("remember", "1") != "0",
            request=request,
        )
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409)
    if not request.htmx:
        messages.success(request, _("Linked."))
    return _after_decision(request, item)


@login_required
@require_perm("change_linkage")
@require_POST
def review_item_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_review_item_for_user(request.user, pk, write=True)
    try:
        actions.reject_review_item(request.user, item, request=request)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409)
    if not request.htmx:
        messages.success(request, _("Left unlinked."))
    return _after_decision(request, item)


@login_required
@require_perm("view_linkage")
@require_GET
def review_item_search(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Search the register for another location (htmx partial): name, AKA, provider, postcode."""
    item = get_review_item_for_user(request.user, pk)
    q = LocationSearchForm(request.GET).values["q"]
    results: list[Location] = []
    if len(q) >= 2:
        cond = Q(name__icontains=q) | Q(also_known_as__icontains=q) | Q(provider__name__icontains=q)
        cond |= Q(cqc_id__iexact=q)
        postcode = normalise_postcode(q)
        if postcode:
            cond |= Q(postcode=postcode)
        elif len(q) <= 4 and q[:1].isalpha() and any(ch.isdigit() for ch in q):
            cond |= Q(postcode__istartswith=f"{q} ")
        results = list(
            locations_visible_to(request.user)
            .filter(cond, is_social_care=True, registration_status=RegistrationStatus.REGISTERED)
            .select_related("provider", "council")
            .order_by("name")[:20]
        )
    return render(
        request,
        "linkage/_search_results.html",
        {
            "item": item,
            "q": q,
            "results": results,
            "can_change": has_perm(request.user, "change_linkage"),
        },
    )


@login_required
@require_perm("change_linkage")
@require_POST
def link_run(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Run linking now for the branches whose people the user may see (a background job)."""
    user = request.user
    branch_ids: list[int | None]
    if user.is_admin:
        branch_ids = [None]
    else:
        branch_ids = list(branches_for_people(user).values_list("pk", flat=True))
    job = None
    for branch_id in branch_ids:
        job = Job.objects.create(
            kind=JOB_KIND, label=_("Link workplaces"), owner=user, branch_id=branch_id
        )
        log_action(job, "linkage.run.queued", user, {"branch": branch_id}, request=request)
        job_pk = job.pk
        transaction.on_commit(
            lambda b=branch_id, j=job_pk: link_people_task.enqueue(b, j)  # type: ignore[misc]
        )
    url = reverse("linkage:review-queue")
    return redirect(f"{url}?job={job.pk}" if job else url)
