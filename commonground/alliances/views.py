"""Alliance pages: access → form → action (docs/style.md §3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import branches_visible_to, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.alliances import actions
from commonground.alliances.access import (
    affiliations_visible_to,
    branches_writable_by,
    get_affiliation_for_user,
    get_joint_action_for_user,
    get_ledger_entry_for_user,
    get_partner_for_user,
    joint_actions_visible_to,
    ledger_visible_to,
    partners_visible_to,
)
from commonground.alliances.exports import LedgerExporter, PartnerExporter
from commonground.alliances.forms import (
    ActionFilterForm,
    AffiliationForm,
    ContactForm,
    JointActionForm,
    LedgerEntryForm,
    LedgerFilterForm,
    MatrixFilterForm,
    NetworkFilterForm,
    PartnerFilterForm,
    PartnerForm,
    PrefillForm,
)
from commonground.alliances.models import (
    AffiliationStatus,
    Contact,
    Direction,
    IssueTag,
    JointAction,
    LedgerEntry,
    Partner,
    PartnerType,
    SupportKind,
)
from commonground.alliances.queries import (
    affiliation_matrix,
    balances,
    filter_partners,
    network,
    recruits_attributed,
    with_counts,
)
from commonground.audit.exports import export_response
from commonground.lib.pagination import paginate


@login_required
@require_perm("view_alliances")
@require_GET
def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, qs = _filtered_partners(request)
    page = paginate(request, qs.prefetch_related("issues"))
    bal = balances(partners_visible_to(request.user).filter(pk__in=[p.pk for p in page]))
    for p in page:
        p.balance_rows = bal.get(p.pk, {})  # type: ignore[attr-defined]
    return render(
        request,
        "alliances/partner_list.html",
        {
            "page": page,
            "form": form,
            "can_export": PartnerExporter.available_for_user(request.user),
        },
    )


def _filtered_partners(request: AuthenticatedHttpRequest) -> tuple[PartnerFilterForm, Any]:
    form = PartnerFilterForm(request.GET)
    data = form.values
    qs = filter_partners(
        with_counts(partners_visible_to(request.user)),
        q=data["q"],
        kind=data["kind"],
        issue=data["issue"],
    )
    return form, qs.order_by("name")


@login_required
@require_perm("export_alliances")
@require_GET
def partner_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered partners as CSV or XLSX (organisations only, no contacts); audited."""
    _form, qs = _filtered_partners(request)
    return export_response(request, PartnerExporter(qs))


@login_required
@require_perm("view_alliances")
@require_GET
def partner_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk)
    ledger = ledger_visible_to(request.user).filter(partner=partner)
    return render(
        request,
        "alliances/partner_detail.html",
        {
            "partner": partner,
            "contacts": partner.contacts.all(),
            "affiliations": affiliations_visible_to(request.user).filter(partner=partner),
            "actions": joint_actions_visible_to(request.user)
            .filter(partners=partner)
            .prefetch_related("branches")[:20],
            "ledger": ledger[:50],
            "balance": partner.balance(),
            "contact_form": ContactForm(),
            "recruits": recruits_attributed(partner, request.user),
        },
    )


@login_required
@require_perm("change_alliances")
@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk, write=True) if pk else Partner()
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        partner = actions.save_partner(
            request.user,
            form.save(commit=False),
            issues=form.cleaned_data["issues"],
            request=request,
        )
        messages.success(request, _("Partner saved."))
        return redirect("alliances:partner-detail", partner.pk)
    return render(request, "alliances/partner_form.html", {"form": form, "partner": partner})


@login_required
@require_perm("change_alliances")
@require_POST
def contact_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        actions.add_contact(request.user, partner, form.save(commit=False), request=request)
        messages.success(request, _("Contact added."))
    else:
        messages.error(request, _("The contact needs a name and a public role."))
    return redirect("alliances:partner-detail", partner.pk)


@login_required
@require_perm("change_alliances")
@require_POST
def contact_delete(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk, write=True)
    try:
        contact = partner.contacts.get(pk=contact_pk)
    except Contact.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    actions.remove_contact(request.user, contact, request=request)
    messages.success(request, _("Contact removed."))
    return redirect("alliances:partner-detail", partner.pk)


@login_required
@require_perm("view_alliances")
@require_GET
def affiliation_matrix_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = MatrixFilterForm(request.GET).values
    kind = filters["kind"]
    partners = partners_visible_to(request.user)
    if kind in PartnerType.values:
        partners = partners.filter(kind=kind)
    partners = partners.filter(affiliations__isnull=False).distinct()
    branches = branches_visible_to(request.user)
    if filters["affiliated"]:
        branches = branches.filter(affiliations__partner__in=partners).distinct()
    columns, rows = affiliation_matrix(branches, partners)
    return render(
        request,
        "alliances/affiliation_matrix.html",
        {
            "columns": columns,
            "rows": rows,
            "kind": kind,
            "kinds": PartnerType.choices,
            "statuses": AffiliationStatus.choices,
            "affiliated": filters["affiliated"],
            "can_change": branches_writable_by(request.user).exists(),
        },
    )


