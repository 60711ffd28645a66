"""Facility-time pages: access → form → action. Lists of entries are personal data and
their views are audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.models import User
from commonground.audit.exports import export_response
from commonground.audit.log import log_action
from commonground.facility import actions
from commonground.facility.access import (
    activists_visible_to,
    branches_approvable_by,
    branches_recordable_by,
    can_approve,
    can_edit,
    employers_visible_to,
    entries_visible_to,
    get_employer_for_user,
    get_entry_for_user,
    get_period_for_user,
)
from commonground.facility.exports import EntryExporter, FiguresExporter
from commonground.facility.figures import ACTIVITIES, CATEGORY_MAP, DUTIES, relevant_period
from commonground.facility.forms import (
    GROUPS,
    EmployerFilterForm,
    EmployerForm,
    EntryFilterForm,
    EntryForm,
    PeriodForm,
    ReportForm,
    TermsForm,
)
from commonground.facility.models import (
    Employer,
    EntryStatus,
    OfficialTerms,
    PeriodInput,
    TimeEntry,
)
from commonground.facility.statutory import figures_for
from commonground.lib.pagination import paginate
from commonground.lib.redirects import safe_next

DUTY_CATEGORIES = [k for k, v in CATEGORY_MAP.items() if v == DUTIES]
ACTIVITY_CATEGORIES = [k for k, v in CATEGORY_MAP.items() if v == ACTIVITIES]


def _filtered(request: AuthenticatedHttpRequest, form: EntryFilterForm) -> QuerySet[TimeEntry]:
    qs = entries_visible_to(request.user)
    data = form.values
    if data["status"]:
        qs = qs.filter(status=data["status"])
    if data["category"]:
        qs = qs.filter(category=data["category"])
    if data["employer"]:
        qs = qs.filter(employer=data["employer"])
    if data["start"]:
        qs = qs.filter(date__gte=data["start"])
    if data["end"]:
        qs = qs.filter(date__lte=data["end"])
    if q := data["q"]:
        qs = qs.filter(
            Q(activist__username__icontains=q)
            | Q(activist__first_name__icontains=q)
            | Q(activist__last_name__icontains=q)
            | Q(description__icontains=q)
        )
    return qs


def _filters_for_audit(form: EntryFilterForm) -> dict[str, Any]:
    return {k: str(v) for k, v in form.values.items() if v not in (None, "")}


@login_required
@require_perm("view_facility")
@require_GET
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET, user=request.user)
    qs = _filtered(request, form)
    page = paginate(request, qs)
    approvable = set(branches_approvable_by(request.user).values_list("pk", flat=True))
    for entry in page:
        entry.can_approve = (  # type: ignore[attr-defined]
            entry.status == EntryStatus.PENDING
            and entry.branch_id in approvable
            and entry.activist_id != request.user.pk
        )
        entry.can_edit = can_edit(request.user, entry)  # type: ignore[attr-defined]
    totals = qs.aggregate(hours=Sum("hours"), pending=Count("pk", filter=Q(status="pending")))
    log_action(
        None,
        "facility.entry.listed",
        request.user,
        {"filters": _filters_for_audit(form), "page": page.number, "count": len(page)},
        request=request,
    )
    return render(
        request,
        "facility/entry_list.html",
        {"page": page, "form": form, "totals": totals},
    )


@login_required
@require_perm("change_facility")
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk, write=True) if pk else TimeEntry()
    if not branches_recordable_by(request.user).exists():
        messages.error(
            request,
            _(
                "You are not in a branch yet, so there is no branch to record the time against. Ask an admin to add you to yours."
            ),
        )
        return redirect("facility:entry-list")
    form = EntryForm(request.POST or None, instance=entry, user=request.user)
    if request.method == "POST" and form.is_valid():
        activist = form.cleaned_data.get("activist") or request.user
        if pk:
            actions.update_entry(request.user, form.save(commit=False), request=request)
        else:
            actions.record_entry(
                request.user, form.save(commit=False), activist=activist, request=request
            )
        if activist.pk == request.user.pk:
            messages.success(request, _("Saved. Your branch secretary will approve it."))
        else:
            messages.success(
                request,
                _("Saved for %(name)s, and approved.")
                % {"name": activist.get_full_name() or activist.username},
            )
        return redirect("facility:entry-list")
    return render(request, "facility/entry_form.html", {"form": form, "entry": entry})


@login_required
@require_perm("approve_facility")
@require_POST
def entry_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    if not can_approve(request.user, entry):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    actions.decide_entry(
        request.user, entry, approve, request.POST.get("note", ""), request=request
    )
    messages.success(request, _("Approved.") if approve else _("Rejected."))
    return redirect(safe_next(request, reverse("facility:entry-list")))


@login_required
@require_perm("export_facility")
@require_GET
def entry_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered entries as CSV or XLSX (``?format=xlsx``); audited."""
    form = EntryFilterForm(request.GET, user=request.user)
    qs = _filtered(request, form).order_by("date", "pk")
    return export_response(request, EntryExporter(qs), filters=_filters_for_audit(form))


