"""Outreach pages for lists and call / text banks: thin views, access → form → action."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import branches_visible_to, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm
from commonground.campaigns.models import Event
from commonground.lib.pagination import paginate
from commonground.outreach import actions
from commonground.outreach.access import (
    assignments_for_caller,
    assignments_managed_by,
    can_send,
    get_assignment_for_user,
    get_list_for_user,
    lists_visible_to,
    mailings_visible_to,
)
from commonground.outreach.consent import may_contact
from commonground.outreach.forms import (
    AssignmentFilterForm,
    AssignmentForm,
    ChosenListForm,
    ListFilterForm,
    OutcomeForm,
    TargetListForm,
)
from commonground.outreach.models import (
    AssignmentStatus,
    Call,
    CallOutcome,
    CallState,
    TargetList,
)
from commonground.outreach.queries import (
    assignment_progress,
    attempts_of,
    list_people,
    preview_size,
)
from commonground.outreach.sending import Compiled
from commonground.outreach.sms import sms_channel_configured
from commonground.people.access import (
    branches_for_people,
    log_people_listed,
    people_visible_to,
    workplaces_visible_to,
)
from commonground.people.models import ASSESSMENT_CHOICES
from commonground.register.models import Council, Provider


@login_required
@require_perm("view_outreach")
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    mine = assignments_for_caller(user).filter(status=AssignmentStatus.OPEN)
    context: dict[str, Any] = {"mine": mine, "manager": has_perm(user, "change_outreach")}
    if context["manager"]:
        context.update(
            lists=lists_visible_to(user).count(),
            assignments=assignments_managed_by(user).filter(status=AssignmentStatus.OPEN).count(),
            mailings=mailings_visible_to(user).order_by("-created")[:5],
            can_send=can_send(user),
        )
    return render(request, "outreach/index.html", context)


# --- target lists ----------------------------------------------------------------------------


def _region_wide(user: User) -> bool:
    return user.is_admin or user.role == Role.REGIONAL_ORGANISER


def _list_form(
    request: AuthenticatedHttpRequest, data: Any = None, **kwargs: Any
) -> TargetListForm:
    user = request.user
    branches = branches_for_people(user)
    people = people_visible_to(user)
    return TargetListForm(
        data,
        branches=branches,
        councils=Council.objects.filter(branches__in=branches).distinct().order_by("name"),
        providers=Provider.objects.filter(people__in=people.values("pk"))
        .distinct()
        .order_by("name"),
        workplaces=workplaces_visible_to(user)
        .filter(people__in=people.values("pk"))
        .distinct()
        .order_by("name"),
        events=Event.objects.filter(branch__in=branches).order_by("-starts_at"),
        region_wide=_region_wide(user),
        **kwargs,
    )


@login_required
@require_perm("change_outreach")
@require_GET
def list_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = lists_visible_to(request.user)
    query = ListFilterForm(request.GET).values
    q = query["q"]
    if q:
        qs = qs.filter(name__icontains=q)
    branch = str(query["branch"] or "")
    if query["branch"]:
        qs = qs.filter(branch_id=query["branch"])
    page = paginate(request, qs.order_by("name", "pk"), per_page=25)
    for target in page.object_list:
        target.size = list_people(target, request.user).count()  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/list_list.html",
        {"page": page, "q": q, "branches": branches_for_people(request.user), "branch": branch},
    )


@login_required
@require_perm("change_outreach")
@require_http_methods(["GET", "POST"])
def list_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponseBase:
    target = get_list_for_user(request.user, pk) if pk else None
    initial: dict[str, Any] = {}
    if target is not None:
        initial = {"name": target.name, "description": target.description}
        initial["branch"] = target.branch_id
        initial.update(target.filters)
        initial["assessment"] = [str(v) for v in target.filters.get("assessment", [])]
    form = _list_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target = actions.save_list(
                request.user,
                target,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                branch=form.cleaned_data["branch"],
                filters=form.filters(),
                request=request,
            )
        except PermissionDenied:
            form.add_error("branch", _("You cannot make lists for this branch."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("List saved."))
            return redirect("outreach:list-detail", target.pk)
    size = (
        _size(request, form)
        if form.is_bound
        else (list_people(target, request.user).count() if target else None)
    )
    return render(
        request, "outreach/list_form.html", {"form": form, "target": target, "size": size}
    )


def _size(request: AuthenticatedHttpRequest, form: TargetListForm) -> int | None:
    if not form.is_valid():
        return None
    branch: Branch | None = form.cleaned_data.get("branch")
    return preview_size(request.user, branch, form.filters())


@login_required
@require_perm("change_outreach")
@require_GET
def list_size(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The live size of the list being built (htmx, as the filters change)."""
    form = _list_form(request, request.GET)
    form.fields["name"].required = False
    size = _size(request, form)
    return render(request, "outreach/_list_size.html", {"size": size})


