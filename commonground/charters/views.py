"""Charter pages: thin views (access → form → action)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import branches_visible_to, require_admin, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.accounts.ratelimit import rate_limit
from commonground.audit.exports import export_response
from commonground.charters import actions, queries
from commonground.charters.access import (
    can_change_target,
    can_see_contacts,
    charters_visible_to,
    get_charter_for_user,
    get_evidence_for_user,
    get_letter_for_user,
    get_published_charter,
    get_target_for_user,
    letter_templates_for,
    published_charters,
    region_for,
    targets_visible_to,
)
from commonground.charters.exports import ScoreboardExporter, TargetExporter
from commonground.charters.forms import (
    CharterForm,
    CharterTargetFilterForm,
    CommitmentForm,
    ComplianceForm,
    LetterForm,
    LetterSentForm,
    PledgeOutcomeForm,
    ScoreboardFilterForm,
    StatusChangeForm,
    TargetForm,
)
from commonground.charters.letters import MERGE_FIELDS, paragraphs, render_pdf, render_text
from commonground.charters.models import (
    PIPELINE,
    SIGNED_STATES,
    STATUS_COLOURS,
    Charter,
    Commitment,
    Status,
    TargetKind,
    TargetStatus,
)
from commonground.charters.queries import ScoreboardRow as ScoreRow
from commonground.charters.queries import geojson, scoreboard, status_counts
from commonground.lib.pagination import paginate
from commonground.register.models import Region


def _chosen_charter(request: HttpRequest, charters: list[Charter]) -> Charter | None:
    slug = ScoreboardFilterForm(request.GET).values["charter"]
    for charter in charters:
        if charter.slug == slug:
            return charter
    if slug:
        raise Http404
    return charters[0] if charters else None


def _legend() -> list[dict[str, str]]:
    return [{"status": s.value, "label": str(s.label), "colour": STATUS_COLOURS[s]} for s in Status]


# --- Charters and commitments ---------------------------------------------------------------


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


# --- Targets ----------------------------------------------------------------------------------


def _filtered_targets(request: AuthenticatedHttpRequest) -> tuple[CharterTargetFilterForm, Any]:
    form = CharterTargetFilterForm(request.GET)
    data = form.values
    qs = queries.filter_targets(
        targets_visible_to(request.user),
        q=data["q"],
        kind=data["kind"],
        charter=data["charter"],
        status=data["status"],
    )
    return form, qs.order_by("kind", "name")


@login_required
@require_perm("view_charters")
@require_GET
def target_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, qs = _filtered_targets(request)
    page = paginate(request, qs, per_page=50)
    statuses = queries.statuses_by_target(list(page.object_list))
    charters = list(Charter.objects.all())
    rows = []
    for target in page.object_list:
        by_charter = {ts.charter_id: ts for ts in statuses.get(target.pk, [])}
        rows.append((target, [(c, by_charter.get(c.pk)) for c in charters]))
    region = region_for(request.user)
    return render(
        request,
        "charters/target_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "charters": charters,
            "region": region,
            "can_change": has_perm(request.user, "change_charters"),
            "no_targets_yet": not targets_visible_to(request.user).exists(),
            "can_export": TargetExporter.available_for_user(request.user),
        },
    )


@login_required
@require_perm("export_charters")
@require_GET
def target_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered targets with their status on every charter, as CSV or XLSX; audited."""
    _form, qs = _filtered_targets(request)
    return export_response(request, TargetExporter(qs, list(Charter.objects.all())))