@login_required
@require_perm("view_facility")
@require_GET
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReportForm(request.GET, user=request.user)
    group = form.values["group"] or "branch"
    qs = _filtered(request, form)
    keys = {
        "branch": ("branch__code", "branch__name"),
        "activist": ("activist__username", "activist__first_name", "activist__last_name"),
        "employer": ("employer__name",),
        "month": ("month",),
    }[group]
    if group == "month":
        qs = qs.annotate(month=TruncMonth("date"))
    measures = {
        "entries": Count("pk"),
        "total": Sum("hours"),
        "approved": Sum("hours", filter=Q(status=EntryStatus.APPROVED)),
        "pending": Sum("hours", filter=Q(status=EntryStatus.PENDING)),
        "duties": Sum("hours", filter=Q(category__in=DUTY_CATEGORIES, status=EntryStatus.APPROVED)),
        "activities_paid": Sum(
            "hours",
            filter=Q(category__in=ACTIVITY_CATEGORIES, paid=True, status=EntryStatus.APPROVED),
        ),
        "unpaid": Sum(
            "hours",
            filter=Q(category__in=ACTIVITY_CATEGORIES, paid=False, status=EntryStatus.APPROVED),
        ),
    }
    rows = qs.order_by().values(*keys).annotate(**measures).order_by(*keys)
    table = []
    for r in rows:
        if group == "branch":
            label = f"{r['branch__code']} {r['branch__name']}"
        elif group == "activist":
            name = f"{r['activist__first_name']} {r['activist__last_name']}".strip()
            label = name or r["activist__username"]
        elif group == "employer":
            label = r["employer__name"]
        else:
            label = date_format(r["month"], "F Y") if r["month"] else "—"
        table.append({"label": label, **r})
    log_action(
        None,
        "facility.report.viewed",
        request.user,
        {"group": group, "filters": _filters_for_audit(form)},
        request=request,
    )
    return render(
        request,
        "facility/report.html",
        {
            "form": form,
            "group": group,
            "group_label": dict(GROUPS)[group],
            "table": table,
            "totals": qs.order_by().aggregate(**measures),
        },
    )


@login_required
@require_perm("view_facility")
@require_GET
def employer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = employers_visible_to(request.user).prefetch_related("periods")
    q = EmployerFilterForm(request.GET).values["q"]
    if q:
        qs = qs.filter(name__icontains=q)
    return render(
        request,
        "facility/employer_list.html",
        {"page": paginate(request, qs), "q": q, "current": relevant_period(timezone.localdate())},
    )