@login_required
@require_perm("change_outreach")
@require_GET
def list_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = get_list_for_user(request.user, pk)
    people = list_people(target, request.user).select_related("location", "membership")
    page = paginate(request, people.order_by("full_name", "pk"), per_page=50)
    log_people_listed(
        request.user,
        len(page.object_list),
        where="outreach list",
        query={"list": target.pk, "page": page.number},
        request=request,
        subject=target,
    )
    return render(
        request,
        "outreach/list_detail.html",
        {
            "target": target,
            "page": page,
            "assignments": target.assignments.all(),
            "mailings": target.mailings.select_related("template")[:10],
            "filters": _describe(target),
        },
    )


def _describe(target: TargetList) -> list[tuple[str, str]]:
    """The list's filters in words, for its page."""
    f = target.filters
    out: list[tuple[str, str]] = []
    out.append(
        (_("Branch"), str(target.branch) if target.branch else _("Every branch of the region"))
    )
    if f.get("council"):
        out.append((_("Council"), str(Council.objects.filter(pk=f["council"]).first() or "")))
    if f.get("provider"):
        out.append((_("Employer"), str(Provider.objects.filter(pk=f["provider"]).first() or "")))
    if f.get("workplace"):
        from commonground.register.models import Location

        out.append((_("Workplace"), str(Location.objects.filter(pk=f["workplace"]).first() or "")))
    if f.get("membership"):
        out.append((_("Membership"), f["membership"]))
    if f.get("assessment"):
        labels = dict(ASSESSMENT_CHOICES)
        out.append((_("Assessment"), ", ".join(str(labels[v]) for v in f["assessment"])))
    if f.get("follow_up"):
        out.append((_("Follow-up"), _("due") if f["follow_up"] == "due" else _("none planned")))
    if f.get("language"):
        out.append((_("Preferred language"), f["language"]))
    if f.get("event"):
        out.append((_("Signed up at"), str(Event.objects.filter(pk=f["event"]).first() or "")))
    if f.get("issue"):
        out.append((_("Raised the issue"), f["issue"]))
    if f.get("reachable"):
        out.append((_("Reachable by"), f["reachable"]))
    return out


# --- assignments ------------------------------------------------------------------------------


def _callers_for(user: User) -> QuerySet[User]:
    """Who an organiser may give calls to: active users of their branches (or region)."""
    branches = branches_visible_to(user) if _region_wide(user) else branches_for_people(user)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(branches__in=branches) | Q(pk=user.pk))
        .exclude(role=Role.VIEWER)
        .distinct()
        .order_by("username")
    )


@login_required
@require_perm("view_outreach")
@require_GET
def assignment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if has_perm(user, "change_outreach"):
        qs = (assignments_managed_by(user) | assignments_for_caller(user)).distinct()
    else:
        qs = assignments_for_caller(user)
    query = AssignmentFilterForm(request.GET).values
    q, status, kind = query["q"], query["status"], query["kind"]
    if q:
        qs = qs.filter(title__icontains=q)
    if status in AssignmentStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    page = paginate(request, qs.order_by("-created", "-pk"), per_page=25)
    return render(
        request,
        "outreach/assignment_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "kind": kind,
            "manager": has_perm(user, "change_outreach"),
        },
    )


@login_required
@require_perm("change_outreach")
@require_http_methods(["GET", "POST"])
def assignment_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = request.user
    assignment = get_assignment_for_user(user, pk, manage=True) if pk else None
    initial = {}
    if assignment is None:
        initial["target_list"] = ChosenListForm(request.GET).values["list"]
    form = AssignmentForm(
        request.POST or None,
        instance=assignment,
        initial=initial,
        lists=lists_visible_to(user),
        callers=_callers_for(user),
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "callers"}
        try:
            saved = actions.save_assignment(
                user,
                assignment if assignment is not None else None,
                values,
                list(form.cleaned_data["callers"]),
                request=request,
            )
        except PermissionDenied:
            form.add_error("target_list", _("You cannot use this list."))
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("outreach:assignment-detail", saved.pk)
    return render(
        request, "outreach/assignment_form.html", {"form": form, "assignment": assignment}
    )


@login_required
@require_perm("view_outreach")
@require_GET
def assignment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assignment = get_assignment_for_user(user, pk)
    manager = (
        has_perm(user, "change_outreach")
        and assignments_managed_by(user).filter(pk=assignment.pk).exists()
    )
    progress = assignment_progress(assignment)
    if not manager:
        progress["per_caller"] = [
            row for row in progress["per_caller"] if row["caller__username"] == user.username
        ]
    is_caller = assignment.callers.filter(pk=user.pk).exists()
    return render(
        request,
        "outreach/assignment_detail.html",
        {
            "assignment": assignment,
            "progress": progress,
            "manager": manager,
            "is_caller": is_caller,
            "list_size": may_contact(
                list_people(assignment.target_list), assignment.channel, assignment.purpose
            ).count()
            if manager
            else None,
            "callers": assignment.callers.order_by("username"),
        },
    )


