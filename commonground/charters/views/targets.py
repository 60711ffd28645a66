"""Target pages: the list, a target, its status per charter, pledges, compliance, evidence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.audit.exports import export_response
from commonground.charters import actions, queries
from commonground.charters.access import (
    can_change_target,
    can_see_contacts,
    charters_visible_to,
    get_charter_for_user,
    get_evidence_for_user,
    get_target_for_user,
    region_for,
    targets_visible_to,
)
from commonground.charters.exports import TargetExporter
from commonground.charters.forms import (
    CharterTargetFilterForm,
    ComplianceForm,
    PledgeOutcomeForm,
    StatusChangeForm,
    TargetForm,
)
from commonground.charters.models import (
    PIPELINE,
    SIGNED_STATES,
    STATUS_COLOURS,
    Charter,
    Status,
    TargetKind,
    TargetStatus,
)
from commonground.charters.views.charters import chosen_charter
from commonground.lib.pagination import paginate


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
    charter = chosen_charter(request, charters)
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


def back_to_target(ts: TargetStatus, anchor: str = "") -> HttpResponse:
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
        return back_to_target(ts)
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
    return back_to_target(ts, "#trail")


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
    return back_to_target(ts)


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
    return back_to_target(ts, "#compliance")


@login_required
@require_perm("change_charters")
@require_GET
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    evidence = get_evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)