@login_required
@require_perm("change_alliances")
@require_http_methods(["GET", "POST"])
def affiliation_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    if pk:
        affiliation = get_affiliation_for_user(request.user, pk, write=True)
    else:
        from commonground.alliances.models import Affiliation

        affiliation = Affiliation()
    initial = PrefillForm(request.GET).initial_values()
    form = AffiliationForm(
        request.POST or None, instance=affiliation, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        affiliation = actions.save_affiliation(
            request.user, form.save(commit=False), request=request
        )
        messages.success(request, _("Affiliation saved."))
        return redirect("alliances:partner-detail", affiliation.partner_id)
    return render(
        request, "alliances/affiliation_form.html", {"form": form, "affiliation": affiliation}
    )


@login_required
@require_perm("view_alliances")
@require_GET
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = joint_actions_visible_to(request.user).prefetch_related("partners", "branches", "issues")
    filters = ActionFilterForm(request.GET).values
    q, partner = filters["q"], filters["partner"]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if partner:
        qs = qs.filter(partners=partner)
    page = paginate(request, qs.distinct())
    return render(
        request,
        "alliances/action_list.html",
        {
            "page": page,
            "q": q,
            "partner": str(partner or ""),
            "partners": partners_visible_to(request.user),
        },
    )


@login_required
@require_perm("view_alliances")
@require_GET
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_joint_action_for_user(request.user, pk)
    return render(
        request,
        "alliances/action_detail.html",
        {"action": action, "ledger": ledger_visible_to(request.user).filter(joint_action=action)},
    )


@login_required
@require_perm("change_alliances")
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    action = get_joint_action_for_user(request.user, pk) if pk else JointAction()
    partner = PrefillForm(request.GET).values["partner"]
    initial = {"partners": [partner]} if partner else {}
    form = JointActionForm(
        request.POST or None, instance=action, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        action = actions.record_joint_action(
            request.user,
            form.save(commit=False),
            partners=form.cleaned_data["partners"],
            branches=form.cleaned_data["branches"],
            issues=form.cleaned_data["issues"],
            request=request,
        )
        messages.success(request, _("Joint action saved."))
        return redirect("alliances:action-detail", action.pk)
    return render(request, "alliances/action_form.html", {"form": form, "action": action})


@login_required
@require_perm("view_alliances")
@require_GET
def ledger_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs, partner, direction, kind = _filtered_ledger(request)
    partners = partners_visible_to(request.user)
    bal = balances(partners)
    summary = [(p, bal[p.pk]) for p in partners if p.pk in bal]
    return render(
        request,
        "alliances/ledger_list.html",
        {
            "page": paginate(request, qs),
            "partners": partners,
            "partner": partner,
            "direction": direction,
            "kind": kind,
            "directions": Direction.choices,
            "kinds": SupportKind.choices,
            "summary": summary,
            "can_export": LedgerExporter.available_for_user(request.user),
        },
    )


def _filtered_ledger(request: AuthenticatedHttpRequest) -> tuple[Any, str, str, str]:
    qs = ledger_visible_to(request.user)
    filters = LedgerFilterForm(request.GET).values
    partner, direction, kind = filters["partner"], filters["direction"], filters["kind"]
    if partner:
        qs = qs.filter(partner_id=partner)
    if direction:
        qs = qs.filter(direction=direction)
    if kind:
        qs = qs.filter(kind=kind)
    return qs, str(partner or ""), direction, kind


@login_required
@require_perm("export_alliances")
@require_GET
def ledger_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered ledger as CSV or XLSX; audited."""
    qs, _partner, _direction, _kind = _filtered_ledger(request)
    return export_response(request, LedgerExporter(qs))


@login_required
@require_perm("change_alliances")
@require_http_methods(["GET", "POST"])
def ledger_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = PrefillForm(request.GET).initial_values()
    form = LedgerEntryForm(
        request.POST or None, instance=LedgerEntry(), user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        entry = actions.record_support(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Support recorded."))
        return redirect("alliances:partner-detail", entry.partner_id)
    return render(request, "alliances/ledger_form.html", {"form": form})


@login_required
@require_perm("change_alliances")
@require_POST
def ledger_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_ledger_entry_for_user(request.user, pk, write=True)
    partner_id = entry.partner_id
    actions.delete_support(request.user, entry, request=request)
    messages.success(request, _("Ledger row removed."))
    return redirect("alliances:partner-detail", partner_id)


@login_required
@require_perm("view_alliances")
@require_GET
def network_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    partners = partners_visible_to(request.user)
    kind = NetworkFilterForm(request.GET).values["kind"]
    if kind:
        partners = partners.filter(kind=kind)
    net = network(branches_visible_to(request.user), partners)
    return render(
        request,
        "alliances/network.html",
        {"net": net, "kind": kind, "kinds": PartnerType.choices, "issues": IssueTag.objects.all()},
    )