def _merge(text: str, call: Call) -> str:
    person = call.person
    words = person.full_name.split()
    return Compiled.of(text).render(
        {
            "first_name": words[0] if words else "",
            "full_name": person.full_name,
            "workplace": person.location.name if person.location else "",
            "branch": "",
        }
    )


@login_required
@require_perm("view_outreach")
@require_GET
def assignment_call(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The caller view: one person at a time, built for a phone."""
    user = request.user
    assignment = get_assignment_for_user(user, pk)
    if not assignment.callers.filter(pk=user.pk).exists():
        raise PermissionDenied
    if assignment.status != AssignmentStatus.OPEN:
        return render(
            request, "outreach/call_empty.html", {"assignment": assignment, "closed": True}
        )
    call = actions.reserve_next(user, assignment, request=request)
    if call is None:
        return render(request, "outreach/call_empty.html", {"assignment": assignment})
    script = _merge(assignment.script, call)
    text = _merge(assignment.message, call) if assignment.is_text else ""
    outcomes = [
        (v, label)
        for v, label in CallOutcome.choices
        if (v == CallOutcome.TEXTED) == assignment.is_text or v == CallOutcome.WRONG_NUMBER
    ]
    return render(
        request,
        "outreach/call.html",
        {
            "assignment": assignment,
            "call": call,
            "person": call.person,
            "script": script,
            "text": text,
            "sms_href": f"sms:{call.person.phone}?&body={quote(text)}" if text else "",
            "sms_channel": assignment.is_text and sms_channel_configured(),
            "form": OutcomeForm(initial={"assessment": ""}),
            "outcomes": outcomes,
            "assessments": ASSESSMENT_CHOICES[1:],
            "attempts": attempts_of(assignment, call.person),
            "remaining": int((call.expires_at - timezone.now()).total_seconds() // 60),
        },
    )


def _call_for(request: AuthenticatedHttpRequest, pk: int, call_pk: int) -> Call:
    assignment = get_assignment_for_user(request.user, pk)
    call = (
        Call.objects.select_related("person", "assignment", "person__location")
        .filter(pk=call_pk, assignment=assignment, caller=request.user)
        .first()
    )
    if call is None:
        raise Http404
    return call


@login_required
@require_perm("view_outreach")
@require_POST
def call_outcome(request: AuthenticatedHttpRequest, pk: int, call_pk: int) -> HttpResponseBase:
    call = _call_for(request, pk, call_pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect("outreach:assignment-call", pk)
    data = form.cleaned_data
    try:
        actions.record_call_outcome(
            request.user,
            call,
            outcome=data["outcome"],
            call_back_at=data["call_back_at"],
            assessment=data["assessment"],
            follow_up=data["follow_up"],
            notes=data["notes"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outreach:assignment-call", pk)
    except PermissionDenied:
        messages.error(request, _("Your time with this person ran out and someone else took them."))
        return redirect("outreach:assignment-call", pk)
    messages.success(request, _("Saved. Here is the next person."))
    return redirect("outreach:assignment-call", pk)


@login_required
@require_perm("view_outreach")
@require_POST
def call_skip(request: AuthenticatedHttpRequest, pk: int, call_pk: int) -> HttpResponseBase:
    call = _call_for(request, pk, call_pk)
    if call.state == CallState.RESERVED:
        actions.release_call(request.user, call, request=request)
    return redirect("outreach:assignment-call", pk)


@login_required
@require_perm("view_outreach")
@require_POST
def call_text(request: AuthenticatedHttpRequest, pk: int, call_pk: int) -> HttpResponseBase:
    """Text bank: send the text through the SMS channel instead of the caller's phone."""
    call = _call_for(request, pk, call_pk)
    try:
        actions.send_call_text(
            request.user, call, _merge(call.assignment.message, call), request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outreach:assignment-call", pk)
    messages.success(request, _("Text sent. Here is the next person."))
    return redirect("outreach:assignment-call", pk)


@login_required
@require_perm("view_outreach")
@require_GET
def call_history(request: AuthenticatedHttpRequest, pk: int, call_pk: int) -> HttpResponse:
    call = _call_for(request, pk, call_pk)
    conversations = actions.reveal_history(request.user, call, request=request)
    return render(
        request,
        "outreach/call_history.html",
        {"call": call, "assignment": call.assignment, "conversations": conversations},
    )