@login_required
@require_perm("approve_facility")
@require_http_methods(["GET", "POST"])
def employer_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    employer = get_employer_for_user(request.user, pk, write=True) if pk else Employer()
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        employer = actions.save_employer(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Employer saved."))
        return redirect("facility:employer-list")
    return render(request, "facility/employer_form.html", {"form": form, "employer": employer})


@login_required
@require_perm("approve_facility")
@require_http_methods(["GET", "POST"])
def period_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employer = get_employer_for_user(request.user, pk, write=True)
    start, end = relevant_period(timezone.localdate())
    initial = {"start": start.replace(year=start.year - 1), "end": end.replace(year=end.year - 1)}
    form = PeriodForm(
        request.POST or None, instance=PeriodInput(employer=employer), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        period = actions.save_period(request.user, form.save(commit=False), request=request)
        return redirect("facility:figures", period.pk)
    return render(request, "facility/period_form.html", {"form": form, "employer": employer})


def _officials_choices(request: AuthenticatedHttpRequest, employer: Employer) -> QuerySet[User]:
    return (
        User.objects.filter(
            Q(branches__in=branches_approvable_by(request.user))
            | Q(facility_entries__employer=employer)
        )
        .filter(pk__in=activists_visible_to(request.user).values("pk"))
        .distinct()
        .order_by("last_name", "username")
    )


@login_required
@require_perm("approve_facility")
@require_http_methods(["GET", "POST"])
def figures(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The statutory publication figures for one employer and period, and their inputs."""
    period = get_period_for_user(request.user, pk)
    terms_form = TermsForm(
        request.POST or None,
        instance=OfficialTerms(period=period),
        activists=_officials_choices(request, period.employer),
    )
    period_form = PeriodForm(instance=period, prefix="period")
    if request.method == "POST":
        if "period-total_pay_bill" in request.POST:
            period_form = PeriodForm(request.POST, instance=period, prefix="period")
            if period_form.is_valid():
                actions.save_period(request.user, period_form.save(commit=False), request=request)
                messages.success(request, _("Pay bill saved."))
                return redirect("facility:figures", period.pk)
        elif "delete_terms" in request.POST:
            terms = period.officials.filter(
                pk=request.POST["delete_terms"], activist__in=activists_visible_to(request.user)
            ).first()
            if terms:
                actions.delete_terms(request.user, terms, request=request)
            return redirect("facility:figures", period.pk)
        elif terms_form.is_valid():
            actions.save_terms(request.user, terms_form.save(commit=False), request=request)
            messages.success(request, _("Official's hours and pay saved."))
            return redirect("facility:figures", period.pk)
    result = figures_for(period)
    log_action(
        period.employer,
        "facility.figures.viewed",
        request.user,
        {"period_id": period.pk},
        request=request,
    )
    # The figures are the employer's totals; each official's hours and pay are personal data,
    # shown only for the activists in the user's facility scope.
    visible = activists_visible_to(request.user)
    shown = period.officials.filter(activist__in=visible).select_related("activist")
    by_id = {str(t.activist_id): t for t in shown}
    officials = [(by_id[o.official_id], o) for o in result.officials if o.official_id in by_id]
    hidden = User.objects.filter(
        Q(facility_terms__period=period) | Q(facility_entries__employer=period.employer)
    ).exclude(pk__in=visible.values("pk"))
    hidden_names = {f"{u.get_full_name() or u.username} has " for u in hidden.distinct()}
    problems = [p for p in result.problems if not p.startswith(tuple(hidden_names))]
    if len(problems) < len(result.problems):
        problems.append(
            _("%(count)d more official(s) outside your branches need hours and pay entered.")
            % {"count": len(result.problems) - len(problems)}
        )
    return render(
        request,
        "facility/figures.html",
        {
            "period": period,
            "result": result,
            "figures": result.figures,
            "officials": officials,
            "hidden_officials": len(result.officials) - len(officials),
            "problems": problems,
            "terms_form": terms_form,
            "period_form": period_form,
        },
    )


@login_required
@require_perm("export_facility")
@require_GET
def figures_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    period = get_period_for_user(request.user, pk)
    result = figures_for(period)
    if result.figures is None:
        messages.error(request, _("The figures cannot be exported until the inputs are complete."))
        return redirect("facility:figures", period.pk)
    return export_response(
        request,
        FiguresExporter(result.figures),
        subject=period.employer,
        extra={"period_id": period.pk},
        name=f"{period.employer.pk}-{period.start:%Y}-{period.end:%Y}",
    )
