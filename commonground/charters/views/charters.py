"""Charter and commitment pages, and publishing a scoreboard (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_admin, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.charters import actions, queries
from commonground.charters.access import charters_visible_to, get_charter_for_user, region_for
from commonground.charters.forms import CharterForm, CommitmentForm, ScoreboardFilterForm
from commonground.charters.models import Charter, Commitment
from commonground.charters.queries import scoreboard, status_counts


def chosen_charter(request: HttpRequest, charters: list[Charter]) -> Charter | None:
    slug = ScoreboardFilterForm(request.GET).values["charter"]
    for charter in charters:
        if charter.slug == slug:
            return charter
    if slug:
        raise Http404
    return charters[0] if charters else None


@login_required
@require_perm("view_charters")
@require_GET
def charter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = region_for(request.user)
    charters = list(queries.with_counts(charters_visible_to(request.user), region))
    progress = {c.pk: queries.charter_progress(c, region) for c in charters}
    for charter in charters:
        charter.progress = progress[charter.pk]  # type: ignore[attr-defined]
    return render(request, "charters/charter_list.html", {"charters": charters, "region": region})


@login_required
@require_perm("view_charters")
@require_GET
def charter_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    charter = get_charter_for_user(request.user, slug)
    commitments = charter.commitments.annotate(
        met=Count("compliance", filter=Q(compliance__state="met"))
    )
    region = region_for(request.user)
    rows = scoreboard(charter, [region]) if region else []
    return render(
        request,
        "charters/charter_detail.html",
        {
            "charter": charter,
            "commitments": commitments,
            "counts": [c for c in status_counts(rows) if c["count"]],
            "stages": commitments.values("stage").distinct().count() > 1,
        },
    )


@login_required
@require_admin
@require_http_methods(["GET", "POST"])
def charter_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    charter = get_charter_for_user(request.user, slug)
    previous = {f: getattr(charter, f) for f in CharterForm.Meta.fields}
    form = CharterForm(request.POST or None, instance=charter)
    if request.method == "POST" and form.is_valid():
        actions.update_charter(request.user, form.instance, previous, request=request)
        messages.success(request, _("Charter saved."))
        return redirect("charters:charter-detail", slug=charter.slug)
    return render(request, "charters/charter_edit.html", {"charter": charter, "form": form})


@login_required
@require_admin
@require_http_methods(["GET", "POST"])
def commitment_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    charter = get_charter_for_user(request.user, slug)
    form = CommitmentForm(request.POST or None, instance=Commitment(charter=charter))
    if request.method == "POST" and form.is_valid():
        actions.save_commitment(request.user, form.instance, request=request)
        messages.success(request, _("Commitment added."))
        return redirect("charters:charter-detail", slug=charter.slug)
    return render(
        request, "charters/commitment_form.html", {"charter": charter, "form": form, "new": True}
    )


@login_required
@require_admin
@require_http_methods(["GET", "POST"])
def commitment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("charter"), pk=pk)
    previous = {f: getattr(commitment, f) for f in CommitmentForm.Meta.fields}
    form = CommitmentForm(request.POST or None, instance=commitment)
    if request.method == "POST" and form.is_valid():
        actions.save_commitment(request.user, form.instance, previous=previous, request=request)
        messages.success(request, _("Commitment saved."))
        return redirect("charters:charter-detail", slug=commitment.charter.slug)
    return render(
        request,
        "charters/commitment_form.html",
        {
            "charter": commitment.charter,
            "form": form,
            "commitment": commitment,
            "revisions": commitment.revisions.select_related("by")[:20],
        },
    )


@login_required
@require_admin
@require_POST
def commitment_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.select_related("charter"), pk=pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    actions.move_commitment(request.user, commitment, direction, request=request)
    return redirect(
        reverse("charters:charter-detail", args=[commitment.charter.slug])
        + f"#commitment-{commitment.pk}"
    )


@login_required
@require_perm("publish_charters")
@require_POST
def scoreboard_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    charter = get_charter_for_user(request.user, slug)
    publish = request.POST.get("action") == "publish"
    actions.set_scoreboard_published(request.user, charter, publish, request=request)
    if publish:
        messages.success(request, _("The public scoreboard is published."))
    else:
        messages.success(request, _("The public scoreboard is withdrawn."))
    return redirect(reverse("charters:scoreboard") + f"?charter={charter.slug}")