@login_required
@require_perm("change_charters")
@require_POST
def target_add_councils(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = region_for(request.user)
    if region is None:
        raise Http404
    added = actions.add_council_targets(request.user, region, request=request)
    messages.success(request, _("%(count)d councils added as targets.") % {"count": added})
    return redirect("charters:target-list")


@login_required
@require_perm("change_charters")
@require_http_methods(["GET", "POST"])
def target_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = region_for(request.user)
    if region is None:
        raise Http404
    form = TargetForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        fields = {
            f: form.cleaned_data.get(f) for f in TargetForm.Meta.fields if f in form.cleaned_data
        }
        fields = {k: v for k, v in fields.items() if v not in (None, "")}
        try:
            target = actions.create_target(request.user, region=region, request=request, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Target added."))
            return redirect("charters:target-detail", pk=target.pk)
    return render(request, "charters/target_form.html", {"form": form})


@login_required
@require_perm("change_charters")
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = get_target_for_user(request.user, pk, write=True)
    form = TargetForm(request.POST or None, instance=target, region=target.region)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data.get(f) for f in TargetForm.Meta.fields}
        fields = {k: ("" if v is None and k not in _NULLABLE else v) for k, v in fields.items()}
        target.refresh_from_db()
        actions.update_target(request.user, target, fields, request=request)
        messages.success(request, _("Target saved."))
        return redirect("charters:target-detail", pk=target.pk)
    return render(request, "charters/target_form.html", {"form": form, "target": target})


_NULLABLE = {"council", "combined_authority", "provider", "branch", "election_date"}


@login_required
@require_perm("view_charters")
@require_GET
def target_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = get_target_for_user(request.user, pk)
    charters = list(charters_visible_to(request.user))
    charter = _chosen_charter(request, charters)
    if charter is None:
        raise Http404
    # Read without creating: a target with no row for this charter is simply not approached.
    ts = TargetStatus.objects.filter(target=target, charter=charter).first()
    by_charter = {s.charter_id: s for s in TargetStatus.objects.filter(target=target)}
    can_change = can_change_target(request.user, target)
    contacts = can_see_contacts(request.user)
    status = Status(ts.status) if ts else Status.NOT_APPROACHED
    compliance = []
    if ts and ts.status in SIGNED_STATES:
        compliance = list(
            ts.compliance.select_related("commitment").prefetch_related("evidence__by")
        )
    context = {
        "target": target,
        "charter": charter,
        "tabs": [(c, by_charter.get(c.pk)) for c in charters],
        "ts": ts,
        "status": status,
        "status_colour": STATUS_COLOURS[status],
        "pipeline": [(s, PIPELINE.index(s) <= PIPELINE.index(status)) for s in PIPELINE]
        if status in PIPELINE
        else [(s, False) for s in PIPELINE],
        "trail": ts.trail.select_related("by", "letter") if ts else [],
        "letters": ts.letters.all() if ts and contacts else [],
        "compliance": compliance,
        "can_change": can_change,
        "contacts": contacts,
        # Three forms on one page: distinct ids so each label points at its own field.
        "status_form": StatusChangeForm(
            initial={"status": (actions.next_steps(status) or [status.value])[0]},
            auto_id="status_%s",
        ),
        "compliance_form": ComplianceForm(charter=charter, auto_id="compliance_%s")
        if compliance
        else None,
        "pledge_form": PledgeOutcomeForm(
            target=target,
            auto_id="pledge_%s",
            initial={
                "elected": {True: "yes", False: "no"}.get(target.elected, ""),  # type: ignore[arg-type]
                "honoured": {True: "yes", False: "no"}.get(ts.pledge_honoured, "")  # type: ignore[arg-type]
                if ts
                else "",
            },
        ),
        "show_pledge": target.kind == TargetKind.CANDIDATE
        and ts is not None
        and (ts.status in SIGNED_STATES or ts.status == Status.PLEDGED),
    }
    return render(request, "charters/target_detail.html", context)


def _status_for_write(request: AuthenticatedHttpRequest, pk: int, slug: str) -> TargetStatus:
    target = get_target_for_user(request.user, pk, write=True)
    charter = get_charter_for_user(request.user, slug)
    return actions.status_for(target, charter)


def _form_errors(form: forms.Form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


def _back(ts: TargetStatus, anchor: str = "") -> HttpResponse:
    url = reverse("charters:target-detail", args=[ts.target_id])
    return redirect(f"{url}?charter={ts.charter.slug}{anchor}")


@login_required
@require_perm("change_charters")
@require_POST
def status_change(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    ts = _status_for_write(request, pk, slug)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
        return _back(ts)
    actions.change_status(
        request.user,
        ts,
        form.cleaned_data["status"],
        on=form.cleaned_data["on"],
        note=form.cleaned_data["note"],
        request=request,
    )
    messages.success(
        request,
        _("Status is now %(status)s.") % {"status": Status(form.cleaned_data["status"]).label},
    )
    return _back(ts, "#trail")


@login_required
@require_perm("change_charters")
@require_POST
def pledge_outcome(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    ts = _status_for_write(request, pk, slug)
    form = PledgeOutcomeForm(request.POST, target=ts.target)
    if form.is_valid():
        actions.record_pledge_outcome(
            request.user,
            ts,
            elected=form.to_bool(form.cleaned_data["elected"]),
            honoured=form.to_bool(form.cleaned_data["honoured"]),
            request=request,
        )
        messages.success(request, _("Pledge outcome saved."))
    else:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return _back(ts)


@login_required
@require_perm("change_charters")
@require_POST
def compliance_record(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    ts = _status_for_write(request, pk, slug)
    form = ComplianceForm(request.POST, request.FILES, charter=ts.charter)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_compliance(
                request.user,
                ts,
                data["commitment"],
                data["state"],
                note=data["note"],
                url=data["url"],
                file=data["file"],
                on=data["on"],
                request=request,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Compliance recorded."))
    else:
        for error in _form_errors(form):
            messages.error(request, error)
    return _back(ts, "#compliance")


@login_required
@require_perm("change_charters")
@require_GET
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    evidence = get_evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)


# --- Letters ----------------------------------------------------------------------------------


@login_required
@require_perm("change_charters")
@require_http_methods(["GET", "POST"])
def letter_create(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    target = get_target_for_user(request.user, pk, write=True)
    charter = get_charter_for_user(request.user, slug)
    templates = letter_templates_for(charter)
    branches = branches_visible_to(request.user)
    form = LetterForm(
        request.POST or None,
        templates=templates,
        branches=branches,
        initial={
            "signatory": request.user.get_full_name() or request.user.username,
            "branch": target.branch_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        ts = actions.status_for(target, charter)
        letter = actions.generate_letter(
            request.user,
            ts,
            form.cleaned_data["template"],
            signatory=form.cleaned_data["signatory"],
            branch=form.cleaned_data["branch"],
            request=request,
        )
        messages.success(request, _("Letter generated. Record it as sent once it has gone."))
        return redirect("charters:letter-detail", pk=letter.pk)
    return render(
        request,
        "charters/letter_form.html",
        {"target": target, "charter": charter, "form": form, "merge_fields": MERGE_FIELDS},
    )


@login_required
@require_perm("change_charters")
@require_GET
def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    return render(
        request,
        "charters/letter_detail.html",
        {
            "letter": letter,
            "paragraphs": paragraphs(letter.body),
            "sent_form": LetterSentForm(),
            "can_change": can_change_target(request.user, letter.target_status.target),
        },
    )


@login_required
@require_perm("change_charters")
@require_GET
def letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    response = HttpResponse(render_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{letter.pk}.pdf"'
    return response


@login_required
@require_perm("change_charters")
@require_GET
def letter_text(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    return HttpResponse(render_text(letter), content_type="text/plain; charset=utf-8")


@login_required
@require_perm("change_charters")
@require_POST
def letter_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    form = LetterSentForm(request.POST)
    if form.is_valid():
        actions.record_letter_sent(
            request.user, letter, on=form.cleaned_data["on"], request=request
        )
        messages.success(request, _("Letter recorded as sent."))
    return _back(letter.target_status, "#trail")


# --- Map and scoreboards ----------------------------------------------------------------------


@login_required
@require_perm("view_charters")
@require_GET
def charter_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    charters = list(charters_visible_to(request.user))
    charter = _chosen_charter(request, charters)
    region = region_for(request.user)
    rows = scoreboard(charter, [region]) if charter and region else []
    council_rows = [r for r in rows if r.kind == TargetKind.COUNCIL]
    return render(
        request,
        "charters/map.html",
        {
            "charters": charters,
            "charter": charter,
            "region": region,
            "rows": council_rows,
            "legend": status_counts(council_rows),
            "geojson_url": reverse("charters:map-geojson") + f"?charter={charter.slug}"
            if charter
            else "",
        },
    )


@login_required
@require_perm("view_charters")
@require_GET
def map_geojson(request: AuthenticatedHttpRequest) -> JsonResponse:
    charters = list(charters_visible_to(request.user))
    charter = _chosen_charter(request, charters)
    region = region_for(request.user)
    if charter is None or region is None:
        raise Http404
    return JsonResponse(geojson(charter, [region]))


def _scoreboard_rows(
    request: AuthenticatedHttpRequest,
) -> tuple[list[Charter], Charter | None, Region | None, str, list[ScoreRow]]:
    charters = list(charters_visible_to(request.user))
    charter = _chosen_charter(request, charters)
    region = region_for(request.user)
    query = ScoreboardFilterForm(request.GET).values
    kind = query["kind"]
    rows = (
        scoreboard(charter, [region], kinds=[kind] if kind else None) if charter and region else []
    )
    q = query["q"].lower()
    if q:
        rows = [r for r in rows if q in r.name.lower()]
    return charters, charter, region, kind, rows


@login_required
@require_perm("export_charters")
@require_GET
def scoreboard_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The scoreboard as shown (charter, kind, search) as CSV or XLSX; audited."""
    _charters, charter, _region, _kind, rows = _scoreboard_rows(request)
    return export_response(
        request, ScoreboardExporter(rows), subject=charter, name=charter.slug if charter else ""
    )


@login_required
@require_perm("view_charters")
@require_GET
def scoreboard_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    charters, charter, region, kind, rows = _scoreboard_rows(request)
    return render(
        request,
        "charters/scoreboard.html",
        {
            "charters": charters,
            "charter": charter,
            "region": region,
            "rows": rows,
            "counts": [c for c in status_counts(rows) if c["count"]],
            "kinds": TargetKind.choices,
            "kind": kind,
            "q": ScoreboardFilterForm(request.GET).values["q"],
            "can_publish": has_perm(request.user, "publish_charters"),
            "can_export": ScoreboardExporter.available_for_user(request.user),
        },
    )


# --- Public pages (no login, no personal data) -----------------------------------------------


def _public_regions() -> list[Region]:
    return list(Region.objects.filter(charter_targets__isnull=False).distinct())


@require_GET
@rate_limit("public")
def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "charters/public_index.html", {"charters": list(published_charters())})


@require_GET
@rate_limit("public")
def public_scoreboard(request: HttpRequest, slug: str) -> HttpResponse:
    charter = get_published_charter(slug)
    regions = _public_regions()
    # Candidates are individuals: never on a public page. Notes, contacts and who-did-what
    # are not in the rows at all.
    rows = scoreboard(charter, regions, include_candidates=False)
    return render(
        request,
        "charters/public_scoreboard.html",
        {
            "charter": charter,
            "rows": rows,
            "counts": [c for c in status_counts(rows) if c["count"]],
            "legend": _legend(),
            "has_demo": any(r.is_demo for r in rows),
            "regions": regions,
            "commitments": charter.commitments.filter(is_placeholder=False),
        },
    )


@require_GET
@rate_limit("public", as_json=True)
def public_geojson(request: HttpRequest, slug: str) -> JsonResponse:
    charter = get_published_charter(slug)
    return JsonResponse(geojson(charter, _public_regions(), public=True))
